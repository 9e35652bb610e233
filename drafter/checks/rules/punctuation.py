"""Punctuation and numbers: paired marks, full/half width, spaces, ranges, doubled marks.

The 公文 profile, not web copywriting's: no spaces between 汉字 and digits,
full-width Chinese punctuation, 〔〕 in document numbers, ranges with ～ or —.
Patterns run on width-folded text (see ``width``), offsets point into the original.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from ...lang.vocabulary import vocabulary
from ...lang.width import fold
from ...model import Plan
from ..base import Context, Finding, at, rule, texts_with

_OPENERS = {"(": ")", "【": "】", "〔": "〕", "《": "》", "“": "”", "‘": "’", "[": "]", "〈": "〉"}
_CLOSERS = {close: open_ for open_, close in _OPENERS.items()}
_FULL = {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_HALF = re.compile("[" + re.escape("".join(_FULL)) + "]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_URL = re.compile(r"(?:https?://|www\.)[^\s\u4e00-\u9fff，。；）]+")
_FULLWIDTH_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ]+")
# One space typed between a character and a digit. Two or more are a layout gap (a box label
# “专栏2  工业互联网…” set off from its title), and the space that sets a telephone number apart
# from the name before it (“联系人：张三 0731-88888888”) is how contact lines are written.
_PHONE = "|".join(vocabulary().telephone_shapes)
_SPACE_BY_DIGIT = re.compile(
    rf"(?<=[\u4e00-\u9fff])[ \t\u3000](?=\d)(?!{_PHONE})|(?<=\d)[ \t\u3000](?=[\u4e00-\u9fff])"
)
_DUNHAO_BETWEEN_TITLES = re.compile(r"(?<=[》”])、(?=[《“])")


@lru_cache(maxsize=4096)  # PLAN002 and PLAN003 both need it
def _pairs(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """Matched (open, close) offsets and the offsets of unmatched marks, on folded text."""
    key = fold(text)
    stack: list[int] = []
    waiting: Counter[str] = Counter()  # open marks on the stack, by kind: no scan of the stack per close
    matched: list[tuple[int, int]] = []
    unmatched: list[int] = []
    for index, char in enumerate(key):
        if char in _OPENERS:
            stack.append(index)
            waiting[char] += 1
        elif char in _CLOSERS:
            opener = _CLOSERS[char]
            if not waiting[opener]:
                unmatched.append(index)
                continue
            while key[stack[-1]] != opener:  # close the nearest same kind
                waiting[key[stack[-1]]] -= 1
                unmatched.append(stack.pop())
            waiting[opener] -= 1
            matched.append((stack.pop(), index))
    return tuple(matched), tuple(sorted(unmatched + stack))


@rule("PLAN002", "unbalanced-pair", "plan", "error", title="括号引号不成对")
def check_unbalanced_pair(plan: Plan, context: Context) -> Iterator[Finding]:
    """括号、书名号、引号须成对出现。

    理由:
        括号、引号、书名号缺一半,读者无法判断引文或说明到哪里结束,常见于复制粘贴截断的分工说明。
    依据:
        GB/T 15834—2011《标点符号用法》 4.8(引号)、4.9(括号)、4.15(书名号):这些标号的形式都是前后成对的一组符
            号
    反例:
        一、加强党的建设
        1.推进集团化办学。(牵头处室:组织处,责任处室:人事处
        2.落实“双减”政策。(责任处室:基础教育处)
    正例:
        一、加强党的建设
        1.推进集团化办学。(牵头处室:组织处,责任处室:人事处)
        2.落实“双减”政策。(责任处室:基础教育处)
    """
    for text in texts_with(plan):
        for offset in _pairs(text.text)[1]:
            mark = text.text[offset]
            kind = "未闭合" if fold(mark) in _OPENERS else "没有对应的前半个"
            yield at(text, offset, offset + 1, f"“{mark}”{kind}")


@rule("PLAN003", "mixed-width-pair", "plan", "error", fixable=True, title="括号全半角混用")
def check_mixed_width_pair(plan: Plan, context: Context) -> Iterator[Finding]:
    """成对的括号须同为全角:“（…)”“(…）”一半全角一半半角。

    理由:
        一半全角一半半角的括号是输入法切换留下的,排版时两半大小不一,且常使括号配对判断出错。
    依据:
        GB/T 15834—2011《标点符号用法》 5.1.3:横排文稿中括号的前后两半各占一个字的位置(全角)
    反例:
        一、加强党的建设
        1.推进集团化办学。（责任处室:组织处)
    正例:
        一、加强党的建设
        1.推进集团化办学。（责任处室:组织处）
    """
    for text in texts_with(plan):
        for start, end in _pairs(text.text)[0]:
            a, b = text.text[start], text.text[end]
            if (a == "(") != (b == ")"):
                half = start if a == "(" else end
                yield at(text, half, half + 1, "括号一半全角一半半角", _FULL[text.text[half]], safe=True)


@rule("PLAN004", "halfwidth-punct-in-chinese", "plan", "warning", fixable=True, title="中文里用了半角标点")
def check_halfwidth_punct_in_chinese(plan: Plan, context: Context) -> Iterator[Finding]:
    """中文里的标点须用全角(小数、时间、网址除外)。

    理由:
        中文里的半角逗号、冒号、括号在正式印发的公文中显得不规范,也会被其他检查误读为英文符号。
    依据:
        GB/T 15834—2011《标点符号用法》 5.1.1、5.1.3:横排文稿中句号、逗号、顿号、分号、冒号及括号、引号各占一
            个字的位置(全角)
        公文写作惯例:小数点、时间、网址等西文场合用半角
    反例:
        一、加强党的建设
        1.推进集团化办学,扩大优质资源。(责任处室:组织处)
    正例:
        一、加强党的建设
        1.推进集团化办学，扩大优质资源。（责任处室：组织处）
        2.8:30开始，比例提高1.5个百分点，网址https://example.org/a,b。（责任处室：组织处）
    """
    for text in texts_with(plan):
        value = text.text
        urls = [m.span() for m in _URL.finditer(value)]
        url_starts = [a for a, _ in urls]
        has_chinese = _CJK.search(value) is not None  # once per text, not once per bracket
        for match in _HALF.finditer(value):
            index, char = match.start(), match.group()
            url = bisect_right(url_starts, index) - 1  # the URL starting last before it (they never overlap)
            if url >= 0 and index < urls[url][1]:
                continue
            before, after = value[index - 1 : index].strip(), value[index + 1 : index + 2].strip()
            if char in ",:" and before.isdigit() and after.isdigit():
                continue  # 8:30, 1,000
            if _CJK.match(before) or _CJK.match(after) or (char in "()" and has_chinese):
                yield at(text, index, index + 1, f"中文里用了半角标点“{char}”", _FULL[char], safe=True)


@rule("PLAN005", "fullwidth-alnum", "plan", "warning", fixable=True, title="数字字母用了全角")
def check_fullwidth_alnum(plan: Plan, context: Context) -> Iterator[Finding]:
    """数字和字母须用半角(“２０２４年”应为“2024年”)。

    理由:
        全角数字和字母宽窄不一,与半角数字混排时显得杂乱,也妨碍检索和数字比对。
    依据:
        公文写作惯例:阿拉伯数字和外文字母用半角
    反例:
        一、加强党的建设
        1.２０２４年完成ＡＩ教育试点。（责任处室：组织处）
    正例:
        一、加强党的建设
        1.2024年完成AI教育试点。（责任处室：组织处）
    """
    for text in texts_with(plan):
        for match in _FULLWIDTH_ALNUM.finditer(text.text):
            yield at(
                text, match.start(), match.end(), f"“{match.group()}”应为半角", fold(match.group()), safe=True
            )


@rule("PLAN006", "space-in-chinese-number", "plan", "warning", fixable=True, title="汉字与数字间有空格")
def check_space_in_chinese_number(plan: Plan, context: Context) -> Iterator[Finding]:
    """汉字与数字之间不加空格(公文写“2025年3月”“59号”)。

    理由:
        汉字与数字之间的空格多是从网页或表格粘贴带入的,公文正文不在汉字与数字之间加空格。
    依据:
        公文写作惯例:汉字与阿拉伯数字之间不加空格
    反例:
        一、加强党的建设
        1.于 2025 年 3 月完成。（责任处室：组织处）
    正例:
        一、加强党的建设
        1.于2025年3月完成,联系人:张明 0731-88886666。（责任处室：组织处）
        2.实施专项工程。专栏2  智慧教育示范工程。（责任处室：组织处）
    """
    for text in texts_with(plan):
        for match in _SPACE_BY_DIGIT.finditer(text.text):
            yield at(text, match.start(), match.end(), "汉字与数字之间多了空格", "", safe=True)


_RANGE = re.compile(
    r"(?<![\dA-Za-z/.-])(?P<a>\d+(?:\.\d+)?)(?P<pa>%?)[-~～](?P<b>\d+(?:\.\d+)?)"
    r"(?:(?P<pb>%)|(?=[\u4e00-\u9fff]))(?![\d-])"
)


@rule("PLAN036", "range-connector", "plan", "warning", fixable=True, title="范围连接号不当")
def check_range_connector(plan: Plan, context: Context) -> Iterator[Finding]:
    """数值范围用浪纹线“～”、年份范围用一字线“—”,不用连字符。

    理由:
        连字符“-”不是中文的范围连接号,容易与减号、编号中的短横混淆;全文一直用同一种写法时只报一次。
    依据:
        GB/T 15834—2011《标点符号用法》 4.13.3:标示时间等相关项目的起止一般用一字线,标示数值范围的起止可用浪纹
            线
        本局写法:数值范围统一用浪纹线“～”,年份范围用一字线“—”
    反例:
        一、加强党的建设
        1.争创省级文明校园2-3所,落实2016-2020年规划,比例达63~68%。（责任处室：组织处）
    正例:
        一、加强党的建设
        1.争创省级文明校园2～3所,落实2016—2020年规划,比例达63%～68%,执行GB/T 9704-2012。（责任处室：组织处）
    """
    for text in texts_with(plan):
        key = fold(text.text)
        for match in _RANGE.finditer(key):
            a, b = match.group("a"), match.group("b")
            is_year = len(a) == 4 and len(b) == 4 and key[match.end() : match.end() + 1] == "年"
            percent = "%" if match.group("pa") or match.group("pb") else ""
            fixed = f"{a}—{b}" if is_year else f"{a}{percent}～{b}{percent}"
            written = text.text[match.start() : match.end()]
            if written != fixed:
                # the form: the connector written and what it joins (“2016-2020年” and “2019-2022年”)
                connector = "".join(c for c in written if not (c.isdigit() or c in ".%"))
                form = ("年份" if is_year else "数值") + connector
                yield at(text, match.start(), match.end(), "范围连接号用错", fixed, safe=True, form=form)


_REDUNDANT = re.compile(r"([。,、;:!?])\1+|[,、;:][。)]|[。;][,、]")


@rule("PLAN071", "redundant-punctuation", "plan", "warning", fixable=True, title="标点重复")
def check_redundant_punctuation(plan: Plan, context: Context) -> Iterator[Finding]:
    """标点不重复使用(“。。”“,,”“、)”)。

    理由:
        重复的标点是编辑时删改留下的,印出来是明显的差错。
    依据:
        公文写作惯例:一处停顿只用一个点号
    反例:
        一、加强党的建设
        1.推进集团化办学。。扩大资源。（责任处室：组织处、）
    正例:
        一、加强党的建设
        1.推进集团化办学。扩大资源。（责任处室：组织处）
    """
    for text in texts_with(plan):
        for match in _REDUNDANT.finditer(fold(text.text)):
            first, last = text.text[match.start()], text.text[match.end() - 1]
            kept = last if fold(last) in "。)" else first  # “、)” keeps “)”, “。,” keeps “。”
            yield at(text, match.start(), match.end(), f"标点重复:“{match.group()}”", kept, safe=True)


@rule("PLAN052", "parallel-title-dunhao", "plan", "info", fixable=True, title="并列书名号间多了顿号")
def check_parallel_title_dunhao(plan: Plan, context: Context) -> Iterator[Finding]:
    """并列的书名号、引号之间不用顿号(GB/T 15834 4.5.3.5)。

    理由:
        并列的书名号、引号本身已经隔开了各项,再加顿号是多余的。国标此条有争议,故只作提示。
    依据:
        GB/T 15834—2011《标点符号用法》 4.5.3.5:标有引号的并列成分之间、标有书名号的并列成分之间通常不用顿号
    反例:
        一、加强党的建设
        1.学习《教育法》、《教师法》。（责任处室：组织处）
    正例:
        一、加强党的建设
        1.学习《教育法》《教师法》。（责任处室：组织处）
    """
    for text in texts_with(plan):
        for match in _DUNHAO_BETWEEN_TITLES.finditer(text.text):
            yield at(text, match.start(), match.end(), "并列的书名号或引号之间不用顿号", "", safe=True)
