"""The five real seed documents against the gold table of the foundation issue."""

from __future__ import annotations

import pytest

from drafter.parse.plan import parse_file

GOLD = {
    # seed: (issuer, year, top-level sections, items, items with a unit)
    "000": ("长沙市教育局", 2022, 7, 25, 25),
    "001": ("沈阳市教育局", 2022, 5, 27, 27),
    # 002's only “issuer” is the template's blank “xx”, 004's title names only the city “长沙市”:
    # neither is an issuing organ, so both are left empty with a warning (issue 13).
    "002": ("", 2024, 6, 23, 0),
    "003": ("湘潭市教育局", 2017, 5, 28, 0),
    # 004: 28 = 24 task items + the 4 childless (一)–(四) of 四、保障措施, items by convention 2 of
    # tests/data/gold/README.md (a numbered block with no numbered children is an item, whatever its marker).
    "004": ("", 2024, 4, 28, 0),
}


@pytest.mark.parametrize("name", sorted(GOLD))
def test_gold_table(seed, name):
    plan = parse_file(seed[name])
    items = plan.items()
    issuer, year, sections, count, with_units = GOLD[name]
    assert (plan.issuer, plan.year, len(plan.sections), len(items)) == (issuer, year, sections, count)
    assert sum(1 for i in items if i.all_units()) == with_units


def _item(plan, number):
    matches = [item for item in plan.items() if item.number == number]
    assert len(matches) == 1, number
    return matches[0]


def _roles(item):
    return (
        {u for c in item.clauses for u in c.lead},
        {u for c in item.clauses for u in c.units},
        {u for c in item.clauses for u in c.support},
    )


@pytest.mark.parametrize(
    ("number", "lead", "units"),
    [
        ("3", set(), {"组织处"}),
        ("6", {"基础教育处"}, {"现代技术教育中心"}),
        ("13", {"秘书处"}, {"基础教育处", "学生工作处", "民办教育处"}),
        ("18", {"教师工作处"}, {"机关纪委"}),
        ("22", set(), {"财务处", "审计处"}),
    ],
)
def test_changsha_clauses(seed, number, lead, units):
    assert _roles(_item(parse_file(seed["000"]), number)) == (lead, units, set())


def test_changsha_broken_clauses_keep_what_was_written(seed):
    plan = parse_file(seed["000"])
    first = _item(plan, "1").clauses
    assert [(c.lead, c.units) for c in first] == [(["宣传统统处"], ["基础教育教处", "学生工作"])]
    assert first[0].raw == "(牵头处室:宣传统统处,责任处室:基础教育教处、学生工作"
    # 11: “(牵头处室基础教育责任处室:教师处)” — colon lost, labels glued to the names
    assert _roles(_item(plan, "11"))[0] == {"基础教育"}
    # 24: six clauses, each missing its opening bracket, one after each sentence
    assert len(_item(plan, "24").clauses) == 6
    # 25: “牵头任处室” (a typo in the label) still leads
    assert _item(plan, "25").clauses[-1].lead == ["学生工作处"]
    assert any("括号未闭合" in w for w in plan.warnings)


def test_changsha_front_matter(seed):
    plan = parse_file(seed["000"])
    assert plan.title == "2022年全市教育工作要点"
    assert plan.doc_type == "工作要点"
    assert plan.notice is not None
    assert plan.notice.title == "关于印发《2022年全市教育工作要点》的通知"
    assert plan.notice.signer == "长沙市教育局"
    assert plan.date == "2022-02-18"  # read from the garbled “2022218”, with a warning
    assert any("2022218" in w for w in plan.warnings)
    assert plan.preamble.startswith("2022年,是党的二十大召开之年")
    assert plan.preamble.endswith("重点做好七个面的工作。")


def test_changsha_titles_that_lost_their_bold(seed):
    plan = parse_file(seed["000"])
    titles = {i.number: i.title for i in plan.items()}
    assert titles["1"] == "强化思想武装"
    assert titles["8"] == "推进智慧美育"
    assert titles["12"] == "以更优的职教高教服务“三高四新”"
    assert titles["25"] == "办好教育民生实事"
    assert _item(plan, "1").text.startswith("推动党史学习教育常态化制度化")


def test_changsha_numbering_continues_across_sections(seed):
    plan = parse_file(seed["000"])
    assert [i.number for i in plan.sections[1].items] == ["5", "6", "7", "8", "9"]


def test_shenyang(seed):
    plan = parse_file(seed["001"])
    first = _item(plan, "1")
    assert first.title == "始终把政治建设摆在首位"
    # the label “工作措施:” that opens every item's measures is stripped (and counted in a warning)
    assert first.text.startswith("把习近平总书记重要指示批示作为政治要件")
    assert _roles(first)[1] == {"组织部(学校党建处)", "机关党委办公室", "宣传与统战部", "办公室"}
    assert _roles(_item(plan, "5"))[1] == {"德育处", "宣传与统战部", "市教育研究院"}
    assert plan.notice is not None and plan.notice.date == "2022-02-21"
    assert plan.notice.note == "(此件公开发布)"
    assert plan.title == "沈阳市教育局2022年工作要点"
    # “1+M+N”, “5.12”, “0.5个百分点” are not markers
    assert len(plan.items()) == 27


def test_template_with_placeholders(seed):
    plan = parse_file(seed["002"])
    assert plan.title == "2024年市教育局工作要点"
    assert [len(s.items) for s in plan.sections] == [4, 5, 4, 3, 4, 3]
    assert plan.sections[1].items[0].number == "1"  # numbering restarts per section
    assert plan.sections[0].items[0].title == "高标准落实“红色根脉强基工程”"
    assert plan.preamble.startswith("2022年,xx教育工作的总体思路是")
    # the share site's banner, the trailing garbage and the “参考” after the title: reported, nothing else
    assert [w.split(":")[0] for w in plan.warnings] == [
        "略去网页附带的 4 行",
        "略去文首重复或多余的文字 1 处",
        "发文单位留空",
    ]


def test_xiangtan(seed):
    plan = parse_file(seed["003"])
    assert plan.title == "湘潭市教育局2017年工作要点"
    assert plan.date == "2017-02-22"
    assert _item(plan, "1").title == "切实加强德育工作"
    assert _item(plan, "28").title == "统筹协调相关专项事务"
    assert _item(plan, "9").title == "提高教育信息化水平"  # its full stop was lost in the copy
    assert _item(plan, "13").title == "推进招考制度、评价制度改革"
    assert "争创国家级文明校园1所、省级文明校园2-3所" in _item(plan, "1").text
    assert "资金1.47亿元" in _item(plan, "18").text


def test_action_plan_glued_into_page_chunks(seed):
    plan = parse_file(seed["004"])
    assert plan.title == "长沙市新时代基础教育扩优提质行动计划"
    assert plan.doc_type == "行动计划"
    assert plan.preamble.startswith("为贯彻落实中共中央办公厅")
    assert [s.title for s in plan.sections] == ["指导思想", "总体目标", "主要任务", "保障措施"]
    assert plan.sections[0].intro.startswith("坚持以习近平新时代中国特色社会主义思想为指导")
    tasks = plan.sections[2]
    assert [s.number for s in tasks.sections] == list("一二三四五六七八")
    assert [len(s.items) for s in tasks.sections] == [3, 3, 5, 2, 2, 4, 3, 2]
    assert tasks.sections[0].title == "实施学位规划建设三年行动"
    assert [i.number for i in tasks.sections[7].items] == ["1", "4"]  # as numbered in the source
    safeguards = plan.sections[3]
    # childless (一)–(四) under 四、 are items (convention 2), not sub-sections with an intro
    assert [i.title for i in safeguards.items] == [
        "强化组织领导",
        "强化部门协同",
        "强化经费保障",
        "强化督导评价",
    ]
    assert not safeguards.sections and safeguards.items[0].text.startswith("将全面加强党的领导")
    # page-chunk markers are gone, and the text runs on across them
    assert "实施差别化补助" in tasks.sections[6].items[2].text
    assert not any(s.intro.startswith(("1、", "2、")) for s in plan.sections)
    assert any("不连续" in w for w in plan.warnings)


@pytest.mark.parametrize("name", sorted(GOLD))
def test_locations_point_into_the_source(seed, name):
    """Every item knows the line and column of its marker in the source file."""
    lines = seed[name].read_text(encoding="utf-8").split("\n")
    plan = parse_file(seed[name])
    assert plan.items()
    for item in plan.items():
        text = lines[item.line - 1]
        assert text[item.column - 1 :].startswith(item.marker), (item.number, item.marker)
