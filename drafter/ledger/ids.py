"""Stable item ids: “2023-三-12-1a2b3c”, the plan's year, the item's path when the id was
given and a short fingerprint of its words then.

An id is given once (``assign_ids``) and kept in the item's ``origin`` — the YAML draft's
``origin`` block and the .docx's drafter metadata both carry it — so it survives ``new``,
``build``, a Word round trip and renumbering: the path inside it is where the item *was*,
not where it is. An item that never had one (a plan parsed from plain text) gets the id its
text gives, the same on every read of the same text.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Item, Plan, bare_path, join_path, part_label
from .model import Ledger, LedgerRow

ID_KEY = "id"  # the key in ``Item.origin``
# Hex digits of the fingerprint kept in an id: 16^6 = 16.7 M, so two items of one plan at the
# same path (the only ones that could share an id) are told apart with near certainty.
FINGERPRINT_DIGITS = 6


def item_paths(plan: Plan) -> Iterator[tuple[str, Item]]:
    """Every item of every part, body and attachment, in document order, with its full path:
    “三/(八)/4”, “附件1/二/3”, “第2份/一/2” (a later part's label first, then an attachment's)."""
    for number, part in enumerate(plan.parts(), start=1):
        prefix = (part_label(number),) if number > 1 else ()
        for parts, item, _ in part.walk_labelled():
            yield join_path((*prefix, *parts)), item


def item_id(year: int | None, path: str, item: Item) -> str:
    """The id an item gets when it has none: year, path (parentheses dropped, “/” as “-”) and
    fingerprint — “2023-三-八-4-1a2b3c”; without a year the year is left out."""
    where = path.replace("(", "").replace(")", "").replace("/", "-")
    head = f"{year}-" if year else ""
    return f"{head}{where}-{item.fingerprint()[:FINGERPRINT_DIGITS]}"


def assign_ids(plan: Plan) -> int:
    """Give every item of ``plan`` that has no id one (``item_id``), kept in ``item.origin``;
    ids already given stay as they are. Two items that would share an id get “-2”, “-3”.
    Returns how many ids were given."""
    items = list(item_paths(plan))
    taken = {str(item.origin[ID_KEY]) for _, item in items if item.origin.get(ID_KEY)}
    given = 0
    for path, item in items:
        if item.origin.get(ID_KEY):
            continue
        base = candidate = item_id(plan.year, path, item)
        copy = 1
        while candidate in taken:
            copy += 1
            candidate = f"{base}-{copy}"
        item.origin[ID_KEY] = candidate
        taken.add(candidate)
        given += 1
    return given


def id_of(plan: Plan, path: str, item: Item) -> str:
    """The item's id: the one it was given, else the one its text gives."""
    return str(item.origin.get(ID_KEY) or item_id(plan.year, path, item))


def match_rows(plan: Plan, ledger: Ledger) -> tuple[dict[str, LedgerRow], list[LedgerRow]]:
    """Tie the ledger's rows to the plan's items: by id (given or computed), then — for a plan
    edited since the ledger was made without its ids — by the same title, then by the same
    path. Returns {item path: row} and the rows that match no item."""
    items = list(item_paths(plan))
    left = list(ledger.rows)
    chosen: dict[str, LedgerRow] = {}
    rounds = (
        lambda row, path, item: row.id == id_of(plan, path, item),
        lambda row, path, item: bool(item.title) and row.task == item.title,
        lambda row, path, item: bare_path(row.path) == bare_path(path),  # a ledger read back: bare paths
    )
    for same in rounds:
        for path, item in items:
            if path in chosen:
                continue
            match = next((row for row in left if same(row, path, item)), None)
            if match is not None:
                left.remove(match)
                chosen[path] = match
    return chosen, left
