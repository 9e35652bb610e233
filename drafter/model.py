"""The plan model: typed dataclasses for a 工作要点 and its parts.

A plan is data. Parsing produces it, every other stage consumes it. This module
does no I/O and imports nothing from the rest of drafter.

Equality (``==``) compares content only: the raw text of a clause, source
locations, provenance and parse warnings are left out, so a plan written out
as official text and parsed back compares equal to the original.

Paths. Every stage names a place in the plan the same way: the numbers from the top
section down to the item, joined by “/”, each written as the heading writes it — a
top section as its ordinal (“三”), a sub-section in parentheses (“(八)”), an item as its
number (“4”): “三/(八)/4”, “二/3”. A section without a number adds nothing (items
outside any section are just “4”). ``Plan.walk_sections`` and ``Plan.walk_items`` are
the one walk over the tree that check findings, diff, tasks, suggest and new use.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

PATH_SEPARATOR = "/"

# The years a plan can be for: from the founding of the PRC's education administration to the
# end of the century. A year outside is a typo or a misreading (“0”, “-5”, “20222”), never a plan.
YEARS = range(1949, 2101)


def year_problem(year: int) -> str:
    """Why ``year`` cannot be a plan's year (“” when it can): one Chinese phrase."""
    if year in YEARS:
        return ""
    shown = str(year) if abs(year) < 10**12 else "一个过大的数"
    return f"年份应在 {YEARS.start}–{YEARS.stop - 1} 之间,而不是 {shown}"


# (offset in the field's text, 1-based source line, 1-based column), sorted by offset.
Anchor = tuple[int, int, int]


def _locs() -> dict[str, tuple[Anchor, ...]]:
    return {}


def _offset(anchor: Anchor) -> int:
    return anchor[0]


def locate(anchors: tuple[Anchor, ...], offset: int) -> tuple[int, int]:
    """Map a character offset within a field back to (line, column) in the source."""
    if not anchors:
        return (0, 0)
    # the last anchor at or before ``offset`` (the first when none is)
    start, line, column = anchors[max(bisect_right(anchors, offset, key=_offset) - 1, 0)]
    return (line, column + max(offset - start, 0))


@dataclass
class Clause:
    """One responsibility annotation, e.g. “(牵头处室:A,责任处室:B、C)”.

    ``position`` is the offset in the item's text where the clause stood
    (a clause governs the text before it). ``labels`` keeps the words used for
    each role (“牵头处室”, “责任单位”, “负责”…) so the clause can be written back.
    A file a clerk edits does not keep the offset: it quotes the words the clause
    follows (``after``, see ``store.serialize.clause_anchor``), and reading the file
    puts the clause back after them, so an edit earlier in the text never moves it.
    """

    lead: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    raw: str = field(default="", compare=False)
    position: int = 0
    deadline: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    line: int = field(default=0, compare=False)
    column: int = field(default=0, compare=False)

    def all_units(self) -> list[str]:
        """Every unit named by the clause, lead first, without repeats."""
        return _unique(self.lead + self.units + self.support)


@dataclass
class Item:
    """A numbered measure: “1.强化思想武装。…(责任处室:组织处)”."""

    number: str
    title: str = ""
    text: str = ""
    clauses: list[Clause] = field(default_factory=list)
    marker: str = field(default="", compare=False)
    origin: dict[str, Any] = field(default_factory=dict)
    line: int = field(default=0, compare=False)
    column: int = field(default=0, compare=False)
    locs: dict[str, tuple[Anchor, ...]] = field(default_factory=_locs, compare=False, repr=False)

    def fingerprint(self) -> str:
        """A short hash of the title and text: tells whether a drafted item was edited."""
        return hashlib.sha1(f"{self.title}\n{self.text}".encode()).hexdigest()[:12]

    @property
    def lead(self) -> list[str]:
        """Lead units over all clauses."""
        return _unique([u for c in self.clauses for u in c.lead])

    def all_units(self) -> list[str]:
        """Every unit named by any clause (lead, responsible and supporting), lead first.

        Not ``Clause.units``, which holds the responsible units (责任单位) alone."""
        return _unique([u for c in self.clauses for u in c.all_units()])


@dataclass
class Section:
    """A heading (“一、” or “(一)”) with an optional intro, items and sub-sections.

    ``clauses``: a responsibility clause at the end of the heading's own text
    (“(四)科学定位美育课程目标。…(责任单位:省教育厅等)”); it covers every item under the
    heading that names no unit of its own. ``position`` is an offset in ``intro``.
    """

    number: str
    title: str = ""
    intro: str = ""
    items: list[Item] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    marker: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)
    column: int = field(default=0, compare=False)
    locs: dict[str, tuple[Anchor, ...]] = field(default_factory=_locs, compare=False, repr=False)

    def all_items(self) -> list[Item]:
        """Items of this section and of its sub-sections, in document order."""
        return self.items + [i for s in self.sections for i in s.all_items()]


@dataclass
class Notice:
    """The cover notice (关于印发…的通知) that issues the plan."""

    title: str = ""
    recipients: str = ""
    body: str = ""
    signer: str = ""
    date: str = ""
    doc_number: str = ""
    note: str = ""


@dataclass
class Source:
    """Where a plan came from: the file, its hash and how it was obtained."""

    path: str = ""
    sha256: str = ""
    format: str = ""
    encoding: str = ""
    url: str = ""
    provenance: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    """A whole plan: front matter, the section tree and its source."""

    title: str = ""
    issuer: str = ""
    year: int | None = None
    doc_type: str = ""
    date: str = ""
    # the signature's date line as written (“2022218”, “2022年2月18日”): ``date`` is its reading
    date_written: str = field(default="", compare=False)
    preamble: str = ""
    notice: Notice | None = None
    sections: list[Section] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    # When one file prints several documents one after the other (two 实施意见 of one notice), this
    # plan is the file's first and ``more_parts`` the rest, in order; each is a plan of its own.
    more_parts: list[Plan] = field(default_factory=list, compare=False)
    source: Source = field(default_factory=Source, compare=False)
    warnings: list[str] = field(default_factory=list, compare=False)
    line: int = field(default=0, compare=False)
    locs: dict[str, tuple[Anchor, ...]] = field(default_factory=_locs, compare=False, repr=False)

    def items(self) -> list[Item]:
        """Every item of the plan's body in document order (attachments and further parts not included)."""
        return [i for s in self.sections for i in s.all_items()]

    def parts(self) -> list[Plan]:
        """Every document the file holds, this one first (a list of one for most files)."""
        return [self, *self.more_parts]

    def documents(self) -> Iterator[tuple[str, Plan]]:
        """The body (label “”) and each attachment that is a document (“附件1”), in order.

        Attachments are plans of their own (a task list after a cover notice): whatever counts,
        searches or checks items walks this rather than ``items()`` alone.
        """
        yield "", self
        for attachment in self.attachments:
            yield attachment.label, attachment.plan

    def all_items(self) -> list[Item]:
        """The items of the body and of every attachment, in document order."""
        return [item for _, document in self.documents() for item in document.items()]

    def walk_sections(self) -> Iterator[tuple[tuple[str, ...], Section]]:
        """Every section with the parts of its path (“二”, “(三)”), in document order."""

        def visit(
            section: Section, parents: tuple[str, ...], depth: int
        ) -> Iterator[tuple[tuple[str, ...], Section]]:
            here = (*parents, section_part(section.number, depth)) if section.number else parents
            yield here, section
            for sub in section.sections:
                yield from visit(sub, here, depth + 1)

        for section in self.sections:
            yield from visit(section, (), 0)

    def walk_items(self) -> Iterator[tuple[tuple[str, ...], Item, Section]]:
        """Every item with the parts of its path (“二”, “(三)”, “5”) and its section, in document order."""
        for parts, section in self.walk_sections():
            for item in section.items:
                yield (*parts, item.number), item, section

    def walk(self) -> list[tuple[tuple[str, ...], Item]]:
        """Every item with the parts of its path, e.g. ("三", "(八)", "4"); ``join_path`` writes it."""
        return [(parts, item) for parts, item, _ in self.walk_items()]

    def walk_labelled(self) -> Iterator[tuple[tuple[str, ...], Item, Plan]]:
        """Every item of the body and of each attachment, in document order, with the parts of its
        path (an attachment's label first: “附件1”, “三”, “2”) and the document it is in."""
        for label, document in self.documents():
            for parts, item in document.walk():
                yield ((label, *parts) if label else parts), item, document


@dataclass
class Attachment:
    """A document after a 附件/附表 label: its label (“附件1”) and the document as a plan.

    A form or a file name (“附件:申报表.doc”) is an attachment without sections.
    """

    label: str
    plan: Plan = field(default_factory=Plan)
    line: int = field(default=0, compare=False)
    column: int = field(default=0, compare=False)


def section_part(number: str, depth: int) -> str:
    """A section's part of a path: its ordinal at the top (“三”), in parentheses below (“(八)”)."""
    return number if depth == 0 else f"({number})"


def part_label(number: int) -> str:
    """How the file's N-th document (``Plan.parts()``, from 1) is named in paths, warnings and views."""
    return f"第{number}份"


def join_path(parts: tuple[str, ...] | list[str]) -> str:
    """A path as written: “三/(八)/4”; empty parts (an unnumbered parent) are left out."""
    return PATH_SEPARATOR.join(part for part in parts if part)


def bare_path(path: str) -> str:
    """A path without the parentheses of its sub-sections: “三/(八)/4” → “三/八/4”.

    Drafts written before paths had one syntax recorded sub-sections bare; compare on this form."""
    return path.replace("(", "").replace(")", "")


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))
