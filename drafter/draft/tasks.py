"""Who does what: the task-assignment table (任务分工表) and each unit's own task list."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Item, Plan, join_path


@dataclass
class TaskRow:
    """One row of the 任务分工表."""

    number: int
    path: str
    task: str
    lead: list[str]
    units: list[str]
    deadline: str = ""
    section: str = ""  # the top section's title, for grouping rows

    def to_dict(self) -> dict[str, Any]:
        """The row as ``drafter tasks --json`` lists it."""
        return {"number": self.number, "path": self.path, "task": self.task, "deadline": self.deadline}


@dataclass
class UnitTasks:
    """What one unit receives: the items it leads and the items it shares."""

    unit: str
    lead: list[TaskRow] = field(default_factory=list)
    shared: list[TaskRow] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "lead": [row.to_dict() for row in self.lead],
            "shared": [row.to_dict() for row in self.shared],
        }


def task_name(item: Item) -> str:
    """The task as the table names it: the item's short title, or its text."""
    return item.title or item.text.replace("\n", "")


def task_rows(plan: Plan) -> list[TaskRow]:
    """The 任务分工表 of a plan, one row per item, numbered through."""
    rows = []
    titles = {section.number: section.title for section in plan.sections}
    for number, (path, item) in enumerate(plan.walk(), start=1):
        lead = item.lead
        others = [u for u in item.all_units() if u not in lead]
        deadline = "、".join(dict.fromkeys(c.deadline for c in item.clauses if c.deadline))
        section = titles.get(path[0], "") if len(path) > 1 else ""
        rows.append(TaskRow(number, join_path(path), task_name(item), lead, others, deadline, section))
    return rows


def tasks_by_unit(plan: Plan, unit: str = "") -> list[UnitTasks]:
    """Each unit's tasks (those it leads first), units ordered by how much they carry."""
    found: dict[str, UnitTasks] = {}
    for row in task_rows(plan):
        for name in row.lead:
            found.setdefault(name, UnitTasks(name)).lead.append(row)
        for name in row.units:
            found.setdefault(name, UnitTasks(name)).shared.append(row)
    lists = sorted(found.values(), key=lambda t: (-len(t.lead) - len(t.shared), t.unit))
    return [t for t in lists if t.unit == unit] if unit else lists
