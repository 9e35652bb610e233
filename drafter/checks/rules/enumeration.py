"""Enumerations inside a paragraph: “一是…二是…三是”, “（1）…（2）…”, “①②③” run in order.

The ordinals of a list inside an item follow the same rule as the plan's own numbering
(GB/T 15834—2011 附录 B.3 gives the levels 一、/（一）/1./（1）): they count up from one
without a gap or a repeat. A list may start again from one later in the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from ...lang.numerals import to_chinese, to_int
from ...lang.width import fold
from ...model import Plan
from ..base import Context, Finding, Text, at, rule, texts_with

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# One pattern per kind of list; the kinds are counted apart (“一是” and “（1）” may nest).
_KINDS = (
    ("是", re.compile(r"(?P<n>[一二三四五六七八九十]{1,3})是(?!否|非|指|由|在|为)")),
    ("（N）", re.compile(r"\((?P<n>\d{1,2})\)")),
    ("（一）", re.compile(r"\((?P<n>[一二三四五六七八九十]{1,3})\)")),
    ("①", re.compile(f"(?P<n>[{_CIRCLED}])")),
)
# A list opens the text, a line or a clause (“统一是”“之一是” open none); a later marker may
# follow any word, since the responsibility clause that ended the entry before it is cut out
# of the text (“…优秀学校（责任处室：学生工作处）六是…” reads “…优秀学校六是…”).
_OPENS = re.compile(r"(?:^|[\n,;:。!?、)】”\s])$")
_NOT_A_MARKER = re.compile(r"[第\d〇零一二两三四五六七八九十百千]$")
# One marker alone is no list; a run that does not start at one is not checked either (it
# continues a list of an earlier paragraph, or cites another document's items).
_SHORTEST = 2


def _value(kind: str, number: str) -> int | None:
    if kind == "①":
        return _CIRCLED.index(number) + 1
    return int(number) if number.isdigit() else to_int(number)


def _written(kind: str, value: int, like: str) -> str:
    if kind == "①":
        return _CIRCLED[value - 1] if value <= len(_CIRCLED) else str(value)
    return str(value) if like.isdigit() else to_chinese(value)


def _lists(key: str, kind: str, pattern: re.Pattern[str]) -> list[list[tuple[re.Match[str], int]]]:
    """The runs of markers of one kind in a text; a marker “1” that opens a clause starts a run."""
    runs: list[list[tuple[re.Match[str], int]]] = []
    for match in pattern.finditer(key):
        value = _value(kind, match["n"])
        before = key[max(0, match.start() - 1) : match.start()]
        if value is None or (kind != "①" and _NOT_A_MARKER.search(before)):
            continue
        if value == 1:
            if kind == "①" or _OPENS.search(before):
                runs.append([(match, value)])
        elif runs:
            runs[-1].append((match, value))
    return [run for run in runs if len(run) >= _SHORTEST]


def _breaks(text: Text) -> Iterator[Finding]:
    key = fold(text.text)
    for kind, pattern in _KINDS:
        for run in _lists(key, kind, pattern):
            for (before, previous), (match, value) in pairwise(run):
                if value == previous + 1:
                    continue
                shown = text.text[match.start("n") : match.end("n")]
                said = text.text[before.start("n") : before.end("n")]
                expected = _written(kind, previous + 1, match["n"])
                if value <= previous:
                    message = f"列举序号重复:“{said}”之后又是“{shown}”,应为“{expected}”"
                else:
                    missing = "、".join(_written(kind, v, match["n"]) for v in range(previous + 1, value))
                    message = f"列举序号跳号:“{said}”之后是“{shown}”,缺少“{missing}”"
                yield at(text, match.start("n"), match.end("n"), message, expected)
                break  # one finding a list: the rest follows from the first break


@rule("PLAN082", "enumeration-gap", "plan", "warning", title="列举序号跳号或重号", suggests=True)
def check_enumeration_gap(plan: Plan, context: Context) -> Iterator[Finding]:
    """段内的列举(“一是…二是…”“（1）…（2）”“①②”)须从一起依次编号,不跳号、不重号。

    理由:
        “一是…二是…六是”中间缺号,说明删改了列举却没有重新编号。
    依据:
        GB/T 15834—2011《标点符号用法》 附录B.3:序次语的用法
        公文写作惯例:列举的序号依次编排
    依据:GB/T 15834—2011 附录 B.3 的序次语层级;同一层级的序号连续编排。

    反例:
        一、加强党的建设
        1.办好民生实事。一是建设5万个学位;二是新建10所学校;六是改造薄弱学校。（责任处室：发展规划处）
        2.推进集团化办学。主要做好以下工作:
        （1）建设联盟;
        （3）开展交流。（责任处室：基础教育处）
    正例:
        一、加强党的建设
        1.办好民生实事。一是建设5万个学位;二是新建10所学校;三是改造薄弱学校,这一是非问题要讲清。（责任处室：发展规划处）
        2.推进集团化办学。主要做好以下工作:
        （1）建设联盟;
        （2）开展交流。（责任处室：基础教育处）
    """
    for text in texts_with(plan, ("preamble", "intro", "title", "text")):
        yield from _breaks(text)
