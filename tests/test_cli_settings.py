"""Shell state stays in the command line: the corpus's precedence, --quiet per run, a library
that reads neither $DRAFTER_CORPUS nor the working folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.checks import runner
from drafter.cli.app import main
from drafter.cli.profile import Profile
from drafter.cli.settings import resolve_corpus


def test_corpus_precedence_flag_variable_profile_local_bundled(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRAFTER_CORPUS", raising=False)
    profile = Profile(corpus=tmp_path / "profile")
    assert resolve_corpus(None, None) is None  # the bundled corpus
    assert resolve_corpus(None, None, for_writing=True) == tmp_path / "corpus"
    (tmp_path / "corpus").mkdir()
    assert resolve_corpus(None, None) == tmp_path / "corpus"
    assert resolve_corpus(None, profile) == tmp_path / "profile"
    monkeypatch.setenv("DRAFTER_CORPUS", str(tmp_path / "env"))
    assert resolve_corpus(None, profile) == tmp_path / "env"
    assert resolve_corpus(tmp_path / "flag", profile) == tmp_path / "flag"


def test_the_library_ignores_the_shell_corpus(tmp_path, monkeypatch, seed):
    # check_files used to read $DRAFTER_CORPUS itself and failed on a missing folder
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()  # an empty ./corpus is not the library's business either
    monkeypatch.setenv("DRAFTER_CORPUS", "/nonexistent")
    [report] = runner.check_files([seed["000"]], runner.Options())
    assert report.error == "" and report.plan is not None


def test_a_missing_corpus_named_by_the_variable_is_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTER_CORPUS", str(tmp_path / "nowhere"))
    with pytest.raises(SystemExit) as stop:
        main(["corpus", "list"])
    assert stop.value.code == 2
    assert "语料库目录不存在" in capsys.readouterr().err


def test_quiet_holds_for_one_run_only(tmp_path, monkeypatch, capsys, seed):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRAFTER_CORPUS", raising=False)
    for args in (
        ["-q", "build", str(seed["000"]), "-o", "a.docx"],
        ["build", str(seed["000"]), "-o", "b.docx"],
    ):
        with pytest.raises(SystemExit) as stop:
            main(args)
        assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "a.docx" not in out and "已写入 b.docx" in out
    assert Path("a.docx").is_file()
