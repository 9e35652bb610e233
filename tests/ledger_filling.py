"""A ledger of a real plan filled in as units fill one: a status for most rows, progress text
for some, nothing for the rest — the rows ``ledger create`` makes of the plan."""

from __future__ import annotations

from drafter.ledger.create import ledger_of
from drafter.ledger.model import STATUSES, Ledger
from drafter.model import Plan

# Row n gets CYCLE[n % 5] (the fifth: not reported) and progress text unless n % 3 == 0.
CYCLE = (*STATUSES, "")


def progress_text(n: int) -> str:
    """What the unit of row n writes, or "" for a row it leaves blank."""
    return f"已召开专题会议{n}次，完成阶段任务。" if n % 3 else ""


def filled(plan: Plan) -> Ledger:
    """The ledger of ``plan`` (attachments included), reported on in a fixed pattern."""
    ledger = ledger_of(plan)
    for n, row in enumerate(ledger.rows):
        row.status, row.progress = CYCLE[n % len(CYCLE)], progress_text(n)
    return ledger
