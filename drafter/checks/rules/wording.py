"""Wording: leftover placeholders, document numbers, titles, known typos."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ...lang.patterns import DOC_NUMBER_LOOSE, PLACEHOLDER
from ...lang.vocabulary import alternation, vocabulary
from ...lang.width import fold
from ...model import Plan
from ...resources import bundled
from ..base import Context, Finding, at, rule, texts_with


@rule("PLAN001", "placeholder-left", "plan", "error", title="占位符未替换")
def check_placeholder_left(plan: Plan, context: Context) -> Iterator[Finding]:
    """模板里的占位符(xx、××、X届X中全会、待补充)须换成实际内容。

    理由:
        占位符是模板或往年稿留下的空位,印发出去就是明显的差错,审稿时最先要查。
    依据:
        公文写作惯例:模板中的占位符在定稿前全部替换(drafter new 生成的草稿即用这些占位符)
    反例:
        一、加强党的建设
        1.学习贯彻党的XX届X中X会精神,打响“学在xx”品牌。（责任处室：组织处）
    正例:
        一、加强党的建设
        1.学习贯彻党的二十届四中全会精神,举办3×3篮球赛,配备X射线安检设备。（责任处室：组织处）
    """
    for text in texts_with(plan):
        for match in PLACEHOLDER.finditer(fold(text.text)):
            yield at(
                text, match.start(), match.end(), f"残留占位符“{text.text[match.start() : match.end()]}”"
            )


def normalize_doc_number(value: str) -> str:
    """A 发文字号 written right: “湘教发[2023]第05号” → “湘教发〔2023〕5号”."""
    match = DOC_NUMBER_LOOSE.fullmatch(fold(value.strip()))
    if not match or len(match["year"]) != 4:
        return value.strip()
    return f"{match['organ']}〔{match['year']}〕{int(match['number'])}号"


@rule("PLAN050", "doc-number-brackets", "plan", "error", fixable=True, title="发文字号写法不规范")
def check_doc_number_brackets(plan: Plan, context: Context) -> Iterator[Finding]:
    """发文字号的年份用六角括号〔〕,不加“第”,序号不编虚位。

    理由:
        发文字号是公文的身份标识,写法错误会使引用和归档出错。
    依据:
        GB/T 9704—2012《党政机关公文格式》 7.2.5:年份标全称,用六角括号“〔〕”括入;发文顺序号不加“第”字,不编虚位
    反例:
        一、加强党的建设
        1.落实湘教发[2023]5号、湘教发(2023)第05号文件。（责任处室：组织处）
    正例:
        一、加强党的建设
        1.落实湘教发〔2023〕5号文件,完成(2022年修订)条例的学习。（责任处室：组织处）
    """
    for text in texts_with(plan):
        for match in DOC_NUMBER_LOOSE.finditer(fold(text.text)):
            start = match.start() + _organ_start(match["organ"])
            original = text.text[start : match.end()]
            fixed = normalize_doc_number(original)
            if original == fixed:
                continue
            if len(match["year"]) == 2:  # “〔23〕”: the century is not ours to guess
                yield at(text, start, match.end(), f"发文字号“{original}”的年份应写全四位")
            else:
                yield at(text, start, match.end(), f"发文字号“{original}”应为“{fixed}”", fixed, safe=True)


# Words that stand before a cited 发文字号 and are no part of its organ code (“贯彻国办发〔2015〕71号”,
# “关于转发省教育厅湘教发…”): the code starts after the last of them.
_CITING_WORDS = re.compile(rf".*(?:{alternation(vocabulary().citing_words)})")


def _organ_start(organ: str) -> int:
    """Where the organ code of a document number starts inside the characters matched before it."""
    cited = _CITING_WORDS.match(organ)
    return cited.end() if cited and cited.end() < len(organ) else 0


_PLAN_IN_BOOK_TITLE = re.compile(r"《([^《》]*(?:工作要点|要点|计划|方案|意见|安排|规划))》")


@rule("PLAN053", "booktitle-on-plan-title", "plan", "info", fixable=True, title="计划名称加了书名号")
def check_booktitle_on_plan_title(plan: Plan, context: Context) -> Iterator[Finding]:
    """印发通知的标题里,工作要点、计划、方案不是法规,不加书名号。

    理由:
        书名号用于法规等正式文件名称;印发通知中的工作要点、计划、方案不是法规,加书名号是审稿常见差错。
    依据:
        公文写作惯例:印发通知的标题中,除法规、规章名称加书名号外一般不用标点
    反例:
        关于印发《2027年全市教育工作要点》的通知
        各区县教育局:
        现将《2027年全市教育工作要点》印发给你们,请认真贯彻落实。
        某市教育局
        2027年2月18日
        2027年全市教育工作要点
        一、加强党的建设
        1.推进集团化办学。（责任处室：组织处）
    正例:
        关于印发2027年全市教育工作要点的通知
        各区县教育局:
        现将《2027年全市教育工作要点》印发给你们,请认真贯彻落实。
        某市教育局
        2027年2月18日
        2027年全市教育工作要点
        一、加强党的建设
        1.推进集团化办学。（责任处室：组织处）
    """
    for text in texts_with(plan, ("notice.title",)):
        match = _PLAN_IN_BOOK_TITLE.search(text.text)
        if match:
            yield at(
                text, match.start(), match.end(), "标题中的计划名称不加书名号", match.group(1), safe=True
            )


@dataclass(frozen=True)
class _Confusions:
    """The confusion table: one pattern for every wrong form, the right form of each, the forms
    reported only in responsibility clauses, and the real words a wrong form must not overlap."""

    pattern: re.Pattern[str]
    right: dict[str, str]
    clause_only: frozenset[str]
    words: tuple[str, ...]

    def overlaps_word(self, text: str, start: int, end: int) -> bool:
        """Whether a real word shares characters with text[start:end] and reaches beyond it
        (“纲要要求”: 纲要 and 要求 cover the “要要”)."""
        for word in self.words:
            for offset in range(1, len(word)):  # the word begins before the match, or ends after it
                before, after = start - offset, end - len(word) + offset
                if before >= 0 and before + len(word) > start and text.startswith(word, before):
                    return True
                if 0 <= after < end and text.startswith(word, after):
                    return True
        return False


@cache
def _confusions() -> _Confusions:
    from ...store.serialize import load_yaml

    data = load_yaml(bundled("templates") / "confusions.yaml")
    right = {entry["wrong"]: entry["right"] for entry in data["confusions"]}
    clause_only = frozenset(e["wrong"] for e in data["confusions"] if e.get("only_in") == "clause")
    pattern = re.compile("|".join(map(re.escape, sorted(right, key=len, reverse=True))))
    return _Confusions(pattern, right, clause_only, tuple(data.get("words") or ()))


@rule("PLAN070", "confusion-typo", "plan", "warning", fixable=True, title="易混错字")
def check_confusion_typo(plan: Plan, context: Context) -> Iterator[Finding]:
    """易混错字(见 templates/confusions.yaml),如“七个面的工作”“严于律已”“方窠”“只责”。

    理由:
        形近、音近的错字(“方窠”“只责”)拼写检查常常发现不了,在公文中却很显眼。
    依据:
        易混错字表 templates/confusions.yaml(部分取自 ECSpell 公文写作数据集,MIT 许可)
    错字组合与一个正确的词共用了字时不报告(“纲要要求”里的“要要”);“前头”只在责任分工里报告。

    反例:
        一、加强党的建设
        1.重点做好七个面的工作,做到严于律已,各地要要制定方窠,明确岗位只责。（前头处室：组织处）
    正例:
        一、加强党的建设
        1.重点做好七个方面的工作,做到严于律己,按照纲要要求制定方案,要求各校走在前头。（牵头处室：组织处）
    """
    table = _confusions()
    for text in texts_with(plan):
        for match in table.pattern.finditer(text.text):
            wrong = match.group()
            if wrong in table.clause_only and text.field != "clause":
                continue
            if table.overlaps_word(text.text, match.start(), match.end()):
                continue
            fixed = table.right[wrong]
            yield at(text, match.start(), match.end(), f"“{wrong}”应为“{fixed}”", fixed, safe=True)
