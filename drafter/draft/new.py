"""Start next year's plan: from last year's, or from the standard structure.

From a base plan: its sections and items are kept; years are rolled (the base year
becomes the new year, the year before becomes the base year) except targets and
deadlines (“到2025年”, “2025年底前”), titles of documents and ranges; every carried
item remembers where it came from. Without a base: the standard structure, each theme
seeded with a representative measure from the corpus, with its provenance.

Either way the title, the preamble and the notice come from ``templates/draft.yaml.j2``
with the guiding wording current for the year (``templates/stale.yaml``); the checker's
safe fixes are applied, and everything it still finds is written down as a flag on the
item it concerns (``origin.flags``) or in the draft's notes.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.base import Finding
from ..errors import UsageError
from ..knowledge.stale import find_stale, five_year_plan, guiding_wording
from ..knowledge.structure import StandardSection, Theme, classify
from ..lang.numerals import to_chinese
from ..lang.patterns import DEADLINE_TAIL, PLACEHOLDER, TARGET_LEAD, YEAR
from ..lang.vocabulary import vocabulary
from ..lang.width import fold
from ..ledger.ids import assign_ids
from ..ledger.model import Ledger
from ..model import Clause, Item, Notice, Plan, Section, join_path
from ..resources import template

_TARGET_BEFORE = re.compile(rf"{TARGET_LEAD}\s*$")
_DEADLINE_AFTER = re.compile(DEADLINE_TAIL)
_KEPT_AFTER = re.compile(r"\s*年(?:修订|版|修正)")
_RANGE_NEAR = re.compile(r"[-—–~～至到]\s*$")
_FIVE_YEAR_ORIGIN = 1981  # the 六五 plan began in 1981: (year - 1981) % 5 is a year's place in its plan


@dataclass
class Draft:
    """A new plan and the notes for the clerk who will finish it."""

    plan: Plan
    notes: list[str] = field(default_factory=list)
    base_preamble: str = ""
    made_from: str = ""  # what it was drafted from (for the YAML header)
    findings: list[Finding] = field(default_factory=list)  # what the flags and notes say, placed


def make_draft(
    year: int,
    issuer: str = "",
    *,
    base: Path | Plan | None = None,
    latest: bool = False,
    corpus: Path | None = None,
    structure: Path | None = None,
    units: Path | None = None,
    unit_names: tuple[str, ...] = (),
    labels: dict[str, str] | None = None,
    recipients: str = "",
    signer: str = "",
    ledger: Ledger | None = None,
) -> Draft:
    """Next year's plan, finished and flagged: from the plan ``base`` (a file or a parsed plan),
    from the issuer's newest plan in the corpus (``latest``), or else from the standard
    structure seeded from the corpus.

    ``corpus`` is a folder (None: the bundled corpus); ``units``/``unit_names`` are the bureau's
    unit list; ``labels`` (lead/units/support → 牵头处室…) relabel the seeded measures, and
    ``recipients``/``signer`` replace the notice's defaults. ``ledger``: the base plan's
    ledger of the year; its statuses mark the carried items (``mark_from_ledger``).
    """
    from ..knowledge.structure import load_structure
    from ..parse.plan import parse_file
    from ..store import corpus as corpus_lib

    if base is not None and latest:
        raise UsageError("底稿只能有一份:指定的上年计划,或语料库中本单位最新的计划")
    if ledger is not None and base is None and not latest:
        raise UsageError("台账须与上年计划同用:它记的是上年计划各条的落实情况")
    folder = corpus_lib.locate(corpus)
    plan: Plan | None = None
    if latest:
        if not issuer:
            raise UsageError("以语料库中本单位最新的计划为底稿,须给出发文单位")
        base = corpus_lib.latest(folder, issuer, before=year).path
    if base is not None:
        plan = base if isinstance(base, Plan) else parse_file(base)
        name = plan.title or (base.name if isinstance(base, Path) else "上年计划")
        draft = from_base(plan, year, issuer)
        draft.made_from = f"据{name}({plan.year or '年度不详'})"
    else:
        if not issuer:
            raise UsageError("不沿用上年计划时须给出发文单位")
        draft = from_structure(year, issuer, folder, load_structure(structure))
        draft.made_from = f"按标准结构起草,参考措施取自语料库 {folder}"
    draft = finish(draft, folder, units, unit_names)
    if ledger is not None and plan is not None:
        mark_from_ledger(draft, plan, ledger)
    adopt(draft.plan, labels or {}, recipients, signer)
    assign_ids(draft.plan)  # kept in the draft's origin block or metadata: the ledger's 编号
    return draft


LEDGER_RULE = "台账"  # what a flag or comment from last year's ledger is headed with
CONTINUE = "续办"
RAISE = "删去或提高目标"


def mark_from_ledger(draft: Draft, base: Plan, ledger: Ledger) -> None:
    """Mark each item carried from ``base`` with what its ledger row says: not 已完成 → 续办;
    已完成 and carried with its wording → a candidate to drop or raise its target. Each mark is
    kept in ``origin["ledger"]``, flagged on the item and a finding (a comment in a .docx)."""
    from ..ledger.bulletin import status_of
    from ..ledger.ids import match_rows
    from ..ledger.model import DONE

    chosen, _ = match_rows(base, ledger)
    for path, item in draft.plan.walk():
        row = chosen.get(str(item.origin.get("item", "")))
        if row is None:
            message = "上年台账中没有这一条,请核实它上年的落实情况"
        else:
            status = status_of(row)
            mark = RAISE if row.status == DONE else CONTINUE
            item.origin["ledger"] = {"id": row.id, "status": status, "mark": mark}
            if row.status == DONE:
                message = f"上年已完成,此条原样沿用:{RAISE}"
            else:
                message = f"{CONTINUE}:上年完成情况为“{status}”" + (
                    f",进展:{row.progress}" if row.progress else ""
                )
        item.origin.setdefault("flags", []).append(f"{LEDGER_RULE} {message}")
        draft.findings.append(
            Finding(rule=LEDGER_RULE, name="ledger", severity="info", message=message, path=join_path(path))
        )


def adopt(plan: Plan, labels: dict[str, str], recipients: str = "", signer: str = "") -> None:
    """Give a draft the bureau's clause labels on the measures seeded from other bureaus, and its
    usual notice recipients and signer (where given)."""
    for _, item in plan.walk():
        if item.origin.get("seed") and labels:
            for clause in item.clauses:
                clause.labels = {role: labels.get(role, label) for role, label in clause.labels.items()}
    if plan.notice:
        plan.notice.recipients = recipients or plan.notice.recipients
        plan.notice.signer = signer or plan.notice.signer


def roll_years(text: str, base_year: int) -> str:
    """Move “this year” and “last year” forward by one, leaving targets, deadlines and titles."""

    def replace(match: re.Match[str]) -> str:
        year = int(match.group(1))
        before, after = text[: match.start()], text[match.end() :]
        if _TARGET_BEFORE.search(before) or _DEADLINE_AFTER.match(after) or _KEPT_AFTER.match(after):
            return match.group(1)
        if _RANGE_NEAR.search(before) or after.lstrip("年").startswith(("—", "-", "～", "~")):
            return match.group(1)
        if before.count("《") > before.count("》"):
            return match.group(1)  # inside a document title
        if year == base_year:
            return str(base_year + 1)
        if year == base_year - 1:
            return str(base_year)
        return match.group(1)

    return YEAR.sub(replace, text)


def from_base(base: Plan, year: int, issuer: str = "") -> Draft:
    """Next year's plan carried over from ``base``."""
    base_year = base.year or year - 1
    plan = Plan(issuer=issuer or base.issuer, year=year, doc_type=base.doc_type or "工作要点")
    plan.sections = copy.deepcopy(base.sections)
    for _, section in plan.walk_sections():
        section.title = roll_years(section.title, base_year)
        section.intro = roll_years(section.intro, base_year)
    for path, item in plan.walk():
        item.title = roll_years(item.title, base_year)
        item.text = roll_years(item.text, base_year)
        for clause in item.clauses:
            clause.deadline = roll_years(clause.deadline, base_year)
        item.origin = {
            "from": base.title,
            "year": base_year,
            "item": join_path(path),
            "source": base.source.path,
        }
    title = roll_years(base.title, base_year) if str(base_year) in base.title else ""
    _front(plan, title)
    draft = Draft(plan, base_preamble=base.preamble)
    for hit in find_stale(base.preamble, year):
        phrase = base.preamble[hit.start : hit.end]
        draft.notes.append(f"上年总体要求中的“{phrase}”{hit.problem};新的总体要求已按{year}年的提法重拟")
    return draft


def from_structure(year: int, issuer: str, corpus: Path, structure: tuple[StandardSection, ...]) -> Draft:
    """A plan in the standard structure, each theme seeded with a measure from the corpus."""
    from ..store.corpus import entries

    candidates = [(entry.id, entry.plan, join_path(path), item) for entry in entries(corpus)
                  for path, item in entry.plan.walk()]  # fmt: skip
    plan = Plan(issuer=issuer, year=year, doc_type="工作要点")
    number = 0
    for index, standard in enumerate(structure, start=1):
        section = Section(number=to_chinese(index), title=standard.title)
        for theme in standard.themes:
            number += 1
            section.items.append(_seed(theme, number, year, candidates, structure))
        plan.sections.append(section)
    _front(plan, "")
    return Draft(plan)


Candidate = tuple[str, Plan, str, Item]  # (corpus id, plan, item path, item)


def _seed(
    theme: Theme, number: int, year: int, candidates: list[Candidate], structure: tuple[StandardSection, ...]
) -> Item:
    """The best corpus measure for a theme, as a marked, not yet edited item."""
    best: Candidate | None = None
    best_score = 0
    for candidate in candidates:
        _, plan, _, item = candidate
        text = item.title + item.text
        if classify(item, structure) is not theme or PLACEHOLDER.search(fold(text)) or find_stale(text, year):
            continue
        score = sum(3 * (w in item.title) + (w in item.text) for w in theme.keywords) + (
            2 if item.title else 0
        )
        if score > best_score or (score == best_score and best and (plan.year or 0) > (best[1].year or 0)):
            best, best_score = candidate, score
    if best is None:  # nothing in the corpus for this theme: a marked gap to fill
        item = Item(number=str(number), title=theme.name, text=f"待补充:{year}年{theme.name}方面的工作措施。")
        item.origin = {"seed": True, "theme": theme.name}
    else:
        entry_id, plan, path, source = best
        item = Item(number=str(number), title=source.title, text=source.text)
        item.origin = {"seed": True, "theme": theme.name, "issuer": plan.issuer, "year": plan.year,
                       "item": path, "source": entry_id}  # fmt: skip
    if theme.units:  # the units that usually carry the theme, for the clerk to confirm
        item.clauses = [
            Clause(units=list(theme.units), labels={"units": "责任处室"}, position=len(item.text))
        ]
    return item


def _front(plan: Plan, title: str) -> None:
    """Title, preamble and notice from the jinja2 template, with the wording current for the year."""
    import yaml

    year = plan.year or 0
    guiding, _ = guiding_wording(year)  # an unknown year is flagged by ``finish``
    five_year = five_year_plan(year)
    words = vocabulary()
    stages = words.five_year_stages
    stage = stages[(year - _FIVE_YEAR_ORIGIN) % len(stages)].format(five_year)
    scope = words.scope_of(plan.issuer)
    quoted = _in_quotes  # every text goes inside "…" in the template: a quote in a title must not end it
    rendered = template("draft.yaml.j2").render(
        year=year, issuer=quoted(plan.issuer), scope=quoted(scope), guiding=quoted(guiding),
        five_year=quoted(five_year), stage=quoted(stage),
        count=to_chinese(len([s for s in plan.sections if s.number])), title=quoted(title),
        recipients=quoted(words.notice_recipients),
    )  # fmt: skip
    data = yaml.safe_load(rendered)
    plan.title, plan.preamble = data["title"], data["preamble"]
    plan.notice = Notice(**{key: str(value) for key, value in data["notice"].items()})


def _in_quotes(text: str) -> str:
    """``text`` escaped for a double-quoted YAML string (JSON's escapes are YAML's too)."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def finish(
    draft: Draft, corpus: Path | None, units: Path | None = None, unit_names: tuple[str, ...] = ()
) -> Draft:
    """Apply the checker's safe fixes, then write what it still finds onto the items as flags."""
    from ..checks import Context, check_plan, select_rules
    from ..checks.base import walk_items
    from ..checks.fix import apply_edits, safe_edits
    from ..checks.runner import merge_same_spot
    from ..knowledge.units import load_registry
    from ..parse.plan import parse_text
    from ..render.text import plan_to_text

    plan = draft.plan
    registry = load_registry(plan.issuer, corpus, units, names=unit_names)
    context = Context(year=plan.year, registry=registry)
    text = plan_to_text(plan)
    fixable = [rule for rule in select_rules() if rule.fixable]
    fixed, _ = apply_edits(text, safe_edits(check_plan(parse_text(text), context, fixable)))
    cleaned = parse_text(fixed)
    if [p for p, _ in cleaned.walk()] != [p for p, _ in plan.walk()]:
        cleaned = parse_text(text)  # a fix changed the structure: keep the text as it was
    for (_, before), (_, after) in zip(plan.walk(), cleaned.walk(), strict=True):
        after.origin = dict(before.origin)
        after.origin["fingerprint"] = after.fingerprint()
    cleaned.issuer, cleaned.year, cleaned.date, cleaned.doc_type = plan.issuer, plan.year, "", plan.doc_type
    cleaned.notice = plan.notice
    cleaned.source = plan.source
    ignore = ("PLAN090", "PLAN091")  # “not yet edited” is the point of a fresh draft
    items = {path: item for path, item, _ in walk_items(cleaned)}
    draft.findings = merge_same_spot(check_plan(cleaned, context, select_rules(ignore=ignore)))
    for finding in draft.findings:
        target = items.get(finding.path)
        message = f"{finding.rule} {finding.message}"
        if target is not None:
            target.origin.setdefault("flags", []).append(message)
        else:
            draft.notes.append(f"{finding.path or '全文'}:{message}")
    if plan.year and not guiding_wording(plan.year)[1]:
        draft.notes.append(f"{plan.year}年的指导思想提法不在提法表中,总体要求沿用了最近的提法,请核实")
    draft.plan = cleaned
    return draft


def write_draft(draft: Draft, out: Path, source: str) -> None:
    """Write a draft by the output's extension: commented YAML, official text, or Word."""
    from ..render.text import plan_to_text
    from ..store.files import write_atomic
    from ..store.serialize import dump_yaml, plan_to_dict

    suffix = out.suffix.lower()
    if suffix in (".yaml", ".yml"):
        data = dump_yaml(plan_to_dict(draft.plan, editable=True), yaml_header(draft, source)).encode("utf-8")
    elif suffix == ".docx":
        from ..render.annotate import draft_docx

        data = draft_docx(draft)
    else:
        data = plan_to_text(draft.plan).encode("utf-8")
    write_atomic(out, data)


def yaml_header(draft: Draft, source: str) -> str:
    """The comment block at the top of a YAML draft: where it came from, what to do next."""
    plan = draft.plan
    lines = [
        f"# {plan.title}(草稿)",
        f"# 由 drafter new 生成:{source}。",
        "# 逐条修改 title、text 和 clauses(责任分工),改好后用 drafter check 核对、drafter build 排版。",
        "# 责任分工:raw 是它的写法(改单位就改这里),after 是它前面那句话的末尾几个字,排版时放回其后;",
        "# 在 text 里直接写“（牵头处室：…）”也可以。",
        "# origin 记录每条的来历(不必改):沿用的条目写明上年条目,参考措施写明出处;",
        "# flags 是起草时发现、需要处理的问题。",
    ]
    flagged = [(path, item) for path, item in plan.walk() if item.origin.get("flags")]
    if draft.notes or flagged:
        lines.append("# 需要处理:")
        lines += [f"#   {note}" for note in draft.notes]
        for path, item in flagged:
            for flag in item.origin["flags"]:
                lines.append(f"#   {join_path(path)} {flag}")
    if draft.base_preamble:
        lines.append("# 上年总体要求(供参考,已按新年度重拟):")
        lines.append("#   " + draft.base_preamble.replace("\n", "\n#   "))
    return "\n".join(lines) + "\n"
