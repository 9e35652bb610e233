"""The ledger's words: its column headers and the statuses units type, from ``templates/ledger.yaml``.

The three unit columns are headed as the plan labels its clauses (“牵头处室”), like the
任务分工表; reading, any role label of ``templates/vocabulary.yaml`` heads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import DrafterError
from ..lang.vocabulary import vocabulary
from ..lang.width import fold
from ..render.options import LABEL_ROLES
from ..resources import bundled
from .model import STATUSES

# The columns in the order ``ledger create`` writes them.
COLUMNS = (
    "id",
    "part",
    "task",
    "measures",
    "targets",
    *LABEL_ROLES,
    "deadline",
    "status",
    "progress",
    "note",
)

# What a person adds to a header or a status that does not change it: blanks, a note in
# parentheses (“完成情况(下拉选择)”), a star marking a required column, end punctuation.
_BLANKS = re.compile(r"[\s\u3000*＊]+")
_NOTE = re.compile(r"[(\[【][^)\]】]*[)\]】]$")
_PUNCTUATION = re.compile(r"[。.,，、;；:：!！?？~～…\-—\"'“”‘’]+")


@dataclass(frozen=True)
class LedgerWords:
    """``sheet``: the ledger sheet's name; ``headers``: each column's header as written
    (the unit columns' is the vocabulary's default label); ``header_keys``: every header read,
    normalised, → its column; ``statuses``: every status written, normalised, → one of STATUSES."""

    sheet: str
    headers: dict[str, str]
    header_keys: dict[str, str]
    statuses: dict[str, str]


def normal(text: str) -> str:
    """A header or status as compared: full-width folded, blanks, a closing note in parentheses
    and punctuation removed."""
    folded = _BLANKS.sub("", fold(text))
    folded = _NOTE.sub("", folded)
    return _PUNCTUATION.sub("", folded)


@cache
def ledger_words() -> LedgerWords:
    """The ledger's words, read from ``templates/ledger.yaml`` on first use."""
    import yaml

    path = bundled("templates") / "ledger.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return _from_data(data)
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DrafterError(f"内置台账词表 {path} 无法读取:{exc}") from exc


def _from_data(data: dict[str, Any]) -> LedgerWords:
    words = vocabulary()
    headers: dict[str, str] = {}
    keys: dict[str, str] = {}
    for key, spec in data["columns"].items():
        headers[key] = str(spec["header"])
        for header in [spec["header"], *spec.get("also", [])]:
            keys[normal(str(header))] = key
    for role in words.roles:
        headers[role.key] = role.default_label
        prefixes = ("", *words.label_qualifiers)
        infixes = ("", *words.label_infixes)
        labels = {
            f"{prefix}{word}{infix}{kind}"
            for prefix in prefixes
            for word in role.label_words
            for infix in infixes
            for kind in words.label_kinds
        }
        for label in labels | set(role.table_headers) | {role.default_label}:
            keys.setdefault(normal(label), role.key)
    missing = [key for key in COLUMNS if key not in headers]
    if missing:
        raise ValueError(f"columns 缺少 {', '.join(missing)}")
    statuses: dict[str, str] = {}
    for status, variants in data["statuses"].items():
        if status not in STATUSES:
            raise ValueError(f"statuses 中的“{status}”不是 {'、'.join(STATUSES)} 之一")
        for variant in [status, *variants]:
            statuses[normal(str(variant))] = status
    return LedgerWords(str(data["sheet"]), headers, keys, statuses)


def read_status(text: str) -> str | None:
    """The status ``text`` writes (one of STATUSES), "" for a blank, None when it writes none known."""
    written = normal(text)
    if not written:
        return ""
    return ledger_words().statuses.get(written)
