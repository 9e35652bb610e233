"""Years, dates and time-bound wording.

The plan year comes from ``--year``, else the title. Stale phrases come from the one
dated table (``templates/stale.yaml``) that ``new`` uses too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...knowledge.stale import find_stale
from ...lang.numerals import to_chinese, to_int
from ...lang.patterns import DEADLINE_TAIL, TARGET_LEAD, YEAR
from ...lang.vocabulary import alternation, vocabulary
from ...lang.width import fold
from ...model import Plan
from ..base import Context, Finding, Text, at, rule, texts_with

_THIS_YEAR = re.compile(
    r"(\d{4})年度?(?=[^。;]{0,16}?总体(?:要求|思路|目标))"  # 2022年全市教育工作的总体要求
    r"|(\d{4})年(?=,?是)"  # 2022年,是党的二十大召开之年
)


def _year(plan: Plan, context: Context) -> int | None:
    return context.year or plan.year


def year_source(plan: Plan, context: Context) -> str:
    """Where the plan year the date rules assume came from, in words for a message: the first of
    the plan's own statements (title, date, document number) that states it, else ``--year``."""
    year = _year(plan, context)
    if year is None:
        return ""
    stated = str(year)
    notice = plan.notice
    for source, text in (
        ("标题", plan.title),
        ("通知标题", notice.title if notice else ""),
        ("成文日期", plan.date[:4]),
        ("发文字号", notice.doc_number if notice else ""),
    ):
        if stated in fold(text):
            return f"{year}年(取自{source})"
    return f"{year}年(取自 --year 或正文)" if context.year == plan.year else f"{year}年(取自 --year)"


@rule("PLAN030", "plan-year-mismatch", "plan", "error", title="年份与计划年度不符", suggests=True)
def check_plan_year_mismatch(plan: Plan, context: Context) -> Iterator[Finding]:
    """正文里说“今年”的年份、标题年份和落款年份须与计划年度一致。

    理由:
        照抄往年稿时最容易留下旧年份,计划年度错了整份计划都会被质疑。
    依据:
        公文写作惯例:计划年度、标题年份与成文日期一致
    反例:
        2024年市教育局工作要点
        2022年,全市教育工作的总体思路是:坚持立德树人。
        一、加强党的建设
        1.推进集团化办学。（责任处室：基础教育处）
    正例:
        2024年市教育局工作要点
        2024年,全市教育工作的总体思路是:坚持立德树人。
        一、加强党的建设
        1.推进集团化办学。（责任处室：基础教育处）
    """
    year = _year(plan, context)
    if year is None:
        return
    checks = [(Text("总体要求", "preamble", plan.preamble, plan.locs.get("preamble", ())), _THIS_YEAR)]
    if context.year and context.year != plan.year:  # a year read off the title agrees with it
        checks.append((Text("标题", "title", plan.title, plan.locs.get("title", ())), YEAR))
    for text, pattern in checks:
        for match in pattern.finditer(fold(text.text)):
            group = 1 if match.group(1) else 2
            if int(match.group(group)) != year:
                start, end = match.span(group)
                message = f"“{match.group(group)}年”与计划年度{year_source(plan, context)}不一致"
                yield at(text, start, end, message, str(year))
    if plan.date and int(plan.date[:4]) not in (year - 1, year):
        notice = plan.notice.title if plan.notice else plan.title
        text = Text(
            "通知" if plan.notice else "标题",
            "date",
            notice,
            plan.locs.get("notice.title" if plan.notice else "title", ()),
        )
        yield at(text, 0, len(notice), f"成文日期{plan.date}与计划年度{year_source(plan, context)}不符")


# A target or deadline year: “到2025年”, “2026年底前”.
_DEADLINE = re.compile(rf"{TARGET_LEAD}(\d{{4}})年(?:底|末)?|(\d{{4}}){DEADLINE_TAIL}")


@rule("PLAN031", "expired-deadline", "plan", "warning", title="目标期限已过")
def check_expired_deadline(plan: Plan, context: Context) -> Iterator[Finding]:
    """目标期限早于计划年度(“到2025年”出现在2027年的计划里)。

    理由:
        已过期的目标期限说明这段话是照抄往年的,或者目标需要更新。
    依据:
        公文写作惯例:目标期限与计划年度相符
    反例:
        2027年全市教育工作要点
        一、加强党的建设
        1.到2025年,建成优质均衡体系;2026年底前完成改造。（责任处室：基础教育处）
    正例:
        2027年全市教育工作要点
        一、加强党的建设
        1.到2030年,建成优质均衡体系;2027年底前完成改造,巩固2025年以来的成果。（责任处室：基础教育处）
    """
    year = _year(plan, context)
    if year is None:
        return
    for text in texts_with(plan, ("text", "clause", "intro")):
        for match in _DEADLINE.finditer(fold(text.text)):
            group = 1 if match.group(1) else 2
            if int(match.group(group)) < year:
                message = f"期限“{match.group()}”早于计划年度{year_source(plan, context)}"
                yield at(text, match.start(), match.end(), message)


def _stale(plan: Plan, context: Context, rule_id: str) -> Iterator[Finding]:
    year = _year(plan, context)
    if year is None:
        return
    for text in texts_with(plan):
        for hit in find_stale(text.text, year, context.date, rule_id):
            phrase = _quoted(text.text[hit.start : hit.end])
            entry = hit.entry
            if hit.problem == "尚未发生":
                message = f"{phrase}在{year}年的计划里为时过早(自{entry.valid_from}起)"
            else:
                message = f"{phrase}已过时(适用至{entry.valid_until})"
            message += f",按计划年度{year_source(plan, context)}"
            if hit.replacement:
                message += f",可改为{_quoted(hit.replacement)}"
            yield at(text, hit.start, hit.end, message, hit.replacement or None)


def _quoted(phrase: str) -> str:
    return phrase if phrase.startswith("“") and phrase.endswith("”") else f"“{phrase}”"


@rule("PLAN032", "stale-congress-reference", "plan", "error", title="会议提法过时", suggests=True)
def check_stale_congress_reference(plan: Plan, context: Context) -> Iterator[Finding]:
    """过了时间的会议提法(“迎接党的二十大”“党的十九大和十九届历次全会精神”)。

    理由:
        会议召开之后仍说“迎接”,或新的会议精神已取代旧提法时仍用旧提法,政治表述就不准确。
    依据:
        公文写作惯例:政治性提法与当时的会议精神一致(过时提法表见 templates/stale.yaml,每条注明日期)
    反例:
        2023年全市教育工作要点
        2023年全市教育工作的总体要求是:深入贯彻党的十九大和十九届历次全会精神,以优异成绩迎接党的二十大胜利召开。
        一、加强党的建设
        1.推进集团化办学。（责任处室：基础教育处）
    正例:
        2023年全市教育工作要点
        2023年全市教育工作的总体要求是:深入学习贯彻党的二十大精神,回顾党的十八大以来的成就。
        一、加强党的建设
        1.推进集团化办学。（责任处室：基础教育处）
    """
    yield from _stale(plan, context, "PLAN032")


@rule("PLAN033", "stale-five-year-plan", "plan", "error", title="五年规划提法不符", suggests=True)
def check_stale_five_year_plan(plan: Plan, context: Context) -> Iterator[Finding]:
    """五年规划的提法须与计划年度相符(2027年不再说“十四五”,“开局之年”“收官之年”要对得上)。

    理由:
        五年规划的名称和“开局之年”“收官之年”等提法随年份变化,照抄往年稿容易写错。
    依据:
        公文写作惯例:规划期的提法与计划年度相符(规划起止年份见 templates/stale.yaml)
    反例:
        2027年全市教育工作要点
        2027年全市教育工作的总体要求是:紧扣教育事业发展十四五规划,今年是“十五五”开局之年。
        一、加强党的建设
        1.推进集团化办学。（责任处室：基础教育处）
    正例:
        2027年全市教育工作要点
        2027年全市教育工作的总体要求是:紧扣教育事业发展“十五五”规划,总结“十四五”成就。
        一、加强党的建设
        1.推进集团化办学。（责任处室：基础教育处）
    """
    yield from _stale(plan, context, "PLAN033")


# “新中国成立76周年”: each event of ``templates/vocabulary.yaml`` with the year it counts from.
_ANNIVERSARIES = tuple(
    (re.compile(rf"(?:{alternation(event.names)})(\d+|[一二三四五六七八九十百]+)周年"), event.year)
    for event in vocabulary().anniversaries
)


@rule("PLAN034", "wrong-anniversary-or-year-role", "plan", "error", title="周年数字不符", suggests=True)
def check_wrong_anniversary_or_year_role(plan: Plan, context: Context) -> Iterator[Finding]:
    """周年纪念的数字须与计划年度相符(2029年的计划里不能是“新中国成立75周年”)。

    理由:
        周年纪念的数字由年份算出,照抄往年稿时最容易忘改。
    依据:
        公文写作惯例:纪念活动的周年数与计划年度相符
    反例:
        2029年全市教育工作要点
        一、加强党的建设
        1.以庆祝新中国成立75周年为契机开展主题教育。（责任处室：宣传处）
    正例:
        2025年全市教育工作要点
        一、加强党的建设
        1.以庆祝新中国成立76周年为契机开展主题教育,总结庆祝建党100周年的经验。（责任处室：宣传处）
    """
    year = _year(plan, context)
    if year is None:
        return
    for text in texts_with(plan):
        key = fold(text.text)
        for pattern, base in _ANNIVERSARIES:
            for match in pattern.finditer(key):
                if _LOOKING_BACK.search(key, max(0, match.start() - 8), match.start()):
                    continue
                stated, right = to_int(match.group(1)), year - base
                if stated is not None and stated != right:
                    written = str(right) if match.group(1).isdigit() else to_chinese(right)
                    message = f"计划年度{year_source(plan, context)}应为“{written}周年”"
                    if right % MILESTONE:  # the corrected number is no year to celebrate: no replacement
                        message += f",{written}周年不是逢五逢十的纪念年份,这一句可能应删去或改写"
                        yield at(text, match.start(1), match.end(1), message)
                    else:
                        yield at(text, match.start(1), match.end(1), message, written)


# Anniversaries are celebrated in years that are multiples of five (逢五逢十): a corrected number
# that is not one (“76周年”) is offered as no replacement — the sentence itself is out of date.
MILESTONE = 5


_LOOKING_BACK = re.compile(r"巩固|总结|回顾|以来")
_PADDED = re.compile(r"(\d{4})年0?(\d{1,2})月0?(\d{1,2})日")
_DOTTED = re.compile(r"(?<![\d.])(\d{4})\.(\d{1,2})\.(\d{1,2})(?![\d.])")
_ZERO_IN_CHINESE = re.compile(r"[一二三四五六七八九〇零][0Oo○][一二三四五六七八九〇零0Oo○]*年")


@rule("PLAN035", "date-format", "plan", "warning", fixable=True, title="日期写法不规范")
def check_date_format(plan: Plan, context: Context) -> Iterator[Finding]:
    """日期用阿拉伯数字写全年月日,月日不编虚位(不写“02月06日”“2024.2.6”)。

    理由:
        日期写法统一便于阅读和检索;“02月”“2024.2.6”这类写法不是公文的写法。
    依据:
        GB/T 9704—2012《党政机关公文格式》 7.3.5.4:成文日期用阿拉伯数字将年、月、日标全,年份标全称,月、日不编
            虚位(正文中的日期参照执行)
    反例:
        一、加强党的建设
        1.于2024年02月06日召开大会,2024.3.1启动,二0二四年完成。（责任处室：宣传处）
    正例:
        一、加强党的建设
        1.于2024年2月6日召开大会,2024年3月1日启动,比例提高1.5个百分点。（责任处室：宣传处）
    """
    for text in texts_with(plan):
        key = fold(text.text)
        for match in _PADDED.finditer(key):
            fixed = f"{match[1]}年{int(match[2])}月{int(match[3])}日"
            if match.group() != fixed:
                yield at(text, match.start(), match.end(), "日期不编虚位", fixed, safe=True)
        for match in _DOTTED.finditer(key):
            fixed = f"{match[1]}年{int(match[2])}月{int(match[3])}日"
            yield at(text, match.start(), match.end(), "日期应写作“年月日”", fixed, safe=True)
        for match in _ZERO_IN_CHINESE.finditer(key):
            fixed = re.sub("[0Oo○]", "〇", match.group())
            yield at(text, match.start(), match.end(), "汉字日期中的零写作“〇”", fixed, safe=True)
