"""The search index of a corpus: every item (title and text) under hashed character bigrams.

Layout (one folder per built version, numpy arrays opened memory-mapped, so loading
costs milliseconds)::

    current          the name of the version in use (replaced by a rename: read whole or not at all)
    files.json       the corpus files as last seen: name → size, times, inode, sha256
    build.lock       held by the one process building; read.lock: see "Concurrency" below
    v-XXXXXXXX/      a version, holding:
      meta.json      corpus fingerprint, file sizes, BM25 parameters, the plans (id, title, issuer, year…)
      buckets.npy    int32  the bigram buckets that occur, ascending
      indptr.npy     int64  per such bucket: where its postings start (term-major CSR), and the end
      docs.npy       int32  postings: the item of each (bigram, item) pair, ascending per bucket
      impacts.npy    float16 postings: BM25's term-frequency part, tf·(k1+1)/(tf+k1·(1−b+b·len/avglen))
      plan.npy, year.npy, theme.npy   per item: its plan, year (int32) and standard-structure theme
      records.bin + offsets.npy       per item: title, text, path, units and attachment (JSON), read on demand
      plain.bin + plain_offsets.npy   per item: its normalized title and text (UTF-8), for the rerank

Every item of a plan is indexed: the body's and each attachment's (a task list after a cover
notice is often where the measures are); an attachment's item has its label first in its path
(“附件1/三/2”) and the attachment's title in its record, and the plan's issuer and year.

Character bigrams need no segmenter and are what Chinese plan language shares across
wordings; hashing them (2**22 buckets) needs no vocabulary to load. The index sits in
``<corpus>/.index`` (or the user cache for a corpus that cannot be written).

Staleness. The index records the corpus's fingerprint — a hash of its YAML files' names
and contents — and is rebuilt whenever the corpus's current fingerprint differs, so it
is never served stale. Hashing every file on every query would cost a quarter of a
second on a national corpus, so ``files.json`` keeps, per file, the sha256 read at a
moment when the file had a given *signature* (size, modification time, change time,
inode); a file whose signature is unchanged is not read again. Why that is sound:

- every write to a file, and every change of its times (``touch``, ``os.utime``), sets
  its change time (ctime) to the current time, and no program can set ctime back; a
  file replaced by another (an editor's or ingest's rename) has a new inode and ctime.
  So an edit — even one keeping the size and the modification time — changes the
  signature, unless it falls in the same tick of the filesystem's clock as the change
  the signature recorded;
- that one gap (git's "racily clean" files) is closed by recording a signature only
  when the file's last change is RACY_NS older than the moment it was looked at: a
  later edit then carries a later ctime. A younger file is hashed again on each check
  until it has aged;
- a file added, removed or renamed changes the names listed (the directory is read on
  every check), and with them the fingerprint;
- ``files.json`` is only a cache of true facts (this signature ↔ these contents): a lost,
  damaged or foreign one costs a re-read, never a wrong answer, so it is written without
  fsync and may be refreshed by concurrent processes.

What it assumes: a filesystem that updates ctime on change (every POSIX filesystem; on
Windows, where ``st_ctime`` is the creation time, a deliberate reset of the
modification time with the size unchanged goes unseen) and a clock that does not jump
back by more than RACY_NS. ``drafter index --rebuild`` re-reads everything.

Damage. Opening a version checks every file's size against meta.json and the arrays'
shapes against each other; any mismatch (a truncated, emptied or missing file) counts as
no index, and it is built again.

Concurrency. One process builds at a time (``build.lock``; a second waits, then uses what
the first built when it is current). A build writes a new version folder, then replaces
``current``: a reader sees the old version or the new one, never a half one. Readers hold
``read.lock`` shared only while they read ``current`` and open its files (an open file
outlives its deletion); a builder takes it exclusively for a moment after the swap, and
then every version but the current one — superseded, or left by a killed build — is
deleted: no reader is between reading the pointer and opening its files.

Trust. The index is a cache of the corpus's text shown as the corpus's text, so its
folder must be ours alone: created with mode 0700, and refused when another user owns it
or may write to it (a shared temporary folder, where another user could pre-create
it). An index whose plan ids or fingerprint differ from the corpus's is rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import re
import shutil
import stat
import tempfile
import time
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..lang.width import fold
from ..model import Item, Plan
from ..store.lock import locked

BITS = 22  # 4M buckets: 100k items use 0.7M (few share one); the build's per-bucket tables are 32 MB
# BM25: term-frequency saturation k1 (the customary 1.2) and length normalization b; b 0.5 and
# the customary 0.75 measure alike (suggest_quality.py recall@5: full 76 / 75 %, titles 69 / 71 %)
K1, B = 1.2, 0.5
BUCKETS = 1 << BITS
# of the index layout: 6 paths with sub-sections in parentheses (“三/(八)/4”); 7 files.json;
# 8 versioned folders, file sizes in meta.json, 32-bit years; 9 attachments' items (“附件1/三/2”)
VERSION = 9
FILES = "files.json"
CURRENT = "current"
BUILD_LOCK, READ_LOCK = "build.lock", "read.lock"
_VERSION_PREFIX = "v-"
_ARRAYS = ("buckets", "indptr", "docs", "impacts", "plan", "year", "theme", "offsets", "plain_offsets")
_LAYOUT = (*(f"{name}.npy" for name in _ARRAYS), "records.bin", "plain.bin")
# Years are kept as int32, which holds every real year; a YAML's absurd one is clamped (the
# year filters still order it right) instead of overflowing.
_YEAR_RANGE = (-(2**31), 2**31 - 1)
# Leftovers no lock covers (temporary files of files.json and current, build folders of
# drafter before version 8) are removed once this old: far longer than any write or build.
STALE_SECONDS = 3600
# A file's signature stands for its contents only once its last change is this much older
# than the check that recorded it (a same-tick edit keeps the times); 2 s covers the
# coarsest filesystem clocks (FAT's 2 s modification times).
RACY_NS = 2_000_000_000
_CHUNK = 20_000  # items hashed at a time while building: bounds the build's memory
_LABEL = re.compile(r"^(?:工作措施|主要措施|具体措施|工作目标|主要目标|工作任务)[:：]")
_KEEP = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")


def normalize(text: str) -> str:
    """What matching compares: width folded, labels like “工作措施:”, spaces and punctuation gone."""
    return _KEEP.sub("", _LABEL.sub("", fold(text).strip()))


def bigram_ids(codes: np.ndarray) -> np.ndarray:
    """Hash the bigrams of an array of code points into buckets."""
    first = codes[:-1].astype(np.uint64)
    second = codes[1:].astype(np.uint64)
    # multiply-xor with two odd 64-bit constants (the golden ratio's, murmur3's), keep the top bits
    mixed = (first * np.uint64(0x9E3779B97F4A7C15)) ^ (second * np.uint64(0xC2B2AE3D27D4EB4F))
    return ((mixed >> np.uint64(64 - BITS)) & np.uint64(BUCKETS - 1)).astype(np.int64)


def query_terms(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The distinct bigram buckets of a normalized text and how often each occurs."""
    if len(text) < 2:
        text = text * 2  # a one-character query still means something
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    terms, counts = np.unique(bigram_ids(codes), return_counts=True)
    return terms, counts


def document(title: str, text: str) -> str:
    """The indexed form of an item: the title counts twice (it names the measure)."""
    return normalize(f"{title}{title}{text}") if title else normalize(text)


def labelled_items(plan: Plan) -> Iterator[tuple[tuple[str, ...], Item, Plan]]:
    """Every item of the body and of each attachment, in document order, with the parts of its
    path (an attachment's label first: “附件1”, “三”, “2”) and the document it is in."""
    for label, part in plan.documents():
        for parts, item in part.walk():
            yield ((label, *parts) if label else parts), item, part


@dataclass
class Record:
    """What a result shows about an item."""

    title: str
    text: str
    path: list[str]
    units: list[str]
    lead: list[str]
    plan: dict[str, Any]
    plain: str  # normalized title and text, what fuzzy scores compare
    attachment: str = ""  # the title of the attachment the item is in ("" for the body)


class Index:
    """A built index, opened read-only and checked whole (see "Damage" in the module docstring)."""

    def __init__(self, folder: Path, meta: dict[str, Any] | None = None):
        """Open the index in ``folder`` (``meta``: its meta.json, when already read); ValueError
        when its files do not fit together."""
        self.folder = folder
        self.meta = meta or json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        sizes = self.meta["sizes"]
        for name in _LAYOUT:
            if (folder / name).stat().st_size != sizes[name]:
                raise ValueError(f"{name}: not the size meta.json records")
        # plain ndarray views of the memory maps: same pages, cheaper indexing
        load = lambda name: np.load(folder / f"{name}.npy", mmap_mode="r").view(np.ndarray)  # noqa: E731
        self.buckets, self.indptr = load("buckets"), load("indptr")
        self.docs, self.impacts = load("docs"), load("impacts")
        self.plan_of, self.year = load("plan"), load("year")
        self.theme, self.offsets, self.plain_offsets = load("theme"), load("offsets"), load("plain_offsets")
        # mapped now, not when first read: a later build may delete this folder (see "Concurrency")
        self._records, self._plain = self._map("records.bin"), self._map("plain.bin")
        self.plan_ids = [str(plan["id"]) for plan in self.meta["plans"]]  # the corpus files' stems
        self._check(sizes)

    def _check(self, sizes: dict[str, int]) -> None:
        items, postings = self.size, len(self.docs)
        shapes = {
            "indptr": (len(self.indptr), len(self.buckets) + 1),
            "impacts": (len(self.impacts), postings),
            "plan": (len(self.plan_of), items),
            "year": (len(self.year), items),
            "theme": (len(self.theme), items),
            "offsets": (len(self.offsets), items + 1),
            "plain_offsets": (len(self.plain_offsets), items + 1),
        }
        wrong = [name for name, (found, expected) in shapes.items() if found != expected]
        if wrong or int(self.indptr[-1]) != postings:
            raise ValueError(f"arrays of the wrong length: {wrong or ['docs']}")
        if int(self.offsets[-1]) != sizes["records.bin"] or int(self.plain_offsets[-1]) != sizes["plain.bin"]:
            raise ValueError("offsets past the end of records.bin or plain.bin")
        if items and not 0 <= int(self.plan_of.min()) <= int(self.plan_of.max()) < len(self.plan_ids):
            raise ValueError("items of plans meta.json does not list")

    @property
    def size(self) -> int:
        return int(self.meta["items"])

    def spans(self, terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each bucket's postings start and end (equal for a bucket that never occurs)."""
        at = np.searchsorted(self.buckets, terms)
        inside = at < len(self.buckets)
        found = np.zeros(len(terms), dtype=bool)
        found[inside] = self.buckets[at[inside]] == terms[inside]
        starts = np.where(found, self.indptr[np.minimum(at, len(self.buckets))], 0)
        ends = np.where(found, self.indptr[np.minimum(at + 1, len(self.buckets))], 0)
        return starts, ends

    def _map(self, name: str) -> Any:
        import mmap

        with (self.folder / name).open("rb") as handle:
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if self.size else b""

    def plain(self, doc: int) -> str:
        """An item's normalized title and text."""
        start, end = int(self.plain_offsets[doc]), int(self.plain_offsets[doc + 1])
        return self._plain[start:end].decode("utf-8")

    def record(self, doc: int) -> Record:
        start, end = int(self.offsets[doc]), int(self.offsets[doc + 1])
        data = json.loads(self._records[start:end].decode("utf-8"))
        plan = self.meta["plans"][int(self.plan_of[doc])]
        return Record(
            data["t"], data["x"], data["p"], data["u"], data["l"], plan, self.plain(doc), data.get("a", "")
        )


def theme_number(item: Any, structure: Any) -> int:
    """The standard-structure theme an item falls under, numbered from 1 (0: none) — the
    same numbering for the indexed items and for a query."""
    from ..knowledge.structure import classify, themes_of

    theme = classify(item, structure)
    return 0 if theme is None else 1 + themes_of(structure).index(theme)


def fingerprint(corpus: Path, known: dict[str, list[Any]] | None = None) -> Snapshot:
    """The corpus's fingerprint (a hash of its plans' names and contents) and the files it
    came from. ``known`` (``files.json``) maps a file name to its signature and sha256: a
    file with the same signature is not read again (the module docstring says why that
    is sound)."""
    known = known or {}
    looked = time.time_ns()  # before any stat: a change after this carries a later ctime
    with os.scandir(corpus) as found:
        listed = sorted((e.name, e) for e in found if e.name.endswith(".yaml") and _is_file(e))
    digest = hashlib.sha256()
    trusted: dict[str, list[Any]] = {}
    for name, entry in listed:
        stat = entry.stat()
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        before = known.get(name)
        if before is not None and before[:4] == signature:
            content = before[4]
        else:
            try:
                content = hashlib.sha256(Path(entry.path).read_bytes()).hexdigest()
            except OSError:  # unreadable: the build leaves it out, with a warning
                content = ""
        if max(stat.st_mtime_ns, stat.st_ctime_ns) < looked - RACY_NS:
            trusted[name] = [*signature, content]
        digest.update(f"{name}\0{content}\n".encode())
    return Snapshot(digest.hexdigest(), [name for name, _ in listed], trusted)


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:  # a symlink loop (the corpus's own listing reports it)
        return False


@dataclass
class Snapshot:
    """The corpus as one check saw it."""

    stamp: str  # the fingerprint
    names: list[str]  # its YAML files, sorted
    trusted: dict[str, list[Any]]  # what files.json keeps: name → [size, mtime, ctime, inode, sha256]


def location(corpus: Path) -> Path:
    """Where a corpus's index lives: beside it, or in the user cache for the bundled corpus,
    for a corpus that cannot be written and for one whose ``.index`` is another user's.
    InputError when the cache folder is not ours alone (see "Trust" in the module docstring)."""
    from ..resources import bundled

    if os.access(corpus, os.W_OK) and corpus.resolve() != bundled("corpus").resolve():
        beside = corpus / ".index"
        if not beside.exists() or _private(beside):
            return beside
    name = hashlib.sha256(str(corpus.resolve()).encode()).hexdigest()[:16]
    try:
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "drafter"
        cache.mkdir(mode=0o700, parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # no usable home: the temporary folder will do
        cache = Path(tempfile.gettempdir()) / f"drafter-{_uid() if _uid() is not None else 0}"
        with contextlib.suppress(FileExistsError):
            cache.mkdir(mode=0o700)
    _require_private(cache)
    return cache / name


def _uid() -> int | None:
    return os.geteuid() if hasattr(os, "geteuid") else None


def _require_private(folder: Path) -> None:
    if not _private(folder):
        advice = "请删除它,或用 XDG_CACHE_HOME 另指缓存位置"
        raise InputError(f"索引文件夹属于其他用户或他人可写,为安全起见不予使用({advice})", folder)


def _private(folder: Path) -> bool:
    """Whether ``folder`` is a folder only we can write to (a link to one counts when the
    link is ours too)."""
    uid = _uid()
    try:
        link, target = folder.lstat(), folder.stat()
    except OSError:
        return False
    if uid is None:  # Windows: folders in the user's profile are private already
        return stat.S_ISDIR(target.st_mode)
    return (
        stat.S_ISDIR(target.st_mode)
        and link.st_uid == uid
        and target.st_uid == uid
        and not target.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


@dataclass
class Built:
    """An index ready to query, and how it came to be."""

    index: Index
    rebuilt: bool
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        """Where the index is, what it holds, its size on disk and what building it took."""
        meta = self.index.meta  # sizes as built: a newer build may already have deleted the folder
        return {
            "folder": str(self.index.folder),
            "plans": len(meta["plans"]),
            "items": self.index.size,
            "bytes": sum(meta["sizes"].values()),
            "rebuilt": self.rebuilt,
            "seconds": round(self.seconds, 3),
        }


def open_index(corpus: Path, rebuild: bool = False, progress: Any = None) -> Built:
    """The corpus's index, built first when missing, stale or damaged. ``progress(total,
    label)``, if given, is a context manager yielding a function called once per plan read
    (a progress bar). Entries of the corpus that cannot be read are left out, each with a
    ``SkippedEntryWarning``."""
    from ..store.corpus import warn_skipped

    base = location(corpus)
    with contextlib.suppress(FileExistsError):
        base.mkdir(mode=0o700, parents=True)
    _require_private(base)
    if not rebuild:
        found = _fresh(corpus, base)
        if found is not None:
            warn_skipped(found.meta.get("skipped", []))
            return Built(found, False, 0.0)
    with locked(base / BUILD_LOCK):
        if not rebuild:  # built by another process while this one waited?
            found = _fresh(corpus, base)
            if found is not None:
                warn_skipped(found.meta.get("skipped", []))
                return Built(found, False, 0.0)
        start = time.perf_counter()
        _sweep(base)  # what a killed build left: free its space before taking more
        snapshot = fingerprint(corpus, _known(base))
        version = _build(corpus, base, snapshot, progress)
        _replace(base / CURRENT, version.name)
        _write_files(base, snapshot.trusted)
        _sweep(base)  # the version replaced
        index = Index(version)
        warn_skipped(index.meta.get("skipped", []))
        return Built(index, True, time.perf_counter() - start)


def _fresh(corpus: Path, base: Path) -> Index | None:
    """The current version when it opens whole and indexes the corpus as it is now."""
    with locked(base / READ_LOCK, shared=True):
        index = _open(base)
    known = _known(base)
    snapshot = fingerprint(corpus, known)
    if index is None or index.meta.get("fingerprint") != snapshot.stamp:
        return None
    if index.plan_ids != [name.removesuffix(".yaml") for name in snapshot.names]:
        return None  # a fingerprint that matches plans other than the corpus's: not this corpus's index
    if snapshot.trusted != known:  # files touched or aged: keep what was learnt
        with contextlib.suppress(OSError):
            _write_files(base, snapshot.trusted)
    return index


def _open(base: Path) -> Index | None:
    """The version ``current`` names, or None when there is none or it is damaged."""
    try:
        name = (base / CURRENT).read_text(encoding="utf-8")
        if not name.startswith(_VERSION_PREFIX) or os.sep in name or "/" in name:
            return None
        meta = json.loads((base / name / "meta.json").read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or meta.get("version") != VERSION:
            return None
        return Index(base / name, meta)
    except (OSError, ValueError, EOFError, KeyError, TypeError, IndexError, AttributeError):
        return None  # missing, unreadable or damaged: build it again


def _known(base: Path) -> dict[str, list[Any]]:
    with contextlib.suppress(OSError, ValueError):
        known = json.loads((base / FILES).read_text(encoding="utf-8"))
        if isinstance(known, dict):
            return known
    return {}


def _replace(target: Path, text: str) -> None:
    """Replace a small file through a rename (a cache: no fsync; see the module docstring)."""
    temp = target.with_name(f".{target.name}.{os.getpid()}-{time.time_ns()}.tmp")
    try:
        with temp.open("x", encoding="utf-8") as stream:
            stream.write(text)
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _write_files(base: Path, trusted: dict[str, list[Any]]) -> None:
    _replace(base / FILES, json.dumps(trusted, ensure_ascii=False))


_LEGACY_BUILD = re.compile(r"\.index-[a-z0-9_]{8}")  # drafter before version 8 built beside .index


def _sweep(base: Path) -> None:
    """Delete every version but the current one, and leftovers of our own naming. Called with
    the build lock held: no build is running, so a version not current is superseded or a
    killed build's; taking the read lock once lets every reader finish opening first."""
    with locked(base / READ_LOCK):
        current = (base / CURRENT).read_text(encoding="utf-8") if (base / CURRENT).exists() else ""
    old = time.time() - STALE_SECONDS
    for entry in os.scandir(base):
        if entry.name.startswith(_VERSION_PREFIX) and entry.name != current and entry.is_dir():
            shutil.rmtree(entry.path, ignore_errors=True)
        elif entry.name in _LAYOUT or entry.name == "meta.json":  # the layout before version 8
            Path(entry.path).unlink(missing_ok=True)
        elif entry.name.startswith(".") and entry.name.endswith(".tmp") and _older(entry, old):
            Path(entry.path).unlink(missing_ok=True)  # what _replace left when killed
    with contextlib.suppress(OSError):
        for entry in os.scandir(base.parent):
            legacy = _LEGACY_BUILD.fullmatch(entry.name) or entry.name == f"{base.name}.old"
            if legacy and entry.is_dir(follow_symlinks=False) and _older(entry, old):
                shutil.rmtree(entry.path, ignore_errors=True)


def _older(entry: os.DirEntry[str], moment: float) -> bool:
    with contextlib.suppress(OSError):
        return entry.stat(follow_symlinks=False).st_mtime < moment
    return False


def _build(corpus: Path, base: Path, snapshot: Snapshot, progress: Any = None) -> Path:
    """Build the index of a corpus into a new version folder in ``base`` and return it (the
    caller holds the build lock and makes it current); an interrupted build removes it.

    Plans are read one at a time and everything per item streamed to disk, so memory holds
    a few numbers per item and one chunk of items at a time.
    """
    from ..knowledge.structure import load_structure
    from ..store.corpus import Skipped, read_entry

    structure = load_structure()
    plans: list[dict[str, Any]] = []
    skipped: list[str] = []  # entries that cannot be read, reported again when the index is used
    items = 0
    plan_ids, years, themes = array("i"), array("i"), array("b")
    offsets, plain_offsets = array("q", [0]), array("q", [0])
    work = Path(tempfile.mkdtemp(prefix=_VERSION_PREFIX, dir=base))
    try:
        paths = [corpus / name for name in snapshot.names]
        bar = progress(len(paths), "建立索引") if progress else contextlib.nullcontext(lambda: None)
        documents = work / "documents.txt"  # the indexed form of each item, one a line
        with (
            (work / "records.bin").open("wb") as records,
            (work / "plain.bin").open("wb") as plain,
            documents.open("w", encoding="utf-8") as indexed,
            bar as advance,
        ):
            for yaml_path in paths:
                advance()
                entry = read_entry(yaml_path)
                if isinstance(entry, Skipped):
                    skipped.append(str(entry))
                    continue
                plan = entry.plan
                source = plan.source
                plans.append({"id": yaml_path.stem, "title": plan.title, "issuer": plan.issuer,
                              "year": plan.year, "doc_type": plan.doc_type, "source": source.path,
                              "sha256": source.sha256})  # fmt: skip
                for path, item, part in labelled_items(plan):
                    indexed.write(document(item.title, item.text) + "\n")
                    items += 1
                    plan_ids.append(len(plans) - 1)
                    years.append(_clamp_year(plan.year))
                    themes.append(theme_number(item, structure))
                    record = {
                        "t": item.title,
                        "x": item.text,
                        "p": list(path),
                        "u": item.all_units(),
                        "l": item.lead,
                    }
                    if part is not plan:  # an attachment's item: its title, for the result to name
                        record["a"] = part.title
                    data = json.dumps(record, ensure_ascii=False).encode("utf-8")
                    records.write(data)
                    offsets.append(offsets[-1] + len(data))
                    data = normalize(item.title + item.text).encode("utf-8")
                    plain.write(data)
                    plain_offsets.append(plain_offsets[-1] + len(data))
        lengths = _postings(documents, items, work)
        documents.unlink()
        np.save(work / "plan.npy", np.asarray(plan_ids, dtype=np.int32))
        np.save(work / "year.npy", np.asarray(years, dtype=np.int32))
        np.save(work / "theme.npy", np.asarray(themes, dtype=np.int8))
        np.save(work / "offsets.npy", np.asarray(offsets, dtype=np.int64))
        np.save(work / "plain_offsets.npy", np.asarray(plain_offsets, dtype=np.int64))
        meta = {
            "version": VERSION, "fingerprint": snapshot.stamp, "items": items, "plans": plans,
            "avgdl": _average(lengths), "bits": BITS, "skipped": skipped,
            "sizes": {name: (work / name).stat().st_size for name in _LAYOUT},
        }  # fmt: skip
        (work / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        return work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _clamp_year(year: Any) -> int:
    """A plan's year as the index keeps it (0: none)."""
    if not isinstance(year, int) or isinstance(year, bool):
        return 0
    return min(max(year, _YEAR_RANGE[0]), _YEAR_RANGE[1])


def _average(lengths: np.ndarray) -> float:
    return max(float(lengths.mean()), 1.0) if len(lengths) else 1.0


def _chunk_pairs(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(bucket, item within the chunk, count) of each distinct pair, ordered by bucket then
    item, and the items' lengths."""
    joined = "\0".join(texts) + "\0"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    doc_of = np.repeat(np.arange(len(texts), dtype=np.int64), lengths + 1)
    keep = (codes[:-1] != 0) & (codes[1:] != 0)
    terms = bigram_ids(codes)[keep]
    docs = doc_of[:-1][keep]
    pairs, counts = np.unique(terms * len(texts) + docs, return_counts=True)
    return pairs // len(texts), pairs % len(texts), counts, np.maximum(lengths - 1, 1)


def _chunks(documents: Path) -> Iterator[list[str]]:
    with documents.open(encoding="utf-8") as handle:
        while chunk := [line.rstrip("\n") for line in itertools.islice(handle, _CHUNK)]:
            yield chunk


def _postings(documents: Path, items: int, work: Path) -> np.ndarray:
    """Write the term-major postings in two passes over the documents (count, then place),
    a chunk at a time, to bound memory."""
    df = np.zeros(BUCKETS, dtype=np.int64)
    lengths = np.zeros(items, dtype=np.float64)
    for number, chunk in enumerate(_chunks(documents)):
        start = number * _CHUNK
        terms, _, _, chunk_lengths = _chunk_pairs(chunk)
        df += np.bincount(terms, minlength=BUCKETS)
        lengths[start : start + len(chunk_lengths)] = chunk_lengths
    indptr = np.zeros(BUCKETS + 1, dtype=np.int64)
    np.cumsum(df, out=indptr[1:])
    total = int(indptr[-1])
    docs = np.lib.format.open_memmap(work / "docs.npy", mode="w+", dtype=np.int32, shape=(total,))
    impacts = np.lib.format.open_memmap(work / "impacts.npy", mode="w+", dtype=np.float16, shape=(total,))
    norms = K1 * (1 - B + B * lengths / _average(lengths))
    fill = indptr[:-1].copy()
    for number, chunk in enumerate(_chunks(documents)):  # in order: each bucket's postings ascend
        start = number * _CHUNK
        terms, local, counts, _ = _chunk_pairs(chunk)  # ordered by bucket, then item
        unique, first, group = np.unique(terms, return_index=True, return_counts=True)
        rank = np.arange(len(terms)) - np.repeat(first, group)
        positions = fill[terms] + rank
        docs[positions] = (local + start).astype(np.int32)
        impacts[positions] = (counts * (K1 + 1) / (counts + norms[local + start])).astype(np.float16)
        fill[unique] += group
    docs.flush()
    impacts.flush()
    del docs, impacts
    present = np.flatnonzero(df)  # most of the 2**22 buckets are empty in a small corpus
    np.save(work / "buckets.npy", present.astype(np.int32))
    np.save(work / "indptr.npy", np.append(indptr[present], total))
    return lengths
