"""Check files: parse each, build its context, run the rules, apply safe fixes and check again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DrafterError
from ..memory import collector_paused
from ..model import Plan
from ..store.files import check_target
from . import Context, Finding, check_plan, select_rules
from .fix import FixResult


@dataclass
class Options:
    """What ``drafter check`` was asked."""

    year: int | None = None
    units: Path | None = None
    previous: Path | None = None
    corpus: Path | None = None  # None: the bundled corpus
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    unit_names: tuple[str, ...] = ()  # the bureau's own units, listed in its profile
    severity: dict[str, str] = field(default_factory=dict)  # rule id → error/warning/info/off


@dataclass
class Report:
    """The findings for one file, or why it could not be checked."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str = ""
    plan: Plan | None = None

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def check_files(paths: list[Path], options: Options) -> list[Report]:
    """Check every file; a file that cannot be read is reported, the others still checked."""
    from ..parse.plan import parse_file
    from ..store.corpus import locate

    rules = select_rules(options.select, options.ignore)
    previous = parse_file(options.previous) if options.previous else None
    corpus = locate(options.corpus)
    reports = []
    for path in paths:
        try:
            with collector_paused():  # a 50 MB plan: millions of objects, no cycles
                plan = parse_file(path)
                context = make_context(plan, options, corpus, previous)
                findings = check_plan(plan, context, rules)
            for finding in findings:
                finding.severity = options.severity.get(finding.rule, finding.severity)
            findings = [f for f in findings if f.severity != "off"]
            reports.append(Report(str(path), findings, plan=plan))
        except DrafterError as error:
            reports.append(Report(str(path), error=str(error)))
    return reports


@dataclass
class Fixed:
    """What fixing one file did: the edits (and their diff), where the fixed file went (None when
    only the diff was asked for) and the report of what remains to be done."""

    result: FixResult
    target: Path | None
    report: Report


def fix_and_recheck(
    report: Report, options: Options, write: bool = True, in_place: bool = False, force: bool = False
) -> Fixed | None:
    """Apply a report's safe fixes; when ``write``, save them (NAME.fixed.EXT, or the file itself
    ``in_place``) and check the fixed file again. None for a file that could not be checked."""
    from . import fix

    if report.error:
        return None
    path = Path(report.path)
    result = fix.fix_file(path, report.findings)
    if not write:
        return Fixed(result, None, report)
    target = fix.fixed_path(path, in_place)
    check_target(target, force or in_place)
    fix.write_fixed(path, result, in_place)
    return Fixed(result, target, check_files([target], options)[0])


def make_context(plan: Plan, options: Options, corpus: Path | None, previous: Plan | None) -> Context:
    """The year, date, unit registry and last year's plan a plan is checked against."""
    from ..knowledge.units import load_registry

    date = None
    if plan.date and not options.year:
        try:
            date = dt.date.fromisoformat(plan.date)
        except ValueError:
            date = None
    registry = load_registry(
        plan.issuer, corpus, options.units, exclude_sha256=plan.source.sha256, names=options.unit_names
    )
    return Context(year=options.year or plan.year, date=date, registry=registry, previous=previous)


def exit_code(reports: list[Report], strict: bool = False) -> int:
    """0 no errors; 1 errors (or warnings with --strict); 2 a file could not be checked."""
    if any(r.error for r in reports):
        return 2
    worst = {f.severity for r in reports for f in r.findings}
    return 1 if "error" in worst or (strict and "warning" in worst) else 0
