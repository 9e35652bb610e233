"""Turn a plan as staff actually have it into the plan model.

``parse_file`` reads .txt/.md/.docx (and drafter's own YAML); ``parse_text`` takes a
string. The pipeline: read paragraphs → strip web noise → find the numbered outline →
read the front matter → decide which blocks are sections and which are items →
split each item's short title from its text and lift out its responsibility clauses.

Which blocks are items (the conventions of tests/data/gold/README.md): a numbered block
with no numbered children is an item, whatever its marker; a block with children is a
heading, and one heading may hold items and sub-headings side by side. Top-level “一、”
blocks are always sections. Sub-points “(1)”/“①” under an item stay part of its text.
Goals blocks (“总体要求”, “(二)基本原则” — vocabulary goals_words) are no work items: such
a block and everything numbered under it are kept as its section's intro, so checks that
ask items for a responsible unit never see them. An unnumbered paragraph of a heading that
opens with a short run-in title and ends with its own clause (the 若干政策 layout) is an
item numbered "". A label that opens an item's measures (“工作措施:”, vocabulary
measures_labels) is stripped from its text and counted in a warning.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..lang.patterns import SENTENCE_END
from ..lang.vocabulary import alternation, vocabulary
from ..lang.width import COLONS, fold
from ..model import Attachment, Clause, Item, Plan, Section, Source
from . import titles
from .chrome import clean, report
from .clauses import OPEN, extract
from .front_matter import read_front, split_signature
from .located import Located, join
from .outline import ATTACHMENT_LABEL, RANK, Block, scan
from .read import MAX_UNZIPPED, Para, _text_paras, read_document, require_file, source_kind, xml_safe

# Goals headings (``templates/vocabulary.yaml``: goals_words), matched on a block's first words.
GOALS_WORDS = vocabulary().goals_words
# Labels that open every item's measures (“工作措施:”): stripped from the text and counted.
MEASURES_LABELS = vocabulary().measures_labels
_MEASURES_LABEL = re.compile(rf"(?:{alternation(MEASURES_LABELS)})[ \t]*[{COLONS}][ \t]*")
# An attachment's name line is no longer than this; a longer first line is prose, not a name.
_ATTACHMENT_TITLE = 60
_NO_TITLE = re.compile(f"[{SENTENCE_END}{COLONS}]")
# What may follow a paragraph item's closing clause: a full stop and spaces.
_PARAGRAPH_TAIL = " \t\u3000。"


def parse_file(path: str | Path, max_unzipped: int = MAX_UNZIPPED) -> Plan:
    """Parse a plan file of any supported format (.txt, .md, .docx, .yaml; .doc, .wps, .rtf and
    .odt through LibreOffice).

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
    plan.source = replace(
        plan.source,
        path=str(path),
        sha256=document.sha256,
        format=document.format,
        encoding=document.encoding,
    )
    if document.converter:  # provenance: what turned a .doc/.wps/... into the .docx read
        plan.source.provenance["converter"] = document.converter
    return plan


def parse_text(text: str) -> Plan:
    """Parse plan text given as a string (lines as in a .txt file)."""
    paras, removed = xml_safe(_text_paras(text.replace("\r\n", "\n").replace("\r", "\n")))
    plan = parse_paragraphs(paras)
    plan.warnings[:0] = removed
    return plan


def parse_paragraphs(paras: list[Para]) -> Plan:
    """Parse paragraphs produced by a reader.

    What follows a 附件 label after the body is a document of its own, parsed the same way
    into ``plan.attachments``. (A cover notice whose plan follows a bare 附件 line is read
    by the front matter: the notice goes to ``notice`` and the plan is the body.)
    """
    cleaned, meta, dropped = clean(paras)
    cleaned, signer, dated = split_signature(cleaned)
    plan, rest = _document(cleaned, meta, (signer, dated))
    plan.warnings[:0] = dropped
    unread, groups = _attachment_groups(rest)
    for label, group in groups:
        attachment, tail = _attachment(label, group)
        plan.attachments.append(attachment)
        plan.warnings += [f"{attachment.label}:{w}" for w in attachment.plan.warnings]
        attachment.plan.warnings = []
        unread += tail
    if unread:  # the 版记 and what the outline could not place: counted, never dropped silently
        plan.warnings.append(report("附件及其后的文字未解析 {} 行", unread))
    if not plan.title:
        plan.warnings.insert(0, "未找到计划标题")
    if not plan.sections:
        plan.warnings.append("未识别出任何章节或条目")
    return plan


def _document(
    paras: list[Located], meta: dict[str, str], signature: tuple[Located, Located]
) -> tuple[Plan, list[Located]]:
    """One document's paragraphs as a plan, and the paragraphs after its outline ended."""
    outline = scan(paras)
    body = "\n".join(p.text for p in paras)
    front = read_front(outline.front, meta, body, signature)
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
        warnings=front.warnings + outline.warnings + builder.warnings,
        line=front.title_line,
    )
    plan.locs.update(front.locs, preamble=front.preamble.anchors)
    origin = dict(front.source)
    plan.source = Source(url=origin.pop("url", ""), provenance=origin)
    if builder.stops:
        plan.warnings.append(report("去掉责任分工后重复的句号 {} 处", builder.stops))
    if builder.labels:
        plan.warnings.append(report("去掉条目正文开头的标签 {} 处", builder.labels))
    if outline.notes:
        plan.warnings.append(report("略去通知的附件说明 {} 行", outline.notes))
    return plan, outline.attachments


def _attachment_groups(paras: list[Located]) -> tuple[list[Located], list[tuple[Located, list[Located]]]]:
    """Split the text after the body at its 附件 labels: (what precedes the first label,
    [(label line, the attachment's paragraphs)])."""
    before: list[Located] = []
    groups: list[tuple[Located, list[Located]]] = []
    for para in paras:
        if ATTACHMENT_LABEL.fullmatch(fold(para.text)):
            groups.append((para, []))
        elif groups:
            groups[-1][1].append(para)
        else:
            before.append(para)
    return before, groups


def _attachment(label: Located, paras: list[Located]) -> tuple[Attachment, list[Located]]:
    """An attachment parsed as a document; a title on its label line (“附件1:任务分工表”) is
    its title when its text names none. Also returns what its outline left (its 版记)."""
    match = ATTACHMENT_LABEL.fullmatch(fold(label.text))
    assert match is not None  # _attachment_groups chose the label by this pattern
    plan, rest = _document(paras, {}, (Located(""), Located("")))
    named = label.slice(match.start("title"), match.end("title")).strip() if match["title"] else Located("")
    if named.text and not plan.title:
        plan.title, plan.line = named.text, named.locate(0)[0]
        plan.locs["title"] = named.anchors
    elif named.text:  # the text has a title line of its own: the label's copy is counted
        rest.insert(0, named)
    if not plan.title:
        _title_from_first_line(plan)
    line, column = label.locate(0)
    text = label.text[match.start("label") : match.end("label")]
    return Attachment(label=text, plan=plan, line=line, column=column), rest


def _title_from_first_line(plan: Plan) -> None:
    """A form or list attachment opens with its name on a line of its own (“…工作组名单”):
    a short first line with no sentence in it is its title."""
    preamble = Located(plan.preamble, plan.locs.get("preamble", ()))
    cut = preamble.text.find("\n")
    first = preamble.slice(0, cut if cut >= 0 else len(preamble.text)).strip()
    if not first.text or len(first.text) > _ATTACHMENT_TITLE or _NO_TITLE.search(fold(first.text)):
        return
    plan.title, plan.line, plan.locs["title"] = first.text, first.locate(0)[0], first.anchors
    rest = preamble.slice(cut + 1).strip() if cut >= 0 else Located("")
    plan.preamble, plan.locs["preamble"] = rest.text, rest.anchors


class _Builder:
    """Map outline blocks onto sections and items."""

    def __init__(self, roots: list[Block]):
        self.roots = roots
        self.warnings: list[str] = []
        self.stops: list[Located] = []  # full stops doubled after a clause, left out
        self.labels: list[Located] = []  # “工作措施:” opening an item's measures, left out
        self.points_are_items = not any(
            block.rank <= RANK["c"] for root in roots for block in _descendants(root)
        )
        self.item_blocks: list[Block] = []
        self.goals: set[int] = set()  # ids of goals blocks: kept whole as a section's intro
        self.paragraph_items: dict[int, list[Block]] = {}  # heading id → its 若干政策 paragraphs
        self._collect(roots, top=True)
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

    def _collect(self, blocks: list[Block], top: bool) -> None:
        """Sort blocks into headings and items: a block without numbered children is an item.

        Top-level “一、” blocks are always sections; a goals block (“总体要求”, “(二)基本原则”)
        is neither, whatever it holds; sub-points “(1)”/“①” do not make a heading of the
        block above them unless the plan has no higher item level at all.
        """
        for block in blocks:
            if _is_goals(block):
                self.goals.add(id(block))
                continue
            numbered = [c for c in block.children if self.points_are_items or c.rank <= RANK["c"]]
            if numbered or (top and block.rank == RANK["a"]):
                # the 若干政策 layout: a heading whose work is all in unnumbered paragraphs; beside
                # numbered children, an unnumbered paragraph is the heading's own text
                paragraphs = (
                    []
                    if numbered
                    else [_paragraph_block(p) for p in block.parts[1:] if _is_paragraph_item(p)]
                )
                if paragraphs:
                    self.paragraph_items[id(block)] = paragraphs
                    self.item_blocks.extend(paragraphs)
                self._collect(block.children, top=False)
            else:
                self.item_blocks.append(block)

    def _section(self, block: Block) -> Section:
        goals = id(block) in self.goals
        parts = _folded_parts(block) if goals else block.parts
        paragraphs = self.paragraph_items.get(id(block), [])
        taken = {id(p.parts[0]) for p in paragraphs}
        first = parts[0] if parts else Located("")
        title, intro_first = titles.split_heading(first)
        intro = join([intro_first, *(p for p in parts[1:] if id(p) not in taken)]).strip()
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
        section.items.extend(self._item(p) for p in paragraphs)
        for child in [] if goals else block.children:
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
        if fold(title.text) in MEASURES_LABELS:  # “1.工作措施:…” has no title, only the label
            self.labels.append(title)
            title = Located("")
        else:
            label = _MEASURES_LABEL.match(fold(text.text))
            if label:
                self.labels.append(text.slice(0, label.end()))
                _shift(clauses, label.end())
                text = text.slice(label.end())
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
    return join(_folded_parts(block))


def _folded_parts(block: Block) -> list[Located]:
    """A block's paragraphs with the markers and text of every block under it, in order."""
    parts = list(block.parts)
    for child in _descendants(block):
        head = Located.at(child.marker, child.line, child.column)
        first = head + child.parts[0] if child.parts else head
        if child.inline and parts:
            parts[-1] = parts[-1] + first
        else:
            parts.append(first)
        parts.extend(child.parts[1:])
    return parts


def _is_goals(block: Block) -> bool:
    """Whether a block states goals or principles (its first words are a goals word)."""
    first = fold(block.parts[0].text) if block.parts else ""
    return first.startswith(GOALS_WORDS)


def _is_paragraph_item(para: Located) -> bool:
    """An unnumbered paragraph that is an item of its own (the 若干政策 layout): it opens with
    a short run-in title (“培育各类工业互联网平台。…”) and ends with its own clause."""
    if not titles.run_in_title(para):
        return False
    _, _, found = extract(para)
    return bool(found) and not para.text[found[-1].end :].strip(_PARAGRAPH_TAIL)


def _paragraph_block(para: Located) -> Block:
    """An unnumbered paragraph as a block without a marker (number "")."""
    line, column = para.locate(0)
    return Block("", 0, "", "", line, column, parts=[para])


def _first_paragraph(text: Located) -> tuple[Located, bool]:
    cut = text.text.find("\n")
    return (text.slice(0, cut), True) if cut >= 0 else (text, False)


def _descendants(block: Block) -> list[Block]:
    out = []
    for child in block.children:
        out.append(child)
        out.extend(_descendants(child))
    return out


def _shift(clauses: list[Clause], by: int) -> None:
    for clause in clauses:
        clause.position -= by


def _clamp(clauses: list[Clause], length: int) -> None:
    for clause in clauses:
        clause.position = max(0, min(clause.position, length))
