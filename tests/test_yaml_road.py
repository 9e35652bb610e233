"""The YAML draft edited by hand (issue 16, part 3): a clause stays after the sentence it follows
whatever is edited before it, a clause's wording (``raw``, or a clause written in the text) is what
counts, an older draft still reads, and dates are read as a clerk writes them."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import docx
import pytest
import yaml
from conftest import run_cli

from drafter.errors import DraftWarning, InputError
from drafter.lang.dates import read_date
from drafter.model import Clause, Item, Plan, Section
from drafter.parse.plan import parse_file
from drafter.render.text import item_text, plan_to_text
from drafter.resources import bundled
from drafter.store.serialize import clause_anchor, dump_yaml, load_plan, plan_to_dict, resolve_anchor

DELETED = "落实全国全省职业教育大会精神，"  # the phrase of the 长沙 2022 plan the issue deleted
SENTENCE = "进一步畅通技能人才学历上升通道。"  # the sentence the clause follows
CLAUSE = "（责任处室：职业教育与成人教育）"


def drafted(seed: dict[str, Path], tmp_path: Path) -> Path:
    out = tmp_path / "草稿.yaml"
    corpus = str(bundled("corpus"))
    result = run_cli("new", "--year", "2023", "--from", str(seed["000"]), "--corpus", corpus, "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


def built_paragraph(path: Path, words: str) -> str:
    return next(p.text for p in docx.Document(str(path)).paragraphs if words in p.text)


def test_deleting_words_before_a_clause_keeps_it_after_its_sentence(seed, tmp_path):
    """The issue's edit: the clause used to land inside “湖南信息职院新…校区建设”."""
    draft = drafted(seed, tmp_path)
    text = draft.read_text(encoding="utf-8")
    assert text.count(DELETED) == 1
    draft.write_text(text.replace(DELETED, ""), encoding="utf-8")
    result = run_cli("build", str(draft), "-o", str(tmp_path / "印发稿.docx"))
    assert result.returncode == 0 and "警告" not in result.stderr, result.stderr
    official = plan_to_text(load_plan(draft))
    word = built_paragraph(tmp_path / "印发稿.docx", CLAUSE)
    for built in (official, word):
        assert SENTENCE + CLAUSE + "完成幼儿师专和湖南信息职院新校区建设" in built
        assert DELETED not in built
    checked = run_cli("check", str(draft), "--select", "PLAN025", "--format", "json")
    misplaced = {finding["path"] for finding in json.loads(checked.stdout)["files"][0]["findings"]}
    assert "三/12" not in misplaced and "三/11" in misplaced  # 11: the source's own “学校(…)加大”


def test_the_draft_keeps_few_machine_fields(seed, tmp_path):
    data = yaml.safe_load(drafted(seed, tmp_path).read_text(encoding="utf-8"))
    items = [item for section in data["sections"] for item in section["items"]]
    clauses = [clause for item in items for clause in item["clauses"]]
    assert clauses and all(set(clause) == {"raw", "after"} for clause in clauses)
    assert all(list(item)[-1] == "origin" and "fingerprint" in item["origin"] for item in items)
    assert "warnings" not in data and all("position" not in section for section in data["sections"])
    vocational = next(item for item in items if DELETED in item["text"])
    assert vocational["clauses"][0] == {"raw": CLAUSE, "after": SENTENCE}


def load_warned(path: Path) -> tuple[Plan, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plan = load_plan(path)
    return plan, [str(w.message) for w in caught if w.category is DraftWarning]


def one_item_plan(clauses: str, text: str = "推进集团化办学。扩大优质资源覆盖面。", origin: str = "") -> str:
    return (
        "title: 2027年工作要点\nyear: 2027\nsections:\n- number: 一\n  title: 加强党的建设\n  items:\n"
        f"  - number: '1'\n    title: 办好教育\n    text: {text}\n    clauses:\n{clauses}{origin}"
    )


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "计划.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_clause_whose_words_are_gone_goes_to_the_most_like_sentence_with_a_warning(tmp_path):
    clauses = "    - raw: （责任处室：基础教育处）\n      after: 推进集团化办学。\n"
    edited = one_item_plan(clauses, text="推进集团化办学工作。扩大优质资源覆盖面。")
    plan, told = load_warned(written(tmp_path, edited))
    (item,) = plan.items()
    assert item_text(item) == "推进集团化办学工作。（责任处室：基础教育处）扩大优质资源覆盖面。"
    assert len(told) == 1 and "原在“推进集团化办学。”之后" in told[0] and "请核对" in told[0], told


def test_an_older_draft_reads_and_an_edited_offset_goes_to_a_sentence_end(tmp_path):
    """Drafts written before ``after`` carry ``position`` and the item's fingerprint."""
    text = "推进集团化办学。扩大优质资源覆盖面。"
    fingerprint = Item(number="1", title="办好教育", text=text).fingerprint()
    clauses = "    - units: [基础教育处]\n      raw: （责任处室：基础教育处）\n      position: 8\n"
    origin = f"    origin:\n      fingerprint: {fingerprint}\n"
    plan, told = load_warned(written(tmp_path, one_item_plan(clauses, text, origin)))
    assert plan.items()[0].clauses[0].position == 8 and not told
    shorter = one_item_plan(clauses, "推进办学。扩大优质资源覆盖面。", origin)  # three characters deleted
    plan, told = load_warned(written(tmp_path, shorter))
    assert item_text(plan.items()[0]) == "推进办学。（责任处室：基础教育处）扩大优质资源覆盖面。"
    assert len(told) == 1 and "落到了句子中间" in told[0], told


DRAFTED = "    origin:\n      fingerprint: 0123456789ab\n"  # written by drafter new


def test_units_edited_in_raw_only_are_read(tmp_path):
    clauses = "    - raw: （牵头处室：组织处，责任处室：人事处、宣传处）\n      after: 推进集团化办学。\n"
    plan, told = load_warned(written(tmp_path, one_item_plan(clauses)))
    clause = plan.items()[0].clauses[0]
    assert (clause.lead, clause.units) == (["组织处"], ["人事处", "宣传处"]) and not told
    # an older draft: the lists say one thing, the clerk's wording another — the wording wins
    older = "    - units: [人事处]\n      raw: （责任处室：人事处、宣传处）\n      position: 8\n"
    plan, told = load_warned(written(tmp_path, one_item_plan(older, origin=DRAFTED)))
    assert plan.items()[0].clauses[0].units == ["人事处", "宣传处"]
    assert len(told) == 1 and "不一致" in told[0] and "按 raw" in told[0], told
    # a corpus entry (no draft's fingerprint): its lists are the clause, as they always were
    plan, told = load_warned(written(tmp_path, one_item_plan(older)))
    assert plan.items()[0].clauses[0].units == ["人事处"] and not told
    result = run_cli("check", str(tmp_path / "计划.yaml"), "--select", "PLAN010")
    assert "PLAN010" not in result.stdout


def test_a_clause_written_in_the_text_is_a_clause(tmp_path):
    text = "推进集团化办学。（牵头处室：组织处）扩大优质资源覆盖面。"
    listed = "    - raw: （责任处室：宣传处）\n      after: 扩大优质资源覆盖面。\n"
    path = written(tmp_path, one_item_plan(listed, text))
    (item,) = load_plan(path).items()
    assert item.text == "推进集团化办学。扩大优质资源覆盖面。"
    assert [(c.lead, c.units, c.position) for c in item.clauses] == [
        (["组织处"], [], 8),
        ([], ["宣传处"], 18),
    ]
    without_list = written(
        tmp_path, one_item_plan("    []\n", text).replace("clauses:\n    []", "clauses: []")
    )
    result = run_cli("check", str(without_list), "--select", "PLAN010")
    assert result.returncode == 0 and "PLAN010" not in result.stdout, result.stdout


def test_a_wording_that_names_no_unit_is_refused(tmp_path):
    path = written(tmp_path, one_item_plan("    - raw: 请基础教育处负责落实\n"))
    with pytest.raises(InputError, match=r"clauses\[0\]\.raw“请基础教育处负责落实”读不出责任分工"):
        load_plan(path)


def test_a_clause_without_after_or_position_closes_the_text(tmp_path):
    plan = load_plan(written(tmp_path, one_item_plan("    - raw: （责任处室：基础教育处）\n")))
    assert item_text(plan.items()[0]).endswith("覆盖面。（责任处室：基础教育处）")


def test_every_plan_of_the_corpus_reads_back_equal_from_the_editable_yaml(tmp_path):
    corpus = bundled("corpus")
    for source in sorted((corpus / "sources").iterdir()):
        plan = parse_file(source)
        plan.more_parts = []
        path = tmp_path / "往返.yaml"
        path.write_text(dump_yaml(plan_to_dict(plan, editable=True)), encoding="utf-8")
        again, told = load_warned(path)
        assert again == plan and not told, (source.name, told)


def test_an_anchor_is_found_again_even_when_its_words_come_earlier_too():
    text = "建设。完成建设。推进建设。"
    for position in (3, 8, 13):
        anchor = clause_anchor(text, position, 0)
        assert anchor is not None and resolve_anchor(text, anchor, 0) == position
    # a clause listed before one that stands earlier: no quote from the one before finds it
    assert clause_anchor(text, 3, previous=8) is None


def test_clauses_listed_out_of_order_read_back_in_place(tmp_path):
    text = "建设。完成建设。推进建设。"
    plan = Plan(sections=[Section(number="一", items=[Item(number="1", text=text)])])
    plan.items()[0].clauses = [Clause(units=["甲处"], position=13), Clause(units=["乙处"], position=3)]
    data = plan_to_dict(plan, editable=True)
    assert [set(c) for c in data["sections"][0]["items"][0]["clauses"]] == [
        {"units", "after"},
        {"units", "position"},
    ]
    path = written(tmp_path, dump_yaml(data))
    assert load_plan(path) == plan


@pytest.mark.parametrize(
    "written_date", ["2023-02-15", "2023/2/15", "2023.2.15", "2023年2月15日", "２０２３年２月１５日"]
)
def test_dates_are_read_as_a_clerk_writes_them(tmp_path, written_date):
    assert str(read_date(written_date)) == "2023-02-15"
    source = written(tmp_path, one_item_plan("    []\n").replace("clauses:\n    []", "clauses: []"))
    result = run_cli(
        "build", str(source), "-o", str(tmp_path / "印发稿.docx"), "--notice", "--date", written_date
    )
    assert result.returncode == 0, result.stderr
    assert any(p.text == "2023年2月15日" for p in docx.Document(str(tmp_path / "印发稿.docx")).paragraphs)
    dated = written(
        tmp_path,
        source.read_text(encoding="utf-8").replace("year: 2027", f"year: 2027\ndate: '{written_date}'"),
    )
    assert load_plan(dated).date == "2023-02-15"


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("2023-02-30", "“2023-02-30”不是实际存在的日期"),
        ("2月15日", "应写成 2023-02-15、2023/2/15、2023.2.15 或 2023年2月15日"),
    ],
)
def test_a_bad_date_is_told_in_chinese(tmp_path, bad, words):
    source = written(tmp_path, one_item_plan("    []\n").replace("clauses:\n    []", "clauses: []"))
    result = run_cli("build", str(source), "-o", str(tmp_path / "印发稿.docx"), "--notice", "--date", bad)
    assert result.returncode == 2 and f"--date {words}" in result.stderr, result.stderr
    dated = written(
        tmp_path, source.read_text(encoding="utf-8").replace("year: 2027", f"year: 2027\ndate: '{bad}'")
    )
    result = run_cli("parse", str(dated))
    assert result.returncode == 2 and re.search(rf"计划\.yaml:date {re.escape(words)}", result.stderr), (
        result.stderr
    )


def test_check_reports_a_clause_inside_a_word_in_the_yaml_and_in_the_word_file(tmp_path):
    """A plan file that is no draft keeps its offsets as written: a clause in a word is reported."""
    inside = "    - units: [基础教育处]\n      raw: （责任处室：基础教育处）\n      position: 4\n"
    source = written(tmp_path, one_item_plan(inside))
    built = tmp_path / "印发稿.docx"
    assert run_cli("build", str(source), "-o", str(built)).returncode == 0
    assert "推进集团（责任单位：基础教育处）化办学" in built_paragraph(built, "推进集团")
    for checked in (source, built):
        result = run_cli("check", str(checked), "--select", "PLAN025", "--format", "json")
        (finding,) = json.loads(result.stdout)["files"][0]["findings"]
        assert finding["path"] == "一/1" and "插在句子中间" in finding["message"], finding
