"""The plan model: typed dataclasses for a 工作要点 and its parts.

A plan is data. Parsing produces it, every other stage consumes it. This module
does no I/O and imports nothing from the rest of drafter.

Equality (``==``) compares content only: the raw text of a clause, source
locations, provenance and parse warnings are left out, so a plan written out
as official text and parsed back compares equal to the original.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

# (offset in the field's text, 1-based source line, 1-based column), sorted by offset.
Anchor = tuple[int, int, int]


def _locs() -> dict[str, tuple[Anchor, ...]]:
    return {}


def locate(anchors: tuple[Anchor, ...], offset: int) -> tuple[int, int]:
    """Map a character offset within a field back to (line, column) in the source."""
    if not anchors:
        return (0, 0)
    best = anchors[0]
    for anchor in anchors:
        if anchor[0] > offset:
            break
        best = anchor
    start, line, column = best
    return (line, column + max(offset - start, 0))


@dataclass
class Clause:
    """One responsibility annotation, e.g. “(牵头处室:A,责任处室:B、C)”.

    ``position`` is the offset in the item's text where the clause stood
    (a clause governs the text before it). ``labels`` keeps the words used for
    each role (“牵头处室”, “责任单位”, “负责”…) so the clause can be written back.
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

    @property
    def units(self) -> list[str]:
        """Every unit named by any clause (lead, responsible and supporting)."""
        return _unique([u for c in self.clauses for u in c.all_units()])


@dataclass
class Section:
    """A heading (“一、” or “(一)”) with an optional intro, items and sub-sections."""

    number: str
    title: str = ""
    intro: str = ""
    items: list[Item] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
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
    preamble: str = ""
    notice: Notice | None = None
    sections: list[Section] = field(default_factory=list)
    source: Source = field(default_factory=Source, compare=False)
    warnings: list[str] = field(default_factory=list, compare=False)
    line: int = field(default=0, compare=False)
    locs: dict[str, tuple[Anchor, ...]] = field(default_factory=_locs, compare=False, repr=False)

    def items(self) -> list[Item]:
        """Every item of the plan in document order."""
        return [i for s in self.sections for i in s.all_items()]

    def walk(self) -> list[tuple[tuple[str, ...], Item]]:
        """Every item with its path of markers from the top section down, e.g. ("一", "2")."""
        out: list[tuple[tuple[str, ...], Item]] = []

        def visit(section: Section, path: tuple[str, ...]) -> None:
            here = (*path, section.number) if section.number else path
            out.extend(((*here, item.number), item) for item in section.items)
            for sub in section.sections:
                visit(sub, here)

        for section in self.sections:
            visit(section, ())
        return out


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))
