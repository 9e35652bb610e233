"""The shared patterns of 公文 text: one home for each, used from here everywhere.

All of them run on width-folded text (``width.fold``): brackets, colons and stops are
written the ASCII way and still match “（）：；”. The patterns built from the vocabulary
(role labels, deadline labels) are compiled on first use, so importing this module does
not read ``templates/vocabulary.yaml``.
"""

from __future__ import annotations

import re
from functools import cache

from .vocabulary import alternation, vocabulary

# -- punctuation ------------------------------------------------------------------------

SENTENCE_END = "。;!?"  # what ends a sentence (a colon or a closing bracket may end a block too)
OPEN = "(〔[【"  # brackets a responsibility clause may open with
CLOSE = ")〕]】"  # and close with

# -- years, deadlines, targets ----------------------------------------------------------

# A year written as a number before 年: “2022年”, “2022 年”. Group 1 is the year.
YEAR = re.compile(r"(?<!\d)(\d{4})(?=\s*年)")
# A year written in Chinese digits: “二〇二二年”.
CHINESE_YEAR = re.compile(r"([〇零一二三四五六七八九○O]{4})年")
# The words before a target year: “到2025年”, “截至2025年底”.
TARGET_LEAD = r"(?:到|至|截至|截止到?)"
# What follows a deadline year: “2025年底前”, “2025年6月底以前”, “2025年度之前”.
DEADLINE_TAIL = r"\s*年度?(?:\d{1,2}月)?(?:底|末)?(?:前|以前|之前)"
# A deadline stated in a clause: “6月底完成”, “2022年上半年”, “年内”, “长期坚持”.
_PERIOD = (
    r"(?:\d{4}年度?(?:\d{1,2}月(?:底|末|中旬|上旬|下旬|\d{1,2}日)?|底|末|内)?"
    r"|\d{1,2}月(?:底|末|中旬|上旬|下旬|\d{1,2}日)?|年底|年内|年末|上半年|下半年|全年|第?[一二三四]季度)"
)
_BEFORE = r"(?:前|以前|之前)"
_DONE = r"(?:完成|启动|到位|落实|见效)"
DEADLINE = re.compile(rf"{_PERIOD}{_BEFORE}?{_DONE}?|长期(?:坚持)?|持续(?:推进|开展)?|常态化(?:推进|开展)?")
# A deadline inside an item's running text: a date or period that something is due by
# (“9月底前完成”, “上半年启动”, “年内到位”); a bare date or “持续推进” is no deadline there, nor
# a date that describes a thing (“2021年启动的171个项目”: started then, due at no date).
DEADLINE_IN_TEXT = re.compile(rf"(?<!\d){_PERIOD}(?:{_BEFORE}{_DONE}?|{_DONE})(?!的)")
# A quantified target: “新建公办幼儿园” “30” “所”.
TARGET = re.compile(
    r"(?P<context>[\u4e00-\u9fff“”]{1,8}?)(?P<number>\d+(?:\.\d+)?)"
    r"(?P<unit>个百分点|万人次|平方米|课时|亿元|万元|%|万?[个所名人项门支节次家座间套台条批万])"
)

# -- document numbers and placeholders -------------------------------------------------

_DOC_NUMBER = (
    r"(?P<organ>[\u4e00-\u9fff]{{1,10}}?)(?P<open>[\[【(〔])(?P<year>{year})(?P<close>[\]】)〕])"
    r"(?P<di>第?)(?P<number>\d{{1,4}})号"
)
# A 发文字号 as issued, in any bracket: “长政办发〔2024〕2号”, “湘教发[2023]第5号”.
DOC_NUMBER = re.compile(_DOC_NUMBER.format(year=r"\d{4}"))
# The same with a two-digit year too (“〔23〕”), to be put right rather than read.
DOC_NUMBER_LOOSE = re.compile(_DOC_NUMBER.format(year=r"\d{2}|\d{4}"))

# Where a year-end summary has no progress text from the ledger: the clerk writes it, never drafter.
PENDING = "【待补】"
# A template's blank left in the text: xx教育, ××学校, 某某处, 党的X届X中X会, X月X日, 待补充, 【待补】.
PLACEHOLDER = re.compile(
    r"(?<![A-Za-z./])(?:[xX]{2,}|×{2,}|○{2,}|某某)(?![A-Za-z])"
    r"|(?<![A-Za-z0-9×./])[xX×](?=[届中月日所个项名次号条会])"
    rf"|第[xX×]|TODO|待补充|待填写|{re.escape(PENDING)}"
)

# -- titles ------------------------------------------------------------------------------

RUN_IN_TITLE_LENGTH = (2, 40)  # a title run into its text (“1.切实加强德育工作。…”) is this long
# A run-in title: a stretch of text with no inner punctuation.
RUN_IN_TITLE = re.compile(r"[^,;:。!?\n]{%d,%d}" % RUN_IN_TITLE_LENGTH)  # noqa: UP031

# -- built from the vocabulary, on first use ----------------------------------------------

LABEL: re.Pattern[
    str
]  # a role label: “牵头处室”, “牵头考核单位”, “责任单位:” (the slip “牵头任处室” too); ``colon``
STANDARD_LABEL: re.Pattern[str]  # a label written the standard way (“主要责任单位”, “按职责分工配合” too)
SUFFIX_ROLE: re.Pattern[
    str
]  # names followed by their role: “(由A牵头负责)”, “(B、C按职责分工配合)”; ``word``
SUFFIX_LABEL: re.Pattern[str]  # a role word written after the names: “配合”, “按职责分工配合”
DEADLINE_LABELLED: re.Pattern[str]  # “完成时限:6月底”; group ``value`` is the deadline
CLAUSE_NAMES = (2, 60)  # the names before a role word written after them run this long


@cache
def _from_vocabulary() -> dict[str, re.Pattern[str]]:
    words = vocabulary()
    roles = alternation(frozenset(words.role_of_label_word()))
    kinds = alternation(words.label_kinds)
    infixes = alternation(words.label_infixes)
    # the role word after the names, with the qualifier that may stand before it (kept in the label)
    suffix = rf"(?:{alternation(words.suffix_qualifiers)})?(?P<word>{alternation(words.suffix_words())})"
    low, high = CLAUSE_NAMES
    return {
        "LABEL": re.compile(
            rf"(?P<label>(?P<role>{roles})任?(?:{infixes})?(?P<kind>{kinds}))(?P<colon>[ \t]*:)?"
        ),
        "STANDARD_LABEL": re.compile(
            rf"(?:{alternation(words.label_qualifiers)})?(?:{roles})(?:{infixes})?(?:{kinds})|{suffix}"
        ),
        "SUFFIX_ROLE": re.compile(rf"(?:由)?(?P<units>[^:]{{{low},{high}}}?)(?P<role>{suffix})"),
        "SUFFIX_LABEL": re.compile(suffix),
        "DEADLINE_LABELLED": re.compile(
            rf"(?:{alternation(words.deadline_labels)})[ \t]*:[ \t]*(?P<value>.+)"
        ),
    }


_BUILT = frozenset(("LABEL", "STANDARD_LABEL", "SUFFIX_ROLE", "SUFFIX_LABEL", "DEADLINE_LABELLED"))


def __getattr__(name: str) -> re.Pattern[str]:
    if name in _BUILT:  # only these: the import system probes other names (``__path__``)
        return _from_vocabulary()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
