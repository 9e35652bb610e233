"""Web pages saved from a browser (.html, .htm, and .mhtml/.mht “单个文件网页”) → paragraphs.

The parser is lxml.html: it is already installed (python-docx depends on lxml), it is
libxml2's HTML parser — fast, and forgiving of the unclosed tags and stray markup of
portal pages the way a browser is — and it decodes entities (``&nbsp;``, ``&quot;``,
``&#20013;``) as it builds the tree. Nothing here reads markup with regular expressions.

The charset comes from a BOM, else the page's ``<meta charset>`` / ``http-equiv``
declaration, else detection (strict UTF-8, then GB18030, a superset of GBK and GB2312).
The article is the first known content container (``templates/html.yaml``: TRS_Editor,
Custom_UnionStyle, …) that holds text, else the block with the most paragraph text;
navigation, share bars, related links, footers, scripts and styles inside it are dropped
and counted. Block elements and ``<br>`` end paragraphs; a data table becomes one line a
row, its cells joined by a tab. The page's ``<title>``/``<meta name="ArticleTitle">`` is
put before the text when the article does not open with it, and ``PubDate`` and
``ContentSource`` are returned as metadata the front matter reads like a site's info panel
(“发文日期”, “来源”) — the document's own date and issuer still come first.

Paragraph numbers (``Para.line``) count the paragraphs read, as for a Word file.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..errors import InputError
from .read import Para, decode_text

_HEAD_PROBE = 4096  # a charset declaration sits in the page's first bytes (the HTML spec prescans 1024)
_MIN_CONTAINER = 50  # characters a known content container must hold to be the article
_TITLE_PROBE = 8  # the article is taken to state its title when it does within this many paragraphs
_SHOWN_BLOCKS = 3  # dropped blocks quoted in the warning
_SHOWN_CHARS = 20  # characters of a dropped block quoted
# Elements that end a paragraph (the HTML block-level elements a portal article uses).
_BLOCKS = frozenset(
    ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr",
     "tbody", "thead", "tfoot", "caption", "section", "article", "main", "blockquote", "pre", "center",
     "address", "hr", "figure", "figcaption")
)  # fmt: skip
_CELLS = frozenset(("td", "th"))
# A whitespace run holding a line break between two wide (CJK) characters disappears, as CSS
# Text 3 (segment break transformation) renders it; any other whitespace run is one space.
_WIDE = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’]"
_CJK_BREAK = re.compile(rf"(?<={_WIDE})[ \t\r\f]*\n\s*(?={_WIDE})")
_SPACES = re.compile(r"[ \t\r\n\f]+")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)  # in a content="…" value
_DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
# GBK and GB2312 pages are decoded as GB18030, their superset: a page labelled gb2312 often
# holds GBK characters (the browsers do the same).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}


@dataclass(frozen=True)
class Layout:
    """``templates/html.yaml``: where a portal page keeps its article and what is noise."""

    containers: tuple[str, ...]  # lower-case id/class names, most specific first
    drop_tags: frozenset[str]
    drop_words: tuple[str, ...]  # lower-case substrings of an id or class
    meta: dict[str, tuple[str, ...]]  # "title"/"date"/"source" → lower-case meta names
    title_separators: tuple[str, ...]


@cache
def layout() -> Layout:
    """The page layout data, read once from ``templates/html.yaml``."""
    from ..resources import bundled
    from ..store.serialize import load_yaml

    data = load_yaml(bundled("templates") / "html.yaml")
    return Layout(
        containers=tuple(c["name"].lower() for c in data["containers"]),
        drop_tags=frozenset(data["drop"]["tags"]),
        drop_words=tuple(w["word"].lower() for w in data["drop"]["words"]),
        meta={key: tuple(n.lower() for n in names) for key, names in data["meta"].items()},
        title_separators=tuple(data["title_separators"]),
    )


@dataclass
class Page:
    """A web page read into paragraphs, with what its head says about the document."""

    paras: list[Para]
    encoding: str
    meta: dict[str, str] = field(default_factory=dict)  # info-panel keys: 发文日期, 来源
    warnings: list[str] = field(default_factory=list)
    converter: str = ""  # the library that read the page, with its version


def read_html(data: bytes, path: Any, kind: str) -> Page:
    """Read an .html/.htm page (``kind`` "html") or a saved .mhtml archive (``kind`` "mhtml")."""
    import lxml.etree
    import lxml.html

    declared = ""
    if kind == "mhtml":
        data, declared = _mhtml_page(data, path)
    text, encoding = _decode(data, declared, path)
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except Exception as exc:  # lxml's ParserError: nothing in the file makes a document
        raise InputError("网页没有可读的内容", path) from exc
    page = Page([], encoding, converter=f"lxml {lxml.etree.__version__}")
    body = root.find("body")
    if body is None:
        raise InputError("网页没有正文(<body>)", path)
    article, dropped = _article(body)
    lines = _paragraph_texts(article)
    if not lines:
        raise InputError("网页里没有找到正文文字", path)
    title = _page_title(root)
    if title and not _states(lines[:_TITLE_PROBE], title):
        lines.insert(0, title)
    page.paras = [Para(line, number) for number, line in enumerate(lines, start=1)]
    page.meta = _head_meta(root)
    if dropped:
        shown = "、".join(
            f"“{t[:_SHOWN_CHARS]}…”" if len(t) > _SHOWN_CHARS else f"“{t}”" for t in dropped[:_SHOWN_BLOCKS]
        )
        more = "等" if len(dropped) > _SHOWN_BLOCKS else ""
        page.warnings.append(f"略去网页正文中的导航、分享栏、相关链接等 {len(dropped)} 块:{shown}{more}")
    return page


def _mhtml_page(data: bytes, path: Any) -> tuple[bytes, str]:
    """The HTML part of a “单个文件网页” (a MIME multipart archive) and its declared charset."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                return payload, part.get_content_charset() or ""
    raise InputError("不是有效的单个文件网页(.mhtml):其中没有 HTML 页面", path)


def _decode(data: bytes, declared: str, path: Any) -> tuple[str, str]:
    """The page's text and the encoding read: BOM, then the declared charset, then detection."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, path)
    name = _known_codec(declared) or _known_codec(_meta_charset(data[:_HEAD_PROBE]))
    if name and name != "utf-8" and not data.isascii() and _is_utf8(data):
        # A browser saving a page re-encodes it as UTF-8 but keeps its “gb2312” meta; and
        # GBK text that is also valid UTF-8 beyond a few characters does not occur.
        name = "utf-8"
    if name:
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            pass  # a wrong declaration (a GBK page labelled UTF-8): detect instead
    return decode_text(data, path)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _known_codec(label: str) -> str:
    """Python's name for a charset label, GBK/GB2312 widened to GB18030; "" if unknown."""
    label = label.strip().lower()
    if not label:
        return ""
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return ""


def _meta_charset(head: bytes) -> str:
    """The charset the page's head declares (``<meta charset>`` or ``http-equiv`` Content-Type).

    The head is read as Latin-1 — every byte a character, ASCII where the markup is — and
    parsed with lxml; only the attribute value is searched for ``charset=``."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(head.decode("latin-1"))
    except Exception:  # no element in the first bytes at all
        return ""
    for meta in root.iter("meta"):
        if meta.get("charset"):
            return str(meta.get("charset"))
        if (meta.get("http-equiv") or "").lower() == "content-type":
            found = _CHARSET.search(meta.get("content") or "")
            if found:
                return found.group(1)
    return ""


def _names(element: Any) -> list[str]:
    """The element's id and class names, lower-case."""
    return [n.lower() for n in [element.get("id") or "", *(element.get("class") or "").split()] if n]


def _is_noise(element: Any) -> bool:
    found = layout()
    if not isinstance(element.tag, str):
        return False
    if element.tag in found.drop_tags:
        return True
    return any(word in name for name in _names(element) for word in found.drop_words)


def _article(body: Any) -> tuple[Any, list[str]]:
    """The element holding the article, with its noise removed, and the texts of the noise
    blocks removed (scripts and styles are not counted: they hold no text a reader sees)."""
    found = layout()
    article = None
    for name in found.containers:
        for element in body.iter():
            if (
                isinstance(element.tag, str)
                and name in _names(element)
                and _length(element) >= _MIN_CONTAINER
            ):
                article = element
                break
        if article is not None:
            break
    dropped: list[str] = []
    if article is None:
        dropped += _drop_noise(body)
        article = _densest(body)
    dropped += _drop_noise(article)
    return article, dropped


def _drop_noise(root: Any) -> list[str]:
    dropped = []
    for element in list(root.iter()):
        if element is root or element.getparent() is None or not _is_noise(element):
            continue
        if any(_is_noise(a) for a in _ancestors_below(element, root)):
            continue  # inside a block already dropped
        text = _SPACES.sub(" ", element.text_content()).strip()
        if text and element.tag not in ("script", "style", "noscript", "template"):
            dropped.append(text)
        element.drop_tree()  # keeps the text that follows the element (its tail)
    return dropped


def _ancestors_below(element: Any, root: Any) -> list[Any]:
    ancestors = []
    for ancestor in element.iterancestors():
        if ancestor is root:
            break
        ancestors.append(ancestor)
    return ancestors


def _length(element: Any) -> int:
    return len(_SPACES.sub("", element.text_content()))


def _densest(body: Any) -> Any:
    """The block with the most paragraph text: each paragraph's text counts for its parent,
    text set straight in a block (lines split by ``<br>``) for the block itself."""
    scores: dict[Any, int] = {}
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        own = len((element.text or "").strip()) + sum(len((c.tail or "").strip()) for c in element)
        if element.tag in _BLOCKS or element.tag in _CELLS or element is body:
            scores[element] = scores.get(element, 0) + own
        if element.tag == "p":
            parent = element.getparent()
            if parent is not None:
                scores[parent] = scores.get(parent, 0) + _length(element)
    return max(scores, key=lambda e: scores[e]) if scores else body


def _paragraph_texts(root: Any) -> list[str]:
    """The text of ``root`` as paragraphs: a block element or ``<br>`` ends one."""
    lines: list[str] = []
    current: list[str] = []

    def end() -> None:
        text = _clean("".join(current))
        if text:
            lines.append(text)
        current.clear()

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "table" and _is_data_table(element):
            end()
            lines.extend(_table_rows(element))
        elif tag == "br":
            end()
        elif tag == "pre":
            end()
            lines.extend(t for t in (_clean(s) for s in element.text_content().split("\n")) if t)
        else:
            block = tag in _BLOCKS or tag in _CELLS
            if block:
                end()
            current.append(element.text or "")
            for child in element:
                walk(child)
                current.append(child.tail or "")
            if block:
                end()

    walk(root)
    end()
    return lines


def _clean(text: str) -> str:
    """Text as a browser shows it: entities already decoded, no-break spaces as spaces,
    whitespace collapsed (gone at a line break between two Chinese characters)."""
    text = text.replace("\xa0", " ")
    text = _CJK_BREAK.sub("", text)
    return _SPACES.sub(" ", text).strip(" \u3000")


def _is_data_table(table: Any) -> bool:
    """A table of data, not one laying out the page: no cell holds paragraphs or tables."""
    for cell in table.iter("td", "th"):
        if any(isinstance(e.tag, str) and e.tag in ("p", "div", "table") for e in cell.iterdescendants()):
            return False
    return True


def _table_rows(table: Any) -> list[str]:
    """One line a row, the cells' text joined by a tab (a spanned cell once; an empty cell keeps
    its place, so each column stays where its header is)."""
    rows = []
    for row in table.iter("tr"):
        cells = [_clean(cell.text_content()) for cell in row if cell.tag in _CELLS]
        if any(cells):
            rows.append("\t".join(cells).rstrip("\t"))
    return rows


def _meta_value(root: Any, key: str) -> str:
    wanted = layout().meta[key]
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("name") or "").lower()
        if name in wanted and (meta.get("content") or "").strip():
            values.setdefault(name, _clean(meta.get("content") or ""))
    return next((values[n] for n in wanted if n in values), "")


def _page_title(root: Any) -> str:
    """The article's title from the head: ArticleTitle, else ``<title>`` without the site name."""
    title = _meta_value(root, "title")
    if title:
        return title
    element = root.find(".//title")
    text = _clean(element.text_content()) if element is not None else ""
    for separator in layout().title_separators:
        text = text.split(separator, 1)[0].strip()
    return text


def _head_meta(root: Any) -> dict[str, str]:
    """PubDate as the info panel's 发文日期 (ISO form) and ContentSource as its 来源."""
    meta = {}
    dated = _DATE.search(_meta_value(root, "date"))
    if dated:
        year, month, day = (int(g) for g in dated.groups())
        meta["发文日期"] = f"{year:04d}-{month:02d}-{day:02d}"
    source = _meta_value(root, "source")
    if source:
        meta["来源"] = source
    return meta


def _bare(text: str) -> str:
    return "".join(c for c in text if "\u4e00" <= c <= "\u9fff" or c.isalnum())


def _states(lines: list[str], title: str) -> bool:
    """Whether the opening lines state the title (brackets and spaces aside)."""
    wanted = _bare(title)
    return bool(wanted) and wanted in _bare("".join(lines))
