"""Strip what a web page or share site wrapped around a plan, keep what it said about it.

Scraped copies carry site chrome (“【打印本页】”, “扫一扫在手机打开”, “来 源: 责任编辑:”),
share-site banners (“由会员分享”, “【参考材料】…”), metadata lines (“发布机构:市教育局”),
page-chunk markers (“2、校际之间…” at each page start) and trailing garbage. ``clean``
drops the chrome, returns the metadata it found, and glues page chunks back together.
"""

from __future__ import annotations

import re

from ..lang.patterns import DOC_NUMBER
from ..lang.width import fold
from .located import Located
from .read import Para

# Lines that are site chrome wherever they appear (checked on lines up to 200 characters).
_CHROME = re.compile(
    r"扫一扫在手机|打印本页|【\s*关闭|关闭(本页|窗口)|责任编辑|您的位置|当前位置|^首页\s*[>》]"
    r"|网友\s*分享|【参考材料】|由会员分享|可在线阅读|喜欢就复制|下载支持|精品资料"
    r"|^文件链接\s*:|^相关(附件|链接|文件|阅读)|^附件下载|^[上下]一篇|返回顶部|分享到\s*:"
    r"|版权所有|ICP备|^【?\s*字体\s*:|浏览次数|点击数\s*:|我要纠错|【\s*大\s*中\s*小\s*】"
    r"|^(文字|图示|图片|图解|视频)解读|^\[?(打印|关闭|收藏)\]?$|^(访问量|阅读量|阅读次数)"
)

# Metadata fields of government-site info panels; the key must open the line or follow
# a separator, so “经费来源:” inside a sentence is not taken.
_META = re.compile(
    r"(?:^|[\s【•·●\[|])(?P<key>索\s*引\s*号|发布机构|发文机关|发文日期|成文日期|发布日期|生效日期"
    r"|公开方式|公开范围|名\s*称|标\s*题|主\s*题\s*词|主题分类|文\s*号|发文字号|来\s*源|信息来源"
    r"|日\s*期|发布时间)\s*:\s*(?P<value>[^\s【】|:]*)"
)

# Pieces of chrome glued onto content lines.
_INLINE = re.compile(r"相关附件下载\s*:.*$|附件下载\s*:.*$|【打印本页】|【关闭】?")

_PAGE_CHUNK = re.compile(r"^(\d{1,3})、")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_END = "。;!?)”】:"


def clean(paras: list[Para]) -> tuple[list[Located], dict[str, str]]:
    """Content paragraphs with their source locations, and the metadata found in chrome."""
    meta: dict[str, str] = {}
    kept: list[Located] = []
    for para in paras:
        text, key = para.text, fold(para.text)
        fields = list(_META.finditer(key))
        for match in fields:
            name = re.sub(r"\s+", "", match.group("key"))
            if match.group("value"):
                meta.setdefault(name, text[match.start("value") : match.end("value")])
        if fields and (len(text) < 160 or fields[0].start() == 0):
            continue
        if len(text) <= 200 and _CHROME.search(key):
            continue
        located = Located.at(text, para.line, para.column, para.bold)
        removed = list(_INLINE.finditer(key))
        for match in removed:  # “相关附件下载:长政办发(2024)2号.pdf”
            number = DOC_NUMBER.search(key, match.start(), match.end())
            if number:
                meta.setdefault("文号", text[number.start() : number.end()])
        if removed:
            located = located.remove([m.span() for m in removed])
        located = located.slice(0, len(located.text.rstrip()))
        if located.text:
            kept.append(located)
    kept = _join_page_chunks(kept)
    while kept and (not _CJK.search(kept[-1].text) or len(kept[-1].text) <= 2):
        kept.pop()
    return kept, meta


def _join_page_chunks(paras: list[Located]) -> list[Located]:
    """Glue “1、… 2、… 3、…” page chunks (each cut mid-sentence) into one paragraph."""
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
            joined = joined + para.slice(_chunk_marker_end(para))
        paras[run[0] : run[-1] + 1] = [joined]
    return paras


def _chunk_number(para: Located) -> int:
    match = _PAGE_CHUNK.match(fold(para.text))
    return int(match.group(1)) if match else -10


def _chunk_marker_end(para: Located) -> int:
    match = _PAGE_CHUNK.match(fold(para.text))
    return match.end() if match else 0
