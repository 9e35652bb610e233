"""The domain vocabulary of 工作要点, read once from ``templates/vocabulary.yaml``.

Role words and their labels, organ and place endings, document types, heading words,
the verbs that open an item's measures, the words before a cited document number, the shapes
of a telephone number, anniversaries and the default notice wording:
every stage takes them from ``vocabulary()``, none keeps a copy of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import DrafterError
from ..resources import bundled

ROLES = ("lead", "units", "support")  # 牵头, 责任, 配合: the order clauses are written in


@dataclass(frozen=True)
class Role:
    """How one role of a responsibility clause is written."""

    key: str  # "lead" | "units" | "support"
    label_words: tuple[str, ...]  # before the unit kind: 牵头(处室)
    suffix_words: tuple[str, ...]  # after the names: (A牵头)
    default_label: str
    short_name: str
    table_headers: tuple[str, ...]


@dataclass(frozen=True)
class Anniversary:
    """An event counted in years: “新中国成立76周年” is ``year`` + 76."""

    names: tuple[str, ...]
    year: int


@dataclass(frozen=True)
class Vocabulary:
    """Everything in ``templates/vocabulary.yaml``, typed."""

    roles: tuple[Role, ...]
    label_kinds: tuple[str, ...]
    label_qualifiers: tuple[str, ...]
    label_infixes: tuple[str, ...]
    suffix_qualifiers: tuple[str, ...]
    deadline_labels: tuple[str, ...]
    task_table_headers: dict[str, tuple[str, ...]]
    organ_endings: tuple[str, ...]
    issuer_organs: tuple[str, ...]
    place_endings: tuple[str, ...]
    not_places: frozenset[str]
    title_issue_verbs: tuple[str, ...]
    citing_words: tuple[str, ...]  # before a cited 发文字号, no part of its organ code
    telephone_shapes: tuple[str, ...]  # regexes of a telephone number
    header_fields: dict[str, tuple[str, ...]]
    doc_types: tuple[str, ...]
    heading_words: tuple[str, ...]
    goals_words: tuple[str, ...]
    measures_labels: tuple[str, ...]
    title_body_openers: tuple[str, ...]
    anniversaries: tuple[Anniversary, ...]
    notice_recipients: str
    five_year_stages: tuple[str, ...]
    scope_rules: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]  # (scope, ends_with, contains)
    default_scope: str

    def role(self, key: str) -> Role:
        return next(r for r in self.roles if r.key == key)

    def role_of_label_word(self) -> dict[str, str]:
        """“牵头” → "lead", “负责” → "units" …: the role each label word stands for."""
        return {word: r.key for r in self.roles for word in r.label_words}

    def role_of_suffix_word(self) -> dict[str, str]:
        """“牵头负责” → "lead", “配合” → "support" …: the role each suffix word stands for."""
        return {word: r.key for r in self.roles for word in r.suffix_words}

    def suffix_words(self) -> frozenset[str]:
        """Every role word written after the names (“(A牵头,B配合)”)."""
        return frozenset(self.role_of_suffix_word())

    def default_labels(self) -> dict[str, str]:
        return {r.key: r.default_label for r in self.roles}

    def short_names(self) -> dict[str, str]:
        return {r.key: r.short_name for r in self.roles}

    def scope_of(self, issuer: str) -> str:
        """“全县”, “全区” or “全市”: what the plan's 总体要求 covers, by the issuer's name."""
        for scope, ends_with, contains in self.scope_rules:
            if (ends_with and issuer.endswith(ends_with)) or any(word in issuer for word in contains):
                return scope
        return self.default_scope


def alternation(words: tuple[str, ...] | frozenset[str]) -> str:
    """A regex alternation of literal words, longest first (so “牵头负责” wins over “牵头”)."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary, read from ``templates/vocabulary.yaml`` on first use."""
    import yaml

    path = bundled("templates") / "vocabulary.yaml"
    try:
        data = yaml.load(
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
        return _from_data(data)
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise DrafterError(f"内置词汇表 {path} 无法读取:{exc}") from exc


def _words(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"应为词语列表:{value!r}")
    return tuple(value)


def _shapes(value: Any) -> tuple[str, ...]:
    """A list of regexes, each checked to compile."""
    shapes = _words(value)
    for shape in shapes:
        try:
            re.compile(shape)
        except re.error as exc:
            raise ValueError(f"正则有误:{shape!r}({exc})") from exc
    return shapes


def _from_data(data: dict[str, Any]) -> Vocabulary:
    roles = data["roles"]
    if tuple(roles) != ROLES:
        raise ValueError(f"roles 应为 {', '.join(ROLES)}")
    scopes = data["scopes"]
    return Vocabulary(
        roles=tuple(
            Role(
                key,
                _words(spec["label_words"]),
                _words(spec["suffix_words"]),
                str(spec["default_label"]),
                str(spec["short_name"]),
                _words(spec["table_headers"]),
            )
            for key, spec in roles.items()
        ),
        label_kinds=_words(data["label_kinds"]),
        label_qualifiers=_words(data["label_qualifiers"]),
        label_infixes=_words(data["label_infixes"]),
        suffix_qualifiers=_words(data["suffix_qualifiers"]),
        deadline_labels=_words(data["deadline_labels"]),
        task_table_headers={key: _words(words) for key, words in data["task_table_headers"].items()},
        organ_endings=_words(data["organ_endings"]),
        issuer_organs=_words(data["issuer_organs"]),
        place_endings=_words(data["place_endings"]),
        not_places=frozenset(_words(data["not_places"])),
        title_issue_verbs=_words(data["title_issue_verbs"]),
        citing_words=_words(data["citing_words"]),
        telephone_shapes=_shapes(data["telephone_shapes"]),
        header_fields={key: _words(words) for key, words in data["header_fields"].items()},
        doc_types=_words(data["doc_types"]),
        heading_words=_words(data["heading_words"]),
        goals_words=_words(data["goals_words"]),
        measures_labels=_words(data["measures_labels"]),
        title_body_openers=_words(data["title_body_openers"]),
        anniversaries=tuple(Anniversary(_words(a["names"]), int(a["year"])) for a in data["anniversaries"]),
        notice_recipients=str(data["notice"]["recipients"]),
        five_year_stages=_words(data["five_year_stages"]),
        scope_rules=tuple(
            (str(r["scope"]), tuple(r.get("ends_with") or ()), tuple(r.get("contains") or ()))
            for r in scopes["rules"]
        ),
        default_scope=str(scopes["default"]),
    )
