"""The pre-release checker: a catalogue of small rules run over the plan model.

Rules live in ``checks/rules/``, one family per module; ``rules.RULES`` is the
catalogue built from the modules listed there. ``check_plan`` runs the selected rules and
returns their findings sorted by place in the source.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import UsageError
from ..model import Plan
from .base import Context, Finding, Rule, walk_items, walk_sections
from .rules import RULES

__all__ = ["RULES", "Context", "Finding", "Rule", "check_plan", "select_rules"]


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """Rules chosen by id, name or id prefix (“PLAN01” = PLAN010–PLAN019), minus ignored ones."""
    chosen = [r for r in RULES.values() if _matches(r, select)] if select else list(RULES.values())
    return sorted((r for r in chosen if not (ignore and _matches(r, ignore))), key=lambda r: r.id)


def _matches(rule: Rule, keys: Iterable[str]) -> bool:
    found = False
    for key in keys:
        key = key.strip()
        if not any(r.id.startswith(key.upper()) or r.name == key for r in RULES.values()):
            raise UsageError(f"没有规则“{key}”(drafter rules 列出全部规则)")
        found = found or rule.id.startswith(key.upper()) or rule.name == key
    return found


def check_plan(plan: Plan, context: Context, rules: list[Rule] | None = None) -> list[Finding]:
    """Run the rules on a plan; findings in source order."""
    findings: list[Finding] = []
    for rule in rules if rules is not None else select_rules():
        if rule.scope == "plan":
            found: Iterable[Finding] = rule.check(plan, context)
        elif rule.scope == "section":
            found = [f for path, section in walk_sections(plan) for f in rule.check(section, path, context)]
        else:
            found = [
                f
                for path, item, section in walk_items(plan)
                for f in rule.check(item, path, section, context)
            ]
        for finding in found:
            finding.rule, finding.name = rule.id, rule.name
            finding.severity = finding.severity or rule.severity
            findings.append(finding)
    return sorted(findings, key=lambda f: (f.line or 10**9, f.column, f.rule))
