"""The corpus and its search index under hostile conditions (issue 12, items 3, 5, 6, 7, 18):
absurd years, concurrent processes, a damaged index, SIGKILL debris and a cache folder
another user prepared. Concurrency and kills run real processes."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import COMMAND, run_cli

from drafter.resources import bundled
from drafter.store import corpus as corpus_lib
from drafter.store.files import write_atomic
from drafter.suggest.index import location, open_index

CHANGSHA = bundled("corpus") / "2022-长沙市教育局-15927aa0.yaml"
QUERY = "推动党史学习教育常态化制度化"  # an item of the 长沙 2022 plan, word for word
FORK = multiprocessing.get_context("fork")
WAIT = 120  # seconds any process of these tests may take before the test fails


@pytest.fixture
def corpus(seed, tmp_path):
    folder = tmp_path / "corpus"
    corpus_lib.ingest(seed["000"], folder)
    corpus_lib.ingest(seed["003"], folder)
    return folder


def _suggest(folder: Path, *extra: str):
    result = run_cli("suggest", QUERY, "--corpus", str(folder), "--json", *extra)
    assert result.returncode == 0, result.stderr
    return result, json.loads(result.stdout)


def _set_year(path: Path, year: int) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^year: .*$", f"year: {year}", text, count=1), encoding="utf-8")


# --- item 3: years the index cannot hold ------------------------------------------------


@pytest.mark.parametrize("year", [32768, 40000, 70000, 10**12])
def test_a_plan_of_an_absurd_year_is_skipped_not_fatal(corpus, year):
    # the corpus refuses such a year at read (1949–2100): the entry is left out with a warning,
    # and the index of the rest still answers
    path = min(corpus.glob("2022-*.yaml"))
    _set_year(path, year)
    result, found = _suggest(corpus)
    assert f"已跳过语料库中的 {path}:year:年份应在 1949–2100 之间" in result.stderr
    assert found and {s["year"] for s in found} == {2017}


# --- item 6: a damaged index is built again ---------------------------------------------


def _damage(folder: Path, name: str, keep: float) -> None:
    (target,) = (folder / ".index").rglob(name)
    data = target.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])


@pytest.mark.parametrize(
    ("name", "keep"),
    [("impacts.npy", 0), ("records.bin", 0.5), ("plain.bin", 0), ("docs.npy", 0.9), ("offsets.npy", 0.5),
     ("year.npy", 0), ("meta.json", 0.5)],
)  # fmt: skip
def test_a_damaged_index_is_rebuilt(corpus, name, keep):
    _, before = _suggest(corpus)
    _damage(corpus, name, keep)
    result, after = _suggest(corpus)
    assert "已为语料库建立索引" in result.stderr
    assert after == before


def test_a_missing_index_file_or_a_garbled_pointer_is_rebuilt(corpus):
    _, before = _suggest(corpus)
    (target,) = (corpus / ".index").rglob("plain_offsets.npy")
    target.unlink()
    assert _suggest(corpus)[1] == before
    (corpus / ".index" / "current").write_text("../../etc", encoding="utf-8")
    result, after = _suggest(corpus)
    assert "已为语料库建立索引" in result.stderr and after == before


def test_an_index_of_other_plans_is_not_used_even_when_whole(corpus):
    """The index must index the corpus it claims to: its plans are the corpus's files."""
    _, before = _suggest(corpus)
    (table_path,) = (corpus / ".index").rglob("files.json")
    table = json.loads(table_path.read_text(encoding="utf-8"))
    first = min(table)
    table[f"{first.removesuffix('.yaml')[:-8]}00000000.yaml"] = table.pop(first)  # same size: whole
    table_path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    result, after = _suggest(corpus)
    assert "已为语料库建立索引" in result.stderr and after == before


# --- item 5: concurrent processes -------------------------------------------------------


def _ingest_worker(files: list[str], corpora: list[str], issuer: str, barrier, results) -> None:
    for folder in corpora:  # one fresh corpus a round: every worker races to add the same files
        barrier.wait(WAIT)
        result = run_cli("ingest", *files, "--corpus", folder, "--issuer", issuer)
        results.put((result.returncode, result.stderr[-300:]))


def test_concurrent_ingests_with_different_issuers_add_each_file_once(seed, tmp_path):
    files = [str(seed["000"]), str(seed["003"])]
    corpora = [str(tmp_path / f"corpus{round_}") for round_ in range(6)]
    barrier, results = FORK.Barrier(4), FORK.Queue()
    arguments = [(files, corpora, f"单位{n}", barrier, results) for n in range(4)]
    workers = [FORK.Process(target=_ingest_worker, args=args) for args in arguments]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=WAIT) for _ in range(4 * len(corpora))]
    for worker in workers:
        worker.join(WAIT)
    assert all(code == 0 for code, _ in outcomes), outcomes
    for folder in corpora:
        entries = corpus_lib.entries(Path(folder))
        assert len(entries) == len(files), [e.id for e in entries]  # no duplicates under other issuers
        assert len({e.plan.source.sha256 for e in entries}) == len(files)


def _index_worker(folder: str, rebuild: bool, rounds: int, results) -> None:
    for _ in range(rounds):
        if rebuild:
            result = run_cli("index", "--rebuild", "--corpus", folder, "--json")
        else:
            result = run_cli("suggest", QUERY, "--corpus", folder, "--json", "--top", "1")
        ok = result.returncode == 0 and (rebuild or json.loads(result.stdout)[0]["text"].startswith(QUERY))
        results.put((ok, result.stderr[-300:]))


def test_concurrent_rebuilds_and_suggests_never_see_a_half_index(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(CHANGSHA, folder)
    rounds, results = 10, FORK.Queue()
    work = _index_worker
    workers = [FORK.Process(target=work, args=(str(folder), n < 2, rounds, results)) for n in range(4)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=WAIT) for _ in range(4 * rounds)]
    for worker in workers:
        worker.join(WAIT)
    assert [stderr for ok, stderr in outcomes if not ok] == []
    assert [p.name for p in (folder / ".index").iterdir() if p.is_dir()] == [
        (folder / ".index" / "current").read_text(encoding="utf-8")
    ]  # every superseded version deleted


# --- item 7: SIGKILL debris -------------------------------------------------------------


def _debris(folder: Path) -> list[str]:
    """Build folders (of any drafter version) other than the index in use."""
    index = folder / ".index"
    current = (index / "current").read_text(encoding="utf-8") if (index / "current").exists() else None
    beside = [p.name for p in folder.iterdir() if p.name.startswith(".index") and p != index]
    inside = [p.name for p in index.iterdir() if p.is_dir() and p.name != current] if index.is_dir() else []
    return beside + inside


def test_a_build_killed_midway_leaves_debris_the_next_run_removes(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for number in range(150):  # a corpus whose build takes seconds
        shutil.copy(CHANGSHA, folder / f"2022-长沙市教育局-{number:08d}.yaml")
    command = [*COMMAND, "index", "--rebuild", "--corpus", str(folder)]
    build = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + WAIT
    while not any(p.stat().st_size for p in folder.rglob("records.bin")):  # it has started writing
        assert build.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    build.send_signal(signal.SIGKILL)
    build.wait(WAIT)
    assert _debris(folder)  # the kill left its build behind
    assert not (folder / ".index" / "current").exists() and not (folder / ".index" / "meta.json").exists()
    _, found = _suggest(folder)
    assert found[0]["text"].startswith(QUERY)
    assert _debris(folder) == []


def test_temp_files_of_killed_writes_are_removed_by_the_next_write(tmp_path):
    target = tmp_path / "out" / "plan.yaml"
    target.parent.mkdir()
    stalls = "import os, sys, time; from pathlib import Path; from drafter.store.files import write_atomic\n"
    stalls += "os.fsync = lambda fd: time.sleep(3600)\nwrite_atomic(Path(sys.argv[1]), b'x' * 1000)\n"
    writer = subprocess.Popen([sys.executable, "-c", stalls, str(target)])
    deadline = time.monotonic() + WAIT
    while not list(target.parent.glob(".plan.yaml.*.tmp")):
        assert writer.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.1)
    writer.send_signal(signal.SIGKILL)
    writer.wait(WAIT)
    (orphan,) = target.parent.glob(".plan.yaml.*.tmp")
    young = target.parent / ".other.yaml.abcd1234.tmp"  # someone's write in progress
    young.write_bytes(b"")
    foreign = target.parent / ".notes.tmp"  # not of our naming
    foreign.write_bytes(b"")
    hour_ago = time.time() - 7200
    os.utime(orphan, (hour_ago, hour_ago))
    os.utime(foreign, (hour_ago, hour_ago))
    write_atomic(target.parent / "another.yaml", b"y")
    assert not orphan.exists()
    assert young.exists() and foreign.exists()


def test_killed_index_writes_and_old_build_folders_are_removed_on_the_next_build(corpus):
    _suggest(corpus)
    hour_ago = time.time() - 7200
    leftovers = [corpus / ".index-abcd1234", corpus / ".index.old"]  # drafter before version 8
    for leftover in leftovers:
        leftover.mkdir()
        (leftover / "docs.npy").write_bytes(b"\0" * 100)
        os.utime(leftover, (hour_ago, hour_ago))
    temp = corpus / ".index" / ".files.json.123-456.tmp"
    temp.write_text("{", encoding="utf-8")
    os.utime(temp, (hour_ago, hour_ago))
    assert run_cli("index", "--rebuild", "--corpus", str(corpus)).returncode == 0
    assert not any(p.exists() for p in [*leftovers, temp])


# --- item 18: a cache folder prepared by someone else -----------------------------------


@pytest.fixture
def no_home(tmp_path, monkeypatch):
    """HOME's cache unusable (a file where the folder should be): the cache falls back to
    the system's temporary folder, here the test's own."""
    blocked = tmp_path / "blocked"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked / "cache"))
    shared = tmp_path / "shared-tmp"
    shared.mkdir(mode=0o1777)
    monkeypatch.setattr("tempfile.tempdir", str(shared))
    return shared / f"drafter-{os.geteuid()}"


def _poison(folder: Path) -> None:
    """Build the bundled corpus's index where the victim will look, then edit its text (same
    byte length, so nothing but the contents changes)."""
    open_index(bundled("corpus"))
    (records,) = folder.rglob("records.bin")
    data = records.read_bytes()
    assert "党史学习教育".encode() in data
    records.write_bytes(data.replace("党史学习教育".encode(), "访问恶意网址".encode()))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_a_cache_folder_owned_by_another_user_is_refused(no_home):
    _poison(no_home)
    for path in [no_home, *no_home.rglob("*")]:
        os.chown(path, 65534, 65534, follow_symlinks=False)
    result = run_cli("suggest", QUERY, "--json")
    assert result.returncode == 2 and "访问恶意网址" not in result.stdout
    assert str(no_home) in result.stderr and "其他用户" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_cache_folder_others_may_write_is_refused(no_home):
    _poison(no_home)
    no_home.chmod(0o777)
    result = run_cli("suggest", QUERY, "--json")
    assert result.returncode == 2 and "访问恶意网址" not in result.stdout
    assert "他人可写" in result.stderr


def test_the_cache_folder_is_created_private(no_home):
    assert location(bundled("corpus")).parent == no_home
    assert no_home.stat().st_mode & 0o777 == 0o700
    assert run_cli("suggest", QUERY).returncode == 0
