"""Shared fixtures: the real seed documents (kept in the bundled corpus) and the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.resources import bundled
from drafter.store.serialize import load_plan

DATA = Path(__file__).parent / "data"


def _seed_files() -> dict[str, Path]:
    """Original seed file name → the raw copy kept in the bundled corpus."""
    corpus = bundled("corpus")
    seeds = {}
    for entry in sorted(corpus.glob("*.yaml")):
        plan = load_plan(entry)
        seeds[plan.source.path] = corpus / plan.source.provenance["stored"]
    return seeds


SEEDS = _seed_files()


@pytest.fixture(scope="session")
def seed() -> dict[str, Path]:
    """Path of each seed by its prefix: seed["000"] is the 长沙 2022 plan."""
    return {name[:3]: path for name, path in SEEDS.items()}


_SCRIPT = Path(sys.executable).parent / "drafter"
COMMAND = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "drafter"]


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``drafter`` command in a subprocess (no colour, no inherited corpus)."""
    full_env = {k: v for k, v in os.environ.items() if k != "DRAFTER_CORPUS"}
    full_env.update({"NO_COLOR": "1", **(env or {})})
    return subprocess.run(
        [*COMMAND, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=120,
    )


@pytest.fixture
def cli():
    return run_cli
