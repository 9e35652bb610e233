"""The rule catalogue: every check rule of drafter, one family per module.

``RULES`` is built from the modules listed in ``FAMILIES``; a new family is one
more line here, a new rule one more ``@rule`` function in its family's module.
"""

from __future__ import annotations

from types import ModuleType

from ..base import Rule, catalogue
from . import (
    dates,
    drafting,
    duplication,
    enumeration,
    numbering,
    numbers,
    paragraphs,
    punctuation,
    responsibility,
    wording,
)

FAMILIES: tuple[ModuleType, ...] = (
    numbering,
    enumeration,
    responsibility,
    punctuation,
    dates,
    numbers,
    wording,
    paragraphs,
    duplication,
    drafting,
)

RULES: dict[str, Rule] = catalogue(
    function for family in FAMILIES for function in vars(family).values() if callable(function)
)
