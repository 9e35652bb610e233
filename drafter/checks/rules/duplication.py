"""Duplication: the same measure twice in one plan, or carried over from last year unchanged."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...lang.width import fold
from ...model import Item, Plan
from ..base import Context, Finding, at_item, rule, walk_items

_NOISE = re.compile(r"[\s\W_]+")
SAME = 90  # similarity (0–100) from which two measures count as the same


def measure_key(item: Item) -> str:
    """An item's words without punctuation, spaces or numbering, for comparing measures."""
    return _NOISE.sub("", fold(item.title + item.text))


# Which pairs can reach SAME at all. Scoring every pair is quadratic (70,000 items in a 50 MB
# plan), so only pairs that share a bigram of their *prefixes* are scored; the bound below shows
# no pair scoring >= SAME is missed, so the findings are those of scoring every pair.
#
# rapidfuzz's ratio of keys a, b (lengths n_a, n_b, S = n_a + n_b) is 100·2L/S, L the length of
# their longest common subsequence; ratio >= 90 means 20L >= 9S (L and S are integers and the
# float error is far below the gap 10/S between neighbouring scores).
# (1) Lengths: L <= n_b gives 11·n_b >= 9·n_a (and the same the other way).
# (2) Shared bigrams: take the L matched positions i_1 < … < i_L in a and j_1 < … < j_L in b.
#     Of the L - 1 steps k → k+1, those skipping a position of a are at most n_a - L (each skips
#     an unmatched position, and different steps skip different ones), likewise for b; every
#     other step is a bigram a[i_k]a[i_k+1] = b[j_k]b[j_k+1] at a position of its own in both.
#     So the keys share at least 3L - 1 - S >= 7S/20 - 1 bigram occurrences (as multisets), and
#     by (1) S >= 20·n_a/11, so at least 7·n_a/11 - 1: a bound ``_overlap(n_a)`` of a's alone.
# (3) Prefix filter: write each key's bigrams as a set of tokens (bigram, k-th occurrence), so
#     the multiset overlap is the set overlap, and order all tokens globally (rarest first). If
#     |X ∩ Y| >= t >= 1, the smallest token of X ∩ Y is among the first |X| - t + 1 tokens of X
#     (at least t - 1 shared tokens come after it) and of Y. Each key's prefix is taken with its
#     own bound t_a <= t (by (2)), a longer prefix, so the two prefixes still share a token.
#     Longer still: with prefixes of |X| - t_a + e_a tokens (e_a <= t_a), the e = min(e_a, e_b)
#     smallest shared tokens are in both (the e-th has t - e shared tokens after it), so a pair
#     whose prefixes share fewer than e tokens is not scored at all (``EXTRA``).
# Keys of one character have no bigram; by (1) they can only match keys of one character
# (identical ones). Empty keys only match empty keys.


def _overlap(length: int) -> int:
    """Bigram occurrences a key of ``length`` shares with any key it scores >= SAME with, by (2)
    above, less one for safety; at least 1."""
    return max(1, -(-7 * length // 11) - 2)


EXTRA = 4  # prefix tokens beyond the minimum: pairs sharing fewer prefix tokens are never scored


def _extra(length: int) -> int:
    return min(EXTRA, _overlap(length))


@dataclass
class _Prefixes:
    """The prefix tokens of keys: key i's are ``tokens[start[i]:start[i + 1]]``."""

    tokens: Any  # numpy array of token ids
    start: Any  # numpy array, len(keys) + 1 offsets


def _dense(values: Any) -> tuple[Any, Any]:
    """``np.unique(values, return_inverse=True, return_counts=True)[1:]``, the inverse as int32,
    with one unstable sort (np.unique's stable one took most of the time of ``_prefixes``)."""
    import numpy as np

    order = np.argsort(values)
    ordered = values[order]
    new = np.empty(len(values), dtype=bool)
    new[:1] = True
    new[1:] = ordered[1:] != ordered[:-1]
    del ordered
    inverse = np.empty(len(values), dtype=np.int32)
    inverse[order] = np.cumsum(new, dtype=np.int32) - 1
    counts = np.diff(np.append(np.flatnonzero(new), len(values)))
    return inverse, counts


def _prefixes(keys: list[str]) -> _Prefixes:
    """Each key's prefix: its rarest bigram tokens (rarity over all ``keys``), as many as (3) needs."""
    import numpy as np

    # Per character of the keys several arrays are alive at once (a 50 MB plan has 17 million
    # characters), so they are as narrow as their values allow and dropped once used.
    lengths = np.fromiter((len(key) for key in keys), dtype=np.int64, count=len(keys))
    codes = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32)
    last = np.zeros(len(codes), dtype=bool)
    last[np.cumsum(lengths)[lengths > 0] - 1] = True  # a key's last character starts no bigram
    position = np.flatnonzero(~last)
    del last
    owner = np.repeat(np.arange(len(keys), dtype=np.int32), lengths)[position]
    pairs = codes[position].astype(np.int64) << 21 | codes[position + 1]
    del codes, position
    bigram = _dense(pairs)[0]
    del pairs
    # the k-th occurrence of a bigram within its key: rank within runs of equal (owner, bigram);
    # one sort of a combined key (owner already ascends), which of equal entries comes first is moot
    order = np.argsort(owner.astype(np.int64) << 32 | bigram)
    owner, bigram = owner[order], bigram[order]
    del order
    run = np.ones(len(owner), dtype=bool)
    run[1:] = (owner[1:] != owner[:-1]) | (bigram[1:] != bigram[:-1])
    run_start = np.flatnonzero(run)
    del run
    occurrence = np.arange(len(owner)) - np.repeat(run_start, np.diff(np.append(run_start, len(owner))))
    del run_start
    token, count = _dense(bigram.astype(np.int64) << 32 | occurrence)
    del bigram, occurrence
    # per key, rarest first (ties by token id): a token's rank in that order, then one sort
    rarity = np.empty(len(count), dtype=np.int64)
    rarity[np.lexsort((np.arange(len(count)), count))] = np.arange(len(count))
    del count
    order = np.argsort(owner.astype(np.int64) << 32 | rarity[token])
    del rarity
    owner, token = owner[order], token[order]
    del order
    first = np.searchsorted(owner, np.arange(len(keys)))
    bigrams = np.maximum(lengths - 1, 0)
    kept = bigrams - np.array([_overlap(int(n)) - _extra(int(n)) for n in lengths], dtype=np.int64)
    chosen = np.arange(len(owner)) - first[owner] < kept[owner]
    owner, token = owner[chosen], token[chosen]
    return _Prefixes(token, np.searchsorted(owner, np.arange(len(keys) + 1)))


@dataclass
class _Index:
    """Which keys have each token in their prefix, in ascending order."""

    keys: Any  # numpy array: the keys of token t are keys[start[t]:start[t + 1]]
    start: Any


def _index(prefixes: _Prefixes, among: range) -> _Index:
    import numpy as np

    lo, hi = prefixes.start[among.start], prefixes.start[among.stop]
    tokens = prefixes.tokens[lo:hi]
    owners = np.repeat(
        np.arange(among.start, among.stop), np.diff(prefixes.start[among.start : among.stop + 1])
    )
    order = np.lexsort((owners, tokens))
    size = int(prefixes.tokens.max()) + 2 if len(prefixes.tokens) else 1
    start = np.zeros(size, dtype=np.int64)
    np.cumsum(np.bincount(tokens, minlength=size - 1), out=start[1:])
    return _Index(owners[order] - among.start, start)


def _short_groups(keys: list[str]) -> dict[str, list[int]]:
    """Keys without a bigram (empty or one character), by key: they only match their equals."""
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if len(key) < 2:
            groups.setdefault(key, []).append(i)
    return groups


def _could_match(a: int, b: int) -> bool:
    """Lengths that can score >= SAME, by (1) above."""
    return 11 * b >= 9 * a and 11 * a >= 9 * b


# How many entries of each of a key's postings are read at first when looking for its earliest
# match: in a cluster of near-identical items (a measure pasted many times) the match is the
# cluster's first member, among the first entries of every posting, so a few suffice; when they
# do not, four times as many are read, and so on (the result is the same).
FIRST_ENTRIES = 4


def earliest_similar(keys: list[str]) -> list[tuple[int, float] | None]:
    """For each key, the first earlier key scoring >= ``SAME`` with it and the score (as float32,
    the precision the findings print), or None: exactly what scoring every pair gives."""
    import numpy as np
    from rapidfuzz import fuzz

    found: list[tuple[int, float] | None] = [None] * len(keys)
    for group in _short_groups(keys).values():
        for i in group[1:]:
            score = fuzz.ratio(keys[i], keys[group[0]], score_cutoff=SAME)
            if score:
                found[i] = (group[0], float(np.float32(score)))
    prefixes = _prefixes(keys)
    index = _index(prefixes, range(len(keys)))
    lengths = np.fromiter((len(key) for key in keys), dtype=np.int64, count=len(keys))
    extras = np.minimum(EXTRA, np.maximum(1, -(-7 * lengths // 11) - 2))  # _extra, for every key
    postings = np.append(index.keys, len(keys))  # a sentinel past the last posting
    for i, key in enumerate(keys):
        if len(key) < 2:
            continue
        tokens = prefixes.tokens[prefixes.start[i] : prefixes.start[i + 1]]
        first, stop = index.start[tokens], index.start[tokens + 1]
        taken, complete = FIRST_ENTRIES, 0
        while found[i] is None and complete < i:
            # the first ``taken`` entries of each posting count all keys below ``complete``
            # (those below ``done`` were scored in the round before)
            offsets = first[:, None] + np.arange(taken)
            entries = postings[np.minimum(offsets, stop[:, None])]
            cut = first + taken < stop
            done = complete
            complete = min(int(postings[first[cut] + taken - 1].min()) + 1, i) if cut.any() else i
            entries = entries[(offsets < stop[:, None]) & (entries >= done) & (entries < complete)]
            candidates, shared = np.unique(entries, return_counts=True)
            n_b = lengths[candidates]
            kept = (
                (shared >= np.minimum(extras[i], extras[candidates]))
                & (11 * n_b >= 9 * len(key))
                & (11 * len(key) >= 9 * n_b)  # _could_match
            )
            for j in candidates[kept].tolist():
                score = fuzz.ratio(key, keys[j], score_cutoff=SAME)
                if score:
                    found[i] = (j, float(np.float32(score)))
                    break
            taken *= 4
    return found


def best_similar(keys: list[str], others: list[str]) -> list[tuple[int, float] | None]:
    """For each key, the other key scoring highest with it (the first of equals, scores compared
    as float32) and the score, where that is >= ``SAME``, else None: exactly what scoring every
    pair gives."""
    import numpy as np
    from rapidfuzz import fuzz, process

    found: list[tuple[int, float] | None] = [None] * len(keys)
    shorts = _short_groups(others)
    prefixes = _prefixes(keys + others)
    index = _index(prefixes, range(len(keys), len(keys) + len(others)))
    for i, key in enumerate(keys):
        if len(key) < 2:
            if key in shorts:
                score = fuzz.ratio(key, key, score_cutoff=SAME)
                found[i] = (shorts[key][0], float(np.float32(score))) if score else None
            continue
        tokens = prefixes.tokens[prefixes.start[i] : prefixes.start[i + 1]]
        if not len(tokens):
            continue
        found_in, shared = np.unique(
            np.concatenate([index.keys[index.start[t] : index.start[t + 1]] for t in tokens]),
            return_counts=True,
        )
        extra = _extra(len(key))
        candidates = [
            j
            for j, count in zip(found_in.tolist(), shared.tolist(), strict=True)
            if count >= min(extra, _extra(len(others[j]))) and _could_match(len(key), len(others[j]))
        ]
        if not candidates:
            continue
        row = process.cdist(
            [key], [others[j] for j in candidates], scorer=fuzz.ratio, score_cutoff=SAME, dtype=np.float32
        )[0]
        best = int(row.argmax())
        if row[best] >= SAME:
            found[i] = (candidates[best], float(row[best]))
    return found


@rule("PLAN060", "duplicate-item", "plan", "warning", title="条目重复")
def check_duplicate_item(plan: Plan, context: Context) -> Iterator[Finding]:
    """同一份计划里两条几乎相同的条目(同一措施粘贴到了两处)。

    理由:
        同一措施出现在两处,多半是合稿时粘贴重复,既占篇幅又让分工重复。
    依据:
        公文写作惯例:内容简洁,不重复
    反例:
        一、加强党的建设
        1.深入开展校园安全专项整治,完善校园安全风险防控体系。（责任处室：安全处）
        二、依法治教
        2.深入开展校园安全专项整治,完善校园安全风险防控体系!（责任处室：安全处）
    正例:
        一、加强党的建设
        1.深入开展校园安全专项整治,完善校园安全风险防控体系。（责任处室：安全处）
        二、依法治教
        2.完成新一轮学校章程修订,推进依法治校示范校创建。（责任处室：政策法规处）
    """
    items = list(walk_items(plan))
    keys = [measure_key(item) for _, item, _ in items]
    for i, match in enumerate(earliest_similar(keys)):
        if keys[i] and match:
            j, score = match
            path, item, _ = items[i]
            yield at_item(path, item, f"与“{items[j][0]}”几乎相同(相似度{score:.0f}%)")


@rule("PLAN061", "carried-over-item", "plan", "warning", title="照抄上年条目")
def check_carried_over_item(plan: Plan, context: Context) -> Iterator[Finding]:
    """与上年计划(--previous)几乎相同的条目:照抄去年而没有更新。

    理由:
        与上年几乎相同的条目是照抄往年材料的信号,提醒起草人确认是否仍是本年度的工作。
    依据:
        中央纪委国家监委网站(2023)列举的材料抄袭情形:“跨时抄”“抄自己过往材料”
    反例:
        2027年全市教育工作要点
        一、加强党的建设
        1.新扩建公办幼儿园30所,到2026年底前完成。（责任处室：基础教育处）
    正例:
        2027年全市教育工作要点
        一、加强党的建设
        1.新扩建公办幼儿园20所,持续扩大普惠性学前教育资源,2027年底前完成。（责任处室：基础教育处）
    上年:
        2026年全市教育工作要点
        一、加强党的建设
        1.新扩建公办幼儿园30所,到2026年底前完成。（责任处室：基础教育处）
    """
    previous = context.previous
    if previous is None:
        return
    items = list(walk_items(plan))
    old = list(walk_items(previous))
    if not items or not old:
        return
    keys = [measure_key(item) for _, item, _ in items]
    for i, match in enumerate(best_similar(keys, [measure_key(item) for _, item, _ in old])):
        if match:
            j, score = match
            path, item, _ = items[i]
            old_path = old[j][0]
            if score >= 100:
                yield at_item(path, item, f"与上年“{old_path}”完全相同,未作更新", severity="error")
            else:
                yield at_item(path, item, f"与上年“{old_path}”几乎相同(相似度{score:.0f}%)")
