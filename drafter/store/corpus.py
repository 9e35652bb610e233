"""The corpus: past plans, one YAML per document, with their raw sources and provenance.

Layout of a corpus folder::

    <id>.yaml            the parsed plan (readable; loads back to an equal plan)
    sources/<id>.<ext>   the bytes the plan was parsed from, unchanged

The id is ``<year>-<issuer>-<first 8 hex digits of the source's sha256>`` (for a plan
ingested from drafter's own YAML, such as a ``drafter new`` draft, the sha256 of that YAML
file unless it records the source it was parsed from). Ingest is idempotent (the same bytes
twice are one entry), never touches the file it reads, and writes each file atomically,
source first and YAML last: a plan is in the corpus once its YAML exists, so an interrupted
run leaves at most an unused source behind.

One bad file never blocks the corpus: a ``*.yaml`` that is not a readable plan (damaged,
a dangling symlink, a folder…) is left out with a ``SkippedEntryWarning`` naming it and
why; ``scan`` returns them, ``quarantine`` moves them into ``.quarantine/``.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import DrafterError, InputError, SkippedEntryWarning, UsageError, os_error
from ..memory import collector_paused
from ..model import Plan, year_problem
from ..resources import bundled
from .files import exists, make_folder, write_atomic
from .lock import corpus_lock

_HEADER = "# drafter 语料:由 drafter ingest 解析生成;原文见 sources/ 目录。\n"
QUARANTINE = ".quarantine"  # where ``quarantine`` moves bad entries (never deleted)
SHA256 = re.compile(r"[0-9a-f]{64}")  # a source digest as recorded
# what a forced re-parse keeps of the older entry's provenance: where the entry came from
# (first ingest, the other formats stored beside it); the rest (values the document gave
# before an override, its part number, the converter) describes the older reading and goes
_KEPT_ON_REPARSE = frozenset({"ingested", "other_sources"})


def locate(folder: Path | None = None, for_writing: bool = False) -> Path:
    """The corpus folder ``folder``, checked; None means the bundled corpus.

    Ingest never writes into the installed package, so writing needs a folder (the command
    line chooses one: ``--corpus``, $DRAFTER_CORPUS, the profile's or ./corpus).
    """
    if folder is None:
        if for_writing:
            raise UsageError("须指定要写入的语料库目录(内置语料库不可写)")
        return bundled("corpus")
    path = Path(folder)
    if not for_writing and not (exists(path) and path.is_dir()):
        raise InputError("语料库目录不存在(可先用 drafter ingest 入库)", path)
    if exists(path) and not path.is_dir():
        raise InputError("语料库路径不是文件夹", path)
    return path


@dataclass
class Entry:
    """One plan of the corpus, as listed."""

    id: str
    path: Path
    plan: Plan

    def summary(self) -> dict[str, object]:
        """What ``corpus list`` shows. Sections and items are counted over the body and its
        attachments (``Plan.documents``); ``attachment_items`` says how many of the items are
        the attachments'. An entry is one document of its file: further parts are entries of their own."""
        documents = [document for _, document in self.plan.documents()]
        items = self.plan.all_items()
        return {
            "id": self.id,
            "title": self.plan.title,
            "issuer": self.plan.issuer,
            "year": self.plan.year,
            "doc_type": self.plan.doc_type,
            "sections": sum(len(document.sections) for document in documents),
            "items": len(items),
            "items_with_units": sum(1 for i in items if i.all_units()),
            "attachments": len(self.plan.attachments),
            "attachment_items": len(items) - len(self.plan.items()),
            "source": self.plan.source.path,
        }


@dataclass
class IngestResult:
    """What ingest did with one file: its (first) document's entry, and one result for each
    further document of the file (``parts`` lists them all, this one first)."""

    source: Path
    entry: Entry
    added: bool  # False when the same content was already in the corpus
    more_parts: list[IngestResult] = field(default_factory=list)

    def parts(self) -> list[IngestResult]:
        """One result per document the file holds, in file order."""
        return [self, *self.more_parts]


@dataclass(frozen=True)
class Skipped:
    """A ``*.yaml`` of the corpus folder that is not a readable plan, and why."""

    path: Path
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        return str(InputError(self.reason, self.path, self.line))


def entries(corpus: Path) -> list[Entry]:
    """Every readable plan in the corpus, ordered by id; each unreadable one is left out with
    a ``SkippedEntryWarning``."""
    found, skipped = scan(corpus)
    warn_skipped(skipped)
    return found


def warn_skipped(skipped: list[Skipped] | list[str]) -> None:
    """Report each entry left out (or its description) as a ``SkippedEntryWarning``."""
    for bad in skipped:
        warnings.warn(SkippedEntryWarning(f"已跳过语料库中的 {bad}"), stacklevel=3)


def scan(corpus: Path) -> tuple[list[Entry], list[Skipped]]:
    """Every readable plan in the corpus ordered by id, and every ``*.yaml`` that is not one."""
    found: list[Entry] = []
    skipped: list[Skipped] = []
    for path in _names(corpus):
        entry = read_entry(path)
        (found if isinstance(entry, Entry) else skipped).append(entry)  # type: ignore[arg-type]
    return found, skipped


def read_entry(path: Path) -> Entry | Skipped:
    """One corpus file as an entry, or why it is not one."""
    try:
        path.stat()  # follows a symlink: a dangling one or a loop fails here
    except OSError as error:
        return Skipped(path, _os_reason(error, path))
    if not path.is_file():
        return Skipped(path, "是文件夹,不是计划" if path.is_dir() else "不是普通文件(如管道、设备)")
    from .serialize import load_plan  # the YAML reader: not for a command that only locates a corpus

    try:
        return Entry(path.stem, path, load_plan(path))
    except DrafterError as error:
        return Skipped(path, error.message, error.line)
    except OSError as error:
        return Skipped(path, _os_reason(error, path))


def _os_reason(error: OSError, path: Path) -> str:
    if error.errno == errno.ELOOP:
        return "符号链接循环"
    if error.errno == errno.ENOENT:
        return "符号链接指向的文件不存在" if path.is_symlink() else "文件已不存在"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "权限不足,无法读取"
    return f"无法读取({error.strerror or error})"


def _names(corpus: Path) -> list[Path]:
    """The corpus's ``*.yaml`` names, sorted (whatever each one turns out to be)."""
    # by id: a file's second document (“…-1a2b3c4d-2”) lists after its first
    return sorted((path for path in corpus.iterdir() if path.name.endswith(".yaml")), key=lambda p: p.stem)


def state(corpus: Path) -> tuple[tuple[str, int, int], ...]:
    """The corpus files' names, modification times and sizes: changes when an entry does (a
    cache key). A file that cannot be looked at counts as its link's own times."""
    found = []
    for path in _names(corpus):
        try:
            facts = path.stat()
        except OSError:
            facts = path.lstat()
        found.append((path.name, facts.st_mtime_ns, facts.st_size))
    return tuple(found)


def quarantine(corpus: Path, skipped: list[Skipped]) -> list[Path]:
    """Move bad entries into ``<corpus>/.quarantine/`` (a symlink moves as the link itself);
    returns where each went. Nothing is deleted and no name is reused."""
    folder = corpus / QUARANTINE
    moved = []
    try:
        folder.mkdir(exist_ok=True)
        with corpus_lock(corpus):  # no ingest writes while entries move
            moved = [_move_aside(bad.path, folder) for bad in skipped]
    except OSError as error:
        raise os_error(error.filename or folder, error, "移入隔离目录") from error
    return moved


def _move_aside(path: Path, folder: Path) -> Path:
    """Move ``path`` into ``folder`` under its own name, or a numbered one if that is taken."""
    target, number = folder / path.name, 1
    while os.path.lexists(target):
        target, number = folder / f"{path.stem}.{number}{path.suffix}", number + 1
    path.rename(target)
    return target


def find(corpus: Path, key: str) -> Entry:
    """The entry whose id is ``key``, or the only one whose id contains it."""
    if not key or Path(key).name != key or "\0" in key or key.startswith("."):
        raise UsageError(f"编号“{key}”不是语料库中的编号(编号是名称,不是路径;可用 drafter corpus list 查看)")
    names = _names(corpus)
    exact = corpus / f"{key}.yaml"
    matches = [exact] if exact in names else [p for p in names if key in p.stem]
    if len(matches) == 1:
        entry = read_entry(matches[0])
        if isinstance(entry, Skipped):
            raise InputError(entry.reason, entry.path, entry.line)
        return entry
    if not matches:
        raise InputError(f"语料库中没有“{key}”(可用 drafter corpus list 查看编号)", corpus)
    raise UsageError(f"“{key}”对应多篇:{'、'.join(p.stem for p in matches[:5])},请写完整编号", corpus)


def latest(corpus: Path, issuer: str, before: int | None = None) -> Entry:
    """The issuer's newest plan in the corpus (older than ``before`` when given)."""
    plans = [
        e
        for e in entries(corpus)
        if e.plan.issuer == issuer and (before is None or (e.plan.year or 0) < before)
    ]
    if not plans:
        raise InputError(
            f"语料库中没有“{issuer}”{'在' + str(before) + '年之前' if before else ''}的计划", corpus
        )
    return max(plans, key=lambda e: (e.plan.year or 0, e.id))


def ingest(
    path: Path,
    corpus: Path,
    issuer: str | None = None,
    year: int | None = None,
    url: str = "",
    force: bool = False,
    parsed: Plan | None = None,
) -> IngestResult:
    """Parse one file and add it to the corpus (see the module docstring); ``parsed``: the
    file's plan when the caller has just parsed it (a folder's ingest), so it is not parsed twice.

    A file of several documents (``Plan.parts``) gives one entry per document that has items,
    all with the file as their source: the first under the usual id, the n-th under that id's
    form with “-n” after the hash; each is recognised on its own when the file comes again,
    and ``force`` replaces them all.
    """
    from ..parse.plan import parse_file  # the parser's patterns cost start-up that listing does not need

    if year is not None and year_problem(year):
        raise UsageError(f"年度有误:{year_problem(year)}")
    if parsed is None:
        with collector_paused():  # a 50 MB plan: millions of objects, no cycles
            parsed = parse_file(path)
    plan = parsed
    parts = [(number, part) for number, part in enumerate(plan.parts(), start=1) if part.all_items()]
    if not parts:
        raise InputError("未识别出任何条目,未加入语料库", path)
    several = len(plan.parts()) > 1
    plan.more_parts = []  # each document is an entry of its own
    data = path.read_bytes()
    digest = plan.source.sha256
    if not SHA256.fullmatch(digest):  # drafter's own YAML (a draft) names no source: its own bytes
        digest = hashlib.sha256(data).hexdigest()
    for _, part in parts:
        if not SHA256.fullmatch(part.source.sha256):
            part.source.sha256, part.source.format = digest, part.source.format or "yaml"
    # the "already there?" check and the write: one step for every writer
    with corpus_lock(corpus), collector_paused():
        present = _by_digest(corpus, digest)
        results: list[IngestResult] = []
        for number, part in parts:  # the source's bytes are stored once, beside the first entry
            stored = str(results[0].entry.plan.source.provenance["stored"]) if results else ""
            given = (issuer, year, url, force)
            number_in_file = number if several else 0
            results.append(
                _add(path, corpus, part, data, digest, given, present.get(number), number_in_file, stored)
            )
        if force:  # a document the file no longer yields leaves with its old reading
            kept = {number for number, _ in parts}
            for number, entry in present.items():
                if number not in kept:
                    entry.path.unlink()
        first, *more = results
        first.more_parts = more
        return first


def _add(
    path: Path,
    corpus: Path,
    plan: Plan,
    data: bytes,
    digest: str,
    given: tuple[str | None, int | None, str, bool],
    existing: Entry | None,
    part: int,
    stored: str,
) -> IngestResult:
    """Store one document of the file (``part``: its number in a file of several, else 0;
    ``stored``: where an earlier document of the file keeps the source, "" for the first)."""
    issuer, year, url, force = given
    if existing is not None and not force:
        return IngestResult(path, existing, added=False)
    today = dt.date.today().isoformat()
    provenance: dict[str, object] = {"ingested": today, "parser": f"drafter {__version__}"}
    name = path.name
    if existing is not None:  # re-parsed with --force: the entry keeps where it came from
        before = existing.plan.source
        name, url = before.path, url or before.url
        kept = {k: v for k, v in before.provenance.items() if k in _KEPT_ON_REPARSE}
        provenance = {**provenance, **kept, "reparsed": today}
    if issuer:
        provenance["issuer_from_document"] = plan.issuer
        plan.issuer = issuer
    if year is not None:
        provenance["year_from_document"] = plan.year
        plan.year = year
    entry_id = existing.id if existing is not None else make_id(plan, digest, part)
    stored = stored or f"sources/{entry_id}{path.suffix.lower()}"
    if part:
        provenance["part"] = part
    plan.source.path = name
    plan.source.url = url or plan.source.url  # a URL given wins over the one the file names
    plan.source.provenance = plan.source.provenance | provenance | {"stored": stored}
    from .serialize import plan_from_dict, plan_to_dict

    record = plan_to_dict(plan)
    plan_from_dict(record, path)  # an entry is written only if it reads back
    make_folder(corpus)
    write_atomic(corpus / stored, data)
    target = corpus / f"{entry_id}.yaml"
    write_entry(target, record)
    return IngestResult(path, Entry(entry_id, target, plan), added=True)


def write_entry(target: Path, record: dict[str, Any]) -> None:
    """Write a corpus entry (``plan_to_dict`` of its plan) atomically, under the corpus header."""
    from .serialize import dump_yaml

    write_atomic(target, dump_yaml(record, _HEADER).encode("utf-8"))


def make_id(plan: Plan, digest: str, part: int = 0) -> str:
    """``<year>-<issuer>-<sha8>``, safe as a file name on every system; the second and later
    documents of a file add ``-<n>``."""
    issuer = re.sub(r"[^\w\u4e00-\u9fff]+", "_", plan.issuer).strip("_") or "未知"
    return f"{plan.year or '0000'}-{issuer}-{digest[:8]}" + (f"-{part}" if part > 1 else "")


def _by_digest(corpus: Path, digest: str) -> dict[int, Entry]:
    """The entries of the source with this sha256 by the number of their document in the file
    (1 for a file of one; a damaged entry is no match)."""
    found: dict[int, Entry] = {}
    if not corpus.is_dir():
        return found
    named = re.compile(rf".*-{digest[:8]}(?:-\d+)?")
    for path in _names(corpus):
        if named.fullmatch(path.stem):
            entry = read_entry(path)
            if isinstance(entry, Entry) and entry.plan.source.sha256 == digest:
                found.setdefault(int(entry.plan.source.provenance.get("part") or 1), entry)
    return found
