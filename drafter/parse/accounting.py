"""Where every character of a source file went: into a field of the plan, or nowhere.

The parser promises that no line of a document is dropped without a warning. This module
checks the promise from the outside: it marks each source position that some field of the
model was read from (through the fields' anchors) and returns the runs left unmarked.
Tests and ``benchmarks/fidelity.py`` compare those runs with the plan's warnings.

The source is what the parser's anchors point into. For a text file that is its own lines,
decoded from the bytes (so a character the reader removed still counts). For every other
format (Word, web pages, PDF, what LibreOffice converts) it is the reader's paragraphs, one
a line at the paragraph's number: the markup, the page layout and a Word table's cells are no
text a clerk typed, and what a reader drops on purpose (a page's navigation, a PDF's page
numbers) it reports in its own warnings. A 任务分工表 is accounted as the item lines its rows
are read into (``read.table_lines``), not as its cells.
"""

from __future__ import annotations

from pathlib import Path

from ..lang.width import fold
from ..model import Anchor, Plan, locate
from .read import TEXT_SUFFIXES, read_document, web_entities


def _source_lines(path: Path) -> list[str]:
    """The source text by line number (see the module's note)."""
    document = read_document(path)
    if document.format in TEXT_SUFFIXES.values():  # as the reader: web entities decoded
        text = path.read_bytes().decode(document.encoding).replace("\r\n", "\n")
        return web_entities(text)[0].split("\n")
    lines = [""] * max((p.line for p in document.paras), default=0)
    for para in document.paras:
        lines[para.line - 1] = " " * (para.column - 1) + para.text
    return lines


def _covered(plan: Plan, lines: list[str]) -> set[tuple[int, int]]:
    """Every (line, column) of the source that some field of the model was read from."""
    marks: set[tuple[int, int]] = set()

    def run(text: str, line: int, column: int) -> None:
        marks.update((line, column + i) for i, char in enumerate(text) if line and not char.isspace())

    def field(text: str, anchors: tuple[Anchor, ...], ends: str = "") -> None:
        marks.update(locate(anchors, i) for i, char in enumerate(text) if anchors and not char.isspace())
        if text and anchors and ends:  # the full stop or colon that ends a title is the structure
            line, column = locate(anchors, len(text) - 1)
            if fold(lines[line - 1][column : column + 1]) in tuple(ends):
                marks.add((line, column + 1))

    def cover(plan: Plan) -> None:
        for key, anchors in plan.locs.items():
            owner: object = plan.notice if key.startswith("notice.") else plan
            if key.startswith("source.") and anchors:  # an origin line: its label and value went in
                line = anchors[0][1]
                name = key.removeprefix("source.")
                if plan.source.url if name == "url" else plan.source.provenance.get(name):
                    run(lines[line - 1], line, 1)
            elif key in ("date", "notice.date") and anchors:  # an ISO date: the whole line went in
                line, column = anchors[0][1:]
                run(lines[line - 1][column - 1 :], line, column)
            else:
                value = str(getattr(owner, key.removeprefix("notice.")) or "")
                field(value, anchors, ":" if key == "notice.recipients" else "")
        sections = list(plan.sections)
        while sections:
            section = sections.pop()
            sections.extend(section.sections)
            run(section.marker, section.line, section.column)
            field(section.title, section.locs.get("title", ()), "。:")
            field(section.intro, section.locs.get("intro", ()))
            for clause in section.clauses:  # a heading's own clause
                run(clause.raw, clause.line, clause.column)
            for item in section.items:
                run(item.marker, item.line, item.column)
                field(item.title, item.locs.get("title", ()), "。:")
                field(item.text, item.locs.get("text", ()))
                for clause in item.clauses:
                    run(clause.raw, clause.line, clause.column)
        for attachment in plan.attachments:  # its label (“附件1” and a colon), then its text
            line, column = attachment.line, attachment.column
            run(attachment.label, line, column)
            end = column + len(attachment.label)
            if line and fold(lines[line - 1][end - 1 : end]) == ":":
                marks.add((line, end))
            cover(attachment.plan)

    for part in plan.parts():  # every document of the file
        cover(part)
    return marks


def unread_runs(path: Path, plan: Plan) -> list[tuple[int, str]]:
    """Runs of the source text, as (line, text), that no field of the parsed ``plan`` holds.

    Whitespace does not count. What the reader leaves out on purpose (web chrome, a repeated
    title) must each be counted in one of the plan's warnings; anything else is lost.
    """
    lines = _source_lines(path)
    marks = _covered(plan, lines)
    lost: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        start = None
        for index, char in enumerate(line):
            if char.isspace():
                continue
            if (number, index + 1) in marks:
                start = None
            elif start is None:
                start = index
                lost.append((number, char))
            else:
                lost[-1] = (number, line[start : index + 1])
    return lost
