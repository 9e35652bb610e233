"""The rule catalogue: every rule documented, fired by its bad example, quiet on its good one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from drafter.checks import RULES, Context, check_plan, select_rules
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
