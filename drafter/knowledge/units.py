"""The unit model: which units exist, under which names, and what a well-formed unit name is.

Three sources of names, merged: the common units of a municipal education bureau
(``templates/units.yaml``), the units a bureau used in its own past plans (learned
from the corpus, with counts), and a bureau's own list (``--units``: a text file with
one name per line, or the YAML format of ``templates/units.yaml``). Beside them, the
grammar of unit names at every level (``templates/organs.yaml``): organ endings, level
prefixes (“省”“市委”“市政府”“各”), name shapes (“团市委”“各县（市、区）政府”) and the standard
names of State Council, provincial and municipal departments, 党委 departments and 群团.

A name is *standard* when the model knows it: a registry name, or a level prefix and a
standard department (“省经济和信息化厅”“市委宣传部”), or one of the shapes. It is
*well-formed* when it ends the way unit names end (处、厅、集团、支行、海关、台、社、联……),
whether or not any list holds it. Whether a name is a slip of the pen is decided here
too: one character added, dropped or changed against a known name (“宣传统统处” for
宣传统战处), or a known name cut short (“学生工作” for 学生工作处). Ordinals (“基础教育一处”),
the kind of unit (“组织科” beside 组织处) and a level prefix (“市教育局” beside 教育局) are
not slips, and two standard names (市教育局, 市体育局) are never slips of each other.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from ..errors import DrafterError, InputError
from ..lang.numerals import CHINESE_NUMERAL_CHARS
from ..lang.vocabulary import alternation, vocabulary
from ..model import Plan
from ..resources import bundled

# The name functions below are pure (organs() is read once) and a long plan asks about the same
# few names again and again: remember this many answers each.
NAME_CACHE = 4096
_NOTE = re.compile(r"[(（][^()（）]*[)）]$")
_KIND_CHARS = set("处室科股部局办委院中心校会组队站所团")
# A bureau's own units written with the bureau in front: “局办公室”, “本局组织处”.
_BUREAU_QUALIFIERS = ("本局", "市局", "局")
# Standard department names shorter than this (外办, 文联) are too short to tell a slip from another unit.
_MIN_STANDARD_SLIP = 3
# A short form of fewer characters (“学校” in 各学校 beside 各级各类学校) is a generic word, not a name.
_MIN_ABBREVIATION = 3
# A stutter repeats one of the two characters just before it (统统, 教育教).
_STUTTER_REACH = 2


@dataclass(frozen=True)
class Organs:
    """The grammar of unit names (``templates/organs.yaml``) and the standard department names."""

    endings: tuple[str, ...]
    list_closers: tuple[str, ...]
    place_organs: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    levels: tuple[str, ...]  # level prefixes, longest first: 自治区党委, 市人民政府, 市委, 市, 各 …
    departments: dict[str, str]  # any standard spelling (full name or alias) → the full name
    department_levels: dict[str, frozenset[str]]  # spelling → the levels it is written after


@cache
def organs() -> Organs:
    """The unit-name grammar, read from ``templates/organs.yaml`` on first use."""
    from ..store.serialize import load_yaml

    path = bundled("templates") / "organs.yaml"
    data = load_yaml(path)
    try:
        departments: dict[str, str] = {}
        department_levels: dict[str, frozenset[str]] = {}
        for group in data["departments"]:
            group_levels = frozenset(str(level) for level in group["levels"])
            for entry in group["names"]:
                name = str(entry["name"])
                spellings = {name: name} | {str(alias): name for alias in entry.get("aliases") or []}
                # a former name is a unit of its own, current when the older plans were written
                spellings |= {str(former): str(former) for former in entry.get("former") or []}
                for spelling, full in spellings.items():
                    departments.setdefault(spelling, full)
                    department_levels[spelling] = department_levels.get(spelling, frozenset()) | group_levels
        places = vocabulary().place_endings
        levels = {"自治区党委", "各"} | {
            f"{place}{form}" for place in (*places, "自治区") for form in ("", "委", "政府", "人民政府")
        }
        return Organs(
            endings=tuple(str(e) for e in data["endings"]),
            list_closers=tuple(sorted((str(c) for c in data["list_closers"]), key=len, reverse=True)),
            place_organs=tuple(str(o) for o in data["place_organs"]),
            patterns=tuple(re.compile(str(p)) for p in data["patterns"]),
            levels=tuple(sorted(levels, key=len, reverse=True)),
            departments=departments,
            department_levels=department_levels,
        )
    except (KeyError, TypeError, AttributeError, re.error) as exc:
        raise DrafterError(f"内置机构名称表 {path} 无法读取:{exc}") from exc


@lru_cache(maxsize=NAME_CACHE)
def name_of(unit: str) -> str:
    """The unit's name without a list's closing 等 (“省教育厅等” → 省教育厅, “财政局等部门” → 财政局)."""
    for closer in organs().list_closers:
        if unit.endswith(closer) and len(unit) > len(closer) + 1:
            return unit[: -len(closer)]
    return unit


@lru_cache(maxsize=NAME_CACHE)
def split_level(name: str) -> tuple[str, str]:
    """A name's level prefix and the rest: “市委宣传部” → (市委, 宣传部), “省教育厅” → (省, 教育厅).

    A standard name stays whole (“市场监督管理局” is not 市 + 场监督管理局); a prefix is split
    off only where a name of at least two characters remains (“市委” stays whole).
    """
    departments = organs().departments
    if name in departments:
        return "", name
    splits = [
        (level, name[len(level) :])
        for level in organs().levels
        if name.startswith(level) and len(name) - len(level) >= 2
    ]
    return next((s for s in splits if s[1] in departments), splits[0] if splits else ("", name))


# A place name in front of a standard department: “重庆市教育委员会”, “安徽省财政厅”.
_PLACE = re.compile(rf"^[\u4e00-\u9fff]{{1,5}}?(?:{alternation(vocabulary().place_endings)}|自治区)")


@lru_cache(maxsize=NAME_CACHE)
def is_standard_organ(name: str) -> bool:
    """A standard government, party or 群团 name, with its level or place in front (“市委宣传部”
    “重庆市教育委员会”) or a place name before a regional organ (“合肥海关”), or one of the shapes
    of ``organs.yaml`` (“团市委”“各级政府”)."""
    data = organs()
    name = _NOTE.sub("", name_of(name))
    place = _PLACE.match(name)
    return (
        split_level(name)[1] in data.departments
        or bool(place and split_level(name[place.end() :])[1] in data.departments)
        or any(pattern.search(name) for pattern in data.patterns)
        or any(name.endswith(organ) and 2 <= len(name) - len(organ) <= 6 for organ in data.place_organs)
    )


@lru_cache(maxsize=NAME_CACHE)
def looks_like_unit(name: str) -> bool:
    """Whether a name is well-formed: it ends the way unit names end (处、厅、中心、集团、海关…),
    a bracketed note and a list's closing 等 aside, or has one of the known shapes."""
    bare = _NOTE.sub("", name_of(name))
    return bare.endswith(organs().endings) or is_standard_organ(bare)


# A slip is of a name the plan uses: the most used this many are compared (a real plan names a few
# dozen units, 38 at most in the 56 documents measured; a text of thousands of distinct names stays linear).
PLAN_NAMES = 200


def _most_used(used: Counter[str]) -> list[str]:
    return list(used) if len(used) <= PLAN_NAMES else [n for n, _ in used.most_common(PLAN_NAMES)]


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
        """Known as written, with a level in front (“市教育研究院”), a note behind (“组织处(党建办)”)
        or a list's closing 等 (“省教育厅等”); or a standard organ name (``is_standard_organ``)."""
        name = name_of(unit)
        bare = _NOTE.sub("", name)
        forms = {unit, name, bare, split_level(bare)[1]} | {
            bare[len(q) :] for q in _BUREAU_QUALIFIERS if bare.startswith(q) and len(bare) > len(q) + 1
        }
        listed = any(form in self.canonical or form in self.learned for form in forms)
        return listed or is_standard_organ(bare)

    @property
    def bureau_specific(self) -> bool:
        """Whether the registry knows this bureau (its own list, or units from its past plans)."""
        return self.own_list or bool(self.learned)

    def slip_of(self, unit: str, also: Counter[str] | None = None) -> str | None:
        """The known name ``unit`` is most likely a misspelling of, if any.

        A name that is not even well-formed (“德育料”, “省财政厉”, “学生工作”) may be a slip of
        any known name: a registry name, a standard government name, or a name the plan itself
        uses elsewhere (``also``). A well-formed name is a slip only where the edit is a stutter,
        a character doubled or repeated from just before (“宣传统统处”, “基础教育教处”): two
        well-formed names are otherwise two units (教材处 is no slip of 教师处, 市环保局 none of
        市医保局) or one unit written two ways (PLAN019). A known name is never a slip.
        """
        name = name_of(unit)
        if self.is_known(name):
            return None
        from rapidfuzz.distance import Levenshtein

        level, body = split_level(name)
        used = also or Counter()
        well_formed = looks_like_unit(name)
        loose = (
            []
            if well_formed
            else [
                *(n for n in map(name_of, _most_used(used)) if n != name and looks_like_unit(n)),
                *(n for n in organs().departments if len(n) >= _MIN_STANDARD_SLIP),
            ]
        )
        best: tuple[tuple[bool, int], str] | None = None
        for known in [*self.canonical, *self.learned, *loose]:
            for written in {name, body}:
                if _truncated(written, known) or (
                    abs(len(known) - len(written)) <= 1
                    and Levenshtein.distance(written, known) == 1
                    and not _ordinal_or_kind_difference(written, known)
                    and split_level(known)[1] != written
                    and split_level(written)[1] != known
                    and (not well_formed or _stutter(written, known))
                ):
                    target = self.canonical.get(known, known)
                    if written == body and level and not target.startswith((level, "各")):
                        target = level + target
                    other_level = bool(level) and level not in organs().department_levels.get(known, {level})
                    score = (other_level, -self.learned.get(known, 0) - used.get(known, 0))
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


def _stutter(unit: str, known: str) -> bool:
    """The one edit that turns ``known`` into ``unit`` writes a character that stands just before
    it again (“宣传统统处” for 宣传统战处, “基础教育教处” for 基础教育处)."""
    common = min(len(unit), len(known))
    at = next((i for i in range(common) if unit[i] != known[i]), common)
    if len(unit) < len(known) or at >= len(unit):  # a dropped character repeats nothing
        return False
    return unit[at] in unit[max(0, at - _STUTTER_REACH) : at]


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


def same_unit(first: str, second: str, registry: Registry) -> bool:
    """Whether two different names of one plan are one unit written two ways.

    The same standard name under two spellings (基教处, 基础教育处; 省市场监管局, 省市场监督管理局),
    one written with its level and once without (招考办, 市招考办), or a short form whose
    characters all stand, in order, in the longer one with the same ending (基教一处, 基础教育一处;
    省机场集团, 省民航机场集团; 市文旅局, 市文旅广电局). Not: two levels (市财政局, 区财政局), an
    ordinal (基础教育处, 基础教育一处), two units of the bureau's registry (组织处, 组织人事处), or
    a unit of another unit (办公室, 机关党委办公室).
    """
    (level_a, body_a), (level_b, body_b) = split_level(first), split_level(second)
    if level_a != level_b and level_a and level_b:
        return False
    standard_a, standard_b = _standard_name(body_a, registry), _standard_name(body_b, registry)
    if level_a != level_b and (level_a or level_b).endswith(("委", "政府")):  # 办公室, 市政府办公室
        return False
    if standard_a == standard_b:
        return True
    if level_a != level_b:
        return False
    short, long = sorted((body_a, body_b), key=len)
    if {standard_a, standard_b} <= set(registry.canonical.values()) or short[-1] != long[-1]:
        return False
    if len(short.removeprefix("各")) < _MIN_ABBREVIATION:
        return False
    return _abbreviates(short, long)


def _standard_name(body: str, registry: Registry) -> str:
    """The full name a spelling stands for (基教处 → 基础教育处, 市场监管局 → 市场监督管理局)."""
    return registry.canonical.get(body) or organs().departments.get(body) or body


def _abbreviates(short: str, long: str) -> bool:
    """Every character of ``short`` stands in ``long`` in order, the extra ones are no ordinal,
    and ``long`` is not ``short`` under a unit of its own (“机关党委” + 办公室)."""
    extra, rest = [], iter(short)
    wanted = next(rest, None)
    for char in long:
        if char == wanted:
            wanted = next(rest, None)
        else:
            extra.append(char)
    if wanted is not None or not extra or all(c in CHINESE_NUMERAL_CHARS for c in extra):
        return False
    if all(c in vocabulary().place_endings for c in extra):  # 团委 and 团市委: a level inside the name
        return False
    head = long[: len(long) - len(short)]
    return not (long.endswith(short) and looks_like_unit(head))
