"""Numbering and structure: unbroken sequences, the right ordinal marks, counts that add up.

公文 ordinals: 一、 → （一） → 1. → （1）(GB/T 15834 附录 B.3): a Chinese numeral takes
a 顿号, a bracketed one takes nothing, an Arabic one takes the small dot.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial

from ...lang.numerals import to_chinese, to_int
from ...lang.width import LPAREN, RPAREN, fold
from ...model import Item, Plan, Section, join_path, section_part
from ..base import Context, Edit, Finding, Text, at, at_item, rule, walk_sections


def _numbered(nodes: list[Item] | list[Section]) -> list[tuple[Item | Section, int]]:
    return [(node, value) for node in nodes if (value := to_int(node.number) or 0)]


def _renumber(node: Item | Section, value: int) -> Edit | None:
    """The edit that gives a node's marker a new number, when the marker is known."""
    if not node.marker or not node.line:
        return None
    offset = node.marker.find(node.number)
    if offset < 0:
        return None
    new = str(value) if node.number.isdigit() else to_chinese(value)
    return Edit(node.line, node.column + offset, node.number, new)


def _sub_path(parent: str, section: Section) -> str:
    return join_path((parent, section_part(section.number, depth=1)))


def _item_path(parent: str, item: Item) -> str:
    return join_path((parent, item.number))


def _sequence_findings(
    nodes: list[tuple[Item | Section, int]], path_of: Callable[[Item | Section], str], first: set[int]
) -> Iterator[Finding]:
    """One finding at the first break of a sequence, with edits renumbering the rest."""
    expected = None
    for index, (node, value) in enumerate(nodes):
        if expected is None:
            expected = value if value in first else min(first)
        if value != expected:
            previous = nodes[index - 1][0].number if index else ""
            problem = "重复" if value < expected else "不连续"
            where = f"“{previous}”之后是“{node.number}”" if previous else f"从“{node.number}”开始"
            finding = at_item(path_of(node), node, f"编号{problem}:{where}")
            fixed = expected
            for later, _ in nodes[index:]:
                edit = _renumber(later, fixed)
                if edit:
                    finding.edits.append(edit)
                fixed += 1
            if finding.edits:
                finding.suggestions = [{"replacement": finding.edits[0].new, "safe": True}]
            yield finding
            return
        expected += 1


def _kind(marker: str, number: str) -> int:
    """Which ordinal form a marker is (an index into ``_FORMS``: 一、 (一) 1. (1)); a bare number
    (a marker the parser did not keep) is told by its digits."""
    key = fold(marker)
    for index, (pattern, _) in enumerate(_FORMS):
        if pattern.fullmatch(key):
            return index
    return 2 if number.isdigit() else 0


def _goals_numbers(intro: str) -> dict[int, int]:
    """The last number of each ordinal form that opens a paragraph of an intro: the numbered
    goals blocks (“(一)指导思想”…“(三)工作目标”) the parser keeps there are no work items, but
    the items after them go on counting from them."""
    last: dict[int, int] = {}
    for paragraph in intro.split("\n"):
        key = fold(paragraph.strip())
        for index, (pattern, _) in enumerate(_FORMS):
            match = pattern.match(key)
            if match and (value := to_int(match.group(1))):
                last[index] = value
                break
    return last


@rule("PLAN020", "numbering-gap-or-duplicate", "plan", "error", fixable=True, title="序号跳号或重号")
def check_numbering_gap_or_duplicate(plan: Plan, context: Context) -> Iterator[Finding]:
    """同一层级、同一种序号须连续、不重复(条目编号可以全文连续,也可以每部分重新起编)。

    理由:
        跳号、重号说明删改条目后没有重新编号,引用“第几条”时会对不上。
    依据:
        GB/T 9704—2012《党政机关公文格式》 7.3.3:结构层次序数依次用“一、”“（一）”“1.”“（1）”标注
        公文写作惯例:同一层次的序号连续编排
    总体要求里编了号的指导思想、基本原则、工作目标不是工作条目,但后面的条目接着它们编号,
    不算跳号;一个部分里小标题和条目用同一种序号时合起来数。

    反例:
        一、加强党的建设
        1.推进集团化办学。（责任处室：基础教育处）
        2.落实“双减”。（责任处室：基础教育处）
        4.加强思政课建设。（责任处室：宣传处）
    正例:
        一、总体要求
        （一）指导思想。坚持立德树人。
        （二）工作目标。到2027年,建成优质均衡的基本公共教育服务体系。
        二、主要任务
        （三）推进集团化办学。（责任处室：基础教育处）
        （四）落实“双减”。（责任处室：基础教育处）
        三、保障措施
        （五）加强思政课建设。（责任处室：宣传处）
    """
    yield from _sequence_findings(_numbered([s for s in plan.sections if s.number]), lambda n: n.number, {1})
    last: dict[int, int] = {}  # the last number of each ordinal form so far, for numbering that runs on
    for path, section in walk_sections(plan):
        nodes_here: list[Item | Section] = [*section.sections, *section.items]
        by_kind: dict[int, list[Item | Section]] = {}
        for node in sorted(nodes_here, key=lambda node: node.line):  # stable: sections first on a tie
            by_kind.setdefault(_kind(node.marker, node.number), []).append(node)
        for kind, nodes in by_kind.items():
            numbered = _numbered(nodes)  # type: ignore[arg-type]  # a list of either kind
            if numbered:
                path_of = partial(_node_path, path)
                yield from _sequence_findings(numbered, path_of, {1, last.get(kind, 0) + 1})
                last[kind] = numbered[-1][1]
        last.update(_goals_numbers(section.intro))


def _node_path(parent: str, node: Item | Section) -> str:
    return _sub_path(parent, node) if isinstance(node, Section) else _item_path(parent, node)


@rule("PLAN021", "numbering-restart-inconsistent", "plan", "warning", title="编号方式不一")
def check_numbering_restart_inconsistent(plan: Plan, context: Context) -> Iterator[Finding]:
    """条目编号要么全文连续,要么每部分都重新起编,不能混用(同一种序号之间比较)。

    理由:
        一份计划中有的部分条目全文连续编号、有的部分重新起编,读者难以按编号查找条目。
    依据:
        公文写作惯例:全文体例一致(条目编号要么全文连续,要么每部分重新起编)
    反例:
        一、加强党的建设
        1.推进集团化办学。（责任处室：基础教育处）
        二、发展各级教育
        2.落实“双减”。（责任处室：基础教育处）
        三、加强队伍建设
        1.加强师德建设。（责任处室：教师工作处）
    正例:
        一、加强党的建设
        1.推进集团化办学。（责任处室：基础教育处）
        二、发展各级教育
        1.落实“双减”。（责任处室：基础教育处）
        三、加强队伍建设
        1.加强师德建设。（责任处室：教师工作处）
    """
    starts: dict[int, list[tuple[str, Item, bool]]] = {}  # per ordinal form: (path, first item, restarted?)
    last: dict[int, int] = {}  # the last item number of each ordinal form so far
    for path, section in walk_sections(plan):
        by_kind: dict[int, list[Item]] = {}
        for item in section.items:
            by_kind.setdefault(_kind(item.marker, item.number), []).append(item)
        for kind, items in by_kind.items():
            numbered = _numbered(items)
            if not numbered:
                continue
            if kind in last:  # the same form had items before: restarted or ran on?
                first = (path, numbered[0][0], numbered[0][1] == 1)
                starts.setdefault(kind, []).append(first)  # type: ignore[arg-type]
            last[kind] = numbered[-1][1]
    for same_form in starts.values():
        restarted = [s for s in same_form if s[2]]
        if restarted and len(restarted) < len(same_form):
            minority = (
                restarted if len(restarted) * 2 < len(same_form) else [s for s in same_form if not s[2]]
            )
            path, item, did_restart = minority[0]
            how = "重新从 1 起编" if did_restart else "接续上一部分编号"
            yield at_item(f"{path}/{item.number}", item, f"条目编号方式不一致:此部分{how},与其他部分不同")


_FORMS = (
    (re.compile(r"([一二三四五六七八九十百]+)\s*[、.,]"), "{}、"),
    (re.compile(r"\(\s*([一二三四五六七八九十百]+)\s*\)\s*[、.]?"), LPAREN + "{}" + RPAREN),
    (re.compile(r"(\d+)\s*[.、,]"), "{}."),
    (re.compile(r"\(\s*(\d+)\s*\)"), LPAREN + "{}" + RPAREN),
)


_NUMERAL = re.compile(r"[0-9０-９]+|[一二三四五六七八九十百]+")


def _canonical(marker: str) -> str:
    key = fold(marker)
    for pattern, form in _FORMS:
        match = pattern.fullmatch(key)
        if match:
            return form.format(match.group(1))
    return marker


@rule("PLAN022", "ordinal-marker-format", "plan", "warning", fixable=True, title="序号写法不规范")
def check_ordinal_marker_format(plan: Plan, context: Context) -> Iterator[Finding]:
    """序号的写法:“一、”“（一）”“1.”“（1）”,不写“1、”“一.”“(一)”“（一）、”。

    理由:
        层次序数的写法是公文格式的一部分,写法不一会让层次看起来混乱;全文一直用同一种不规范写法时只报一次。
    依据:
        GB/T 9704—2012《党政机关公文格式》 7.3.3:结构层次序数依次可以用“一、”“（一）”“1.”“（1）”标注
        GB/T 15834—2011《标点符号用法》 附录B.3:序次语之后的标点用法(汉字数字后用顿号,阿拉伯数字后用下脚点,带
            括号的序次语后不用标点)
    反例:
        一.加强党的建设
        (一)强化理论武装
        1、推进集团化办学。（责任处室：基础教育处）
    正例:
        一、加强党的建设
        （一）强化理论武装
        1.推进集团化办学。（责任处室：基础教育处）
    """
    nodes: list[tuple[str, Item | Section]] = []
    for path, section in walk_sections(plan):
        nodes.append((path, section))
        nodes.extend((f"{path}/{item.number}" if path else item.number, item) for item in section.items)
    for path, node in nodes:
        if node.marker and node.line:
            fixed = _canonical(node.marker)
            if fixed != node.marker:
                text = Text(path, "marker", node.marker, ((0, node.line, node.column),))
                message = f"序号“{node.marker}”应写作“{fixed}”"
                form = _NUMERAL.sub("N", node.marker)  # “1．” and “12．” are one form
                yield at(text, 0, len(node.marker), message, fixed, safe=True, form=form)


_ANNOUNCED = re.compile(
    r"(?:做好|抓好|推进|落实|突出|聚焦|从)?(?:以下)?([一二两三四五六七八九十]{1,3})个方?面"
)


@rule("PLAN024", "announced-count-mismatch", "plan", "error", title="方面数与部分数不符")
def check_announced_count_mismatch(plan: Plan, context: Context) -> Iterator[Finding]:
    """总体要求里说“重点做好N个方面的工作”,正文就须有N个部分。

    理由:
        总体要求中说“N个方面”而正文部分数不同,是增删部分后没有同步修改的常见差错。
    依据:
        公文写作惯例:前后表述一致
    反例:
        2027年全市教育工作的总体要求是:坚持立德树人,重点做好三个方面的工作。
        一、加强党的建设
        1.推进集团化办学。（责任处室：基础教育处）
        二、发展各级教育
        2.落实“双减”。（责任处室：基础教育处）
    正例:
        2027年全市教育工作的总体要求是:坚持立德树人,重点做好两个方面的工作。
        一、加强党的建设
        1.推进集团化办学。（责任处室：基础教育处）
        二、发展各级教育
        2.落实“双减”。（责任处室：基础教育处）
    """
    sections = [s for s in plan.sections if s.number]
    text = Text("总体要求", "preamble", plan.preamble, plan.locs.get("preamble", ()))
    for match in _ANNOUNCED.finditer(plan.preamble):
        announced = to_int(match.group(1).replace("两", "二"))
        if sections and announced is not None and announced != len(sections):
            message = f"总体要求说“{match.group(1)}个方面”,正文有{len(sections)}个部分"
            yield at(text, match.start(1), match.end(1), message)


@rule("PLAN081", "empty-section", "section", "warning", title="空的部分")
def check_empty_section(section: Section, path: str, context: Context) -> Iterator[Finding]:
    """标题下没有任何内容的部分(删了去年的条目忘了写新的)。

    理由:
        只有标题没有内容的部分,多半是删了往年条目忘了写新的。
    依据:
        公文写作惯例:结构完整,每一部分都有内容
    反例:
        一、加强党的建设
        二、发展各级教育
        1.落实“双减”。（责任处室：基础教育处）
    正例:
        一、加强党的建设
        1.推进集团化办学。（责任处室：基础教育处）
        二、发展各级教育
        2.落实“双减”。（责任处室：基础教育处）
    """
    if section.number and not (section.items or section.sections or section.intro):
        finding = Finding("", "", "", f"“{section.title}”下没有内容", path, section.line, section.column)
        finding.excerpt = section.title
        yield finding
