"""The plan as plain data: dicts for JSON, drafter's YAML format, and back.

The YAML is meant to be read and edited by people: stable key order, Chinese
unescaped, multi-line text as literal blocks. Loading validates the shape and names
the offending field (“sections[0].items[2].clauses 应为列表”) or the YAML line.

A draft for a clerk (``editable``) writes a clause as its wording ``raw`` and the words it
follows, ``after``; reading puts it back after those words, so an edit of the text before it
never moves it, and a clause typed into an item's text is read as one. Files with the lists and
the offset ``position`` (corpus entries, older drafts) still read.

Anchors and aliases (``&a`` / ``*a``) are refused: drafter never writes them, and they let a
few lines stand for gigabytes (“billion laughs”) or for a structure that contains itself.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import yaml

from ..errors import DraftWarning, InputError
from ..lang.dates import iso_date
from ..lang.patterns import LABEL, OPEN, SUFFIX_LABEL
from ..lang.sentences import clause_may_stand, sentence_ends
from ..lang.width import fold
from ..model import Anchor, Attachment, Clause, Item, Notice, Plan, Section, Source, year_problem
from ..parse.clauses import parse_clause
from ..parse.read import read_bytes

_Dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PlanDumper(_Dumper):
    def ignore_aliases(self, data: Any) -> bool:
        # A plan file is read by clerks and refused with aliases: a value shared by two parts
        # (their common provenance) is written out twice instead of as &id001/*id001.
        return True


def _represent_str(dumper: Any, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_PlanDumper.add_representer(str, _represent_str)


# --- to data ----------------------------------------------------------------------------


def plan_to_dict(plan: Plan, locations: bool = False, editable: bool = False) -> dict[str, Any]:
    """The plan as JSON-ready data; ``locations`` adds source lines of sections and items.

    ``editable`` writes each clause the way a clerk edits it (``clause_to_editable``): its wording
    and the words it follows, not lists and offsets. A file of several documents keeps its first
    one's fields at the top and lists every document, the first included, under ``parts`` (each
    shaped like a plan without parts); a file of one document has no ``parts`` key."""
    shape = _Shape(locations, editable)
    data = _document_to_dict(plan, shape)
    if plan.more_parts:
        data["parts"] = [_document_to_dict(part, shape) for part in plan.parts()]
    return data


@dataclass(frozen=True)
class _Shape:
    locations: bool
    editable: bool


def _document_to_dict(plan: Plan, shape: _Shape) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": plan.title,
        "issuer": plan.issuer,
        "year": plan.year,
        "doc_type": plan.doc_type,
        "date": plan.date,
        "preamble": plan.preamble,
    }
    if plan.notice is not None:
        data["notice"] = {k: v for k, v in vars(plan.notice).items() if v}
    data["sections"] = [_section_to_dict(s, shape) for s in plan.sections]
    if plan.attachments:  # written only when there are any: older files read as before
        data["attachments"] = [
            {"label": a.label, **plan_to_dict(a.plan, shape.locations, shape.editable)}
            for a in plan.attachments
        ]
    source = {k: v for k, v in vars(plan.source).items() if v}
    if source:
        data["source"] = source
    if plan.warnings or not shape.editable:  # a clerk's draft has no empty machine list
        data["warnings"] = list(plan.warnings)
    return data


def _section_to_dict(section: Section, shape: _Shape) -> dict[str, Any]:
    data: dict[str, Any] = {"number": section.number, "title": section.title}
    if section.intro:
        data["intro"] = section.intro
    if section.clauses:  # a heading's own clause, covering its items (written only when there is one)
        data["clauses"] = _clauses_to_dicts(section.intro, section.clauses, shape.editable)
    if shape.locations:
        data["line"] = section.line
    data["items"] = [_item_to_dict(i, shape) for i in section.items]
    data["sections"] = [_section_to_dict(s, shape) for s in section.sections]
    return data


def _item_to_dict(item: Item, shape: _Shape) -> dict[str, Any]:
    data: dict[str, Any] = {"number": item.number, "title": item.title, "text": item.text}
    data["clauses"] = _clauses_to_dicts(item.text, item.clauses, shape.editable)
    if item.origin:
        data["origin"] = dict(item.origin)
    if shape.locations:
        data["line"] = item.line
    return data


def _clauses_to_dicts(text: str, clauses: list[Clause], editable: bool) -> list[dict[str, Any]]:
    if not editable:
        return [_clause_to_dict(c) for c in clauses]
    out, previous = [], 0
    for clause in clauses:
        out.append(clause_to_editable(clause, text, previous))
        previous = clause.position
    return out


def clause_to_editable(clause: Clause, text: str, previous: int = 0) -> dict[str, Any]:
    """A clause as a clerk edits it: ``raw``, its wording (“（责任处室：A、B）”), and ``after``, the
    words of the text it follows (``clause_anchor``).

    ``raw`` alone stands for the units, labels and deadline whenever it reads back to them (the
    clause's own wording, else its standard form); the lists are written only when neither
    does. ``position`` replaces ``after`` only when no quote of the text finds the clause again."""
    from ..render.text import clause_text

    data: dict[str, Any] = {}
    wording = next((w for w in (clause.raw, clause_text(clause)) if w and _reads_as(w, clause)), "")
    if wording:
        data["raw"] = wording
    else:
        full = _clause_to_dict(clause)
        data.update((k, v) for k, v in full.items() if k not in ("raw", "position") and v)
    anchor = clause_anchor(text, clause.position, previous)
    if anchor is None:
        data["position"] = clause.position
    else:
        data["after"] = anchor
    return data


def _reads_as(wording: str, clause: Clause) -> bool:
    """Whether ``wording`` read on its own gives back the clause's units, labels and deadline."""
    read = parse_clause(wording)
    return read is not None and _content(read) == _content(clause)


def _content(clause: Clause) -> tuple[Any, ...]:
    return (clause.lead, clause.units, clause.support, clause.deadline, clause.labels)


# An anchor quotes the end of the sentence a clause follows: this many characters at most — enough to
# tell the sentences of an item apart, few enough that an edit earlier in the sentence leaves it whole.
ANCHOR_CHARS = 16
_ANCHOR_PHRASE = 6  # a phrase shorter than this (“等。”) does not make an anchor on its own
_PHRASE_MARKS = ",、;:"


def clause_anchor(text: str, position: int, previous: int = 0) -> str | None:
    """The words a clause at ``position`` follows, quoted so that ``resolve_anchor`` from ``previous``
    (the clause before it) finds it again: the end of its sentence, longer only where that end comes
    earlier too. None when no quote does (the clause stands before the one listed ahead of it)."""
    if not 0 <= position <= len(text):
        return None
    start = previous if previous <= position else 0
    sentence = max([start, *(end for end in sentence_ends(text, start) if end < position)])
    length = min(ANCHOR_CHARS, position - sentence)
    # begin at a phrase of the sentence (“更好服务长沙经济社会发展。”, not “业率,更好服务…”)
    window = fold(text[position - length : position])
    phrase = max(window.rfind(mark, 0, len(window) - _ANCHOR_PHRASE) for mark in _PHRASE_MARKS)
    length -= phrase + 1
    while True:
        anchor = text[position - length : position]
        if resolve_anchor(text, anchor, previous) == position:
            return anchor
        if length >= position - start:
            return None
        length = min(max(length * 2, 1), position - start)


def resolve_anchor(text: str, anchor: str, previous: int = 0) -> int | None:
    """Where a clause written ``after: anchor`` stands: just after the first quote of ``anchor`` from
    ``previous`` on (the clause before it), None when the text no longer has the words."""
    at = text.find(anchor, min(previous, len(text)))
    return at + len(anchor) if at >= 0 else None


def _clause_to_dict(clause: Clause) -> dict[str, Any]:
    data: dict[str, Any] = {
        "lead": list(clause.lead),
        "units": list(clause.units),
        "support": list(clause.support),
        "raw": clause.raw,
        "position": clause.position,
    }
    if clause.deadline:
        data["deadline"] = clause.deadline
    if clause.labels:
        data["labels"] = dict(clause.labels)
    return data


def dump_yaml(data: Any, header: str = "") -> str:
    """YAML text for plan data: readable, key order kept, Chinese unescaped."""
    body = yaml.dump(data, Dumper=_PlanDumper, allow_unicode=True, sort_keys=False, width=100000, indent=2)
    return header + body


# --- from data --------------------------------------------------------------------------


def load_plan(path: str | Path) -> Plan:
    """Read a plan from drafter's YAML format, with errors naming the line or field.

    Sections, items and clauses get their YAML lines, so findings point into the file.
    """
    path = Path(path)
    text = _yaml_text(path)
    data, node = _compose(text, path)
    lines = text.split("\n")
    if node is not None:
        _refuse_commented_text(node, lines, path)
    plan = plan_from_dict(data, path)  # sections nested at most MAX_SECTION_DEPTH deep
    if node is not None:
        _locate(plan, node, lines)
    return plan


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; InputError with the line number on a syntax error."""
    return _compose(_yaml_text(path), path)[0]


def load_yaml_nodes(path: Path) -> tuple[Any, Any]:
    """Like ``load_yaml``, with the node tree too (its marks give each key's line)."""
    return _compose(_yaml_text(path), path)


def _yaml_text(path: Path) -> str:
    try:
        return read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("YAML 文件须为 UTF-8 编码", path) from exc


def _compose(text: str, path: Path) -> tuple[Any, Any]:
    """The data and the node tree (with line marks) of one YAML document."""
    if "&" in text or "*" in text:  # an anchor or an alias needs one of these: look closer
        _refuse_aliases(text, path)
    loader = _new_loader(text, path)
    try:
        node = loader.get_single_node()
        if node is not None:
            _refuse_duplicate_keys(node, path)
        return (loader.construct_document(node) if node is not None else None), node
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, path, text) from exc
    except ValueError as exc:  # an integer of thousands of digits (Python's int() limit)
        raise InputError("YAML 中有过长的数字", path) from exc
    except RecursionError as exc:
        raise InputError("YAML 嵌套层次过深", path) from exc
    finally:
        loader.dispose()


def _new_loader(text: str, path: Path) -> Any:
    try:
        return _Loader(text)
    except yaml.YAMLError as exc:  # the pure-Python reader checks the characters at once
        raise _syntax_error(exc, path, text) from exc


def _refuse_aliases(text: str, path: Path) -> None:
    """InputError at the first anchor or alias of the YAML text."""
    loader = _new_loader(text, path)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                line = event.start_mark.line + 1
                raise InputError("不支持 YAML 锚点与别名(&名称、*名称),请直接写出内容", path, line)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, path, text) from exc
    finally:
        loader.dispose()


def _refuse_duplicate_keys(root: Any, path: Path) -> None:
    """InputError at the first key written twice in one mapping: YAML keeps only the last
    value, so the first would be lost without a word."""
    repeats: list[tuple[int, str, int]] = []  # (line of the second key, key, line of the first)
    stack = [root]
    while stack:  # a loop, not recursion: nesting depth is the file's choice
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[tuple[str, str], int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    line = key.start_mark.line + 1
                    if (key.tag, key.value) in seen:
                        repeats.append((line, key.value, seen[(key.tag, key.value)]))
                    seen.setdefault((key.tag, key.value), line)
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    if repeats:
        line, key, first = min(repeats)
        raise InputError(f"键“{_shown(key)}”重复(第{first}行已有)", path, line)


# PyYAML's problems in the words a clerk reads, matched on "context | problem": both the pure-Python
# scanner/parser/composer/constructor and libyaml (the C loader used where installed) word them,
# differently. ``True`` reports the line where the construct began (the opening quote or bracket)
# rather than where the reader gave up (often the end of the file).
_COMMENT_HINT = "以 # 开头的内容会被当作注释,请给整段文字加引号"
_SYNTAX_PROBLEMS: tuple[tuple[re.Pattern[str], str, bool], ...] = tuple(
    (re.compile(pattern), message, at_start)
    for pattern, message, at_start in (
        (
            r"quoted scalar \| found unexpected (end of stream|document indicator)",
            "引号没有配对:这里开始的引号到文件末尾都没有结束,请补上另一半引号",
            True,
        ),
        (r"tab character|found character '\\t'", "缩进不能用制表符(Tab),请用空格", False),
        (
            r"mapping values are not allowed",
            "这里的“: ”不能当作“键: 值”:文字里有冒号加空格时,请给整段文字加引号;"
            "若是键,请检查缩进,以及上一行冒号后面有没有空格",
            False,
        ),
        (
            r"(expected|find expected) ',' or '\]'",
            "方括号“[”没有配对的“]”:以 [ 开头的文字请给整段文字加引号",
            True,
        ),
        (
            r"(expected|find expected) ',' or '\}'",
            "花括号“{”没有配对的“}”:以 { 开头的文字请给整段文字加引号",
            True,
        ),
        (r"found unexpected ':'", "括号里的冒号后面要有空格:以 [ 或 { 开头的文字请给整段文字加引号", False),
        (
            r"could not find expected ':'",
            "这一行缺少“: ”:应写成“键: 值”(冒号后面要有空格);若是上一行文字的续写,请给整段文字加引号",
            True,
        ),
        (
            r"sequence entries are not allowed",
            "“- ”不能写在这里:列表项要另起一行;以“- ”开头的文字请给整段文字加引号",
            False,
        ),
        (r"mapping keys are not allowed", "“? ”不能写在这里:以“?”开头的文字请给整段文字加引号", False),
        (
            r"expected <block end>|did not find expected (key|'-' indicator)",
            "这一行与上文的层次对不上:同一层的键或“- ”要左端对齐;"
            "文字以引号开头、引号后还有字时,请给整段文字加引号",
            False,
        ),
        (r"escape", "双引号里的“\\”后面跟了不认识的字符:反斜杠请写成“\\\\”,或改用单引号", False),
        (
            r"block scalar \|",
            "“|”或“>”后面不能接文字:多行文字请另起一行并缩进;以 | 或 > 开头的文字请加引号",
            False,
        ),
        (
            r"an (anchor|alias) \||undefined alias",
            "以“&”或“*”开头的内容会被当作锚点或别名,请给整段文字加引号",
            False,
        ),
        (r"tag", "以“!”开头的内容会被当作 YAML 标记,请给整段文字加引号", False),
        (
            r"directive|document start",
            "以“%”开头的行或“...”之后的内容读不了:以 % 开头的文字请给整段文字加引号,“...”只能在文件末尾",
            False,
        ),
        (
            r"another document",
            "一个文件只能有一份内容:请删去多余的“---”行,或给以 --- 开头的文字加引号",
            False,
        ),
        (r"unhashable key", "键只能是文字,不能是列表或映射", False),
    )
)


def _syntax_error(exc: yaml.YAMLError, path: Path, text: str) -> InputError:
    """One Chinese line for a YAML syntax error, at the line it concerns."""
    lines = text.split("\n")
    if isinstance(exc, yaml.reader.ReaderError):
        # the reader stops at the first such character; its position is in bytes for libyaml
        at = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
        return InputError(f"YAML 中有不允许的控制字符 U+{exc.character:04X},请删去它", path, line)
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    problem = f"{getattr(exc, 'context', None) or ''} | {getattr(exc, 'problem', None) or ''}"
    message, mark = "", problem_mark or context_mark
    if "cannot start any token" in problem and problem_mark is not None:
        # libyaml does not say which character: read it at the mark
        source = lines[problem_mark.line] if problem_mark.line < len(lines) else ""
        char = source[problem_mark.column : problem_mark.column + 1]
        if char == "\t":
            message = "缩进不能用制表符(Tab),请用空格"
        elif char.strip():
            message = f"文字不能以“{char}”开头,请给整段文字加引号"
    for pattern, hint, at_start in () if message else _SYNTAX_PROBLEMS:
        if pattern.search(problem):
            message, mark = hint, (context_mark if at_start and context_mark else mark)
            break
    if not message:
        english = getattr(exc, "problem", None) or getattr(exc, "context", None) or "unknown"
        message = f"请检查这一行的缩进、冒号和引号({english})"
    line = mark.line + 1 if mark else None
    if (
        line
        and _COMMENT_HINT not in message
        and _COMMENTED.search(lines[line - 1] if line <= len(lines) else "")
    ):
        message += f"(注意:{_COMMENT_HINT})"
    return InputError(f"YAML 语法错误:{message}", path, line)


# A value cut short by a comment: " #" after a colon or inside a line ("# 加强…" read as a comment).
_COMMENTED = re.compile(r"(?:^|\s)#")
# The text fields of a plan whose value, when empty, may be a comment that swallowed it.
_TEXT_KEYS = ("title", "text", "intro", "preamble")


def _refuse_commented_text(root: Any, lines: list[str], path: Path) -> None:
    """InputError where a text field reads as empty because its value begins with “#”."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        if not isinstance(node, yaml.MappingNode):
            continue
        for key, value in node.value:
            stack.append(value)
            empty = isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null") and not value.value
            if not (empty and isinstance(key, yaml.ScalarNode) and key.value in _TEXT_KEYS):
                continue
            rest = lines[key.end_mark.line][key.end_mark.column :]
            if re.match(r"\s*:\s+#", rest):
                raise InputError(f"{key.value} 读成了空:{_COMMENT_HINT}", path, key.start_mark.line + 1)


def _locate(plan: Plan, root: Any, lines: list[str]) -> None:
    """Copy YAML line/column marks onto the plan (best effort: the shape is validated already)."""
    top = _mapping(root)
    for key in ("title", "preamble"):
        if key in top:
            plan.locs[key] = _anchors(top[key], lines)
    for key, value in _mapping(top.get("notice")).items():
        plan.locs[f"notice.{key}"] = _anchors(value, lines)
    for section, node in zip(plan.sections, _sequence(top.get("sections")), strict=False):
        _locate_section(section, node, lines)


def _locate_section(section: Section, node: Any, lines: list[str]) -> None:
    fields = _mapping(node)
    section.line, section.column = node.start_mark.line + 1, node.start_mark.column + 1
    section.locs = {key: _anchors(fields[key], lines) for key in ("title", "intro") if key in fields}
    for clause, clause_node in zip(section.clauses, _sequence(fields.get("clauses")), strict=False):
        raw = _mapping(clause_node).get("raw")
        if raw is not None:
            clause.line, clause.column = _anchors(raw, lines)[0][1:]
    for item, item_node in zip(section.items, _sequence(fields.get("items")), strict=False):
        item_fields = _mapping(item_node)
        item.line, item.column = item_node.start_mark.line + 1, item_node.start_mark.column + 1
        item.locs = {
            key: _anchors(item_fields[key], lines) for key in ("title", "text") if key in item_fields
        }
        clause_nodes = _sequence(item_fields.get("clauses"))
        if len(clause_nodes) != len(item.clauses):  # clauses written in the text joined the list
            continue
        for clause, clause_node in zip(item.clauses, clause_nodes, strict=True):
            raw = _mapping(clause_node).get("raw")
            clause.line, clause.column = _anchors(raw if raw is not None else clause_node, lines)[0][1:]
    for sub, sub_node in zip(section.sections, _sequence(fields.get("sections")), strict=False):
        _locate_section(sub, sub_node, lines)


def _mapping(node: Any) -> dict[str, Any]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _sequence(node: Any) -> list[Any]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _anchors(node: Any, lines: list[str]) -> tuple[Anchor, ...]:
    """Where each line of a scalar's value starts in the YAML file."""
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if not isinstance(node, yaml.ScalarNode):
        return ((0, line, column),)
    if node.style in ("|", ">"):  # block scalar: the text starts on the next line, indented
        anchors, offset = [], 0
        for index, part in enumerate(node.value.split("\n")):
            source = lines[line + index] if line + index < len(lines) else ""
            anchors.append((offset, line + 1 + index, len(source) - len(source.lstrip(" ")) + 1))
            offset += len(part) + 1
        return tuple(anchors)
    return ((0, line, column + (1 if node.style in ("'", '"') else 0)),)


class _Fields:
    """Typed access to one mapping of the YAML, naming the field path in errors."""

    def __init__(self, data: Any, where: str, path: Path | None, allowed: set[str]):
        if not isinstance(data, dict):
            raise InputError(f"{where or '顶层'} 应为映射(键: 值)", path)
        unknown = sorted(str(k) for k in data if k not in allowed)
        if unknown:
            raise InputError(f"{_join(where, unknown[0])} 是未知字段", path)
        self.data, self.where, self.path = data, where, path

    def name(self, key: str) -> str:
        return _join(self.where, key)

    def text(self, key: str, required: bool = False) -> str:
        if key not in self.data:
            if required:
                raise InputError(f"缺少字段 {self.name(key)}", self.path)
            return ""
        value = self.data[key]
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise InputError(f"{self.name(key)} 应为文字", self.path)
        return str(value)

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        number = _whole(value, signed=False)
        if number is None:
            raise InputError(f"{self.name(key)} 应为不小于 0 的整数,而不是“{_shown(value)}”", self.path)
        return number

    def year(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        year = _whole(value, signed=True)
        if year is None:
            raise InputError(f"{self.name(key)} 应为年份,如 2027,而不是“{_shown(value)}”", self.path)
        problem = year_problem(year)
        if problem:
            raise InputError(f"{self.name(key)}:{problem}", self.path)
        return year

    def date(self, key: str) -> str:
        """A date as a clerk writes it (``lang.dates.DATE_FORMS``) in ISO form, or “” when absent;
        YAML reads an unquoted 2027-02-18 as a date."""
        value = self.data.get(key)
        if isinstance(value, dt.date):
            value = value.isoformat()
        if value is None or value == "":
            return ""
        if not isinstance(value, str):
            raise InputError(f"{self.name(key)} 应为日期,而不是“{_shown(value)}”", self.path)
        try:
            iso = iso_date(value)
        except ValueError as wrong:
            raise InputError(f"{self.name(key)} {wrong}", self.path) from None
        problem = year_problem(int(iso[:4]))
        if problem:
            raise InputError(f"{self.name(key)}:{problem}", self.path)
        return iso

    def strings(self, key: str) -> list[str]:
        value = self.data.get(key) or []
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            raise InputError(f"{self.name(key)} 应为文字列表", self.path)
        return [str(v) for v in value]

    def mappings(self, key: str) -> list[tuple[Any, str]]:
        value = self.data.get(key) or []
        if not isinstance(value, list):
            raise InputError(f"{self.name(key)} 应为列表", self.path)
        return [(v, f"{self.name(key)}[{i}]") for i, v in enumerate(value)]

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.data.get(key) or {}
        if not isinstance(value, dict):
            raise InputError(f"{self.name(key)} 应为映射(键: 值)", self.path)
        return value


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


_SHOWN = 40  # a wrong value is repeated in the error line up to this many characters


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _whole(value: Any, signed: bool) -> int | None:
    """An integer written as one (or as decimal digits in a string), else None.

    ``isdecimal``, not ``isdigit``: “①” and “²” are digits that ``int`` cannot read."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if signed or value >= 0 else None
    if not isinstance(value, str) or not (value[1:] if signed and value[:1] == "-" else value).isdecimal():
        return None
    try:
        return int(value)
    except ValueError:  # thousands of digits: past Python's limit for int()
        return None


_PLAN_KEYS = {
    "title",
    "issuer",
    "year",
    "doc_type",
    "date",
    "preamble",
    "notice",
    "sections",
    "attachments",
    "parts",
    "source",
    "warnings",
}
_SECTION_KEYS = {"number", "title", "intro", "clauses", "items", "sections", "line"}
_ITEM_KEYS = {"number", "title", "text", "clauses", "origin", "line"}
_CLAUSE_KEYS = {"lead", "units", "support", "raw", "after", "position", "deadline", "labels"}
_NOTICE_KEYS = set(Notice.__dataclass_fields__)
_SOURCE_KEYS = set(Source.__dataclass_fields__)


def plan_from_dict(data: Any, path: Path | None = None) -> Plan:
    """Build a plan from data shaped like ``plan_to_dict``'s output."""
    top = _Fields(data, "", path, _PLAN_KEYS)
    notice = None
    if top.data.get("notice") is not None:
        fields = _Fields(top.data["notice"], "notice", path, _NOTICE_KEYS)
        notice = Notice(
            **{key: fields.date(key) if key == "date" else fields.text(key) for key in _NOTICE_KEYS}
        )
    source = Source()
    if top.data.get("source") is not None:
        fields = _Fields(top.data["source"], "source", path, _SOURCE_KEYS)
        source = Source(
            **{k: fields.text(k) for k in _SOURCE_KEYS - {"provenance"}},
            provenance=fields.mapping("provenance"),
        )
    return Plan(
        title=top.text("title"),
        issuer=top.text("issuer"),
        year=top.year("year"),
        doc_type=top.text("doc_type"),
        date=top.date("date"),
        preamble=top.text("preamble"),
        notice=notice,
        sections=[_section_from(v, where, path) for v, where in top.mappings("sections")],
        attachments=[_attachment_from(v, where, path) for v, where in top.mappings("attachments")],
        more_parts=[plan_from_dict(v, path) for v, _ in top.mappings("parts")[1:]],
        source=source,
        warnings=top.strings("warnings"),
    )


def _attachment_from(data: Any, where: str, path: Path | None) -> Attachment:
    label = _Fields(data, where, path, _PLAN_KEYS | {"label"}).text("label", required=True)
    return Attachment(label=label, plan=plan_from_dict({k: v for k, v in data.items() if k != "label"}, path))


# Levels of sections a plan may nest: an official plan has two (一、 and (一)), rarely three or
# four; deeper is not a plan, and copying or rendering it would exhaust Python's recursion.
MAX_SECTION_DEPTH = 8


def _section_from(data: Any, where: str, path: Path | None, depth: int = 1) -> Section:
    if depth > MAX_SECTION_DEPTH:
        raise InputError(f"{where}:部分嵌套超过 {MAX_SECTION_DEPTH} 层,不像一份计划", path)
    fields = _Fields(data, where, path, _SECTION_KEYS)
    return Section(
        number=fields.text("number"),
        title=fields.text("title"),
        intro=fields.text("intro"),
        items=[_item_from(v, w, path) for v, w in fields.mappings("items")],
        sections=[_section_from(v, w, path, depth + 1) for v, w in fields.mappings("sections")],
        clauses=_place(
            fields.text("intro"),
            [_clause_from(v, w, path) for v, w in fields.mappings("clauses")],
            False,
            path,
        ),
    )


def _item_from(data: Any, where: str, path: Path | None) -> Item:
    fields = _Fields(data, where, path, _ITEM_KEYS)
    item = Item(
        number=fields.text("number", required=True),
        title=fields.text("title"),
        text=fields.text("text"),
        origin=fields.mapping("origin"),
    )
    drafted = item.origin.get("fingerprint")  # written by ``drafter new``: a clerk's draft
    edited = bool(drafted) and drafted != item.fingerprint()
    reads = [_clause_from(v, w, path, bool(drafted)) for v, w in fields.mappings("clauses")]
    item.clauses = _place(item.text, reads, edited, path)
    item.text, item.clauses = _inline_clauses(item.text, item.clauses)
    return item


@dataclass
class _Read:
    """A clause as read from the file, before it is placed in its text."""

    clause: Clause
    where: str
    after: str | None  # the words it follows (``after``), None when the file does not say
    positioned: bool  # an older file's offset (``position``) was written


def _place(text: str, reads: list[_Read], edited: bool, path: Path | None) -> list[Clause]:
    """Each clause at its place in ``text``: after the words its ``after`` quotes, else at an older
    file's ``position``, else at the end. Where the words are gone, or an offset of an edited item
    falls inside a sentence, the clause goes to the end of the nearest sentence, with a warning."""
    previous = 0
    for read in reads:
        clause = read.clause
        if read.after is not None:
            found = resolve_anchor(text, read.after, previous)
            if found is None:
                found = _most_like(text, read.after, previous)
                _warn(path, read, f"原在“{read.after}”之后,正文中已没有这几个字", text, found)
            clause.position = found
        elif not read.positioned:
            clause.position = len(text)
        elif edited and not clause_may_stand(text, clause.position):
            was = clause.position
            clause.position = min(sentence_ends(text), key=lambda end: abs(end - was))
            _warn(path, read, "在正文改动后落到了句子中间", text, clause.position)
        previous = clause.position
    return [read.clause for read in reads]


# How much of the text before a moved clause its warning quotes.
_QUOTED_BEFORE = 12


def _warn(path: Path | None, read: _Read, problem: str, text: str, position: int) -> None:
    before = text[max(0, position - _QUOTED_BEFORE) : position] or "正文开头"
    raw = read.clause.raw or "责任分工"
    _draft_warning(path, f"{read.where} 的“{raw}”{problem},已放在“{before}”之后,请核对")


def _draft_warning(path: Path | None, message: str) -> None:
    warnings.warn(DraftWarning(f"{path}:{message}" if path else message), stacklevel=3)


def _most_like(text: str, words: str, previous: int) -> int:
    """The end of the sentence (from ``previous`` on) whose last words are most like ``words``."""

    def likeness(end: int) -> float:
        return SequenceMatcher(None, words, text[max(previous, end - len(words)) : end]).ratio()

    return max(sentence_ends(text, min(previous, len(text))), key=likeness)


def _inline_clauses(text: str, clauses: list[Clause]) -> tuple[str, list[Clause]]:
    """A clause a clerk wrote inside the text (“…资源覆盖面。（牵头处室：基础教育处）”) is read as a
    clause of the item, in its place among the listed ones; the text keeps no clause of its own."""
    from ..parse.clauses import extract
    from ..parse.located import Located
    from ..render.text import clause_text

    key = fold(text)
    if not (LABEL.search(key) or (SUFFIX_LABEL.search(key) and any(c in key for c in OPEN))):
        return text, clauses  # no clause without a role word (most texts: spare the full reading)
    _, inline, _ = extract(Located(text))
    if not inline:
        return text, clauses
    written, cursor = [], 0
    for clause in sorted(clauses, key=lambda c: c.position):
        at = max(cursor, min(clause.position, len(text)))
        written += [text[cursor:at], clause.raw if _reads_as(clause.raw, clause) else clause_text(clause)]
        cursor = at
    written.append(text[cursor:])
    stripped, all_clauses, _ = extract(Located("".join(written)))
    return stripped.text, all_clauses


def _clause_from(data: Any, where: str, path: Path | None, drafted: bool = False) -> _Read:
    """One clause: its wording ``raw`` read as the clause where no lists are written. Where a draft
    (``drafted``) has both and they disagree, the wording is what the clerk edited (the lists are the
    machine's copy), so it wins, with a warning; elsewhere (corpus entries) the lists are the clause."""
    fields = _Fields(data, where, path, _CLAUSE_KEYS)
    labels = fields.mapping("labels")
    if any(k not in ("lead", "units", "support") or not isinstance(v, str) for k, v in labels.items()):
        raise InputError(f"{fields.name('labels')} 只能有 lead/units/support 三项文字", path)
    clause = Clause(
        lead=fields.strings("lead"),
        units=fields.strings("units"),
        support=fields.strings("support"),
        raw=fields.text("raw"),
        position=fields.integer("position") or 0,
        deadline=fields.text("deadline"),
        labels=dict(labels),
    )
    listed = any(key in fields.data for key in ("lead", "units", "support"))
    read = parse_clause(clause.raw) if clause.raw and (drafted or not listed) else None
    if clause.raw and read is None and not listed:
        raise InputError(
            f"{fields.name('raw')}“{_shown(clause.raw)}”读不出责任分工,应写成如“（牵头处室：办公室，责任处室：财务处）”",
            path,
        )
    if read is not None:
        mine = (clause.lead, clause.units, clause.support, clause.deadline)
        if listed and (
            (read.lead, read.units, read.support, read.deadline) != mine or (labels and read.labels != labels)
        ):
            named = "、".join(clause.all_units()) or "空"
            _draft_warning(
                path,
                f"{fields.name('raw')} 与它的 lead/units/support 列表({named})不一致,"
                f"按 raw“{_shown(clause.raw)}”读",
            )
        read.raw, read.position = clause.raw, clause.position
        clause = read
    after = fields.text("after") if "after" in fields.data else None
    return _Read(clause, where, after, "position" in fields.data)
