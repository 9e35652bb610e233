"""The 进展通报: a real seed's ledger, filled in as units would, written and read back."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date
from pathlib import Path

import docx
from ledger_filling import filled

from drafter.ledger.bulletin import bulletin_docx, figures, make_bulletin
from drafter.ledger.model import DONE, LAGGING, STATUSES, UNREPORTED, Ledger, LedgerRow
from drafter.ledger.status import status_report, units_of
from drafter.parse.plan import parse_file
from drafter.render.word import HEADINGS

AS_OF = date(2022, 7, 15)


def _read(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    document = docx.Document(io.BytesIO(data))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return [p.text for p in document.paragraphs], tables


def test_the_bulletin_gives_the_figures_every_status_and_every_report(seed: dict[str, Path]) -> None:
    plan = parse_file(seed["000"])
    ledger = filled(plan)
    for row in ledger.rows:
        row.due = date(2022, 6, 30)
    paragraphs, tables = _read(bulletin_docx(make_bulletin(ledger, AS_OF)))
    counts = Counter(row.status or UNREPORTED for row in ledger.rows)
    assert paragraphs[0] == f"关于{plan.title}落实情况的通报"
    figures_line = next(p for p in paragraphs if p.startswith(f"《{plan.title}》共部署任务"))
    assert f"共部署任务{len(plan.all_items())}项" in figures_line
    assert "截至2022年7月15日" in figures_line
    for status in (*STATUSES, UNREPORTED):
        assert f"{status}{counts[status]}项" in figures_line
        assert any(p.endswith(f"{status}事项（{counts[status]}项）") for p in paragraphs)
    late = [row for row in ledger.rows if row.status != DONE]
    assert f"已过完成时限仍未完成{len(late)}项" in figures_line
    assert any(p.endswith(f"逾期未完成事项（{len(late)}项）") for p in paragraphs)
    cells = [cell for table in tables for row in table for cell in row]
    for row in ledger.rows:
        if row.progress:
            assert row.progress in cells
    # the figures by unit end with the total, which is the whole ledger
    assert tables[0][-1][:2] == ["合计", str(len(ledger.rows))]


def test_lagging_items_stand_under_their_lead_unit(seed: dict[str, Path]) -> None:
    plan = parse_file(seed["000"])
    ledger = filled(plan)
    for row in ledger.rows:
        row.due = None
    data = bulletin_docx(make_bulletin(ledger, AS_OF))
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    under: dict[str, list[str]] = {}  # heading → the tasks of the table after it
    heading = ""
    for element in body.iterchildren():
        if element.tag.endswith("}p"):
            text = "".join(t.text or "" for t in element.iter() if t.tag.endswith("}t"))
            if text:
                heading = text
        elif element.tag.endswith("}tbl"):
            table = docx.table.Table(element, document)
            under[heading] = [row.cells[1].text for row in table.rows[1:]]
    lagging = [row for row in ledger.rows if row.status == LAGGING]
    assert lagging
    for row in lagging:
        unit = units_of(row)[0]
        heading = next(h for h in under if f"{unit}（" in h and h.startswith("（"))
        assert row.task in under[heading]
    assert not any("逾期" in h for h in under)  # no row has a due date


def test_a_ledger_all_done_has_no_lagging_section() -> None:
    rows = [
        LedgerRow(id=f"a{n}", path=str(n), task=f"任务{n}", lead=["组织处"], status=DONE) for n in range(3)
    ]
    data = bulletin_docx(make_bulletin(Ledger(title="2026年教育工作要点", rows=rows), AS_OF))
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name in HEADINGS]
    assert headings == ["一、总体情况", "二、已完成事项（3项）"]


def test_figures_name_every_status_even_at_zero() -> None:
    rows = [LedgerRow(id="a", path="1", status=DONE), LedgerRow(id="b", path="2")]
    assert (
        figures(status_report(Ledger(rows=rows), AS_OF))
        == "已完成1项，正在推进0项，滞后0项，未启动0项，未填报1项"
    )


def test_item_tables_name_the_lead_units_as_the_plan_labels_them(seed: dict[str, Path]) -> None:
    ledger = filled(parse_file(seed["000"]))

    def headers(labels: dict[str, str]) -> set[str]:
        ledger.labels = labels
        _, tables = _read(bulletin_docx(make_bulletin(ledger, AS_OF)))
        return {cell for table in tables if table[0][0] == "序号" for cell in table[0]}

    assert "牵头部门" in headers({"lead": "牵头部门"})
    assert "牵头单位" in headers({})  # a ledger read back without unit headers: the standard label
