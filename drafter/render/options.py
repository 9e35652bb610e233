"""Build options from what a user wrote: notice defaults, the 发文字号, dates and clause labels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..lang import dates

if TYPE_CHECKING:  # python-docx is imported when a document is built, not when a profile is read
    from ..model import Plan
    from .word import BuildOptions

LABEL_ROLES = ("lead", "units", "support")  # 牵头, 责任, 配合: the roles a clause label names


@dataclass
class NoticeDefaults:
    """What the cover notice says unless ``build`` is told otherwise."""

    recipients: str = ""
    signer: str = ""
    doc_number_prefix: str = ""  # “长教发”: with a number, becomes 长教发〔2027〕3号
    cc: str = ""
    printer: str = ""


def fill_notice(options: BuildOptions, plan: Plan, defaults: NoticeDefaults) -> list[str]:
    """Fill the notice fields ``options`` leaves empty: recipients and signer from the plan's own
    notice, else ``defaults``; a bare number with a ``doc_number_prefix`` becomes 长教发〔年度〕3号;
    the 发文字号 is written with its year in 〔〕. Returns remarks on what was put right."""
    from ..checks.rules.wording import normalize_doc_number

    own = plan.notice

    def default(key: str) -> str:
        return "" if own is not None and str(getattr(own, key)) else str(getattr(defaults, key))

    number = options.doc_number
    if number.isdigit() and defaults.doc_number_prefix:
        number = f"{defaults.doc_number_prefix}〔{options.date[:4] or plan.year or ''}〕{number}号"
    options.doc_number = normalize_doc_number(number)
    remarks = [f"提示:发文字号已按规范写作“{options.doc_number}”"] if options.doc_number != number else []
    options.recipients = options.recipients or default("recipients")
    options.signer = options.signer or default("signer")
    options.cc = options.cc or defaults.cc
    options.printer = options.printer or defaults.printer
    return remarks


def iso_date(value: str) -> str:
    """A 成文日期 as a clerk writes it (``lang.dates.DATE_FORMS``), in ISO form ("" stays "")."""
    if not value:
        return ""
    try:
        return dates.iso_date(value)
    except ValueError as problem:
        raise UsageError(f"--date {problem}") from None


def parse_labels(value: str) -> dict[str, str]:
    """“牵头处室,责任处室” → the label of each role, in the order 牵头, 责任, 配合."""
    names = [v.strip() for v in value.replace("，", ",").split(",") if v.strip()]
    if len(names) > len(LABEL_ROLES):
        raise UsageError("--labels 最多三个:牵头、责任、配合")
    return dict(zip(LABEL_ROLES, names, strict=False))
