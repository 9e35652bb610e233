"""Numbers and units written wrong: run-together dates and year ranges, a garbled per-cent
sign, a count with no measure word, a multiple with no number.

Most of these are what a scan or a careless paste leaves behind (“2022年2月18日” read as
“2022218”, “85%。” as “85%o”); GB/T 15835—2011 (出版物上数字用法) says how the numbers are
written instead. Patterns run on width-folded text; offsets point into the original.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ...lang.width import fold
from ...model import Plan
from ...resources import bundled
from ..base import Context, Finding, at, rule, texts_with


def _plan_year(plan: Plan, context: Context) -> int | None:
    return context.year or plan.year


# 7–8 digits that start with a year and read as a month and a day: “2022218”.
_RUN_TOGETHER_DATE = re.compile(r"(?<![\d.\-/:A-Za-z])((?:19|20)\d{2})(\d{2,4})(?![\d.%A-Za-z])")
# The words that make a digit string an identifier, not a date (“编号20220218”).
_IDENTIFIER_LABELS = re.compile(
    r"(?:编号|代码|编码|电话|手机|邮编|账号|帐号|文号|批号|序号|学号|工号|号码|QQ|号)\s*[:：]?\s*$"
)
_LABEL_REACH = 8  # characters before the digits where such a label may stand
# How far from the plan's year a run-together date may be and still be this plan's date
# (a plan for 2023 is issued late in 2022 or in 2023; other years are numbers of another kind).
_DATE_YEARS_BEFORE = 1


def _readings(year: int, rest: str) -> list[dt.date]:
    """The dates “2022” + “218” can be: 2月18日 (and 21月8日, which is none)."""
    found = []
    for cut in range(1, len(rest)):
        month, day = rest[:cut], rest[cut:]
        if len(month) > 2 or len(day) > 2:
            continue
        if len(month) != len(day) and "0" in (month[0], day[0]):  # “2022101” is 10月1日, not 1月01日
            continue
        try:
            found.append(dt.date(year, int(month), int(day)))
        except ValueError:
            continue
    return found


@rule("PLAN037", "date-run-together", "plan", "warning", title="日期数字连写", suggests=True)
def check_date_run_together(plan: Plan, context: Context) -> Iterator[Finding]:
    """日期须写明年月日(“2022年2月18日”),不能把数字连在一起写成“2022218”。

    理由:
        数字连写的日期读不出年月日,多半是复制时丢了“年”“月”“日”。
    依据:
        GB/T 9704—2012《党政机关公文格式》 7.3.5.4:用阿拉伯数字将年、月、日标全(正文中的日期参照执行)
    依据:GB/T 15835—2011 第5章(年月日用阿拉伯数字,按年、月、日的顺序写全);只看与计划年度
    相符的年份,后面跟着单位(元、人、个……)的、标明编号电话的数字不算。

    反例:
        2022年全市教育工作要点
        一、加强党的建设
        1.贯彻市委2022218印发的文件精神。（责任处室：组织处）
    正例:
        2022年全市教育工作要点
        一、加强党的建设
        1.贯彻市委2022年2月18日印发的文件精神,投入2022218元,联系电话20221108。（责任处室：组织处）
    """
    year = _plan_year(plan, context)
    if year is None:
        return
    units = _measure_words().after_number
    for text in texts_with(plan):
        key = fold(text.text)
        for match in _RUN_TOGETHER_DATE.finditer(key):
            stated = int(match.group(1))
            if not year - _DATE_YEARS_BEFORE <= stated <= year:
                continue
            if _IDENTIFIER_LABELS.search(
                key, max(0, match.start() - _LABEL_REACH), match.start()
            ) or key.startswith(units, match.end()):
                continue
            readings = _readings(stated, match.group(2))
            if not readings:
                continue
            written = [f"{d.year}年{d.month}月{d.day}日" for d in readings]
            message = f"日期“{match.group()}”的数字连在一起,应写作“{'”或“'.join(written)}”"
            yield at(text, match.start(), match.end(), message, written[0] if len(written) == 1 else None)


_RUN_TOGETHER_YEARS = re.compile(r"(?<!\d)((?:19|20)\d{2})((?:19|20)\d{2})(?=\s*年)")
# A period of years in a plan's title runs at most this long (五年规划, 十年纲要, 中长期规划).
_LONGEST_PERIOD = 20


@rule("PLAN038", "year-range-run-together", "plan", "warning", fixable=True, title="年份范围缺连接号")
def check_year_range_run_together(plan: Plan, context: Context) -> Iterator[Finding]:
    """起止年份之间要有连接号:“（2016—2020年）”,不写“（20162020年）”。

    理由:
        起止年份连在一起(“20162020年”)读作一个数,是复制时丢了连接号。
    依据:
        GB/T 15834—2011《标点符号用法》 4.13.3:标示时间起止用一字线
    依据:GB/T 15834—2011 4.13(连接号:标示时间的起止用一字线“—”)。

    反例:
        一、加强党的建设
        1.贯彻落实《教育信息化五年行动计划(20162020年)》。（责任处室：组织处）
    正例:
        一、加强党的建设
        1.贯彻落实《教育信息化五年行动计划(2016—2020年)》,完成20162个学位建设。（责任处室：组织处）
    """
    for text in texts_with(plan):
        for match in _RUN_TOGETHER_YEARS.finditer(fold(text.text)):
            first, last = int(match.group(1)), int(match.group(2))
            if 0 < last - first <= _LONGEST_PERIOD:
                fixed = f"{first}—{last}"
                message = f"年份范围“{match.group()}”缺连接号,应为“{fixed}”"
                yield at(text, match.start(), match.end(), message, fixed, safe=True)


# “85%o开展…”: a 句号 read as the letter o by a scan, or a 千分号 ‰ typed as two characters.
_GARBLED_PERCENT = re.compile(r"(?<=\d)%[oO](?![A-Za-z])")


@rule("PLAN039", "percent-sign-garbled", "plan", "warning", title="百分号后多了字母", suggests=True)
def check_percent_sign_garbled(plan: Plan, context: Context) -> Iterator[Finding]:
    """百分号后面多了字母“o”(“85%o”):多半是扫描把句号认成了“o”,或千分号“‰”写错了。

    理由:
        “85%o”里多出的字母多半是扫描识别错误或千分号写错,数据本身就不可信了。
    依据:
        公文写作惯例:百分数、千分数写法规范(数据须核对原稿)
    依据:GB/T 15835—2011 4.1.1(百分数、千分数用阿拉伯数字加符号“%”“‰”)。

    反例:
        一、加强党的建设
        1.推动智能教学助手教师应用率达85%o开展人工智能教育实验。（责任处室：组织处）
    正例:
        一、加强党的建设
        1.推动智能教学助手教师应用率达85%。出生缺陷率控制在5‰以内,办公软件用Office。（责任处室：组织处）
    """
    for text in texts_with(plan):
        key = fold(text.text)
        for match in _GARBLED_PERCENT.finditer(key):
            sentence_follows = bool(re.match(r"[\u4e00-\u9fff]", key[match.end() : match.end() + 1]))
            options = ["%。", "‰"] if sentence_follows else ["‰", "%"]
            message = f"“{text.text[match.start() : match.end()]}”写法有误,应为“{options[0]}”或“{options[1]}”"
            finding = at(text, match.start(), match.end(), message, options[0])
            finding.suggestions.append({"replacement": options[1], "safe": False})
            yield finding


@dataclass(frozen=True)
class _MeasureWords:
    """templates/measure_words.yaml: what may follow a number, the nouns that need a measure word."""

    after_number: tuple[str, ...]  # longest first, for ``str.startswith``
    not_units: tuple[str, ...]
    counted: dict[str, str]


@cache
def _measure_words() -> _MeasureWords:
    from ...store.serialize import load_yaml

    data = load_yaml(bundled("templates") / "measure_words.yaml")
    by_length = sorted(set(data["after_number"]), key=len, reverse=True)
    counted = {str(noun): str(word) for noun, word in data["counted"].items()}
    return _MeasureWords(tuple(by_length), tuple(data["not_units"]), counted)


def _head_noun(phrase: str, counted: dict[str, str]) -> tuple[int, str] | None:
    """The first counted noun of a phrase, with the nouns run on to it (“教师工作室” is a
    工作室): where the counted part ends, and its head noun."""
    found = [(phrase.find(noun), noun) for noun in counted if noun in phrase]
    if not found:
        return None
    start, noun = min(found, key=lambda f: (f[0], -len(f[1])))
    end = start + len(noun)
    while run_on := next((n for n in counted if phrase.startswith(n, end)), None):
        noun, end = run_on, end + len(run_on)
    return end, noun


# A count: Arabic digits (not a decimal, an ordinal “第25”, a sum “2+1”) right before a 汉字.
_BARE_COUNT = re.compile(r"(?<![\d.%A-Za-z第+\-])(\d+)(?=[\u4e00-\u9fff])")
# The noun phrase a count applies to ends at the next punctuation mark, within this many characters.
_NOUN_PHRASE = re.compile(r"[\u4e00-\u9fff“”]{1,16}")


@rule("PLAN072", "measure-word-missing", "plan", "warning", title="数词后缺量词", suggests=True)
def check_measure_word_missing(plan: Plan, context: Context) -> Iterator[Finding]:
    """阿拉伯数字计数时,数字和名词之间要有量词:“25所乡村小规模学校”,不写“25乡村小规模学校”。

    理由:
        数字后直接跟名词,读不出是多少“所”还是多少“名”,多半是删改时丢了量词。
    依据:
        GB/T 15835—2011《出版物上数字用法》 4.1.1:计量、计数用阿拉伯数字
        现代汉语语法:数词与名词之间一般要用量词
    量词表与需要量词的名词见 templates/measure_words.yaml;数字后已是量词、单位、时间或概数词的不算。
    依据:GB/T 15835—2011 4.1.1(计量用阿拉伯数字,数值带计量单位)与现代汉语数量短语的写法。

    反例:
        一、加强党的建设
        1.提质25乡村小规模学校,遴选300市级卓越教师。（责任处室：教师工作处）
    正例:
        一、加强党的建设
        1.提质25所乡村小规模学校,遴选300名市级卓越教师,建设2022年市级示范学校,开设2+1美育课程。（责任处室：教师工作处）
    """
    words = _measure_words()
    for text in texts_with(plan):
        key = fold(text.text)
        for match in _BARE_COUNT.finditer(key):
            after = match.end()
            if not key.startswith(words.not_units, after) and key.startswith(words.after_number, after):
                continue
            phrase = _NOUN_PHRASE.match(key, after)
            head = _head_noun(phrase.group(), words.counted) if phrase else None
            if head is None:
                continue
            end, noun = head
            fixed = match.group() + words.counted[noun]
            counted = text.text[after : after + end]
            message = f"“{match.group()}{counted}”数字后缺量词,应为“{fixed}{counted}”"
            yield at(text, match.start(), match.end(), message, fixed)


# “不低于省定标准的倍”: 倍 after a word that needs the number of times before it.
_MULTIPLE_WITHOUT_NUMBER = re.compile(r"(?<=[的是达为到于至])倍(?![数率增速加感])")


@rule("PLAN073", "multiple-without-number", "plan", "error", title="倍数缺数字")
def check_multiple_without_number(plan: Plan, context: Context) -> Iterator[Finding]:
    """“倍”前须有倍数(“不低于省定标准的1.5倍”),“标准的倍”丢了数字。

    理由:
        “标准的倍”丢了倍数,这项指标就无从执行。
    依据:
        公文写作惯例:量化指标写全数值
    依据:GB/T 15835—2011 4.1.1(计量的数字用阿拉伯数字写明)。

    反例:
        一、加强党的建设
        1.将资助标准提高至不低于省定标准的倍。（责任处室：财务处）
    正例:
        一、加强党的建设
        1.将资助标准提高至不低于省定标准的1.5倍,经费成倍增长,加倍努力。（责任处室：财务处）
    """
    for text in texts_with(plan):
        for match in _MULTIPLE_WITHOUT_NUMBER.finditer(fold(text.text)):
            yield at(text, match.start(), match.end(), "“倍”前缺少倍数(如“1.5倍”)")
