"""Parse: a plan as staff have it (text, Markdown, Word, drafter YAML) → the plan model.

Stages, in order: ``read`` (file → paragraphs), ``chrome`` (site furniture off),
``outline`` (numbered blocks), ``front_matter`` (notice, title, preamble, issuer, year),
``titles`` (an item's short title), ``clauses`` (who leads, who is responsible), and
``plan``, which runs them. ``located`` is text that remembers its source positions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["parse_file", "parse_text"]

if TYPE_CHECKING:
    from .plan import parse_file, parse_text


def __getattr__(name: str) -> Any:
    # on first use: reading a YAML plan (drafter.parse.read) must not load every stage's patterns
    if name in __all__:
        from . import plan

        return getattr(plan, name)
    raise AttributeError(name)
