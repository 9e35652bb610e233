"""The search index of a corpus: every item (title and text) under hashed character bigrams.

Layout (one folder per built version, numpy arrays opened memory-mapped, so opening costs
milliseconds whatever the corpus's size: nothing per plan or per item is read until used)::

    current          the name of the version in use (replaced by a rename: read whole or not at all)
    seen.json        the version known to index the corpus, and the corpus folder's signature then
    build.lock       held by the one process building; read.lock: see "Concurrency" below
    v-XXXXXXXX/      a version, holding:
      meta.json      counts, file sizes, BM25 parameters, the entries left out, and the
                     templates a query reads, parsed (see TEMPLATES)
      files.json     the corpus files indexed: name → size, times, inode, sha256, plan slot
      buckets.npy    int32  the bigram buckets that occur, ascending
      indptr.npy     int64  per such bucket: where its postings start (term-major CSR), and the end
      docs.npy       int32  postings: the item of each (bigram, item) pair, ascending per bucket
      impacts.npy    float16 postings: BM25's term-frequency part, tf·(k1+1)/(tf+k1·(1−b+b·len/avglen))
      plan.npy, year.npy, theme.npy   per item: its plan slot, year (int32) and standard-structure theme
      records.bin + offsets.npy       per item: title, text, path, units and attachment (JSON), read on demand
      plain.bin + plain_offsets.npy   per item: its normalized title and text (UTF-8), for the rerank
      plans.bin + plan_offsets.npy    per plan slot: id, title, issuer, year… (JSON), read on demand
      signatures.npy, contents.npy    per plan slot: its file's signature and sha256, to check a result

Every item of a plan is indexed: the body's and each attachment's (a task list after a cover
notice is often where the measures are); an attachment's item has its label first in its path
(“附件1/三/2”) and the attachment's title in its record, and the plan's issuer and year.

Character bigrams need no segmenter and are what Chinese plan language shares across
wordings; hashing them (2**22 buckets) needs no vocabulary to load. The index sits in
``<corpus>/.index`` (or the user cache for a corpus that cannot be written).

Staleness. A file's *signature* is its size, modification time, change time (ctime) and
inode. Every write to a file, and every change of its times (``touch``, ``os.utime``),
sets its ctime to the current time, and no program can set ctime back; a file replaced by
another (an editor's or ingest's rename) has a new inode. So an edit — even one keeping
the size and the modification time — changes the signature, unless it falls in the same
tick of the filesystem's clock as the change the signature recorded. That gap (git's
"racily clean" files) is closed by trusting a signature only when its last change is
RACY_NS older than the moment it was taken (a younger one is recorded as zeros, or not at
all). The same holds for the corpus folder, whose times change whenever a file in it is
added, removed, renamed or replaced. Three checks, from cheap to thorough:

- opening: when the corpus folder's signature is the one ``seen.json`` recorded with the
  current version, no file was added, removed, renamed or replaced since (ingest writes
  through a rename, so every ingest is among them): one stat, whatever the corpus's size;
- a result: before an item is shown (``Index.record``), its plan's file is looked at; a
  signature that differs from the indexed one has its contents hashed, and contents that
  differ raise StaleIndex: ``search`` brings the index up to date and asks again. So an
  edit in place is never shown as the old text;
- a survey (the folder changed, a result was stale, or ``check``): every file's
  signature, and the contents of those whose signature differs from the indexed one;
  files added, removed or changed are merged into a new version (see "Updates").

What it assumes: a filesystem that updates ctime on change (every POSIX filesystem; on
Windows, where ``st_ctime`` is the creation time, a deliberate reset of the
modification time with the size unchanged goes unseen) and a clock that does not jump
back by more than RACY_NS. What it does not see at once: an edit in place (no rename)
that gives a file an item it did not have is found by the next survey, not by a query
whose results it is not among: ``drafter index`` surveys (and updates the index for what
it finds), ``drafter index --rebuild`` re-reads everything.

Updates. A survey that finds some files changed writes a new version from the current
one: the items of files gone or changed lose their postings (their plan slots and item
numbers stay, so numbers in use keep their meaning), the items of files new or changed
are appended, their postings at the end of each bucket's (items are numbered in order,
so postings stay ascending), their impacts under the version's average length. Once
too much is dead or new (UPDATE_SHARE), a full build takes its place.

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
it). An index whose files differ from the corpus's is brought up to date, or rebuilt.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import os
import re
import shutil
import stat
import tempfile
import time
import warnings
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..lang.width import fold
from ..store.lock import locked

BITS = 22  # 4M buckets: 100k items use 0.7M (few share one); the build's per-bucket tables are 32 MB
# BM25: term-frequency saturation k1 (the customary 1.2) and length normalization b; b 0.5 and
# the customary 0.75 measure alike (suggest_quality.py recall@5: full 76 / 75 %, titles 69 / 71 %)
K1, B = 1.2, 0.5
BUCKETS = 1 << BITS
# of the index layout: 6 paths with sub-sections in parentheses (“三/(八)/4”); 7 files.json;
# 8 versioned folders, file sizes in meta.json, 32-bit years; 9 attachments' items (“附件1/三/2”);
# 10 plans out of meta.json (plans.bin), the file table per version, seen.json, updates in place of builds
VERSION = 10
FILES = "files.json"
CURRENT = "current"
SEEN = "seen.json"
BUILD_LOCK, READ_LOCK = "build.lock", "read.lock"
_VERSION_PREFIX = "v-"
_ARRAYS = ("buckets", "indptr", "docs", "impacts", "plan", "year", "theme", "offsets", "plain_offsets",
           "plan_offsets", "signatures", "contents")  # fmt: skip
_LAYOUT = (*(f"{name}.npy" for name in _ARRAYS), "records.bin", "plain.bin", "plans.bin", FILES)
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
# An update (see "Updates") gives way to a full build once more than this share of the items
# is dead (replaced: space and idf drift) or of the plans is new (the average length re-fit),
# and never below UPDATE_FLOOR new plans, which an update adds in seconds at any corpus size.
UPDATE_SHARE = 0.25
UPDATE_FLOOR = 100
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


class StaleIndex(Exception):
    """A result's corpus file no longer holds what the index says (edited in place): the
    caller brings the index up to date (``Index.refresh``) and asks again."""


class Index:
    """A built index, opened read-only and checked whole (see "Damage" in the module docstring)."""

    def __init__(self, folder: Path, corpus: Path | None = None, meta: dict[str, Any] | None = None):
        """Open the index in ``folder`` (``meta``: its meta.json, when already read); ValueError
        when its files do not fit together. ``corpus``: the folder it indexes, whose files
        each result is checked against (none: results are not checked)."""
        self.folder, self.corpus = folder, corpus
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
        self.plan_offsets, self.signatures, self.contents = (
            load("plan_offsets"),
            load("signatures"),
            load("contents"),
        )
        # mapped now, not when first read: a later build may delete this folder (see "Concurrency")
        self._records, self._plain = self._map("records.bin"), self._map("plain.bin")
        self._plans_bin, self._files = self._map("plans.bin", always=True), self._map(FILES, always=True)
        self._plans: list[dict[str, Any]] | None = None
        self._issuer_masks: dict[str, np.ndarray] = {}
        self._verified: set[int] = set()
        self._check(sizes)

    def _check(self, sizes: dict[str, int]) -> None:
        items, postings, plans = self.size, len(self.docs), int(self.meta["plans"])
        shapes = {
            "indptr": (len(self.indptr), len(self.buckets) + 1),
            "impacts": (len(self.impacts), postings),
            "plan": (len(self.plan_of), items),
            "year": (len(self.year), items),
            "theme": (len(self.theme), items),
            "offsets": (len(self.offsets), items + 1),
            "plain_offsets": (len(self.plain_offsets), items + 1),
            "plan_offsets": (len(self.plan_offsets), plans + 1),
            "signatures": (self.signatures.shape, (plans, 4)),
            "contents": (len(self.contents), plans),
        }
        wrong = [name for name, (found, expected) in shapes.items() if found != expected]
        if wrong or int(self.indptr[-1]) != postings:
            raise ValueError(f"arrays of the wrong length: {wrong or ['docs']}")
        ends = (
            (self.offsets, "records.bin"),
            (self.plain_offsets, "plain.bin"),
            (self.plan_offsets, "plans.bin"),
        )
        if any(int(offsets[-1]) != sizes[name] for offsets, name in ends):
            raise ValueError("offsets past the end of records.bin, plain.bin or plans.bin")
        if items and not 0 <= int(self.plan_of.min()) <= int(self.plan_of.max()) < plans:
            raise ValueError("items of plans meta.json does not count")

    @property
    def size(self) -> int:
        return int(self.meta["items"])

    @property
    def plans(self) -> list[dict[str, Any]]:
        """Every plan slot's metadata (id, title, issuer, year…), read on first use; a slot an
        update replaced keeps its old plan, whose items no longer occur in any postings."""
        if self._plans is None:
            ends = self.plan_offsets.tolist()
            whole = bytes(self._plans_bin[:])
            # one JSON array parsed at once: a tenth of the time of a parse per plan
            joined = b",".join(whole[start:end] for start, end in itertools.pairwise(ends))
            self._plans = json.loads(b"[" + joined + b"]")
        return self._plans

    def issuer_mask(self, issuer: str) -> np.ndarray:
        """Per plan slot: whether its issuer contains ``issuer`` (all true for ""); kept."""
        if issuer not in self._issuer_masks:
            count = int(self.meta["plans"])
            self._issuer_masks[issuer] = (
                np.fromiter((issuer in plan["issuer"] for plan in self.plans), dtype=bool, count=count)
                if issuer
                else np.ones(count, dtype=bool)
            )
        return self._issuer_masks[issuer]

    @property
    def plan_ids(self) -> list[str]:
        """The ids (corpus files' stems) of the plans indexed now, sorted."""
        return sorted(name.removesuffix(".yaml") for name, facts in self.files().items() if facts[5] >= 0)

    def templates(self) -> dict[str, Any]:
        """The templates parsed when this index was written whose files hold the same bytes
        still (hashed: two small files, far cheaper than parsing them); none for an index
        written without them."""
        from ..resources import bundled

        found = {}
        for name, copy in (self.meta.get("templates") or {}).items():
            if _sha256(bundled("templates") / f"{name}.yaml") == copy.get("sha256"):
                found[name] = copy["parsed"]
        return found

    def plan(self, slot: int) -> dict[str, Any]:
        """One plan's metadata."""
        if self._plans is not None:
            return self._plans[slot]
        start, end = int(self.plan_offsets[slot]), int(self.plan_offsets[slot + 1])
        found: dict[str, Any] = json.loads(self._plans_bin[start:end].decode("utf-8"))
        return found

    def files(self) -> dict[str, list[Any]]:
        """The corpus files as indexed: name → [size, mtime, ctime, inode (zeros: too young
        to stand for the contents), sha256, plan slot (-1: not a readable plan)]."""
        found: dict[str, list[Any]] = json.loads(bytes(self._files[:]).decode("utf-8"))
        return found

    def spans(self, terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each bucket's postings start and end (equal for a bucket that never occurs)."""
        at = np.searchsorted(self.buckets, terms)
        inside = at < len(self.buckets)
        found = np.zeros(len(terms), dtype=bool)
        found[inside] = self.buckets[at[inside]] == terms[inside]
        starts = np.where(found, self.indptr[np.minimum(at, len(self.buckets))], 0)
        ends = np.where(found, self.indptr[np.minimum(at + 1, len(self.buckets))], 0)
        return starts, ends

    def _map(self, name: str, always: bool = False) -> Any:
        import mmap

        with (self.folder / name).open("rb") as handle:
            empty = os.fstat(handle.fileno()).st_size == 0
            return (
                mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
                if (self.size or always) and not empty
                else b""
            )

    def plain(self, doc: int) -> str:
        """An item's normalized title and text."""
        start, end = int(self.plain_offsets[doc]), int(self.plain_offsets[doc + 1])
        return self._plain[start:end].decode("utf-8")

    def record(self, doc: int) -> Record:
        """What a result shows about an item; StaleIndex when its corpus file was edited since."""
        slot = int(self.plan_of[doc])
        self._verify(slot)
        start, end = int(self.offsets[doc]), int(self.offsets[doc + 1])
        data = json.loads(self._records[start:end].decode("utf-8"))
        return Record(
            data["t"],
            data["x"],
            data["p"],
            data["u"],
            data["l"],
            self.plan(slot),
            self.plain(doc),
            data.get("a", ""),
        )

    def _verify(self, slot: int) -> None:
        """Check a shown plan's file against what was indexed (see "Staleness"): its signature,
        or when that differs its contents."""
        if self.corpus is None or slot in self._verified:
            return
        path = self.corpus / f"{self.plan(slot)['id']}.yaml"
        try:
            facts = path.stat()
        except OSError as error:
            raise StaleIndex(path) from error
        if (
            _signature(facts) != self.signatures[slot].tolist()
            and _sha256(path) != self.contents[slot].decode()
        ):
            raise StaleIndex(path)
        self._verified.add(slot)

    def refresh(self) -> None:
        """Bring this index up to date with its corpus (every file looked at), in place."""
        assert self.corpus is not None, "an index opened without its corpus has nothing to refresh from"
        fresh = open_index(self.corpus, check=True).index
        self.__dict__.update(fresh.__dict__)


# The bundled templates a query reads (synonyms for a short query; the standard structure for
# its theme), kept parsed in meta.json with their files' sha256: while the files hold the same
# bytes (whatever their times say: a fresh install, another checkout), a query process needs
# no YAML reader (with the parser it pulls in, a fifth of its start-up).
TEMPLATES = ("synonyms", "structure")


def read_template(name: str) -> Any:
    """A template of TEMPLATES as a query uses it, read from its YAML file."""
    if name == "structure":
        from ..knowledge.structure import load_structure

        return _structure_data(load_structure())
    from ..resources import bundled
    from ..store.serialize import load_yaml

    return load_yaml(bundled("templates") / f"{name}.yaml")


def _template_copies() -> dict[str, Any]:
    """Each template of TEMPLATES parsed, with the sha256 of its file (see Index.templates)."""
    from ..resources import bundled

    return {
        name: {"sha256": _sha256(bundled("templates") / f"{name}.yaml"), "parsed": read_template(name)}
        for name in TEMPLATES
    }


def _structure_data(structure: Any) -> list[dict[str, Any]]:
    return [
        {"id": section.id, "title": section.title, "themes": [
            {"name": theme.name, "keywords": list(theme.keywords), "units": list(theme.units)}
            for theme in section.themes
        ]}
        for section in structure
    ]  # fmt: skip


def structure_from(data: list[dict[str, Any]]) -> Any:
    """The standard structure (as ``load_structure`` gives it) from its template copy."""
    from ..knowledge.structure import StandardSection, Theme

    return tuple(
        StandardSection(section["id"], section["title"], tuple(
            Theme(theme["name"], tuple(theme["keywords"]), tuple(theme["units"]), section["id"])
            for theme in section["themes"]
        ))
        for section in data
    )  # fmt: skip


def theme_number(item: Any, structure: Any) -> int:
    """The standard-structure theme an item falls under, numbered from 1 (0: none) — the
    same numbering for the indexed items and for a query."""
    from ..knowledge.structure import classify, themes_of

    theme = classify(item, structure)
    return 0 if theme is None else 1 + themes_of(structure).index(theme)


def survey(corpus: Path, known: dict[str, list[Any]] | None = None) -> Survey:
    """Every corpus file's signature and sha256, and the corpus folder's signature. ``known``
    (an index's ``files``) maps a name to its signature and sha256: a file with the same
    signature is not read again (the module docstring says why that is sound). A signature
    too young to stand for its contents is recorded as zeros (None for the folder's)."""
    known = known or {}
    looked = time.time_ns()  # before any stat: a change after this carries a later ctime
    folder = corpus.stat()
    with os.scandir(corpus) as found:
        listed = sorted((e.name, e) for e in found if e.name.endswith(".yaml") and _is_file(e))
    files: dict[str, list[Any]] = {}
    for name, entry in listed:
        facts = entry.stat()
        signature = _signature(facts)
        before = known.get(name)
        content = before[4] if before is not None and before[:4] == signature else _sha256(Path(entry.path))
        files[name] = [*(signature if _aged(facts, looked) else [0, 0, 0, 0]), content]
    return Survey(files, _signature(folder) if _aged(folder, looked) else None)


def _signature(facts: os.stat_result) -> list[int]:
    return [facts.st_size, facts.st_mtime_ns, facts.st_ctime_ns, facts.st_ino]


def _aged(facts: os.stat_result, looked: int) -> bool:
    """Whether a signature stands for what it was taken of (see RACY_NS)."""
    return max(facts.st_mtime_ns, facts.st_ctime_ns) < looked - RACY_NS


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:  # unreadable: the build leaves it out, with a warning
        return ""


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:  # a symlink loop (the corpus's own listing reports it)
        return False


@dataclass
class Survey:
    """The corpus as one check saw it."""

    files: dict[str, list[Any]]  # name → [size, mtime, ctime, inode, sha256], sorted by name
    folder: list[int] | None  # the corpus folder's signature; None while too young to trust

    def contents(self) -> dict[str, str]:
        return {name: facts[4] for name, facts in self.files.items()}


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
    rebuilt: bool  # built or brought up to date by this call
    seconds: float
    updated: bool = False  # brought up to date in place of a full build (see "Updates")

    def to_dict(self) -> dict[str, Any]:
        """Where the index is, what it holds, its size on disk and what building it took."""
        meta = self.index.meta  # sizes as built: a newer build may already have deleted the folder
        return {
            "folder": str(self.index.folder),
            "plans": meta["live"],
            "items": self.index.size - meta["dead"],
            "bytes": sum(meta["sizes"].values()),
            "rebuilt": self.rebuilt,
            "updated": self.updated,
            "seconds": round(self.seconds, 3),
        }


def open_index(corpus: Path, rebuild: bool = False, progress: Any = None, check: bool = False) -> Built:
    """The corpus's index, built first when missing or damaged and brought up to date when the
    corpus changed. ``progress(total, label)``, if given, is a context manager yielding a
    function called once per plan read (a progress bar); ``check``: look at every file even
    when the corpus folder is unchanged. Entries of the corpus that cannot be read are left
    out, each with a ``SkippedEntryWarning``."""
    from ..store.corpus import warn_skipped

    base = location(corpus)
    with contextlib.suppress(FileExistsError):
        base.mkdir(mode=0o700, parents=True)
    _require_private(base)
    if not rebuild and not check:
        found = _open(corpus, base)
        if found is not None and _unchanged(corpus, base, found):
            warn_skipped(list(found.meta["skipped"].values()))
            return Built(found, False, 0.0)
    with locked(base / BUILD_LOCK):
        start = time.perf_counter()
        found = None if rebuild else _open(corpus, base)
        seen = survey(corpus, found.files() if found is not None else _known(base))
        if found is not None and seen.contents() == {n: f[4] for n, f in found.files().items()}:
            _remember(base, found.folder.name, seen.folder)  # built by another process, or only touched
            warn_skipped(list(found.meta["skipped"].values()))
            return Built(found, False, 0.0)
        version = _update(corpus, base, found, seen) if found is not None else None
        updated = version is not None
        if version is None:
            _sweep(base)  # what a killed build left: free its space before taking more
            version = _build(corpus, base, seen, progress)
        _replace(base / CURRENT, version.name)
        _remember(base, version.name, seen.folder)
        _sweep(base)  # the version replaced
        index = Index(version, corpus)
        warn_skipped(list(index.meta["skipped"].values()))
        return Built(index, True, time.perf_counter() - start, updated=updated)


def _unchanged(corpus: Path, base: Path, index: Index) -> bool:
    """Whether no corpus file was added, removed, renamed or replaced since ``index`` was
    known to be the corpus's: the corpus folder's signature is the one ``seen.json``
    recorded then. One stat, whatever the corpus's size (see "Staleness")."""
    with contextlib.suppress(OSError, ValueError, TypeError):
        seen = json.loads((base / SEEN).read_text(encoding="utf-8"))
        return bool(seen["version"] == index.folder.name and seen["folder"] == _signature(corpus.stat()))
    return False


def _remember(base: Path, version: str, folder: list[int] | None) -> None:
    """Record that ``version`` indexes the corpus whose folder has signature ``folder``
    (forgotten when the folder is too young for its signature to be trusted)."""
    with contextlib.suppress(OSError):
        if folder is None:
            (base / SEEN).unlink(missing_ok=True)
        else:
            _replace(base / SEEN, json.dumps({"version": version, "folder": folder}))


def _open(corpus: Path, base: Path) -> Index | None:
    """The version ``current`` names, or None when there is none or it is damaged."""
    try:
        with locked(base / READ_LOCK, shared=True):
            name = (base / CURRENT).read_text(encoding="utf-8")
            if not name.startswith(_VERSION_PREFIX) or os.sep in name or "/" in name:
                return None
            meta = json.loads((base / name / "meta.json").read_text(encoding="utf-8"))
            if not isinstance(meta, dict) or meta.get("version") != VERSION:
                return None
            return Index(base / name, corpus, meta)
    except (OSError, ValueError, EOFError, KeyError, TypeError, IndexError, AttributeError):
        return None  # missing, unreadable or damaged: build it again


def _known(base: Path) -> dict[str, list[Any]]:
    """The file table of whatever version ``current`` names, even a damaged one: contents
    already hashed need not be read again."""
    with contextlib.suppress(OSError, ValueError):
        name = (base / CURRENT).read_text(encoding="utf-8")
        if name.startswith(_VERSION_PREFIX) and os.sep not in name and "/" not in name:
            known = json.loads((base / name / FILES).read_text(encoding="utf-8"))
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


@dataclass
class _Read:
    """What reading plans into a version folder gave: per item and per plan, in order
    (offsets from where writing began), and the corpus files' plan slots."""

    plan_of: array[int] = field(default_factory=lambda: array("i"))
    years: array[int] = field(default_factory=lambda: array("i"))
    themes: array[int] = field(default_factory=lambda: array("b"))
    offsets: array[int] = field(default_factory=lambda: array("q", [0]))
    plain_offsets: array[int] = field(default_factory=lambda: array("q", [0]))
    plan_offsets: array[int] = field(default_factory=lambda: array("q", [0]))
    signatures: list[list[int]] = field(default_factory=list)
    contents: list[str] = field(default_factory=list)
    slots: dict[str, int] = field(default_factory=dict)  # file name → plan slot (-1: skipped)
    skipped: dict[str, str] = field(default_factory=dict)  # file name → why it was left out

    @property
    def items(self) -> int:
        return len(self.plan_of)


def _read(corpus: Path, names: list[str], seen: Survey, work: Path, first_slot: int, bar: Any) -> _Read:
    """Read the plans ``names`` and append their items to ``work``'s records.bin, plain.bin,
    plans.bin and documents.txt (the indexed form of each item, one a line). Plans are read
    a batch at a time (by worker processes for a large corpus, see WORKERS), and the batches
    written in order as they come: the same files whoever read them."""
    from ..knowledge.structure import load_structure

    done = _Read()
    batches = [names[start : start + _BATCH] for start in range(0, len(names), _BATCH)]
    with (
        _batches_read(corpus, batches, load_structure()) as read,
        (work / "records.bin").open("ab") as records,
        (work / "plain.bin").open("ab") as plain,
        (work / "plans.bin").open("ab") as plans,
        (work / "documents.txt").open("w", encoding="utf-8") as indexed,
        bar as advance,
    ):
        for batch in read:
            for message, category in batch.warnings:  # a worker's warnings, as if raised here
                warnings.warn(message, category, stacklevel=1)
            first = first_slot + len(done.contents)
            for name in batch.names:
                advance()
                if name in batch.skipped:
                    done.slots[name], done.skipped[name] = -1, batch.skipped[name]
                    continue
                done.slots[name] = first_slot + len(done.contents)
                done.signatures.append(seen.files[name][:4])
                done.contents.append(seen.files[name][4])
            for target, data, sizes, offsets in (
                (plans, batch.plans, batch.plan_sizes, done.plan_offsets),
                (records, batch.records, batch.record_sizes, done.offsets),
                (plain, batch.plain, batch.plain_sizes, done.plain_offsets),
            ):
                target.write(data)
                offsets.extend(itertools.islice(itertools.accumulate(sizes, initial=offsets[-1]), 1, None))
            indexed.write(batch.documents)
            done.plan_of.extend(first + number for number in batch.plan_of)
            done.years.extend(batch.years)
            done.themes.extend(batch.themes)
    return done


# Worker processes read the plans of a large corpus (reading YAML is most of a build): one a
# core up to WORKERS (each holds one batch of plans at a time), for PARALLEL_FROM files and
# more (below, starting the workers costs more than it saves). _BATCH files make one task.
WORKERS = 4
PARALLEL_FROM = 400
_BATCH = 50


@contextlib.contextmanager
def _batches_read(corpus: Path, batches: list[list[str]], structure: Any) -> Iterator[Iterator[_Batch]]:
    """The batches read, in order: by worker processes when the corpus is large and processes
    can be forked (a forked worker starts in milliseconds and runs no ``__main__`` again)."""
    import multiprocessing

    workers = min(WORKERS, os.cpu_count() or 1)
    files = sum(len(batch) for batch in batches)
    if workers < 2 or files < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        yield (_read_batch(corpus, structure, batch) for batch in batches)
        return
    with multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_interrupts) as pool:
        yield pool.imap(functools.partial(_read_batch, corpus, structure), batches)


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the workers)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


@dataclass
class _Batch:
    """What reading a run of corpus files gave, ready to write: per plan read and per item,
    in order; items name their plan by its number among the batch's plans."""

    names: list[str]
    skipped: dict[str, str] = field(default_factory=dict)  # file name → why it was left out
    plans: bytes = b""
    plan_sizes: array[int] = field(default_factory=lambda: array("q"))
    records: bytes = b""
    record_sizes: array[int] = field(default_factory=lambda: array("q"))
    plain: bytes = b""
    plain_sizes: array[int] = field(default_factory=lambda: array("q"))
    documents: str = ""
    plan_of: array[int] = field(default_factory=lambda: array("i"))
    years: array[int] = field(default_factory=lambda: array("i"))
    themes: array[int] = field(default_factory=lambda: array("b"))
    warnings: list[tuple[str, type[Warning]]] = field(default_factory=list)


def _read_batch(corpus: Path, structure: Any, names: list[str]) -> _Batch:
    """Read the corpus files ``names`` into a _Batch (in a worker process, or here), their
    items' themes numbered by ``structure``."""
    from ..store.corpus import Skipped, read_entry

    batch = _Batch(names)
    plans: list[bytes] = []
    records: list[bytes] = []
    plain: list[bytes] = []
    documents: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name in names:
            entry = read_entry(corpus / name)
            if isinstance(entry, Skipped):
                batch.skipped[name] = str(entry)
                continue
            plan, number = entry.plan, len(plans)
            facts = {"id": entry.id, "title": plan.title, "issuer": plan.issuer, "year": plan.year,
                     "doc_type": plan.doc_type, "source": plan.source.path,
                     "sha256": plan.source.sha256}  # fmt: skip
            plans.append(json.dumps(facts, ensure_ascii=False).encode("utf-8"))
            for path, item, part in plan.walk_labelled():
                documents.append(document(item.title, item.text) + "\n")
                batch.plan_of.append(number)
                batch.years.append(_clamp_year(plan.year))
                batch.themes.append(theme_number(item, structure))
                record = {
                    "t": item.title,
                    "x": item.text,
                    "p": list(path),
                    "u": item.all_units(),
                    "l": item.lead,
                }
                if part is not plan:  # an attachment's item: its title, for the result to name
                    record["a"] = part.title
                records.append(json.dumps(record, ensure_ascii=False).encode("utf-8"))
                plain.append(normalize(item.title + item.text).encode("utf-8"))
    batch.warnings = [(str(w.message), w.category) for w in caught]
    for data, sizes, name in ((plans, batch.plan_sizes, "plans"), (records, batch.record_sizes, "records"),
                              (plain, batch.plain_sizes, "plain")):  # fmt: skip
        sizes.extend(len(one) for one in data)
        setattr(batch, name, b"".join(data))
    batch.documents = "".join(documents)
    return batch


def _progress(progress: Any, total: int) -> Any:
    return progress(total, "建立索引") if progress else contextlib.nullcontext(lambda: None)


def _build(corpus: Path, base: Path, seen: Survey, progress: Any = None) -> Path:
    """Build the index of a corpus into a new version folder in ``base`` and return it (the
    caller holds the build lock and makes it current); an interrupted build removes it.
    Memory holds a few numbers per item and one chunk of items at a time."""
    work = Path(tempfile.mkdtemp(prefix=_VERSION_PREFIX, dir=base))
    try:
        names = list(seen.files)
        done = _read(corpus, names, seen, work, 0, _progress(progress, len(names)))
        lengths = _postings(work / "documents.txt", done.items, work)
        (work / "documents.txt").unlink()
        _save_tables(work, done, None)
        _finish(work, seen, done.slots, done.items, _average(lengths), 0, done.skipped)
        return work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _save_tables(work: Path, done: _Read, old: Index | None) -> None:
    """Write the per-item and per-plan arrays: ``old``'s followed by what ``done`` read."""

    def save(name: str, new: Any, dtype: Any, offset: bool = False) -> None:
        added = np.asarray(new, dtype=dtype)
        if old is not None:
            before = getattr(old, name)
            added = np.concatenate([before, added[1:] + before[-1]] if offset else [before, added])
        np.save(work / f"{_FIELDS.get(name, name)}.npy", added)

    save("plan_of", done.plan_of, np.int32)
    save("year", done.years, np.int32)
    save("theme", done.themes, np.int8)
    save("offsets", done.offsets, np.int64, offset=True)
    save("plain_offsets", done.plain_offsets, np.int64, offset=True)
    save("plan_offsets", done.plan_offsets, np.int64, offset=True)
    save("signatures", np.asarray(done.signatures, dtype=np.int64).reshape(-1, 4), np.int64)
    save("contents", np.asarray(done.contents, dtype="S64"), "S64")


_FIELDS = {"plan_of": "plan"}  # an Index's attribute → its array's file


def _finish(work: Path, seen: Survey, slots: dict[str, int], items: int, avgdl: float, dead: int,
            skipped: dict[str, str]) -> None:  # fmt: skip
    """Write ``work``'s file table and meta.json (last: a version is whole once it has one)."""
    files = {name: [*facts, slots[name]] for name, facts in seen.files.items()}
    (work / FILES).write_text(json.dumps(files, ensure_ascii=False), encoding="utf-8")
    plans = len(np.load(work / "contents.npy", mmap_mode="r"))
    meta = {
        "version": VERSION, "items": items, "plans": plans, "live": sum(s >= 0 for s in slots.values()),
        "dead": dead, "avgdl": avgdl, "bits": BITS, "skipped": skipped,
        "sizes": {name: (work / name).stat().st_size for name in _LAYOUT}, "templates": _template_copies(),
    }  # fmt: skip
    (work / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def _update(corpus: Path, base: Path, old: Index, seen: Survey) -> Path | None:
    """A new version: ``old`` without the items of files changed or gone (their postings
    removed; their slots stay, so item and plan numbers stand) and with the items of files
    changed or new appended (their impacts under ``old``'s average length). None when so
    much changed that a full build is the better answer (see UPDATE_SHARE)."""
    table = old.files()
    gone = [name for name, facts in table.items() if seen.files.get(name, [""] * 5)[4] != facts[4]]
    new = [name for name, facts in seen.files.items() if name not in table or table[name][4] != facts[4]]
    dead_slots = np.asarray([table[name][5] for name in gone if table[name][5] >= 0], dtype=np.int64)
    dying = np.zeros(max(old.size, 1), dtype=bool)
    dying[np.flatnonzero(np.isin(old.plan_of, dead_slots))] = True
    dead = int(old.meta["dead"]) + int(dying.sum())
    if len(new) > max(UPDATE_SHARE * int(old.meta["live"]), UPDATE_FLOOR) or dead > UPDATE_SHARE * old.size:
        return None
    work = Path(tempfile.mkdtemp(prefix=_VERSION_PREFIX, dir=base))
    try:
        for name in ("records.bin", "plain.bin", "plans.bin"):
            shutil.copyfile(old.folder / name, work / name)
        done = _read(corpus, new, seen, work, int(old.meta["plans"]), contextlib.nullcontext(lambda: None))
        _save_tables(work, done, old)
        documents = (work / "documents.txt").read_text(encoding="utf-8").splitlines()
        (work / "documents.txt").unlink()
        _merge_postings(work, old, documents, dying[old.docs] if dead > int(old.meta["dead"]) else None)
        slots = {name: facts[5] for name, facts in table.items() if name in seen.files} | done.slots
        kept = {name: why for name, why in old.meta["skipped"].items() if name not in gone}
        _finish(work, seen, slots, old.size + done.items, float(old.meta["avgdl"]), dead, kept | done.skipped)
        return work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _merge_postings(work: Path, old: Index, documents: list[str], dropped: np.ndarray | None) -> None:
    """Write ``old``'s postings without those ``dropped`` marks, with those of ``documents``
    (items numbered from ``old.size``) at the end of each bucket's: postings stay ascending."""
    counts = np.diff(old.indptr)
    docs, impacts = old.docs, old.impacts
    if dropped is not None:
        where = np.flatnonzero(dropped)
        counts = counts - np.bincount(
            np.searchsorted(old.indptr, where, side="right") - 1, minlength=len(counts)
        )
        docs, impacts = docs[~dropped], impacts[~dropped]
    terms = np.zeros(0, dtype=np.int64)
    new_docs, new_impacts = np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float16)
    if documents:
        terms, local, tf, lengths = _chunk_pairs(documents)
        norms = K1 * (1 - B + B * lengths / float(old.meta["avgdl"]))
        new_docs = (local + old.size).astype(np.int32)
        new_impacts = (tf * (K1 + 1) / (tf + norms[local])).astype(np.float16)
    ends = np.concatenate([[0], np.cumsum(counts)])
    at = ends[np.searchsorted(old.buckets, terms, side="right")]  # the end of each term's bucket
    np.save(work / "docs.npy", np.insert(docs, at, new_docs))
    np.save(work / "impacts.npy", np.insert(impacts, at, new_impacts))
    buckets = np.union1d(old.buckets, terms).astype(np.int32)
    merged = np.zeros(len(buckets), dtype=np.int64)
    merged[np.searchsorted(buckets, old.buckets)] = counts
    merged += np.bincount(np.searchsorted(buckets, terms), minlength=len(buckets))
    np.save(work / "buckets.npy", buckets)
    np.save(work / "indptr.npy", np.concatenate([[0], np.cumsum(merged)]))


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
