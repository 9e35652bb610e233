"""Find the numbered outline of a plan in cleaned paragraphs.

公文 ordinals come in four levels: 一、 → (一) → 1. → (1) (and ① below them).
Scraped text glues headings and items into one line (“…精神。二、总体目标到2025年…
三、主要任务(一)实施…1.落实…”) and is full of numbers that are not markers
(“资金1.47亿元”, “2-3所”, “(2023)24号”). So a marker at the start of a paragraph
is trusted, while one inside a paragraph must continue the numbering it belongs to
and sit where a new block can start (after a sentence, or right after a short heading).

The result is a tree of ``Block``s plus the paragraphs before the first block.
Deciding which blocks are sections and which are items is left to ``parse``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lang.numerals import to_chinese, to_int
from ..lang.patterns import CLOSE, SENTENCE_END
from ..lang.width import fold
from .front_matter import is_title_line, title_broken_before
from .located import Located

# Rank of each marker kind: a block nests under the nearest open block of lower rank.
RANK = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}

# Patterns run on width-folded text (see ``width``): “（一）” and “1．” match as “(一)”, “1.”.
# A private-use character after the digits (“1”+U+E010) is the stop of a font the export could
# not map, and counts as one.
_PRIVATE_USE = "\ue000-\uf8ff"
OUTLINE_MARKER = re.compile(
    r"(?P<a>[一二三四五六七八九十]{1,3})[ \t]*(?P<a_sep>[、.])"
    r"|\([ \t]*(?P<b>[一二三四五六七八九十]{1,3})[ \t]*\)(?:[ \t]*[、.])?"
    rf"|(?<![\d.A-Za-z])(?P<c>\d{{1,2}})[ \t]{{0,2}}(?P<c_sep>[.、{_PRIVATE_USE}])(?![\d.%])"
    r"|\([ \t]*(?P<d>\d{1,2})[ \t]*\)"
    r"|(?P<e>[\u2460-\u2473])"
)
# A new block may start after a sentence, a colon or a clause's closing bracket.
_BLOCK_BOUNDARY = SENTENCE_END + ":" + CLOSE
_CLOSERS = "”’\"'"
_HEADING_STOP = re.compile(f"[{SENTENCE_END}]")
_LETTER = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_HEADING_KINDS = ("a", "b", "c")  # the marker kind of a Word heading of level 1, 2, 3
_HEADING_LENGTH = 40  # an unnumbered Word heading longer than this is a styled paragraph, not a heading
_HEADING_RUN_IN = 40  # a heading whose title runs straight into “1.” is no longer than this
# How far an inline marker may jump ahead of its predecessor (numbers lost in a scrape):
_SECTION_SKIP = 3  # “一、” at a paragraph start
_ITEM_SKIP = 4  # “1.” after a sentence
_CIRCLED_ZERO = 0x245F  # ① is U+2460, so a circled number is its code point minus this
# “附件” / “附件1:…任务分工表” / “附表2” after the body: what follows is an attachment, not the
# plan; the 版记 (“抄送:…”, “…办公室 2027年2月18日印发”) ends it too.
ATTACHMENT_LABEL = re.compile(r"(?P<label>附[件表]\s*\d*)\s*(?::[ \t]*(?P<title>.*))?")
FORM_LABEL = "附表"  # a 附表 is a form: its numbered lines are cells and notes, not work items
_BACK_MATTER = re.compile(r"抄送\s*:.*|.{2,40}\d{4}年\d{1,2}月\d{1,2}日印发")
# A notice's 附件说明 before the plan: “附件:1.…工作要点” and its numbered continuation lines.
_ATTACHMENT_NOTE = re.compile(r"附件\s*:.+")
LISTED_NOTE = re.compile(r"\d+\s*\.\S")  # a further line of a 附件说明: “2.…实施方案”
_TITLE_AHEAD = re.compile(r"[ \t]*[\u4e00-\u9fff“][^,;:。\n]{1,29}。")


@dataclass
class Block:
    """A numbered block: its marker and the paragraphs of text that follow it."""

    kind: str
    value: int
    number: str
    marker: str
    line: int
    column: int
    parts: list[Located] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)
    inline: bool = False  # the marker sat inside a paragraph, not at its start
    last_child: dict[str, int] = field(default_factory=dict)

    @property
    def rank(self) -> int:
        return RANK[self.kind]


@dataclass
class Outline:
    """The blocks found, the text before them, and notes on irregular numbering."""

    front: list[Located]
    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)
    attachments: list[Located] = field(default_factory=list)
    notes: list[Located] = field(default_factory=list)  # a cover notice's 附件说明 lines, left out


def part_starts(paras: list[Located]) -> list[int]:
    """Where the file's later documents begin: the index of each title line (``is_title_line``)
    that stands after a run of top-level “一、” headings and before a restart of them at “一、”.

    Numbering that restarts without a title in front (items “1.” again under every section)
    starts nothing; nor does a title right under a 附件 label, which is the attachment's own.
    A title broken over two lines starts at its first line (``title_broken_before``: one that
    opens as a title does, not a form's last cell such as “钢琴伴奏”).
    """
    starts: list[int] = []
    numbered = False  # the current document's top-level numbering has begun
    candidate: int | None = None
    labelled = False  # the paragraph before was a 附件 label
    for index, para in enumerate(paras):
        key = fold(para.text).strip()
        top = OUTLINE_MARKER.match(key)
        if top and top.group("a") and top.group("a_sep") == "、":
            if candidate is not None and to_int(top.group("a")) == 1:
                starts.append(candidate - 1 if _title_goes_back(paras, candidate) else candidate)
            numbered, candidate = True, None
        elif numbered and not labelled and is_title_line(key):
            candidate = index  # the last one before the restart: form cells (“…意见”) may come first
        labelled = bool(ATTACHMENT_LABEL.fullmatch(key)) or (labelled and not key)
    return starts


def _title_goes_back(paras: list[Located], index: int) -> bool:
    """Whether the title line at ``index`` is the second line of a title broken over two
    (an item's line “1.关于…的” is no title's first half)."""
    if index == 0:
        return False
    first = paras[index - 1].text
    return not OUTLINE_MARKER.match(fold(first)) and title_broken_before(first, paras[index].text)


def scan(paras: list[Located]) -> Outline:
    """Split paragraphs at accepted markers and nest the blocks by marker level."""
    scanner = _Scanner()
    in_note = False
    notes: list[Located] = []
    for index, para in enumerate(paras):
        key = fold(para.text)
        if scanner.roots and (ATTACHMENT_LABEL.fullmatch(key) or _BACK_MATTER.fullmatch(key)):
            return Outline(scanner.front, scanner.roots, scanner.warnings, paras[index:], notes)
        if not scanner.roots:
            in_note = bool(_ATTACHMENT_NOTE.fullmatch(key)) or (in_note and bool(LISTED_NOTE.match(key)))
            if in_note:
                notes.append(para)
                continue
        scanner.feed(para)
    return Outline(scanner.front, scanner.roots, scanner.warnings, notes=notes)


class _Scanner:
    def __init__(self) -> None:
        self.front: list[Located] = []
        self.roots: list[Block] = []
        self.stack: list[Block] = []
        self.root_last: dict[str, int] = {}
        self.global_last: dict[str, int] = {}
        self.warnings: list[str] = []

    def feed(self, para: Located) -> None:
        text = fold(para.text)
        owner = self.stack[-1] if self.stack else None
        if para.heading and not OUTLINE_MARKER.match(text) and self._heading_opens(text):
            self._open_heading(para)
            return
        cuts: list[tuple[re.Match[str], Block]] = []
        for match in OUTLINE_MARKER.finditer(text):
            kind = _kind(match)
            raw = match.group(kind)
            value = ord(raw) - _CIRCLED_ZERO if kind == "e" else to_int(raw)
            if not value:
                continue
            previous = cuts[-1][0].end() if cuts else 0
            if self._accept(kind, value, match, text, previous):
                cuts.append((match, self._open(kind, value, match, para)))
        if not cuts:
            self._append(para, owner)
            return
        # Text before the first marker continues the block that was open before it.
        head = para.slice(0, cuts[0][0].start()).strip()
        if head.text:
            self._append(head, owner)
        for index, (match, block) in enumerate(cuts):
            end = cuts[index + 1][0].start() if index + 1 < len(cuts) else len(text)
            body = para.slice(match.end(), end).strip()
            if body.text:
                block.parts.append(body)

    # -- acceptance ---------------------------------------------------------------------

    def _accept(self, kind: str, value: int, match: re.Match[str], text: str, previous: int) -> bool:
        start = match.start()
        at_start = start == 0
        parent = self._parent_for(RANK[kind])
        last = (parent.last_child if parent else self.root_last).get(kind, 0)
        expected = {last + 1}
        if last == 0:
            expected.add(self.global_last.get(kind, 0) + 1)  # numbering continued across sections
        if not self.roots and not self.stack:
            return value == 1 and (at_start or _after_sentence(text, start))
        if kind == "a" and match.group("a_sep") != "、" and not at_start:
            return False
        if at_start:
            if kind == "a":
                return value in expected or last < value <= last + _SECTION_SKIP or value == last
            return True
        if kind == "a" and re.match(r"[一二三四五六七八九十]", text[match.end() : match.end() + 1]):
            return False  # “三、四年级” is a range, not a heading
        after_sentence = _after_sentence(text, start)
        if kind == "a":
            return after_sentence and value == last + 1
        if kind in ("b", "e"):
            return value in expected
        if kind == "c":
            if after_sentence and (value in expected or last < value <= last + _ITEM_SKIP):
                return True
            if value in expected and _TITLE_AHEAD.match(text, match.end()):
                return True  # “…县2 .促进学前教育均衡化。”: a run-in item title follows
            return value == 1 and last == 0 and self._in_heading(text, start, previous)
        return after_sentence and value in expected  # (1): only as a run of sub-points

    def _heading_opens(self, text: str) -> bool:
        """Whether an unnumbered Word heading is a block: a short line with no sentence in it,
        not a title line, and (before the first block) only once the document's title was seen,
        so the title set in a heading style (and its first half, when it runs over two lines)
        stays front matter."""
        if len(text) > _HEADING_LENGTH or _HEADING_STOP.search(text) or is_title_line(text):
            return False
        return bool(self.roots) or any(is_title_line(p.text) for p in self.front)

    def _in_heading(self, text: str, start: int, previous: int) -> bool:
        """Whether the open block is a short heading whose title runs straight into “1.”."""
        if not self.stack or self.stack[-1].rank >= RANK["c"]:
            return False
        since = text[previous:start]
        return 0 < len(since) <= _HEADING_RUN_IN and not _HEADING_STOP.search(since)

    def _parent_for(self, rank: int) -> Block | None:
        for block in reversed(self.stack):
            if block.rank < rank:
                return block
        return None

    # -- building -----------------------------------------------------------------------

    def _open(self, kind: str, value: int, match: re.Match[str], para: Located) -> Block:
        parent, siblings = self._siblings(RANK[kind])
        last = siblings.get(kind, 0)
        line, column = para.locate(match.start())
        number = match.group(kind)
        if last and value != last + 1 and value != self.global_last.get(kind, 0) + 1:
            self.warnings.append(f"第{line}行:编号“{number}”接在“{_name(kind, last)}”之后,不连续")
        marker = para.text[match.start() : match.end()].strip()
        block = Block(kind, value, number, marker, line, column, inline=match.start() > 0)
        self._place(block, parent, siblings)
        return block

    def _open_heading(self, para: Located) -> None:
        """An unnumbered Word heading as a block of its level (1 → “一、”, 2 → “(一)”, 3 → “1.”),
        numbered by its place among its siblings; its marker is "" (none is in the text)."""
        kind = _HEADING_KINDS[para.heading - 1]
        parent, siblings = self._siblings(RANK[kind])
        value = siblings.get(kind, 0) + 1
        number = str(value) if kind == "c" else to_chinese(value)
        line, column = para.locate(0)
        self._place(Block(kind, value, number, "", line, column, parts=[para.strip()]), parent, siblings)

    def _siblings(self, rank: int) -> tuple[Block | None, dict[str, int]]:
        """Close the blocks a new block of ``rank`` ends; its parent and its siblings' last numbers."""
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        return parent, parent.last_child if parent else self.root_last

    def _place(self, block: Block, parent: Block | None, siblings: dict[str, int]) -> None:
        (parent.children if parent else self.roots).append(block)
        siblings[block.kind] = block.value
        self.global_last[block.kind] = block.value
        self.stack.append(block)

    def _append(self, part: Located, owner: Block | None) -> None:
        if owner is None:
            self.front.append(part)
        elif owner.parts and _cut_mid_sentence(owner.parts[-1].text):
            owner.parts[-1] = owner.parts[-1] + part  # a page break split the paragraph: rejoin it
        else:
            owner.parts.append(part)


def _kind(match: re.Match[str]) -> str:
    return next(kind for kind in RANK if match.group(kind))


def _after_sentence(text: str, start: int) -> bool:
    """Whether position ``start`` follows the end of a sentence (or a clause's bracket)."""
    index = start - 1
    while index >= 0 and text[index] in " \t":
        index -= 1
    if index < 0:
        return True
    char = text[index]
    if char in _CLOSERS and index > 0:
        char = text[index - 1]
    return char in _BLOCK_BOUNDARY


def _cut_mid_sentence(text: str) -> bool:
    """Whether a block's paragraph stops mid-sentence (“…学生研究”, “…加强课堂教学”): it is
    prose (a sentence ends inside it, so it is no title line) and its last character is a
    letter, not punctuation. The next unnumbered paragraph then continues it."""
    text = text.rstrip()
    if _LETTER.match(fold(text[-1:])) is None:
        return False
    # A paragraph this long is prose whatever it holds; looking at its tail only keeps a long run of
    # rejoined lines (a hard-wrapped copy) linear instead of folding the growing text again and again.
    return len(text) > _PROSE_LENGTH or bool(_HEADING_STOP.search(fold(text)))


# No heading or title line is this long (headings run to 40 characters or so).
_PROSE_LENGTH = 200


def _name(kind: str, value: int) -> str:
    return {
        "a": f"{to_chinese(value)}、",
        "b": f"({to_chinese(value)})",
        "c": f"{value}.",
        "d": f"({value})",
        "e": chr(_CIRCLED_ZERO + value),
    }[kind]
