"""drafter: draft, check and typeset an education bureau's annual work plan (工作要点).

The library core; ``drafter.cli`` is a thin command line on top of it. Heavy modules
(python-docx, rapidfuzz, jinja2) are imported only by the functions that need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Clause", "Item", "Notice", "Plan", "Section", "Source", "__version__", "parse_file", "parse_text"]

if TYPE_CHECKING:
    from .model import Clause, Item, Notice, Plan, Section, Source
    from .parse.plan import parse_file, parse_text

_LAZY = {
    "Clause": "model", "Item": "model", "Notice": "model", "Plan": "model", "Section": "model",
    "Source": "model", "parse_file": "parse.plan", "parse_text": "parse.plan",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)
