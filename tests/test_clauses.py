"""Responsibility clauses in every shape the seeds and real plans use."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
import yaml

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


# -- shapes of real plans (issue 13, class 5) ---------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # the qualifier between names and role word is not part of the last name
            "推进工作。（市教育局牵头，市财政局、市人社局按职责分工配合）",
            [(["市教育局"], [], ["市财政局", "市人社局"])],
        ),
        ("推进工作。（市教育局牵头，市财政局按职责分工负责）", [(["市教育局"], ["市财政局"], [])]),
        ("推进工作。（2022年底前，牵头考核单位：市教育局）", [(["市教育局"], [], [])]),
        ("推进工作。（责任考核单位：市教育局、市财政局）", [([], ["市教育局", "市财政局"], [])]),
        ("推进工作。（主办单位：市教育局；协办单位：市文联）", [(["市教育局"], [], ["市文联"])]),
        (
            "推进工作。（牵头单位：市教育局；参与单位：市文联、团市委）",
            [(["市教育局"], [], ["市文联", "团市委"])],
        ),
        ("推进工作。（省教育厅、省文化厅等负责）", [([], ["省教育厅", "省文化厅等"], [])]),
        (
            "推进工作。\n牵头部门：市教育局\u3000\u3000配合部门：市财政局、市人社局",
            [(["市教育局"], [], ["市财政局", "市人社局"])],
        ),
        (
            "推进工作。（牵头部门：市教育局\u3000\u3000配合部门：市财政局）",
            [(["市教育局"], [], ["市财政局"])],
        ),
        ("推进工作。（牵头单位：市教育局；责任单位：各县区政府）", [(["市教育局"], ["各县区政府"], [])]),
        ("推进工作。（牵头单位：市教育局，责任单位：各县区政府）", [(["市教育局"], ["各县区政府"], [])]),
        (  # the names before the role word are in parts of their own
            "推进工作。（市教育局，市人社局，各县区政府负责）",
            [([], ["市教育局", "市人社局", "各县区政府"], [])],
        ),
        (  # a carried-over prefix: kept as written
            "推进工作。（责任单位：市文广新局、人社局）",
            [([], ["市文广新局", "人社局"], [])],
        ),
        ("推进工作。（责任单位：各县（市、区）政府）", [([], ["各县（市、区）政府"], [])]),
        ("推进工作。（责任单位：各县〔市、区、特区〕政府）", [([], ["各县〔市、区、特区〕政府"], [])]),
        (  # a class named level by level, as the salutation names it, is one unit
            "推进工作。（责任单位：市教育局、人社局，各区、县（市）政府）",
            [([], ["市教育局", "人社局", "各区、县（市）政府"], [])],
        ),
        ("推进工作。（责任单位：市教育局，各区、市政府）", [([], ["市教育局", "各区、市政府"], [])]),
        (
            "推进工作。（责任单位：各市、州、县人民政府，省教育厅等）",
            [([], ["各市、州、县人民政府", "省教育厅等"], [])],
        ),
        (
            "推进工作。（责任单位：省经济和信息化厅、省十大新兴产业推进组工作专班牵头单位）",
            [([], ["省经济和信息化厅", "省十大新兴产业推进组工作专班牵头单位"], [])],
        ),
        (  # a clause on a line of its own under the item, “，” between names
            "推进工作。\n责任单位：市教育局，各级各类学校",
            [([], ["市教育局", "各级各类学校"], [])],
        ),
    ],
)
def test_clause_shapes_of_real_plans(body, expected):
    assert roles(body) == expected


def test_the_qualifier_is_kept_in_the_label_and_written_back():
    from drafter.render.text import clause_text

    (clause,) = item_of("推进工作。（市教育局牵头，市财政局按职责分工配合）").clauses
    assert clause.labels == {"lead": "牵头", "support": "按职责分工配合"}
    assert clause_text(clause) == "（市教育局牵头，市财政局按职责分工配合）"
    (clause,) = item_of("推进工作。（牵头考核单位：市教育局）").clauses
    assert clause.labels == {"lead": "牵头考核单位"}


@pytest.mark.parametrize(
    "body",
    [
        "教育部门作为牵头单位，统筹推进美育工作。",
        "建立教育部门牵头、有关部门分工负责的工作机制。",
        "健全工作机制（教育部门牵头、有关部门分工负责的机制另行制定）。",
        "设立美育中心（以下简称“中心”，由市教育局负责）。",
    ],
)
def test_prose_about_roles_is_not_a_clause(body):
    assert item_of(body).clauses == []


HEADED = """一、主要任务
（一）完善美育课程体系。各地要开齐开足美育课程。（责任单位：市教育局、各区、市政府）
1.科学定位美育课程目标。尊重美育特点。
2.开设丰富优质的美育课程。重视艺术经典教育。（牵头单位：市文广局）
（二）改进美育教学
1.深化学校美育教学改革。建立管理制度。
2.加强美育教研科研工作。构建教研团队。（责任单位：市教育局）
"""


def test_a_heading_clause_is_kept_on_the_heading():
    plan = parse_text(HEADED)
    first, second = plan.sections[0].sections
    assert [c.units for c in first.clauses] == [["市教育局", "各区、市政府"]]
    assert first.intro == "各地要开齐开足美育课程。"
    assert first.title == "完善美育课程体系"
    assert second.clauses == []
    assert [i.all_units() for i in first.items] == [[], ["市文广局"]]


def test_a_heading_clause_on_its_title_line():
    plan = parse_text(HEADED.replace("（二）改进美育教学", "（二）改进美育教学（责任单位：市教育局）"))
    second = plan.sections[0].sections[1]
    assert second.title == "改进美育教学"
    assert [c.units for c in second.clauses] == [["市教育局"]]


def test_a_heading_clause_survives_yaml_and_json(tmp_path):
    from drafter.store.serialize import dump_yaml, load_plan, plan_to_dict

    plan = parse_text(HEADED)
    data = plan_to_dict(plan)
    assert data["sections"][0]["sections"][0]["clauses"][0]["units"] == ["市教育局", "各区、市政府"]
    assert "clauses" not in data["sections"][0]["sections"][1]  # written only when there is one
    path = tmp_path / "plan.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    again = load_plan(path)
    assert again == plan
    assert again.sections[0].sections[0].clauses[0].line > 0


def test_a_heading_clause_is_written_back_in_the_official_text():
    from drafter.render.text import plan_to_text

    plan = parse_text(HEADED)
    assert parse_text(plan_to_text(plan)).sections == plan.sections


def test_a_heading_clause_covers_its_items_in_check():
    from drafter.checks import Context, check_plan

    missing = [f.path for f in check_plan(parse_text(HEADED), Context()) if f.rule == "PLAN010"]
    assert missing == ["一/(二)/1"]


# -- the hand-made gold of the clause-bearing corpus-dev documents ----------------------------------

GOLD = Path(__file__).parent / "data" / "gold"
DOCUMENTS = Path(__file__).parent / "data" / "corpus-dev"  # copies of ../shared/corpus-dev, see README


def _fidelity() -> ModuleType:
    """benchmarks/fidelity.py, whose gold and parse readers these tests share."""
    spec = importlib.util.spec_from_file_location(
        "fidelity", Path(__file__).parent.parent / "benchmarks" / "fidelity.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIDELITY = _fidelity()


CLAUSE_GOLD = [
    p
    for p in sorted(GOLD.glob("*.yaml"))
    if yaml.safe_load(p.read_text(encoding="utf-8"))["counts"]["items_with_units"]
]


def test_the_clause_bearing_gold_documents_are_here():
    assert [p.stem[:3] for p in CLAUSE_GOLD] == ["005", "020", "021", "022", "023", "026", "050"]


@pytest.mark.parametrize("gold_path", CLAUSE_GOLD, ids=[p.stem[:3] for p in CLAUSE_GOLD])
def test_units_are_the_golds(gold_path):
    """Item by item where the items line up; else every clause read is one the gold lists.

    Items that do not line up are outline questions (mixed depth, parts, attachments), not clause
    shapes: then each clause the parser reads, on an item or a heading, must name exactly the units
    of some gold item, and no more items than the gold's may carry units.
    """
    from drafter.parse.plan import parse_file

    gold = FIDELITY.gold_units(yaml.safe_load(gold_path.read_text(encoding="utf-8")))
    plan = parse_file(DOCUMENTS / f"{gold_path.stem}.txt")
    found = FIDELITY.parsed_units(plan)
    if [n for n, _ in gold] == [n for n, _ in found]:
        assert found == gold
        return
    lists = {roles for _, roles in gold}
    clauses = [c for _, s in plan.walk_sections() for c in s.clauses] + [
        c for i in plan.items() for c in i.clauses
    ]
    read = [(tuple(c.lead), tuple(c.units), tuple(c.support)) for c in clauses]
    assert read, "no clause read"
    assert [r for r in read if r not in lists] == []
    assert sum(1 for _, roles in found if any(roles)) <= sum(1 for _, roles in gold if any(roles))


def test_a_heading_clause_is_not_lost(tmp_path):
    from drafter.parse.accounting import unread_runs
    from drafter.parse.plan import parse_file

    path = tmp_path / "plan.txt"
    path.write_text(HEADED, encoding="utf-8")
    assert unread_runs(path, parse_file(path)) == []
