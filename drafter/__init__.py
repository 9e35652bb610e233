"""drafter: draft, check and typeset an education bureau's annual work plan (工作要点).

The library core; ``drafter.cli`` is a thin command line on top of it. The public API
(``drafter.api``) is re-exported here::

    import drafter

    plan = drafter.parse_file("2027年工作要点.docx")
    findings = drafter.check(plan, previous="2026年工作要点.docx")
    docx_bytes = drafter.build_docx(plan, notice=True)
    hits = drafter.Corpus.bundled().search("加强经费管理", top=3)

Names are loaded on first use: heavy modules (python-docx, numpy, rapidfuzz, jinja2) are
imported only by the functions that need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.4.0"

__all__ = [
    "Clause", "Corpus", "DrafterError", "Finding", "InputError", "Item", "Notice", "Plan", "PlanDiff",
    "Section", "Source", "Suggestion", "UsageError", "__version__", "build_docx", "check", "diff_plans",
    "new_draft", "parse_file", "parse_text",
]  # fmt: skip

if TYPE_CHECKING:
    from .api import Corpus, build_docx, check, diff_plans, new_draft, parse_file, parse_text
    from .checks.base import Finding
    from .draft.diff import PlanDiff
    from .errors import DrafterError, InputError, UsageError
    from .model import Clause, Item, Notice, Plan, Section, Source
    from .suggest.search import Suggestion

_LAZY = {
    "Corpus": "api", "build_docx": "api", "check": "api", "diff_plans": "api", "new_draft": "api",
    "parse_file": "api", "parse_text": "api",
    "Clause": "model", "Item": "model", "Notice": "model", "Plan": "model", "Section": "model",
    "Source": "model",
    "DrafterError": "errors", "InputError": "errors", "UsageError": "errors",
    "Finding": "checks.base", "PlanDiff": "draft.diff", "Suggestion": "suggest.search",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'drafter' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
