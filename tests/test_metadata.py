"""Issuer, year and notice read from what a document says of itself (issue 13, class 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from drafter.parse.plan import parse_file, parse_text

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold"
CORPUS_DEV = ROOT / "tests" / "data" / "corpus-dev"  # copies of the gold documents (see its README)

SECTIONS = "一、重点任务\n（一）推进课程建设。完善美育课程。\n（二）加强师资建设。配齐美育教师。\n"


def test_issuer_is_the_organ_before_guanyu_in_the_title():
    plan = parse_text(
        "泉州市人民政府办公室关于加强学校美育工作的实施意见\n为推进美育,提出如下意见。\n" + SECTIONS
    )
    assert plan.issuer == "泉州市人民政府办公室"


def test_issuer_of_a_joint_notice_is_written_before_yinfa():
    text = "某省教育厅等三部门印发《学校美育行动计划》的通知\n各市教育局:\n"
    text += "现将《学校美育行动计划》印发给你们。\n"
    plan = parse_text(text + "某省教育厅\n某省财政厅\n2021年4月26日\n学校美育行动计划\n" + SECTIONS)
    assert plan.issuer == "某省教育厅等三部门"
    assert plan.notice is not None and plan.notice.signer == "某省教育厅、某省财政厅"


def test_issuer_from_the_signature():
    plan = parse_text(
        "2023年教育工作要点\n今年全县教育工作的总体要求是。\n" + SECTIONS + "平江县教育局\n2023年2月1日\n"
    )
    assert plan.issuer == "平江县教育局"


def test_pkulaw_header_gives_issuer_year_and_is_reported():
    text = (
        "【发布部门】湘潭市教育局 【发文字号】潭教发〔2021〕3号 【发布日期】2021.03.02 【时效性】现行有效\n"
        "关于加强学校美育工作的实施意见\n为推进美育,提出如下意见。\n" + SECTIONS
    )
    plan = parse_text(text)
    assert (plan.issuer, plan.year, plan.title) == ("湘潭市教育局", 2021, "关于加强学校美育工作的实施意见")
    assert any(w.startswith("略去文首重复或多余的文字") and "发布部门" in w for w in plan.warnings)


def test_pkulaw_notice_title_twice_bracketed_number_recipients_signer_date():
    text = (
        "北大法宝【法宝引证码】 CLI.12.1\n"
        "平凉市人民政府办公室关于印发平凉市学校美育工作实施方案的通知\n"
        "平凉市人民政府办公室关于印发平凉市学校美育工作实施方案的通知\n"
        "（平政办发〔2017〕125号）\n"
        "各县（区）人民政府，市直有关部门：\n"
        "《平凉市学校美育工作实施方案》已经市政府同意，现予印发，请认真贯彻执行。\n"
        "平凉市人民政府办公室\n2017年10月9日\n"
        "平凉市学校美育\n工作实施方案\n"
        "为贯彻《国务院办公厅关于全面加强和改进学校美育工作的意见》（国办发〔2015〕71号）精神，制定本方案。\n"
    ) + SECTIONS
    plan = parse_text(text)
    notice = plan.notice
    assert notice is not None
    assert (notice.doc_number, notice.recipients, notice.signer, notice.date) == (
        "平政办发〔2017〕125号",
        "各县（区）人民政府，市直有关部门",
        "平凉市人民政府办公室",
        "2017-10-09",
    )
    assert notice.body.startswith("《平凉市学校美育工作实施方案》")
    assert (plan.title, plan.issuer, plan.year) == (
        "平凉市学校美育工作实施方案",
        "平凉市人民政府办公室",
        2017,
    )


def test_a_cited_doc_number_gives_no_year():
    cited = "关于加强学校美育工作的实施意见\n为贯彻《国办意见》（国办发〔2015〕71号）精神，提出如下意见。\n"
    assert parse_text(cited + SECTIONS).year is None
    own = "关于加强学校美育工作的实施意见\n（2017年08月14日）\n为贯彻（国办发〔2015〕71号）精神，提出意见。\n"
    assert parse_text(own + SECTIONS).year == 2017
    numbered = (
        "关于加强学校美育工作的实施意见\n（苏政办发〔2016〕75号）\n为贯彻（国办发〔2015〕71号）精神。\n"
    )
    assert parse_text(numbered + SECTIONS).year == 2016


def test_year_from_the_signature_date_and_first_year_of_a_range():
    plan = parse_text("教育工作要点\n今年工作的总体要求是。\n" + SECTIONS + "平江县教育局\n2019年3月1日\n")
    assert plan.year == 2019
    assert (
        parse_text("学校美育三年行动计划（2021—2023年）\n为推进美育,制定本计划。\n" + SECTIONS).year == 2021
    )


@pytest.mark.parametrize(
    ("title", "refused"),
    [
        ("XX市2024年教育工作要点", "占位符"),
        ("包头市2024年教育工作要点", "只是地名"),
        ("长沙市教育扩优提质行动计划", "只是地名"),
    ],
)
def test_a_placeholder_or_a_bare_place_is_no_issuer(title, refused):
    plan = parse_text(title + "\n为推进教育发展,制定本计划。\n" + SECTIONS)
    assert plan.issuer == ""
    assert any(w.startswith("发文单位留空") and refused in w for w in plan.warnings)


def test_a_title_named_only_in_the_intro_sentence_is_found():
    plan = parse_text("市教育局组织编制了2019年全市教育工作要点。现将有关内容说明如下。\n" + SECTIONS)
    assert plan.title == "2019年全市教育工作要点"
    assert plan.year == 2019


GOLD_FILES = sorted(GOLD.glob("*.yaml"))


def _parsed_gold():
    for path in GOLD_FILES:
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        yield gold, parse_file(CORPUS_DEV / gold["document"])


def test_gold_issuer_and_year_are_right_or_empty_never_wrong():
    found = list(_parsed_gold())
    wrong = [(g["document"], p.issuer, p.year) for g, p in found
             if p.issuer not in (g["issuer"], "") or p.year not in (g["year"], None)]  # fmt: skip
    assert wrong == []
    assert sum(p.issuer == g["issuer"] for g, p in found) == len(found)
    # 001 (a 新华社 release) states no date or number of its own: its year stays unknown.
    assert sum(p.year == g["year"] for g, p in found) >= len(found) - 1


def test_a_news_agency_dateline_closing_the_text_gives_the_year():
    text = (
        "关于全面加强和改进学校体育工作的意见\n一、总体要求\n1.指导思想。坚持健康第一。\n"
        "2.工作目标。体育课开齐开足。\n（新华社北京2020年10月15日电）\n"
    )
    assert parse_text(text).year == 2020
    # a dateline quoted inside the text is another document's
    quoted = text.replace("（新华社北京2020年10月15日电）\n", "").replace(
        "坚持健康第一。", "坚持健康第一（新华社北京2015年5月1日电）。"
    )
    assert parse_text(quoted).year is None
