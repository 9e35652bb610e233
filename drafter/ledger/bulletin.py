"""The 进展通报 (progress bulletin) a 督查室 issues from a ledger, in official format.

Nothing in it is written by drafter: the title and the framing are the register's fixed
words, the rest is counts, the items as the ledger names them and the units' own progress
text. The document is a ``Plan`` (title, preamble, one section per status) laid out by the
renderer of ``build``, with a table after the heading of each section (``word.table_after``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from ..lang.numerals import to_chinese
from ..lang.width import COMMA
from ..model import Plan, Section
from ..render.text import chinese_date
from .model import LAGGING, STATUSES, UNREPORTED, Ledger, LedgerRow
from .status import StatusReport, status_report, units_of
from .words import ledger_words

COUNTED = (*STATUSES, UNREPORTED)  # the order figures are given in


def status_of(row: LedgerRow) -> str:
    """The row's status as counted: one of ``STATUSES``, or ``UNREPORTED``."""
    return row.status or UNREPORTED


def figures(report: StatusReport) -> str:
    """“已完成24项，正在推进162项，滞后17项，未启动3项”: every status, a zero included;
    the unreported only when there are some."""
    parts = [f"{status}{count}项" for status, count in report.by_status.items()]
    if report.missing:
        parts.append(f"{UNREPORTED}{len(report.missing)}项")
    return COMMA.join(parts)


def overall(title: str, report: StatusReport) -> str:
    """The sentence of overall figures: “《X》共部署任务222项。截至2023年6月30日，已完成…。”"""
    name = f"《{title}》" if title else "计划"
    when = chinese_date(report.as_of.isoformat())
    return f"{name}共部署任务{report.total}项。截至{when}{COMMA}{figures(report)}。"


@dataclass
class Table:
    """A table of the bulletin: its header, its rows and the columns that take the spare width."""

    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    wide: tuple[int, ...]


@dataclass
class Bulletin:
    """The bulletin as a plan and the table under each of its sections, in the order of
    ``plan.walk_sections()`` (None: a section without one)."""

    plan: Plan
    tables: list[Table | None] = field(default_factory=list)


def make_bulletin(ledger: Ledger, as_of: date) -> Bulletin:
    """The 进展通报 of ``ledger`` as of ``as_of``: 总体情况 (figures overall and by unit), then
    a section per status with its items, the lagging and the overdue ones grouped by unit, and
    the items no unit reported on."""
    rows = ledger.rows
    title = ledger.title or "工作要点"
    plan = Plan(title=f"关于{title}落实情况的通报", year=ledger.year, doc_type="通报", date=as_of.isoformat())
    plan.preamble = f"现将截至{chinese_date(as_of.isoformat())}《{title}》各项任务落实情况通报如下。"
    bulletin = Bulletin(plan)
    sections: list[tuple[Section, Table | None, list[tuple[Section, Table]]]] = []
    report = status_report(ledger, as_of)
    lead_header = ledger.labels.get("lead") or ledger_words().headers["lead"]  # the plan's own label
    late = report.overdue
    overview = Section(number="", title="总体情况", intro=overall(ledger.title, report))
    if late:
        overview.intro += f"其中{COMMA}已过完成时限仍未完成{len(late)}项。"
    sections.append((overview, _unit_table(report), []))
    for status in COUNTED:
        chosen = [row for row in rows if status_of(row) == status]
        if not chosen:
            continue
        heading = Section(number="", title=f"{status}事项（{len(chosen)}项）")
        if status == LAGGING:
            sections.append((heading, None, _by_unit(chosen)))
        else:
            sections.append((heading, _item_table(chosen, lead_header), []))
    if late:
        heading = Section(number="", title=f"逾期未完成事项（{len(late)}项）")
        sections.append((heading, None, _by_unit(late)))
    for number, (section, table, subsections) in enumerate(sections, start=1):
        section.number = to_chinese(number)
        section.sections = [sub for sub, _ in subsections]
        plan.sections.append(section)
        bulletin.tables += [table, *(sub_table for _, sub_table in subsections)]
    return bulletin


def _unit_table(report: StatusReport) -> Table:
    """Figures by unit (an item with two lead units counts under both), then 合计."""
    counted = [*STATUSES, *((UNREPORTED,) if report.missing else ())]
    lines = []
    for unit in report.by_unit:
        missing = (str(unit.missing),) if report.missing else ()
        lines.append((unit.unit, str(unit.total), *(str(n) for n in unit.by_status.values()), *missing))
    missing = (str(len(report.missing)),) if report.missing else ()
    lines.append(("合计", str(report.total), *(str(n) for n in report.by_status.values()), *missing))
    return Table(("单位", "任务数", *counted), lines, wide=(0,))


def _item_table(rows: list[LedgerRow], lead_header: str = "") -> Table:
    """The items: 序号, 工作任务, (the lead units under ``lead_header``, when given,) 完成时限,
    进展情况 as the unit wrote it; a column no row fills (no item has a deadline, no unit wrote
    progress) is left out."""
    columns: list[tuple[str, list[str]]] = [
        ("序号", [str(n) for n in range(1, len(rows) + 1)]),
        ("工作任务", [row.task for row in rows]),
    ]
    if lead_header:
        columns.append((lead_header, ["、".join(units_of(row)) for row in rows]))
    columns += [("完成时限", [row.deadline for row in rows]), ("进展情况", [row.progress for row in rows])]
    kept = [(header, cells) for n, (header, cells) in enumerate(columns) if n < 2 or any(cells)]
    header = tuple(name for name, _ in kept)
    wide = tuple(n for n, name in enumerate(header) if name in ("工作任务", "进展情况"))
    return Table(header, list(zip(*(cells for _, cells in kept), strict=True)), wide)


def _by_unit(rows: list[LedgerRow]) -> list[tuple[Section, Table]]:
    """One sub-section per unit, in the order units first appear, each with its items' table."""
    groups: dict[str, list[LedgerRow]] = {}
    for row in rows:
        for unit in units_of(row):
            groups.setdefault(unit, []).append(row)
    return [
        (Section(number=to_chinese(n), title=f"{unit}（{len(own)}项）"), _item_table(own))
        for n, (unit, own) in enumerate(groups.items(), start=1)
    ]


def bulletin_docx(bulletin: Bulletin) -> bytes:
    """The bulletin as an official Word document: ``build_docx`` of its plan, each table put
    right after its section's heading and intro."""
    import docx

    from ..render.word import HEADINGS, BuildOptions, build_docx, table_after

    document = docx.Document(io.BytesIO(build_docx(bulletin.plan, BuildOptions())))
    paragraphs = document.paragraphs
    headings = [n for n, p in enumerate(paragraphs) if p.style is not None and p.style.name in HEADINGS]
    sections = [section for _, section in bulletin.plan.walk_sections()]
    for at, section, table in zip(headings, sections, bulletin.tables, strict=True):
        if table is not None:
            last = at + (len(section.intro.split("\n")) if section.intro else 0)
            table_after(document, paragraphs[last], table.header, table.rows, table.wide)
    document.add_paragraph()  # a document ends with a paragraph, not a table
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
