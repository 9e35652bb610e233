"""The hand-made gold readings of corpus-dev documents (tests/data/gold/) are well-formed.

Each file is a person's reading of the text (see tests/data/gold/README.md); this test keeps
its totals honest — the `counts` line must be what the file itself lists — so that the
parser can be measured against it (benchmarks/fidelity.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

GOLD = Path(__file__).parent / "data" / "gold"
FILES = sorted(GOLD.glob("*.yaml"))
ROLES = ("lead", "units", "support")


def tally(node: dict[str, Any], inherited: bool = False) -> tuple[int, int]:
    """(items, items with units) under a part, section or heading; a heading's clause covers its items."""
    covered = inherited or any(node.get(role) for role in ROLES)
    items = node.get("items") or []
    total = len(items)
    with_units = sum(1 for item in items if covered or any(item.get(role) for role in ROLES))
    for sub in node.get("sections") or []:
        more, more_units = tally(sub, covered)
        total, with_units = total + more, with_units + more_units
    return total, with_units


def test_there_are_at_least_fifteen_documents():
    assert len(FILES) >= 15


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_counts_are_what_the_file_lists(path):
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert path.read_text(encoding="utf-8").startswith("# Gold for corpus-dev/")  # who read it
    assert gold["document"] == path.stem + ".txt"
    documents = (gold.get("parts") or []) + (gold.get("attachments") or [])
    sections = sum(len(d.get("sections") or []) for d in documents)
    items = units = 0
    for document in documents:
        for section in document.get("sections") or []:
            more, more_units = tally(section)
            items, units = items + more, units + more_units
    assert gold["counts"] == {"sections": sections, "items": items, "items_with_units": units}
