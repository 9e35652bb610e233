"""Plain-text views of plans and corpus entries for the terminal.

Functions here return strings and rows; ``cli`` decides where and how to print them.
"""

from __future__ import annotations

from .model import Item, Plan, Section
from .render.text import item_marker
from .width import LPAREN, RPAREN

ROLE_NAMES = {"lead": "牵头", "units": "责任", "support": "配合"}


def plan_outline(plan: Plan, width: int = 36) -> str:
    """The plan's structure: front matter, sections, items with their units."""
    lines = [f"标题:{plan.title or '(未识别)'}"]
    facts = [
        f"发文单位:{plan.issuer or '(未识别)'}",
        f"年度:{plan.year or '(未识别)'}",
        f"文种:{plan.doc_type or '(未识别)'}",
    ]
    if plan.date:
        facts.append(f"日期:{plan.date}")
    lines.append("  ".join(facts))
    if plan.notice:
        lines.append(f"印发通知:{plan.notice.title}")
    if plan.preamble:
        lines.append(f"总体要求:{_clip(plan.preamble, width * 2)}")
    for section in plan.sections:
        _section_lines(section, 0, lines, width)
    items = plan.items()
    with_units = sum(1 for i in items if i.units)
    lines.append("")
    lines.append(f"共 {len(plan.sections)} 个部分、{len(items)} 条,其中 {with_units} 条写明了责任单位。")
    lines.extend(f"提示:{w}" for w in plan.warnings)
    return "\n".join(lines)


def clause_summary(item: Item) -> str:
    """“牵头:A;责任:B、C” over all clauses of an item."""
    roles: dict[str, list[str]] = {"lead": [], "units": [], "support": []}
    for clause in item.clauses:
        for role in roles:
            roles[role] += [u for u in getattr(clause, role) if u not in roles[role]]
    return ";".join(f"{ROLE_NAMES[r]}:{'、'.join(n)}" for r, n in roles.items() if n)


def _section_lines(section: Section, depth: int, lines: list[str], width: int) -> None:
    indent = "  " * depth
    if section.number:
        marker = f"{section.number}、" if depth == 0 else f"{LPAREN}{section.number}{RPAREN}"
        lines.append(f"{indent}{marker}{section.title}")
        if section.intro:
            lines.append(f"{indent}  {_clip(section.intro, width)}")
    for item in section.items:
        head = item.title or _clip(item.text, width)
        units = f"〔{clause_summary(item)}〕" if item.clauses else "〔未写明责任单位〕"
        lines.append(f"{indent}  {item_marker(item.number, bool(section.number))}{head}  {units}")
    for sub in section.sections:
        _section_lines(sub, depth + 1, lines, width)


def _clip(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"
