"""The year-end 工作总结 skeleton: the plan's own sections and items, each with what was planned
and what the ledger reports on it — never a word drafter made up.

For every item (attachments included): its title (or its text, when it has none), its
quantified targets as the ledger lists them, its 完成情况 and the unit's 进展情况 verbatim, or
``PENDING`` where the unit wrote none; then a closing section of every item not done, each
marked ``CONTINUED``. The skeleton is a ``Plan`` (a 总结 has the shape of the plan it sums
up: title, numbered sections, numbered items), so ``build`` lays it out, the YAML format
stores it and ``check`` reads either back.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..lang.numerals import to_chinese
from ..lang.patterns import PENDING
from ..lang.width import COLON, COMMA, SEMICOLON
from ..model import Attachment, Item, Plan, Section, part_label
from .bulletin import overall, status_of
from .create import ledger_of
from .ids import ID_KEY, item_paths, match_rows
from .model import DONE, Ledger, LedgerRow
from .status import status_report

CONTINUED = "（续办）"
NOT_IN_LEDGER = "台账中无此项"


def make_summary(plan: Plan, ledger: Ledger, as_of: date) -> tuple[Plan, list[str]]:
    """The 工作总结 skeleton of ``plan`` from ``ledger``, and a warning for each ledger row that
    matches no item of the plan (its report would otherwise be lost without a word). The items
    are those the plan's own ledger lists (``ledger_of``): an attached 任务分工表 repeating the
    body's items is not summed up twice."""
    chosen, unmatched = match_rows(plan, ledger)
    listed = {row.path for row in ledger_of(plan).rows}
    items = [(path, item) for path, item in item_paths(plan) if path in listed]
    rows = {id(item): chosen.get(path) for path, item in items}
    title = (
        f"{plan.issuer}{plan.year}年工作总结" if plan.issuer and plan.year else f"{plan.title}落实情况总结"
    )
    summary = Plan(title=title, issuer=plan.issuer, year=plan.year, doc_type="工作总结")
    summary.preamble = overall(plan.title, status_report(Ledger(rows=list(chosen.values())), as_of))
    warnings = []
    parts = plan.parts()
    for number, part in enumerate(parts, start=1):
        into = summary if number == 1 else Plan(title=part.title)
        into.sections = [_section(section, rows) for section in part.sections]
        for attached in part.attachments:
            if attached.plan.all_items() and not any(id(i) in rows for i in attached.plan.all_items()):
                warnings.append(f"{attached.label}只是重列正文的条目,总结中不再重列")
                continue
            sections = [_section(section, rows) for section in attached.plan.sections]
            into.attachments.append(
                Attachment(attached.label, Plan(title=attached.plan.title, sections=sections))
            )
        if number > 1:
            summary.attachments.append(Attachment(label=part_label(number), plan=into))
    unfinished = [
        (path, item, row) for path, item in items if (row := chosen.get(path)) is None or row.status != DONE
    ]
    if unfinished:
        closing = Section(
            number=to_chinese(len([s for s in summary.sections if s.number]) + 1), title="需续办事项"
        )
        # the plan's numbering: items counted on through the sections go on counting here
        numbers = [item.number for item in summary.items()]
        through = len(summary.sections) > 1 and numbers == [str(n) for n in range(1, len(numbers) + 1)]
        for n, (path, item, row) in enumerate(unfinished, start=len(numbers) + 1 if through else 1):
            closing.items.append(
                Item(
                    number=str(n),
                    title=_task(item, row) + CONTINUED,
                    text=f"原计划{path}{COMMA}{_status(row)}。",
                )
            )
        summary.sections.append(closing)
    warnings += [
        f"{row.where or row.id}:台账中的“{row.task}”在计划中找不到对应条目,未写入总结" for row in unmatched
    ]
    return summary, warnings


def _section(section: Section, rows: dict[int, LedgerRow | None]) -> Section:
    """The section's heading, its items summed up, its sub-sections likewise (its intro left out:
    it says why, not what was to be done)."""
    return Section(
        number=section.number,
        title=section.title,
        items=[_item(item, rows[id(item)]) for item in section.items if id(item) in rows],
        sections=[_section(sub, rows) for sub in section.sections],
    )


def _task(item: Item, row: LedgerRow | None) -> str:
    return item.title or (row.task if row else "") or item.text.replace("\n", "")


def _status(row: LedgerRow | None) -> str:
    return f"完成情况{COLON}{status_of(row)}" if row else NOT_IN_LEDGER


def _item(item: Item, row: LedgerRow | None) -> Item:
    """What was planned (title or text, targets) and what the ledger says (status, progress)."""
    lines = [] if item.title else [f"工作任务{COLON}{item.text.replace(chr(10), '')}"]
    if row and row.targets:
        lines.append(f"量化指标{COLON}{SEMICOLON.join(row.targets)}。")
    lines.append(f"{_status(row)}。")
    lines.append(f"进展情况{COLON}{row.progress if row and row.progress else PENDING}")
    summed = Item(number=item.number, title=item.title, text="\n".join(lines))
    summed.origin = {ID_KEY: row.id} if row else {}
    return summed


def write_summary(summary: Plan, out: Path) -> None:
    """Write the skeleton by the output's extension: YAML for editing (with a comment saying
    what to fill in), else the official Word document."""
    from ..render.word import BuildOptions, build_docx
    from ..store.files import write_atomic
    from ..store.serialize import dump_yaml, plan_to_dict

    if out.suffix.lower() in (".yaml", ".yml"):
        header = (
            f"# {summary.title}(骨架,由 drafter summary 据计划和台账生成)\n"
            f"# 每条写明计划的任务和量化指标、台账中的完成情况和进展;{PENDING}处请补写,"
            "drafter check 会逐条列出尚未补写的。\n"
            f"# 最后一部分是未完成、需续办的事项。改好后用 drafter build 排版。\n"
        )
        data = dump_yaml(plan_to_dict(summary, editable=True), header).encode("utf-8")
    else:
        data = build_docx(summary, BuildOptions())
    write_atomic(out, data)
