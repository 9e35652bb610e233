"""The task ledger (台账) as data: one row per item of a plan, what a unit reports on it.

A ledger is made from a plan (``ledger create``), filled in by the units in Excel or WPS and
read back (``ledger status``); the bulletin and the summary are written from it. Rows are
tied to the plan's items by ``LedgerRow.id`` (see ``ids``), never by row order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# The four states a unit reports, in the order a bulletin counts them (the drop-down of the
# 完成情况 column offers exactly these; hand-typed variants are read by ``templates/ledger.yaml``).
DONE = "已完成"
ONGOING = "正在推进"
LAGGING = "滞后"
NOT_STARTED = "未启动"
STATUSES = (DONE, ONGOING, LAGGING, NOT_STARTED)
UNREPORTED = "未填报"  # how a row whose unit gave no 完成情况 is counted and shown


@dataclass
class LedgerRow:
    """One item of the plan as the ledger holds it.

    ``part``: the top section's heading with its number (“一、…”), or the attachment's label.
    ``deadline``: the item's own words (“6月底前”, “年内”); ``due``: the date they mean, when
    one can be computed from the plan's year. ``status`` is one of ``STATUSES`` or "" (not
    reported); ``progress`` and ``note`` are the unit's own text. A row read back from a
    workbook has the path its id names, bare (“三/八/4”: ``model.bare_path``). ``where``: the file and row it
    was read from (“台账-组织处.xlsx 第12行”), for messages; "" for a ledger made from a plan.
    """

    id: str
    path: str
    part: str = ""
    task: str = ""
    measures: str = ""
    targets: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    deadline: str = ""
    due: date | None = None
    status: str = ""
    progress: str = ""
    note: str = ""
    where: str = ""


@dataclass
class Ledger:
    """A plan's ledger: its title and date (as shown above the table), its rows in plan order,
    and what reading it noticed (one Chinese line each: unknown statuses, conflicts, rows that
    name no item). ``labels``: the headers of the unit columns (lead/units/support → “牵头处室”…),
    the plan's own labels as the 任务分工表 uses them."""

    title: str = ""
    year: int | None = None
    date: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    rows: list[LedgerRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
