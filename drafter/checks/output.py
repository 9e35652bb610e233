"""Findings as text (grouped per file), JSON (``"version": 1``) and SARIF 2.1.0."""

from __future__ import annotations

import json
import re
import textwrap
from itertools import groupby
from typing import Any

from .. import __version__
from .base import FIX_SAFETY
from .rules import RULES
from .runner import Report

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
SCOPE_NAMES = {"item": "条目", "section": "部分", "plan": "全文"}
_SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_SHOWN_PER_GROUP = 3  # findings of one rule at one place shown before “另有 N 处”
PARSE_NOTE = "解析提示"  # a parser's warning (``Report.warnings``), not the severity 提示 of a finding


def summary(reports: list[Report]) -> dict[str, int]:
    counts = {s: sum(r.count(s) for r in reports) for s in SEVERITY_NAMES}
    return {
        "files": len(reports),
        **counts,
        "unreadable": sum(1 for r in reports if r.error),
        "warnings": sum(len(r.warnings) for r in reports),
    }


def format_text(reports: list[Report]) -> str:
    """Findings grouped per file, each with place, rule, severity, message and excerpt."""
    lines: list[str] = []
    for report in reports:
        if report.error:  # said on stderr already
            continue
        lines.append(report.path)
        if not report.findings:
            lines.append("  未发现问题。")
        for _, group in groupby(report.findings, key=lambda f: (f.rule, f.path)):
            found = list(group)
            for finding in found[:_SHOWN_PER_GROUP]:
                where = f"{finding.line}:{finding.column}" if finding.line else "-"
                lines.append(
                    f"  {where:<8} {finding.path or '-':<10} {SEVERITY_NAMES[finding.severity]} "
                    f"{finding.rule} {rule_title(finding.rule, finding.name)}  {finding.message}"
                )
                if finding.excerpt:
                    lines.append(f"           {finding.excerpt}")
                fixes = [s["replacement"] for s in finding.suggestions if s["replacement"]]
                if fixes:
                    safe = "(可用 --fix 自动修正)" if finding.edits else ""
                    lines.append(f"           建议:{' / '.join(fixes[:3])}{safe}")
            if len(found) > _SHOWN_PER_GROUP:
                lines.append(
                    f"           …… 此处另有 {len(found) - _SHOWN_PER_GROUP} 个同类问题({found[0].rule})"
                )
        lines.extend(f"  {PARSE_NOTE}:{warning}" for warning in report.warnings)
    total = summary(reports)
    lines.append("")
    lines.append(
        f"共检查 {total['files']} 个文件:错误 {total['error']},警告 {total['warning']},提示 {total['info']}"
        + (f",无法读取 {total['unreadable']}" if total["unreadable"] else "")
        + (f";{PARSE_NOTE} {total['warnings']}" if total["warnings"] else "")
    )
    return "\n".join(lines)


def rule_title(rule_id: str, name: str = "") -> str:
    """The Chinese title of a rule, for text meant to be read (JSON and SARIF keep the kebab name)."""
    known = RULES.get(rule_id)
    return known.title if known is not None else name


def format_json(reports: list[Report]) -> str:
    """``{"version": 1, "files": [{"path", "findings": [...], "warnings": [...], "summary": {...}}],
    "summary": {...}}``; ``"warnings"``: the parser's notes, as in ``parse --json`` (their number in
    the summary), never findings.

    Indented, with one finding per line: a 50 MB plan has a million findings, and indenting
    each of them would need json's pure-Python encoder (minutes) where a compact finding is
    written by its C encoder."""
    files = []
    for report in reports:
        findings = ",\n".join(f"        {_compact(f.to_dict())}" for f in report.findings)
        parts = [
            f'      "path": {_compact(report.path)}',
            f'      "findings": [\n{findings}\n      ]' if findings else '      "findings": []',
            f'      "warnings": {_indented(report.warnings, 6)}',
            f'      "summary": {_indented({s: report.count(s) for s in SEVERITY_NAMES}, 6)}',
        ]
        if report.error:
            parts.append(f'      "error": {_compact(report.error)}')
        files.append("    {\n" + ",\n".join(parts) + "\n    }")
    listed = "[\n" + ",\n".join(files) + "\n  ]" if files else "[]"
    return f'{{\n  "version": 1,\n  "files": {listed},\n  "summary": {_indented(summary(reports), 2)}\n}}'


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _indented(value: Any, depth: int) -> str:
    """``value`` as indented JSON nested ``depth`` spaces deep."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * depth)


def format_sarif(reports: list[Report]) -> str:
    """SARIF 2.1.0 with code-point columns, every rule described, every result levelled."""
    used = sorted({f.rule for r in reports for f in r.findings} | set(RULES))
    index = {rule_id: i for i, rule_id in enumerate(used)}
    rules = [
        {
            "id": rule_id,
            "name": RULES[rule_id].name,
            "shortDescription": {"text": RULES[rule_id].summary},
            "fullDescription": {"text": (RULES[rule_id].check.__doc__ or "").strip()},
            "defaultConfiguration": {"level": _SARIF_LEVELS[RULES[rule_id].severity]},
        }
        for rule_id in used
    ]
    results = []
    for report in reports:
        for finding in report.findings:
            result: dict[str, Any] = {
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                "level": _SARIF_LEVELS[finding.severity],
                "message": {"text": finding.message},
                "locations": [_location(report.path, finding)],
            }
            if finding.edits:
                result["fixes"] = [_fix(report.path, finding)]
            results.append(result)
    notifications = [  # a file that could not be checked; the parser's notes on one that was
        {"level": level, "message": {"text": text}, "locations": [{"physicalLocation": _artifact(r.path)}]}
        for r in reports
        for level, text in ([("error", r.error)] if r.error else [("warning", w) for w in r.warnings])
    ]
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "drafter", "version": __version__, "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if notifications:
        succeeded = not any(r.error for r in reports)
        run["invocations"] = [{"executionSuccessful": succeeded, "toolExecutionNotifications": notifications}]
    sarif = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, ensure_ascii=False, indent=2)


def _artifact(path: str) -> dict[str, Any]:
    return {"artifactLocation": {"uri": path}}


def _location(path: str, finding: Any) -> dict[str, Any]:
    physical = _artifact(path)
    if finding.line:
        physical["region"] = {"startLine": finding.line, "startColumn": max(finding.column, 1)}
        if finding.excerpt:
            physical["region"]["snippet"] = {"text": finding.excerpt}
    location: dict[str, Any] = {"physicalLocation": physical}
    if finding.path:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.path}]
    return location


def _fix(path: str, finding: Any) -> dict[str, Any]:
    replacements = [
        {
            "deletedRegion": {
                "startLine": edit.line,
                "startColumn": edit.column,
                "endLine": edit.line,
                "endColumn": edit.column + len(edit.old),
            },
            "insertedContent": {"text": edit.new},
        }
        for edit in finding.edits
    ]
    return {
        "description": {"text": finding.message},
        "artifactChanges": [{**_artifact(path), "replacements": replacements}],
    }


def rule_help(rule: Any) -> str:
    """One rule's page: id, title, name, scope, severity, fix safety, then its docstring."""
    kind = f"{SCOPE_NAMES[rule.scope]},默认{SEVERITY_NAMES[rule.severity]},{rule.fix_safety}"
    head = f"{rule.id} {rule.title}({rule.name};{kind})"
    return head + "\n\n" + textwrap.dedent(rule.check.__doc__ or "").strip() + "\n"


def rule_record(rule: Any) -> dict[str, Any]:
    """Everything the catalogue says about a rule, for ``drafter rules --json``."""
    return {
        "id": rule.id,
        "name": rule.name,
        "title": rule.title,
        "scope": rule.scope,
        "severity": rule.severity,
        "fixable": rule.fixable,
        "fix_safety": rule.fix_safety,
        "summary": rule.summary,
        "rationale": rule.rationale,
        "sources": rule.sources,
        "examples": rule.examples(),
    }


def rules_markdown() -> str:
    """The rule catalogue as a Markdown page (docs/rules.md is generated from it)."""
    lines = [
        "# drafter check 规则一览",
        "",
        "由 `drafter rules --markdown` 生成,请勿手改。“依据”写明规则所依的国家标准条款;"
        "标准没有规定的,写明所依的公文写作惯例或本局做法。“自动修正”:"
        + ";".join(
            f"{words}——{meaning}" for words, meaning in zip(FIX_SAFETY.values(), _FIX_MEANINGS, strict=True)
        )
        + "。",
        "",
        "| 编号 | 标题 | 名称 | 范围 | 默认级别 | 自动修正 | 依据 |",
        "|---|---|---|---|---|---|---|",
    ]
    rules = sorted(RULES.values(), key=lambda r: r.id)
    for rule in rules:
        cells = [
            rule.id,
            rule.title,
            f"`{rule.name}`",
            SCOPE_NAMES[rule.scope],
            SEVERITY_NAMES[rule.severity],
            rule.fix_safety,
            short_source(rule),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    for rule in rules:
        lines += ["", f"## {rule.id} {rule.title}(`{rule.name}`)", "", rule.summary, ""]
        lines += [f"- 理由:{rule.rationale}", "- 依据:", *(f"  - {source}" for source in rule.sources)]
        lines += [f"- 自动修正:{rule.fix_safety}", ""]
        examples = "\n".join(
            f"{name}:\n" + textwrap.indent(text, "    ").rstrip("\n")
            for name, text in rule.examples().items()
        )
        lines += ["```text", examples, "```"]
    return "\n".join(lines) + "\n"


# What each fix safety means, in the order of FIX_SAFETY.
_FIX_MEANINGS = (
    "drafter check --fix 直接改正,改法确定无疑",
    "给出建议的改法,须由人确认后再改",
    "只指出问题,由起草人自行修改",
)


def short_source(rule: Any) -> str:
    """The catalogue table's 依据 cell: each source up to its colon (“GB/T 9704—2012《…》 7.2.5”)."""
    return ";".join(re.split("[:\uff1a]", source)[0] for source in rule.sources)
