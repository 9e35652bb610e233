"""Duplication: the same measure twice in one plan, or carried over from last year unchanged."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...lang.width import fold
from ...model import Item, Plan
from ..base import Context, Finding, at_item, rule, walk_items

_NOISE = re.compile(r"[\s\W_]+")
SAME = 90  # similarity (0–100) from which two measures count as the same


def measure_key(item: Item) -> str:
    """An item's words without punctuation, spaces or numbering, for comparing measures."""
    return _NOISE.sub("", fold(item.title + item.text))


ROWS = 256  # items compared against all others at once: bounds the score matrix to ROWS × items


def _similar(keys: list[str], others: list[str]) -> Iterator[tuple[int, Any]]:
    """Each key's similarity 0–100 to every other (rapidfuzz's Indel ratio over characters),
    as (index, row of scores); scores under ``SAME`` read 0. The pairs are scored in C, a block
    of rows at a time, so a long plan costs neither Python calls per pair nor a full matrix."""
    import numpy as np
    from rapidfuzz import fuzz, process

    for start in range(0, len(keys), ROWS):
        block = process.cdist(
            keys[start : start + ROWS],
            others,
            scorer=fuzz.ratio,
            score_cutoff=SAME,
            dtype=np.float32,
            workers=-1,
        )
        yield from enumerate(block, start)


@rule("PLAN060", "duplicate-item", "plan", "warning", title="条目重复")
def check_duplicate_item(plan: Plan, context: Context) -> Iterator[Finding]:
    """同一份计划里两条几乎相同的条目(同一措施粘贴到了两处)。

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
    if len(keys) < 2:
        return
    for i, row in _similar(keys, keys):
        earlier = (row[:i] >= SAME).nonzero()[0]
        if keys[i] and len(earlier):
            j = int(earlier[0])
            path, item, _ = items[i]
            yield at_item(path, item, f"与“{items[j][0]}”几乎相同(相似度{row[j]:.0f}%)")


@rule("PLAN061", "carried-over-item", "plan", "warning", title="照抄上年条目")
def check_carried_over_item(plan: Plan, context: Context) -> Iterator[Finding]:
    """与上年计划(--previous)几乎相同的条目:照抄去年而没有更新。

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
    for i, row in _similar(keys, [measure_key(item) for _, item, _ in old]):
        path, item, _ = items[i]
        best = int(row.argmax())
        if row[best] >= SAME:
            old_path = old[best][0]
            if row[best] >= 100:
                message = f"与上年“{old_path}”完全相同,未作更新"
                yield at_item(path, item, message, severity="error")
            else:
                yield at_item(path, item, f"与上年“{old_path}”几乎相同(相似度{row[best]:.0f}%)")
