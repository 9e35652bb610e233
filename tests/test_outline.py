"""The numbered outline: levels, glued headings, and numbers that are not markers."""

from __future__ import annotations

from conftest import DATA

from drafter.parse.plan import parse_file, parse_text


def test_headings_and_items_glued_into_one_line():
    plan = parse_text(
        "某市行动计划为贯彻落实上级精神,特制定本计划。一、指导思想坚持立德树人。二、总体目标到2025年,"
        "基本建成优质均衡体系。三、主要任务(一)实施学位建设行动1.落实千人指标。根据人口变化调整指标。"
        "2.保障学位供给。新建学校10所。(二)实施学前普惠行动1.扩充普惠资源。确保普惠率达90%以上。\n"
    )
    assert plan.title == "某市行动计划"
    assert [s.title for s in plan.sections] == ["指导思想", "总体目标", "主要任务"]
    assert plan.sections[1].intro == "到2025年,基本建成优质均衡体系。"
    tasks = plan.sections[2].sections
    assert [(s.title, [i.title for i in s.items]) for s in tasks] == [
        ("实施学位建设行动", ["落实千人指标", "保障学位供给"]),
        ("实施学前普惠行动", ["扩充普惠资源"]),
    ]


def test_numbers_that_are_not_markers():
    plan = parse_text(
        "一、改善办学条件\n"
        "1.加大投入。规划投入资金1.47亿元,推行“1+M+N”模式,争创省级文明校园2-3所,"
        "落实中办发(2023)24号文件,围绕“5.12”开展演练,3、4月份完成排查。\n"
        "2.推进改革。完善机制。\n"
    )
    assert [i.number for i in plan.items()] == ["1", "2"]
    assert "1.47亿元" in plan.items()[0].text and "3、4月份" in plan.items()[0].text


def test_marker_variants():
    plan = parse_text("一、部分\n1.甲项。内容。\n2．乙项。内容。\n3、丙项。内容。\n4 .丁项。内容。\n")
    assert [(i.number, i.title) for i in plan.items()] == [
        ("1", "甲项"),
        ("2", "乙项"),
        ("3", "丙项"),
        ("4", "丁项"),
    ]
    assert [i.marker for i in plan.items()] == ["1.", "2．", "3、", "4 ."]


def test_fullwidth_parenthesised_markers():
    plan = parse_text("一、部分\n（一）甲组\n1.甲项。内容。\n（二）乙组\n1.乙项。内容。\n")
    assert [s.title for s in plan.sections[0].sections] == ["甲组", "乙组"]


def test_childless_blocks_are_items_whatever_their_marker():
    plan = parse_text(
        "一、加强党的建设\n（一）强化理论武装。深入学习。\n（二）夯实基层组织。开展评比。\n二、发展教育\n（一）扩大学位。新建学校。\n"
    )
    assert [(s.title, [i.number for i in s.items]) for s in plan.sections] == [
        ("加强党的建设", ["一", "二"]),
        ("发展教育", ["一"]),
    ]
    assert plan.items()[0].title == "强化理论武装"


def test_sub_points_and_inline_enumerations_stay_in_the_item():
    plan = parse_text(
        "一、部分\n1.办好实事。一是建设学位;二是改造校舍。\n(1)新建幼儿园;\n(2)改造食堂。\n2.另一项。内容。\n"
    )
    first, _ = plan.items()
    assert [i.number for i in plan.items()] == ["1", "2"]
    assert "一是建设学位" in first.text
    assert "(1)新建幼儿园;" in first.text and "(2)改造食堂。" in first.text


def test_items_without_sections():
    plan = parse_text("某校工作计划\n1.加强管理。内容。\n2.提高质量。内容。\n")
    assert len(plan.sections) == 1 and plan.sections[0].number == ""
    assert [i.title for i in plan.items()] == ["加强管理", "提高质量"]


def test_numbering_gap_is_kept_and_warned():
    plan = parse_text("一、部分\n1.甲。内容。\n2.乙。内容。\n4.丁。内容。\n")
    assert [i.number for i in plan.items()] == ["1", "2", "4"]
    assert "第4行:编号“4”接在“2.”之后,不连续" in plan.warnings


def test_web_chrome_is_dropped():
    plan = parse_text(
        "【来源:某市教育局 日期:2024-02-01 】【打印本页】 【关闭\n某市教育局2024年工作要点\n"
        "一、部分\n1.甲项。内容。(责任单位:组织处)\n扫一扫在手机打开\n来 源: 责任编辑:\n48 3184885\n"
    )
    assert plan.title == "某市教育局2024年工作要点" and plan.issuer == "某市教育局"
    assert plan.items()[0].text == "内容。"


def test_a_full_width_plan_with_notice_sub_sections_and_an_attachment_line():
    """A plan laid out as a bureau types it in Word (full-width punctuation throughout)."""
    plan = parse_file(DATA / "wuhu_style.txt")
    assert plan.notice is not None
    assert (plan.notice.doc_number, plan.notice.signer, plan.notice.date) == (
        "芜教〔2024〕12号",
        "芜湖市教育局",
        "2024-03-27",
    )
    assert plan.notice.recipients == "各县市区教育局，局属各单位，机关各科室"
    assert (plan.title, plan.issuer, plan.year) == ("芜湖市教育局2024年工作要点", "芜湖市教育局", 2024)
    assert plan.preamble.startswith("2024年全市教育工作的总体要求是：")
    assert [[s.title for s in top.sections] for top in plan.sections] == [
        ["强化理论武装", "加强基层党建"],
        ["推动学前教育普惠发展", "推进义务教育优质均衡"],
    ]
    items = plan.items()
    assert [i.number for i in items] == ["1", "2", "3", "4", "5", "6"]
    assert items[0].title == "深入学习贯彻党的二十大精神" and items[0].all_units() == ["组干科", "机关党委"]
    assert (items[4].lead, items[4].clauses[0].support) == (["基础教育科"], ["人事科", "督导室"])
    assert (
        items[5].text == "一是提高作业设计质量；二是丰富课后服务供给；三是规范校外培训。"
    )  # 附件 line left out
