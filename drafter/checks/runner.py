"""Check files: parse each, build its context, run the rules, apply safe fixes and check again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DrafterError
from ..memory import collector_paused
from ..model import Plan, join_path, part_label
from ..store.files import check_target
from . import Context, Finding, Rule, check_plan, select_rules
from .fix import FixResult

# A finding in a further document of the file (a second 实施意见 printed after the first) has
# the document's place in the file first in its path: “第2份/三/2”.


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

    @property
    def warnings(self) -> list[str]:
        """The parser's notes on the file (``Plan.warnings``: lines left out or repaired), which
        are no findings: shown with them, never counted in the exit code."""
        return self.plan.warnings if self.plan is not None else []


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
                findings = check_documents(plan, options, corpus, previous, rules)
            for finding in findings:
                finding.severity = options.severity.get(finding.rule, finding.severity)
            findings = tell_repeated_once(merge_same_spot([f for f in findings if f.severity != "off"]))
            reports.append(Report(str(path), findings, plan=plan))
        except DrafterError as error:
            reports.append(Report(str(path), error=str(error)))
    return reports


def check_documents(
    plan: Plan, options: Options, corpus: Path | None, previous: Plan | None, rules: list[Rule] | None = None
) -> list[Finding]:
    """Run the rules on every document of a file, each on its own: every part (``Plan.parts``,
    with its own context) and, in each, the body and every attachment that has sections — an
    attachment's numbering restarts and its units are its own, so it is no gap in the body's.
    A finding's path names the document (“附件1/三/2”, “第2份/附件1/三/2”); its line is the
    source's, as parsed. Findings in source order, not yet merged (``merge_same_spot``)."""
    findings: list[Finding] = []
    for number, part in enumerate(plan.parts(), start=1):
        context = make_context(part, options, corpus, previous)
        for label, document in part.documents():
            if label and not document.sections:  # a form or a file name: no text of work to check
                continue
            prefix = join_path((part_label(number) if number > 1 else "", label))
            for finding in check_plan(document, context, rules):
                finding.path = join_path((prefix, finding.path))
                findings.append(finding)
    return sorted(findings, key=lambda f: (f.line or 10**9, f.column, f.rule))


# Rules that name a general symptom of a mark (unpaired, half-width): at a spot where another rule
# says more exactly what is wrong (a cut-off clause, a doc number, a unit list), they yield to it.
GENERAL_RULES = ("PLAN002", "PLAN004")
_RANK = {"error": 0, "warning": 1, "info": 2}


def merge_same_spot(findings: list[Finding]) -> list[Finding]:
    """One finding per spot: findings about text starting at one place, or whose edits overlap, become
    the most specific of them (a rule not in GENERAL_RULES, the most severe, one that suggests a
    fix), with the others' messages folded into its message and their rule ids in ``folded``, and
    at most one suggestion and one set of edits (the kept finding's, else the first folded one's).
    Findings about a whole item (a gap in its numbering, a missing unit) stay apart."""

    def span(finding: Finding) -> set[tuple[int, int]]:
        # Where its text starts: a finding about a whole clause would otherwise swallow the
        # slips inside it, each a spot of its own.
        cells = {(finding.line, finding.column)} if finding.length else set()
        for edit in finding.edits:
            cells.update((edit.line, edit.column + i) for i in range(max(len(edit.old), 1)))
        return cells

    parent = list(range(len(findings)))  # union-find over findings sharing a cell

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    owner: dict[tuple[int, int], int] = {}
    for index, finding in enumerate(findings):
        for cell in span(finding):
            if cell in owner:
                parent[root(index)] = root(owner[cell])
            else:
                owner[cell] = index
    grouped: dict[int, list[Finding]] = {}
    for index, finding in enumerate(findings):
        grouped.setdefault(root(index), []).append(finding)
    groups = grouped.values()
    kept: dict[int, Finding] = {}
    for group in groups:
        group.sort(
            key=lambda f: (f.rule in GENERAL_RULES, _RANK.get(f.severity, 3), not f.suggestions, f.rule)
        )
        first, others = group[0], group[1:]
        if others:
            folded = ";".join(f"{f.message}({f.rule})" for f in others)
            first.message = f"{first.message}(同处另有:{folded})"
            first.folded = list(dict.fromkeys(r for f in others for r in (f.rule, *f.folded)))
            if not first.suggestions:
                donor = next((f for f in others if f.suggestions), None)
                if donor:
                    first.suggestions, first.edits = donor.suggestions, donor.edits
        kept[id(first)] = first
    return [f for f in findings if id(f) in kept]


# A wrong form met this often in one file is the document's own convention, not a slip: it is told
# once, at its first place, rather than on every line that repeats it.
REPEATED_FORM = 3


def tell_repeated_once(findings: list[Finding]) -> list[Finding]:
    """One finding for each wrong form (``Finding.form``) a file repeats REPEATED_FORM times or
    more: the first, its message naming the count, with every occurrence's edits (--fix still
    fixes them all). Findings without a form, and forms seen fewer times, stay as they are."""
    repeated: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if finding.form:
            repeated.setdefault((finding.rule, finding.form), []).append(finding)
    dropped: set[int] = set()
    for group in repeated.values():
        if len(group) < REPEATED_FORM:
            continue
        first, others = group[0], group[1:]
        first.message += f"(全文共{len(group)}处同样写法,此为第一处;--fix 一并修正)"
        first.edits = [edit for finding in group for edit in finding.edits]
        dropped.update(id(f) for f in others)
    return [f for f in findings if id(f) not in dropped]


@dataclass
class Fixed:
    """What fixing one file did: the edits (and their diff), where the fixed file went (None when
    only the diff was asked for) and the report of what remains to be done."""

    result: FixResult
    target: Path | None
    report: Report


def fix_and_recheck(
    report: Report,
    options: Options,
    write: bool = True,
    in_place: bool = False,
    force: bool = False,
    track: bool = False,
) -> Fixed | None:
    """Apply a report's safe fixes; when ``write``, save them (NAME.fixed.EXT, or the file itself
    ``in_place``) and check the fixed file again. None for a file that could not be checked.
    ``track``: a Word file's fixes as tracked changes."""
    from . import fix

    if report.error:
        return None
    path = Path(report.path)
    result = fix.fix_file(path, report.findings, track)
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
