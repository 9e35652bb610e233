"""Apply safe fixes to a copy of the source file (never silently to the original).

Every edit names the text it replaces; an edit whose text is not found exactly
where it should be (the file changed, or the place could not be pinned down) is
skipped rather than guessed. Plain text, Markdown and YAML are edited by line and
column; Word files run by run, keeping each run's formatting — as tracked changes by
drafter (``track``) that the clerk accepts or rejects in Word, or directly.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..parse.read import decode_text, read_bytes, source_kind, web_entities
from ..store.files import write_atomic
from .base import Edit, Finding


@dataclass
class FixResult:
    """What fixing produced: the new bytes, a diff, and how many edits applied or were skipped."""

    data: bytes
    diff: str
    applied: int
    skipped: int


def fixed_path(path: Path, in_place: bool = False) -> Path:
    """Where fixes go: NAME.fixed.EXT, or the file itself with --in-place."""
    return path if in_place else path.with_name(f"{path.stem}.fixed{path.suffix}")


def safe_edits(findings: list[Finding]) -> list[Edit]:
    """The safe edits of all findings, without overlaps (the first one wins)."""
    chosen: list[Edit] = []
    for edit in sorted({e for f in findings for e in f.edits}, key=lambda e: (e.line, e.column, len(e.old))):
        clash = any(
            e.line == edit.line
            and e.column < edit.column + max(len(edit.old), 1)
            and edit.column < e.column + max(len(e.old), 1)
            for e in chosen
        )
        if not clash:
            chosen.append(edit)
    return chosen


def fix_file(path: Path, findings: list[Finding], track: bool = False) -> FixResult:
    """Apply the safe edits of ``findings`` to the file's content (nothing is written here);
    ``track``: a Word file's edits as tracked changes (w:del/w:ins by drafter)."""
    edits = safe_edits(findings)
    if source_kind(path) == "docx":
        return _fix_docx_tracked(path, edits) if track else _fix_docx(path, edits)
    data = read_bytes(path)
    _, encoding = decode_text(data, path)
    text = data.decode(encoding)
    # The text reader decodes what a web page left escaped (“&quot;”), and its columns are the
    # decoded text's: the fixed copy is that text, edited.
    readable = web_entities(text)[0] if source_kind(path) in ("txt", "md") else text
    new_text, applied = apply_edits(readable, edits)
    diff = _diff(text, new_text, path)
    return FixResult(new_text.encode(encoding), diff, applied, len(edits) - applied)


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, int]:
    """``text`` with the edits made (by line and column); returns it and how many applied."""
    lines = text.splitlines(keepends=True)
    applied = 0
    for edit in sorted(edits, key=lambda e: (e.line, -e.column)):
        if 0 < edit.line <= len(lines):
            line = lines[edit.line - 1]
            start = edit.column - 1
            if line[start : start + len(edit.old)] == edit.old:
                lines[edit.line - 1] = line[:start] + edit.new + line[start + len(edit.old) :]
                applied += 1
    return "".join(lines), applied


def write_fixed(path: Path, result: FixResult, in_place: bool) -> Path:
    """Write the fixed content atomically and return where it went.

    The new bytes are read back first: a fixed file drafter could not read again is
    refused (InputError) and nothing is written.
    """
    target = fixed_path(path, in_place)
    read_back(path, result.data)
    write_atomic(target, result.data)
    return target


def read_back(path: Path, data: bytes) -> None:
    """InputError unless ``data`` reads as a file of ``path``'s kind, as the reader reads it."""
    import io

    from ..parse.read import MAX_UNZIPPED, _open_docx, docx_document_paras

    try:
        if source_kind(path) == "docx":
            docx_document_paras(_open_docx(io.BytesIO(data), path, MAX_UNZIPPED)[0])
        else:
            decode_text(data, path)
    except InputError as exc:
        raise InputError(f"修正后的文件无法再读取({exc.message}),未写入", path) from exc


def _diff(old: str, new: str, path: Path) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), str(path), f"{path}(修正后)"
        )
    )


def _fix_docx_tracked(path: Path, edits: list[Edit]) -> FixResult:
    from ..parse.read import open_docx
    from ..render.annotate import tracked_fixes

    document = open_docx(path)  # the reader's checks: size limits, entities expanded
    data, old, new, applied = tracked_fixes(document, edits)
    return FixResult(data, _diff(old, new, path), applied, len(edits) - applied)


def _fix_docx(path: Path, edits: list[Edit]) -> FixResult:
    import io

    from ..parse.read import open_docx
    from ..render.annotate import docx_paragraphs

    document = open_docx(path)  # the reader's checks: size limits, entities expanded
    paragraphs = {i: (p.paragraph, p.label) for i, p in docx_paragraphs(document).items()}
    before = {i: p.text for i, (p, _) in paragraphs.items()}
    applied = 0
    for edit in sorted(edits, key=lambda e: (e.line, -e.column)):
        if edit.line in paragraphs and _edit_runs(*paragraphs[edit.line], edit):
            applied += 1
    old = "\n".join(before[i] for i in sorted(before))
    new = "\n".join(paragraphs[i][0].text for i in sorted(paragraphs))
    buffer = io.BytesIO()
    document.save(buffer)
    return FixResult(buffer.getvalue(), _diff(old + "\n", new + "\n", path), applied, len(edits) - applied)


def _edit_runs(paragraph: object, label: int, edit: Edit) -> bool:
    """Replace ``edit.old`` in the one run that holds it, nearest to the expected column."""
    runs = paragraph.runs  # type: ignore[attr-defined]
    text = "".join(run.text for run in runs)
    # The reader strips leading space and puts an automatic list number in front.
    expected = edit.column - 1 - label + (len(text) - len(text.lstrip()))
    candidates = occurrences(text, edit.old) if edit.old else [expected]
    if not candidates:
        return False
    offset = min(candidates, key=lambda c: abs(c - expected))
    position = 0
    for run in runs:
        end = position + len(run.text)
        if (
            position <= offset
            and offset + len(edit.old) <= end
            and (edit.old or offset < end or offset == position)
        ):
            start = offset - position
            run.text = run.text[:start] + edit.new + run.text[start + len(edit.old) :]
            return True
        position = end
    return False


def occurrences(text: str, part: str) -> list[int]:
    """Every index where ``part`` starts in ``text``, overlapping ones included."""
    found, start = [], text.find(part)
    while start >= 0:
        found.append(start)
        start = text.find(part, start + 1)
    return found
