"""Readers: a source file on disk → a list of paragraphs with their source locations.

Plain text and Markdown are decoded (UTF-8, UTF-8/UTF-16 with BOM, GB18030/GBK)
and split into lines; Word files are read with python-docx (imported only here and
only when a .docx is read), including automatic list numbers, bold run-in titles
and tables. Nothing here knows about plan structure.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, os_error
from ..lang.numerals import to_chinese
from ..lang.vocabulary import ROLES, vocabulary
from ..lang.width import fold

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
YAML_SUFFIXES = {".yaml", ".yml"}
SUPPORTED = "txt、md、docx、yaml"
_BINARY_PROBE = 8192  # a NUL byte this near the start means a binary file, not text
_CONTROL_SAMPLE = 20000  # characters looked at for control characters
_CONTROL_SHARE = 200  # more than one control character in this many (and more than two) is not text
_CONTROL_FEW = 2  # a couple of stray control characters are tolerated in any text
_WORD_LEVELS = 9  # Word list levels 0–8 (w:ilvl)
_CIRCLED_MAX = 20  # Word's decimalEnclosedCircle runs ①–⑳


@dataclass
class Para:
    """One paragraph (a text line, or a Word paragraph) and where it starts in the source."""

    text: str
    line: int
    column: int = 1
    bold: tuple[int, int] | None = None  # span of the first bold run, a run-in title hint
    style: str = ""


@dataclass
class RawDocument:
    """A source file read into paragraphs, with what is needed for provenance."""

    path: Path
    format: str
    encoding: str
    sha256: str
    paras: list[Para] = field(default_factory=list)


def source_kind(path: Path) -> str:
    """The reader a path needs: "txt", "md", "docx" or "yaml"; InputError otherwise."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return TEXT_SUFFIXES[suffix]
    if suffix == ".docx":
        return "docx"
    if suffix in YAML_SUFFIXES:
        return "yaml"
    raise InputError(f"不支持的文件类型“{path.suffix or '无扩展名'}”,支持 {SUPPORTED}", path)


def require_file(path: Path) -> None:
    """InputError unless ``path`` is an existing file."""
    try:
        path.stat()
    except FileNotFoundError:
        raise InputError("文件不存在", path) from None
    except OSError as exc:  # a symbolic-link loop, no permission to look, a parent that is a file
        raise os_error(path, exc, "读取") from exc
    if path.is_dir():
        raise InputError("这是一个文件夹,不是文件", path)


def read_bytes(path: Path) -> bytes:
    """The file's bytes; InputError for a missing file, a folder or an empty file."""
    require_file(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise os_error(path, exc, "读取") from exc
    if not data.strip():
        raise InputError("文件为空", path)
    return data


def read_document(path: Path) -> RawDocument:
    """Read a .txt/.md/.docx file into paragraphs."""
    require_file(path)
    kind = source_kind(path)
    data = read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    if kind == "docx":
        return RawDocument(path, kind, "", digest, _docx_paras(path))
    if kind == "yaml":
        raise InputError("YAML 文件请用 load_plan 读取", path)
    text, encoding = decode_text(data, path)
    paras = _markdown_paras(text) if kind == "md" else _text_paras(text)
    return RawDocument(path, kind, encoding, digest, paras)


def decode_text(data: bytes, path: Path | str = "") -> tuple[str, str]:
    """Decode text bytes and normalise line ends; returns (text, encoding name)."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _newlines(data.decode(name)), name
            except UnicodeDecodeError as exc:
                raise InputError("文本编码损坏,无法解码", path) from exc
    if b"\x00" in data[:_BINARY_PROBE]:
        raise InputError("不是文本文件(含二进制内容)", path)
    for name in ("utf-8", "gb18030"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise InputError("不是文本文件(含二进制内容)", path)
        return _newlines(text), name
    raise InputError("无法识别文本编码(支持 UTF-8、GB18030/GBK)", path)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")


def _looks_binary(text: str) -> bool:
    """Control and private-use characters in bulk: bytes that decoded, but are not text."""
    sample = text[:_CONTROL_SAMPLE]
    return len(_CONTROL.findall(sample)) > max(_CONTROL_FEW, len(sample) // _CONTROL_SHARE)


def _text_paras(text: str) -> list[Para]:
    paras = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            paras.append(Para(stripped, number, lead + 1))
    return paras


_MD_PREFIX = re.compile(r"^(?:#{1,6}\s+|>\s*|[-*+]\s+(?=\S))")
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")


def _markdown_paras(text: str) -> list[Para]:
    paras = []
    for para in _text_paras(text):
        body = para.text
        prefix = _MD_PREFIX.match(body)
        column = para.column
        if prefix:
            body = body[prefix.end() :]
            column += prefix.end()
        if re.fullmatch(r"[-*_]{3,}", body):  # thematic break
            continue
        bold = None
        first = _MD_BOLD.search(body)
        if first:
            start = first.start()
            inner = first.group(1) or first.group(2)
            bold = (start, start + len(inner))
        body = _MD_ESCAPE.sub(r"\1", _MD_BOLD.sub(lambda m: m.group(1) or m.group(2), body))
        if body:
            paras.append(Para(body, para.line, column, bold))
    return paras


# --- Word -------------------------------------------------------------------------------


def _task_headers() -> dict[str, tuple[str, ...]]:
    """Words that name each column of a 任务分工表, in the order columns are recognised."""
    words = vocabulary()
    headers = words.task_table_headers
    roles = {role.key: role.table_headers for role in words.roles}
    return {"number": headers["number"], "task": headers["task"], **roles, "deadline": headers["deadline"]}


def open_docx(path: Path) -> Any:
    """A Word document opened with python-docx; InputError when it is not one or is damaged."""
    import zipfile

    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise InputError("读取 .docx 需要 python-docx", path) from exc
    if not zipfile.is_zipfile(path):
        raise InputError("不是有效的 .docx 文件(不是 zip 压缩包)", path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError("不是 Word 文档(.docx 内容不完整或类型不对)", path) from exc
    except Exception as exc:  # malformed XML inside the package
        raise InputError(f"Word 文档已损坏,无法读取({type(exc).__name__})", path) from exc
    return document


def _docx_paras(path: Path) -> list[Para]:
    document = open_docx(path)
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = _Numbering(document)
    paras: list[Para] = []
    index = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            index += 1
            para = _docx_para(Paragraph(child, document), index, numbering)
            if para:
                paras.append(para)
        elif tag == "tbl":
            for text in _table_lines(Table(child, document)):
                index += 1
                paras.append(Para(text, index))
    return paras


def _docx_para(paragraph: Any, index: int, numbering: _Numbering) -> Para | None:
    runs = [(run.text, _bold(run)) for run in paragraph.runs]
    text = "".join(t for t, _ in runs) if runs else paragraph.text
    label = numbering.label(paragraph)
    stripped = text.strip()
    if not stripped and not label:
        return None
    lead = len(text) - len(text.lstrip())
    bold = None
    offset = 0
    for run_text, is_bold in runs:
        if is_bold and run_text.strip() and bold is None:
            bold = [offset - lead, offset - lead + len(run_text)]
        elif bold is not None and is_bold and offset - lead == bold[1]:
            bold[1] += len(run_text)
        elif bold is not None:
            break
        offset += len(run_text)
    span = None
    if bold is not None:
        start, end = max(bold[0], 0), min(bold[1], len(stripped))
        if label:
            start, end = start + len(label), end + len(label)
        span = (start, end) if end > start else None
    style = paragraph.style.name if paragraph.style is not None else ""
    return Para(label + stripped, index, 1, span, style)


def _bold(run: Any) -> bool:
    """Bold set on the run itself or by its character style (drafter's 条目标题, Word's Strong)."""
    if run.bold is not None:
        return bool(run.bold)
    style = run.style if run._r.style else None  # no rStyle: skip the style lookup
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def _table_lines(table: Any) -> list[str]:
    """Lines for a table: a 任务分工表 becomes numbered items with their units."""
    rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
    if not rows:
        return []
    columns = _task_columns(rows[0])
    if "task" not in columns or not ({"lead", "units"} & columns.keys()):
        lines: list[str] = []
        for row in rows:
            lines.extend(cell for cell in dict.fromkeys(row) if cell)
        return lines
    header = rows[0]
    lines = []
    for number, row in enumerate(rows[1:], start=1):
        cells = dict.fromkeys(c for c in row if c)
        if len(cells) == 1:  # a merged row: a section heading inside the table
            lines.append(next(iter(cells)))
            continue
        task = row[columns["task"]]
        if not task:
            continue
        given = row[columns["number"]] if "number" in columns else ""
        parts = []
        if "deadline" in columns and row[columns["deadline"]]:
            parts.append(f"完成时限:{row[columns['deadline']]}")
        for role in ROLES:
            if role in columns and row[columns[role]]:
                parts.append(f"{header[columns[role]]}:{row[columns[role]]}")
        clause = f"({','.join(parts)})" if parts else ""
        given = fold(given).rstrip(".、")
        marker = given if given.isdigit() else str(number)
        lines.append(f"{marker}.{task}{clause}")
    return lines


def _task_columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    headers = _task_headers()
    for index, cell in enumerate(header):
        for role, words in headers.items():
            if role not in columns and any(w in cell for w in words):
                columns[role] = index
                break
    return columns


class _Numbering:
    """Word's automatic list numbers (w:numPr), rendered as the text a reader sees."""

    def __init__(self, document: Any):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
        w = "{" + ns["w"] + "}"
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for node in root.findall("w:abstractNum", ns):
            levels = {}
            for lvl in node.findall("w:lvl", ns):
                start = lvl.find("w:start", ns)
                fmt = lvl.find("w:numFmt", ns)
                text = lvl.find("w:lvlText", ns)
                levels[int(lvl.get(w + "ilvl", "0"))] = (
                    int(start.get(w + "val", "1")) if start is not None else 1,
                    fmt.get(w + "val", "decimal") if fmt is not None else "decimal",
                    text.get(w + "val", "") if text is not None else "",
                )
            abstract[node.get(w + "abstractNumId", "")] = levels
        for num in root.findall("w:num", ns):
            ref = num.find("w:abstractNumId", ns)
            if ref is not None:
                self.levels[num.get(w + "numId", "")] = abstract.get(ref.get(w + "val", ""), {})
        self.w = w

    def label(self, paragraph: Any) -> str:
        if not self.levels:
            return ""
        num_pr = _num_pr(paragraph)
        if num_pr is None:
            return ""
        num_id, ilvl = num_pr
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * _WORD_LEVELS)
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, _WORD_LEVELS):
            counters[deeper] = 0
        text = levels[ilvl][2]
        for level in range(ilvl + 1):
            start, fmt, _ = levels.get(level, (1, "decimal", ""))
            value = max(counters[level], 1) + start - 1
            text = text.replace(f"%{level + 1}", _format_number(value, fmt))
        return text


def _num_pr(paragraph: Any) -> tuple[str, int] | None:
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    style = paragraph.style
    while num_pr is None and style is not None:
        style_pr = style.element.pPr
        num_pr = style_pr.numPr if style_pr is not None else None
        style = style.base_style
    if num_pr is None or num_pr.numId is None:
        return None
    num_id = str(num_pr.numId.val)
    if num_id == "0":
        return None
    ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    return num_id, int(ilvl)


def _format_number(value: int, fmt: str) -> str:
    if fmt.startswith("chinese") or fmt in ("ideographDigital", "japaneseCounting", "taiwaneseCounting"):
        return to_chinese(value)
    if fmt == "decimalEnclosedCircle" and 1 <= value <= _CIRCLED_MAX:
        return chr(0x2460 + value - 1)
    if fmt == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    if fmt == "none":
        return ""
    return str(value)
