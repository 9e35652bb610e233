"""Rules follow the plan's own convention (issue 14): regression tests for false alarms removed."""

from __future__ import annotations

import re

from drafter.checks import Context, check_plan, select_rules
from drafter.lang.vocabulary import vocabulary
from drafter.parse.plan import parse_text


def found(text: str, rule: str) -> list:
    return check_plan(parse_text(text), Context(), select_rules([rule]))


OPINION = """关于全面加强和改进新时代学校美育工作的实施意见
一、总体要求
（一）指导思想。坚持以美育人、以文化人，全面加强和改进学校美育工作。
（二）工作目标。到2022年，学校美育取得突破性进展。
二、主要任务
（三）开齐开足上好美育课程。各地各校要严格落实音乐、美术课程国家标准。
（四）深化教学改革。逐步完善“艺术基础知识基本技能+艺术审美体验+专项艺术特长”的教学模式。
（五）配齐配好美育教师。各地要加大美育教师补充力度。
"""


def test_plan010_an_opinion_without_any_clause_gets_one_info_not_one_error_per_item():
    (finding,) = found(OPINION, "PLAN010")
    assert finding.severity == "info" and "3项工作都没有" in finding.message


def test_plan010_goal_paragraphs_owe_no_unit_in_a_plan_that_assigns_its_work():
    plan = OPINION.replace("国家标准。", "国家标准。（责任单位：市教育局）").replace(
        "教学模式。", "教学模式。（责任单位：市教育局）"
    )
    (finding,) = found(plan, "PLAN010")  # 指导思想 and 工作目标 are no work items
    assert (finding.severity, finding.path) == ("error", "二/五") and "3项中2项" in finding.message


def test_plan010_below_the_share_a_few_clauses_are_not_the_convention():
    plan = OPINION.replace("国家标准。", "国家标准。（责任单位：市教育局）")
    assert [f.severity for f in found(plan, "PLAN010")] == ["info"]


def test_plan011_a_long_unit_name_ending_in_a_label_word_is_no_label():
    text = "一、主要任务\n1.建设工业互联网平台。（省数字经济工作专班牵头单位负责）\n"
    assert found(text, "PLAN011") == []
    assert found(
        text.replace("省数字经济工作专班牵头单位负责", "牵头单位省经信厅，责任单位：各市人民政府"), "PLAN011"
    )


LEAD_AND_RESPONSIBLE = """一、主要任务
1.推进集团化办学。（牵头处室：基础教育处，责任处室：发展规划处）
2.落实“双减”。（牵头处室：基础教育处，责任处室：督导处、财务处）
3.推进劳动教育。（牵头处室：学生工作处，责任处室：基础教育处）
4.推进研学实践。（牵头处室：学生工作处，责任处室：财务处）
5.加强思政课建设。（责任处室：宣传处）
6.加强心理健康教育。（组织处负责）
"""


def test_plan015_a_clause_naming_one_unit_needs_no_lead():
    assert found(LEAD_AND_RESPONSIBLE, "PLAN015") == []
    broken = LEAD_AND_RESPONSIBLE.replace("（责任处室：宣传处）", "（责任处室：宣传处、学生工作处）")
    (finding,) = found(broken, "PLAN015")
    assert finding.path == "一/5" and "5处多单位分工中4处" in finding.message


def test_plan015_a_lead_alone_convention_is_not_asymmetric():
    text = """一、主要任务
1.推进美育课程改革。（牵头部门：市教育局，配合部门：市财政局、市文广局、团市委）
2.配齐美育教师。（牵头部门：市教育局，配合部门：市人社局）
3.建设美育设施。（责任部门：区市县政府、先导区管委会）
4.开展艺术展演。（牵头部门：市教育局）
"""
    assert found(text, "PLAN015") == []


def test_plan015_a_bare_majority_is_no_convention():
    half = LEAD_AND_RESPONSIBLE.replace(
        "（牵头处室：学生工作处，责任处室：财务处）", "（责任处室：学生工作处、财务处）"
    )
    half = half.replace("（责任处室：宣传处）", "（责任处室：宣传处、学生工作处）")
    assert found(half, "PLAN015") == []  # 3 of 5: not a convention the item breaks


def test_plan018_commas_that_group_units_of_different_kinds_are_quiet():
    text = """一、主要任务
1.加强美育宣传。（责任单位：市委宣传部、文明办，市文广新局、教育局，团市委、市妇联，各县（市、区）人民政府）
2.推进研学实践。（责任单位：德育处、宣传与统战部，市教育研究院）
3.推进工业互联网。（责任单位：省通信管理局，省铁塔公司、各基础电信企业，各市人民政府）
"""
    assert found(text, "PLAN018") == []


def test_plan018_a_comma_between_two_bureaus_is_flagged():
    text = "一、主要任务\n1.加强美育教师培训。（责任单位：市教育局，市人社局，市教师进修学校）\n"
    (finding,) = found(text, "PLAN018")
    assert "“市教育局”与“市人社局”同属政府部门" in finding.message
    assert finding.suggestions == [{"replacement": "、", "safe": True}]


def test_one_spot_one_finding_the_doc_number_fix_wins_over_half_width_brackets(tmp_path):
    from drafter.checks.fix import fix_file
    from drafter.checks.runner import Options, check_files

    path = tmp_path / "plan.txt"
    path.write_text(
        "一、加强党的建设\n1.湘教发(2023)5号文件部署的工作全部落实。（责任处室：组织处）\n", encoding="utf-8"
    )
    (report,) = check_files([path], Options())
    (finding,) = [f for f in report.findings if f.line == 2 and f.rule in ("PLAN004", "PLAN050")]
    assert finding.rule == "PLAN050" and finding.folded == ["PLAN004"] and "半角标点" in finding.message
    assert [s["replacement"] for s in finding.suggestions] == ["湘教发〔2023〕5号"]
    assert "湘教发〔2023〕5号" in fix_file(path, report.findings).data.decode("utf-8")


def test_one_spot_one_finding_a_slip_in_a_cut_off_clause(tmp_path):
    from drafter.checks.runner import Options, check_files

    path = tmp_path / "plan.txt"
    path.write_text(
        "一、加强党的建设\n1.推进劳动教育。（责任科室：德育科）\n2.推进研学实践。（责任科室：德育科）\n"
        "3.推进心理健康教育。（责任科室：德育料）\n",
        encoding="utf-8",
    )
    (report,) = check_files([path], Options())
    spots = [(f.line, f.column) for f in report.findings]
    assert len(spots) == len(set(spots))
    (slip,) = [f for f in report.findings if f.line == 4 and f.rule in ("PLAN012", "PLAN013")]
    assert slip.suggestions[0]["replacement"] == "德育科"


STALE_2023 = """2023年全市教育工作要点
2023年全市教育工作的总体要求是:全面贯彻党的十八大和十八届历次全会精神,迎接党的十九大。
一、加强党的建设
1.推进集团化办学。（责任处室：基础教育处）
"""


def test_stale_findings_say_which_year_they_assumed_and_where_it_came_from():
    stale = found(STALE_2023, "PLAN032")
    assert stale and all("按计划年度2023年(取自标题)" in f.message for f in stale)
    plan = parse_text(STALE_2023)
    given = check_plan(plan, Context(year=2027), select_rules(["PLAN032"]))
    assert all("2027年(取自 --year)" in f.message for f in given)


def test_a_stale_replacement_is_not_offered():
    offered = {f.excerpt: f.suggestions[0]["replacement"] for f in found(STALE_2023, "PLAN032")}
    assert set(offered.values()) == {"党的二十大精神", "深入学习贯彻党的二十大精神"}  # not 十九大 in 2023


def test_plan030_a_title_range_is_not_a_wrong_year():
    text = "美育浸润行动计划(2021—2023年)\n一、主要任务\n1.推进美育课程改革。（责任处室：体卫艺处）\n"
    assert found(text, "PLAN030") == []


NUMBERED_GOALS = """关于切实加强新时代学校美育工作的实施意见
一、总体要求
（一）指导思想。全面贯彻党的教育方针，坚持以美育人、以文化人。
（二）基本原则。坚持面向全体，坚持改革创新。
（三）工作目标。到2022年，学校美育取得突破性进展。
二、构建科学的美育课程体系
（四）科学定位美育课程目标
1.幼儿园美育要遵循幼儿身心发展规律。
2.义务教育阶段学校美育课程要注重激发学生艺术兴趣。
（五）开设丰富优质的美育课程
1.义务教育阶段学校要开齐开足音乐、美术课程。
2.普通高中要创造条件开设舞蹈、戏剧等课程。
（六）推进美育教学改革。逐步完善“艺术基础知识基本技能+艺术审美体验”的教学模式。
三、保障措施
（七）加强组织领导。各地要把美育工作摆在重要位置。
（八）加大经费投入。各地要加大美育投入力度。
"""


def test_plan020_numbering_that_runs_on_from_goal_paragraphs_is_no_gap():
    assert found(NUMBERED_GOALS, "PLAN020") == []
    gap = NUMBERED_GOALS.replace("（八）加大经费投入", "（九）加大经费投入")
    (finding,) = found(gap, "PLAN020")
    assert "“七”之后是“九”" in finding.message


def test_plan021_lists_of_different_ordinal_forms_are_not_compared():
    # “1.” restarts under each (四)(五); the “(一)” items run on through the plan: both consistent
    assert found(NUMBERED_GOALS, "PLAN021") == []
    mixed = NUMBERED_GOALS.replace("1.义务教育阶段学校要开齐", "3.义务教育阶段学校要开齐").replace(
        "2.普通高中要创造", "4.普通高中要创造"
    )
    mixed = mixed.replace("三、保障措施\n", "三、保障措施\n（九）健全评价机制。\n1.开展艺术素质测评。\n")
    assert [f.path for f in found(mixed, "PLAN021")] == ["二/(五)/3"]  # runs on where (九) restarts


def test_a_cited_doc_number_is_reported_without_the_words_before_it():
    text = "某市教育局2024年工作要点\n一、重点任务\n1.贯彻国办发[2015]71号文件。（责任处室：组织处）"
    (finding,) = found(text, "PLAN050")
    assert finding.message == "发文字号“国办发[2015]71号”应为“国办发〔2015〕71号”"
    assert finding.edits[0].old == "国办发[2015]71号"


def test_every_citing_word_of_the_vocabulary_stays_outside_the_doc_number():
    for word in vocabulary().citing_words:
        text = f"某市教育局2024年工作要点\n一、重点任务\n1.{word}国办发[2015]71号文件。（责任处室：组织处）"
        (finding,) = found(text, "PLAN050")
        assert finding.edits[0].old == "国办发[2015]71号", word


def test_the_telephone_shapes_of_the_vocabulary_read_fixed_and_mobile_numbers():
    shapes = [re.compile(shape) for shape in vocabulary().telephone_shapes]
    for number in ("0731-88886666", "010-6609668", "13812345678"):
        assert any(shape.fullmatch(number) for shape in shapes), number
    assert not any(shape.fullmatch("2022年") for shape in shapes)


def test_a_space_before_a_telephone_number_or_a_layout_gap_is_no_typo():
    text = (
        "某市教育局2024年工作要点\n一、重点任务\n1.推进工作。联系人：张明 0731-88886666，"
        "李华 13812345678。专栏2  智慧教育工程。新建学校 8 所。（责任处室：组织处）\n"
    )
    # only the two spaces around “8” are typos (each its own finding)
    assert [f.column for f in found(text, "PLAN006")] == [60, 62]


def test_an_anniversary_that_is_no_milestone_is_not_offered():
    text = "2026年全市教育工作要点\n一、加强党的建设\n1.庆祝新中国成立75周年。（责任处室：宣传处）"
    (finding,) = found(text, "PLAN034")
    assert finding.suggestions == [] and "不是逢五逢十" in finding.message
    milestone = text.replace("2026年", "2029年").replace("75周年", "79周年")
    (finding,) = found(milestone, "PLAN034")
    assert finding.suggestions[0]["replacement"] == "80"
