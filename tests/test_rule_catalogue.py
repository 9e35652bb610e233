"""The rule catalogue: every rule documented, fired by its bad example, quiet on its good one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import run_cli

from drafter.checks import RULES, Context, check_plan, select_rules
from drafter.checks.base import FIX_SAFETY, Rule
from drafter.checks.output import rules_markdown
from drafter.errors import UsageError
from drafter.knowledge.units import load_registry
from drafter.model import Item
from drafter.parse.plan import parse_text

ROOT = Path(__file__).resolve().parent.parent
P0 = (
    "PLAN001 PLAN002 PLAN003 PLAN004 PLAN010 PLAN011 PLAN012 PLAN013 PLAN015 PLAN020 PLAN022 PLAN024 "
    "PLAN030 PLAN032 PLAN033 PLAN050 PLAN060 PLAN061"
)


def example_context(rule, plan, tmp_path: Path) -> Context:
    """The context a rule's examples run in: their 上年 plan, and the 选项 units and origin."""
    blocks = rule.examples()
    previous = parse_text(blocks["上年"]) if "上年" in blocks else None
    options = yaml.safe_load(blocks.get("选项", "")) or {}
    extra = None
    if "units" in options:
        extra = tmp_path / "units.yaml"
        extra.write_text(yaml.safe_dump({"units": options["units"]}, allow_unicode=True), encoding="utf-8")
    if "origin" in options:  # what ``new`` records on the items it drafts
        origin = dict(options["origin"])
        seeded = Item("0", origin.pop("title", ""), origin.pop("text", ""))
        for item in plan.items():
            item.origin = {**origin, "fingerprint": seeded.fingerprint()}
    return Context(year=plan.year, registry=load_registry(extra=extra), previous=previous)


def example_plan(rule, name: str, text: str | None = None):
    return parse_text(text if text is not None else rule.examples()[name])


def run_example(rule, name: str, tmp_path: Path):
    plan = example_plan(rule, name)
    return check_plan(plan, example_context(rule, plan, tmp_path), [rule])


def test_the_p0_rules_of_the_design_notes_are_all_there():
    assert set(P0.split()) <= set(RULES)
    assert len(RULES) >= 30


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_bad_example_fires_and_good_example_stays_quiet(rule_id, tmp_path):
    rule = RULES[rule_id]
    assert {"反例", "正例"} <= rule.examples().keys(), rule_id
    assert run_example(rule, "反例", tmp_path), f"{rule_id} never fires on its own bad example"
    assert run_example(rule, "正例", tmp_path) == [], f"{rule_id} fires on its own good example"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_documented(rule_id):
    rule = RULES[rule_id]
    assert re.fullmatch(r"PLAN\d{3}", rule.id)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert re.search(r"[\u4e00-\u9fff]", rule.summary) and rule.summary.endswith("。")


# A source is a standard's clause (“GB/T 15834—2011《标点符号用法》 4.5.3.5”, an appendix “附录B.3” or
# a chapter) or a drafting practice named as such; a bare standard's name cites nothing.
_STANDARD = re.compile(r"GB/T \d+—\d{4}《[^》]+》 (?:附录[A-Z]|\d+)(?:\.\d+)*")


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_states_its_rationale_source_and_fix_safety(rule_id):
    rule = RULES[rule_id]
    assert len(rule.rationale) >= 10 and rule.rationale.endswith("。"), f"{rule_id}: 理由 missing"
    assert rule.sources, f"{rule_id}: 依据 missing"
    for source in rule.sources:
        if source.startswith("GB/T"):
            assert _STANDARD.match(source), f"{rule_id}: {source!r} names no clause"
    assert rule.fix_safety in FIX_SAFETY.values()


def test_a_rule_without_rationale_or_source_is_seen():
    def check_example(plan, context):
        """示例规则。

        反例:
            一、加强党的建设
        """
        yield from ()

    bare = Rule("PLAN999", "example", "plan", "warning", check_example, title="示例")
    assert (bare.rationale, bare.sources) == ("", [])
    assert bare.fix_safety == "不可自动修正"
    assert (
        Rule("PLAN999", "example", "plan", "warning", check_example, suggests=True).fix_safety == "需人工确认"
    )


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_fix_safety_is_what_the_bad_example_gets(rule_id, tmp_path):
    """安全自动修正: edits for --fix; 需人工确认: a replacement to confirm and no edit; 不可自动修正:
    neither."""
    rule = RULES[rule_id]
    bad = run_example(rule, "反例", tmp_path)
    edits = any(f.edits for f in bad)
    suggested = any(f.suggestions for f in bad)
    assert edits == rule.fixable, rule_id
    assert suggested == (rule.fixable or rule.suggests), rule_id


@pytest.mark.parametrize("rule_id", sorted(r.id for r in RULES.values() if r.fixable))
def test_fixable_rules_fix_their_bad_example(rule_id, tmp_path):
    """Applying the safe edits to the bad example silences the rule."""
    from drafter.checks.fix import fix_file

    rule = RULES[rule_id]
    bad = run_example(rule, "反例", tmp_path)
    assert any(f.edits for f in bad)
    source = tmp_path / "plan.txt"
    source.write_text(rule.examples()["反例"], encoding="utf-8")
    plan = parse_text(fix_file(source, bad).data.decode("utf-8"))
    assert check_plan(plan, example_context(rule, plan, tmp_path), [rule]) == []


def test_names_and_ids_are_unique():
    assert len({r.name for r in RULES.values()}) == len(RULES)


def test_docs_page_is_generated_from_the_rules():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown()


def test_selection_by_id_name_and_prefix():
    assert [r.id for r in select_rules(["PLAN01"])] == sorted(i for i in RULES if i.startswith("PLAN01"))
    assert [r.id for r in select_rules(["unknown-unit"])] == ["PLAN013"]
    assert {r.id for r in select_rules(ignore=["PLAN004"])} == set(RULES) - {"PLAN004"}
    with pytest.raises(UsageError):
        select_rules(["PLAN999"])


REPEATED_MARKERS = """2024年工作要点

一、加强党的建设
1．学习贯彻党的二十大精神。（责任处室：组织处）
2．推进模范机关建设。（责任处室：组织处）
3．落实意识形态工作责任制。（责任处室：宣传处）
二、推进教育改革
4、推进集团化办学。（责任处室：基础教育处）
5．深化课程改革,争创文明校园2-3所。（责任处室：基础教育处）
6．落实2021-2025年规划,比例达63~68%。（责任处室：发展规划处）
7．实施2023-2027年行动计划。（责任处室：发展规划处）
8．推进2024-2026年专项工作。（责任处室：发展规划处）
"""


def _findings(path: Path, rule_id: str) -> list[dict]:
    result = run_cli("check", str(path), "--format", "json", "--select", rule_id)
    return json.loads(result.stdout)["files"][0]["findings"]


def test_a_wrong_form_used_throughout_is_told_once_and_every_place_is_fixed(tmp_path):
    source = tmp_path / "plan.txt"
    source.write_text(REPEATED_MARKERS, encoding="utf-8")
    markers = _findings(source, "PLAN022")
    # seven “N．” told once, at the first; the one “4、” stands alone
    assert [(f["line"], f["excerpt"]) for f in markers] == [(4, "1．"), (8, "4、")]
    assert "全文共7处同样写法" in markers[0]["message"]
    ranges = _findings(source, "PLAN036")
    assert len(ranges) == 3  # three year ranges with “-”: once; “2-3所” and “63~68%” each on their own
    assert sum("全文共3处同样写法" in f["message"] for f in ranges) == 1
    run_cli("check", str(source), "--fix", "--select", "PLAN022,PLAN036")
    fixed = (tmp_path / "plan.fixed.txt").read_text(encoding="utf-8")
    assert "．" not in fixed and "4.推进" in fixed
    assert "2021—2025年" in fixed and "2024—2026年" in fixed and "2～3所" in fixed


def test_a_wrong_form_seen_twice_is_told_at_each_place(tmp_path):
    source = tmp_path / "plan.txt"
    twice = REPEATED_MARKERS
    for number in "35678":
        twice = twice.replace(f"{number}．", f"{number}.")
    source.write_text(twice, encoding="utf-8")
    markers = _findings(source, "PLAN022")
    assert [f["line"] for f in markers] == [4, 5, 8]
    assert not any("同样写法" in f["message"] for f in markers)


def test_rules_command_shows_fix_safety_and_source_and_json_has_every_field():
    listing = run_cli("rules").stdout
    line = next(row for row in listing.splitlines() if row.startswith("PLAN052"))
    assert "安全自动修正" in line and "GB/T 15834—2011《标点符号用法》 4.5.3.5" in line
    assert "需人工确认" in next(row for row in listing.splitlines() if row.startswith("PLAN013"))
    records = json.loads(run_cli("rules", "--json").stdout)
    assert [r["id"] for r in records] == sorted(RULES)
    record = next(r for r in records if r["id"] == "PLAN050")
    assert record["fix_safety"] == "安全自动修正" and record["rationale"] == RULES["PLAN050"].rationale
    assert record["sources"][0].startswith("GB/T 9704—2012《党政机关公文格式》 7.2.5")
    assert {"反例", "正例"} <= record["examples"].keys()
    one = json.loads(run_cli("rules", "PLAN022", "--json").stdout)
    assert one["name"] == "ordinal-marker-format" and len(one["sources"]) == 2
    page = run_cli("rules", "PLAN022").stdout
    assert "理由" in page and "依据" in page and "安全自动修正" in page.splitlines()[0]
