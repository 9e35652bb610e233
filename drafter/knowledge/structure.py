"""The standard structure of a 工作要点 (``templates/structure.yaml``) and how plans map onto it.

Each item falls under the theme whose keywords it hits most (a hit in the short title
counts three times); each section of a plan maps to the standard section most of its items
fall under. ``coverage`` tells which themes a plan covers and which items fit none.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Item, Plan, Section, join_path
from ..resources import bundled


@dataclass(frozen=True)
class Theme:
    """A theme of the standard structure, the words that recognise it, who usually carries it."""

    name: str
    keywords: tuple[str, ...]
    units: tuple[str, ...]
    section: str


@dataclass(frozen=True)
class StandardSection:
    """One of the usual sections, in its usual place."""

    id: str
    title: str
    themes: tuple[Theme, ...]


@dataclass
class Coverage:
    """How one plan maps onto the standard structure."""

    themes: dict[str, list[str]] = field(default_factory=dict)  # theme → item paths
    outside: list[str] = field(default_factory=list)  # paths of items under no theme
    sections: list[tuple[str, str, str]] = field(default_factory=list)  # (number, title, standard id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "themes": self.themes,
            "outside": self.outside,
            "sections": [{"number": n, "title": t, "standard": k} for n, t, k in self.sections],
        }


def load_structure(path: Path | None = None) -> tuple[StandardSection, ...]:
    """The standard structure: the bundled one, or a bureau's own file."""
    return _load(str(path) if path else "")


@cache
def _load(path: str) -> tuple[StandardSection, ...]:
    from ..store.serialize import load_yaml

    source = Path(path) if path else bundled("templates") / "structure.yaml"
    data = load_yaml(source)
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        raise InputError("结构文件应有 sections: 列表", source)
    sections = []
    for index, raw in enumerate(data["sections"]):
        where = f"sections[{index}]"
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("title"):
            raise InputError(f"{where} 须有 id 和 title", source)
        themes = []
        for number, theme in enumerate(raw.get("themes") or []):
            if not isinstance(theme, dict) or not theme.get("name") or not theme.get("keywords"):
                raise InputError(f"{where}.themes[{number}] 须有 name 和 keywords", source)
            themes.append(
                Theme(
                    theme["name"], tuple(theme["keywords"]), tuple(theme.get("units") or ()), str(raw["id"])
                )
            )
        sections.append(StandardSection(str(raw["id"]), str(raw["title"]), tuple(themes)))
    return tuple(sections)


def themes_of(structure: tuple[StandardSection, ...]) -> list[Theme]:
    return [theme for section in structure for theme in section.themes]


def classify(item: Item, structure: tuple[StandardSection, ...]) -> Theme | None:
    """The theme an item belongs to, or None when no keyword of any theme appears."""
    best, best_score = None, 0
    for theme in themes_of(structure):
        score = sum(3 * (word in item.title) + (word in item.text) for word in theme.keywords)
        if score > best_score:
            best, best_score = theme, score
    return best


def coverage(plan: Plan, structure: tuple[StandardSection, ...]) -> Coverage:
    """Which themes the plan's items cover, which items fit none, where its sections belong."""
    result = Coverage()
    for path, item in plan.walk():
        theme = classify(item, structure)
        if theme is None:
            result.outside.append(join_path(path))
        else:
            result.themes.setdefault(theme.name, []).append(join_path(path))
    for section in plan.sections:
        result.sections.append((section.number, section.title, section_kind(section, structure)))
    return result


def section_kind(section: Section, structure: tuple[StandardSection, ...]) -> str:
    """The standard section most of a plan section's items fall under ("" if none)."""
    votes = Counter(theme.section for item in section.all_items() if (theme := classify(item, structure)))
    return votes.most_common(1)[0][0] if votes else ""
