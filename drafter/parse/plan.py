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
from ..model import Attachment, Clause, Item, Plan, Section, Source, part_label
from . import titles
from .chrome import clean, report
from .clauses import OPEN, extract
from .front_matter import (
    is_notice_title,
    issued_before,
    issued_title,
    names_title,
    read_front,
    split_signature,
)
from .located import Located, join
from .outline import ATTACHMENT_LABEL, FORM_LABEL, LISTED_NOTE, OUTLINE_MARKER, RANK, Block, part_starts, scan
from .read import (
    MAX_UNZIPPED,
    Para,
    _text_paras,
    read_document,
    require_file,
    source_kind,
    tab_tables,
    xml_safe,
)

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
    """Parse a plan file of any supported format (.txt, .md, .docx, .html, .mhtml, .pdf, .yaml;
    .doc, .wps, .rtf and .odt through LibreOffice).

    ``max_unzipped``: the most bytes a .docx may inflate to before it is refused as a zip bomb.
    """
    path = Path(path)
    require_file(path)
    if source_kind(path) == "yaml":
        from ..store.serialize import load_plan

        return load_plan(path)
    document = read_document(path, max_unzipped)
    plan = parse_paragraphs(document.paras, document.meta)
    plan.warnings[:0] = document.warnings
    for part in plan.parts():  # every document of the file has the file as its source
        part.source = replace(
            part.source,
            path=str(path),
            sha256=document.sha256,
            format=document.format,
            encoding=document.encoding,
            provenance=part.source.provenance | document.provenance,
        )
    if document.format == "docx":  # a draft drafter wrote keeps its items' provenance in the file
        from ..render.annotate import read_origins, restore_origins

        restore_origins(plan, read_origins(path))
    return plan


def parse_text(text: str) -> Plan:
    """Parse plan text given as a string (lines as in a .txt file)."""
    notes: list[str] = []
    paras = tab_tables(_text_paras(text.replace("\r\n", "\n").replace("\r", "\n")), notes)
    paras, removed = xml_safe(paras)
    plan = parse_paragraphs(paras)
    plan.warnings[:0] = notes + removed
    return plan


def parse_paragraphs(paras: list[Para], meta: dict[str, str] | None = None) -> Plan:
    """Parse paragraphs produced by a reader; ``meta``: what the file says of the document
    outside its text (a web page's head), read like a site's info panel.

    A file may print several documents one after the other (a notice issuing two 实施方案):
    each title line followed by a restart of the top-level numbering (``part_starts``) begins
    a part of its own, parsed the same way into ``plan.more_parts``; a later part that names no
    issuer or year of its own takes the file's. A cover notice (印发/转发…的通知) with numbered
    points of its own keeps them in ``notice.body`` when the document it issues follows as a
    part, or is named by a 附件 label. What follows a 附件 label after a part's body is a
    document of its own, parsed the same way into that part's ``attachments``.
    """
    cleaned, panel, dropped = clean(paras)
    panel = (meta or {}) | panel  # the page's own info panel wins over its head
    cleaned, signer, dated = _signature(cleaned)
    starts = part_starts(cleaned)
    segments = [cleaned[a:b] for a, b in zip([0, *starts], [*starts, len(cleaned)], strict=True)]
    head, rest = _document(segments[0], panel, (signer, dated))
    head.warnings[:0] = dropped
    parts = [_document(s, {}, (Located(""), Located("")), (head.issuer, head.year)) for s in segments[1:]]
    cover = _is_cover(head, rest, parts[0][0].title if parts else "")
    if cover:
        _keep_points_in_notice(head, segments[0])
    if cover and parts:  # the notice issues the next document: that is the first part
        part, more = parts[0]
        parts[0] = (_under_notice(head, part), rest + more)
    else:
        parts.insert(0, (head, rest))
    first, *others = [_part(plan, rest) for plan, rest in parts]
    for number, part in enumerate(others, start=2):
        first.warnings += [f"{part_label(number)}文件:{w}" for w in part.warnings]
        part.warnings = []
    first.more_parts = others
    return first


def _signature(paras: list[Located]) -> tuple[list[Located], Located, Located]:
    """The plan's 落款 taken off the text: where GB/T 9704 sets it, after the body (and its
    附件说明) and before the first attachment, else (as exported web texts print it) the
    text's last lines."""
    for label in _signature_places(paras):
        kept, signer, dated = split_signature(paras, before=label)
        if dated.text:
            return kept, signer, dated
    return split_signature(paras)


def _signature_places(paras: list[Located]) -> list[int]:
    """Where the plan's 落款 may stand before its attachments: before the first 附件 label after
    the outline began, or, when that label opens a 附件说明 (“附件:1.…”, “2.…”), before the label
    after it. None after a cover notice (what stands before its attachments is the notice's),
    none in a later document of the file, and none before a later label (that is an attachment's
    own signature)."""
    starts = part_starts(paras)
    end = starts[0] if starts else len(paras)
    numbered = False
    for index, para in enumerate(paras[:end]):
        key = fold(para.text).strip()
        if not numbered:
            if is_notice_title(key):
                return []
            numbered = OUTLINE_MARKER.match(key) is not None
        elif ATTACHMENT_LABEL.fullmatch(key):
            after = index + 1
            while after < end and LISTED_NOTE.match(fold(paras[after].text)):
                after += 1
            later = [
                at
                for at in (after + 1, after + 2)  # a date line, or an organ and a date line, between
                if at < end and ATTACHMENT_LABEL.fullmatch(fold(paras[at].text).strip())
            ]
            return [index, *later[:1]]
    return []


def _part(plan: Plan, rest: list[Located]) -> Plan:
    """A part with its attachments parsed from what follows its outline, and its last warnings."""
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


def _is_cover(plan: Plan, rest: list[Located], next_title: str) -> bool:
    """Whether the file's first document is only a cover notice whose numbered points are its
    own: a 印发/转发 notice with no title line of its own before its points, and the document it
    issues first (``next_title``, the next part's) follows, or a 附件 label after the points names
    it. (A notice issuing two documents whose first has no title line keeps that one's sections.)"""
    if plan.notice is None or plan.line or not plan.sections:
        return False
    if next_title:
        return names_title(plan.notice.title, next_title) and not issued_before(plan.notice.title, next_title)
    issued = issued_title(plan.notice.title)
    labels = (ATTACHMENT_LABEL.fullmatch(fold(p.text)) for p in rest)
    return any(m and m["title"] and issued and names_title(m["title"], issued) for m in labels)


def _keep_points_in_notice(plan: Plan, paras: list[Located]) -> None:
    """Read the cover notice's numbered points (and any text between them and the notice) as
    the notice's body, markers included: they are no sections of a plan."""
    assert plan.notice is not None  # _is_cover chose the plan by its notice
    texts = [
        Located(plan.notice.body, plan.locs.get("notice.body", ())),
        Located(plan.preamble, plan.locs.get("preamble", ())),
    ]
    for block in scan(paras).blocks:
        parts = _folded_parts(block)
        head = Located.at(block.marker, block.line, block.column)
        texts += [head + parts[0] if parts else head, *parts[1:]]
    body = join([t for t in texts if t.text])
    plan.notice.body, plan.locs["notice.body"] = body.text, body.anchors
    plan.preamble, plan.locs["preamble"] = "", ()
    plan.sections = []


def _under_notice(cover: Plan, plan: Plan) -> Plan:
    """The plan a cover notice issues, with the notice, the file's source and what the
    notice's reading reported."""
    plan.notice = cover.notice
    plan.locs.update({k: v for k, v in cover.locs.items() if k.startswith(("notice.", "source."))})
    plan.source = cover.source
    if not plan.date:
        plan.date = cover.date
        if "date" in cover.locs:
            plan.locs["date"] = cover.locs["date"]
    plan.attachments[:0] = cover.attachments
    plan.warnings[:0] = cover.warnings
    return plan


def _document(
    paras: list[Located],
    meta: dict[str, str],
    signature: tuple[Located, Located],
    of_file: tuple[str, int | None] = ("", None),
) -> tuple[Plan, list[Located]]:
    """One document's paragraphs as a plan, and the paragraphs after its outline ended;
    ``of_file`` is the (issuer, year) of the file's first document (see ``read_front``)."""
    outline = scan(paras)
    body = "\n".join(p.text for p in paras)
    front = read_front(outline.front, meta, body, signature, of_file)
    builder = _Builder(outline.blocks)
    plan = Plan(
        title=front.title,
        issuer=front.issuer,
        year=front.year,
        doc_type=front.doc_type,
        date=front.date,
        date_written=front.date_written,
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
    rest: list[Located] = []
    if match["label"].startswith(FORM_LABEL):  # a form: its text is held whole, not outlined
        held = join(paras)
        plan = Plan(preamble=held.text)
        plan.locs["preamble"] = held.anchors
    else:
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
    a short run-in title (“培育各类工业互联网平台。…”) and ends with its own clause. A paragraph
    that is all clause (“主办单位:重庆市教育委员会”, the organisers of an activity) governs
    no text and is no item."""
    if not titles.run_in_title(para):
        return False
    _, _, found = extract(para)
    return bool(found) and found[0].start > 0 and not para.text[found[-1].end :].strip(_PARAGRAPH_TAIL)


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
