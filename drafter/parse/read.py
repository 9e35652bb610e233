"""Readers: a source file on disk → a list of paragraphs with their source locations.

Plain text and Markdown are decoded (UTF-8, UTF-8/UTF-16 with BOM, GB18030/GBK)
and split into lines; Word files are read with python-docx (imported only here and
only when a .docx is read), including automatic list numbers, bold run-in titles
and tables. Nothing here knows about plan structure.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, os_error
from ..lang.numerals import to_chinese
from ..lang.vocabulary import ROLES, vocabulary
from ..lang.width import fold
from .convert import CONVERTIBLE, to_docx

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
YAML_SUFFIXES = {".yaml", ".yml"}
# Readers of their own modules: web pages (parse/html.py) and PDF (parse/pdf.py).
OTHER_SUFFIXES = {".html": "html", ".htm": "html", ".mhtml": "mhtml", ".mht": "mhtml", ".pdf": "pdf"}
SUPPORTED = "txt、md、docx、doc、wps、rtf、odt、html、mhtml、pdf、yaml"
_BINARY_PROBE = 8192  # a NUL byte this near the start means a binary file, not text
_CONTROL_SAMPLE = 20000  # characters looked at for control characters
_CONTROL_SHARE = 200  # more than one control character in this many (and more than two) is not text
_CONTROL_FEW = 2  # a couple of stray control characters are tolerated in any text
_WORD_LEVELS = 9  # Word list levels 0–8 (w:ilvl)
_CIRCLED_MAX = 20  # Word's decimalEnclosedCircle runs ①–⑳
_LIST_START_MAX = 32767  # Word's own limit for w:start; anything above it is not a list number
MAX_UNZIPPED = 200 * 1024 * 1024  # a plan's .docx inflates to a few MB; a zip bomb to gigabytes
_MAX_MEMBERS = 5000  # a Word document has dozens of parts; thousands is not a document
_INFLATE_CHUNK = 1024 * 1024  # members are inflated this much at a time to measure them
_DOCTYPE_PROBE = 4096  # a DOCTYPE comes first in an XML part: looked for in this many bytes
_SHOWN_LINES = 5  # lines named in a warning about removed characters
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Para:
    """One paragraph (a text line, or a Word paragraph) and where it starts in the source."""

    text: str
    line: int
    column: int = 1
    bold: tuple[int, int] | None = None  # span of the first bold run, a run-in title hint
    style: str = ""
    heading: int = 0  # the heading level (1–3) a Word heading style or outline level gives it; 0: body text


@dataclass
class RawDocument:
    """A source file read into paragraphs, with what is needed for provenance."""

    path: Path
    format: str
    encoding: str
    sha256: str
    paras: list[Para] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # what a web page's head says: info-panel keys
    # what read it or turned it into a file drafter reads: {"converter": "pypdf 5.1.0"}
    provenance: dict[str, str] = field(default_factory=dict)


def source_kind(path: Path) -> str:
    """The reader a path needs: "txt", "md", "docx", "html", "mhtml", "pdf", "yaml" or a format
    LibreOffice converts ("doc", "wps", "rtf", "odt"); InputError otherwise."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return TEXT_SUFFIXES[suffix]
    if suffix in OTHER_SUFFIXES:
        return OTHER_SUFFIXES[suffix]
    if suffix == ".docx":
        return "docx"
    if suffix in CONVERTIBLE:
        return CONVERTIBLE[suffix]
    if suffix in YAML_SUFFIXES:
        return "yaml"
    raise InputError(f"不支持的文件类型“{path.suffix or '无扩展名'}”,支持 {SUPPORTED}", path)


def require_file(path: Path) -> None:
    """InputError unless ``path`` is an existing regular file (a pipe or a device would block
    the read or never end)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError("文件不存在", path) from None
    except ValueError:  # a NUL in the name, which no file system allows
        raise InputError("文件名中含有空字符(NUL)", repr(str(path))) from None
    except OSError as exc:  # a symbolic-link loop, no permission to look, a parent that is a file
        raise os_error(path, exc, "读取") from exc
    if stat.S_ISDIR(mode):
        raise InputError("这是一个文件夹,不是文件", path)
    if not stat.S_ISREG(mode):
        raise InputError("不是普通文件(是管道或设备),无法读取", path)


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


def read_document(path: Path, max_unzipped: int = MAX_UNZIPPED) -> RawDocument:
    """Read a .txt/.md/.docx/.html/.mhtml/.pdf file (or one LibreOffice converts to .docx) into paragraphs.

    ``max_unzipped``: the most bytes a .docx may inflate to (any one part, and all together).
    Characters XML cannot carry are removed (form feed and vertical tab become spaces), with
    a warning naming the lines.
    """
    require_file(path)
    kind = source_kind(path)
    data = read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    if kind == "yaml":
        raise InputError("YAML 文件请用 load_plan 读取", path)
    if kind == "docx":
        paras, warnings = _docx_paras(path, max_unzipped)
        document = RawDocument(path, kind, "", digest, paras, warnings)
    elif kind in ("html", "mhtml"):
        from .html import read_html

        page = read_html(data, path, kind)
        paras = tab_tables(page.paras, page.warnings)
        document = RawDocument(path, kind, page.encoding, digest, paras, page.warnings, page.meta)
        document.provenance = {"converter": page.converter}
    elif kind == "pdf":
        from .pdf import read_pdf

        pages = read_pdf(data, path)
        document = RawDocument(path, kind, "", digest, pages.paras, pages.warnings)
        document.provenance = {"converter": pages.converter}
    elif kind in CONVERTIBLE.values():
        converted = to_docx(path, data, digest)
        opened, warnings = _open_docx(io.BytesIO(converted.docx), path, max_unzipped)
        paras = docx_document_paras(opened, warnings)
        document = RawDocument(path, kind, "", digest, paras, warnings)
        document.provenance = {"converter": converted.converter}
    else:
        text, encoding = decode_text(data, path)
        text, notes = web_entities(text)
        paras = tab_tables(_markdown_paras(text) if kind == "md" else _text_paras(text), notes)
        document = RawDocument(path, kind, encoding, digest, paras, notes)
    document.paras, removed = xml_safe(document.paras)
    document.warnings.extend(removed)
    return document


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
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError("不是文本文件(含二进制内容)", path)
        return _newlines(data.decode(utf16)), utf16
    for name in ("utf-8", "gb18030"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise InputError("不是文本文件(含二进制内容)", path)
        return _newlines(text), name
    raise InputError("无法识别文本编码(支持 UTF-8、GB18030/GBK)", path)


# What UTF-16 text of a plan is made of: ASCII, CJK, CJK and full-width punctuation, quotes.
_TEXT_LIKE = re.compile(r"[\t\n\r\x20-\x7e\u2010-\u2027\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_UTF16_TEXT_SHARE = 0.95  # read as UTF-16 only when nearly every character is such text


# An HTML character reference (“&quot;”, “&amp;”, “&#8220;”) left in text copied from a web page.
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def web_entities(text: str) -> tuple[str, list[str]]:
    """``text`` with the HTML character references a web page left in it decoded, and one
    warning naming them and their lines (none when there are none).

    A “&quot;” in Chinese text stands for a Chinese quotation mark: it closes a “ left open on
    its line, else it opens one (the page escaped the quote the author typed). Line and
    column numbers are those of the decoded text, which ``--fix`` writes out too.
    """
    import html

    counts: dict[str, int] = {}
    lines_with: list[int] = []
    decoded_lines = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "&" not in line or not _ENTITY.search(line):
            decoded_lines.append(line)
            continue
        out: list[str] = []
        position = 0
        for match in _ENTITY.finditer(line):
            entity = match.group()
            value = html.unescape(entity)
            if value == entity:  # not an HTML entity (“&abc;” in prose)
                continue
            out.append(line[position : match.start()])
            if entity == "&quot;":
                before = "".join(out)
                value = "”" if before.rfind("“") > before.rfind("”") else "“"
            out.append(value)
            position = match.end()
            counts[entity] = counts.get(entity, 0) + 1
        out.append(line[position:])
        decoded = "".join(out)
        if decoded != line:
            lines_with.append(number)
        decoded_lines.append(decoded)
    if not counts:
        return text, []
    shown = "、".join(f"{entity} {n} 处" for entity, n in counts.items())
    where = "、".join(f"第{n}行" for n in lines_with[:_SHOWN_LINES]) + (
        "等" if len(lines_with) > _SHOWN_LINES else ""
    )
    quotes = ";“&quot;”按上下文还原为中文引号" if "&quot;" in counts else ""
    warning = f"还原了网页复制留下的转义符({shown}),在{where}{quotes}"
    return "\n".join(decoded_lines), [warning]


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" for UTF-16 text written without a BOM, else None.

    Line ends, spaces and digits give UTF-16 its NUL bytes; read the right way round such
    text is nearly all ASCII and CJK, the wrong way round (or binary data) it is not.
    """
    if len(data) % 2:
        return None
    best: tuple[float, str] | None = None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            sample = data.decode(name)[:_CONTROL_SAMPLE]
        except UnicodeDecodeError:
            continue
        share = len(_TEXT_LIKE.findall(sample)) / max(len(sample), 1)
        if share >= _UTF16_TEXT_SHARE and (best is None or share > best[0]):
            best = (share, name)
    return best[1] if best else None


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")


def _looks_binary(text: str) -> bool:
    """Control and private-use characters in bulk: bytes that decoded, but are not text."""
    sample = text[:_CONTROL_SAMPLE]
    return len(_CONTROL.findall(sample)) > max(_CONTROL_FEW, len(sample) // _CONTROL_SHARE)


# What XML 1.0 cannot hold (lxml refuses it when the document is built): C0 controls but tab
# and line ends, U+FFFE/U+FFFF and lone surrogates. Form feed and vertical tab become spaces.
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_AS_SPACE = "\x0b\x0c"
_CHAR_NAMES = {"\x00": "NUL", "\x0b": "垂直制表符", "\x0c": "换页符"}


def control_characters(text: str) -> str:
    """The names of the control characters in ``text`` that no document can carry ("" if none).
    Lone surrogates are not counted: they stand for undecodable bytes of a file name."""
    found = dict.fromkeys(c for c in _XML_UNSAFE.findall(text) if not "\ud800" <= c <= "\udfff")
    return "、".join(_CHAR_NAMES.get(c, f"U+{ord(c):04X}") for c in found)


def xml_safe(paras: list[Para]) -> tuple[list[Para], list[str]]:
    """The paragraphs without characters XML cannot carry, and a warning naming the lines."""
    kept: list[Para] = []
    notes: list[str] = []
    for para in paras:
        if not _XML_UNSAFE.search(para.text):
            kept.append(para)
            continue
        names = "、".join(
            _CHAR_NAMES.get(c, f"U+{ord(c):04X}") for c in dict.fromkeys(_XML_UNSAFE.findall(para.text))
        )
        notes.append(f"第{para.line}行({names})")
        cleaned = _clean_para(para)
        if cleaned is not None:
            kept.append(cleaned)
    if not notes:
        return kept, []
    more = "等" if len(notes) > _SHOWN_LINES else ""
    message = f"去掉了 XML 无法容纳的控制字符(换页符、垂直制表符改为空格),共 {len(notes)} 行:"
    return kept, [message + "、".join(notes[:_SHOWN_LINES]) + more]


def _clean_para(para: Para) -> Para | None:
    """``para`` with unsafe characters removed (or made spaces); None if nothing is left."""

    def removed_before(offset: int) -> int:
        return sum(1 for c in _XML_UNSAFE.findall(para.text[:offset]) if c not in _AS_SPACE)

    text = _XML_UNSAFE.sub(lambda m: " " if m.group() in _AS_SPACE else "", para.text)
    stripped = text.strip()
    if not stripped:
        return None
    lead = len(text) - len(text.lstrip())
    bold = None
    if para.bold is not None:
        start = max(para.bold[0] - removed_before(para.bold[0]) - lead, 0)
        end = min(para.bold[1] - removed_before(para.bold[1]) - lead, len(stripped))
        bold = (start, end) if end > start else None
    first = next(i for i, c in enumerate(para.text) if not (c.isspace() or _XML_UNSAFE.match(c)))
    return Para(stripped, para.line, para.column + first, bold, para.style, para.heading)


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


def open_docx(path: Path, max_unzipped: int = MAX_UNZIPPED) -> Any:
    """A Word document opened with python-docx; InputError when it is not one, is damaged,
    or inflates to more than ``max_unzipped`` bytes."""
    return _open_docx(path, path, max_unzipped)[0]


def _open_docx(source: Path | IO[bytes], path: Path, max_unzipped: int) -> tuple[Any, list[str]]:
    """The document and the warnings about XML repaired to read it (``source``: a file or bytes)."""
    import zipfile

    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise InputError("读取 .docx 需要 python-docx", path) from exc
    if not zipfile.is_zipfile(source):
        raise InputError("不是有效的 .docx 文件(不是 zip 压缩包)", path)
    warnings: list[str] = []
    try:
        with zipfile.ZipFile(source) as package:
            repaired: str | IO[bytes] | None = _checked_package(package, path, max_unzipped, warnings)
        if repaired is None:
            repaired = str(source) if isinstance(source, Path) else source
        document = docx.Document(repaired)
    except InputError:
        raise
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError("不是 Word 文档(.docx 内容不完整或类型不对)", path) from exc
    except SyntaxError as exc:  # lxml's XMLSyntaxError: a part that is not well-formed XML
        line = f",第{exc.lineno}行" if exc.lineno else ""
        raise InputError(f"Word 文档已损坏,无法读取(其中的 XML 不完整或有误{line})", path) from exc
    except Exception as exc:  # XML that is well-formed but not what python-docx expects
        raise InputError("Word 文档已损坏,无法读取(内部结构不对)", path) from exc
    return document, warnings


def _checked_package(package: Any, path: Path, limit: int, warnings: list[str]) -> IO[bytes] | None:
    """Refuse a zip bomb before python-docx inflates it; repair XML parts with entities.

    Declared sizes are checked first, then every member is inflated piece by piece and
    counted (a forged header must not let more through). Returns the package rewritten
    in memory when a part needed repair, else None.
    """
    import io
    import zipfile

    members = package.infolist()
    if len(members) > _MAX_MEMBERS:
        raise InputError(f"不是 Word 文档(压缩包内有 {len(members)} 个文件)", path)
    megabytes = limit // (1024 * 1024)
    if sum(m.file_size for m in members) > limit:
        raise InputError(f"Word 文档解压后超过 {megabytes} MB,疑为压缩炸弹,拒绝读取", path)
    total = 0
    repaired: dict[str, bytes] = {}
    for member in members:
        head = b""
        with package.open(member) as stream:
            while chunk := stream.read(_INFLATE_CHUNK):
                head = head or chunk[:_DOCTYPE_PROBE]
                total += len(chunk)
                if total > limit:
                    raise InputError(f"Word 文档解压后超过 {megabytes} MB,疑为压缩炸弹,拒绝读取", path)
        if b"<!DOCTYPE" in head:
            repaired[member.filename] = _without_entities(
                package.read(member), member.filename, path, warnings
            )
    if not repaired:
        return None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for member in members:
            out.writestr(member, repaired.get(member.filename) or package.read(member))
    buffer.seek(0)
    return buffer


def _without_entities(xml: bytes, part: str, path: Path, warnings: list[str]) -> bytes:
    """An XML part with a DOCTYPE (Word never writes one) as plain XML: entities declared in
    it are expanded, any other entity reference is left out — the text after it is kept."""
    from lxml import etree

    strict = etree.XMLParser(resolve_entities="internal", no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(xml, strict)
    except etree.XMLSyntaxError:
        lenient = etree.XMLParser(resolve_entities="internal", no_network=True, load_dtd=False, recover=True)
        root = etree.fromstring(xml, lenient)
        if root is None:
            raise InputError(f"Word 文档已损坏,无法读取({part})", path) from None
        warnings.append(f"Word 文档的 {part} 有无法解析的实体引用,已略去,其后的文字保留")
    else:
        warnings.append(f"Word 文档的 {part} 带有实体声明,已展开")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _docx_paras(path: Path, max_unzipped: int = MAX_UNZIPPED) -> tuple[list[Para], list[str]]:
    document, warnings = _open_docx(path, path, max_unzipped)
    return docx_document_paras(document, warnings), warnings


def docx_document_paras(document: Any, warnings: list[str] | None = None) -> list[Para]:
    """The paragraphs of an opened Word document (tables as lines, list numbers included)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    notes = warnings if warnings is not None else []
    numbering = _Numbering(document, notes)
    styles = _ParagraphStyles()
    body = document.element.body
    # a move is a w:moveFrom and its w:moveTo: counted once
    inserted, deleted, moved = (len(body.xpath(f".//w:{tag}[.//w:r]")) for tag in ("ins", "del", "moveFrom"))
    if inserted or deleted or moved:
        notes.append(
            f"Word 文档有未接受的修订(插入 {inserted} 处、删除 {deleted} 处、移动 {moved} 处),"
            "已按接受全部修订后的文字读取"
        )
    paras: list[Para] = []
    index = 0
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            index += 1
            para = _docx_para(Paragraph(child, document), index, numbering, styles)
            if para:
                paras.append(para)
        elif tag == "tbl":
            for text in _table_lines(Table(child, document)):
                index += 1
                paras.append(Para(text, index))
    return paras


def _docx_para(paragraph: Any, index: int, numbering: _Numbering, styles: _ParagraphStyles) -> Para | None:
    runs = [(run.text, _bold(run)) for run in _runs(paragraph)]
    text = "".join(t for t, _ in runs)
    paragraph_style = styles.of(paragraph)
    label = numbering.label(paragraph, paragraph_style)
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
    style = paragraph_style.name if paragraph_style is not None else ""
    return Para(label + stripped, index, 1, span, style, styles.heading(paragraph, paragraph_style))


# The runs a reader sees once every revision is accepted: inside insertions, hyperlinks, smart
# tags and content controls too; not deleted or moved-away text, nor a text box's own paragraphs.
_VISIBLE_RUNS = ".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent)]"


def _runs(paragraph: Any) -> list[Any]:
    """The paragraph's visible runs in reading order (python-docx's ``runs`` has only the
    paragraph's direct children; comments live in their own part and are never read)."""
    from docx.text.run import Run

    return [Run(r, paragraph) for r in paragraph._p.xpath(_VISIBLE_RUNS)]


def _paragraph_text(paragraph: Any) -> str:
    return "".join(run.text for run in _runs(paragraph))


def _bold(run: Any) -> bool:
    """Bold set on the run itself or by its character style (drafter's 条目标题, Word's Strong)."""
    if run.bold is not None:
        return bool(run.bold)
    if not run._r.style:  # no rStyle: skip the style lookup
        return False
    for style in _styles(run.style):
        if style.font.bold is not None:
            return bool(style.font.bold)
    return False


def _table_lines(table: Any) -> list[str]:
    """Lines for a Word table (see ``table_lines``)."""
    rows = [
        ["\n".join(_paragraph_text(p) for p in cell.paragraphs).strip() for cell in row.cells]
        for row in table.rows
    ]
    return [text for _, text in table_lines(rows)]


def table_lines(rows: list[list[str]]) -> list[tuple[int, str]]:
    """Lines for a table given as rows of cells (from Word, a web page or tab-separated text),
    each with the index of the row it comes from: a 任务分工表 (its first row names a task
    column and a unit column) becomes numbered items with their units in a clause, its header
    row read into the clause labels; any other table is one line a distinct cell."""
    if not rows:
        return []
    columns = _task_columns(rows[0])
    if not is_task_header(rows[0]):
        return [(index, cell) for index, row in enumerate(rows) for cell in dict.fromkeys(row) if cell]
    header = rows[0]
    lines = []
    for number, row in enumerate(rows[1:], start=1):
        row = row + [""] * (len(header) - len(row))  # a short row: its last cells are empty
        cells = dict.fromkeys(c for c in row if c)
        if len(cells) == 1:  # a merged row: a section heading inside the table
            lines.append((number, next(iter(cells))))
            continue
        task = row[columns["task"]]
        if not task:
            continue
        given = row[columns["number"]] if "number" in columns else ""
        parts = []
        # names (and deadlines) may stand one a line in their cell: a line break separates them
        if "deadline" in columns and row[columns["deadline"]]:
            parts.append(f"完成时限:{row[columns['deadline']].replace(chr(10), '、')}")
        for role in ROLES:
            if role in columns and row[columns[role]]:
                parts.append(f"{header[columns[role]]}:{row[columns[role]].replace(chr(10), '、')}")
        clause = f"({','.join(parts)})" if parts else ""
        given = fold(given).rstrip(".、")
        marker = given if given.isdigit() else str(number)
        lines.append((number, f"{marker}.{task}{clause}"))
    return lines


def is_task_header(cells: list[str]) -> bool:
    """Whether a table row is the header of a 任务分工表: it names a task and a unit column."""
    columns = _task_columns(cells)
    return "task" in columns and bool({"lead", "units"} & columns.keys())


def tab_tables(paras: list[Para], warnings: list[str] | None = None) -> list[Para]:
    """Paragraphs with each run of tab-separated lines that is a 任务分工表 (a web page's table
    rows, a table pasted into a text file) read by ``table_lines``, each line at its row's place;
    the header rows, read into the clauses' labels, are counted in ``warnings``."""
    out: list[Para] = []
    headers: list[Para] = []
    index = 0
    while index < len(paras):
        end = index
        while end < len(paras) and "\t" in paras[end].text:
            end += 1
        if end == index:
            out.append(paras[index])
            index += 1
            continue
        run = paras[index:end]
        rows = [[cell.strip() for cell in para.text.split("\t")] for para in run]
        if is_task_header(rows[0]):
            out += [Para(text, run[row].line, run[row].column) for row, text in table_lines(rows)]
            headers.append(run[0])
        else:
            out += run
        index = end
    if headers and warnings is not None:
        shown = "、".join(f"第{h.line}行“{h.text.replace(chr(9), ' ')}”" for h in headers[:_SHOWN_LINES])
        warnings.append(f"任务分工表的表头读作责任分工的名称 {len(headers)} 行:{shown}")
    return out


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
    """Word's automatic list numbers (w:numPr), rendered as the text a reader sees.

    A malformed numbering part (a start that is no number, a level outside 0–8, a list
    without its definition) loses only the numbers it cannot state, with a warning.
    """

    def __init__(self, document: Any, warnings: list[str]):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.counters: dict[str, list[int]] = {}
        self._bad: list[str] = []
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
                ilvl = self._number(lvl.get(w + "ilvl", "0"), 0, _WORD_LEVELS - 1, "w:ilvl")
                start = lvl.find("w:start", ns)
                fmt = lvl.find("w:numFmt", ns)
                text = lvl.find("w:lvlText", ns)
                if ilvl is None:
                    continue
                first = (
                    self._number(start.get(w + "val", "1"), 0, _LIST_START_MAX, "w:start")
                    if start is not None
                    else 1
                )
                levels[ilvl] = (
                    1 if first is None else first,
                    fmt.get(w + "val", "decimal") if fmt is not None else "decimal",
                    text.get(w + "val", "") if text is not None else "",
                )
            abstract[node.get(w + "abstractNumId", "")] = levels
        for num in root.findall("w:num", ns):
            ref = num.find("w:abstractNumId", ns)
            if ref is not None:
                if ref.get(w + "val", "") not in abstract:
                    self._bad.append(f"w:abstractNumId=“{ref.get(w + 'val', '')}”")
                self.levels[num.get(w + "numId", "")] = abstract.get(ref.get(w + "val", ""), {})
        if self._bad:
            shown = "、".join(dict.fromkeys(self._bad[:_SHOWN_LINES]))
            warnings.append(f"Word 文档的自动编号定义有误({shown}),相应编号按默认处理")

    def _number(self, value: str, low: int, high: int, name: str) -> int | None:
        """``value`` as an integer within [low, high]; None (and a note) if it is not one."""
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            self._bad.append(f"{name}=“{value[:20]}”")
            return None
        return number

    def label(self, paragraph: Any, style: Any | None = None) -> str:
        """The list number shown before ``paragraph`` ("" if none); ``style``: its style, when
        the caller has looked it up already."""
        if not self.levels:
            return ""
        num_pr = _num_pr(paragraph, paragraph.style if style is None else style)
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


class _ParagraphStyles:
    """Paragraph styles looked up once per style id: python-docx searches styles.xml on every
    ``paragraph.style``, which was most of the time a .docx took to read."""

    def __init__(self) -> None:
        self.found: dict[str | None, Any] = {}
        self.levels: dict[str | None, int] = {}

    def of(self, paragraph: Any) -> Any:
        key = paragraph._p.style  # the w:pStyle id, None for the default style
        if key not in self.found:
            self.found[key] = paragraph.style
        return self.found[key]

    def heading(self, paragraph: Any, style: Any) -> int:
        """The paragraph's heading level 1–3 (0 for body text): its own w:outlineLvl, else its
        style's (or a style it is based on), else a built-in heading style's name."""
        own = _outline_level(paragraph._p.pPr)
        if own is not None:
            return own
        key = paragraph._p.style
        if key not in self.levels:
            self.levels[key] = _style_heading(style)
        return self.levels[key]


_HEADING_LEVELS = 3  # outline levels 1–3 are the 公文 heading levels 一、/(一)/1.; deeper ones are body text
# Word's and WPS's built-in heading style names (“heading 1”, Chinese UI “标题 1”)
_HEADING_NAME = re.compile(r"(?:heading|标题)\s*([1-9])", re.I)


def _outline_level(p_pr: Any) -> int | None:
    """The heading level a w:pPr's w:outlineLvl states (0 for body text), None if it states none."""
    if p_pr is None:
        return None
    node = p_pr.find(_W + "outlineLvl")
    if node is None:
        return None
    try:
        level = int(node.get(_W + "val", "")) + 1  # w:outlineLvl counts from 0; 9 is body text
    except ValueError:
        return None
    return level if 1 <= level <= _HEADING_LEVELS else 0


def _style_heading(style: Any) -> int:
    for each in _styles(style):
        level = _outline_level(each.element.pPr)
        if level is not None:
            return level
        named = _HEADING_NAME.fullmatch(each.name or "")
        if named:
            return int(named.group(1)) if int(named.group(1)) <= _HEADING_LEVELS else 0
    return 0


def _styles(style: Any) -> Iterator[Any]:
    """``style`` and the styles it is based on, each once (styles.xml may loop)."""
    seen: set[int] = set()
    while style is not None and id(style.element) not in seen:
        seen.add(id(style.element))
        yield style
        style = style.base_style


def _num_pr(paragraph: Any, paragraph_style: Any) -> tuple[str, int] | None:
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    for style in _styles(paragraph_style):
        if num_pr is not None:
            break
        style_pr = style.element.pPr
        num_pr = style_pr.numPr if style_pr is not None else None
    try:
        if num_pr is None or num_pr.numId is None:
            return None
        num_id = str(num_pr.numId.val)
        ilvl = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
    except ValueError:  # w:numId or w:ilvl that is no number: no list number
        return None
    if num_id == "0" or not 0 <= ilvl < _WORD_LEVELS:
        return None
    return num_id, ilvl


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
