"""How faithfully real documents parse: every corpus-dev document and seed, and the gold readings.

    python benchmarks/fidelity.py [--corpus-dev ../shared/corpus-dev] [--json] [--units]
    python benchmarks/fidelity.py --items 021_dalian_meiyu_2016   # item paths+titles, parser vs gold

Per document: parts (the documents of the file that have an outline: 2 for a notice issuing two
实施方案, 0 for a cover notice whose issued text is left out), top-level sections, items, items
with units — all counted over every part and attachment —, warnings, characters of the body
that no field of the model holds and no warning counts (lost), and parse time. For the
documents with a hand-made gold reading (tests/data/gold/), the gold counts stand beside the
parser's. Targets (issue “fidelity”): items and items-with-units within 10 % of the gold on
every gold document, parts and sections exact, nothing lost, all 56 documents in under 2 s.

``--units`` compares, for the gold documents that name units, each item's (lead, units, support)
with the gold's — item by item when the items line up by number, else as multisets — and prints
the mismatches. An item without a clause of its own takes the clause of the nearest heading over it.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from foundation import seeds

from drafter.model import Clause, Plan, Section, bare_path, join_path
from drafter.parse.accounting import unread_runs
from drafter.parse.plan import parse_file

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold"
COUNTED = re.compile(r"(\d+) (?:行|处):")  # a warning that counts the pieces it left out
TOLERANCE = 0.10  # the bar: within 10 % of the hand count
# A row of SOURCES.md's file table: | `file` | title | issuer | year | …
SOURCE_ROW = re.compile(r"^\| `(?P<file>[^`]+\.txt)` \| [^|]* \| (?P<issuer>[^|]*) \| (?P<year>\d{4}) \|")
UNNAMED = "（issuer not named）"  # SOURCES.md's mark for a document that names no issuing organ
ROLES = ("lead", "units", "support")
Units = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def measure(path: Path) -> dict[str, object]:
    start = time.perf_counter()
    plan = parse_file(path)
    seconds = time.perf_counter() - start
    unread = unread_runs(path, plan)
    reported = sum(int(m.group(1)) for w in plan.warnings for m in COUNTED.finditer(w))
    documents = [document for part in plan.parts() for _, document in part.documents()]
    return {
        "document": path.name,
        "parts": sum(1 for part in plan.parts() if part.sections),  # a bare cover notice is none
        "sections": sum(len(document.sections) for document in documents),
        "items": sum(len(document.items()) for document in documents),
        "items_with_units": sum(covered_items(document) for document in documents),
        "warnings": len(plan.warnings),
        "unread_runs": len(unread),
        "lost_runs": max(0, len(unread) - reported),
        "lost_chars": sum(len(text) for _, text in unread) if len(unread) > reported else 0,
        "seconds": round(seconds, 4),
        "issuer": plan.issuer,
        "year": plan.year,
    }


def covered_items(plan: Plan) -> int:
    """Items that name their units, or sit under a heading whose own clause does (as the gold counts)."""

    def visit(section: Section, covered: bool) -> int:
        covered = covered or any(c.all_units() for c in section.clauses)
        own = sum(1 for item in section.items if covered or item.all_units())
        return own + sum(visit(sub, covered) for sub in section.sections)

    return sum(visit(section, False) for section in plan.sections)


def gold_of(path: Path) -> dict[str, object] | None:
    gold_path = GOLD / (path.stem + ".yaml")
    if not gold_path.exists():
        return None
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    return {
        **gold["counts"],
        "parts": len(gold.get("parts") or []),
        "issuer": gold["issuer"],
        "year": gold["year"],
    }


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
    return [
        _item_row(parts, item.title)
        for part in plan.parts()
        for _, document in part.documents()
        for parts, item, _ in document.walk_items()
    ]


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


def gold_units(gold: dict[str, Any]) -> list[tuple[str, Units]]:
    """(number without parentheses, roles) of every item of a gold reading; a heading's clause
    stands for the items under it that name no units of their own."""
    out: list[tuple[str, Units]] = []

    def roles_of(node: dict[str, Any]) -> Units:
        lead, units, support = (tuple(node.get(role) or ()) for role in ROLES)
        return lead, units, support

    def visit(node: dict[str, Any], inherited: Units) -> None:
        own = roles_of(node)
        covering = own if any(own) else inherited
        for item in node.get("items") or []:
            mine = roles_of(item)
            out.append((str(item["number"]).strip("()"), mine if any(mine) else covering))
        for sub in node.get("sections") or []:
            visit(sub, covering)

    for document in (gold.get("parts") or []) + (gold.get("attachments") or []):
        for section in document.get("sections") or []:
            visit(section, ((), (), ()))
    return out


def parsed_units(plan: Plan) -> list[tuple[str, Units]]:
    """The same for the parser's reading: a section's clauses cover its items without clauses."""
    out: list[tuple[str, Units]] = []

    def roles_of(clauses: list[Clause]) -> Units:
        lead, units, support = (
            tuple(dict.fromkeys(u for c in clauses for u in getattr(c, role))) for role in ROLES
        )
        return lead, units, support

    def visit(section: Section, inherited: Units) -> None:
        covering = roles_of(section.clauses) if section.clauses else inherited
        for item in section.items:
            out.append((item.number.strip("()"), roles_of(item.clauses) if item.clauses else covering))
        for sub in section.sections:
            visit(sub, covering)

    for part in plan.parts():
        for _, document in part.documents():
            for section in document.sections:
                visit(section, ((), (), ()))
    return out


def compare_units(path: Path) -> tuple[int, int, int, int, list[str]] | None:
    """(items with units parsed, in the gold, agreeing exactly, gold items, mismatch lines) for a
    gold document that names units."""
    gold_path = GOLD / (path.stem + ".yaml")
    if not gold_path.exists():
        return None
    reading = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    if not reading["counts"]["items_with_units"]:
        return None
    gold, found = gold_units(reading), parsed_units(parse_file(path))
    lines: list[str] = []
    if [n for n, _ in gold] == [n for n, _ in found]:
        agree = 0
        for index, ((number, want), (_, got)) in enumerate(zip(gold, found, strict=True)):
            if want == got:
                agree += 1
            else:
                lines.append(f"  #{index + 1} {number}: gold {want} / parsed {got}")
    else:
        lines.append(f"  items do not line up ({len(gold)} gold, {len(found)} parsed): multisets compared")
        rest = Counter(roles for _, roles in found)
        agree = 0
        for _, want in gold:
            if rest[want] > 0:
                rest[want] -= 1
                agree += 1
            else:
                lines.append(f"  gold only: {want}")
        lines += [f"  parsed only: {roles} ×{count}" for roles, count in rest.items() if count > 0]
    with_units = sum(1 for _, roles in found if any(roles))
    return with_units, sum(1 for _, roles in gold if any(roles)), agree, len(gold), lines


def within(found: int, expected: int) -> bool:
    return abs(found - expected) <= TOLERANCE * expected if expected else found == 0


def on_the_bar(row: dict[str, Any]) -> bool:
    """Parts and sections exact, items and items with units within the tolerance of the gold."""
    gold = row["gold"]
    return (
        row["parts"] == gold["parts"]
        and row["sections"] == gold["sections"]
        and within(row["items"], gold["items"])
        and within(row["items_with_units"], gold["items_with_units"])
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    beside = [ROOT.parent / "shared" / "corpus-dev", ROOT.parent.parent / "shared" / "corpus-dev"]
    default = next((p for p in beside if p.is_dir()), beside[0])  # a checkout, or a worktree of one
    parser.add_argument("--corpus-dev", type=Path, default=default)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--items", metavar="DOCUMENT", help="list one gold document's items, parser vs gold")
    parser.add_argument("--units", action="store_true", help="compare unit lists item by item with the gold")
    args = parser.parse_args()
    if args.items:
        show_items(args.corpus_dev / (Path(args.items).stem + ".txt"))
        return
    paths = sorted(args.corpus_dev.glob("*.txt")) + sorted(seeds())
    if args.units:
        for path in paths:
            result = compare_units(path)
            if result is not None:
                parsed, wanted, agree, total, lines = result
                print(f"{path.name}: items with units {parsed} (gold {wanted}); exact {agree} of {total}")
                print("\n".join(lines))
        return
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
    header = (f"{'document':44} {'part':>4} {'sect':>5} {'items':>6} {'units':>6} {'warn':>5}"
              f" {'lost':>5} {'ms':>6}")  # fmt: skip
    print(header + "  gold p/s/i/u")
    for row in rows:
        gold = row.get("gold")
        mark = ""
        if isinstance(gold, dict):
            mark = (f"  {gold['parts']}/{gold['sections']}/{gold['items']}/{gold['items_with_units']}"
                    f" {'ok' if on_the_bar(row) else 'OFF'}")  # fmt: skip
        print(f"{row['document'][:44]:44} {row['parts']:>4} {row['sections']:>5} {row['items']:>6}"
              f" {row['items_with_units']:>6} {row['warnings']:>5} {row['lost_runs']:>5}"
              f" {1000 * row['seconds']:>6.0f}{mark}")  # fmt: skip
    golds = [r for r in rows if isinstance(r.get("gold"), dict)]
    right = [r for r in golds if on_the_bar(r)]
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
