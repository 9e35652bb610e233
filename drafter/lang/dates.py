"""Dates as a clerk writes them: “2023-02-15”, “2023/2/15”, “2023.2.15”, “2023年2月15日”.

One reader for every date a person gives drafter (``build --date``, ``date:`` in a YAML plan);
drafter itself writes ISO dates (年-月-日) and prints 成文日期 the GB/T 9704 way (“2023年2月15日”).
"""

from __future__ import annotations

import datetime as dt
import re

from .width import fold

# Year, month and day joined by one of “-” “/” “.”, or written with 年 月 日; digits folded first.
_WRITTEN = re.compile(
    r"(\d{4})\s*(?:([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?)"
)

DATE_FORMS = "2023-02-15、2023/2/15、2023.2.15 或 2023年2月15日"  # for messages: the forms accepted

_SHOWN = 40  # a wrong value is repeated in the message up to this many characters


def read_date(value: str) -> dt.date | None:
    """The date ``value`` writes in one of ``DATE_FORMS`` (full-width digits too), None if it writes none.

    Raises ValueError when the form is right but the day does not exist (“2023-02-30”)."""
    match = _WRITTEN.fullmatch(fold(value).strip())
    if not match:
        return None
    year, _, month, day, month_cn, day_cn = match.groups()
    return dt.date(int(year), int(month or month_cn), int(day or day_cn))


def iso_date(value: str) -> str:
    """The date ``value`` writes (one of ``DATE_FORMS``) in ISO form; ValueError saying in one
    Chinese phrase why it is none (“应写成 …”, “…不是实际存在的日期”)."""
    shown = value if len(value) <= _SHOWN else value[:_SHOWN] + "…"
    try:
        date = read_date(value)
    except ValueError:
        raise ValueError(f"“{shown}”不是实际存在的日期") from None
    if date is None:
        raise ValueError(f"应写成 {DATE_FORMS},而不是“{shown}”")
    return date.isoformat()
