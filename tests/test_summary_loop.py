"""The year of a plan end to end through the real CLI: ledger create → a unit fills the .xlsx
in openpyxl (hand-typed statuses, progress for some rows) → ledger status → bulletin →
summary (Word and YAML) → next year's draft from the plan and the ledger."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
from conftest import run_cli
from openpyxl import load_workbook

from drafter.draft.new import CONTINUE
from drafter.lang.patterns import PENDING
from drafter.ledger.model import UNREPORTED
from drafter.store.serialize import load_plan

# What units type in 完成情况 (read back as 已完成, 正在推进, 滞后, 未启动; blank: not reported).
TYPED = ("完成", "推进中", "滞后。", "未启动", None)
READ_AS = ("已完成", "正在推进", "滞后", "未启动", "")


def _fill(blank: Path, out: Path) -> list[tuple[str, str, str]]:
    """Fill the ledger as a unit would; returns (编号, status as read, progress) per item row."""
    book = load_workbook(blank)
    sheet = book["任务台账"]
    header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "编号")
    columns = {cell.value: cell.column for cell in sheet[header_row] if cell.value}
    filled = []
    for r in range(header_row + 1, sheet.max_row + 1):
        identifier = sheet.cell(r, columns["编号"]).value
        if not identifier:
            continue
        n = len(filled)
        progress = f"已召开专题会议{n}次，完成阶段任务。" if n % 3 else ""
        sheet.cell(r, columns["完成情况"]).value = TYPED[n % len(TYPED)]
        sheet.cell(r, columns["进展情况"]).value = progress or None
        filled.append((str(identifier), READ_AS[n % len(READ_AS)], progress))
    book.save(out)
    return filled


def _docx_text(path: Path) -> str:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_year_of_a_plan(seed: dict[str, Path], tmp_path: Path) -> None:
    plan_file = seed["001"]
    blank, returned = tmp_path / "台账.xlsx", tmp_path / "台账-填报.xlsx"
    assert run_cli("ledger", "create", str(plan_file), "-o", str(blank)).returncode == 0
    rows = _fill(blank, returned)
    unfinished = {identifier for identifier, status, _ in rows if status != "已完成"}

    status = run_cli("ledger", "status", str(returned), "--as-of", "2022-07-15", "--json")
    report = json.loads(status.stdout)
    assert report["total"] == len(rows)
    assert report["by_status"]["滞后"] == sum(s == "滞后" for _, s, _ in rows)

    bulletin = tmp_path / "通报.docx"
    made = run_cli("ledger", "bulletin", str(returned), "-o", str(bulletin), "--as-of", "2022-07-15")
    assert made.returncode == 0, made.stderr
    text = _docx_text(bulletin)
    figures = f"已完成{report['by_status']['已完成']}项，正在推进{report['by_status']['正在推进']}项"
    assert figures in text and f"{UNREPORTED}{sum(not s for _, s, _ in rows)}项" in text
    assert all(progress in text for _, _, progress in rows if progress)

    summary_docx, summary_yaml = tmp_path / "总结.docx", tmp_path / "总结.yaml"
    for out in (summary_docx, summary_yaml):
        made = run_cli("summary", str(plan_file), "--ledger", str(returned), "-o", str(out))
        assert made.returncode == 0, made.stderr
    text = _docx_text(summary_docx)
    assert "截至2022年12月31日" in text  # a past year's summary: as of its end
    assert all(progress in text for _, _, progress in rows if progress)
    assert text.count(PENDING) == sum(not progress for _, _, progress in rows)
    assert text.count("（续办）") == len(unfinished)
    summary = load_plan(summary_yaml)
    assert len(summary.items()) == len(rows) + len(unfinished)

    draft = tmp_path / "2023年工作要点.yaml"
    made = run_cli(
        "new", "--from", str(plan_file), "--ledger", str(returned), "--year", "2023", "-o", str(draft)
    )
    assert made.returncode == 0, made.stderr
    assert f"续办 {len(unfinished)} 条" in made.stderr + made.stdout
    marked = {
        str(i.origin["ledger"]["id"])
        for _, i in load_plan(draft).walk()
        if i.origin["ledger"]["mark"] == CONTINUE
    }
    assert marked == unfinished


def test_outputs_are_never_overwritten_and_bad_input_is_one_line(
    seed: dict[str, Path], tmp_path: Path
) -> None:
    ledger = tmp_path / "台账.xlsx"
    assert run_cli("ledger", "create", str(seed["000"]), "-o", str(ledger)).returncode == 0
    out = tmp_path / "通报.docx"
    out.write_bytes(b"mine")
    refused = run_cli("ledger", "bulletin", str(ledger), "-o", str(out))
    assert refused.returncode == 2 and "--force" in refused.stderr and out.read_bytes() == b"mine"
    missing = run_cli(
        "summary", str(seed["000"]), "--ledger", str(tmp_path / "无.xlsx"), "-o", str(tmp_path / "s.docx")
    )
    assert missing.returncode == 2 and missing.stderr.strip().count("\n") == 0 and "无.xlsx" in missing.stderr
    wrong = run_cli("summary", str(seed["000"]), "--ledger", str(ledger), "-o", str(tmp_path / "s.txt"))
    assert wrong.returncode == 2 and ".docx 或 .yaml" in wrong.stderr
    no_base = run_cli(
        "new",
        "--year",
        "2023",
        "--issuer",
        "长沙市教育局",
        "--ledger",
        str(ledger),
        "-o",
        str(tmp_path / "n.yaml"),
    )
    assert no_base.returncode == 2 and "--from" in no_base.stderr
    bad_date = run_cli(
        "ledger", "bulletin", str(ledger), "-o", str(tmp_path / "b.docx"), "--as-of", "2022-13-45"
    )
    assert bad_date.returncode == 2 and "--as-of" in bad_date.stderr
