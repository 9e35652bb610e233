"""Regression tests for the verified bugs of issue 11, each reproduced before its fix."""

from __future__ import annotations

import io

import docx

from drafter.checks import Context, check_plan, select_rules
from drafter.knowledge.stale import guiding_wording
from drafter.parse.plan import parse_file
from drafter.render.word import BuildOptions, build_docx

# --- the notice title names its issuer once ------------------------------------------------


def _notice_title(plan, **options) -> str:
    document = docx.Document(io.BytesIO(build_docx(plan, BuildOptions(notice=True, **options))))
    return next(p.text for p in document.paragraphs if p.text.strip())


def test_notice_title_does_not_repeat_the_issuer(seed):
    plan = parse_file(seed["001"])  # 沈阳市教育局2022年工作要点, issued by 沈阳市教育局
    assert _notice_title(plan) == "沈阳市教育局关于印发2022年工作要点的通知"
    assert _notice_title(plan, book_title=True) == "沈阳市教育局关于印发《2022年工作要点》的通知"


def test_notice_title_under_a_red_header_keeps_the_plan_name(seed):
    plan = parse_file(seed["001"])
    document = docx.Document(io.BytesIO(build_docx(plan, BuildOptions(notice=True, red_header=True))))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert "关于印发沈阳市教育局2022年工作要点的通知" in texts


# --- PLAN012 and a clause written by hand ---------------------------------------------------


def test_hand_written_clause_is_not_truncated(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(
        "title: 某市教育局2027年工作要点\n"
        "issuer: 某市教育局\n"
        "year: 2027\n"
        "sections:\n"
        "- number: 一\n"
        "  title: 加强党的建设\n"
        "  items:\n"
        "  - number: '1'\n"
        "    title: 强化思想武装\n"
        "    text: 推进党史学习教育常态化制度化。\n"
        "    clauses:\n"
        "    - units: [组织处]\n"
        "    - units: [宣传处、]\n",  # a list that ends in 、 is still reported
        encoding="utf-8",
    )
    plan = parse_file(path)
    assert plan.items()[0].clauses[0].raw == ""
    found = check_plan(plan, Context(year=2027), select_rules(["PLAN012"]))
    assert [f.message for f in found] == ["“宣传处、”不像完整的单位名称,可能被截断"]


# --- the stale table: an open-ended guiding period ------------------------------------------


def test_guiding_period_without_an_end(tmp_path):
    table = tmp_path / "stale.yaml"
    table.write_text(
        "entries: []\n"
        "guiding:\n"
        "  - valid_from: 2022-10-23\n"
        "    valid_until: 2023-12-31\n"
        "    text: 党的二十大精神\n"
        "  - valid_from: 2024-01-01\n"
        "    text: 党的二十大和二十届历次全会精神\n",
        encoding="utf-8",
    )
    assert guiding_wording(2023, table) == ("党的二十大精神", True)
    assert guiding_wording(2031, table) == ("党的二十大和二十届历次全会精神", True)
    assert guiding_wording(2020, table) == ("党的二十大和二十届历次全会精神", False)
