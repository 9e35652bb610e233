"""The unit model on real names of every level, and the unit rules on them (issue 14)."""

from __future__ import annotations

import pytest

from drafter.checks import Context, check_plan
from drafter.checks.runner import select_rules
from drafter.knowledge.units import load_registry, looks_like_unit, name_of, split_level
from drafter.parse.plan import parse_text


def unit_findings(clauses: list[str], rules: list[str]) -> list[tuple[str, str, str]]:
    """Check a plan whose items carry ``clauses``, with the common registry only."""
    items = "".join(f"{n}.推进第{n}项工作。（{c}）\n" for n, c in enumerate(clauses, 1))
    plan = parse_text(f"某市人民政府2017年工作要点\n一、加强学校美育\n{items}")
    found = check_plan(plan, Context(year=2017, registry=load_registry()), select_rules(rules))
    return [(f.rule, f.severity, f.message) for f in found]


# Full names written in the real plans of corpus-dev (005, 020–026, 050) and of issue 14.
REAL_NAMES = [
    "省经济和信息化厅", "省教育厅", "省人力资源社会保障厅", "省财政厅", "合肥海关", "人行合肥中心支行",
    "中国出口信用保险公司安徽分公司", "省机场集团", "市文联", "泉州晚报社", "泉州广播电视台", "团市委",
    "团省委", "各县（市、区）政府", "各级政府", "市委宣传部", "市政府教育督导室", "市委编办", "科协",
    "各区、县（市）政府", "安徽银保监局", "各基础电信企业", "重庆市教育委员会", "省市场监管局",
]  # fmt: skip


@pytest.mark.parametrize("name", REAL_NAMES)
def test_real_full_names_are_well_formed(name):
    assert looks_like_unit(name)


def test_a_lists_closing_deng_is_not_part_of_a_name():
    assert [name_of(u) for u in ("省教育厅等", "市财政局等部门", "各县区政府等单位", "等")] == [
        "省教育厅", "市财政局", "各县区政府", "等",
    ]  # fmt: skip
    assert load_registry().is_known("省文化厅等") and load_registry().slip_of("省教育厅") is None


def test_levels_split_off_and_standard_names_stay_whole():
    assert split_level("市委宣传部") == ("市委", "宣传部")
    assert split_level("省经济和信息化厅") == ("省", "经济和信息化厅")
    assert split_level("市场监督管理局") == ("", "市场监督管理局")


def test_truncated_clause_is_quiet_on_government_names_and_loud_on_a_cut_name():
    quiet = ["责任单位：省经济和信息化厅、省财政厅、人行合肥中心支行", "责任部门：团市委、市文联、科协"]
    assert unit_findings(quiet, ["PLAN012"]) == []
    (finding,) = unit_findings(["责任单位：省教育厅、省财政"], ["PLAN012"])
    assert "“省财政”不像完整的单位名称" in finding[2]


def test_two_real_departments_are_not_slips_of_each_other():
    """024: 市教育局 and 市体育局 side by side; 团市委 beside 团委; 教育局 after 市文广新局 (020)."""
    clauses = ["责任部门：市教育局、市体育局", "责任部门：市体育局", "责任部门：团市委、市文广新局、教育局"]
    assert unit_findings([*clauses, "责任部门：团委"], ["PLAN013"]) == []


def test_slips_of_government_names_and_of_the_plans_own_names():
    clauses = ["责任部门：省财政厉", "责任部门：市文广新局", "责任部门：市文广新料", "责任部门：市环保局"]
    found = unit_findings(clauses, ["PLAN013"])
    assert [m for _, s, m in found if s == "error"] == [
        "单位“省财政厉”疑为“省财政厅”之误",
        "单位“市文广新料”疑为“市文广新局”之误",
    ]  # 市环保局 is a unit of its own (before 2018), not a slip of 市医保局


# --- PLAN019: one unit named two ways ---------------------------------------------------------


def named_two_ways(clauses: list[str]) -> list[tuple[str, str]]:
    """(the name written, the suggested form) of every PLAN019 finding."""
    items = "".join(f"{n}.推进第{n}项工作。（{c}）\n" for n, c in enumerate(clauses, 1))
    plan = parse_text(f"某市人民政府2023年工作要点\n一、加强学校美育\n{items}")
    found = check_plan(plan, Context(year=2023, registry=load_registry()), select_rules(["PLAN019"]))
    assert all(f.severity == "warning" for f in found)
    return [(f.message.split("”")[0].lstrip("“"), f.suggestions[0]["replacement"]) for f in found]


@pytest.mark.parametrize(
    ("major", "minor"),
    [
        ("基教一处", "基础教育一处"),  # abbreviation
        ("市招考办", "招考办"),  # level prefix
        ("省民航机场集团", "省机场集团"),  # infix
        ("市文旅广电局", "市文旅局"),
        ("教师工作处", "教师处"),  # an alias of the registry
        ("省市场监督管理局", "省市场监管局"),  # 050: both, once each beside others
    ],
)
def test_a_unit_named_two_ways_gets_the_plans_majority_form(major, minor):
    found = named_two_ways([f"责任单位：{major}", f"责任单位：{major}、德育处", f"责任单位：德育处，{minor}"])
    assert found == [(minor, major)]


@pytest.mark.parametrize(
    "pair",
    [
        ("市财政局", "区财政局"),  # two levels
        ("基础教育处", "基础教育一处"),  # an ordinal
        ("组织处", "组织人事处"),  # two units of the registry
        ("办公室", "机关党委办公室"),  # a unit of another unit
        ("团委", "团市委"),  # the bureau's 团委 and the city's
        ("市教育局", "市体育局"),
    ],
)
def test_different_units_are_not_one_unit_named_two_ways(pair):
    assert named_two_ways([f"责任单位：{pair[0]}、{pair[1]}", f"责任单位：{pair[0]}"]) == []


def test_an_elliptical_second_mention_is_the_plans_convention_only_when_it_recurs():
    """020: “市教育局、人社局” — the 市 of the first name carries over, when the plan writes lists so."""
    convention = ["责任单位：市教育局、人社局", "责任单位：市人社局", "责任单位：市教育局、财政局，市财政局"]
    assert named_two_ways(convention) == []
    once = ["责任单位：市教育局、人社局", "责任单位：市人社局", "责任单位：市人社局、市财政局"]
    assert named_two_ways(once) == [("人社局", "市人社局")]
    variant = ["责任单位：市教育局、文旅局", "责任单位：市文旅广电局", "责任单位：市文旅广电局、财政局"]
    assert named_two_ways(variant) == [("文旅局", "文旅广电局")]  # the level stays left out


def test_a_slip_of_the_pen_is_left_to_plan013():
    assert named_two_ways(["责任单位：高等教育处", "责任单位：高等教育教处"]) == []


def test_the_shenyang_seed_writes_three_units_two_ways(seed):
    from drafter.checks.runner import Options, check_files

    (report,) = check_files([seed["001"]], Options(select=("PLAN019",)))
    assert sorted((f.line, f.suggestions[0]["replacement"]) for f in report.findings) == [
        (135, "市招考办"), (179, "基教一处"), (179, "基教二处"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "name",
    [
        "招生办",
        "关工委办",
        "督学室",
        "教育学会",
        "法规处",
        "教材处",
        "科研处",
        "市委党校",
        "市第一中学",
        "市少年宫",
    ],
)
def test_a_well_formed_name_near_a_registry_name_is_a_unit_of_its_own(name):
    """Real units one character from a name of the common registry (招考办, 关工委, 督导室, 教育工会 …)."""
    assert load_registry().slip_of(name) is None and looks_like_unit(name)


def test_an_office_of_the_government_is_not_the_bureaus_office():
    assert named_two_ways(["责任单位：办公室、市政府办公室", "责任单位：办公室"]) == []
    assert named_two_ways(
        ["责任单位：市委编办", "责任单位：市委编办", "责任单位：市委机构编制委员会办公室"]
    ) == [("市委机构编制委员会办公室", "市委编办")]
