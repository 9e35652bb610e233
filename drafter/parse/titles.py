"""Split a block's first words into its short title and the text that follows.

An item's title is set off in one of four ways: a bold run (Word, Markdown), its own
line (“1.始终把政治建设摆在首位” then the measures), a short first sentence
(“1.切实加强德育工作。建成…”), or — when the bold was lost in a copy — nothing at
all (“1.强化思想武装推动党史学习教育…”). The last case is guessed from where the
body's first verb starts, and only when most items of the document look that way;
``choose`` makes that document-level call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lang.width import COLONS, fold
from .located import Located

# Words that open a plan's standard parts; a heading glued to its text splits after them.
HEADING_WORDS = (
    "指导思想", "总体目标", "基本原则", "工作原则", "主要任务", "重点任务", "主要目标", "发展目标",
    "工作目标", "目标任务", "保障措施", "组织保障", "总体要求", "工作要求", "组织实施", "实施步骤",
    "工作措施", "具体措施", "工作重点", "总体思路",
)  # fmt: skip

# Verbs (and adverb + verb) that open the measures of an item. Nouns that double as
# verbs (建设, 服务, 管理, 督导, 发展) are left out: they sit inside titles too often.
_BODY_OPENERS = (
    "推动", "推进", "坚持", "用好", "用足", "探索", "聚焦", "完善", "调整", "巩固", "落实", "规范",
    "出台", "建立", "健全", "深化", "加强", "加大", "加快", "实施", "开展", "制定", "组织", "提高",
    "提升", "强化", "优化", "培育", "打造", "构建", "创建", "争创", "实现", "确保", "积极", "扎实",
    "深入", "全面", "持续", "切实", "认真", "严格", "不断", "着力", "继续", "进一步", "有序", "稳步",
    "大力", "尽快", "统筹", "发挥", "引导", "支持", "鼓励", "指导", "督促", "启动", "召开", "举办",
    "研制", "修订", "编制", "组建", "成立", "遴选", "评选", "推广", "贯彻", "做好", "抓好", "办好",
    "压实", "夯实", "筑牢", "抓实", "围绕", "依托", "建成", "理顺", "拓展", "依法", "严肃", "科学编制",
    "科学调整", "科学规划", "协同推进", "研究制定", "调整优化", "回应",
)  # fmt: skip
_OPENER = re.compile("|".join(sorted(_BODY_OPENERS, key=len, reverse=True)))
# Patterns run on width-folded text (see ``width``).
_INNER_PUNCT = re.compile(r"[,;:。!?]")
_SENTENCE = re.compile(r"([^,;:。!?\n]{2,40})[。:]")
_STOP = re.compile(r"[。;!?]")
_TRAILING = "。" + COLONS
_GLUED_TITLE = (4, 20)  # length range of a title that lost its bold
_GLUED_EVIDENCE = 5  # items needed before a whole document is read as having lost its bold


@dataclass
class TitleGuess:
    """One way to read a title: where it ends and where the text resumes."""

    kind: str  # "bold" | "line" | "sentence" | "glued"
    end: int
    rest: int


def guess(first: Located, has_more: bool) -> dict[str, TitleGuess]:
    """Every reading of a title the first paragraph of an item allows, by kind."""
    text = fold(first.text)
    found: dict[str, TitleGuess] = {}
    if first.bold and first.bold[0] <= 1 and first.bold[1] - first.bold[0] >= 2:
        found["bold"] = TitleGuess("bold", first.bold[1], first.bold[1])
    if has_more and len(text) <= 50 and not _STOP.search(text.rstrip("。:")):
        found["line"] = TitleGuess("line", len(text.rstrip("。:")), len(text))
    sentence = _SENTENCE.match(text)
    if sentence and text[sentence.end() :].strip():
        found["sentence"] = TitleGuess("sentence", sentence.end(1), sentence.end())
    glued = _glued(text)
    if glued:
        found["glued"] = TitleGuess("glued", glued, glued)
    return found


def _glued(text: str) -> int:
    """Where the measures start after a title that lost its bold, or 0."""
    low, high = _GLUED_TITLE
    stop = _INNER_PUNCT.search(text, 0, high + 1)
    limit = min(stop.start() if stop else high, high)
    for match in _OPENER.finditer(text, low):
        start = match.start()
        if start > limit:
            break
        if text[start - 1] in "“《(":
            continue
        body_clause = _INNER_PUNCT.search(text, start)
        if (body_clause.start() if body_clause else len(text)) - start >= 6:
            return start
        break
    return 0


def choose(guesses: list[dict[str, TitleGuess]]) -> list[str]:
    """The kinds of evidence to trust in this document, strongest first.

    A run-in sentence title counts when at least half the items have one (and then
    a title glued to its text is read too); the lost-bold reading otherwise only
    when four in five of at least five items allow it.
    """
    order = ["bold", "line"]
    total = len(guesses)
    sentences = sum("sentence" in g for g in guesses)
    glued = sum("glued" in g for g in guesses)
    if total and sentences * 2 >= total:
        order += ["sentence", "glued"]  # an item whose full stop was lost in the copy
    elif total >= _GLUED_EVIDENCE and glued * 5 >= total * 4:
        order += ["glued", "sentence"]
    return order


def pick(found: dict[str, TitleGuess], order: list[str]) -> TitleGuess | None:
    """The reading to use for one item, given the document's order of trust."""
    return next((found[kind] for kind in order if kind in found), None)


def split_heading(first: Located) -> tuple[Located, Located]:
    """A section heading's title and whatever text was glued after it."""
    text = fold(first.text)
    if first.bold and first.bold[0] <= 1 and first.bold[1] < len(text):
        end = first.bold[1]
        return first.slice(0, end).strip().strip(_TRAILING), first.slice(end).strip().lstrip(_TRAILING)
    for word in HEADING_WORDS:  # “指导思想坚持立德树人。…”: a standard heading run into its text
        rest = text[len(word) :]
        if text.startswith(word) and ("。" in rest or len(rest) > 30):
            return first.slice(0, len(word)), first.slice(len(word)).strip().lstrip(_TRAILING).strip()
    if len(text) <= 60 and not _STOP.search(text.rstrip("。")):
        return first.strip().strip("。"), Located("")
    sentence = _SENTENCE.match(text)
    if sentence:
        return first.slice(0, sentence.end(1)), first.slice(sentence.end()).strip()
    return Located(""), first
