"""Responsibility clauses in every shape the seeds and real plans use."""

from __future__ import annotations

import pytest

from drafter.parse.plan import parse_text


def item_of(body: str):
    plan = parse_text(f"一、加强党的建设\n1.{body}\n")
    (item,) = plan.items()
    return item


def roles(body: str):
    item = item_of(body)
    return [(c.lead, c.units, c.support) for c in item.clauses]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "推进集团化办学。(牵头处室:组织处,责任处室:人事处、财务处)",
            [(["组织处"], ["人事处", "财务处"], [])],
        ),
        (
            "推进集团化办学。（牵头处室：组织处，责任处室：人事处、财务处）",
            [(["组织处"], ["人事处", "财务处"], [])],
        ),
        ("推进集团化办学。(责任单位:基础教育处)", [([], ["基础教育处"], [])]),
        ("推进集团化办学。(责任单位基础教育处)", [([], ["基础教育处"], [])]),
        ("推进集团化办学。责任单位:基础教育处)", [([], ["基础教育处"], [])]),
        ("推进集团化办学。(责任单位:基础教育处、人事处", [([], ["基础教育处", "人事处"], [])]),
        ("推进集团化办学。牵头处室:组织处,责任处室:人事处", [(["组织处"], ["人事处"], [])]),
        (
            "推进集团化办学。\n责任部门:德育处、宣传与统战部,市教育研究院",
            [([], ["德育处", "宣传与统战部", "市教育研究院"], [])],
        ),
        ("推进集团化办学(基础教育处负责)。", [([], ["基础教育处"], [])]),
        ("推进集团化办学。(组织处牵头,人事处、财务处配合)", [(["组织处"], [], ["人事处", "财务处"])]),
        ("推进集团化办学。〔责任单位:基础教育处〕", [([], ["基础教育处"], [])]),
        ("推进集团化办学。【责任科室:基础教育科】", [([], ["基础教育科"], [])]),
        (
            "推进集团化办学。(牵头单位:组织部(学校党建处),责任单位:各县(市、区)政府)",
            [(["组织部(学校党建处)"], ["各县(市、区)政府"], [])],
        ),
        ("推进集团化办学。(牵头部门:组织处;配合部门:人事处)", [(["组织处"], [], ["人事处"])]),
        ("推进集团化办学。(牵头处室基础教育责任处室:教师处)", [(["基础教育"], ["教师处"], [])]),
        ("推进集团化办学。(主要责任单位:组织处;其他责任单位:人事处)", [(["组织处"], ["人事处"], [])]),
        ("扩充学前资源。（牵头股室：基教股；责任股室：计财股）", [(["基教股"], ["计财股"], [])]),
    ],
)
def test_clause_shapes(body, expected):
    assert roles(body) == expected


def test_deadline_in_the_same_bracket():
    (clause,) = item_of("完成校舍改造。(6月底完成,牵头单位:发展规划处)").clauses
    assert clause.deadline == "6月底完成"
    assert clause.lead == ["发展规划处"]
    (clause,) = item_of("完成校舍改造。(完成时限:2027年底,责任单位:发展规划处)").clauses
    assert clause.deadline == "2027年底"


def test_several_clauses_mid_text_after_the_sentence_they_govern():
    item = item_of(
        "推进美育。推动落实三年行动计划。(责任处室:学生工作处、人事处)。研发空中艺术课程。(责任处室:学生工作处)"
    )
    assert item.title == "推进美育"
    assert [c.units for c in item.clauses] == [["学生工作处", "人事处"], ["学生工作处"]]
    assert item.text == "推动落实三年行动计划。研发空中艺术课程。"
    assert [c.position for c in item.clauses] == [len("推动落实三年行动计划。"), len(item.text)]
    assert item.all_units() == ["学生工作处", "人事处"]


def test_labels_are_kept_for_writing_back():
    (clause,) = item_of("推进集团化办学。(牵头科室:组织科,责任单位:人事科)").clauses
    assert clause.labels == {"lead": "牵头科室", "units": "责任单位"}


@pytest.mark.parametrize(
    "body",
    [
        "明确牵头单位和责任单位,压实工作责任。",
        "各责任单位要加强协作,由牵头单位统筹推进。",
        "落实《中小学校党组织领导的校长负责制的意见(试行)》。",
        "公办学校就读比例(含购买学位)提至90%。",
        "健全家庭教育指导服务体系(学校负责人、家长代表参加)。",
    ],
)
def test_prose_is_not_a_clause(body):
    assert item_of(body).clauses == []


def test_misspelled_units_stay_misspelled():
    (clause,) = item_of("加强思政课建设。(牵头处室:宣传统统处,责任处室:基础教育教处)").clauses
    assert clause.lead == ["宣传统统处"] and clause.units == ["基础教育教处"]
