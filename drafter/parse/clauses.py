"""Responsibility clauses: who leads, who is responsible, who supports an item.

Real plans write them in many shapes, and scraping breaks them further:
“(牵头处室:A,责任处室:B、C)”, “(责任单位:A)”, “(责任单位A)” (colon lost), a missing
opening or closing bracket, no brackets at all at the end of an item, “责任部门:A、B,C”
on its own line, “(A负责)”, “(A牵头,B、C配合)”, “〔责任单位:…〕”, a deadline in the
same bracket “(6月底完成,牵头单位:A)”, and unit names with brackets of their own
(“组织部(学校党建处)”, “各县(市、区)政府”). Prose that merely mentions “牵头单位” is
not a clause: a label must open a bracket or be followed by a colon.

Real plans add: a qualifier before a role word written after the names (“(A牵头,B、C按职责分工
配合)”, kept in the label, not in the last name), a role word with a qualifier of its own
(“牵头考核单位”), names in parts of their own before the role word (“(A,B负责)”), a class named
level by level as the salutation names it (“各区、县(市)政府”: one unit), and a descriptive unit
that ends in a label word (“…工作专班牵头单位”: a name when nothing follows it).

Names are kept as written: a misspelled unit stays misspelled (``check`` reports it), and a
prefix a list carries over (“市文广新局、人社局”) is not added to the names that drop it — the
gold convention; a reader who needs the full name has the first name of the list beside it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from ..lang.patterns import CLAUSE_NAMES, CLOSE, DEADLINE, DEADLINE_LABELLED, LABEL, OPEN, SUFFIX_ROLE
from ..lang.vocabulary import alternation, vocabulary
from ..lang.width import fold
from ..model import Clause
from .located import Located, join

_VOCABULARY = vocabulary()
_ROLE_OF_LABEL = _VOCABULARY.role_of_label_word()
_ROLE_OF_SUFFIX = _VOCABULARY.role_of_suffix_word()
_LONG_KIND = 2  # “处室”, “单位”: a two-character kind makes a label even without its colon
_LIST_SEPARATORS = "、,; \t/"
_NOT_IN_NAMES = ':“”"《》。'  # a part with these is a sentence, not a list of names
_LEVELS = alternation(_VOCABULARY.place_endings)
_LEVEL_START = re.compile(rf"(?:{_LEVELS})")  # a name that starts with an administrative level
_BARE_LEVELS = re.compile(rf"(?:{_LEVELS})+(?:\([^()]*\))?")  # “区”, “县(市)”: levels and nothing more


@dataclass
class FoundClause:
    """A clause and the span of the text it was read from."""

    start: int
    end: int
    clause: Clause
    closed: bool
    stop: Located | None = None  # a second full stop after the clause, left out of the text


def extract(body: Located) -> tuple[Located, list[Clause], list[FoundClause]]:
    """Lift the clauses out of an item's text.

    Returns the text without them (positions of the clauses point into it),
    the clauses, and where each was found in ``body`` (for warnings).
    """
    text = body.text
    found = _find(text)
    kept: list[Located] = []  # joined once at the end: adding piece by piece is quadratic
    length, last = 0, ""  # of the kept text so far, and its last character
    clauses = []
    cursor = 0
    for item in found:
        piece = body.slice(cursor, item.start)
        own_line = piece.text.endswith("\n") or (not length and not piece.text.strip())
        piece = piece.slice(0, len(piece.text.rstrip())) if own_line else piece
        if piece.text:
            kept.append(piece)
            length, last = length + len(piece.text), piece.text[-1]
        end = item.end
        # “…计划。(责任处室:…)。研发…”: drop the second full stop the clause leaves behind.
        if last == "。" and text[end : end + 1] == "。":
            item.stop = body.slice(end, end + 1)
            end += 1
        item.clause.position = length
        item.clause.line, item.clause.column = body.locate(item.start)
        clauses.append(item.clause)
        cursor = end
    rest = body.slice(cursor)
    if clauses and not rest.text.strip():
        rest = Located("")
    elif clauses and last == "\n":
        kept[-1] = kept[-1].slice(0, len(kept[-1].text) - 1)
    joined = join([*kept, rest], sep="")
    stripped = joined.strip()
    shift = len(joined.text) - len(joined.text.lstrip())
    for clause in clauses:
        clause.position = max(0, min(clause.position - shift, len(stripped.text)))
    return stripped, clauses, found


def parse_clause(raw: str) -> Clause | None:
    """Read one clause written on its own, e.g. “(牵头处室:A,责任处室:B)”; None if it is not one."""
    found = _find(raw.strip())
    return found[0].clause if len(found) == 1 else None


def _find(text: str) -> list[FoundClause]:
    # One pass pairs the brackets, so each candidate is judged by its own top-level text
    # and the whole scan stays linear however many brackets are left open.
    key = fold(text)
    brackets = _Brackets(key)
    found: list[FoundClause] = []
    covered = 0  # bracketed clauses are found left to right and never overlap
    for index in brackets.opens:
        if index < covered:
            continue
        close = brackets.close.get(index)
        stop = close if close is not None else brackets.unclosed_end(index + 1)
        if not _may_be_clause(key, index + 1, stop, brackets):
            continue
        clause = _read_content(text, key, index + 1, stop, bracketed=True)
        if clause is not None:
            end = close + 1 if close is not None else stop
            clause.raw = text[index:end]
            found.append(FoundClause(index, end, clause, close is not None))
            covered = end
    bracketed = [(f.start, f.end) for f in found]
    starts = [start for start, _ in bracketed]
    bare_covered = 0  # bare clauses are found left to right too
    for match in LABEL.finditer(key):
        start = match.start()
        if not match.group("colon") or start < bare_covered:
            continue
        before = bisect_right(starts, start) - 1
        if before >= 0 and start < bracketed[before][1]:
            continue
        stop, closed = _bare_end(key, match.end())
        clause = _read_content(text, key, start, stop, bracketed=False)
        if clause is not None:
            end = stop + 1 if closed else stop
            clause.raw = text[start:end]
            found.append(FoundClause(start, end, clause, closed))
            bare_covered = end
    found.sort(key=lambda f: f.start)
    return found


class _Brackets:
    """The brackets of a text paired in one pass with a stack, line by line."""

    def __init__(self, key: str):
        self.opens: list[int] = []
        self.close: dict[int, int] = {}  # an open bracket → its matching close on the same line
        self._ends: list[int] = []  # where a bracket left open ends: a full stop or a line end
        self._length = len(key)
        self._trimmed: dict[int, int] = {}
        stack: list[int] = []
        for index, char in enumerate(key):
            if char in OPEN:
                self.opens.append(index)
                stack.append(index)
            elif char in CLOSE:
                if stack:
                    self.close[stack.pop()] = index
            elif char == "\n":
                stack.clear()
                self._ends.append(index)
            elif char == "。":
                self._ends.append(index)

    def unclosed_end(self, start: int) -> int:
        """The next full stop or line end from ``start``: how far a bracket left open reaches."""
        at = bisect_left(self._ends, start)
        return self._ends[at] if at < len(self._ends) else self._length

    def top_parts(self, key: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
        """``_split_top(key, start, stop, ",;")``, lazily, jumping over nested brackets."""
        begin = index = start
        while index < stop:
            char = key[index]
            if char in OPEN:
                close = self.close.get(index)
                if close is None or close >= stop:  # open to the end: the rest is one part
                    break
                index = close
            elif char in ",;":
                yield begin, index
                begin = index + 1
            index += 1
        yield begin, stop

    def rstrip(self, key: str, stop: int) -> int:
        """``stop`` less the white space before it (remembered: many parts share one end)."""
        if stop not in self._trimmed:
            end = stop
            while end > 0 and key[end - 1].isspace():
                end -= 1
            self._trimmed[stop] = end
        return self._trimmed[stop]


_DEADLINE_PROBE = 100  # a deadline label and its colon fit in this many characters


def _may_be_clause(key: str, start: int, stop: int, brackets: _Brackets) -> bool:
    """What ``_read_content`` will decide for a bracket, in time bounded by its own top level.

    A bracket's text is a clause once a part names a role, and is not one at the first part
    that neither names a role nor states a deadline; only deadline parts come in between.
    """
    for part_start, part_end in brackets.top_parts(key, start, stop):
        while part_start < part_end and key[part_start].isspace():
            part_start += 1
        part_end = max(part_start, brackets.rstrip(key, part_end))
        if part_start == part_end:
            continue
        label = LABEL.match(key, part_start, part_end)
        if label and (label.group("colon") or len(label.group("kind")) == _LONG_KIND):
            return True
        # a labelled deadline's value runs to the part's end (a bracket holds no line break)
        if DEADLINE_LABELLED.match(key, part_start, min(part_end, part_start + _DEADLINE_PROBE)):
            continue
        if DEADLINE.fullmatch(key, part_start, part_end):
            continue
        if SUFFIX_ROLE.fullmatch(key, part_start, part_end):
            return True
        if not _may_be_names(key[part_start:part_end]):
            return False
        # “(市教育局,各县区政府负责)”: names whose role word comes in a later part
    return False


def _bare_end(key: str, start: int) -> tuple[int, bool]:
    """End of a clause written without its opening bracket: “…。责任处室:A、B)。”."""
    depth = 0
    for index in range(start, len(key)):
        char = key[index]
        if char in OPEN:
            depth += 1
        elif char in CLOSE:
            if depth == 0:
                return index, True
            depth -= 1
        elif char in "。;\n" and depth == 0:
            return index, False
    return len(key), False


def _read_content(text: str, key: str, start: int, stop: int, bracketed: bool) -> Clause | None:
    """The clause stated by text[start:stop] (a bracket's content or a bare run), if any."""
    clause = Clause()
    role: str | None = None
    named = False
    pending: list[tuple[int, int]] = []  # names before the part that gives their role
    for part_start, part_end in _split_top(key, start, stop, ",;"):
        part_start, part_end = _trim(key, part_start, part_end)
        if part_start == part_end:
            continue
        part = key[part_start:part_end]
        label = LABEL.match(part)
        if label and (label.group("colon") or (bracketed and len(label.group("kind")) == _LONG_KIND)):
            for piece_role, piece_label, (a, b) in _labelled_pieces(part):
                role = piece_role
                clause.labels.setdefault(
                    role, text[part_start + piece_label[0] : part_start + piece_label[1]]
                )
                _add(clause, role, text, key, part_start + a, part_start + b)
            named = True
            continue
        deadline = DEADLINE_LABELLED.fullmatch(part)
        if deadline or DEADLINE.fullmatch(part):
            a, b = deadline.span("value") if deadline else (0, len(part))
            clause.deadline = text[part_start + a : part_start + b].strip()
            continue
        suffix = SUFFIX_ROLE.fullmatch(part) if bracketed else None
        if suffix:
            role = _ROLE_OF_SUFFIX[suffix.group("word")]
            clause.labels.setdefault(
                role, text[part_start + suffix.start("role") : part_start + suffix.end("role")]
            )
            for a, b in [*pending, (part_start + suffix.start("units"), part_start + suffix.end("units"))]:
                _add(clause, role, text, key, a, b)
            pending.clear()
            named = True
            continue
        if role is None:
            if not bracketed or not _may_be_names(part):
                return None
            pending.append((part_start, part_end))
            continue
        _add(clause, role, text, key, part_start, part_end)  # “德育处、宣传与统战部,市教育研究院”
    return clause if named and not pending else None


def _may_be_names(part: str) -> bool:
    """Whether a part of a bracket could be names whose role word follows in a later part."""
    low, high = CLAUSE_NAMES
    return low <= len(part) <= high and not any(char in _NOT_IN_NAMES for char in part)


def _labelled_pieces(part: str) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """Split “牵头处室基础教育责任处室:教师处” at each label: [(role, label span, units span)]."""
    # A later label without its colon starts a new role only when names follow it: in
    # “省十大新兴产业推进组工作专班牵头单位” (end of the part, or a separator next) it ends a name.
    starts = [
        m
        for m in LABEL.finditer(part)
        if m.start() == 0
        or m.group("colon")
        or (len(m.group("kind")) == _LONG_KIND and part[m.end() : m.end() + 1] not in ("", *_LIST_SEPARATORS))
    ]
    pieces = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(part)
        pieces.append((_ROLE_OF_LABEL[match.group("role")], match.span("label"), (match.end(), end)))
    return pieces


def _add(clause: Clause, role: str, text: str, key: str, start: int, stop: int) -> None:
    target = {"lead": clause.lead, "units": clause.units, "support": clause.support}[role]
    for a, b in _join_levels(key, _split_top(key, start, stop, _LIST_SEPARATORS)):
        name = text[a:b].strip().rstrip("。.")
        if name and name not in target:
            target.append(name)


def _join_levels(key: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Put back together a class named level by level: “各区、县(市)政府”, “各市、州、县人民政府”.

    It opens with 各 and a bare level (“各区”) and runs on while the next name starts with a level;
    it ends at the first name that is more than levels (“县(市)政府”). No unit is called “州”.
    """
    joined: list[tuple[int, int]] = []
    open_class = False  # the last span is a class still listing its levels
    for a, b in spans:
        name = key[a:b].strip()
        if open_class and _LEVEL_START.match(name):
            joined[-1] = (joined[-1][0], b)
            open_class = _BARE_LEVELS.fullmatch(name) is not None
            continue
        joined.append((a, b))
        open_class = name.startswith("各") and _BARE_LEVELS.fullmatch(name[1:]) is not None
    return joined


def _split_top(key: str, start: int, stop: int, separators: str) -> list[tuple[int, int]]:
    """Spans between separators outside brackets, so “各县(市、区)政府” stays whole."""
    spans, depth, begin = [], 0, start
    for index in range(start, stop):
        char = key[index]
        if char in OPEN:
            depth += 1
        elif char in CLOSE:
            depth = max(depth - 1, 0)
        elif char in separators and depth == 0:
            spans.append((begin, index))
            begin = index + 1
    spans.append((begin, stop))
    return spans


def _trim(key: str, start: int, stop: int) -> tuple[int, int]:
    while start < stop and key[start].isspace():
        start += 1
    while stop > start and key[stop - 1].isspace():
        stop -= 1
    return start, stop
