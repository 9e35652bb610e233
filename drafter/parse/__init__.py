"""Parse: a plan as staff have it (text, Markdown, Word, drafter YAML) → the plan model.

Stages, in order: ``read`` (file → paragraphs), ``chrome`` (site furniture off),
``outline`` (numbered blocks), ``front_matter`` (notice, title, preamble, issuer, year),
``titles`` (an item's short title), ``clauses`` (who leads, who is responsible), and
``plan``, which runs them. ``located`` is text that remembers its source positions.
"""

from __future__ import annotations

from .plan import parse_file, parse_text

__all__ = ["parse_file", "parse_text"]
