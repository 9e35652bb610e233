"""The part of a plan before its first section: cover notice, title, preamble.

Also works out who issued the plan, for which year and when, from what the document
says of itself — never from a document it cites (“国办发〔2015〕71号” in the preamble):

- year: the title (the first year of a range “(2021—2023年)”), then the document's own
  date (notice date, signature date, the date line under the title, a header's 发布日期),
  then its own document number;
- issuer: the organ before “关于/印发/转发” in the title (GB/T 9704 “发文机关+关于+事由”), the
  signature, a header's 发布部门/制定机关, an organ opening the title (“××市教育局2022年…”).
  A placeholder (“xx”, “XX市”) or a bare place name (“长沙市”) is not an issuer: the issuer
  is left empty and a warning says why — a wrong issuer is worse than none.

pkulaw exports (header block “【发布部门】…【发文字号】…”, the title twice, the document
number in brackets under it) and plain files are read alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..lang.numerals import to_int
from ..lang.patterns import CHINESE_YEAR, DOC_NUMBER, PLACEHOLDER, YEAR
from ..lang.vocabulary import alternation, vocabulary
from ..lang.width import COLONS, fold
from ..model import Anchor, Notice, year_problem
from .chrome import report, source_line
from .located import Located, join

_VOCABULARY = vocabulary()
DOC_TYPES = _VOCABULARY.doc_types
_DOC_TYPE = re.compile(alternation(DOC_TYPES))
# What share sites append to a title: “…工作要点参考”, “…行动计划-全文及原文”.
_TITLE_JUNK = re.compile(r"^[-—_\s]*(参考|范文|模板|全文|原文|全文及原文|完整版|word版|下载|最新)*$", re.I)
_PREAMBLE_OPENER = re.compile(r"^(为|根据|按照|以|近年|当前|今年|\d{4}年|一是)")
# “…关于印发…的通知”, “…等六部门印发《…》的通知”, “…关于转发《…》的通知”.
_NOTICE_TITLE = re.compile(r"^.{0,40}?(?:关于)?(?:印发|转发).{2,100}的通知$")
_NOTICE_BODY = re.compile(r"^现将|印发|转发")
_RECIPIENTS = re.compile(r"^.{2,200}:$")
_PLACE = rf"[\u4e00-\u9fffxX×]{{1,%d}}?(?:{alternation(_VOCABULARY.place_endings)})"
# A line that is an organ's name (a signature): “××市教育局”, “长沙市人民政府办公厅”.
_ORGAN = re.compile(rf"^[\u4e00-\u9fffxX×]{{2,30}}?(?:{alternation(_VOCABULARY.organ_endings)})$")
_ORGAN_LINE = 30  # a signature line is no longer than this
_TITLE_LENGTH = 60  # a plan title is no longer than this; a longer head is prose
_ORGAN_ENDINGS = _VOCABULARY.organ_endings
_ISSUE_VERB = re.compile(alternation(_VOCABULARY.title_issue_verbs))
_PREFIX_LENGTH = (2, 40)  # an organ named before “关于” in a title is this long
# A document's own number or date on a line of its own, bracketed or not: “(平政办发〔2017〕125号)”.
_OWN_NUMBER = re.compile(rf"\(?(?P<own>{DOC_NUMBER.pattern})\)?")
_OWN_LINES = 2  # the own number/date line sits within this many paragraphs under the title
# The first year of a range in a title: “三年行动计划(2021—2023年)” is a 2021 plan.
_YEAR_RANGE = re.compile(r"(?<!\d)(\d{4})\s*年?\s*[-—–―~至到]\s*\d{4}\s*年")
# The years a title names after its document type: “(2021—2023年)”, “(2024年)”.
_TITLE_YEARS = re.compile(r"\s*\(\d{4}(?:\s*年?\s*[-—–―~至到]\s*\d{4})?\s*年?\)")
# A pkulaw header field: “【发布部门】教育部办公厅”.
_HEADER_FIELDS = {word: key for key, words in _VOCABULARY.header_fields.items() for word in words}
_HEADER_FIELD = re.compile(rf"【(?P<key>{alternation(tuple(_HEADER_FIELDS))})】\s*(?P<value>[^【]*)")
_HEADER_LINE = re.compile(rf"[^【]{{0,6}}(?:{_HEADER_FIELD.pattern})+")
# A title named only in a sentence of the intro: “…组织编制了2019年…工作要点。”.
_TITLE_IN_SENTENCE = re.compile(
    rf"(?:编制|制定|制订|印发|出台)了?《?(?P<title>[^《》,。;:!?]{{4,{_TITLE_LENGTH}}}?"
    rf"(?:{alternation(DOC_TYPES)}))》?(?=[。,;])"
)
_PREAMBLE_START = 8  # text glued after a title that opens like a preamble, when longer than this
_SIGNED_PARAGRAPHS = 2  # a closing signature is only looked for after more paragraphs than this
_ISSUER_IN_TITLE = re.compile(
    rf"^(?:\d{{4}}年度?)?(?P<organ>{_PLACE % 12}(?:{alternation(_VOCABULARY.issuer_organs)}))"
)
_PLACE_IN_TITLE = re.compile(rf"^(?:\d{{4}}年度?)?(?P<place>{_PLACE % 8})")
_PLACE_IN_PREAMBLE = re.compile(r"(?:年,|^)(?P<place>[^\s,。、“”]{1,8}?)教育工作的总体")
_NOT_A_PLACE = _VOCABULARY.not_places
_NOTE = re.compile(r"^\(此件.{1,10}\)$")
# Patterns run on width-folded text (see ``width``).
_EFFECTIVE = re.compile(r"自(\d{4})年\d{1,2}月\d{1,2}日起(?:施行|执行|实施)")
# A news agency's dateline closing a text it carried (“（新华社北京2020年10月15日电）”): the day the
# document was published, for national texts that have no signature of their own.
_DATELINE = re.compile(r"[(（][\u4e00-\u9fff]{1,12}?(\d{4})年\d{1,2}月\d{1,2}日电[)）]\s*$")


@dataclass
class Front:
    """What the front matter says."""

    title: str = ""
    issuer: str = ""
    year: int | None = None
    doc_type: str = ""
    date: str = ""
    date_written: str = ""  # the signature's date line as written, when it gave ``date``
    preamble: Located = field(default_factory=lambda: Located(""))
    notice: Notice | None = None
    doc_number: str = ""  # the document's own number (the notice's, or the line under the title)
    header: dict[str, str] = field(default_factory=dict)  # pkulaw header: issuer, doc_number, date
    source: dict[str, str] = field(default_factory=dict)  # where the export came from: url, citation
    title_line: int = 0
    warnings: list[str] = field(default_factory=list)
    locs: dict[str, tuple[Anchor, ...]] = field(default_factory=dict)
    left_out: list[Located] = field(default_factory=list)  # repeated or stray text, reported


def split_signature(
    paras: list[Located], before: int | None = None
) -> tuple[list[Located], Located, Located]:
    """Take a signature block (organ name, then date line) off the end of the text, or, with
    ``before``, off the paragraphs just before index ``before``; the paragraphs are returned
    unchanged (and the lines empty) when no date line stands there."""
    end = len(paras) if before is None else before
    signer = dated = Located("")
    if end <= _SIGNED_PARAGRAPHS or not _date(paras[end - 1].text):
        return paras, signer, dated
    dated, start = paras[end - 1], end - 1
    if _ORGAN.match(paras[start - 1].text) and len(paras[start - 1].text) <= _ORGAN_LINE:
        signer, start = paras[start - 1], start - 1
    return paras[:start] + paras[end:], signer, dated


def read_front(
    paras: list[Located],
    meta: dict[str, str],
    body: str,
    signature: tuple[Located, Located] = (Located(""), Located("")),
    of_file: tuple[str, int | None] = ("", None),
) -> Front:
    """Read the front paragraphs; ``meta`` is the site's info panel, ``body`` the rest of the
    text, ``signature`` the (signer, date line) that closed it: held as the plan's issuer and
    date where they are those, else reported. ``of_file``: the (issuer, year) of the file's
    first document, for a later document of the same file that states none of its own."""
    front = Front()
    front.left_out = [p for i, p in enumerate(paras) if i and p.text == paras[i - 1].text]
    paras = [p for i, p in enumerate(paras) if i == 0 or p.text != paras[i - 1].text]
    keys = [fold(p.text) for p in paras]
    used: set[int] = set()
    _read_header(paras, keys, front, used)
    notice_end = _read_notice(paras, keys, front, used)
    title_index = _read_title(paras, keys, front, used, notice_end)
    if title_index is None:
        title_index = _read_head_title(paras, keys, front, used, notice_end)
    start = title_index + 1 if title_index is not None else notice_end
    front.left_out += [p for i, p in enumerate(paras[:start]) if i not in used]  # a site's header line
    if front.left_out:
        front.warnings.append(report("略去文首重复或多余的文字 {} 处", front.left_out))
    preamble = [p for i, p in enumerate(paras) if i >= start and i not in used]
    front.preamble = join(preamble)
    if not front.title:
        front.title = _title_from_elsewhere(front, meta)
    _read_own_lines(preamble, front)
    front.doc_type = _doc_type(front.title)
    signer, dated = signature
    date = _date(dated.text)[0] if dated.text else ""  # type: ignore[index]
    front.date = front.date or date or _meta_date(meta, front)
    front.year = _year(front, meta, body, of_file[1])
    front.issuer = _issuer(front, meta, signer.text, of_file[0])
    unheld = []
    for key, line, value in (("issuer", signer, front.issuer), ("date", dated, front.date)):
        held = value == (date if key == "date" else signer.text)
        if line.text and held:
            front.locs.setdefault(key, line.anchors)
            if key == "date":
                front.date_written = line.text
                front.locs.setdefault("date_written", line.anchors)
        elif line.text:
            unheld.append(line)
    if unheld:
        front.warnings.append(report("文末落款与发文单位或日期不同,未存入 {} 行", unheld))
    return front


def _read_header(paras: list[Located], keys: list[str], front: Front, used: set[int]) -> None:
    """Read a pkulaw header block (“【发布部门】…【发文字号】…【发布日期】…”); its lines are
    left out of the text (and reported), their values kept in ``front.header``. The lines
    naming the file's origin (“原文链接:https://…”) are read whole into ``front.source``."""
    for index, key in enumerate(keys):
        origin = source_line(paras[index].text)
        if origin:
            name, span = origin
            held = paras[index].slice(*span)
            front.source.setdefault(name, held.text)
            front.locs.setdefault(f"source.{name}", held.anchors)
            used.add(index)
            continue
        if not _HEADER_LINE.fullmatch(key):
            continue
        for match in _HEADER_FIELD.finditer(key):
            value = paras[index].text[match.start("value") : match.end("value")].strip()
            if value:
                front.header.setdefault(_HEADER_FIELDS[match.group("key")], value)
        used.add(index)
        front.left_out.append(paras[index])


def _read_own_lines(preamble: list[Located], front: Front) -> None:
    """The document's own number or date on a line of its own right under the title
    (“(苏政办发〔2016〕75号)”, “(2017年08月14日)”); cited ones stand inside sentences."""
    for para in preamble[:_OWN_LINES]:
        key = fold(para.text).strip()
        number = _OWN_NUMBER.fullmatch(key)
        dated = _date(key.strip("()"))
        if number and not front.doc_number:
            front.doc_number = para.text.strip()[number.start("own") : number.end("own")]
        elif dated and not front.date:
            front.date = dated[0]


def _read_notice(paras: list[Located], keys: list[str], front: Front, used: set[int]) -> int:
    """Find “关于印发…的通知” and its parts; returns the index after the notice."""
    for index, para in enumerate(paras):
        if not _NOTICE_TITLE.match(keys[index]):
            continue
        notice = Notice(title=para.text)
        front.locs["notice.title"] = para.anchors
        numbered = [i for i in range(index) if i not in used and DOC_NUMBER.fullmatch(keys[i])][-1:]
        notice.doc_number = paras[numbered[0]].text if numbered else ""
        if numbered:
            front.locs["notice.doc_number"] = paras[numbered[0]].anchors
        front.left_out += [p for i, p in enumerate(paras[:index]) if i not in numbered and i not in used]
        used.update(range(index + 1))
        cursor = index + 1
        body: list[Located] = []
        signers: list[Located] = []  # a joint notice signs with one organ a line
        while cursor < len(paras):
            text, key = paras[cursor].text, keys[cursor]
            own = _OWN_NUMBER.fullmatch(key.strip())
            if _bare(text) == _bare(notice.title):  # the title again (pkulaw), brackets may differ
                front.left_out.append(paras[cursor])
            elif own and not notice.doc_number and not notice.recipients and not body:
                indent = len(key) - len(key.lstrip())
                number = paras[cursor].slice(indent + own.start("own"), indent + own.end("own"))
                notice.doc_number = number.text
                front.locs["notice.doc_number"] = number.anchors
                brackets = [paras[cursor].slice(indent, indent + own.start("own")),
                            paras[cursor].slice(indent + own.end("own"))]  # fmt: skip
                front.left_out += [b for b in brackets if b.text.strip()]
            elif not notice.recipients and not body and _RECIPIENTS.match(key):
                notice.recipients = text.rstrip(COLONS)
                front.locs["notice.recipients"] = paras[cursor].anchors
            elif (
                not notice.signer
                and len(text) <= _ORGAN_LINE
                and (_ORGAN.match(text) or _dated_next(paras, cursor))
            ):
                notice.signer = text  # an organ's name, or any short line right above the date
                signers.append(paras[cursor])
            elif notice.signer and not notice.date and len(text) <= _ORGAN_LINE and _ORGAN.match(text):
                signers.append(paras[cursor])
                notice.signer = join(signers, "、").text
            elif not notice.date and _date(text):
                notice.date, garbled = _date(text)  # type: ignore[misc]
                front.locs["notice.date"] = front.locs["date_written"] = paras[cursor].anchors
                front.date_written = text
                if garbled:
                    front.warnings.append(
                        f"第{paras[cursor].locate(0)[0]}行:落款日期“{text}”缺少年月日,按{notice.date}理解"
                    )
            elif _NOTE.match(key):
                notice.note = text
                front.locs["notice.note"] = paras[cursor].anchors
            elif not notice.signer and (_NOTICE_BODY.search(text) or (body and key.endswith("。"))):
                body.append(paras[cursor])
            else:
                break
            used.add(cursor)
            cursor += 1
        if signers:
            front.locs["notice.signer"] = join(signers, "、").anchors
        joined = join(body)
        notice.body = joined.text
        front.locs["notice.body"] = joined.anchors
        front.notice = notice
        front.date = notice.date
        front.doc_number = notice.doc_number
        return cursor
    return 0


def _dated_next(paras: list[Located], index: int) -> bool:
    return index + 1 < len(paras) and _date(paras[index + 1].text) is not None


def _read_title(
    paras: list[Located], keys: list[str], front: Front, used: set[int], start: int
) -> int | None:
    for index in range(start, len(paras)):
        if index in used:
            continue
        if _title_broken_after(paras, keys, index, used):  # “山西省…学校美育” / “工作实施方案”
            paras[index] = paras[index] + paras[index + 1]
            keys[index] = keys[index] + keys[index + 1]
            used.add(index + 1)
        para = paras[index]
        text, key = para.text, keys[index]
        for match in _DOC_TYPE.finditer(key):
            span = _TITLE_YEARS.match(key, match.end())  # “…三年行动计划(2021—2023年)”
            end = span.end() if span else match.end()
            head, rest = text[:end], key[end:]
            if len(head) > _TITLE_LENGTH or "。" in head or head.startswith(("现将", "关于印发")):
                break
            if _TITLE_JUNK.match(rest) or (_PREAMBLE_OPENER.match(rest) and len(rest) > _PREAMBLE_START):
                title = para.slice(0, end).strip()
                front.title, front.title_line = title.text, title.locate(0)[0]
                front.locs["title"] = title.anchors
            if _TITLE_JUNK.match(rest):
                used.add(index)
                junk = para.slice(end).strip()
                if junk.text:  # “…工作要点参考”
                    front.left_out.append(junk)
                return index
            if front.title:
                paras[index] = para.slice(end)  # the preamble starts right here
                return index - 1
    return None


def _read_head_title(
    paras: list[Located], keys: list[str], front: Front, used: set[int], start: int
) -> int | None:
    """A title of no plan type (“××厅关于…的通知”, “…的复函”): the first line above the text
    that names an organ before “关于/印发/转发” and holds no sentence."""
    for index in range(start, len(paras)):
        if index in used:
            continue
        key = keys[index]
        if key.endswith(("。", ":")) or len(key) > 2 * _TITLE_LENGTH:
            return None  # the text has begun
        prefix = _organ_before_verb(paras[index].text)
        if prefix and not _not_an_organ(prefix) and "。" not in key:
            front.title, front.title_line = paras[index].text.strip(), paras[index].locate(0)[0]
            front.locs["title"] = paras[index].anchors
            used.add(index)
            return index
    return None


def _title_broken_after(paras: list[Located], keys: list[str], index: int, used: set[int]) -> bool:
    """Whether a title was broken over this line and the next (``_broken_title``)."""
    if index + 1 >= len(paras) or index + 1 in used:
        return False
    return _broken_title(keys[index], keys[index + 1])


def title_broken_before(first: str, second: str) -> bool:
    """Whether ``first`` is the first line of a later document's title broken before ``second``
    (a title line, ``is_title_line``) in the middle of a file: broken as a head's title is
    (``_broken_title``), and opening as a title does — a year or a place at its start, or an
    organ before 关于/印发/转发. A form's last cell before the next title (“钢琴伴奏”) is none."""
    key = fold(first).strip()
    place = _PLACE_IN_TITLE.match(key)
    opens = bool(re.match(r"\d{4}年", key) or _ISSUE_VERB.search(key)) or (
        place is not None and place.group("place") not in _NOT_A_PLACE
    )
    return opens and _broken_title(key, fold(second))


def _broken_title(first: str, second: str) -> bool:
    """Whether two folded lines are one title broken after the first: the first holds no
    document type and no punctuation, the second ends with one, and both together are a
    title's length."""
    first, second = first.strip(), second.strip()
    ends = [m for m in _DOC_TYPE.finditer(second) if _TITLE_JUNK.match(second[m.end() :])]
    return bool(
        ends
        and not _DOC_TYPE.search(first)
        and not re.search(r"[,。;:!?、]", first + second)
        and not _ORGAN.match(first)
        and _date(first) is None
        and len(first) + len(second) <= _TITLE_LENGTH
        and re.search(r"[\u4e00-\u9fff]{4}", first) is not None
    )


def is_title_line(text: str) -> bool:
    """Whether a paragraph is only a document's title: no longer than a title, no sentence or
    colon in it, ending with a document type (and the years a title names after it)."""
    key = fold(text).strip()
    if not key or len(key) > _TITLE_LENGTH or re.search(r"[,。;:!?]", key):
        return False
    for match in _DOC_TYPE.finditer(key):
        span = _TITLE_YEARS.match(key, match.end())
        if (span.end() if span else match.end()) == len(key):
            return True
    return False


def is_notice_title(text: str) -> bool:
    """Whether a paragraph is the title of a notice that issues or forwards a document
    (“…关于印发…的通知”)."""
    return _NOTICE_TITLE.match(fold(text)) is not None


def issued_title(notice_title: str) -> str:
    """The title of the document a cover notice issues (“关于转发《X》的通知” → X), or ""."""
    quoted = re.search(r"《(.+?)》", notice_title)
    if quoted:
        return quoted.group(1)
    match = re.search(r"关于印发(.+)的通知", notice_title)
    return match.group(1) if match else ""


def names_title(text: str, title: str) -> bool:
    """Whether ``text`` names ``title`` (“《X》(洪府厅发〔2017〕50号)(略)” names X), brackets and
    punctuation aside."""
    return bool(_bare(title)) and _bare(title) in _bare(text)


def issued_before(notice_title: str, title: str) -> bool:
    """Whether a notice names another document before ``title`` (“关于印发X方案和Y计划的通知”
    names X before Y): a document type stands in its title ahead of ``title``."""
    bare, named = _bare(notice_title), _bare(title)
    return named in bare and _DOC_TYPE.search(bare[: bare.index(named)]) is not None


def _title_from_elsewhere(front: Front, meta: dict[str, str]) -> str:
    if front.notice and issued_title(front.notice.title):
        return issued_title(front.notice.title)
    named = meta.get("名称") or meta.get("标题")
    if named:
        return named
    sentence = _TITLE_IN_SENTENCE.search(fold(front.preamble.text))
    return front.preamble.text[sentence.start("title") : sentence.end("title")] if sentence else ""


def _bare(text: str) -> str:
    """Only the Chinese characters: two copies of a title that differ in brackets compare equal."""
    return re.sub(r"[^\u4e00-\u9fff]", "", text)


def _doc_type(title: str) -> str:
    # a quoted term names something else: “…教育部“三个办法”要求…的通知” is no 办法
    found = [m.group(0) for m in _DOC_TYPE.finditer(re.sub(r"“[^”]*”", "", title))]
    return found[-1] if found else ""


def _year(front: Front, meta: dict[str, str], body: str, of_file: int | None) -> int | None:
    """The plan's year: the first plausible one the document states (others are reported),
    else the year of the file's first document."""
    for year in [*_stated_years(front, meta, body), *([of_file] if of_file else [])]:
        problem = year_problem(year)
        if not problem:
            return year
        front.warnings.append(f"未采用文中的年份:{problem}")
    return None


def _stated_years(front: Front, meta: dict[str, str], body: str) -> Iterator[int]:
    """The years the document states for itself, most telling first."""
    for text in (fold(front.title), fold(front.notice.title) if front.notice else ""):
        found = [m for m in (_YEAR_RANGE.search(text), YEAR.search(text)) if m]
        if found:
            yield int(min(found, key=lambda m: m.start()).group(1))
        match = CHINESE_YEAR.search(text)
        if match and to_int(match.group(1)) is not None:
            yield to_int(match.group(1))  # type: ignore[misc]
    effective = _EFFECTIVE.search(fold(body)) or _DATELINE.search(body)
    # Document numbers cited in the text belong to other documents: only the plan's own counts.
    for text in (front.date, fold(front.header.get("date", "")), _meta_date(meta, front),
                 fold(front.doc_number), fold(front.header.get("doc_number", "")),
                 fold(meta.get("文号", "")), effective.group(0) if effective else ""):  # fmt: skip
        match = re.search(r"(\d{4})(?:\s*年|-|\.|[〕\]】)〉>])", text)
        if match:
            yield int(match.group(1))


def _issuer(front: Front, meta: dict[str, str], signer: str, of_file: str) -> str:
    """The issuing organ, or "" (with a warning) when the document names only a place or a
    placeholder: the first of the candidates, most telling first, that is an organ's name."""
    refused: dict[str, str] = {}
    for name in _issuer_candidates(front, meta, signer, of_file):
        problem = _not_an_organ(name)
        if not problem:
            return name
        refused.setdefault(name, problem)
    if refused:
        named = ";".join(f"“{name}”{problem}" for name, problem in refused.items())
        front.warnings.append(f"发文单位留空:{named},不作发文单位")
    return ""


def _issuer_candidates(front: Front, meta: dict[str, str], signer: str, of_file: str) -> Iterator[str]:
    notice_title = front.notice.title if front.notice else ""
    for title in (notice_title, front.title, meta.get("名称", ""), meta.get("标题", "")):
        prefix = _organ_before_verb(title)
        if prefix:
            yield prefix
    for name in (front.notice.signer if front.notice else "", signer, front.header.get("issuer", "")):
        if name:
            yield name
    # An organ opening the title (“长沙市教育局2022年工作要点”) or a site panel's field.
    for text in (front.title, meta.get("名称", ""), meta.get("发布机构", ""), meta.get("来源", "")):
        match = _ISSUER_IN_TITLE.match(text)
        if match:
            yield match.group("organ")
    if of_file:  # a later document of the file, issued by the file's notice or first document
        yield of_file
    # Only a place or a blank is left: named so the warning can say what was not taken.
    for text in (front.title, meta.get("名称", "")):
        match = _PLACE_IN_TITLE.match(text)
        if match and match.group("place") not in _NOT_A_PLACE:
            yield match.group("place")
    for match in _PLACE_IN_PREAMBLE.finditer(fold(front.preamble.text)):
        place = front.preamble.text[match.start("place") : match.end("place")]
        if place not in _NOT_A_PLACE and not YEAR.search(place):
            yield place


def _organ_before_verb(title: str) -> str:
    """The organ a title names before “关于/印发/转发” (“泉州市人民政府办公室关于印发…”), outside
    any quoted title; "" when the title opens with the verb."""
    head = re.split(r"[《“\"]", title, maxsplit=1)[0]
    verb = _ISSUE_VERB.search(head)
    if not verb:
        return ""
    prefix = re.sub(r"^\d{4}年度?", "", head[: verb.start()].strip()).removesuffix("联合")
    low, high = _PREFIX_LENGTH
    return prefix if low <= len(prefix) <= high and "," not in fold(prefix) else ""


def _not_an_organ(name: str) -> str:
    """Why ``name`` is not an issuing organ ("" when it is one)."""
    if PLACEHOLDER.search(name) or re.search(r"[xX×]", name):
        return "是占位符"
    if not name.endswith(_ORGAN_ENDINGS):
        return "只是地名" if name.endswith(_VOCABULARY.place_endings) else "不是机关名称"
    return ""


def _meta_date(meta: dict[str, str], front: Front) -> str:
    for key in ("成文日期", "发文日期"):
        parsed = _date(meta.get(key, ""))
        if parsed:
            return parsed[0]
    return ""


def _date(text: str) -> tuple[str, bool] | None:
    """An ISO date read from “2022年2月21日”, “2022-02-21”, “二〇二二年二月二十一日”,
    or a scrape that lost 年月日 (“2022218”, flagged as garbled)."""
    text = fold(text).strip()
    match = re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text) or re.fullmatch(
        r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})", text
    )
    if match:
        found = _iso(*(int(g) for g in match.groups()))
        return (found, False) if found else None
    match = re.fullmatch(
        r"([〇零一二三四五六七八九○O]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日",
        text,
    )
    if match:
        values = [to_int(g) for g in match.groups()]
        found = _iso(*values) if all(v is not None for v in values) else None  # type: ignore[arg-type]
        return (found, False) if found else None
    match = re.fullmatch(r"(\d{4})(\d{2,4})", text)
    if match:
        year, rest = int(match.group(1)), match.group(2)
        readings = []
        for cut in (1, 2):
            month, day = rest[:cut], rest[cut:]
            if not day or (cut == 1 and day.startswith("0")):
                continue  # “2022101” is 10月1日, not 1月01日
            if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
                readings.append((int(month), int(day)))
        found = _iso(year, *readings[0]) if len(readings) == 1 else None
        return (found, True) if found else None
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    """The date in ISO form, or None for one that does not exist or is for no plan's year."""
    if year_problem(year):
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:  # “2022年2月30日”
        return None
