"""The suggest index is never served stale: the cheap check (file signatures remembered in
files.json) notices every edit, including one that keeps the size and the modification time."""

from __future__ import annotations

import json
import os
import time

import pytest

from drafter.store import corpus as corpus_lib
from drafter.suggest import index as index_module
from drafter.suggest.index import FILES, RACY_NS, fingerprint, open_index


@pytest.fixture
def corpus(seed, tmp_path):
    folder = tmp_path / "corpus"
    for name in ("000", "001"):
        corpus_lib.ingest(seed[name], folder)
    return folder


@pytest.fixture
def aged(monkeypatch):
    """Checks made as if the corpus files were older than the racy window (the clock the
    check compares against moves on; the files' own times do not)."""
    real = time.time_ns
    monkeypatch.setattr(index_module.time, "time_ns", lambda: real() + 2 * RACY_NS)


def _texts(built):
    return [built.index.record(doc).text for doc in range(built.index.size)]


def test_an_edit_keeping_size_and_mtime_is_noticed(corpus, aged):
    open_index(corpus)
    assert not open_index(corpus).rebuilt
    remembered = json.loads((corpus / ".index" / FILES).read_text(encoding="utf-8"))
    path = min(corpus.glob("*.yaml"))
    assert path.name in remembered  # the fast path is what is under test
    before = path.stat()
    time.sleep(0.05)  # past one tick of the filesystem clock: the edit gets its own ctime
    text = path.read_text(encoding="utf-8")
    assert "加强" in text
    path.write_text(text.replace("加强", "鑫淼"), encoding="utf-8")  # same byte length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    built = open_index(corpus)
    assert built.rebuilt
    assert any("鑫淼" in text for text in _texts(built))


def test_a_touched_file_is_read_once_and_then_trusted(corpus, aged, monkeypatch):
    open_index(corpus)
    path = min(corpus.glob("*.yaml"))
    time.sleep(0.05)
    os.utime(path)  # new times, same contents: no rebuild
    reads = []
    original = index_module.Path.read_bytes
    monkeypatch.setattr(index_module.Path, "read_bytes", lambda self: reads.append(self) or original(self))
    assert not open_index(corpus).rebuilt
    assert reads == [path]
    assert not open_index(corpus).rebuilt
    assert reads == [path]  # the new signature was remembered


def test_young_files_are_read_on_every_check(corpus, monkeypatch):
    """A file changed within the racy window is never trusted by its signature: an edit in
    the same clock tick would leave the signature as it was."""
    newest = max(max(p.stat().st_mtime_ns, p.stat().st_ctime_ns) for p in corpus.glob("*.yaml"))
    monkeypatch.setattr(index_module.time, "time_ns", lambda: newest + RACY_NS // 2)
    assert fingerprint(corpus).trusted == {}
    open_index(corpus)
    assert json.loads((corpus / ".index" / FILES).read_text(encoding="utf-8")) == {}
    monkeypatch.setattr(index_module.time, "time_ns", lambda: newest + RACY_NS + 1)
    assert len(fingerprint(corpus).trusted) == 2


def test_added_removed_and_lost_cache(corpus, seed, aged):
    first = open_index(corpus)
    (corpus / ".index" / FILES).write_text("{damaged", encoding="utf-8")
    assert not open_index(corpus).rebuilt  # a lost cache costs a re-read, not a rebuild
    corpus_lib.ingest(seed["003"], corpus)
    added = open_index(corpus)
    assert added.rebuilt and len(added.index.meta["plans"]) == 3
    min(corpus.glob("*.yaml")).unlink()
    removed = open_index(corpus)
    assert removed.rebuilt and len(removed.index.meta["plans"]) == 2
    assert first.index.size > 0
