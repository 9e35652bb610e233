"""What changed between two plans: items new, dropped, changed or carried unchanged.

Items are paired by the provenance ``new`` records when there is one, else by how
alike their words are (rapidfuzz over characters, so rewording and renumbering do not
break a pair): distinct items of one plan score under 30, an item with a third of its
sentences rewritten still over 60. For a changed item the changed words are marked and
its quantified targets set side by side (“新建公办幼儿园30所” → “20所”).
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..checks.rules.duplication import measure_key
from ..lang.patterns import TARGET
from ..lang.width import fold
from ..model import Item, Plan, bare_path, join_path

PAIRED = 45  # similarity (0–100) from which an old and a new item are the same measure


@dataclass
class Target:
    """A quantified target in an item: “新建公办幼儿园” “30” “所”."""

    context: str
    number: str
    unit: str

    def __str__(self) -> str:
        return f"{self.number}{self.unit}"


@dataclass
class Pair:
    """An old item and the new item that carries it."""

    old_path: str
    new_path: str
    old: Item
    new: Item
    similarity: float
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (op, old text, new text)
    targets: list[tuple[str, str, str]] = field(default_factory=list)  # (context, old, new)


@dataclass
class PlanDiff:
    """The items of two plans sorted into new, dropped, changed and unchanged."""

    new: list[tuple[str, Item]] = field(default_factory=list)
    dropped: list[tuple[str, Item]] = field(default_factory=list)
    changed: list[Pair] = field(default_factory=list)
    unchanged: list[Pair] = field(default_factory=list)
    units: dict[str, tuple[int, int]] = field(default_factory=dict)  # unit → (old count, new count)

    def to_dict(self) -> dict[str, Any]:
        def one(path: str, item: Item, key: str) -> dict[str, Any]:
            units = item.all_units()  # “units” is the key README documents; “all_units” says what it is
            return {key: path, "title": item.title or item.text[:30], "units": units, "all_units": units}

        def pair(p: Pair, details: bool) -> dict[str, Any]:
            data: dict[str, Any] = {
                "old": p.old_path,
                "new": p.new_path,
                "title": p.new.title or p.new.text[:30],
            }
            data["similarity"] = round(p.similarity)
            if details:
                data["changes"] = [{"op": op, "old": a, "new": b} for op, a, b in p.changes]
                data["targets"] = [{"context": c, "old": a, "new": b} for c, a, b in p.targets]
                data["units"] = data["all_units"] = {"old": p.old.all_units(), "new": p.new.all_units()}
            return data

        return {
            "new": [one(path, item, "new") for path, item in self.new],
            "dropped": [one(path, item, "old") for path, item in self.dropped],
            "changed": [pair(p, True) for p in self.changed],
            "unchanged": [pair(p, False) for p in self.unchanged],
            "units": [{"unit": u, "old": a, "new": b} for u, (a, b) in sorted(self.units.items())],
        }


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    """Pair the items of two plans and describe what changed."""
    from rapidfuzz import fuzz

    old_items = [(join_path(path), item) for path, item in old.walk()]
    new_items = [(join_path(path), item) for path, item in new.walk()]
    pairs: dict[int, int] = {}  # new index → old index
    old_index = {bare_path(path): i for i, (path, _) in enumerate(old_items)}
    for j, (_, item) in enumerate(new_items):  # provenance recorded by ``drafter new``
        origin = item.origin
        recorded = bare_path(str(origin.get("item", "")))
        if recorded in old_index and origin.get("year") == old.year and "seed" not in origin:
            i = old_index[recorded]
            if i not in pairs.values():
                pairs[j] = i
    old_keys = [measure_key(item) for _, item in old_items]
    new_keys = [measure_key(item) for _, item in new_items]
    scores = []
    for j, (_, new_item) in enumerate(new_items):
        for i, (_, old_item) in enumerate(old_items):
            score = fuzz.ratio(old_keys[i], new_keys[j])
            if new_item.title and new_item.title == old_item.title:
                score = max(score, 90.0)
            scores.append((score, j, i))
    used = set(pairs.values())
    for score, j, i in sorted(scores, reverse=True):
        if score < PAIRED:
            break
        if j not in pairs and i not in used:
            pairs[j] = i
            used.add(i)
    result = PlanDiff()
    similarity = {(j, i): s for s, j, i in scores}
    for j, (new_path, new_item) in enumerate(new_items):
        if j not in pairs:
            result.new.append((new_path, new_item))
            continue
        old_path, old_item = old_items[pairs[j]]
        pair = Pair(old_path, new_path, old_item, new_item, similarity[(j, pairs[j])])
        same_words = old_keys[pairs[j]] == new_keys[j]
        if same_words and sorted(old_item.all_units()) == sorted(new_item.all_units()):
            result.unchanged.append(pair)
        else:  # units changed, or words (the changes exclude differences of width only)
            pair.changes = word_changes(words(old_item), words(new_item))
            pair.targets = target_changes(words(old_item), words(new_item))
            result.changed.append(pair)
    result.dropped = [old_items[i] for i in range(len(old_items)) if i not in used]
    before = Counter(u for _, item in old_items for u in item.all_units())
    after = Counter(u for _, item in new_items for u in item.all_units())
    result.units = {u: (before[u], after[u]) for u in before.keys() | after.keys() if before[u] != after[u]}
    return result


def words(item: Item) -> str:
    """An item's title and text as one string, the way the diff compares them."""
    return f"{item.title}。{item.text}" if item.title else item.text


def _opcodes(old: str, new: str) -> list[tuple[Any, int, int, int, int]]:
    # Folded, so “,” and “，” are the same character; folding keeps offsets, so they still
    # point into the original texts.
    return list(difflib.SequenceMatcher(None, fold(old), fold(new), autojunk=False).get_opcodes())


def word_changes(old: str, new: str) -> list[tuple[str, str, str]]:
    """The character runs that differ: ("replace"|"delete"|"insert", old text, new text)."""
    return [(op, old[a:b], new[c:d]) for op, a, b, c, d in _opcodes(old, new) if op != "equal"]


def marked(old: str, new: str, context: int = 12) -> str:
    """The new text with changes marked: [-deleted-]{+inserted+}; long unchanged runs shortened."""
    out = []
    codes = _opcodes(old, new)
    for index, (op, a, b, c, d) in enumerate(codes):
        if op == "equal":
            same = new[c:d]
            head = same[:context] if index else ""
            tail = same[-context:] if index < len(codes) - 1 else ""
            out.append(same if len(same) <= len(head) + len(tail) + 2 else f"{head}…{tail}")
        else:
            out.append((f"[-{old[a:b]}-]" if b > a else "") + (f"{{+{new[c:d]}+}}" if d > c else ""))
    return "".join(out)


def targets(text: str) -> list[Target]:
    """The quantified targets of a text, each with the words just before it."""
    return [Target(m["context"], m["number"], m["unit"]) for m in TARGET.finditer(text)]


def target_changes(old: str, new: str) -> list[tuple[str, str, str]]:
    """Targets whose number changed, paired by the words before them: (context, old, new)."""
    before = {(t.context[-4:], t.unit.lstrip("万")): t for t in targets(old)}
    changes = []
    for target in targets(new):
        previous = before.get((target.context[-4:], target.unit.lstrip("万")))
        if previous is not None and previous.number != target.number:
            changes.append((target.context, str(previous), str(target)))
    return changes
