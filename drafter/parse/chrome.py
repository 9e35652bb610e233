"""Strip what a web page or share site wrapped around a plan, keep what it said about it.

Scraped copies carry site chrome (“【打印本页】”, “扫一扫在手机打开”, “来 源: 责任编辑:”),
share-site banners (“由会员分享”, “【参考材料】…”), info-panel lines (“发布机构:市教育局”),
page-chunk markers (“2、校际之间…” at each page start) and trailing garbage. The shapes are
data (``templates/chrome.yaml``) and match whole lines only: a sentence that mentions
“责任编辑” or “精品资料” is content. ``clean`` drops the chrome, returns the metadata it
found, glues page chunks back together, and reports everything it left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lang.patterns import DOC_NUMBER
from ..lang.width import fold
from .located import Located
from .read import Para

_PAGE_CHUNK = re.compile(r"^(\d{1,3})、")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_END = "。;!?)”】:"
# What separates the fields and buttons of a site's info panel (“• 发布机构:市教育局”).
_PANEL_SEPARATORS = r"[\s【】\[\]•·●|]+"
_FIELD_VALUE = r"[^\s【】|:]*"  # a field's value runs to the next space, bracket or field
_SHOWN_DROPS = 3  # dropped pieces quoted in the warning; the rest are counted
_SHOWN_CHARS = 40  # characters of a dropped piece quoted


@dataclass(frozen=True)
class Shapes:
    """The chrome shapes of ``templates/chrome.yaml``, compiled (all match folded text)."""

    panel: re.Pattern[str]  # a whole line of info-panel fields and buttons
    field: re.Pattern[str]  # one field, with its key and value
    meta_keys: frozenset[str]  # field names whose values are kept as metadata
    lines: tuple[re.Pattern[str], ...]  # whole-line shapes
    inline: re.Pattern[str]  # chrome glued into a content line
    source: tuple[tuple[str, re.Pattern[str]], ...]  # (Source key, whole line) of an export's origin lines


@cache
def shapes() -> Shapes:
    """The chrome shapes, read once from ``templates/chrome.yaml``."""
    from ..resources import bundled
    from ..store.serialize import load_yaml

    data = load_yaml(bundled("templates") / "chrome.yaml")
    keys = "|".join(f"(?:{f['name']})" for f in data["fields"])
    buttons = "|".join(f"(?:{b})" for b in data["buttons"])
    token = rf"(?:{keys})\s*:\s*{_FIELD_VALUE}|{buttons}"
    meta = {re.sub(r"\\s\*", "", f["name"]) for f in data["fields"] if f.get("meta")}
    return Shapes(
        panel=re.compile(rf"(?:{_PANEL_SEPARATORS})?(?:(?:{token})(?:{_PANEL_SEPARATORS})?)+"),
        field=re.compile(rf"(?P<key>{keys})\s*:\s*(?P<value>{_FIELD_VALUE})"),
        meta_keys=frozenset(meta),
        lines=tuple(re.compile(line["pattern"]) for line in data["lines"]),
        inline=re.compile("|".join(f"(?:{i['pattern']})" for i in data["inline"])),
        source=tuple((s["key"], re.compile(s["pattern"])) for s in data["source"]),
    )


def source_line(line: str) -> tuple[str, tuple[int, int]] | None:
    """Whether a whole line names where the file came from (“原文链接:https://…”): the
    ``Source`` key it fills (“url”, or a provenance key) and the span of its value."""
    key = fold(line)
    for name, pattern in shapes().source:
        match = pattern.fullmatch(key.strip())
        if match:
            indent = len(key) - len(key.lstrip())
            return name, (indent + match.start("value"), indent + match.end("value"))
    return None


def is_chrome(line: str) -> bool:
    """Whether a whole line is site chrome (an info panel, a button, a banner, a footer)."""
    key = fold(line).strip()
    found = shapes()
    return bool(key) and (
        found.panel.fullmatch(key) is not None or any(p.fullmatch(key) for p in found.lines)
    )


def clean(paras: list[Para]) -> tuple[list[Located], dict[str, str], list[str]]:
    """Content paragraphs with their source locations, the metadata found in chrome, and
    warnings that report every piece of text left out."""
    found = shapes()
    meta: dict[str, str] = {}
    kept: list[Located] = []
    dropped: list[Located] = []  # whole lines
    cut: list[Located] = []  # pieces taken out of content lines
    for para in paras:
        text, key = para.text, fold(para.text)
        if is_chrome(text):
            for match in found.field.finditer(key):
                name = re.sub(r"\s+", "", match.group("key"))
                if name in found.meta_keys and match.group("value"):
                    meta.setdefault(name, text[match.start("value") : match.end("value")])
            dropped.append(Located.at(text, para.line, para.column))
            continue
        located = Located.at(text, para.line, para.column, para.bold, para.heading)
        removed = list(found.inline.finditer(key))
        for match in removed:  # “相关附件下载:长政办发(2024)2号.pdf”
            number = DOC_NUMBER.search(key, match.start(), match.end())
            if number:
                meta.setdefault("文号", text[number.start() : number.end()])
            cut.append(located.slice(*match.span()))
        if removed:
            located = located.remove([m.span() for m in removed])
        located = located.slice(0, len(located.text.rstrip()))
        if located.text:
            kept.append(located)
    markers: list[Located] = []
    kept = _join_page_chunks(kept, markers)
    while kept and (not _CJK.search(kept[-1].text) or len(kept[-1].text) <= 2):
        dropped.append(kept.pop())  # trailing garbage of a scrape (“48 3184885”)
    warnings = [
        report("略去网页附带的 {} 行", dropped),
        report("从正文行中去掉网页附带的文字 {} 处", cut),
        report("去掉文库网站的分页编号 {} 处", markers),
    ]
    return kept, meta, [w for w in warnings if w]


def report(message: str, pieces: list[Located]) -> str:
    """One parse warning for text left out: ``message`` with the count, then the first few
    pieces with their lines (“略去网页附带的 2 行:第3行“【打印本页】”、第9行“…””); "" if none."""
    if not pieces:
        return ""
    pieces = sorted(pieces, key=lambda p: p.locate(0))
    shown = []
    for piece in pieces[:_SHOWN_DROPS]:
        text = piece.text if len(piece.text) <= _SHOWN_CHARS else piece.text[:_SHOWN_CHARS] + "…"
        shown.append(f"第{piece.locate(0)[0]}行“{text}”")
    more = "等" if len(pieces) > _SHOWN_DROPS else ""
    return message.format(len(pieces)) + ":" + "、".join(shown) + more


def _join_page_chunks(paras: list[Located], markers: list[Located]) -> list[Located]:
    """Glue “1、… 2、… 3、…” page chunks (each cut mid-sentence) into one paragraph; the
    chunk markers taken out go to ``markers``."""
    runs: list[list[int]] = []
    for index, para in enumerate(paras):
        match = _PAGE_CHUNK.match(fold(para.text))
        if not match:
            continue
        number = int(match.group(1))
        if runs and runs[-1] and number == _chunk_number(paras[runs[-1][-1]]) + 1:
            runs[-1].append(index)
        elif number in (1, 2):
            runs.append([index])
    for run in reversed(runs):
        if len(run) < 3 or run[-1] - run[0] != len(run) - 1:
            continue
        cut = sum(1 for i in run[:-1] if not fold(paras[i].text).endswith(tuple(_SENTENCE_END)))
        if cut * 2 < len(run) - 1:  # most chunks end a sentence: these are real “1、” items
            continue
        joined = Located("")
        for index in run:
            para = paras[index]
            marker_end = _chunk_marker_end(para)
            markers.append(para.slice(0, marker_end))
            joined = joined + para.slice(marker_end)
        paras[run[0] : run[-1] + 1] = [joined]
    return paras


def _chunk_number(para: Located) -> int:
    match = _PAGE_CHUNK.match(fold(para.text))
    return int(match.group(1)) if match else -10


def _chunk_marker_end(para: Located) -> int:
    match = _PAGE_CHUNK.match(fold(para.text))
    return match.end() if match else 0
