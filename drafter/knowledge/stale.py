"""The dated table of wording that goes stale (``templates/stale.yaml``).

One table for every feature: ``check`` reports stale phrases, ``new`` flags them
when it carries last year's items forward and picks the current guiding wording.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import InputError
from ..lang.numerals import to_chinese
from ..lang.width import fold
from ..resources import bundled


@dataclass(frozen=True)
class StaleEntry:
    """A phrase that is right only between two dates."""

    pattern: re.Pattern[str]
    valid_from: dt.date | None
    valid_until: dt.date | None
    replaced_by: str
    exceptions: tuple[str, ...]
    rule: str

    def problem(self, year: int, date: dt.date | None = None) -> str:
        """Why the phrase does not fit a plan for ``year`` (issued on ``date``), or ""."""
        # Dated plans are judged on their date; a plan known only by its year is stale only
        # when the phrase fits no part of that year.
        early = date or dt.date(year, 1, 1)
        late = date or dt.date(year, 12, 31)
        if self.valid_until and early > self.valid_until:
            return "已过时"
        if self.valid_from and late < self.valid_from:
            return "尚未发生"
        return ""


@dataclass(frozen=True)
class Hit:
    """Where a stale phrase sits in a text, why it is stale and what is current instead."""

    entry: StaleEntry
    start: int
    end: int
    problem: str
    replacement: str


def five_year_plan(year: int) -> str:
    """The five-year plan of a year: 2021–2025 → 十四五, 2026–2030 → 十五五 (1981–1985 was the 6th)."""
    return f"{to_chinese((year - 1981) // 5 + 6)}五"


def guiding_wording(year: int, path: Path | None = None) -> tuple[str, bool]:
    """The guiding wording current on 1 January of ``year``, and whether the table covers that date.

    A period without ``valid_from`` or ``valid_until`` is open at that end (the current
    period usually has no end yet).
    """
    from ..store.serialize import load_yaml

    path = path or bundled("templates") / "stale.yaml"
    data = load_yaml(path)
    periods = []
    for index, raw in enumerate((data.get("guiding") if isinstance(data, dict) else None) or []):
        try:
            periods.append((_date(raw.get("valid_from")), _date(raw.get("valid_until")), str(raw["text"])))
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise InputError(f"guiding[{index}] 格式不对({exc})", path) from exc
    periods.sort(key=lambda p: p[0] or dt.date.min)
    day = dt.date(year, 1, 1)
    for valid_from, valid_until, text in periods:
        if (valid_from or dt.date.min) <= day <= (valid_until or dt.date.max):
            return text, True
    return (periods[-1][2] if periods else "党的二十大精神"), False


def find_stale(text: str, year: int, date: dt.date | None = None, rule: str = "") -> list[Hit]:
    """Stale phrases in ``text`` for a plan of ``year``; only one rule's entries if given."""
    key = fold(text)
    hits = []
    for entry in load_table():
        if rule and entry.rule != rule:
            continue
        for match in entry.pattern.finditer(key):
            problem = entry.problem(year, date)
            window = key[max(0, match.start() - 8) : match.end() + 8]
            if problem and not any(word in window for word in entry.exceptions):
                replacement = _current(
                    entry.replaced_by.replace("{五年规划}", five_year_plan(year)), year, date
                )
                hits.append(Hit(entry, match.start(), match.end(), problem, replacement))
    return sorted(hits, key=lambda h: h.start)


def _current(replacement: str, year: int, date: dt.date | None) -> str:
    """``replacement`` as a plan of ``year`` may use it: a replacement that is stale itself
    (“党的十九大精神” for a 2017 phrase in a 2023 plan) gives way to its own replacement, and
    one with none left is not offered ("")."""
    for _ in load_table():  # each step moves to a later entry; the table's length bounds the chain
        hits = find_stale(replacement, year, date) if replacement else []
        if not hits:
            return replacement
        if not all(hit.replacement for hit in hits):
            return ""
        for hit in reversed(hits):
            replacement = replacement[: hit.start] + hit.replacement + replacement[hit.end :]
    return ""


@cache
def load_table(path: Path | None = None) -> tuple[StaleEntry, ...]:
    """The table, read once."""
    from ..store.serialize import load_yaml

    path = path or bundled("templates") / "stale.yaml"
    data = load_yaml(path)
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError("过时提法表应有 entries: 列表", path)
    table = []
    for index, raw in enumerate(entries):
        try:
            table.append(
                StaleEntry(
                    pattern=re.compile(raw["pattern"]),
                    valid_from=_date(raw.get("valid_from")),
                    valid_until=_date(raw.get("valid_until")),
                    replaced_by=str(raw.get("replaced_by") or ""),
                    exceptions=tuple(raw.get("exceptions") or ()),
                    rule=str(raw["rule"]),
                )
            )
        except (KeyError, TypeError, ValueError, re.error) as exc:
            raise InputError(f"entries[{index}] 格式不对({exc})", path) from exc
    return tuple(table)


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
