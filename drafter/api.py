"""drafter as a library: parse, check, draft, compare, typeset and search plans from Python.

Every function takes what it works on as arguments and reads no shell state: no
``$DRAFTER_CORPUS``, no current folder, no profile (``drafter.yaml``) — only the command
line reads those. Where a corpus matters, ``corpus=None`` means the bundled one.
Plans may be given as a :class:`~drafter.model.Plan` or as a path to a plan file
(.txt, .md, .docx or drafter's .yaml). Bad input raises :class:`~drafter.errors.DrafterError`
(``InputError`` for a file, ``UsageError`` for arguments that do not fit), whose message is
one line in Chinese.

Heavy dependencies (python-docx, numpy, rapidfuzz) are imported by the functions that
need them, so importing this module stays cheap.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from .errors import DrafterError, InputError, UsageError
from .model import Plan
from .resources import bundled

if TYPE_CHECKING:
    from .checks.base import Finding
    from .draft.diff import PlanDiff
    from .store.corpus import Entry, IngestResult
    from .suggest.search import Suggestion

__all__ = [
    "Corpus",
    "DrafterError",
    "InputError",
    "UsageError",
    "build_docx",
    "check",
    "diff_plans",
    "new_draft",
    "parse_file",
    "parse_text",
]

StrPath: TypeAlias = "str | os.PathLike[str]"
PlanLike: TypeAlias = "Plan | StrPath"  # a plan, or the path of a plan file
CorpusLike: TypeAlias = "Corpus | StrPath | None"  # None: the bundled corpus


def parse_file(path: StrPath, *, max_unzipped: int | None = None) -> Plan:
    """Parse a plan file (.txt, .md, .docx, or drafter's .yaml) into the plan model.

    ``max_unzipped``: the most bytes a .docx may inflate to (default 200 MB) before it is
    refused as a zip bomb."""
    from .parse.plan import MAX_UNZIPPED
    from .parse.plan import parse_file as parse

    return parse(Path(path), MAX_UNZIPPED if max_unzipped is None else max_unzipped)


def parse_text(text: str) -> Plan:
    """Parse plan text given as a string (lines as in a .txt file)."""
    from .parse.plan import parse_text as parse

    return parse(text)


def check(
    plan_or_path: PlanLike,
    *,
    year: int | None = None,
    units: StrPath | Iterable[str] | None = None,
    previous: PlanLike | None = None,
    corpus: CorpusLike = None,
) -> list[Finding]:
    """Run every check rule on a plan; the findings in source order (as ``drafter check``):
    each part and each attachment with sections is checked on its own, its findings' paths led
    by its label (“附件1/三/2”).

    ``year``: the plan's year (default: the year in its title). ``units``: the bureau's own
    units — a units file (.txt, one name a line, or .yaml) or the names themselves; an
    unknown unit is then an error. ``previous``: last year's plan, to find items carried
    over unedited. ``corpus``: where the bureau's past plans teach which units it has.
    """
    from .checks.runner import Options, check_documents, merge_same_spot, tell_repeated_once

    plan = _plan(plan_or_path)
    if units is None or isinstance(units, (str, os.PathLike)):
        options = Options(year=year, units=Path(units) if units is not None else None)
    else:
        options = Options(year=year, unit_names=tuple(units))
    findings = check_documents(
        plan, options, _corpus(corpus).folder, _plan(previous) if previous is not None else None
    )
    return tell_repeated_once(merge_same_spot(findings))


def build_docx(plan: PlanLike, **options: Any) -> bytes:
    """The plan as an official Word document (GB/T 9704), as .docx bytes.

    ``options`` are the fields of :class:`drafter.render.word.BuildOptions` (``notice``,
    ``attachment``, ``red_header``, ``doc_number``, ``recipients``, ``date``, ``table``,
    ``by_unit``, ``layout``…); an unknown one raises ``TypeError``.
    """
    from .render import word

    known = [f.name for f in dataclasses.fields(word.BuildOptions)]
    unknown = [name for name in options if name not in known]
    if unknown:
        raise TypeError(f"build_docx() 没有选项 {'、'.join(unknown)}(可用的选项:{'、'.join(known)})")
    return word.build_docx(_plan(plan), word.BuildOptions(**options))


def new_draft(
    year: int, *, base: PlanLike | None = None, issuer: str | None = None, corpus: CorpusLike = None
) -> Plan:
    """Next year's plan (as ``drafter new``): carried over from ``base`` (last year's plan, with
    the years rolled on), or without a base in the standard structure, each theme seeded with
    a measure from ``corpus``.

    The checker's safe fixes are applied; what it still finds is written onto the items
    (``item.origin["flags"]``), notes about the whole draft into ``plan.warnings``.
    """
    from .draft.new import make_draft

    if base is None and not issuer:
        raise UsageError("不沿用上年计划(base)时须给出发文单位(issuer)")
    base_plan = None if base is None else _plan(base)
    draft = make_draft(year, issuer or "", base=base_plan, corpus=_corpus(corpus).folder)
    draft.plan.warnings.extend(draft.notes)
    return draft.plan


def diff_plans(old: PlanLike, new: PlanLike) -> PlanDiff:
    """What changed from ``old`` to ``new``: items new, dropped, changed (with the changed words
    and targets) and unchanged, and each unit's count of tasks (as ``drafter diff``)."""
    from .draft.diff import diff_plans as diff

    return diff(_plan(old), _plan(new))


class Corpus:
    """A corpus folder of past plans (one .yaml per plan, raw sources in ``sources/``).

    Iterating gives its entries (``.id``, ``.path``, ``.plan``) in id order.
    """

    def __init__(self, folder: StrPath):
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise InputError("语料库目录不存在", self.folder)

    @classmethod
    def bundled(cls) -> Corpus:
        """The corpus that comes with drafter (read-only)."""
        return cls(bundled("corpus"))

    def __repr__(self) -> str:
        return f"Corpus({str(self.folder)!r})"

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries())

    def __len__(self) -> int:
        return len(self.entries())

    def entries(self) -> list[Entry]:
        """Every entry, ordered by id."""
        from .store.corpus import entries

        return entries(self.folder)

    def plans(self) -> list[Plan]:
        """Every plan, in the order of the entries."""
        return [entry.plan for entry in self.entries()]

    def get(self, key: str) -> Entry:
        """The entry whose id is ``key``, or the only one whose id contains it."""
        from .store.corpus import find

        return find(self.folder, key)

    def latest(self, issuer: str, before: int | None = None) -> Entry:
        """The issuer's newest plan (older than ``before`` when given)."""
        from .store.corpus import latest

        return latest(self.folder, issuer, before)

    def ingest(
        self,
        path: StrPath,
        *,
        issuer: str | None = None,
        year: int | None = None,
        url: str = "",
        force: bool = False,
    ) -> IngestResult:
        """Parse a plan file and add it (as ``drafter ingest``); the same bytes twice are one
        entry (``result.added`` is then False) unless ``force`` re-parses it."""
        from .store.corpus import ingest

        if self.folder.resolve() == bundled("corpus").resolve():
            raise UsageError("内置语料库只读,请用 drafter.Corpus(目录) 入库到自己的语料库", self.folder)
        result = ingest(Path(path), self.folder, issuer, year, url, force)
        return result

    def search(
        self,
        text: str,
        top: int = 5,
        *,
        issuer: str = "",
        since: int | None = None,
        until: int | None = None,
    ) -> list[Suggestion]:
        """The prior measures most like ``text``, best first (as ``drafter suggest``); each has
        ``score`` (0–100), ``band``, ``text``, ``issuer``, ``year``, ``title``, ``path``,
        ``lead`` and ``units``. The search index is built, or rebuilt when the corpus
        changed, on the way."""
        from .suggest.index import open_index
        from .suggest.search import Filters, search

        if top < 1:
            raise UsageError(f"top 至少为 1,而不是 {top}")
        index = open_index(self.folder).index
        return search(index, text, top, Filters(issuer=issuer, since=since, until=until))


def _plan(plan: PlanLike) -> Plan:
    if isinstance(plan, Plan):
        return plan
    if isinstance(plan, (str, os.PathLike)):
        return parse_file(plan)
    raise TypeError(f"应为 drafter.Plan 或计划文件的路径,而不是 {type(plan).__name__}")


def _corpus(corpus: CorpusLike) -> Corpus:
    if corpus is None:
        return Corpus.bundled()
    return corpus if isinstance(corpus, Corpus) else Corpus(corpus)
