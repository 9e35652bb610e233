"""Who does what: the task-assignment table (任务分工表) and each unit's own task list."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..lang.patterns import DEADLINE_IN_TEXT
from ..lang.vocabulary import vocabulary
from ..lang.width import fold
from ..model import Item, Plan, join_path
from ..render.text import item_marker


@dataclass
class TaskRow:
    """One row of the 任务分工表."""

    number: int
    path: str
    task: str
    lead: list[str]
    units: list[str]
    deadline: str = ""
    section: str = ""  # the top section's heading with its number (“一、…”), for grouping rows
    measures: str = ""  # the item's text without its clauses: what the task column shows besides the title

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


def item_deadline(item: Item) -> str:
    """The item's 完成时限: its clauses' deadlines, else the dates and periods its text sets
    (“6月底前完成”, “上半年启动”), in order and without repeats; "" when it names none."""
    stated = [c.deadline for c in item.clauses if c.deadline]
    if not stated:  # folding keeps offsets: one character for one
        stated = [item.text[m.start() : m.end()] for m in DEADLINE_IN_TEXT.finditer(fold(item.text))]
    return "、".join(dict.fromkeys(stated))


def task_rows(plan: Plan) -> list[TaskRow]:
    """The 任务分工表 of a plan, one row per item, numbered through."""
    rows = []
    headings = {s.number: item_marker(s.number, False) + s.title for s in plan.sections if s.number}
    for number, (path, item) in enumerate(plan.walk(), start=1):
        lead = item.lead
        others = [u for u in item.all_units() if u not in lead]
        section = headings.get(path[0], "") if len(path) > 1 else ""
        measures = item.text.replace("\n", "") if item.title else ""
        rows.append(
            TaskRow(
                number, join_path(path), task_name(item), lead, others, item_deadline(item), section, measures
            )
        )
    return rows


def table_labels(plan: Plan, labels: dict[str, str] | None = None) -> dict[str, str]:
    """The label of each role as the plan's body writes it: ``labels`` (``--labels``) first, then
    the label its clauses use most (“牵头处室”), then the vocabulary's default (“牵头单位”)."""
    words = vocabulary()
    found: dict[str, Counter[str]] = {role.key: Counter() for role in words.roles}
    for item in plan.items():
        for clause in item.clauses:
            for key, label in clause.labels.items():
                if key in found and label:
                    found[key][label] += 1
    chosen = {}
    for role in words.roles:
        given = (labels or {}).get(role.key)
        common = found[role.key].most_common(1)
        chosen[role.key] = given or (common[0][0] if common else role.default_label)
    return chosen


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
