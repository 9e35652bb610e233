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
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..errors import DrafterError, InputError, SkippedEntryWarning, UsageError, os_error
from ..memory import collector_paused
from ..model import Plan, year_problem
from ..resources import bundled
from .files import exists, make_folder, write_atomic
from .lock import corpus_lock
from .serialize import dump_yaml, load_plan, plan_from_dict, plan_to_dict

_HEADER = "# drafter 语料:由 drafter ingest 解析生成;原文见 sources/ 目录。\n"
QUARANTINE = ".quarantine"  # where ``quarantine`` moves bad entries (never deleted)
_SHA256 = re.compile(r"[0-9a-f]{64}")


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
        items = self.plan.items()
        return {
            "id": self.id,
            "title": self.plan.title,
            "issuer": self.plan.issuer,
            "year": self.plan.year,
            "doc_type": self.plan.doc_type,
            "sections": len(self.plan.sections),
            "items": len(items),
            "items_with_units": sum(1 for i in items if i.all_units()),
            "source": self.plan.source.path,
        }


@dataclass
class IngestResult:
    """What ingest did with one file."""

    source: Path
    entry: Entry
    added: bool  # False when the same content was already in the corpus


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
    return sorted(path for path in corpus.iterdir() if path.name.endswith(".yaml"))


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
) -> IngestResult:
    """Parse one file and add it to the corpus (see the module docstring)."""
    from ..parse.plan import parse_file  # the parser's patterns cost start-up that listing does not need

    if year is not None and year_problem(year):
        raise UsageError(f"年度有误:{year_problem(year)}")
    with collector_paused():  # a 50 MB plan: millions of objects, no cycles
        plan = parse_file(path)
    if not plan.items():
        raise InputError("未识别出任何条目,未加入语料库", path)
    data = path.read_bytes()
    digest = plan.source.sha256
    if not _SHA256.fullmatch(digest):  # drafter's own YAML (a draft) names no source: its own bytes
        digest = hashlib.sha256(data).hexdigest()
        plan.source.sha256, plan.source.format = digest, plan.source.format or "yaml"
    # the "already there?" check and the write: one step for every writer
    with corpus_lock(corpus), collector_paused():
        return _add(path, corpus, plan, data, digest, issuer, year, url, force)


def _add(
    path: Path,
    corpus: Path,
    plan: Plan,
    data: bytes,
    digest: str,
    issuer: str | None,
    year: int | None,
    url: str,
    force: bool,
) -> IngestResult:
    existing = _by_digest(corpus, digest)
    if existing is not None and not force:
        return IngestResult(path, existing, added=False)
    today = dt.date.today().isoformat()
    provenance: dict[str, object] = {"ingested": today, "parser": f"drafter {__version__}"}
    name = path.name
    if existing is not None:  # re-parsed with --force: the entry keeps where it came from
        before = existing.plan.source
        name, url = before.path, url or before.url
        provenance = {**before.provenance, "parser": provenance["parser"], "reparsed": today}
    if issuer:
        provenance["issuer_from_document"] = plan.issuer
        plan.issuer = issuer
    if year is not None:
        provenance["year_from_document"] = plan.year
        plan.year = year
    entry_id = existing.id if existing is not None else make_id(plan, digest)
    suffix = path.suffix.lower()
    stored = f"sources/{entry_id}{suffix}"
    plan.source.path = name
    plan.source.url = url or plan.source.url  # a URL given wins over the one the file names
    plan.source.provenance = plan.source.provenance | provenance | {"stored": stored}
    record = plan_to_dict(plan)
    plan_from_dict(record, path)  # an entry is written only if it reads back
    make_folder(corpus)
    write_atomic(corpus / stored, data)
    target = corpus / f"{entry_id}.yaml"
    write_atomic(target, dump_yaml(record, _HEADER).encode("utf-8"))
    return IngestResult(path, Entry(entry_id, target, plan), added=True)


def make_id(plan: Plan, digest: str) -> str:
    """``<year>-<issuer>-<sha8>``, safe as a file name on every system."""
    issuer = re.sub(r"[^\w\u4e00-\u9fff]+", "_", plan.issuer).strip("_") or "未知"
    return f"{plan.year or '0000'}-{issuer}-{digest[:8]}"


def _by_digest(corpus: Path, digest: str) -> Entry | None:
    """The entry of the source with this sha256 (a damaged entry is no match)."""
    if not corpus.is_dir():
        return None
    for path in _names(corpus):
        if path.stem.endswith(f"-{digest[:8]}"):
            entry = read_entry(path)
            if isinstance(entry, Entry) and entry.plan.source.sha256 == digest:
                return entry
    return None
