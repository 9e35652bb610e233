"""The corpus: past plans, one YAML per document, with their raw sources and provenance.

Layout of a corpus folder::

    <id>.yaml            the parsed plan (readable; loads back to an equal plan)
    sources/<id>.<ext>   the bytes the plan was parsed from, unchanged

The id is ``<year>-<issuer>-<first 8 hex digits of the source's sha256>``. Ingest is
idempotent (the same bytes twice are one entry), never touches the file it reads,
and writes each file atomically, source first and YAML last: a plan is in the corpus
once its YAML exists, so an interrupted run leaves at most an unused source behind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..errors import InputError, UsageError
from ..model import Plan
from ..resources import bundled
from .files import write_atomic
from .lock import corpus_lock
from .serialize import dump_yaml, load_plan, plan_to_dict

_HEADER = "# drafter 语料:由 drafter ingest 解析生成;原文见 sources/ 目录。\n"


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
    if not for_writing and not path.is_dir():
        raise InputError("语料库目录不存在(可先用 drafter ingest 入库)", path)
    if path.exists() and not path.is_dir():
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


def entries(corpus: Path) -> list[Entry]:
    """Every plan in the corpus, ordered by id."""
    return [Entry(p.stem, p, load_plan(p)) for p in sorted(corpus.glob("*.yaml"))]


def find(corpus: Path, key: str) -> Entry:
    """The entry whose id is ``key``, or the only one whose id contains it."""
    exact = corpus / f"{key}.yaml"
    if exact.is_file():
        return Entry(key, exact, load_plan(exact))
    matches = [p for p in sorted(corpus.glob("*.yaml")) if key in p.stem]
    if len(matches) == 1:
        return Entry(matches[0].stem, matches[0], load_plan(matches[0]))
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

    plan = parse_file(path)
    if not plan.items():
        raise InputError("未识别出任何条目,未加入语料库", path)
    digest = plan.source.sha256
    with corpus_lock(corpus):  # the "already there?" check and the write: one step for every writer
        return _add(path, corpus, plan, digest, issuer, year, url, force)


def _add(
    path: Path,
    corpus: Path,
    plan: Plan,
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
    if year:
        provenance["year_from_document"] = plan.year
        plan.year = year
    entry_id = existing.id if existing is not None else make_id(plan, digest)
    suffix = path.suffix.lower()
    stored = f"sources/{entry_id}{suffix}"
    plan.source.path = name
    plan.source.url = url
    plan.source.provenance = provenance | {"stored": stored}
    write_atomic(corpus / stored, path.read_bytes())
    target = corpus / f"{entry_id}.yaml"
    write_atomic(target, dump_yaml(plan_to_dict(plan), _HEADER).encode("utf-8"))
    return IngestResult(path, Entry(entry_id, target, plan), added=True)


def make_id(plan: Plan, digest: str) -> str:
    """``<year>-<issuer>-<sha8>``, safe as a file name on every system."""
    issuer = re.sub(r"[^\w\u4e00-\u9fff]+", "_", plan.issuer).strip("_") or "未知"
    return f"{plan.year or '0000'}-{issuer}-{digest[:8]}"


def _by_digest(corpus: Path, digest: str) -> Entry | None:
    for path in corpus.glob(f"*-{digest[:8]}.yaml"):
        plan = load_plan(path)
        if plan.source.sha256 == digest:
            return Entry(path.stem, path, plan)
    return None
