"""Word files a clerk works in: findings and suggestions as comments (批注), fixes as tracked
changes (修订), a draft's flags as comments and its items' provenance in a custom XML part.

A place in a Word file is the reader's: a paragraph's line is its index among the body's
paragraphs (a table counts one line per line the reader makes of it) and a column counts in
the text the reader sees (the automatic list number, then the paragraph's visible text with
its leading space stripped). Runs are split where a comment or a change must start or end;
the split runs keep their formatting, and nothing else in the file is touched.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..checks.base import EXCERPT_CONTEXT, Edit, Finding, walk_texts
from ..checks.fix import occurrences
from ..model import Plan, join_path, part_label

AUTHOR = "drafter"
ANNOTATED = ("error", "warning")  # the severities check --annotate writes (info would bury them)
INITIALS = "DR"
ELLIPSIS = "…"
# Run children that hold only text: a run made of these can be split in two; any other
# (a field, a drawing, a footnote reference) keeps its run whole.
_SPLITTABLE = frozenset({"rPr", "t", "tab"})
_REVISION_PARENTS = frozenset({"ins", "del", "moveFrom", "moveTo"})  # no revision inside a revision


@dataclass
class DocxParagraph:
    """A body paragraph at the reader's line, with the length of its automatic list number and
    the number of leading blanks the reader strips."""

    paragraph: Any
    label: int
    lead: int

    def runs(self) -> list[Any]:
        from ..parse.read import _runs

        return _runs(self.paragraph)

    def text(self) -> str:
        """The visible text (every revision accepted), as the runs hold it."""
        return "".join(run.text for run in self.runs())

    def offset(self, column: int) -> int:
        """A reader's column → offset in ``text()``."""
        return column - 1 - self.label + self.lead


def docx_paragraphs(document: Any) -> dict[int, DocxParagraph]:
    """The body paragraphs of an opened document by the reader's line numbers."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from ..parse.read import _Numbering, _paragraph_text, _table_lines

    numbering = _Numbering(document, [])
    found: dict[int, DocxParagraph] = {}
    index = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            index += 1
            paragraph = Paragraph(child, document)
            text = _paragraph_text(paragraph)
            found[index] = DocxParagraph(
                paragraph, len(numbering.label(paragraph)), len(text) - len(text.lstrip())
            )
        elif tag == "tbl":
            index += len(_table_lines(Table(child, document)))
    return found


# -- runs ---------------------------------------------------------------------------------


def _split(run: Any, at: int) -> Any:
    """Split ``run`` at character ``at`` (0 < at < len): the run keeps the left part, and the
    right part, with the same formatting, is returned. None when the run cannot be split."""
    from docx.text.run import Run

    if any(child.tag.rsplit("}", 1)[-1] not in _SPLITTABLE for child in run._r):
        return None
    text = run.text
    right = copy.deepcopy(run._r)
    run._r.addnext(right)
    run.text = text[:at]
    other = Run(right, run._parent)
    other.text = text[at:]
    return other


def isolate(paragraph: DocxParagraph, start: int, end: int) -> list[Any]:
    """The runs covering ``text()[start:end]`` exactly, splitting the first and last where they
    can be split (else the range widens to their edges). Empty when the range holds no text."""
    runs = [run for run in paragraph.runs() if run.text]
    chosen: list[Any] = []
    position = 0
    for run in runs:
        length = len(run.text)
        run_start, run_end = position, position + length
        position = run_end
        if run_end <= start or run_start >= end:
            continue
        if run_start < start and (right := _split(run, start - run_start)) is not None:
            run, run_start = right, start
        if run_end > end:
            _split(run, end - run_start)  # a run that cannot be split widens the range to its end
        chosen.append(run)
    return chosen


# -- comments ------------------------------------------------------------------------------


def comment_on(document: Any, runs: list[Any], text: str) -> None:
    """A comment by drafter on the runs (first to last); one paragraph per line of ``text``."""
    lines = text.split("\n")
    comment = document.add_comment(runs, lines[0], author=AUTHOR, initials=INITIALS)
    for line in lines[1:]:
        comment.add_paragraph(line)


def anchor(paragraph: DocxParagraph, finding: Finding) -> list[Any]:
    """The runs of the finding's words at its column; else of its words inside its excerpt (a
    finding placed in another version of the text); else of the excerpt nearest the column;
    else the paragraph's whole text."""
    text = paragraph.text()
    expected = paragraph.offset(finding.column) if finding.column else 0
    words = finding.words
    if words and text[expected : expected + len(words)] == words:
        return isolate(paragraph, expected, expected + len(words)) or _whole(paragraph)
    for piece in _excerpt_pieces(finding.excerpt):
        found = occurrences(text, piece)
        if not found:
            continue
        start, end = (at := min(found, key=lambda o: abs(o - expected))), at + len(piece)
        inner = occurrences(piece, words) if words else []
        if inner:  # the words sit after the excerpt's context (shorter at the start of a text)
            context = EXCERPT_CONTEXT if finding.excerpt.startswith(ELLIPSIS) else 0
            start += min(inner, key=lambda o: abs(o - context))
            end = start + len(words)
        runs = isolate(paragraph, start, end)
        if runs:
            return runs
    return _whole(paragraph)


def _whole(paragraph: DocxParagraph) -> list[Any]:
    return [run for run in paragraph.runs() if run.text]


def _excerpt_pieces(excerpt: str) -> list[str]:
    """The excerpt without its “…” marks, then its longest space-free piece (a line break of the
    source shows as a space in an excerpt, and a paragraph holds one line)."""
    core = excerpt.strip().removeprefix(ELLIPSIS).removesuffix(ELLIPSIS).strip()
    pieces = [core] if core else []
    parts = sorted((p for p in core.split(" ") if p), key=len, reverse=True)
    if len(parts) > 1:
        pieces.append(parts[0])
    return pieces


def finding_comment(finding: Finding) -> str:
    """What a finding's comment says: “PLAN013 单位“宣传统统处”疑为“宣传统战处”之误”."""
    return f"{finding.rule} {finding.message}"


def _first_paragraph(paragraphs: dict[int, DocxParagraph]) -> DocxParagraph | None:
    return next((p for p in paragraphs.values() if p.text().strip()), None)


def annotate_findings(document: Any, findings: Iterable[Finding]) -> tuple[bytes, int]:
    """The opened .docx ``document`` with each finding as a comment on its words at its line
    (a finding without a line: on the first paragraph), saved; returns it and how many were
    placed. Existing comments, revisions and all other content stay as they were."""
    placed = _comment_findings(document, docx_paragraphs(document), findings)
    return _save(document), placed


def _comment_findings(
    document: Any, paragraphs: dict[int, DocxParagraph], findings: Iterable[Finding]
) -> int:
    placed = 0
    for finding in findings:
        target = paragraphs.get(finding.line)
        text = finding_comment(finding)
        if target is None:  # no paragraph of its own (a table line, the whole plan): on the first, named
            target = _first_paragraph(paragraphs)
            text = f"{finding.path or '全文'}:{text}"
        runs = anchor(target, finding) if target else []
        if runs:
            comment_on(document, runs, text)
            placed += 1
    return placed


def relocate(findings: Iterable[Finding], plan: Plan) -> list[Finding]:
    """Findings about one version of a plan placed in ``plan`` (another version of it, read
    from a file): each goes to the line and column where its excerpt is in the text of the same
    path, or to the first line of that path; a path ``plan`` lacks keeps no line."""
    texts: dict[str, list[Any]] = {}
    for prefix, document in _documents(plan):
        for text in walk_texts(document):
            if text.anchors:
                texts.setdefault(join_path((prefix, text.path)), []).append(text)
    placed = []
    for finding in findings:
        line, column = 0, 0
        candidates = texts.get(finding.path, [])
        for piece in _excerpt_pieces(finding.excerpt):
            hit = next(((t, t.text.find(piece)) for t in candidates if piece in t.text), None)
            if hit:
                line, column = hit[0].locate(hit[1])
                break
        if not line and candidates:
            line, column = candidates[0].locate(0)
        moved = copy.copy(finding)
        moved.line, moved.column = line, column
        placed.append(moved)
    return placed


def _documents(plan: Plan) -> Iterator[tuple[str, Plan]]:
    """Every document of a file with the prefix ``check`` gives its findings' paths."""
    for number, part in enumerate(plan.parts(), start=1):
        for label, document in part.documents():
            yield join_path((part_label(number) if number > 1 else "", label)), document


def annotate_check(path: Path, plan: Plan, findings: Iterable[Finding]) -> tuple[bytes, int]:
    """The Word file ``check --annotate`` writes: the clerk's own .docx (its bytes as read, the
    file itself untouched) or, for any other input, the official build of ``plan``, with every
    error and warning of ``findings`` as a comment. Returns it and how many comments it has."""
    import docx

    from ..parse.plan import parse_file
    from ..parse.read import open_docx, source_kind
    from .word import BuildOptions, build_docx

    shown = [f for f in findings if f.severity in ANNOTATED]
    if source_kind(path) == "docx":
        return annotate_findings(open_docx(path), shown)  # the reader's checks and entity expansion
    built = build_docx(plan, BuildOptions())
    placed = relocate(shown, _parse_bytes(built, parse_file))
    return annotate_findings(docx.Document(io.BytesIO(built)), placed)


# -- tracked changes -----------------------------------------------------------------------


class _Revisions:
    """Makes w:ins/w:del elements by drafter, numbered after every id the body already uses."""

    def __init__(self, document: Any):
        from docx.oxml.ns import qn

        ids = [int(v) for v in document.element.body.xpath(".//@w:id") if str(v).lstrip("-").isdigit()]
        self.next_id = max(ids, default=0) + 1
        self.date = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.qn = qn

    def element(self, tag: str) -> Any:
        from docx.oxml import OxmlElement

        made = OxmlElement(f"w:{tag}")
        made.set(self.qn("w:id"), str(self.next_id))
        made.set(self.qn("w:author"), AUTHOR)
        made.set(self.qn("w:date"), self.date)
        self.next_id += 1
        return made


def track_edit(paragraph: DocxParagraph, edit: Edit, revisions: _Revisions) -> bool:
    """Make ``edit`` in the paragraph as a tracked deletion of its old words and a tracked
    insertion of the new ones; False (nothing changed) when its words are not where it says."""
    from docx.oxml import OxmlElement

    text = paragraph.text()
    expected = paragraph.offset(edit.column)
    candidates = occurrences(text, edit.old) if edit.old else [expected]
    if not candidates or not 0 <= expected <= len(text):
        return False
    start = min(candidates, key=lambda c: abs(c - expected))
    end = start + len(edit.old)
    if edit.old:
        runs = isolate(paragraph, start, end)
        if "".join(run.text for run in runs) != edit.old:
            return False  # a run that cannot be split holds more than the words
    else:
        runs = []
        before = isolate(paragraph, 0, start) if start else []
        after = isolate(paragraph, start, len(text)) if start < len(text) else []
        if not before and not after:
            return False
    parents = {run._r.getparent() for run in runs}
    if len(parents) > 1 or any(p.tag.rsplit("}", 1)[-1] in _REVISION_PARENTS for p in parents):
        return False
    inserted = None
    if edit.new:
        model = runs[0] if runs else (before[-1] if before else after[0])
        new_run = OxmlElement("w:r")
        if model._r.rPr is not None:
            new_run.append(copy.deepcopy(model._r.rPr))
        inserted = revisions.element("ins")
        inserted.append(new_run)
        from docx.text.run import Run

        Run(new_run, paragraph.paragraph).text = edit.new
    if runs:
        deleted = revisions.element("del")
        runs[0]._r.addprevious(deleted)
        for run in runs:
            for t in run._r.findall(revisions.qn("w:t")):
                t.tag = revisions.qn("w:delText")
            deleted.append(run._r)
        if inserted is not None:
            deleted.addnext(inserted)
    elif inserted is not None:
        if before:
            before[-1]._r.addnext(inserted)
        else:
            after[0]._r.addprevious(inserted)
    return True


def tracked_fixes(document: Any, edits: list[Edit]) -> tuple[bytes, str, str, int]:
    """The opened .docx ``document`` with the edits as tracked changes by drafter, saved;
    returns its bytes, the text before and after (every revision accepted) and how many edits
    were made."""
    paragraphs = docx_paragraphs(document)
    before = "\n".join(p.text() for p in paragraphs.values()) + "\n"
    revisions = _Revisions(document)
    applied = 0
    for edit in sorted(edits, key=lambda e: (e.line, -e.column)):
        if edit.line in paragraphs and track_edit(paragraphs[edit.line], edit, revisions):
            applied += 1
    after = "\n".join(p.text() for p in paragraphs.values()) + "\n"
    return _save(document), before, after, applied


# -- a draft in Word -----------------------------------------------------------------------

ORIGIN_NAMESPACE = "urn:drafter:origins:1"
_ORIGIN_KEPT_OUT = ("flags",)  # a draft's flags are its comments, not its provenance


def draft_docx(draft: Any) -> bytes:
    """A draft (``draft.new.Draft``) as the official Word document, each of its findings a
    comment on the words it is about (on the item when no words), its notes comments on the
    title, and every item's provenance in a custom XML part that ``parse_file`` reads back."""
    import docx

    from ..parse.plan import parse_file
    from .word import BuildOptions, build_docx

    built = build_docx(draft.plan, BuildOptions())
    parsed = _parse_bytes(built, parse_file)
    document = docx.Document(io.BytesIO(built))
    paragraphs = docx_paragraphs(document)
    _comment_findings(document, paragraphs, relocate(draft.findings, parsed))
    # the notes not already a finding's comment (those of findings without an item repeat them)
    said = {f"{f.path or '全文'}:{finding_comment(f)}" for f in draft.findings}
    notes = [note for note in draft.notes if note not in said]
    title = _first_paragraph(paragraphs)
    if title and notes:
        comment_on(document, _whole(title), "\n".join(notes))
    write_origins(document, origin_records(draft.plan, parsed, provenance=True))
    return _save(document)


def origin_records(plan: Plan, built: Plan | None = None, provenance: bool = False) -> list[dict[str, Any]]:
    """What ``write_origins`` keeps of each item of ``plan``: its path, title, fingerprint and
    id (``ledger.ids``); with ``provenance`` (a draft) its whole origin but the flags. ``built``:
    the document read back from Word, whose items' fingerprints are the ones a reader finds
    (an unedited item has the same when read again); without it, the plan's own."""
    from ..ledger.ids import ID_KEY, id_of, item_paths

    read_back = dict(item_paths(built)) if built is not None else {}
    records = []
    for path, item in item_paths(plan):
        read = read_back.get(path, item)
        origin = {k: v for k, v in item.origin.items() if k not in _ORIGIN_KEPT_OUT} if provenance else {}
        origin[ID_KEY] = id_of(plan, path, item)
        if "fingerprint" in origin:
            origin["fingerprint"] = read.fingerprint()  # a draft's “not yet edited” mark, as Word holds it
        records.append(
            {"path": path, "title": read.title, "fingerprint": read.fingerprint(), "origin": origin}
        )
    return records


def _parse_bytes(data: bytes, parse_file: Any) -> Plan:
    """Parse .docx bytes with the reader (through a temporary file: the reader reads paths)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft.docx"
        path.write_bytes(data)
        return parse_file(path)


def write_origins(document: Any, records: list[dict[str, Any]]) -> None:
    """Put the items' provenance into the document as a custom XML part (Word keeps such parts
    and shows nothing of them)."""
    import json
    from xml.sax.saxutils import escape

    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    if not records:
        return
    package = document.part.package
    used = {str(part.partname) for part in package.iter_parts()}
    number = next(n for n in range(1, 10**6) if f"/customXml/item{n}.xml" not in used)
    body = escape(json.dumps(records, ensure_ascii=False))
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<origins xmlns="{ORIGIN_NAMESPACE}">{body}</origins>'
    )
    item = Part(PackURI(f"/customXml/item{number}.xml"), "application/xml", xml.encode("utf-8"), package)
    props = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<ds:datastoreItem ds:itemID="{%s}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{ORIGIN_NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>'
    ) % _item_id(records)
    properties = Part(
        PackURI(f"/customXml/itemProps{number}.xml"),
        "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
        props.encode("utf-8"),
        package,
    )
    item.relate_to(properties, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)


def _item_id(records: list[dict[str, Any]]) -> str:
    import hashlib
    import json
    import uuid

    digest = hashlib.sha1(json.dumps(records, ensure_ascii=False).encode()).digest()
    return str(uuid.UUID(bytes=digest[:16])).upper()


def read_origins(path: Path) -> list[dict[str, Any]]:
    """The provenance records drafter wrote into a .docx (none when it has none)."""
    import json
    import zipfile
    from xml.etree import ElementTree

    records: list[dict[str, Any]] = []
    try:
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                if not (name.startswith("customXml/item") and name.endswith(".xml")) or "Props" in name:
                    continue
                root = ElementTree.fromstring(package.read(name))
                if root.tag == f"{{{ORIGIN_NAMESPACE}}}origins" and root.text:
                    found = json.loads(root.text)
                    records += [r for r in found if isinstance(r, dict) and isinstance(r.get("origin"), dict)]
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError, ValueError):
        return []  # a part that is not ours, or damaged: the plan simply has no provenance
    return records


def restore_origins(plan: Plan, records: list[dict[str, Any]]) -> None:
    """Give each item of ``plan`` (body and attachments) the provenance recorded for it: the
    record whose fingerprint is the item's (unedited), else the one of the same title, else the
    one at its path."""
    from ..ledger.ids import item_paths

    left = list(records)
    items = list(item_paths(plan))
    chosen: dict[int, dict[str, Any]] = {}
    rounds = (
        lambda r, p, i: r.get("fingerprint", r["origin"].get("fingerprint")) == i.fingerprint(),
        lambda r, p, i: bool(i.title) and r.get("title") == i.title,
        lambda r, p, i: r.get("path") == p,
    )
    for same in rounds:
        for index, (path, item) in enumerate(items):
            match = next((r for r in left if same(r, path, item)), None) if index not in chosen else None
            if match is not None:
                left.remove(match)
                chosen[index] = match
    for index, record in chosen.items():
        items[index][1].origin = dict(record["origin"])


# -- suggestions -----------------------------------------------------------------------------


def annotate_suggestions(path: Path, plan: Plan, rows: Iterable[Any]) -> tuple[bytes, int]:
    """The Word file ``suggest --plan --annotate`` writes: the draft's own .docx (or the official
    build of ``plan`` for any other input) with each item's close prior measures (``review``
    rows) as a comment on the item's first paragraph; an item with none close gets none.
    Returns it and how many comments it has."""
    import docx

    from ..parse.plan import parse_file
    from ..parse.read import open_docx, source_kind
    from ..suggest.search import band
    from .word import BuildOptions, build_docx

    rows = list(rows)
    if source_kind(path) == "docx":
        document = open_docx(path)
        lines = {row.path: row.item.line for row in rows}
    else:
        data = build_docx(plan, BuildOptions())
        document = docx.Document(io.BytesIO(data))
        built = _parse_bytes(data, parse_file)
        lines = {"/".join(parts): item.line for parts, item, _ in built.walk_labelled()}
    not_close = band(0)
    paragraphs = docx_paragraphs(document)
    placed = 0
    for row in rows:
        close = [s for s in row.suggestions if s.band != not_close]
        target = paragraphs.get(lines.get(row.path, 0))
        if close and target is not None and (runs := _whole(target)):
            comment_on(document, runs, "\n".join(["参考措施:", *map(suggestion_comment, close)]))
            placed += 1
    return _save(document), placed


def suggestion_comment(suggestion: Any) -> str:
    """One prior measure in a comment: “〔74 相关〕沈阳市教育局 2022年 一/1 标题:最相近的一句”."""
    record = suggestion.record
    year = f" {record.plan['year']}年" if record.plan["year"] else ""
    place = "/".join(record.path) + (f" {record.title}" if record.title else "")
    issuer = record.plan["issuer"] or "(发文单位不详)"
    return f"〔{suggestion.score:.0f} {suggestion.band}〕{issuer}{year} {place}:{suggestion.match}"


def _save(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
