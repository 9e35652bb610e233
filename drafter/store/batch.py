"""Ingest a whole downloads folder in one call.

Folders are walked (hidden folders and files, Word's "~$" lock files and the corpus folder
itself left out); every file drafter reads is ingested one by one through ``corpus.ingest``,
the rest are counted by suffix. A file that fails is listed with its one-line reason and
the others go on.

The same plan is often downloaded twice in two formats (the portal page and its .docx or
PDF attachment): bytes differ, the items do not. A file whose items read (nearly) the same
as an entry's is recorded as another source of that entry — its bytes kept beside the
entry's, its name, sha256 and format listed under ``provenance.other_sources`` — instead
of becoming a second entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import DrafterError, InputError, UsageError
from ..model import Plan, year_problem
from .corpus import SHA256, Entry, IngestResult, ingest, read_entry, scan, write_entry
from .files import exists, write_atomic
from .lock import corpus_lock
from .serialize import plan_to_dict

# Two plans whose item texts are this similar (rapidfuzz ratio, 0-100) are one document read
# from two formats. Measured on the development corpus (SOURCES.md): a hand-cleaned copy of a pkulaw
# export scores 99.7 against it; two cities' plans written from one template score 91.7
# (and differ in issuer and year, which rule them out on their own).
SAME_DOCUMENT = 95.0
# Plans whose item counts differ by more than this share are not compared at all (a reader
# may split or join an item or two; a different plan differs by more).
_ITEM_COUNT_SLACK = 0.1
_LOCK_FILE = "~$"  # Word's owner file beside an open document: no document at all

ADDED, PRESENT, MERGED = "added", "present", "merged"


@dataclass
class Ingested:
    """One file taken into the corpus: as a new entry, as one already there, or as another
    format of an entry (``MERGED``)."""

    source: Path
    entry: Entry
    outcome: str


@dataclass
class Failure:
    """A file that could not be ingested, and why (one line; ``str`` names the file)."""

    source: Path
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        return str(InputError(self.reason, self.source, self.line))


@dataclass
class Batch:
    """What one ``ingest_all`` call did."""

    ingested: list[Ingested] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # suffix ("" for none) → files left out

    @property
    def status(self) -> int:
        """0 when every file was ingested, 1 when some failed, 2 when none could be read."""
        if not self.ingested:
            return 2
        return 1 if self.failures else 0


def gather(paths: Iterable[Path], corpus: Path | None = None) -> tuple[list[Path], Counter[str]]:
    """The files to ingest, in order: each file given, and the supported files of each folder
    given (walked in sorted order). Returns them and the count of files left out by suffix.
    A path that does not exist is kept: its ingest fails with the reason."""
    from ..parse.read import source_kind

    files: list[Path] = []
    skipped: Counter[str] = Counter()
    own = _resolved(corpus) if corpus is not None else None
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for folder, names, found in os.walk(path):
            here = Path(folder)
            names[:] = sorted(n for n in names if not n.startswith(".") and _resolved(here / n) != own)
            for name in sorted(found):
                if name.startswith((".", _LOCK_FILE)):
                    continue
                try:
                    source_kind(here / name)
                except InputError:
                    skipped[Path(name).suffix.lower()] += 1
                    continue
                files.append(here / name)
    return files, skipped


def ingest_all(
    paths: Iterable[Path],
    corpus: Path,
    issuer: str | None = None,
    year: int | None = None,
    url: str = "",
    force: bool = False,
    step: Callable[[], None] | None = None,
    files: tuple[list[Path], Counter[str]] | None = None,
) -> Batch:
    """Ingest every file of ``paths`` (files and folders) into ``corpus`` (see the module
    docstring). ``step`` is called after each file; ``files`` is what ``gather`` returned,
    when the caller already has it."""
    from ..parse.plan import parse_file

    if year is not None and year_problem(year):  # the same for every file: refused once
        raise UsageError(f"年度有误:{year_problem(year)}")
    found, skipped = files if files is not None else gather(paths, corpus)
    batch = Batch(skipped=skipped)
    known = scan(corpus)[0] if exists(corpus) and corpus.is_dir() else []
    for path in found:
        try:
            plan = parse_file(path)
            digest = plan.source.sha256
            if not SHA256.fullmatch(digest):  # drafter's own YAML: known by its bytes
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            match = same_document(plan, known)
            # the same bytes again: ingest itself tells (or, with force, redoes) every part of the file
            if match is None or match.plan.source.sha256 == digest:
                for result in ingest(path, corpus, issuer, year, url, force, parsed=plan).parts():
                    batch.ingested.append(_from_result(result))
                    known = [e for e in known if e.id != result.entry.id] + [result.entry]
            else:
                plan.source.sha256 = digest
                entry, added = add_source(corpus, match, path, plan)
                known = [e if e.id != entry.id else entry for e in known]
                batch.ingested.append(Ingested(path, entry, MERGED if added else PRESENT))
        except DrafterError as error:
            if isinstance(error, UsageError) or _about(error, corpus):
                raise  # wrong for every file alike: a setting, or a corpus that cannot be written
            batch.failures.append(_failure(path, error))
        if step is not None:
            step()
    return batch


def _about(error: DrafterError, corpus: Path) -> bool:
    """Whether ``error`` names the corpus folder or a file in it."""
    return error.path is not None and Path(error.path).is_relative_to(corpus)


def _failure(path: Path, error: DrafterError) -> Failure:
    """The failure of ``path``; an error about another file names that file."""
    if error.path in (None, str(path)):
        return Failure(path, error.message, error.line)
    return Failure(path, str(error))


def _from_result(result: IngestResult) -> Ingested:
    return Ingested(result.source, result.entry, ADDED if result.added else PRESENT)


def item_text(plan: Plan) -> str:
    """What two formats of one plan share: the items' titles and texts, in order."""
    return "\n".join(item.title + item.text for item in plan.all_items())


def same_document(plan: Plan, entries: list[Entry]) -> Entry | None:
    """The entry whose items read like ``plan``'s (ratio at least ``SAME_DOCUMENT``, the year
    and issuer not different), if any; the most similar one when several do."""
    from rapidfuzz import fuzz

    count = len(plan.all_items())
    if not count:
        return None
    text = item_text(plan)
    best: tuple[float, Entry] | None = None
    for entry in entries:
        other = len(entry.plan.all_items())
        if abs(other - count) > _ITEM_COUNT_SLACK * max(other, count) or _told_apart(plan, entry.plan):
            continue
        score = fuzz.ratio(text, item_text(entry.plan), score_cutoff=SAME_DOCUMENT)
        if score and (best is None or score > best[0]):
            best = (score, entry)
    return best[1] if best else None


def _told_apart(plan: Plan, other: Plan) -> bool:
    """Whether year or issuer, where both plans state it, shows they are different documents."""
    return bool(plan.year and other.year and plan.year != other.year) or bool(
        plan.issuer and other.issuer and plan.issuer != other.issuer
    )


def add_source(corpus: Path, entry: Entry, path: Path, plan: Plan) -> tuple[Entry, bool]:
    """Record ``path`` (parsed as ``plan``) as another source of ``entry``: its bytes stored
    as ``sources/<id>.<sha8><suffix>``, its name, sha256 and format under
    ``provenance.other_sources``. Returns the entry as written, and False when this content
    was already one of its sources."""
    digest = plan.source.sha256
    data = path.read_bytes()
    with corpus_lock(corpus):
        current = read_entry(entry.path)  # as it is now: another writer may have added a source
        if not isinstance(current, Entry):
            raise InputError(f"语料库条目无法读取({current.reason}),未能记入第二种格式", entry.path)
        provenance = current.plan.source.provenance
        others = list(provenance.get("other_sources") or [])
        if digest == current.plan.source.sha256 or any(o.get("sha256") == digest for o in others):
            return current, False
        stored = f"sources/{current.id}.{digest[:8]}{path.suffix.lower()}"
        other: dict[str, object] = {
            "path": path.name,
            "sha256": digest,
            "format": plan.source.format,
            "stored": stored,
            "ingested": dt.date.today().isoformat(),
            "parser": f"drafter {__version__}",
        }
        if plan.source.encoding:
            other["encoding"] = plan.source.encoding
        if "converter" in plan.source.provenance:
            other["converter"] = plan.source.provenance["converter"]
        current.plan.source.provenance = {**provenance, "other_sources": [*others, other]}
        write_atomic(corpus / stored, data)
        write_entry(current.path, plan_to_dict(current.plan))
    return current, True


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None
