"""The unit registry: which 处室 and 单位 exist, under which names.

Three sources, merged: the common units of a municipal education bureau
(``templates/units.yaml``), the units a bureau used in its own past plans (learned
from the corpus, with counts), and a bureau's own list (``--units``: a text file with
one name per line, or the YAML format of ``templates/units.yaml``).

Whether a name is a slip of the pen is decided here too: one character added,
dropped or changed against a known name (“宣传统统处” for 宣传统战处, “基础教育教处”
for 基础教育处), or a known name cut short (“学生工作” for 学生工作处). Ordinals
(“基础教育一处”) and the kind of unit (“组织科” beside 组织处) are not slips.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import InputError
from ..lang.numerals import CHINESE_NUMERAL_CHARS
from ..model import Plan
from ..resources import bundled

_NOTE = re.compile(r"[(（][^()（）]*[)）]$")
_QUALIFIER = re.compile(r"^(?:市|区|县|省|州|局|本局|市局)(?=..)")
_KIND_CHARS = set("处室科股部局办委院中心校会组队站所团")
_UNIT_ENDINGS = (
    "处", "室", "科", "股", "部", "局", "办", "委", "院", "中心", "学校", "大学", "学院", "会", "组", "队",
    "站", "所", "团", "馆", "政府", "专班", "单位", "机构", "部门", "党委", "纪委", "工会", "街道", "社区",
)  # fmt: skip


@dataclass
class Registry:
    """Known unit names, their canonical forms, retirements and learned counts."""

    canonical: dict[str, str] = field(default_factory=dict)  # any known spelling → canonical name
    retired: dict[str, str] = field(default_factory=dict)  # retired name → successor ("" if none)
    learned: Counter[str] = field(default_factory=Counter)  # seen in the bureau's past plans
    own_list: bool = False  # a bureau list was given, so an unknown name is an error

    def add(self, name: str, aliases: list[str] | tuple[str, ...] = ()) -> None:
        self.canonical.setdefault(name, name)
        for alias in aliases:
            self.canonical.setdefault(alias, name)

    def is_known(self, unit: str) -> bool:
        """Known as written, with a place in front (“市教育研究院”) or a note behind (“组织处(党建办)”)."""
        bare = _NOTE.sub("", _QUALIFIER.sub("", unit))
        return any(name in self.canonical or name in self.learned for name in (unit, bare))

    @property
    def bureau_specific(self) -> bool:
        """Whether the registry knows this bureau (its own list, or units from its past plans)."""
        return self.own_list or bool(self.learned)

    def slip_of(self, unit: str, also: Counter[str] | None = None) -> str | None:
        """The known name ``unit`` is most likely a misspelling of, if any.

        ``also`` adds names the plan itself uses more than once: a one-off near-miss of
        a spelling the plan repeats is a slip even when no registry knows either.
        """
        if self.is_known(unit):
            return None
        from rapidfuzz.distance import Levenshtein

        repeated = [name for name, count in (also or Counter()).items() if count >= 2 and name != unit]
        best: tuple[int, str] | None = None
        for known in [*self.canonical, *self.learned, *repeated]:
            if _truncated(unit, known) or (
                abs(len(known) - len(unit)) <= 1
                and Levenshtein.distance(unit, known) == 1
                and not _ordinal_or_kind_difference(unit, known)
            ):
                target = self.canonical.get(known, known)
                score = -self.learned.get(known, 0) - (also or Counter()).get(known, 0)
                if best is None or score < best[0]:
                    best = (score, target)
        return best[1] if best else None

    def nearest(self, unit: str, limit: int = 3) -> list[str]:
        """Known names that look most like ``unit`` (for suggestions)."""
        from rapidfuzz import fuzz, process

        names = sorted({*self.canonical.values(), *self.learned})
        found = process.extract(unit, names, scorer=fuzz.ratio, limit=limit, score_cutoff=60)
        return [name for name, _score, _index in found]

    def units(self) -> list[tuple[str, str, int, list[str]]]:
        """Every canonical name: where it comes from, how often it was seen, its aliases."""
        rows = {name: ("名录", 0) for name in set(self.canonical.values())}
        for name, count in self.learned.items():
            rows[name] = ("名录+往年计划" if name in rows else "往年计划", count)
        aliases: dict[str, list[str]] = {}
        for spelling, name in self.canonical.items():
            if spelling != name:
                aliases.setdefault(name, []).append(spelling)
        return sorted((name, source, count, aliases.get(name, [])) for name, (source, count) in rows.items())


def looks_like_unit(name: str) -> bool:
    """Whether a name ends the way unit names end (处、室、中心、学校…), a bracketed note aside."""
    return _NOTE.sub("", name).endswith(_UNIT_ENDINGS)


def load_registry(
    issuer: str = "",
    corpus: Path | None = None,
    extra: Path | None = None,
    exclude_sha256: str = "",
    names: tuple[str, ...] = (),
) -> Registry:
    """The common registry, plus the issuer's units from the corpus, plus a bureau list
    (a file, ``extra``, or the names listed in the profile).

    ``exclude_sha256`` leaves out the plan being checked, so its own slips are not learned.
    """
    registry = Registry()
    common = _common()
    registry.canonical.update(common.canonical)
    registry.retired.update(common.retired)
    if corpus is not None and issuer:
        seen: Counter[str] = Counter()
        for sha256, counts in corpus_units(corpus).get(issuer, []):
            if sha256 != exclude_sha256:
                seen.update(counts)
        for unit, count in seen.items():  # a one-off slip of a known name is not learned
            if count >= 2 or registry.is_known(unit) or registry.slip_of(unit) is None:
                registry.learned[unit] = count
    if extra is not None:
        load_list(registry, extra)
    for name in names:
        registry.own_list = True
        registry.add(name)
    return registry


@cache
def _common() -> Registry:
    registry = Registry()
    _load_yaml_registry(bundled("templates") / "units.yaml", registry)
    return registry


def corpus_units(corpus: Path) -> dict[str, list[tuple[str, Counter[str]]]]:
    """For each issuer in a corpus, the units each of its plans named.

    Read once for each state of the corpus folder: a plan ingested later in the same
    process (a long-running library user) is seen on the next call.
    """
    from ..store.corpus import state

    return _corpus_units(corpus, state(corpus))


@cache
def _corpus_units(
    corpus: Path, state: tuple[tuple[str, int, int], ...]
) -> dict[str, list[tuple[str, Counter[str]]]]:
    from ..store.corpus import entries

    found: dict[str, list[tuple[str, Counter[str]]]] = {}
    for entry in entries(corpus):
        found.setdefault(entry.plan.issuer, []).append((entry.plan.source.sha256, units_of(entry.plan)))
    return found


def load_list(registry: Registry, path: Path) -> None:
    """A bureau's own list: one name per line (.txt), or the YAML registry format."""
    from ..parse.read import decode_text, read_bytes

    registry.own_list = True
    if path.suffix.lower() in (".yaml", ".yml"):
        _load_yaml_registry(path, registry)
        return
    text, _ = decode_text(read_bytes(path), path)
    for line in text.split("\n"):
        name = line.split("#", 1)[0].strip()
        if name:
            registry.add(name)


def _load_yaml_registry(path: Path, registry: Registry) -> None:
    from ..store.serialize import load_yaml

    data = load_yaml(path)
    entries = data.get("units") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError("单位名录应有 units: 列表", path)
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise InputError(f"units[{index}].name 应为文字", path)
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list):
            raise InputError(f"units[{index}].aliases 应为列表", path)
        registry.add(entry["name"], [str(a) for a in aliases])
        for retired in entry.get("retired") or []:
            registry.retired[str(retired)] = entry["name"]


def units_of(plan: Plan) -> Counter[str]:
    """How often each unit is named in a plan's clauses."""
    return Counter(unit for item in plan.items() for unit in item.all_units())


def _truncated(unit: str, known: str) -> bool:
    """“学生工作” for 学生工作处: a known name missing its last one or two characters."""
    return (
        len(unit) >= 3
        and known.startswith(unit)
        and 1 <= len(known) - len(unit) <= 2
        and not looks_like_unit(unit)
    )


def _ordinal_or_kind_difference(unit: str, known: str) -> bool:
    """“基础教育一处” beside 基础教育处, or “组织科” beside 组织处: different units, not slips."""
    longer, shorter = (unit, known) if len(unit) > len(known) else (known, unit)
    if len(longer) != len(shorter):
        extra = next((a for a, b in zip(longer, shorter + " ", strict=True) if a != b), longer[-1])
        return extra in CHINESE_NUMERAL_CHARS
    differing = [(a, b) for a, b in zip(unit, known, strict=True) if a != b]
    if not differing:
        return False
    a, b = differing[0]
    return (a in CHINESE_NUMERAL_CHARS and b in CHINESE_NUMERAL_CHARS) or (
        unit[-1] != known[-1] and a in _KIND_CHARS and b in _KIND_CHARS
    )
