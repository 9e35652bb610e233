"""The bureau profile, ``drafter.yaml``: settings made once for every command.

Found in the working folder or the nearest folder above it (like other tools' config
files), or named with ``--config``. Paths in it are relative to the profile's folder.
Command-line flags always win over it. Every key is checked: a typo or a wrong type is
an error naming the key and its line.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import YEARS
from ..render.options import LABEL_ROLES, NoticeDefaults

NAME = "drafter.yaml"
SEVERITY_NAMES = ("error", "warning", "info", "off")


@dataclass
class CheckDefaults:
    """Which rules ``check`` runs and how seriously."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)  # rule id → error/warning/info/off


@dataclass
class Profile:
    """A bureau's settings (all empty when there is no profile)."""

    path: Path | None = None
    issuer: str = ""
    year: int | None = None
    corpus: Path | None = None
    units_file: Path | None = None
    units: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)  # lead/units/support → 牵头处室/责任处室/…
    notice: NoticeDefaults = field(default_factory=NoticeDefaults)
    check: CheckDefaults = field(default_factory=CheckDefaults)

    def unit_sources(self, units_file: Path | None) -> tuple[Path | None, tuple[str, ...]]:
        """The bureau's unit list as (file, names): ``--units FILE`` when given, else the profile's."""
        return (units_file, ()) if units_file else (self.units_file, self.units)


def find_profile(start: Path | None = None) -> Path | None:
    """The nearest ``drafter.yaml`` in ``start`` (default: the working folder) or above it."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / NAME).is_file():
            return candidate / NAME
    return None


def load_profile(path: Path) -> Profile:
    """Read and check a profile; InputError naming the key and line of anything wrong."""
    from ..store.serialize import load_yaml_nodes

    data, node = load_yaml_nodes(path)
    if data is None:
        return Profile(path=path)
    reader = _Reader(path, node)
    if not isinstance(data, dict):
        raise InputError("配置文件应为“键: 值”的形式", path, 1)
    reader.known(data, ("issuer", "year", "corpus", "units", "labels", "notice", "check"), ())
    profile = Profile(path=path)
    base = path.parent
    profile.issuer = reader.text(data, ("issuer",))
    year = data.get("year")
    if year is not None:
        if not isinstance(year, int) or isinstance(year, bool) or year not in YEARS:
            raise reader.error(("year",), "year 应为四位年份,如 2027")
        profile.year = year
    corpus = reader.text(data, ("corpus",))
    profile.corpus = base / corpus if corpus else None
    units = data.get("units")
    if isinstance(units, str) and units.strip():
        profile.units_file = base / units.strip()
    elif isinstance(units, list):
        profile.units = tuple(reader.text(data, ("units", i)) for i in range(len(units)))
    elif units is not None:
        raise reader.error(("units",), "units 应为单位名称的列表,或单位名录文件的路径")
    labels = reader.mapping(data, ("labels",))
    reader.known(labels, LABEL_ROLES, ("labels",))
    profile.labels = {role: reader.text(data, ("labels", role)) for role in labels}
    notice = reader.mapping(data, ("notice",))
    reader.known(notice, tuple(NoticeDefaults.__dataclass_fields__), ("notice",))
    profile.notice = NoticeDefaults(**{key: reader.text(data, ("notice", key)) for key in notice})
    check = reader.mapping(data, ("check",))
    reader.known(check, ("select", "ignore", "severity"), ("check",))
    profile.check = CheckDefaults(
        select=reader.names(data, ("check", "select")),
        ignore=reader.names(data, ("check", "ignore")),
        severity=reader.severities(data, ("check", "severity")),
    )
    return profile


class _Reader:
    """Typed access to the profile's values, with the line of each key for errors."""

    def __init__(self, path: Path, node: Any):
        self.path, self.node = path, node

    def line(self, keys: tuple[Any, ...]) -> int | None:
        import yaml  # only for an error: a command without a profile reads no YAML

        node, line = self.node, None
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                found = next(((k, v) for k, v in node.value if k.value == key), None)
                if found is None:
                    return line
                line, node = found[0].start_mark.line + 1, found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
                line = node.start_mark.line + 1
            else:
                return line
        return line

    def error(self, keys: tuple[Any, ...], message: str) -> InputError:
        return InputError(message, self.path, self.line(keys))

    def value(self, data: Any, keys: tuple[Any, ...]) -> Any:
        for key in keys:
            if isinstance(data, dict):
                data = data.get(key)
            elif isinstance(data, list) and isinstance(key, int) and key < len(data):
                data = data[key]
            else:
                return None
        return data

    def text(self, data: dict[str, Any], keys: tuple[Any, ...]) -> str:
        value = self.value(data, keys)
        if value is None:
            return ""
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise self.error(keys, f"{_dotted(keys)} 应为文字")
        return str(value).strip()

    def mapping(self, data: dict[str, Any], keys: tuple[Any, ...]) -> dict[str, Any]:
        value = self.value(data, keys)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(keys, f"{_dotted(keys)} 下应为“键: 值”")
        return value

    def names(self, data: dict[str, Any], keys: tuple[Any, ...]) -> tuple[str, ...]:
        value = self.value(data, keys)
        if value is None:
            return ()
        if isinstance(value, str):
            value = value.replace("，", ",").split(",")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(keys, f"{_dotted(keys)} 应为规则编号的列表,如 [PLAN012, PLAN090]")
        from ..checks import RULES

        for key in value:
            if not any(r.id.startswith(key.strip().upper()) or r.name == key.strip() for r in RULES.values()):
                raise self.error(keys, f"{_dotted(keys)} 中没有规则“{key}”(drafter rules 列出全部规则)")
        return tuple(v.strip() for v in value if v.strip())

    def severities(self, data: dict[str, Any], keys: tuple[Any, ...]) -> dict[str, str]:
        from ..checks import RULES

        found = self.mapping(data, keys)
        result = {}
        for rule, level in found.items():
            rule_id = str(rule).upper()
            if level is False:  # YAML reads a bare off as false
                level = "off"
            if rule_id not in RULES:
                raise self.error(
                    (*keys, rule), f"{_dotted(keys)} 中没有规则“{rule}”(drafter rules 列出全部规则)"
                )
            if level not in SEVERITY_NAMES:
                raise self.error((*keys, rule), f"{rule} 的级别应为 {'、'.join(SEVERITY_NAMES)} 之一")
            result[rule_id] = level
        return result

    def known(self, data: dict[str, Any], allowed: tuple[str, ...], parent: tuple[Any, ...]) -> None:
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = (
                    f",是不是“{_dotted((*parent, close[0]))}”?" if close else f"(可用:{'、'.join(allowed)})"
                )
                raise self.error((*parent, key), f"未知的设置“{_dotted((*parent, key))}”{hint}")


def _dotted(keys: tuple[Any, ...]) -> str:
    return ".".join(str(k) for k in keys)


def learned_units(corpus: Path, issuer: str) -> tuple[list[tuple[str, int]], list[str]]:
    """The units an issuer's corpus plans name, most often named first, and the names left
    out as likely slips (a one-off near-miss of a known name, as ``check`` judges them)."""
    from collections import Counter

    from ..knowledge.units import corpus_units, load_registry

    named: Counter[str] = Counter()
    for _, found in corpus_units(corpus).get(issuer, []):
        named.update(found)
    learned = load_registry(issuer, corpus).learned
    offered = sorted(learned.items(), key=lambda pair: (-pair[1], pair[0]))
    return offered, sorted(name for name in named if name not in learned)


def render_profile(issuer: str, year: int, corpus: str, units: list[str]) -> str:
    """The text of a new, commented profile (``templates/profile.yaml.j2``)."""
    from ..resources import template

    return template("profile.yaml.j2").render(issuer=issuer, year=year, corpus=corpus, units=units) + "\n"
