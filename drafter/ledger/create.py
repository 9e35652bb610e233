"""A plan's ledger: one row per item (attachments and further parts included), with its units,
its quantified targets and its deadline in its own words and as a date."""

from __future__ import annotations

import calendar
import re
from datetime import date

from ..draft.tasks import item_deadline, table_labels, task_name
from ..lang.numerals import to_int
from ..lang.patterns import SENTENCE_END, TARGET
from ..lang.width import fold
from ..model import Item, Plan, Section, join_path, part_label
from ..render.text import item_marker
from .ids import id_of
from .model import Ledger, LedgerRow

# The day a period of the month ends by: “中旬” by the 20th, “上旬” by the 10th; “底/末/下旬”
# and a bare month by its last day.
_TEN_DAYS = {"上旬": 10, "中旬": 20}
# A date or a period a deadline names, each read into the last day it allows.
_MONTH = re.compile(
    r"(?:(?P<year>\d{4})年度?)?(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日|(?P<part>底|末|上旬|中旬|下旬))?"
)
_QUARTER = re.compile(r"(?:(?P<year>\d{4})年度?)?第?(?P<quarter>[一二三四1-4])季度")
_HALF = re.compile(r"(?:(?P<year>\d{4})年度?)?(?P<half>上半年|下半年)")
_YEAR_END = re.compile(r"(?:(?P<year>\d{4})年度?(?:底|末|内|前|以前|之前|$)|年底|年内|年末|全年|年度内)")


def due_date(deadline: str, year: int | None) -> date | None:
    """The last day ``deadline`` (an item's own words: “6月底前”, “年内”, “上半年”, “三季度”,
    “2025年前”) allows, in ``year`` unless it names its own; None when it names no date
    (“持续推进”, “长期坚持”) or the year is unknown. Of several (“6月底前启动、年底前完成”),
    the latest: the item is due when its last step is."""
    text = fold(deadline)
    found: list[date] = []

    def in_year(written: str | None) -> int | None:
        return int(written) if written else year

    for match in _MONTH.finditer(text):
        when = in_year(match["year"])
        month = int(match["month"])
        if when is None or not 1 <= month <= 12:
            continue
        last = calendar.monthrange(when, month)[1]
        day = int(match["day"]) if match["day"] else _TEN_DAYS.get(match["part"] or "", last)
        if 1 <= day <= last:
            found.append(date(when, month, day))
    for match in _QUARTER.finditer(text):
        when = in_year(match["year"])
        number = to_int(match["quarter"])
        if when is not None and number:
            found.append(date(when, 3 * number, calendar.monthrange(when, 3 * number)[1]))
    for match in _HALF.finditer(text):
        when = in_year(match["year"])
        if when is not None:
            found.append(date(when, 6, 30) if match["half"] == "上半年" else date(when, 12, 31))
    for match in _YEAR_END.finditer(text):
        when = in_year(match["year"])
        if when is not None:
            found.append(date(when, 12, 31))
    return max(found, default=None)


def ledger_of(plan: Plan, labels: dict[str, str] | None = None) -> Ledger:
    """The ledger of ``plan``: one row per item, in document order, each with its id (``ids``),
    part, task and measures, targets, units (its own clauses', else its section's), deadline and
    due date; an attachment's item that repeats a body item word for word is listed once, with a
    warning. ``labels`` (lead/units/support → “牵头处室”…) head the unit columns; without them
    the plan's own labels do, as in the 任务分工表."""
    ledger = Ledger(
        title=plan.title or "工作要点",
        year=plan.year,
        date=plan.date,
        labels=table_labels(plan, labels),
    )
    parts = plan.parts()
    for number, part in enumerate(parts, start=1):
        prefix = (part_label(number),) if len(parts) > 1 and number > 1 else ()
        body = {item.fingerprint(): join_path((*prefix, *p)) for p, item in part.walk()}
        for label, document in part.documents():
            headings = {
                s.number: item_marker(s.number, False) + s.title for s in document.sections if s.number
            }
            repeated: list[tuple[str, str]] = []  # an attached 任务分工表 listing the body's items again
            for path_parts, item, section in document.walk_items():
                path = join_path((*prefix, label, *path_parts))
                same = body.get(item.fingerprint()) if label else None
                if same:
                    repeated.append((path, same))
                    continue
                heading = headings.get(path_parts[0], "") if len(path_parts) > 1 else ""
                where = " ".join(p for p in (*prefix, label, heading) if p)
                ledger.rows.append(_row(plan, path, where, item, section))
            if repeated:
                first, same = repeated[0]
                where = join_path((*prefix, label))
                ledger.warnings.append(
                    f"{where} 的 {len(repeated)} 条与正文条目相同(如 {first} 即 {same}),台账中只列一次"
                )
    return ledger


# What bounds the phrase a quantified target is read in: the clause around it, from comma to
# comma (“，新建公办幼儿园15所、义务教育学校25所，”); a list joined by “、” stays one phrase.
_CLAUSE_BREAK = re.compile(rf"[{SENTENCE_END},:\n]")
# Enumerators a clause may open with (“一是建设5万个学位”): not part of the target.
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+(?:是|要)|其中)")
# A clause longer than this is a paragraph run on without commas (two lines of a ledger cell):
# the target keeps only the few words the shared pattern reads before its number.
TARGET_PHRASE_MAX = 80


def target_phrases(text: str) -> list[str]:
    """The quantified targets of ``text`` as the ledger's 量化指标 shows them: the clause each
    number and measure word stand in, from comma to comma (“新建公办幼儿园15所”, “建设5万个
    普惠性学位”; never half a word), an opening enumerator (“一是”) left out; a clause holding
    two targets is shown once."""
    folded = fold(text)  # one character for one: offsets hold in ``text``
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(folded)]
    phrases = []
    for match in TARGET.finditer(folded):
        start = max((b + 1 for b in breaks if b < match.start("number")), default=0)
        end = min((b for b in breaks if b >= match.end()), default=len(text))
        clause = _ENUMERATOR.sub("", text[start:end].strip())
        if len(clause) > TARGET_PHRASE_MAX or not clause:
            clause = text[match.start() : match.end()]
        phrases.append(clause)
    return list(dict.fromkeys(phrases))


def _row(plan: Plan, path: str, part: str, item: Item, section: Section) -> LedgerRow:
    clauses = item.clauses if item.all_units() else section.clauses
    deadline = item_deadline(item)
    return LedgerRow(
        id=id_of(plan, path, item),
        path=path,
        part=part,
        task=task_name(item),
        measures=item.text.replace("\n", "") if item.title else "",
        targets=list(dict.fromkeys(target_phrases(item.title) + target_phrases(item.text))),
        lead=list(dict.fromkeys(u for c in clauses for u in c.lead)),
        units=list(dict.fromkeys(u for c in clauses for u in c.units if u not in c.lead)),
        support=list(dict.fromkeys(u for c in clauses for u in c.support)),
        deadline=deadline,
        due=due_date(deadline, plan.year),
    )
