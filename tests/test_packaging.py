"""Packaging: light start-up, and a wheel that carries the bundled templates and corpus."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(output.split())


def test_the_library_imports_no_heavy_dependency():
    loaded = _modules_after("import drafter")
    assert not loaded & {"docx", "rapidfuzz", "jinja2", "typer", "yaml", "rich"}


def test_the_cli_starts_without_the_heavy_modules():
    loaded = _modules_after("import drafter.cli.app")
    assert not loaded & {"docx", "rapidfuzz", "jinja2", "yaml", "drafter.parse"}


def test_suggest_reads_no_yaml_and_parses_nothing(tmp_path, seed):
    """``drafter suggest`` with its index built imports what a query needs: no YAML reader (the
    templates it reads are kept parsed with the index), no parser, no Word, templates or
    terminal styling — each costs start-up on every query."""
    from drafter.store import corpus as corpus_lib
    from drafter.suggest.index import open_index

    corpus = tmp_path / "corpus"
    corpus_lib.ingest(seed["000"], corpus)
    open_index(corpus)
    listing = tmp_path / "modules.txt"
    code = (
        "import atexit, sys; from pathlib import Path\n"
        f"atexit.register(lambda: Path({str(listing)!r}).write_text(' '.join(sorted(sys.modules))))\n"
        f"from drafter.cli.app import main; main(['suggest', '加强经费管理', '--corpus', {str(corpus)!r}])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "经费" in done.stdout
    loaded = set(listing.read_text().split())
    assert not loaded & {"yaml", "docx", "jinja2", "rich", "drafter.parse", "drafter.store.serialize"}


@pytest.mark.slow
def test_wheel_carries_templates_and_corpus(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("drafter-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "drafter/_bundled/templates/README.md" in names
    assert "drafter/py.typed" in names and "drafter/api.py" in names  # the library is typed
    corpus = [n for n in names if n.startswith("drafter/_bundled/corpus/")]
    # corpus/README.md: 47 entries; the four documents of one corpus-dev file share its source
    assert len([n for n in corpus if n.endswith(".yaml")]) == 47
    assert len([n for n in corpus if "/sources/" in n]) == 44
    assert "drafter/cli/app.py" in names and not any(n.startswith(("tests/", "corpus/")) for n in names)
