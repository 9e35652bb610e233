"""Plain-text views of plans and corpus entries for the terminal.

Functions here return strings and rows; ``cli`` decides where and how to print them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..lang.vocabulary import ROLES, vocabulary
from ..lang.width import LPAREN, RPAREN
from ..model import Item, Plan, Section, part_label


def plan_outline(plan: Plan, width: int = 36) -> str:
    """The plan's structure: front matter, sections, items with their units; a file of several
    documents shows each under a header line, the parse's notes once at the end."""
    parts = plan.parts()
    lines: list[str] = []
    for number, part in enumerate(parts, start=1):
        if len(parts) > 1:
            lines += [""] if number > 1 else []
            lines.append(f"══ {part_label(number)}文件(共 {len(parts)} 份):{part.title or '(无标题)'} ══")
        lines += _document_lines(part, width)
    lines.extend(f"提示:{w}" for w in plan.warnings)
    return "\n".join(lines)


def _document_lines(plan: Plan, width: int) -> list[str]:
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
    for attachment in plan.attachments:
        lines.append(f"{attachment.label}:{attachment.plan.title or '(无标题)'}")
        for section in attachment.plan.sections:
            _section_lines(section, 1, lines, width)
    items = plan.items()
    with_units = sum(1 for i in items if i.all_units())
    lines.append("")
    lines.append(f"共 {len(plan.sections)} 个部分、{len(items)} 条,其中 {with_units} 条写明了责任单位。")
    if plan.attachments:
        counted = [len(a.plan.items()) for a in plan.attachments]
        lines.append(f"附件 {len(counted)} 份,共 {sum(counted)} 条。")
    return lines


def clause_summary(item: Item | Section) -> str:
    """“牵头:A;责任:B、C” over all clauses of an item (or of a heading)."""
    roles: dict[str, list[str]] = {role: [] for role in ROLES}
    for clause in item.clauses:
        for role in roles:
            roles[role] += [u for u in getattr(clause, role) if u not in roles[role]]
    names = vocabulary().short_names()
    return ";".join(f"{names[r]}:{'、'.join(n)}" for r, n in roles.items() if n)


def _section_lines(section: Section, depth: int, lines: list[str], width: int, covered: bool = False) -> None:
    from .text import item_marker  # the official text's patterns: not for suggest's lines

    indent = "  " * depth
    covered = covered or bool(section.clauses)  # a heading's clause covers the items under it
    if section.number:
        marker = f"{section.number}、" if depth == 0 else f"{LPAREN}{section.number}{RPAREN}"
        units = f"  〔{clause_summary(section)}〕" if section.clauses else ""
        lines.append(f"{indent}{marker}{section.title}{units}")
        if section.intro:
            lines.append(f"{indent}  {_clip(section.intro, width)}")
    for item in section.items:
        head = item.title or _clip(item.text, width)
        units = (
            f"〔{clause_summary(item)}〕"
            if item.clauses
            else "〔见小标题〕"
            if covered
            else "〔未写明责任单位〕"
        )
        lines.append(f"{indent}  {item_marker(item.number, bool(section.number))}{head}  {units}")
    for sub in section.sections:
        _section_lines(sub, depth + 1, lines, width, covered)


def _clip(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def diff_report(result: Any) -> str:
    """A readable account of a ``PlanDiff``: counts, then each group with its items."""
    from ..draft.diff import marked, words

    lines = [
        f"新增 {len(result.new)} 条,删除 {len(result.dropped)} 条,修改 {len(result.changed)} 条,"
        f"未变 {len(result.unchanged)} 条。"
    ]
    if result.new:
        lines += ["", "新增:"] + [f"  {path} {_head(item)}" for path, item in result.new]
    if result.dropped:
        lines += ["", "删除:"] + [f"  {path} {_head(item)}" for path, item in result.dropped]
    if result.changed:
        lines += ["", "修改([-删去-]{+加上+}):"]
        for pair in result.changed:
            moved = "" if pair.old_path == pair.new_path else f"(原 {pair.old_path})"
            lines.append(f"  {pair.new_path}{moved} {_head(pair.new)}  相似度 {pair.similarity:.0f}%")
            for context, old, new in pair.targets:
                lines.append(f"    指标:{context}{old} → {new}")
            old_units, new_units = pair.old.all_units(), pair.new.all_units()
            if sorted(old_units) != sorted(new_units):
                lines.append(f"    责任单位:{'、'.join(old_units) or '无'} → {'、'.join(new_units) or '无'}")
            if pair.changes:
                lines.append(f"    {marked(words(pair.old), words(pair.new))}")
    if result.unchanged:
        relocated = [p for p in result.unchanged if p.old_path != p.new_path]
        lines += [
            "",
            f"未变 {len(result.unchanged)} 条" + (f"(其中 {len(relocated)} 条换了位置)" if relocated else ""),
        ]
        lines += [f"  {p.old_path} → {p.new_path} {_head(p.new)}" for p in relocated]
    if result.units:
        lines += ["", "各单位承担的条目数:"]
        lines += [f"  {unit}:{a} → {b}" for unit, (a, b) in sorted(result.units.items())]
    return "\n".join(lines)


def _head(item: Item) -> str:
    return item.title or _clip(item.text, 30)


def suggestion_lines(found: list[Any], indent: str = "") -> list[str]:
    """Ranked prior measures: score and band, source, place, the matched sentence, units."""
    lines = []
    for rank, suggestion in enumerate(found, start=1):
        record = suggestion.record
        plan = record.plan
        place = "/".join(record.path) + (f" {record.title}" if record.title else "")
        issuer = plan["issuer"] or "(发文单位不详)"
        lines.append(
            f"{indent}{rank}. 〔{suggestion.score:.0f} {suggestion.band}〕{issuer}"
            f" {plan['year'] or ''}年《{plan['title'] or plan['source']}》 {place}"
        )
        lines.append(f"{indent}   {suggestion.highlight}")
        units = "、".join(record.units)
        if units:
            lines.append(f"{indent}   责任单位:{units}")
        if suggestion.same:
            lines.append(f"{indent}   同一措施共出现:{suggestion.also()}")
    return lines


def review_report(rows: Sequence[tuple[str, Item, list[Any]]]) -> str:
    """The review sheet of ``suggest --plan``: each draft item, then its prior measures."""
    lines: list[str] = []
    for path, item, found in rows:
        lines.append(f"【{path}】{_head(item)}")
        lines += suggestion_lines(found, "  ") or ["  (语料库中无相近措施)"]
        lines.append("")
    return "\n".join(lines).rstrip()
