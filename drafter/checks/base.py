"""What a check rule is, what it reports, and the context it runs in.

A rule is a small generator function registered with ``@rule``: it gets one item,
one section or the whole plan, and yields ``Finding``s. Its docstring is its user
documentation: a Chinese summary line, then 理由 (why the rule exists) and 依据 (the
standard's clause, or the drafting practice, it follows), then 反例/正例 plans that
the test suite runs: the 反例 must make the rule fire, the 正例 must keep it quiet.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import Anchor, Item, Plan, Section, join_path, locate

SEVERITIES = ("error", "warning", "info")
EXCERPT_CONTEXT = 12  # characters of text shown on either side of a finding's words
SCOPES = ("item", "section", "plan")
# What --fix may do with a rule's findings, in the words the catalogue shows.
FIX_SAFETY = {"safe": "安全自动修正", "review": "需人工确认", "none": "不可自动修正"}
_BLOCKS = ("理由", "依据", "反例", "正例", "上年", "选项")


@dataclass(frozen=True, slots=True)  # slots: a 50 MB plan has a million findings
class Edit:
    """One safe change to the source: replace ``old`` at (line, column) with ``new``."""

    line: int
    column: int
    old: str
    new: str


@dataclass(slots=True)  # a 50 MB plan has a million findings: no dict per finding
class Finding:
    """One problem found in a plan."""

    rule: str
    name: str
    severity: str
    message: str
    path: str = ""
    line: int = 0
    column: int = 0
    excerpt: str = ""
    suggestions: list[dict[str, Any]] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    folded: list[str] = field(default_factory=list)  # ids of rules whose findings at this spot it took in
    length: int = 0  # characters of the text it is about, from (line, column); 0 for a whole item or plan
    words: str = ""  # the exact words it is about (the excerpt adds context): a Word comment's anchor
    # The wrong form it reports (“N．”), for rules whose findings of one form a document repeats are
    # told once (``runner.tell_repeated_once``); "" for a finding that stands alone.
    form: str = ""

    def to_dict(self) -> dict[str, Any]:
        keys = (
            "rule",
            "name",
            "severity",
            "message",
            "path",
            "line",
            "column",
            "excerpt",
            "suggestions",
            "folded",
        )
        return {key: getattr(self, key) for key in keys}


@dataclass
class Rule:
    """A registered rule: its id, kebab-case name (for --select and JSON), scope, default severity,
    function, the short Chinese title that text output shows, and what --fix may do with it:
    ``fixable`` (its edits are always right, --fix applies them) or ``suggests`` (it offers a
    replacement that a person must confirm)."""

    id: str
    name: str
    scope: str
    severity: str
    check: Callable[..., Iterator[Finding]]
    fixable: bool = False
    title: str = ""
    suggests: bool = False

    @property
    def summary(self) -> str:
        return (self.check.__doc__ or "").strip().split("\n")[0]

    @property
    def rationale(self) -> str:
        """Why the rule exists (the docstring's 理由 block, as one paragraph)."""
        return "".join(self.blocks().get("理由", "").split())

    @property
    def sources(self) -> list[str]:
        """What the rule follows, one per line of the 依据 block (a further-indented line goes on
        the one before): a standard's clause, or a drafting practice named as such."""
        sources: list[str] = []
        for line in self.blocks().get("依据", "").splitlines():
            if line.startswith(" ") and sources:
                sources[-1] += line.strip()
            elif line.strip():
                sources.append(line.strip())
        return sources

    @property
    def fix_safety(self) -> str:
        """安全自动修正, 需人工确认 or 不可自动修正 (``FIX_SAFETY``)."""
        return FIX_SAFETY["safe" if self.fixable else "review" if self.suggests else "none"]

    def blocks(self) -> dict[str, str]:
        """The docstring's blocks after its summary line, dedented, by heading (``_BLOCKS``)."""
        doc = textwrap.dedent("\n".join((self.check.__doc__ or "").split("\n")[1:]))
        heads = "|".join(_BLOCKS)
        blocks: dict[str, str] = {}
        for match in re.finditer(rf"^({heads}):\n((?:    .*\n?|\n)+)", doc, re.M):
            blocks[match.group(1)] = textwrap.dedent(match.group(2)).strip("\n") + "\n"
        return blocks

    def examples(self) -> dict[str, str]:
        """The 反例/正例 blocks of the docstring, and the optional 上年 (last year's plan) and
        选项 (YAML: ``units`` for the registry, ``origin`` for the items) blocks."""
        return {k: v for k, v in self.blocks().items() if k not in ("理由", "依据")}


RULE_ATTRIBUTE = "drafter_rule"


def rule(
    id: str,
    name: str,
    scope: str,
    severity: str,
    fixable: bool = False,
    title: str = "",
    suggests: bool = False,
) -> Callable[..., Any]:
    """Mark a check function as rule ``id`` (PLAN0xx) with a kebab-case name and a Chinese title;
    ``fixable``: its edits are safe for --fix; ``suggests``: it offers replacements to confirm.

    The mark is only data on the function; ``checks.rules`` collects the marked
    functions of the modules it lists and validates the catalogue.
    """

    def mark(function: Callable[..., Iterator[Finding]]) -> Callable[..., Iterator[Finding]]:
        spec = Rule(id, name, scope, severity, function, fixable, title, suggests)
        setattr(function, RULE_ATTRIBUTE, spec)
        return function

    return mark


def catalogue(functions: Iterable[Any]) -> dict[str, Rule]:
    """The rules marked on ``functions``, by id; a malformed or doubled rule is a programming error."""
    rules: dict[str, Rule] = {}
    for function in functions:
        spec = getattr(function, RULE_ATTRIBUTE, None)
        if not isinstance(spec, Rule):
            continue
        problems = [
            f"scope {spec.scope!r}" if spec.scope not in SCOPES else "",
            f"severity {spec.severity!r}" if spec.severity not in SEVERITIES else "",
            "id not PLAN + three digits" if not re.fullmatch(r"PLAN\d{3}", spec.id) else "",
            "name not kebab-case" if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", spec.name) else "",
            "no Chinese title" if not re.search(r"[\u4e00-\u9fff]", spec.title) else "",
            "id used twice" if spec.id in rules else "",
            "name used twice" if any(r.name == spec.name for r in rules.values()) else "",
            "function not check_<name>"
            if function.__name__ != "check_" + spec.name.replace("-", "_")
            else "",
        ]
        if any(problems):
            raise TypeError(f"rule {spec.id} ({function.__name__}): {', '.join(p for p in problems if p)}")
        rules[spec.id] = spec
    return dict(sorted(rules.items()))


@dataclass
class Context:
    """What the rules may know beyond the plan itself."""

    year: int | None = None
    date: Any = None  # datetime.date of the plan, when known
    registry: Any = None  # units.Registry
    previous: Plan | None = None


@dataclass
class Text:
    """A piece of the plan's text with its place in the plan and in the source file."""

    path: str
    field: str
    text: str
    anchors: tuple[Anchor, ...]
    item: Item | None = None
    section: Section | None = None

    def locate(self, offset: int) -> tuple[int, int]:
        return locate(self.anchors, offset)

    def excerpt(self, start: int, end: int, width: int = EXCERPT_CONTEXT) -> str:
        left, right = max(0, start - width), min(len(self.text), end + width)
        return (
            ("…" if left else "")
            + self.text[left:right].replace("\n", " ")
            + ("…" if right < len(self.text) else "")
        )


def walk_texts(plan: Plan) -> Iterator[Text]:
    """Every located text of the plan: front matter, headings, items, clauses."""
    yield Text("标题", "title", plan.title, plan.locs.get("title", ()))
    yield Text("总体要求", "preamble", plan.preamble, plan.locs.get("preamble", ()))
    if plan.notice:
        for key in ("title", "recipients", "body"):
            yield Text("通知", f"notice.{key}", getattr(plan.notice, key), plan.locs.get(f"notice.{key}", ()))
    yield Text("落款", "date", plan.date_written, plan.locs.get("date_written", ()))
    for path, section in walk_sections(plan):
        yield Text(path, "title", section.title, section.locs.get("title", ()), section=section)
        yield Text(path, "intro", section.intro, section.locs.get("intro", ()), section=section)
        for item in section.items:
            item_path = join_path((path, item.number))
            yield Text(item_path, "title", item.title, item.locs.get("title", ()), item, section)
            yield Text(item_path, "text", item.text, item.locs.get("text", ()), item, section)
            for clause in item.clauses:
                anchors = ((0, clause.line, clause.column),) if clause.line else ()
                yield Text(item_path, "clause", clause.raw, anchors, item, section)


def walk_sections(plan: Plan) -> Iterator[tuple[str, Section]]:
    """Every section with its path (“二”, “二/(三)”), in document order (``Plan.walk_sections``)."""
    for parts, section in plan.walk_sections():
        yield join_path(parts), section


def walk_items(plan: Plan) -> Iterator[tuple[str, Item, Section]]:
    """Every item with its path (“二/(三)/5”) and its section (``Plan.walk_items``)."""
    for parts, item, section in plan.walk_items():
        yield join_path(parts), item, section


def at(
    text: Text,
    start: int,
    end: int,
    message: str,
    replacement: str | None = None,
    safe: bool = False,
    severity: str = "",
    form: str = "",
) -> Finding:
    """A finding about text[start:end]; a safe replacement also becomes an edit for --fix. ``form``
    names the wrong form, for a rule whose repeated forms are told once (``Finding.form``)."""
    line, column = text.locate(start)
    finding = Finding("", "", severity, message, text.path, line, column, text.excerpt(start, end))
    finding.form = form
    finding.length = max(end - start, 1) if line else 0
    finding.words = text.text[start:end]
    if replacement is not None:
        finding.suggestions.append({"replacement": replacement, "safe": safe})
        if safe and line:
            finding.edits.append(Edit(line, column, text.text[start:end], replacement))
    return finding


def at_item(
    path: str, item: Item | Section, message: str, severity: str = "", suggestions: tuple[str, ...] = ()
) -> Finding:
    """A finding about a whole item (or heading), placed at its marker."""
    excerpt = (item.title or getattr(item, "text", "") or getattr(item, "intro", ""))[:30]
    finding = Finding("", "", severity, message, path, item.line, item.column, excerpt)
    finding.suggestions = [{"replacement": s, "safe": False} for s in suggestions]
    return finding


def texts_with(plan: Plan, fields: tuple[str, ...] = ()) -> Iterator[Text]:
    """The plan's non-empty texts, optionally only some fields (“text”, “clause”, …)."""
    for text in walk_texts(plan):
        if text.text and (not fields or text.field in fields):
            yield text
