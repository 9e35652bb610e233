"""The suggest index is never served stale, and follows the corpus without full builds: an
unchanged corpus folder is known by one look (seen.json); a file added, removed or replaced
is found by the survey and merged into a new version (an update); an edit in place — even
one keeping the size and the modification time — is caught when one of its items would be
shown, and the query is answered again from an index brought up to date."""

from __future__ import annotations

import json
import os
import shutil
import time

import numpy as np
import pytest
from conftest import run_cli

from drafter.resources import bundled
from drafter.store import corpus as corpus_lib
from drafter.store.files import write_atomic
from drafter.suggest import index as index_module
from drafter.suggest.index import RACY_NS, SEEN, open_index, survey
from drafter.suggest.search import search


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


def _texts(index):
    return [index.record(doc).text for doc in range(index.size) if not _dead(index, doc)]


def _dead(index, doc):
    return doc not in set(index.docs.tolist())


def _no_survey(monkeypatch):
    def refuse(*_):
        raise AssertionError("the corpus was surveyed")

    monkeypatch.setattr(index_module, "survey", refuse)


def _item_with(index, word):
    return next(index.record(d) for d in range(index.size) if word in index.record(d).text)


def test_an_unchanged_corpus_is_known_without_listing_it(corpus, aged, monkeypatch):
    first = open_index(corpus)
    assert first.rebuilt and not first.updated
    assert (corpus / ".index" / SEEN).exists()
    _no_survey(monkeypatch)
    again = open_index(corpus)
    assert not again.rebuilt and again.index.folder == first.index.folder


def test_an_edit_keeping_size_and_mtime_is_never_shown(corpus, aged):
    index = open_index(corpus).index
    old = _item_with(index, "加强")
    path = corpus / f"{old.plan['id']}.yaml"
    before = path.stat()
    time.sleep(0.05)  # past one tick of the filesystem clock: the edit gets its own ctime
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("加强", "鑫淼"), encoding="utf-8")  # same byte length, same inode
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    result = run_cli("suggest", old.text, "--corpus", str(corpus), "--json", "--top", "10")
    assert result.returncode == 0, result.stderr
    shown = [s["text"] for s in json.loads(result.stdout)]
    assert old.text not in shown
    assert old.text.replace("加强", "鑫淼") in shown
    current = open_index(corpus).index
    assert not any(
        "加强" in t for t in _texts(current) if t.replace("加强", "鑫淼") == old.text.replace("加强", "鑫淼")
    )


def test_an_ingest_is_found_by_the_next_query_without_a_full_build(corpus, seed, aged):
    open_index(corpus)
    corpus_lib.ingest(seed["003"], corpus)
    built = open_index(corpus)
    assert built.rebuilt and built.updated
    assert len(built.index.plan_ids) == 3
    added = corpus_lib.entries(corpus)
    xiangtan = next(e for e in added if e.plan.issuer.startswith("湘潭"))
    full = open_index(corpus, rebuild=True).index
    for _, item in list(xiangtan.plan.walk())[:8]:
        query = item.title + item.text
        found = search(built.index, query, top=1)
        assert found and found[0].issuer == xiangtan.plan.issuer
        assert [s.text for s in found] == [s.text for s in search(full, query, top=1)]
    _check_postings(built.index)


def test_a_replaced_and_a_removed_plan_leave_no_trace(tmp_path, aged, monkeypatch):
    monkeypatch.setattr(index_module, "UPDATE_SHARE", 1.0)  # the small corpus: update, never build
    corpus = tmp_path / "corpus"
    shutil.copytree(bundled("corpus"), corpus, ignore=shutil.ignore_patterns(".index"))
    index = open_index(corpus).index
    old = _item_with(index, "加强")
    path = corpus / f"{old.plan['id']}.yaml"
    write_atomic(
        path, path.read_text(encoding="utf-8").replace("加强", "鑫淼").encode("utf-8")
    )  # a new inode
    updated = open_index(corpus)
    assert updated.updated
    texts = _texts(updated.index)
    assert old.text not in texts and old.text.replace("加强", "鑫淼") in texts
    _check_postings(updated.index)
    gone = max(corpus.glob("*.yaml"))
    gone.unlink()
    removed = open_index(corpus)
    assert removed.updated and gone.stem not in removed.index.plan_ids
    assert removed.to_dict()["plans"] == len(list(corpus.glob("*.yaml")))
    assert not any(s.record.plan["id"] == gone.stem for s in search(removed.index, "加强教育管理", top=20))


def _check_postings(index):
    """Each bucket's postings ascend, and no posting is of an item of a dead plan slot."""
    live = set(index.plan_ids)
    for bucket in range(len(index.buckets)):
        docs = index.docs[index.indptr[bucket] : index.indptr[bucket + 1]]
        assert np.all(np.diff(docs) > 0)
    slots = np.unique(index.plan_of[np.unique(index.docs)])
    assert {index.plan(int(s))["id"] for s in slots} <= live


def test_a_touched_file_is_checked_by_its_contents_not_rebuilt(corpus, aged, monkeypatch):
    index = open_index(corpus).index
    record = index.record(0)
    path = corpus / f"{record.plan['id']}.yaml"
    time.sleep(0.05)
    os.utime(path)  # new times, same contents
    _no_survey(monkeypatch)
    again = open_index(corpus)
    assert not again.rebuilt
    monkeypatch.setattr(index_module.Index, "refresh", lambda self: pytest.fail("refreshed"))
    assert search(again.index, record.title + record.text, top=3)


def test_young_files_and_folder_are_never_trusted(corpus, monkeypatch):
    """A file or folder changed within the racy window is not trusted by its signature: an
    edit in the same clock tick would leave the signature as it was."""
    open_index(corpus)  # creates .index: the corpus folder changes
    newest = max(max(p.stat().st_mtime_ns, p.stat().st_ctime_ns) for p in [corpus, *corpus.glob("*.yaml")])
    monkeypatch.setattr(index_module.time, "time_ns", lambda: newest + RACY_NS // 2)
    seen = survey(corpus)
    assert seen.folder is None and all(facts[:4] == [0, 0, 0, 0] for facts in seen.files.values())
    assert not open_index(corpus).rebuilt
    assert not (corpus / ".index" / SEEN).exists()  # so the next look surveys again
    monkeypatch.setattr(index_module.time, "time_ns", lambda: newest + RACY_NS + 1)
    seen = survey(corpus)
    assert seen.folder is not None and all(facts[:4] != [0, 0, 0, 0] for facts in seen.files.values())
    assert not open_index(corpus).rebuilt
    assert (corpus / ".index" / SEEN).exists()
    _no_survey(monkeypatch)
    assert not open_index(corpus).rebuilt


def test_a_large_change_is_a_full_build(corpus, seed, aged, monkeypatch):
    open_index(corpus)
    monkeypatch.setattr(index_module, "UPDATE_FLOOR", 0)
    monkeypatch.setattr(index_module, "UPDATE_SHARE", 0.0)
    corpus_lib.ingest(seed["003"], corpus)
    built = open_index(corpus)
    assert built.rebuilt and not built.updated and len(built.index.plan_ids) == 3
    assert built.index.meta["dead"] == 0


def _add_item(path, title, text):
    """Edit a corpus file in place (no rename: the corpus folder stays as it was), adding an
    item at the head of its first section's list."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.strip() == "items:")
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    added = [f"{indent}- number: '99'\n", f"{indent}  title: {title}\n", f"{indent}  text: {text}\n"]
    with path.open("w", encoding="utf-8") as stream:
        stream.writelines([*lines[: at + 1], *added, *lines[at + 1 :]])


def test_drafter_index_takes_in_an_item_added_by_hand(corpus, aged, monkeypatch):
    monkeypatch.setattr(index_module, "UPDATE_SHARE", 1.0)  # the small corpus: update, never build
    open_index(corpus)
    path = min(corpus.glob("*.yaml"))
    folder = corpus.stat()
    title, text = "鑫淼琮璟工程", "全面实施鑫淼琮璟工程,每所学校建成鑫淼琮璟阅读角。"
    _add_item(path, title, text)
    assert corpus.stat().st_mtime_ns == folder.st_mtime_ns  # the folder did not change: no survey
    query = ("suggest", "鑫淼琮璟", "--corpus", str(corpus), "--json")  # bigrams no other item has
    before = run_cli(*query)
    assert before.returncode == 0 and text not in before.stdout  # suggest alone opens with one stat
    result = run_cli("index", "--corpus", str(corpus))
    assert result.returncode == 0, result.stderr
    assert "已按改动的文件更新索引" in result.stdout
    after = run_cli(*query)
    assert after.returncode == 0, after.stderr
    found = json.loads(after.stdout)
    assert found and found[0]["text"] == text and found[0]["path"][-1] == "99"
    again = run_cli("index", "--corpus", str(corpus))
    assert "索引已是最新" in again.stdout


def test_a_corpus_that_keeps_changing_is_a_chinese_error(corpus, aged, monkeypatch):
    """Results that are stale again after every refresh end in one line naming the corpus and
    what to do, exit code 2: the file really changes on disk after each refresh."""
    index = open_index(corpus).index
    record = _item_with(index, "加强")
    path = corpus / f"{record.plan['id']}.yaml"
    refresh = index_module.Index.refresh
    edits = []

    def refresh_then_edit(self):
        refresh(self)
        edits.append(path)
        with path.open("a", encoding="utf-8") as stream:  # in place: another edit, another ctime
            stream.write(f"# 第{len(edits)}次改动\n")

    monkeypatch.setattr(index_module.Index, "refresh", refresh_then_edit)
    with path.open("a", encoding="utf-8") as stream:
        stream.write("# 改动\n")
    result = run_cli("suggest", record.title + record.text, "--corpus", str(corpus))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"错误:{corpus}:语料库文件在检索期间不断变化,索引跟不上(改动完成后,请运行 drafter index --rebuild)"
    ]
    assert len(edits) == 3
