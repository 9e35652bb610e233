"""Where a plan stands: a ledger's items counted by 完成情况, overall and per unit, with the
items overdue and those no one reported on (``drafter ledger status``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .model import DONE, STATUSES, UNREPORTED, Ledger, LedgerRow

NO_UNIT = "未明确单位"  # the unit an item that names none is counted under


@dataclass
class UnitStatus:
    """One unit's items (those it leads; an item without a lead, those it is responsible for)."""

    unit: str
    total: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    overdue: int = 0
    missing: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "total": self.total,
            "by_status": dict(self.by_status),
            "overdue": self.overdue,
            "missing": self.missing,
        }


@dataclass
class StatusReport:
    """The counts of a ledger as of a date. ``by_status`` counts the rows reported with each of
    STATUSES; ``missing`` are the rows with no status, so ``total`` = sum(by_status) + len(missing)."""

    as_of: date
    total: int
    by_status: dict[str, int]
    by_unit: list[UnitStatus]
    overdue: list[LedgerRow]
    missing: list[LedgerRow]

    def to_dict(self) -> dict[str, Any]:
        """``ledger status --json``: {"total", "by_status", "by_unit", "overdue", "missing"}.

        ``by_status``: {status: count} for the four statuses, in order. ``by_unit``: one object per
        unit, most items first — {"unit", "total", "by_status", "overdue", "missing"} (counts).
        ``overdue`` and ``missing``: one object per item, in plan order — {"id", "path", "task",
        "lead", "units", "deadline", "due" (ISO date or null), "status" ("" when none),
        "where" (the file and row it was read from)}."""
        return {
            "total": self.total,
            "by_status": dict(self.by_status),
            "by_unit": [unit.to_dict() for unit in self.by_unit],
            "overdue": [row_dict(row) for row in self.overdue],
            "missing": [row_dict(row) for row in self.missing],
        }


def row_dict(row: LedgerRow) -> dict[str, Any]:
    """An item of the report as JSON lists it."""
    return {
        "id": row.id,
        "path": row.path,
        "task": row.task,
        "lead": list(row.lead),
        "units": list(row.units),
        "deadline": row.deadline,
        "due": row.due.isoformat() if row.due else None,
        "status": row.status,
        "where": row.where,
    }


def is_overdue(row: LedgerRow, as_of: date) -> bool:
    """Due before ``as_of`` and not 已完成 (on its due day an item is not yet late)."""
    return row.due is not None and row.due < as_of and row.status != DONE


def units_of(row: LedgerRow) -> list[str]:
    """The units an item is counted under: its lead units, else its responsible units."""
    return row.lead or row.units or [NO_UNIT]


def status_report(ledger: Ledger, as_of: date | None = None) -> StatusReport:
    """Count ``ledger``'s rows as of ``as_of`` (today when None)."""
    when = as_of or date.today()
    by_status = dict.fromkeys(STATUSES, 0)
    units: dict[str, UnitStatus] = {}
    overdue, missing = [], []
    for row in ledger.rows:
        late = is_overdue(row, when)
        if row.status:
            by_status[row.status] += 1
        else:
            missing.append(row)
        if late:
            overdue.append(row)
        for name in units_of(row):
            unit = units.setdefault(name, UnitStatus(name))
            unit.total += 1
            if row.status:
                unit.by_status[row.status] += 1
            else:
                unit.missing += 1
            unit.overdue += late
    ordered = sorted(units.values(), key=lambda u: (-u.total, u.unit == NO_UNIT))
    return StatusReport(when, len(ledger.rows), by_status, ordered, overdue, missing)


def report_lines(report: StatusReport, title: str = "") -> list[str]:
    """The report as ``ledger status`` prints it: the counts, the overdue and the unreported
    items (id, deadline, status, units, task), then each unit's counts."""
    counts = "、".join(f"{status} {n}" for status, n in report.by_status.items())
    lines = [
        f"{title or '任务台账'}:共 {report.total} 项,{counts},{UNREPORTED} {len(report.missing)}",
        f"截至 {report.as_of.isoformat()},逾期未完成 {len(report.overdue)} 项",
    ]
    for row in report.overdue:
        due = row.due.isoformat() if row.due else ""
        units = "、".join(units_of(row))
        lines.append(f"  {row.id}  {row.deadline}({due}) {row.status or UNREPORTED}  {units}  {row.task}")
    if report.missing:
        lines.append(f"{UNREPORTED} {len(report.missing)} 项")
        lines += [f"  {row.id}  {'、'.join(units_of(row))}  {row.task}" for row in report.missing]
    lines.append("各单位:")
    for unit in report.by_unit:
        counts = "、".join(f"{status} {n}" for status, n in unit.by_status.items() if n)
        extra = "".join(
            f",{word} {n}" for word, n in ((UNREPORTED, unit.missing), ("逾期", unit.overdue)) if n
        )
        lines.append(f"  {unit.unit}:{unit.total} 项" + (f"({counts})" if counts else "") + extra)
    return lines
