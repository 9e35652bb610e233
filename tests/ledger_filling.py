"""A ledger of a real plan filled in as units fill one: a status for most rows, progress text
for some, nothing for the rest — built from the plan's items with the ledger's own dataclasses."""

from __future__ import annotations

from datetime import date

from drafter.draft.tasks import item_deadline, task_name
from drafter.ledger.ids import id_of, labelled_items
from drafter.ledger.model import STATUSES, Ledger, LedgerRow
from drafter.model import Plan

# Row n gets STATUSES[n % 5] (the fifth: not reported) and progress text unless n % 3 == 0.
CYCLE = (*STATUSES, "")


def filled(plan: Plan, due: date | None = None) -> Ledger:
    """One row per item of ``plan`` (attachments included), reported on in a fixed pattern;
    ``due``, when given, on every row."""
    rows = []
    for n, (path, item) in enumerate(labelled_items(plan)):
        rows.append(
            LedgerRow(
                id=id_of(plan, path, item), path=path, task=task_name(item), lead=item.lead,
                units=item.all_units(), deadline=item_deadline(item), due=due,
                status=CYCLE[n % len(CYCLE)],
                progress=f"已召开专题会议{n}次，完成阶段任务。" if n % 3 else "",
            )
        )  # fmt: skip
    return Ledger(title=plan.title, year=plan.year, rows=rows)
