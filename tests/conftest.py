"""Shared fixtures: the real seed documents (kept in the bundled corpus), a hermetic
environment for every test, and the CLI run in this process (or, where a real process
matters, in a subprocess)."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner

from drafter.cli.app import main
from drafter.resources import bundled
from drafter.store.serialize import load_plan

DATA = Path(__file__).parent / "data"


# The five seed plans among the bundled corpus's entries (corpus/README.md, first five rows);
# the other entries are the corpus-dev documents, which tests read from their own names.
SEED_IDS = (
    "2022-长沙市教育局-15927aa0",
    "2022-沈阳市教育局-620dbf59",
    "2024-xx-a306d09c",
    "2017-湘潭市教育局-8d98f8bf",
    "2024-长沙市-79934502",
)


def _seed_files() -> dict[str, Path]:
    """Original seed file name → the raw copy kept in the bundled corpus."""
    corpus = bundled("corpus")
    seeds = {}
    for entry_id in sorted(SEED_IDS):
        plan = load_plan(corpus / f"{entry_id}.yaml")
        seeds[plan.source.path] = corpus / plan.source.provenance["stored"]
    return seeds


SEEDS = _seed_files()

# A small, valid drafter YAML plan: one section, one item with its clause.
YAML_PLAN = """\
title: 2026年教育工作要点
issuer: 测试市教育局
year: 2026
sections:
- number: 一
  title: 全面加强党的建设
  items:
  - number: '1'
    title: 强化思想武装
    text: 深入学习贯彻党的二十大精神。
    clauses:
    - lead: [组织处]
      raw: (牵头处室:组织处)
      position: 14
"""


@pytest.fixture(scope="session")
def seed() -> dict[str, Path]:
    """Path of each seed by its prefix: seed["000"] is the 长沙 2022 plan."""
    return {name[:3]: path for name, path in SEEDS.items()}


PlanFile = Callable[..., Path]  # plan_file(text, name="plan.txt") -> the file written


@pytest.fixture
def plan_file(tmp_path: Path) -> PlanFile:
    """Write a plan's text (UTF-8) into the test's own folder, as ``plan.txt`` unless named."""

    def write(text: str, name: str = "plan.txt") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


WordItemFile = Callable[[str], Path]  # word_item_file(text) -> plan.docx


@pytest.fixture
def word_item_file(tmp_path: Path) -> WordItemFile:
    """Write a small Word plan — title, “一、加强党的建设”, one item whose run-in title
    “1.强化理论武装。” is a bold run of its own and ``text`` a plain run after it — as ``plan.docx``."""

    def write(text: str) -> Path:
        import docx

        document = docx.Document()
        document.add_paragraph("某市教育局2027年工作要点")
        document.add_paragraph("一、加强党的建设")
        paragraph = document.add_paragraph()
        paragraph.add_run("1.强化理论武装。").bold = True
        paragraph.add_run(text)
        path = tmp_path / "plan.docx"
        document.save(path)
        return path

    return write


@pytest.fixture(autouse=True)
def hermetic(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test depends on the caller's $DRAFTER_CORPUS, current folder or home, and none
    writes to the real user cache: a fresh HOME and cache, and an empty working folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("DRAFTER_CORPUS", raising=False)
    work = tmp_path_factory.mktemp("cwd")
    monkeypatch.chdir(work)
    return home


class Run(NamedTuple):
    """What one ``drafter`` command did."""

    returncode: int
    stdout: str
    stderr: str


def _clear_drafter_caches() -> None:
    """Forget what earlier runs memoised (e.g. the units of a corpus folder, keyed by its path):
    each in-process run starts as a new process would."""
    for name, module in list(sys.modules.items()):
        if name == "drafter" or name.startswith("drafter."):
            for value in list(vars(module).values()):
                if isinstance(value, functools._lru_cache_wrapper):
                    value.cache_clear()


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: str | None = None
) -> Run:
    """Run ``drafter ARGS`` in this process through its entry point ``drafter.cli.app.main``:
    stdout and stderr apart, stdin from ``stdin``, no colour, no inherited corpus."""
    _clear_drafter_caches()
    runner = CliRunner()
    environment: dict[str, str | None] = {"DRAFTER_CORPUS": None, "NO_COLOR": "1", **(env or {})}
    before = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        with runner.isolation(input=stdin, env=environment) as (stdout, stderr, _):
            try:
                main(list(args))
                code = 0
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
            sys.stdout.flush()  # print() and rich write through buffered text streams
            sys.stderr.flush()
            return Run(code, stdout.getvalue().decode(), stderr.getvalue().decode())
    finally:
        os.chdir(before)


@pytest.fixture
def cli() -> Callable[..., Run]:
    return run_cli


_SCRIPT = Path(sys.executable).parent / "drafter"
COMMAND = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "drafter"]


def run_process(*args: str, env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the installed ``drafter`` command in a real process, for what only a process shows
    (exit status, the encoding of its streams, a real pipe). ``env`` adds variables (None
    removes one); output is left as bytes."""
    full_env = {k: v for k, v in os.environ.items() if k != "DRAFTER_CORPUS"}
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    return subprocess.run([*COMMAND, *args], capture_output=True, env=full_env, timeout=120)
