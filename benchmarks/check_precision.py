"""How many findings ``drafter check`` reports on real documents, per rule and severity.

    python benchmarks/check_precision.py [--corpus-dev ../shared/corpus-dev] [--no-seeds] [--json]
    python benchmarks/check_precision.py --sample 10 --rule PLAN012   # findings to read by hand

Every corpus-dev document (51 real published plans) and the five seeds are checked in-process
(``drafter.checks.runner.check_files``, the bundled corpus, default options — as ``drafter check``
would), and the findings counted: per rule id (with its Chinese title) and severity, per document
(error / warning / info), and the average error+warning findings per real document (issue 14's
bar: at most one false alarm per plan). ``--sample N --rule ID`` prints N error/warning findings
of one rule (``--severity info`` for others), every k-th in document and source order
(deterministic), each with its document, path, line, message, excerpt and the source line, so a
person can judge it true or false; the judgements are recorded in ``benchmarks/check_precision.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from foundation import seeds

from drafter.checks import RULES, Finding
from drafter.checks.runner import Options, check_files

ROOT = Path(__file__).resolve().parent.parent
SEVERITIES = ("error", "warning", "info")
LOUD = ("error", "warning")  # the severities a clerk is asked to act on


@dataclass
class Checked:
    """One document's findings, and whether it is a real document or a seed."""

    path: Path
    group: str  # "real" or "seed"
    findings: list[Finding]
    error: str = ""  # why the document could not be checked


def check_documents(real: list[Path], seed: list[Path]) -> list[Checked]:
    """Check every document with the library, as ``drafter check`` would with no options."""
    groups = [("real", path) for path in real] + [("seed", path) for path in seed]
    reports = check_files([path for _, path in groups], Options())
    return [
        Checked(path, group, report.findings, report.error)
        for (group, path), report in zip(groups, reports, strict=True)
    ]


def summarise(checked: list[Checked]) -> dict[str, Any]:
    """Counts per rule and severity, per document, and the average loud findings per document."""
    rules: dict[str, dict[str, Any]] = {}
    for doc in checked:
        for finding in doc.findings:
            row = rules.setdefault(finding.rule, _rule_row(finding.rule))
            row[doc.group][finding.severity] += 1
            row["total"] += 1
    for row in rules.values():
        row["loud"] = sum(row[group][s] for group in ("real", "seed") for s in LOUD)
    documents: list[dict[str, Any]] = []
    for doc in checked:
        counts = Counter(f.severity for f in doc.findings)
        documents.append(
            {"document": doc.path.name, "group": doc.group, "error_text": doc.error}
            | {s: counts[s] for s in SEVERITIES}
        )
    averages: dict[str, dict[str, Any]] = {}
    for group in ("real", "seed"):
        rows = [d for d in documents if d["group"] == group and not d["error_text"]]
        loud = sum(d[s] for d in rows for s in LOUD)
        averages[group] = {"documents": len(rows), "loud": loud, "average": loud / len(rows) if rows else 0.0}
    order = {
        rule: (-row["real"]["error"] - row["real"]["warning"], -row["loud"], -row["total"])
        for rule, row in rules.items()
    }
    ordered = dict(
        sorted(rules.items(), key=lambda kv: (order[kv[0]], kv[0]))
    )  # loudest on real documents first
    return {"rules": ordered, "documents": documents, "averages": averages}


def _rule_row(rule_id: str) -> dict[str, Any]:
    rule = RULES.get(rule_id)
    return {
        "title": rule.title if rule else "",
        "real": dict.fromkeys(SEVERITIES, 0),
        "seed": dict.fromkeys(SEVERITIES, 0),
        "total": 0,
    }


def sample(
    checked: list[Checked], rule_id: str, count: int, severities: tuple[str, ...] = LOUD
) -> list[dict[str, Any]]:
    """``count`` findings of one rule and these severities: every k-th, in document and source order."""
    found = [
        (doc, f)
        for doc in checked
        for f in doc.findings
        if f.rule == rule_id.upper() and f.severity in severities
    ]
    step = max(1, len(found) // count) if count > 0 else 1
    picked = found[::step][:count]
    return [
        {
            "document": doc.path.name,
            "group": doc.group,
            "severity": f.severity,
            "path": f.path,
            "line": f.line,
            "message": f.message,
            "excerpt": f.excerpt,
            "source_line": _source_line(doc.path, f.line),
        }
        for doc, f in picked
    ]


def _source_line(path: Path, line: int) -> str:
    if line <= 0 or path.suffix != ".txt":
        return ""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return lines[line - 1] if line <= len(lines) else ""


def print_summary(summary: dict[str, Any]) -> None:
    print("rule     real: error warning info | seeds: error warning info | title")
    for rule_id, row in summary["rules"].items():
        real, seed = row["real"], row["seed"]
        print(
            f"{rule_id:8} {real['error']:11} {real['warning']:7} {real['info']:4} |"
            f" {seed['error']:12} {seed['warning']:7} {seed['info']:4} | {row['title']}"
        )
    print("\ndocument                                             error warning info")
    for doc in summary["documents"]:
        mark = f"  (not checked: {doc['error_text']})" if doc["error_text"] else ""
        name = doc["document"] + (" [seed]" if doc["group"] == "seed" else "")
        print(f"{name[:52]:52} {doc['error']:5} {doc['warning']:7} {doc['info']:4}{mark}")
    for group, label in (("real", "real document"), ("seed", "seed")):
        figures = summary["averages"][group]
        if figures["documents"]:
            print(
                f"error+warning findings per {label}: {figures['average']:.1f}"
                f" ({figures['loud']} over {figures['documents']})"
            )


def print_sample(rows: list[dict[str, Any]]) -> None:
    for index, row in enumerate(rows, 1):
        print(f"[{index}] {row['document']}:{row['line']} {row['severity']} {row['path']}")
        print(f"    message: {row['message']}")
        print(f"    excerpt: {row['excerpt']}")
        print(f"    source:  {row['source_line']}")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the measurement (arguments as on the command line); print it and return the summary."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    beside = [ROOT.parent / "shared" / "corpus-dev", ROOT.parent.parent / "shared" / "corpus-dev"]
    default = next((p for p in beside if p.is_dir()), beside[0])  # a checkout, or a worktree of one
    parser.add_argument("--corpus-dev", type=Path, default=default)
    parser.add_argument("--no-seeds", action="store_true", help="check the corpus-dev folder only")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sample", type=int, metavar="N", help="print N findings of --rule")
    parser.add_argument("--rule", metavar="ID", help="the rule to sample (with --sample)")
    parser.add_argument(
        "--severity",
        default="error,warning",
        help="the severities to sample, comma-separated (default error,warning)",
    )
    args = parser.parse_args(argv)
    if (args.sample is None) != (args.rule is None):
        parser.error("--sample and --rule go together")
    real = sorted(args.corpus_dev.glob("*.txt"))
    checked = check_documents(real, [] if args.no_seeds else sorted(seeds()))
    summary = summarise(checked)
    if args.sample is not None:
        rows = sample(checked, args.rule, args.sample, tuple(args.severity.split(",")))
        summary = {"rule": args.rule.upper(), "sample": rows}
        if not args.json:
            print_sample(rows)
    elif not args.json:
        print_summary(summary)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    return summary


if __name__ == "__main__":
    main()
