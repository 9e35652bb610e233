"""The plan as plain official text, typed the way a clerk would type it.

Headings “一、” / “(一)”, items “1.title。text”, clauses in full-width brackets after
the text they govern, the cover notice first when there is one, then the body,
a signature block (落款) when the plan stands alone, then each attachment (its label
“附件1” on a line of its own, then the document) — the 落款 before the attachments, as
GB/T 9704 sets it (the parser reads it there, and at the text's end, where exported web
texts print it).
``parse_text`` reads it back to an equal plan.
"""

from __future__ import annotations

import re

from ..lang.patterns import DEADLINE, RUN_IN_TITLE, SUFFIX_LABEL
from ..lang.vocabulary import ROLES, vocabulary
from ..lang.width import COLON, COMMA, LPAREN, RPAREN, fold
from ..model import Clause, Item, Plan, Section


def plan_to_text(plan: Plan, labels: dict[str, str] | None = None) -> str:
    """Official text of a plan; ``labels`` overrides the clause labels for every clause."""
    lines: list[str] = []
    notice = plan.notice
    if notice:
        if notice.doc_number:
            lines.append(notice.doc_number)
        lines += [notice.title, ""]
        if notice.recipients:
            lines.append(notice.recipients + COLON)
        lines += [line for line in notice.body.split("\n") if line]
        lines += [x for x in (notice.signer, chinese_date(notice.date), notice.note) if x]
        lines.append("")
    _write_document(plan, lines, labels)
    signer = plan.issuer if plan.issuer.endswith(vocabulary().organ_endings) else ""  # an organ signs
    if not notice and (signer or plan.date):  # 落款 of a plan that stands alone: after its body
        lines += ["", *[x for x in (signer, chinese_date(plan.date)) if x]]
    for attachment in plan.attachments:  # after the body and its 落款: its label, then the document
        lines += ["", attachment.label, ""]
        _write_document(attachment.plan, lines, labels)
    return "\n".join(lines).rstrip("\n") + "\n"


def _write_document(plan: Plan, lines: list[str], labels: dict[str, str] | None) -> None:
    """A plan's (or an attachment's) title, preamble and sections."""
    if plan.title:
        lines += [plan.title, ""]
    if plan.preamble:
        lines += [plan.preamble, ""]
    run_in = _titles_run_in(plan)
    for section in plan.sections:
        _write_section(section, 0, lines, run_in, labels)


def notice_title(plan_title: str, issuer: str, *, with_issuer: bool, book_title: bool = False) -> str:
    """The title of the notice that issues a plan: 发文机关 + 关于印发 + 文件名 + 的通知.

    ``with_issuer`` puts the issuing organ in front (a notice without a red header names its
    issuer in the title); the organ is then not repeated at the start of the plan's name
    (“沈阳市教育局关于印发2022年工作要点的通知”, not “…关于印发沈阳市教育局2022年…”).
    ``book_title`` sets the plan's name in 书名号 (a house choice; PLAN053).
    """
    organ = issuer if with_issuer and issuer.endswith(vocabulary().organ_endings) else ""
    name = plan_title[len(organ) :] if organ and plan_title.startswith(organ) else plan_title
    return f"{organ}关于印发《{name}》的通知" if book_title else f"{organ}关于印发{name}的通知"


def clause_text(clause: Clause, labels: dict[str, str] | None = None) -> str:
    """One clause in the consistent form “(牵头处室:A,责任处室:B、C)”."""
    parts = []
    if clause.deadline:
        bare = DEADLINE.fullmatch(fold(clause.deadline))
        parts.append(clause.deadline if bare else f"完成时限{COLON}{clause.deadline}")
    words = vocabulary()
    for role in ROLES:
        names = getattr(clause, role)
        label = (labels or {}).get(role) or clause.labels.get(role) or words.role(role).default_label
        if not names and role not in clause.labels:
            continue
        joined = "、".join(names)
        # a label written after the names: “(A牵头,B、C按职责分工配合)”
        suffixed = SUFFIX_LABEL.fullmatch(fold(label)) is not None
        parts.append(joined + label if suffixed and names else f"{label}{COLON}{joined}")
    return LPAREN + COMMA.join(parts) + RPAREN


def item_text(item: Item, labels: dict[str, str] | None = None) -> str:
    """An item's text with its clauses put back where they stood."""
    return "".join(piece for piece, _ in item_pieces(item, labels))


def item_pieces(item: Item, labels: dict[str, str] | None = None) -> list[tuple[str, bool]]:
    """An item's text as (piece, is_clause) in order, each clause where it stood."""
    out, cursor = [], 0
    for clause in sorted(item.clauses, key=lambda c: c.position):
        out += [(item.text[cursor : clause.position], False), (clause_text(clause, labels), True)]
        cursor = clause.position
    out.append((item.text[cursor:], False))
    return out


def chinese_date(iso: str) -> str:
    """“2022-02-18” → “2022年2月18日” (Arabic numerals, no zero padding, as GB/T 9704 asks)."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", iso or "")
    if not match:
        return iso or ""
    year, month, day = (int(g) for g in match.groups())
    return f"{year}年{month}月{day}日"


def item_marker(number: str, in_section: bool) -> str:
    """“1.” for Arabic numbers; “(一)” or “一、” for Chinese ones."""
    if number.isdigit():
        return f"{number}."
    return f"{LPAREN}{number}{RPAREN}" if in_section else f"{number}、"


def _titles_run_in(plan: Plan) -> bool:
    """Write titles run-in (“1.title。text”) when the parser will read them back that way."""
    items = plan.items()
    titled = [i for i in items if i.title]
    return (
        bool(items)
        and len(titled) * 2 >= len(items)
        and all(RUN_IN_TITLE.fullmatch(fold(i.title)) for i in titled)
    )


def _write_section(
    section: Section, depth: int, lines: list[str], run_in: bool, labels: dict[str, str] | None
) -> None:
    if section.number:
        marker = f"{section.number}、" if depth == 0 else f"{LPAREN}{section.number}{RPAREN}"
        lines.append(marker + section.title)
        if section.intro:
            lines += section.intro.split("\n")
        if section.clauses:  # a heading's own clause closes its text
            lines[-1] += "".join(clause_text(c, labels) for c in section.clauses)
    for item in section.items:
        marker = item_marker(item.number, bool(section.number))
        body = item_text(item, labels)
        if item.title and run_in and body:
            lines += (marker + item.title + "。" + body).split("\n")
        elif item.title:
            lines.append(marker + item.title)
            lines += [line for line in body.split("\n")]
        else:
            lines += (marker + body).split("\n")
    for sub in section.sections:
        _write_section(sub, depth + 1, lines, run_in, labels)
