"""Drafts made by ``drafter new``: measures placed there to be rewritten, not kept as they are.

``new`` marks every item with its origin and a fingerprint of its words; while the
fingerprint still matches, the item has not been touched.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Item, Section
from ..base import Context, Finding, at_item, rule


@rule("PLAN090", "unedited-seed", "item", "error", title="参考措施未改写")
def check_unedited_seed(item: Item, path: str, section: Section, context: Context) -> Iterator[Finding]:
    """起草时放入的参考措施(来自其他地方或往年的计划)须改写成本局本年度的措施。

    理由:
        起草时放入的参考措施来自其他地方或往年,不改写就成了照抄他人的材料。
    依据:
        drafter new 的起草流程:参考措施须改写成本局本年度的措施
    反例:
        一、加强党的建设
        1.强化理论武装。深入学习贯彻党的二十大精神。（责任处室：组织处）
    正例:
        一、加强党的建设
        1.强化理论武装。深入学习贯彻党的二十大精神，开展专题培训。（责任处室：组织处）
    选项:
        origin: {seed: true, issuer: 某市教育局, year: 2026, item: 一/1,
                 title: 强化理论武装, text: 深入学习贯彻党的二十大精神。}
    """
    origin = item.origin
    if origin.get("seed") and origin.get("fingerprint") == item.fingerprint():
        where = f"(来自{origin.get('issuer', '')}{origin.get('year', '')}年计划“{origin.get('item', '')}”)"
        yield at_item(path, item, "参考措施尚未改写" + (where if origin.get("item") else ""))


@rule("PLAN091", "carried-unedited", "item", "warning", title="沿用条目未改动")
def check_carried_unedited(item: Item, path: str, section: Section, context: Context) -> Iterator[Finding]:
    """从上年计划沿用的条目还没有按新年度改动过。

    理由:
        从上年沿用的条目一字未改,提醒起草人按新年度更新目标和措施。
    依据:
        drafter new 的起草流程:沿用条目须按新年度改动
    反例:
        一、加强党的建设
        1.强化理论武装。深入学习贯彻党的二十大精神。（责任处室：组织处）
    正例:
        一、加强党的建设
        1.强化理论武装。深入学习贯彻党的二十大精神，开展专题培训。（责任处室：组织处）
    选项:
        origin: {from: 2026年工作要点, year: 2026, item: 一/1,
                 title: 强化理论武装, text: 深入学习贯彻党的二十大精神。}
    """
    origin = item.origin
    if origin.get("from") is not None and origin.get("fingerprint") == item.fingerprint():
        yield at_item(
            path, item, f"沿用{origin.get('year', '')}年计划第“{origin.get('item', '')}”条,尚未更新"
        )
