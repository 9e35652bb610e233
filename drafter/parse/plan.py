"""Turn a plan as staff actually have it into the plan model.

``parse_file`` reads .txt/.md/.docx (and drafter's own YAML); ``parse_text`` takes a
string. The pipeline: read paragraphs → strip web noise → find the numbered outline →
read the front matter → decide which blocks are sections and which are items →
split each item's short title from its text and lift out its responsibility clauses.

Which blocks are items: a numbered block with no numbered children is an item,
whatever its marker — at the level where most childless blocks of the document sit.
Childless blocks above that level (“一、指导思想…”, “(一)强化组织领导。…” in a
safeguards section) are headings with an intro; blocks below it inside an item
(“(1)…(2)…”) stay part of the item's text.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..lang.width import COLONS, fold
from ..model import Clause, Item, Plan, Section, Source
from . import titles
from .chrome import clean, report
from .clauses import OPEN, extract
from .front_matter import read_front, split_signature
from .located import Located, join
from .outline import RANK, Block, scan
from .read import MAX_UNZIPPED, Para, _text_paras, read_document, require_file, source_kind, xml_safe


def parse_file(path: str | Path, max_unzipped: int = MAX_UNZIPPED) -> Plan:
    """Parse a plan file of any supported format (.txt, .md, .docx, .yaml).

    ``max_unzipped``: the most bytes a .docx may inflate to before it is refused as a zip bomb.
    """
    path = Path(path)
    require_file(path)
    if source_kind(path) == "yaml":
        from ..store.serialize import load_plan

        return load_plan(path)
    document = read_document(path, max_unzipped)
    plan = parse_paragraphs(document.paras)
    plan.warnings[:0] = document.warnings
    plan.source = Source(
        path=str(path), sha256=document.sha256, format=document.format, encoding=document.encoding
    )
    return plan


def parse_text(text: str) -> Plan:
    """Parse plan text given as a string (lines as in a .txt file)."""
    paras, removed = xml_safe(_text_paras(text.replace("\r\n", "\n").replace("\r", "\n")))
    plan = parse_paragraphs(paras)
    plan.warnings[:0] = removed
    return plan


def parse_paragraphs(paras: list[Para]) -> Plan:
    """Parse paragraphs produced by a reader."""
    cleaned, meta, dropped = clean(paras)
    cleaned, signer, date = split_signature(cleaned)
    outline = scan(cleaned)
    body = "\n".join(p.text for p in cleaned)
    front = read_front(outline.front, meta, body, (signer, date))
    builder = _Builder(outline.blocks)
    plan = Plan(
        title=front.title,
        issuer=front.issuer,
        year=front.year,
        doc_type=front.doc_type,
        date=front.date,
        preamble=front.preamble.text,
        notice=front.notice,
        sections=builder.sections(),
        warnings=dropped + front.warnings + outline.warnings + builder.warnings,
        line=front.title_line,
    )
    plan.locs.update(front.locs, preamble=front.preamble.anchors)
    if builder.stops:
        plan.warnings.append(report("去掉责任分工后重复的句号 {} 处", builder.stops))
    if not plan.title:
        plan.warnings.insert(0, "未找到计划标题")
    if not plan.sections:
        plan.warnings.append("未识别出任何章节或条目")
    return plan


class _Builder:
    """Map outline blocks onto sections and items."""

    def __init__(self, roots: list[Block]):
        self.roots = roots
        self.warnings: list[str] = []
        self.stops: list[Located] = []  # full stops doubled after a clause, left out
        self.item_rank = _item_rank(roots)
        self.item_blocks: list[Block] = []
        self._collect(roots, under_item=False)
        self.extracted = {id(b): extract(_item_body(b)) for b in self.item_blocks}
        self.guesses = {
            key: titles.guess(*_first_paragraph(text)) for key, (text, _, _) in self.extracted.items()
        }
        self.trusted = titles.choose(list(self.guesses.values()))

    def sections(self) -> list[Section]:
        sections: list[Section] = []
        loose: list[Item] = []  # items that sit directly at the top, outside any section
        for block in self.roots:
            if id(block) in self.guesses:
                loose.append(self._item(block))
                continue
            if loose:
                sections.append(Section(number="", items=loose))
                loose = []
            sections.append(self._section(block))
        if loose:
            sections.append(Section(number="", items=loose))
        return sections

    def _collect(self, blocks: list[Block], under_item: bool) -> None:
        for block in blocks:
            is_item = block.rank == self.item_rank or (block.rank > self.item_rank and not under_item)
            if is_item:
                self.item_blocks.append(block)
            else:
                self._collect(block.children, under_item=False)

    def _section(self, block: Block) -> Section:
        first = block.parts[0] if block.parts else Located("")
        title, intro_first = titles.split_heading(first)
        intro = join([intro_first, *block.parts[1:]]).strip()
        # a heading's own clause (“(四)…。(责任单位:省教育厅等)”) covers the items under it
        title, title_clauses, _ = extract(title) if block.children else (title, [], [])
        intro, clauses, _ = extract(intro) if block.children else (intro, [], [])
        for clause in title_clauses:
            clause.position = 0
        section = Section(
            number=block.number,
            title=title.text.strip().rstrip("。"),
            intro=intro.text,
            clauses=[*title_clauses, *clauses],
            marker=block.marker,
            line=block.line,
            column=block.column,
        )
        section.locs = {"title": title.anchors, "intro": intro.anchors}
        for child in block.children:
            if id(child) in self.guesses:
                section.items.append(self._item(child))
            else:
                section.sections.append(self._section(child))
        return section

    def _item(self, block: Block) -> Item:
        text, clauses, found = self.extracted[id(block)]
        guess = titles.pick(self.guesses[id(block)], self.trusted)
        title = Located("")
        if guess is not None:
            title = text.slice(0, guess.end).strip().strip("。" + COLONS)
            rest = text.slice(guess.rest).lstrip(" \t\n。" + COLONS)
            if rest.text.strip():
                _shift(clauses, len(text.text) - len(rest.text))
                text = rest.strip()
            else:
                title = Located("")
        for item in found:
            if not item.closed and fold(item.clause.raw[:1]) in OPEN:
                line = item.clause.line
                self.warnings.append(f"第{line}行:责任分工括号未闭合:“{item.clause.raw}”")
            if item.stop:
                self.stops.append(item.stop)
        _clamp(clauses, len(text.text))
        return Item(
            number=block.number,
            title=title.text,
            text=text.text,
            clauses=clauses,
            marker=block.marker,
            line=block.line,
            column=block.column,
            locs={"title": title.anchors, "text": text.anchors},
        )


def _item_body(block: Block) -> Located:
    """An item's paragraphs, with any numbered sub-points folded back into its text."""
    parts = list(block.parts)
    for child in _descendants(block):
        head = Located.at(child.marker, child.line, child.column)
        first = head + child.parts[0] if child.parts else head
        if child.inline and parts:
            parts[-1] = parts[-1] + first
        else:
            parts.append(first)
        parts.extend(child.parts[1:])
    return join(parts)


def _first_paragraph(text: Located) -> tuple[Located, bool]:
    cut = text.text.find("\n")
    return (text.slice(0, cut), True) if cut >= 0 else (text, False)


def _descendants(block: Block) -> list[Block]:
    out = []
    for child in block.children:
        out.append(child)
        out.extend(_descendants(child))
    return out


def _item_rank(roots: list[Block]) -> int:
    """The marker level of items: where most childless blocks below the top sit.

    Sub-points “(1)” and “①” under a “1.” do not make it a heading, so blocks whose
    children are all sub-points count as childless; sub-points themselves are items
    only in a plan that has no “1.”-or-higher item at all.
    """
    leaves: Counter[int] = Counter()
    points: Counter[int] = Counter()
    stack = [child for root in roots for child in root.children]
    while stack:
        block = stack.pop()
        stack.extend(block.children)
        if block.rank > RANK["c"]:
            if not block.children:
                points[block.rank] += 1
        elif all(child.rank > RANK["c"] for child in block.children):
            leaves[block.rank] += 1
    counts = leaves or points
    if not counts:
        return min((b.rank for b in roots), default=1)
    best = max(counts.values())
    return max(rank for rank, count in counts.items() if count == best)


def _shift(clauses: list[Clause], by: int) -> None:
    for clause in clauses:
        clause.position -= by


def _clamp(clauses: list[Clause], length: int) -> None:
    for clause in clauses:
        clause.position = max(0, min(clause.position, length))
