"""The duplicate rules (PLAN060/PLAN061) score only candidate pairs; they must find exactly what
scoring every pair finds. Speed is measured by ``benchmarks/scale.py``, not here."""

from __future__ import annotations

import random

import numpy as np
import pytest
from conftest import SEEDS
from rapidfuzz import fuzz, process

from drafter.checks.rules.duplication import SAME, best_similar, earliest_similar, measure_key
from drafter.parse.plan import parse_file

CHARACTERS = "教育学校推进工作加强建设全面深化改革完善体系提升质量" + "0123456789abc"


def seed_keys() -> list[str]:
    return [measure_key(item) for path in SEEDS.values() for _, item in parse_file(path).walk()]


def perturbed(key: str, rng: random.Random) -> str:
    """``key`` with a few characters inserted, dropped or replaced (so scores fall on both sides
    of the threshold), sometimes cut or doubled."""
    chars = list(key)
    for _ in range(rng.choice([0, 1, 1, 2, 3, 5, 8, 13])):
        at = rng.randrange(len(chars) + 1)
        action = rng.random()
        if action < 0.4 or not chars:
            chars.insert(at, rng.choice(CHARACTERS))
        elif action < 0.7:
            del chars[min(at, len(chars) - 1)]
        else:
            chars[min(at, len(chars) - 1)] = rng.choice(CHARACTERS)
    if rng.random() < 0.05:
        chars = chars[: rng.randrange(len(chars) + 1)]
    if rng.random() < 0.05:
        chars = chars * 2
    return "".join(chars)


def keys_of(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    real = seed_keys()
    short = ["", "", "a", "a", "教", "教育", "育教", "教育工作", "教育工做"]
    keys = [rng.choice(real) for _ in range(count // 2)] + short
    keys += [perturbed(rng.choice(keys), rng) for _ in range(count - len(keys))]
    rng.shuffle(keys)
    return keys


def exhaustive(keys: list[str], others: list[str]) -> np.ndarray:
    """Every pair scored, as the rules did before (float32, under ``SAME`` read 0)."""
    return process.cdist(keys, others, scorer=fuzz.ratio, score_cutoff=SAME, dtype=np.float32)


def exhaustive_earliest(keys: list[str]) -> list[tuple[int, float] | None]:
    found: list[tuple[int, float] | None] = []
    for i, row in enumerate(exhaustive(keys, keys)):
        earlier = (row[:i] >= SAME).nonzero()[0]
        found.append((int(earlier[0]), float(row[earlier[0]])) if len(earlier) else None)
    return found


def exhaustive_best(keys: list[str], others: list[str]) -> list[tuple[int, float] | None]:
    found: list[tuple[int, float] | None] = []
    for row in exhaustive(keys, others):
        best = int(row.argmax())
        found.append((best, float(row[best])) if row[best] >= SAME else None)
    return found


@pytest.mark.parametrize("seed", range(6))
def test_duplicates_in_one_plan_are_those_of_every_pair(seed):
    keys = keys_of(seed, 600)
    expected = exhaustive_earliest(keys)
    assert sum(match is not None for match in expected) > 100  # the test does have matches
    assert earliest_similar(keys) == expected


@pytest.mark.parametrize("seed", range(6))
def test_items_carried_from_last_year_are_those_of_every_pair(seed):
    keys, others = keys_of(seed, 400), keys_of(seed + 100, 500)
    expected = exhaustive_best(keys, others)
    assert sum(match is not None and match[1] < 100 for match in expected) > 20  # near, not only equal
    assert best_similar(keys, others) == expected


def test_seed_items_against_each_other():
    keys = seed_keys()
    assert earliest_similar(keys) == exhaustive_earliest(keys)
    assert best_similar(keys, keys[::-1]) == exhaustive_best(keys, keys[::-1])


@pytest.mark.parametrize("keys", [[], [""], ["a"], ["", ""], ["ab", "ab"], ["a", "b", "a"]])
def test_tiny_inputs(keys):
    assert earliest_similar(keys) == (exhaustive_earliest(keys) if keys else [])
    assert best_similar(keys, keys) == (exhaustive_best(keys, keys) if keys else [])


def test_large_clusters_with_lengths_that_cannot_match_first():
    """Clusters of 300 near-identical items (a measure pasted many times, numbered apart), each
    opened by 40 copies of itself twice over: the first entries of every posting cannot match the
    plain members, so their earliest match is found only in a later, wider round."""
    rng = random.Random(7)
    bases = [key for key in seed_keys() if 40 <= len(key) <= 80][:3]
    keys = []
    for base in bases:
        keys += [f"{base}{base}第{n}项" for n in range(40)]
        keys += [f"{base}第{rng.randrange(100000)}项" for _ in range(260)]
    expected = exhaustive_earliest(keys)
    assert sum(match is not None for match in expected) > 500
    assert any(match and match[0] >= 40 for match in expected)  # matches past the doubled ones
    assert earliest_similar(keys) == expected
