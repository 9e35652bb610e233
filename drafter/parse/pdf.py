"""PDF files with a text layer (printed from Word or WPS) → paragraphs.

The library is pypdf: BSD-licensed, pure Python with no dependencies of its own (a wheel of
a few hundred KB), maintained, and its text visitor reports every piece of text with its
position and font size — all a paragraph rebuild needs. It is therefore a plain dependency,
not an optional extra. (PyMuPDF is AGPL; pdfminer.six is heavier for the same positions.)

A PDF knows lines, not paragraphs. They are rebuilt from the layout: the text's left
margin is the most common line start and its right margin where full lines end; a line
that runs to the right margin goes on into the next one, and a paragraph starts at an
indented line, a line opening with an outline marker (一、 (一) 1.), a change of font size,
a wide vertical gap, or after a line that stopped short; a line of web furniture on its own
(``chrome``: a page saved from a browser) is a paragraph of its own; the lines of a centred
title set larger than the text are one paragraph. Page numbers (“— 1 —”, “- 1 -”,
“第1页”: ``templates/pdf.yaml``) and running headers or footers (the same line at the top
or bottom of most pages) are dropped and counted in a warning. A PDF with no text layer is
a scan and is refused with a one-line error, as is an encrypted or damaged file.

Paragraph numbers (``Para.line``) count the paragraphs read, as for a Word file.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Any

from ..errors import InputError
from ..lang.patterns import CLOSE, SENTENCE_END
from ..lang.width import COLONS, fold
from .chrome import is_chrome
from .outline import OUTLINE_MARKER  # the outline's own markers: a line opening with one starts a paragraph
from .read import Para

# What a paragraph's last line ends with (besides a heading, which ends short anyway).
_PARAGRAPH_ENDS = tuple(SENTENCE_END + COLONS + CLOSE)

SCAN_MESSAGE = "这是扫描件，没有文字层，需要先做文字识别(OCR)"
NOTHING_MESSAGE = "PDF 里读不出文字(没有文字层,也没有图片),文件可能已损坏"
_SCAN_CHARS = 10  # fewer characters than this a page on average: no text layer, only page furniture
_SAME_LINE = 0.4  # pieces whose baselines differ by less than this many font sizes share a line
_FULL_LINE = 2.0  # a line ending within this many characters of the right margin runs on
# ... and one that ends mid-sentence within this many: the next run would not fit (“60%。”,
# “5.12”“6.26”“11.9” are not broken, nor may a closing mark start a line).
_WRAPPED_SHORT = 8.0
_INDENT = 0.8  # a line starting this many characters right of the margin is indented
_RIGHT_MARGIN = 0.9  # the right margin: where this share of the body's lines end at most
_CENTRED = 1.5  # a line is centred when its margins left and right differ by less than this many characters
_SIZE_CHANGE = 0.1  # a font size this much larger or smaller starts a new paragraph
_PARAGRAPH_GAP = 1.6  # a vertical gap this many times the usual line distance ends a paragraph
_EDGE_LINES = 2  # running headers and footers sit in this many lines at a page's top or bottom
_WORD_GAP = 0.3  # a gap of this many font sizes between two Latin words is a space
_SHOWN = 3  # dropped lines quoted in the warning
_FORM_DEPTH = 3  # forms nested deeper than this are not searched for a picture (a loop guard)
# Two columns: a gutter is looked for this share of the page's width either side of its middle,
# every this many points; at most this share of the lines may cross it (a title set across
# both columns), and this share of them must stand on each side of it. A page with fewer lines
# than this is read as one column.
_GUTTER_BAND = 0.15
_GUTTER_STEP = 2.0
_GUTTER_CROSSING = 0.2
_COLUMN_SHARE = 0.3
_COLUMN_ROWS = 6


@dataclass
class Line:
    """One line of text on a page: where it starts and (by estimate) ends, in points."""

    page: int
    y: float
    x0: float
    x1: float
    size: float
    text: str
    column: int = 0  # 1 for the right column of a page set in two


@dataclass
class Pages:
    """A PDF read into paragraphs."""

    paras: list[Para]
    warnings: list[str] = field(default_factory=list)
    converter: str = ""  # the library that read the file, with its version


@cache
def _page_numbers() -> tuple[re.Pattern[str], ...]:
    from ..resources import bundled
    from ..store.serialize import load_yaml

    data = load_yaml(bundled("templates") / "pdf.yaml")
    return tuple(re.compile(entry["pattern"]) for entry in data["page_numbers"])


def read_pdf(data: bytes, path: Any) -> Pages:
    """Read a PDF's text layer into paragraphs; InputError for a scan, an encrypted or a
    damaged file."""
    import pypdf

    with _quiet_pypdf() as notes:
        pages, pictured = _page_lines(data, path)
    lines = [line for page in pages for line in page]
    if sum(len(line.text.replace(" ", "")) for line in lines) < _SCAN_CHARS * max(len(pages), 1):
        # Pictures and no text: a scan. Neither: pages that draw nothing a reader could read.
        raise InputError(SCAN_MESSAGE if pictured else NOTHING_MESSAGE, path)
    body, dropped = _without_page_furniture(pages)
    result = Pages(_paragraphs(body), converter=f"pypdf {pypdf.__version__}")
    if dropped:
        shown = "、".join(f"第{line.page}页“{line.text}”" for line in dropped[:_SHOWN])
        more = "等" if len(dropped) > _SHOWN else ""
        result.warnings.append(f"略去 PDF 的页码和页眉页脚 {len(dropped)} 行:{shown}{more}")
    if notes:
        result.warnings.append(f"PDF 文件结构有 {len(notes)} 处不规范,已尽量读出文字")
    return result


@contextmanager
def _quiet_pypdf() -> Iterator[list[str]]:
    """pypdf logs what it repairs; collect it (for one warning) instead of printing it."""
    notes: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            notes.append(record.getMessage())

    logger = logging.getLogger("pypdf")
    handler, propagate = Collect(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield notes
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _page_lines(data: bytes, path: Any) -> tuple[list[list[Line]], bool]:
    """Every page's lines, top to bottom, and whether any page shows a picture."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("PDF 文件已加密,需要密码才能读取", path)
        pages = [_lines(page, number) for number, page in enumerate(reader.pages, start=1)]
        pictured = any(_has_picture(page) for page in reader.pages)
    except InputError:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise InputError("PDF 文件已加密,需要密码才能读取", path) from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise InputError("PDF 文件已损坏,无法读取", path) from exc
    except Exception as exc:  # a damaged file can fail anywhere inside pypdf
        raise InputError("PDF 文件已损坏,无法读取", path) from exc
    if not pages:
        raise InputError("PDF 文件没有页面", path)
    return pages, pictured


def _has_picture(holder: Any, depth: int = 0) -> bool:
    """Whether a page's resources hold an image (a scanned page is one), also inside the
    forms it draws (some scanners wrap the picture in one)."""
    resources = holder.get("/Resources")
    objects = resources.get_object().get("/XObject") if resources is not None else None
    if objects is None or depth > _FORM_DEPTH:
        return False
    for entry in objects.get_object().values():
        thing = entry.get_object()
        if thing.get("/Subtype") == "/Image":
            return True
        if thing.get("/Subtype") == "/Form" and _has_picture(thing, depth + 1):
            return True
    return False


def _latin(char: str) -> bool:
    """A Latin letter or digit: two of them apart are two words."""
    return char.isascii() and char.isalnum()


def _width(text: str) -> float:
    """Width of ``text`` in font sizes: wide (CJK) characters one, others half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


Piece = tuple[float, float, float, str]  # (baseline y, x, font size, text) of a piece of text


def _lines(page: Any, number: int) -> list[Line]:
    """The page's text pieces (from pypdf's visitor) gathered into lines, in reading order: on
    a page set in two columns, the lines across both (a title) above them, the left column,
    the right column, then the lines across both below them."""
    pieces: list[Piece] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        text = text.replace("\n", "").replace("\r", "")
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[0] * cm[0] + tm[1] * cm[2]) or abs(tm[3] * cm[3]) or 1.0
        pieces.append((y, x, size * scale, text))

    page.extract_text(visitor_text=visit)
    gutter = _gutter(pieces, float(page.mediabox.left), float(page.mediabox.width))
    if gutter is None:
        return _gathered(pieces, number)
    left = [p for p in pieces if _end(p) <= gutter]
    right = [p for p in pieces if p[1] >= gutter]
    across = [p for p in pieces if p[1] < gutter < _end(p)]
    top = min((p[0] for p in left + right), default=0.0)
    first = max((p[0] for p in left + right), default=0.0)
    above = [p for p in across if p[0] > first]
    below = [p for p in across if p[0] <= first or p[0] < top]
    return [
        *_gathered(above, number),
        *_gathered(left, number),
        *_gathered(right, number, column=1),
        *_gathered(below, number),
    ]


def _end(piece: Piece) -> float:
    return piece[1] + _width(piece[3]) * piece[2]


def _gutter(pieces: list[Piece], page_left: float, page_width: float) -> float | None:
    """The x of the space between two columns: a place in the middle of the page that the text
    of hardly any line crosses while most lines stand on one side of it; None for one column."""
    rows = _rows(pieces)
    if len(rows) < _COLUMN_ROWS:
        return None
    spans = [[(p[1], _end(p)) for p in row] for row in rows]
    start, stop = page_left + page_width * (0.5 - _GUTTER_BAND), page_left + page_width * (0.5 + _GUTTER_BAND)
    if sum(any(a < start and stop < b for a, b in row) for row in spans) > _GUTTER_CROSSING * len(rows):
        return None  # the lines run across the whole middle: one column (checked first, it is quick)
    best: tuple[int, float] | None = None
    steps = int(2 * _GUTTER_BAND * page_width / _GUTTER_STEP)
    for step in range(steps + 1):
        x = start + step * _GUTTER_STEP
        crossing = sum(any(a < x < b for a, b in row) for row in spans)
        if best is None or crossing < best[0]:
            best = (crossing, x)
    if best is None or best[0] > _GUTTER_CROSSING * len(rows):
        return None
    x = best[1]
    on_right = sum(any(a >= x for a, _ in row) for row in spans)
    on_left = sum(any(b <= x for _, b in row) for row in spans)
    both = min(on_left, on_right) >= _COLUMN_SHARE * len(rows)
    return x if both else None


def _rows(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces grouped by baseline, top to bottom."""
    rows: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda p: (-p[0], p[1])):
        if rows and abs(rows[-1][0][0] - piece[0]) < _SAME_LINE * max(piece[2], rows[-1][0][2]):
            rows[-1].append(piece)
        else:
            rows.append([piece])
    return rows


def _gathered(pieces: list[Piece], number: int, column: int = 0) -> list[Line]:
    """Pieces of one column (or of a page in one column) as lines, top to bottom."""
    lines = []
    for row in _rows(pieces):
        row.sort(key=lambda p: p[1])
        text, end = "", row[0][1]
        for _, x, size, run in row:
            if text and x - end > _WORD_GAP * size and _latin(text[-1]) and _latin(run[0]):
                text += " "
            text += run
            end = x + _width(run) * size
        size = Counter(p[2] for p in row).most_common(1)[0][0]
        stripped = text.strip()
        if stripped:
            lines.append(Line(number, row[0][0], row[0][1], end, round(size, 1), stripped, column))
    return lines


def _without_page_furniture(pages: list[list[Line]]) -> tuple[list[Line], list[Line]]:
    """The body lines in reading order, and the page numbers and running headers and
    footers taken out."""
    numbers = _page_numbers()
    dropped: list[Line] = []

    def edges(page: list[Line]) -> list[Line]:
        return page[:_EDGE_LINES] + page[-_EDGE_LINES:]

    for page in pages:
        for line in edges(page):
            if line in page and any(p.fullmatch(fold(line.text).strip()) for p in numbers):
                page.remove(line)
                dropped.append(line)
    body_size = _body_size([line for page in pages for line in page])
    repeated = Counter(
        key for page in pages for key in {re.sub(r"\d+", "#", line.text) for line in edges(page)}
    )
    least = max(2, (len(pages) + 1) // 2)  # on at least half the pages (and on two)
    for number, page in enumerate(pages, start=1):
        for line in edges(page):
            key = re.sub(r"\d+", "#", line.text)
            heading = number == 1 and line.size > body_size  # the title, not yet a running header
            if line in page and repeated[key] >= least and not heading:
                page.remove(line)
                dropped.append(line)
    return [line for page in pages for line in page], dropped


def _body_size(lines: list[Line]) -> float:
    """The font size most of the text is set in."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _paragraphs(lines: list[Line]) -> list[Para]:
    """Lines joined into paragraphs by the layout rules of the module docstring."""
    if not lines:
        return []
    size = _body_size(lines)
    body = [line for line in lines if line.size == size]
    margins = {column: _margins([line for line in body if line.column == column]) for column in (0, 1)}
    steps = Counter(
        round(a.y - b.y) for a, b in pairwise(body) if a.page == b.page and 0 < a.y - b.y < 3 * size
    )
    step = steps.most_common(1)[0][0] if steps else 1.5 * size
    texts: list[str] = []
    previous: Line | None = None
    for line in lines:
        left, right = margins[line.column]
        if previous is not None and _title_goes_on(line, previous, (left, right), size, step):
            texts[-1] += line.text
        elif previous is None or _starts(line, previous, left, right, step) or _furniture(line, previous):
            texts.append(line.text)
        else:
            joint = " " if _latin(texts[-1][-1:]) and _latin(line.text[:1]) else ""
            texts[-1] += joint + line.text
        previous = line
    return [Para(text, number) for number, text in enumerate(texts, start=1)]


def _margins(lines: list[Line]) -> tuple[float, float]:
    """The left margin (the most common line start) and right margin of a column's lines."""
    if not lines:
        return 0.0, 0.0
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    ends = sorted(line.x1 for line in lines)
    return left, ends[int(_RIGHT_MARGIN * (len(ends) - 1))]


def _title_goes_on(
    line: Line, previous: Line, margins: tuple[float, float], body: float, step: float
) -> bool:
    """Whether ``line`` is the second line of a centred title set larger than the text
    (“长沙市教育局关于印发2022年全市教育工作” / “要点的通知”)."""

    def centred(one: Line) -> bool:
        left, right = margins
        return abs((one.x0 - left) - (right - one.x1)) < _CENTRED * one.size

    return (
        line.page == previous.page
        and line.size == previous.size > body
        and previous.y - line.y <= _PARAGRAPH_GAP * max(step, line.size)
        and not fold(previous.text).endswith(_PARAGRAPH_ENDS)
        and centred(previous)
        and centred(line)
    )


def _furniture(line: Line, previous: Line) -> bool:
    """Whether either line is web furniture on its own (``chrome.is_chrome``: a portal's name,
    URL and print date atop a page saved from a browser), which is a paragraph of its own even
    when it runs to the margin: joined, the next paragraph would be dropped with it."""
    return is_chrome(previous.text) or is_chrome(line.text)


def _starts(line: Line, previous: Line, left: float, right: float, step: float) -> bool:
    """Whether ``line`` starts a paragraph rather than continuing ``previous``."""
    ended = fold(previous.text).endswith(_PARAGRAPH_ENDS)
    if previous.x1 < right - (_FULL_LINE if ended else _WRAPPED_SHORT) * previous.size:
        return True  # the previous line stopped short
    if line.x0 > left + _INDENT * line.size:
        return True
    if abs(line.size - previous.size) > _SIZE_CHANGE * previous.size:
        return True
    if line.page == previous.page and previous.y - line.y > _PARAGRAPH_GAP * step:
        return True
    return OUTLINE_MARKER.match(fold(line.text)) is not None
