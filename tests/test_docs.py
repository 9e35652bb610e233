"""The newcomer's documents keep up with the code: ARCHITECTURE.md names every part, CHANGELOG the version."""

from __future__ import annotations

import re
from pathlib import Path

import drafter

ROOT = Path(__file__).resolve().parent.parent


def test_architecture_names_every_subpackage_and_top_module():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    package = ROOT / "drafter"
    parts = {p.name + "/" for p in package.iterdir() if (p / "__init__.py").exists()}
    parts |= {p.name for p in package.glob("*.py") if p.stem not in ("__init__", "__main__")}
    missing = sorted(part for part in parts if f"`{part}`" not in text)
    assert parts and not missing, missing


def test_changelog_has_a_section_for_the_current_version():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", text, re.M)
    assert versions and versions[0] == drafter.__version__
