"""A large corpus is read by worker processes: the index they build is the one a single
process builds, byte for byte (plans, items, postings, skipped entries and all)."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from drafter.errors import SkippedEntryWarning
from drafter.knowledge.structure import load_structure
from drafter.resources import bundled
from drafter.suggest import index as index_module
from drafter.suggest.index import _LAYOUT, RACY_NS, open_index


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    shutil.copytree(bundled("corpus"), folder)
    shutil.rmtree(folder / ".index", ignore_errors=True)
    (folder / "2021-坏文件.yaml").write_text("title: [未闭合\n", encoding="utf-8")  # skipped, mid-corpus
    real = time.time_ns  # every file old enough for its signature to count (see RACY_NS)
    monkeypatch.setattr(index_module.time, "time_ns", lambda: real() + 2 * RACY_NS)
    return folder


def _files(built):
    return {name: (built.index.folder / name).read_bytes() for name in (*_LAYOUT, "meta.json")}


def test_workers_build_the_index_one_process_builds(corpus, monkeypatch):
    monkeypatch.setattr(index_module, "PARALLEL_FROM", 10**9)
    with pytest.warns(SkippedEntryWarning, match="坏文件"):
        alone = _files(open_index(corpus, rebuild=True))
    monkeypatch.setattr(index_module, "PARALLEL_FROM", 0)
    monkeypatch.setattr(index_module, "_BATCH", 4)  # a dozen batches, their order kept
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # workers even on a one-core machine
    names = sorted(p.name for p in corpus.glob("*.yaml"))
    with index_module._batches_read(corpus, [names[:4], names[4:8]], load_structure()) as read:
        assert type(read).__name__ == "IMapIterator"  # read by a pool of processes
        assert [batch.names for batch in read] == [names[:4], names[4:8]]
    with pytest.warns(SkippedEntryWarning, match="坏文件"):
        together = _files(open_index(corpus, rebuild=True))
    assert together.keys() == alone.keys()
    assert [name for name in alone if alone[name] != together[name]] == []
