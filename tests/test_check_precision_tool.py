"""benchmarks/check_precision.py counts what ``drafter.check`` finds: run on a folder of the five
seeds, its per-rule and per-document totals equal the library's own findings for those plans."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from conftest import SEEDS

import drafter

SCRIPT = Path(__file__).parent.parent / "benchmarks" / "check_precision.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_precision", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def test_totals_equal_the_library_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for source in SEEDS.values():
        shutil.copy(source, tmp_path / source.name)
    expected: Counter[tuple[str, str]] = Counter()
    per_document = {}
    for path in sorted(tmp_path.iterdir()):
        findings = drafter.check(path)
        expected.update((f.rule, f.severity) for f in findings)
        per_document[path.name] = Counter(f.severity for f in findings)
    assert expected, "the seeds give findings to count"

    summary = load_script().main(["--corpus-dev", str(tmp_path), "--no-seeds", "--json"])
    assert "error+warning" not in capsys.readouterr().out  # --json prints the JSON only

    counted = Counter(
        {
            (rule, severity): n
            for rule, row in summary["rules"].items()
            for severity, n in row["real"].items()
            if n
        }
    )
    assert counted == expected
    assert all(sum(row["seed"].values()) == 0 for row in summary["rules"].values())
    documents = {d["document"]: d for d in summary["documents"]}
    assert set(documents) == set(per_document)
    for name, counts in per_document.items():
        assert {s: documents[name][s] for s in ("error", "warning", "info")} == {
            s: counts[s] for s in ("error", "warning", "info")
        }
    loud = sum(n for (_, severity), n in expected.items() if severity in ("error", "warning"))
    assert summary["averages"]["real"] == {"documents": 5, "loud": loud, "average": loud / 5}


def test_sample_is_every_kth_finding_of_the_rule(tmp_path: Path) -> None:
    for source in SEEDS.values():
        shutil.copy(source, tmp_path / source.name)
    findings = [
        (path.name, f)
        for path in sorted(tmp_path.iterdir())
        for f in drafter.check(path)
        if f.rule == "PLAN004"
    ]
    assert len(findings) >= 6
    step = len(findings) // 3
    summary = load_script().main(
        ["--corpus-dev", str(tmp_path), "--no-seeds", "--sample", "3", "--rule", "plan004"]
    )
    assert [(row["document"], row["line"], row["message"]) for row in summary["sample"]] == [
        (name, f.line, f.message) for name, f in findings[::step][:3]
    ]
