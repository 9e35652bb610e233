"""Corpus ingest: idempotent, never touches its sources, consistent after an interruption."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from drafter.errors import InputError, UsageError
from drafter.parse.plan import parse_file
from drafter.resources import bundled
from drafter.store import corpus, files


def test_ingest_never_changes_its_source(seed, tmp_path):
    source = tmp_path / "plan.txt"
    source.write_bytes(seed["000"].read_bytes())
    before = (source.read_bytes(), source.stat().st_mtime_ns)
    result = corpus.ingest(source, tmp_path / "corpus")
    assert (source.read_bytes(), source.stat().st_mtime_ns) == before
    stored = tmp_path / "corpus" / result.entry.plan.source.provenance["stored"]
    assert stored.read_bytes() == before[0]
    stored_digest = corpus.entries(tmp_path / "corpus")[0].plan.source.sha256
    assert result.entry.plan.source.sha256 == stored_digest == hashlib.sha256(before[0]).hexdigest()


def test_same_content_twice_is_one_entry(seed, tmp_path):
    folder = tmp_path / "corpus"
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(seed["001"].read_bytes())
    first = corpus.ingest(seed["001"], folder)
    second = corpus.ingest(copy, folder, issuer="别的名字")
    assert first.added and not second.added and second.entry.id == first.entry.id
    assert len(corpus.entries(folder)) == 1


def test_forced_reparse_keeps_where_the_entry_came_from(seed, tmp_path):
    folder = tmp_path / "corpus"
    first = corpus.ingest(seed["003"], folder, url="http://example.gov.cn/a.html")
    stored = folder / first.entry.plan.source.provenance["stored"]
    again = corpus.ingest(stored, folder, force=True)
    assert again.added and again.entry.id == first.entry.id
    source = corpus.entries(folder)[0].plan.source
    assert (source.path, source.url) == (seed["003"].name, "http://example.gov.cn/a.html")
    assert "reparsed" in source.provenance and source.provenance["ingested"]
    assert stored.read_bytes() == seed["003"].read_bytes()


def test_overrides_are_recorded(seed, tmp_path):
    result = corpus.ingest(
        seed["002"], tmp_path / "c", issuer="温州市教育局", year=2022, url="https://example.org/x"
    )
    plan = corpus.entries(tmp_path / "c")[0].plan
    assert (plan.issuer, plan.year, plan.source.url) == ("温州市教育局", 2022, "https://example.org/x")
    assert plan.source.provenance["issuer_from_document"] == ""  # the template's “xx” is no issuer
    assert result.entry.id.startswith("2022-温州市教育局-")


def test_forced_reparse_describes_the_new_ingest_only(seed, tmp_path):
    """An override recorded at the first ingest is not carried into a re-parse that gives none."""
    folder = tmp_path / "c"
    corpus.ingest(seed["002"], folder, issuer="温州市教育局", year=2022)
    again = corpus.ingest(seed["002"], folder, force=True).entry.plan
    parsed = parse_file(seed["002"])
    assert (again.issuer, again.year) == (parsed.issuer, parsed.year)
    assert not {"issuer_from_document", "year_from_document"} & again.source.provenance.keys()
    assert corpus.entries(folder)[0].plan == again
    stated = corpus.ingest(seed["002"], folder, year=2023, force=True).entry.plan
    assert (stated.year, stated.source.provenance["year_from_document"]) == (2023, parsed.year)
    assert "issuer_from_document" not in stated.source.provenance


def test_interrupted_ingest_leaves_the_corpus_consistent(seed, tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    corpus.ingest(seed["000"], folder)
    real = corpus.write_atomic

    def fail_on_yaml(target: Path, data: bytes) -> None:
        if target.suffix == ".yaml":
            raise KeyboardInterrupt
        real(target, data)

    monkeypatch.setattr(corpus, "write_atomic", fail_on_yaml)
    with pytest.raises(KeyboardInterrupt):
        corpus.ingest(seed["001"], folder)
    monkeypatch.undo()
    assert [e.plan.issuer for e in corpus.entries(folder)] == ["长沙市教育局"]
    assert not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]
    assert corpus.ingest(seed["001"], folder).added
    assert len(corpus.entries(folder)) == 2


def test_atomic_write_leaves_no_temp_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "out.yaml"
    target.write_text("old", encoding="utf-8")

    def broken(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", broken)
    with pytest.raises(InputError, match=r"out\.yaml"):  # one line naming the file, not a traceback
        files.write_atomic(target, b"new")
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_a_file_with_no_items_is_refused(tmp_path):
    source = tmp_path / "note.txt"
    source.write_text("关于召开会议的通知\n请各单位准时参加。\n", encoding="utf-8")
    with pytest.raises(InputError, match="未识别出任何条目"):
        corpus.ingest(source, tmp_path / "corpus")
    assert not (tmp_path / "corpus").exists()


def test_the_corpus_folder_is_explicit(tmp_path, monkeypatch):
    # the library reads neither $DRAFTER_CORPUS nor the working folder (the command line does)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    monkeypatch.setenv("DRAFTER_CORPUS", str(tmp_path / "corpus"))
    assert corpus.locate() == bundled("corpus")
    assert corpus.locate(tmp_path / "corpus") == tmp_path / "corpus"
    with pytest.raises(InputError):
        corpus.locate(tmp_path / "missing")
    assert corpus.locate(tmp_path / "new", for_writing=True) == tmp_path / "new"
    with pytest.raises(UsageError):
        corpus.locate(for_writing=True)  # never into the installed package
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(InputError):
        corpus.locate(tmp_path / "file", for_writing=True)


def test_ids_are_safe_file_names(seed):
    plan = parse_file(seed["002"])
    plan.issuer = "某/市 教育局"
    assert corpus.make_id(plan, "ab" * 32) == "2024-某_市_教育局-abababab"
