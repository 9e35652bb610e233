"""How faithfully real documents parse: every corpus-dev document and seed, and the gold readings.

    python benchmarks/fidelity.py [--corpus-dev ../shared/corpus-dev] [--json]
    python benchmarks/fidelity.py --items 021_dalian_meiyu_2016   # item paths+titles, parser vs gold

Per document: top-level sections, items, items with units, warnings, characters of the body
that no field of the model holds and no warning counts (lost), and parse time. For the
documents with a hand-made gold reading (tests/data/gold/), the gold counts stand beside the
parser's. Targets (issue “fidelity”): items and items-with-units within 10 % of the gold on
every gold document, sections exact, nothing lost, all 56 documents in under 2 s.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from foundation import seeds

from drafter.model import Plan, bare_path, join_path
from drafter.parse.accounting import unread_runs
from drafter.parse.plan import parse_file

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold"
COUNTED = re.compile(r"(\d+) (?:行|处):")  # a warning that counts the pieces it left out
TOLERANCE = 0.10  # the bar: within 10 % of the hand count
# A row of SOURCES.md's file table: | `file` | title | issuer | year | …
SOURCE_ROW = re.compile(r"^\| `(?P<file>[^`]+\.txt)` \| [^|]* \| (?P<issuer>[^|]*) \| (?P<year>\d{4}) \|")
UNNAMED = "（issuer not named）"  # SOURCES.md's mark for a document that names no issuing organ


def measure(path: Path) -> dict[str, object]:
    start = time.perf_counter()
    plan = parse_file(path)
    seconds = time.perf_counter() - start
    unread = unread_runs(path, plan)
    reported = sum(int(m.group(1)) for w in plan.warnings for m in COUNTED.finditer(w))
    items = plan.items()
    return {
        "document": path.name,
        "sections": len(plan.sections),
        "items": len(items),
        "items_with_units": sum(1 for item in items if item.all_units()),
        "warnings": len(plan.warnings),
        "unread_runs": len(unread),
        "lost_runs": max(0, len(unread) - reported),
        "lost_chars": sum(len(text) for _, text in unread) if len(unread) > reported else 0,
        "seconds": round(seconds, 4),
        "issuer": plan.issuer,
        "year": plan.year,
    }


def gold_of(path: Path) -> dict[str, object] | None:
    gold_path = GOLD / (path.stem + ".yaml")
    if not gold_path.exists():
        return None
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    return {**gold["counts"], "issuer": gold["issuer"], "year": gold["year"]}


def sources_table(corpus_dev: Path) -> dict[str, tuple[str, int]]:
    """The hand-made (issuer, year) of every corpus-dev document, read from SOURCES.md's table."""
    table = {}
    for line in (corpus_dev / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        match = SOURCE_ROW.match(line)
        if match:
            issuer = match.group("issuer").strip()
            table[match.group("file")] = (
                "" if issuer.endswith(UNNAMED) else issuer,
                int(match.group("year")),
            )
    return table


def metadata_tally(pairs: list[tuple[dict[str, object], str, int]]) -> str:
    """“year right …; issuer right / wrong / empty …” over (row, issuer, year) pairs."""
    right = sum(1 for row, issuer, _ in pairs if row["issuer"] == issuer)
    empty = sum(1 for row, issuer, _ in pairs if not row["issuer"] and issuer)
    years = sum(1 for row, _, year in pairs if row["year"] == year)
    return (
        f"year right {years} of {len(pairs)}; issuer right {right}, "
        f"wrong {len(pairs) - right - empty}, empty {empty} of {len(pairs)}"
    )


def found_items(plan: Plan) -> list[str]:
    """Every item of a parse as “path  title” (paths compared without parentheses)."""
    return [_item_row(parts, item.title) for parts, item, _ in plan.walk_items()]


def gold_items(gold: dict[str, Any]) -> list[str]:
    """Every item of a gold reading in the same form, over its parts and attachments."""
    rows: list[str] = []

    def walk(sections: list[dict[str, Any]], path: tuple[str, ...]) -> None:
        for section in sections:
            here = (*path, str(section["number"]))
            items = section.get("items") or []
            rows.extend(_item_row((*here, str(item["number"])), item["title"]) for item in items)
            walk(section.get("sections") or [], here)

    for part in (gold.get("parts") or []) + (gold.get("attachments") or []):
        walk(part.get("sections") or [], ())
    return rows


def _item_row(parts: tuple[str, ...], title: str) -> str:
    return f"{bare_path(join_path(parts))}  {title}"


def show_items(path: Path) -> None:
    """Print the items the parser found beside the gold's, marking the rows that differ."""
    gold_path = GOLD / (path.stem + ".yaml")
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    found, expected = found_items(parse_file(path)), gold_items(gold)
    for tag, a, b, c, d in difflib.SequenceMatcher(a=found, b=expected, autojunk=False).get_opcodes():
        for row in found[a:b] if tag != "equal" else []:
            print(f"- {row}")
        for row in expected[c:d]:
            print(f"{'+' if tag != 'equal' else ' '} {row}")
    print(f"\nparser {len(found)} items, gold {len(expected)}; '-' only in the parse, '+' only in the gold")


def within(found: int, expected: int) -> bool:
    return abs(found - expected) <= TOLERANCE * expected if expected else found == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    beside = [ROOT.parent / "shared" / "corpus-dev", ROOT.parent.parent / "shared" / "corpus-dev"]
    default = next((p for p in beside if p.is_dir()), beside[0])  # a checkout, or a worktree of one
    parser.add_argument("--corpus-dev", type=Path, default=default)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--items", metavar="DOCUMENT", help="list one gold document's items, parser vs gold")
    args = parser.parse_args()
    if args.items:
        show_items(args.corpus_dev / (Path(args.items).stem + ".txt"))
        return
    paths = sorted(args.corpus_dev.glob("*.txt")) + sorted(seeds())
    table = sources_table(args.corpus_dev)
    rows = []
    for path in paths:
        row = measure(path)
        gold = gold_of(path)
        if gold is not None:
            row["gold"] = gold
        if path.name in table:
            row["sources"] = dict(zip(("issuer", "year"), table[path.name], strict=True))
        rows.append(row)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    header = f"{'document':44} {'sect':>5} {'items':>6} {'units':>6} {'warn':>5} {'lost':>5} {'ms':>6}"
    print(header + "  gold s/i/u")
    for row in rows:
        gold = row.get("gold")
        mark = ""
        if isinstance(gold, dict):
            ok = (row["sections"] == gold["sections"] and within(row["items"], gold["items"])
                  and within(row["items_with_units"], gold["items_with_units"]))  # fmt: skip
            mark = f"  {gold['sections']}/{gold['items']}/{gold['items_with_units']} {'ok' if ok else 'OFF'}"
        print(f"{row['document'][:44]:44} {row['sections']:>5} {row['items']:>6} {row['items_with_units']:>6}"
              f" {row['warnings']:>5} {row['lost_runs']:>5} {1000 * row['seconds']:>6.0f}{mark}")  # fmt: skip
    golds = [r for r in rows if isinstance(r.get("gold"), dict)]
    right = [
        r for r in golds
        if r["sections"] == r["gold"]["sections"] and within(r["items"], r["gold"]["items"])  # type: ignore[index]
        and within(r["items_with_units"], r["gold"]["items_with_units"])  # type: ignore[index]
    ]  # fmt: skip
    print(
        f"\n{len(rows)} documents in {sum(r['seconds'] for r in rows):.2f} s; "  # type: ignore[misc]
        f"lost runs {sum(r['lost_runs'] for r in rows)}; "  # type: ignore[misc]
        f"gold documents within the bar: {len(right)} of {len(golds)}"
    )
    gold_pairs = [(r, r["gold"]["issuer"], r["gold"]["year"]) for r in golds]  # type: ignore[index]
    listed = [r for r in rows if isinstance(r.get("sources"), dict)]
    source_pairs = [(r, r["sources"]["issuer"], r["sources"]["year"]) for r in listed]  # type: ignore[index]
    print(f"metadata on the {len(golds)} gold documents: {metadata_tally(gold_pairs)}")  # type: ignore[arg-type]
    print(f"metadata on the {len(listed)} documents of SOURCES.md: {metadata_tally(source_pairs)}")  # type: ignore[arg-type]
    for row, issuer, year in source_pairs:
        if row["issuer"] != issuer or row["year"] != year:
            print(f"  {row['document'][:44]:44} issuer {row['issuer'] or '—'} / {issuer or '—'}"
                  f", year {row['year']} / {year}")  # fmt: skip


if __name__ == "__main__":
    main()
