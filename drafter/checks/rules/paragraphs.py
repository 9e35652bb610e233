"""Paragraphs: a sentence broken over two paragraphs.

A paragraph of running text ends with a sentence-end mark (GB/T 15834—2011 4.1 句号, 4.2 问号,
4.3 叹号; a 分号 or 冒号 may close a list entry or lead into a list). One that stops after a word,
with the next paragraph going on with the same sentence, is a line break pasted in by a copy
from PDF or a web page — the printed document would show the sentence cut in two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...lang.patterns import SENTENCE_END
from ...lang.width import fold
from ...model import Plan
from ..base import Context, Edit, Finding, Text, at, rule, texts_with

# What may end a paragraph: sentence ends, a colon before a list, closing brackets and quotes.
_ENDS = SENTENCE_END + ":…”’)】〕》」』"
# A paragraph of prose: it holds a comma or a sentence end somewhere (headings, table cells,
# names and titles on a line of their own hold none).
_PROSE = re.compile(f"[,{SENTENCE_END}]")
# What a new paragraph may open with that starts something new: an ordinal, a list mark, a dash
# lead, an attachment or table label (the ordinals of GB/T 15834—2011 附录 B.3).
_OPENS_NEW = re.compile(
    r"\s*(?:[一二三四五六七八九十]{1,3}\s*[、.是要]|\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|\d{1,2}\s*[.、]"
    r"|[\u2460-\u2473]|第[一二三四五六七八九十\d]+|附件|附表|——|--|[-•·●▲■])"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[\u4e00-\u9fff\w]")


def _continues(tail: str, head: str) -> bool:
    """Whether paragraph ``tail`` stops mid-sentence and ``head`` (the next one) goes on with it."""
    tail, head = tail.rstrip(), head.lstrip()
    if not tail or not head or tail[-1] in _ENDS or not _WORD.match(tail[-1]):
        return False
    prose = bool(_PROSE.search(tail) and _PROSE.search(head))
    return prose and not _OPENS_NEW.match(head) and bool(_HAN.match(head))


def _breaks(text: Text, key: str) -> Iterator[tuple[int, int]]:
    """(last character of a paragraph, first character of the next) for every paragraph break
    in the text: a line break kept in it, or one the reader already joined (the text goes on
    at the start of a later source line: a block cut mid-sentence reads as one paragraph)."""
    for match in re.finditer("\n", key):
        yield match.start() - 1, match.end()
    for offset, line, column in text.anchors:
        # Column 1 only: a later column may follow a page number the reader cut off.
        joined = 0 < offset < len(key) and "\n" not in key[offset - 1 : offset + 1]
        if joined and column == 1 and line > text.locate(offset - 1)[0]:
            yield offset - 1, offset


def _splits(text: Text) -> Iterator[Finding]:
    key = fold(text.text)
    for last, following in _breaks(text, key):
        tail = key[key.rfind("\n", 0, last + 1) + 1 : last + 1]
        head_end = key.find("\n", following)
        head = key[following : head_end if head_end >= 0 else len(key)]
        if last < 0 or not _continues(tail, head):
            continue
        shown = text.text[max(0, last - 9) : last + 1]
        message = f"段落在句中断开:“{shown}”与下一段“{head.strip()[:10]}”应连成一句"
        finding = at(text, last, last + 1, message)
        line, column = text.locate(last)
        next_line, next_column = text.locate(following)
        # Joining is safe when the break is the very end of one line and the next line starts
        # at its first column with the rest of the sentence (no indent to remove, nothing between).
        if line and (next_line, next_column) == (line + 1, 1) and key[last + 1 : following] in ("\n", ""):
            old = text.text[last]
            finding.edits.append(Edit(line, column, old + "\n", old))
            finding.suggestions.append({"replacement": old, "safe": True})
        yield finding


@rule("PLAN083", "paragraph-split-mid-sentence", "plan", "warning", fixable=True, title="段落在句中断开")
def check_paragraph_split_mid_sentence(plan: Plan, context: Context) -> Iterator[Finding]:
    """一段正文没有句末标点就结束,下一段接着把这句话说完:是复制粘贴带进来的断行,应连成一段。

    理由:
        没有句末标点的段落接着下一段说完,是复制粘贴带入的断行,排版后一句话断成两段。
    依据:
        公文写作惯例:一段话在一个自然段内写完
    标题、表格里的单元格、名单、以序号开头的下一段不算。
    依据:GB/T 15834—2011 4.1(陈述句末尾用句号);
    GB/T 9704—2012 7.3.3(正文每个自然段左空二字、回行顶格,一段是一个整体)。

    反例:
        一、加强党的建设
        1.推进集团化办学。深化集团化办学改革,扩大优质教育资源覆盖面,加强
        学校党建工作,做好教育系统党风廉政建设。（责任处室：组织处）
    正例:
        一、加强党的建设
        1.推进集团化办学。深化集团化办学改革,扩大优质教育资源覆盖面。
        学校党建工作要突出政治功能,做好教育系统党风廉政建设。（责任处室：组织处）
        2.开展文艺展演。主要内容包括:
        参赛学校
        一是合唱,二是舞蹈。（责任处室：宣传处）
    """
    for text in texts_with(plan, ("preamble", "intro", "text", "notice.body")):
        yield from _splits(text)
