"""One vocabulary (templates/vocabulary.yaml), one walk over the plan, one path syntax."""

from __future__ import annotations

import copy

import pytest

from drafter.checks import Context, check_plan, select_rules
from drafter.checks.base import walk_items, walk_sections
from drafter.draft.diff import diff_plans
from drafter.draft.tasks import task_rows
from drafter.lang.vocabulary import ROLES, vocabulary
from drafter.model import bare_path, join_path
from drafter.parse.clauses import parse_clause
from drafter.parse.plan import parse_file, parse_text


def test_the_vocabulary_is_read_once_and_typed():
    words = vocabulary()
    assert words is vocabulary()
    assert tuple(r.key for r in words.roles) == ROLES
    assert words.role("lead").default_label == "牵头单位"
    assert "工作要点" in words.doc_types and "指导思想" in words.heading_words


@pytest.mark.parametrize("role", ROLES)
def test_every_role_word_of_the_vocabulary_is_read_by_the_clause_parser(role):
    words = vocabulary()
    spec = words.role(role)
    for word in spec.label_words:
        for kind in words.label_kinds:
            clause = parse_clause(f"({word}{kind}:组织处)")
            assert clause is not None and getattr(clause, role) == ["组织处"], (word, kind)
    for word in spec.suffix_words:
        clause = parse_clause(f"(组织处{word})")
        assert clause is not None and getattr(clause, role) == ["组织处"], word


def test_the_scope_of_the_preamble_follows_the_issuer():
    words = vocabulary()
    assert words.scope_of("某县教育局") == "全县"
    assert words.scope_of("长沙市天心区教育局") == "全区"
    assert words.scope_of("长沙市教育局") == "全市"


def test_one_path_syntax_for_findings_walks_and_tasks(seed):
    plan = parse_file(seed["004"])  # has sub-sections: 三、… (五)… 1.…
    walked = [join_path(parts) for parts, _ in plan.walk()]
    assert "三/(五)/1" in walked
    assert [path for path, _, _ in walk_items(plan)] == walked
    assert [row.path for row in task_rows(plan)] == walked
    sections = [path for path, _ in walk_sections(plan)]
    assert "三/(五)" in sections
    findings = check_plan(plan, Context(year=plan.year), select_rules())
    placed = set(walked) | set(sections) | {"标题", "总体要求", "通知", ""}
    assert findings and {f.path for f in findings} <= placed


def test_paths_outside_any_section_are_just_the_item_number():
    plan = parse_text("工作要点\n1.推进集团化办学。(责任处室:组织处)\n2.加强思政课建设。(责任处室:宣传处)\n")
    assert [join_path(parts) for parts, _ in plan.walk()] == ["1", "2"]


@pytest.mark.parametrize("recorded", ["三/(五)/1", "三/五/1"])
def test_diff_pairs_by_the_recorded_origin_in_either_path_syntax(seed, recorded):
    old = parse_file(seed["004"])
    new = copy.deepcopy(old)
    item = next(i for p, i in new.walk() if join_path(p) == "三/(五)/1")
    item.title, item.text = "全新的标题", "完全改写的正文,与上年没有一个相同的句子。"
    item.origin = {"year": old.year, "item": recorded}
    result = diff_plans(old, new)
    pair = next(p for p in result.changed if p.new is item)
    assert (pair.old_path, pair.new_path) == ("三/(五)/1", "三/(五)/1")
    assert bare_path(recorded) == "三/五/1"
