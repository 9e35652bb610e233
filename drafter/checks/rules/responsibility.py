"""Responsibility clauses: every item names its units, and names them right."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from ...knowledge.units import looks_like_unit, name_of, same_unit, split_level, units_of
from ...lang.patterns import CLOSE, LABEL, OPEN, STANDARD_LABEL
from ...lang.sentences import clause_may_stand
from ...lang.vocabulary import vocabulary
from ...lang.width import COLON, fold
from ...model import Clause, Item, Plan, Section, join_path
from ...resources import bundled
from ..base import Context, Finding, Text, at, at_item, rule, walk_items


def _clause_text(path: str, clause: Clause) -> Text:
    anchors = ((0, clause.line, clause.column),) if clause.line else ()
    return Text(path, "clause", clause.raw, anchors)


# A plan that names units for at least this share of its work items assigns work item by item, so
# an item without one is an omission; below it, unassigned items are the plan's own way (an 意见, a
# 实施方案 whose 分工 is elsewhere), and naming each of them would only bury the real gaps.
ASSIGNED_SHARE = 0.6


@rule("PLAN010", "missing-responsibility", "plan", "error", title="缺少责任单位")
def check_missing_responsibility(plan: Plan, context: Context) -> Iterator[Finding]:
    """逐项分工的计划里,每项工作须写明责任单位;小标题末尾写明的责任单位管到它下面的各项。

    理由:
        逐项分工的工作要点,每项工作都要落到责任单位,漏写的一项就没有人负责。
    依据:
        本局工作要点的分工写法:每项工作后括注牵头、责任单位
    按计划自己的体例:多数条目(六成以上)写了责任单位,没写的那几项才算漏写;全文都不写
    (意见、不附分工的实施方案)的计划不逐项追究,只提示一次。总体要求、指导思想、工作目标、
    基本原则一类的段落不是工作条目,不要求责任单位。

    反例:
        一、加强党的建设
        1.推进集团化办学,扩大优质资源覆盖面。（责任处室：基础教育处）
        2.落实“双减”,规范校外培训。（责任处室：基础教育处）
        3.加强思政课建设,深化大中小学思政课一体化。
    正例:
        一、加强党的建设
        1.推进集团化办学,扩大优质资源覆盖面。（责任处室：基础教育处）
        2.落实“双减”,规范校外培训。（责任处室：基础教育处）
        3.加强思政课建设,深化大中小学思政课一体化。（责任处室：宣传处）
    """
    covered: set[tuple[str, ...]] = set()  # paths of the headings whose own clause names a unit
    for parts, section in plan.walk_sections():
        if any(clause.all_units() for clause in section.clauses) or any(
            parts[:depth] in covered for depth in range(len(parts))
        ):
            covered.add(parts)
    items = [(parts, item) for parts, item, _ in plan.walk_items()]
    missing = [(p, i) for p, i in items if not i.all_units() and p[:-1] not in covered]
    if not missing:
        return
    assigned = len(items) - len(missing)
    if assigned >= ASSIGNED_SHARE * len(items):
        for parts, item in missing:
            yield at_item(join_path(parts), item, f"没有写明责任单位(全文{len(items)}项中{assigned}项写了)")
        return
    shown = f"{len(items)}项工作中只有{assigned}项" if assigned else f"{len(items)}项工作都没有"
    message = f"全文{shown}写明责任单位,按不逐项分工的体例未逐条提示;如需逐项分工,请为每项写明责任单位"
    yield Finding("", "", "info", message, excerpt=plan.title[:30])  # about the whole plan: no path, no line


_CHINESE = re.compile(r"[\u4e00-\u9fff]")


@rule("PLAN011", "annotation-missing-colon", "item", "error", fixable=True, title="分工标签缺冒号")
def check_annotation_missing_colon(
    item: Item, path: str, section: Section, context: Context
) -> Iterator[Finding]:
    """责任分工的标签后须有冒号:“(责任单位组织处)”应为“(责任单位:组织处)”。

    理由:
        标签后缺冒号,单位名称和标签连在一起,既不好读,也使单位名称无法被准确识别。
    依据:
        本局工作要点的分工写法:“(牵头处室:××处;责任处室:××处)”
    反例:
        一、加强党的建设
        1.锻造优秀干部,健全培训体系。(责任单位组织处)
    正例:
        一、加强党的建设
        1.锻造优秀干部,健全培训体系。(责任单位:组织处)
        2.建设工业互联网平台。(省数字经济工作专班牵头单位负责)
    """
    for clause in item.clauses:
        text = _clause_text(path, clause)
        key = fold(clause.raw)
        for match in LABEL.finditer(key):
            following = key[match.end() : match.end() + 1]
            # A label opens the clause or follows a separator; run on from a Chinese character
            # it is the end of a unit's name (“省数字经济工作专班牵头单位负责”), not a label.
            preceding = key[match.start() - 1 : match.start()] if match.start() else ""
            if not match.group("colon") and _CHINESE.match(following) and not _CHINESE.match(preceding):
                label = match.group("label")
                end = match.end("label")
                yield at(text, end, end, f"“{label}”后缺少冒号", COLON, safe=True)


@rule("PLAN012", "annotation-truncated", "item", "error", title="责任分工不完整")
def check_annotation_truncated(
    item: Item, path: str, section: Section, context: Context
) -> Iterator[Finding]:
    """责任分工不完整:标签后没有单位、单位列表以顿号结尾、括号被截断、名称残缺。

    理由:
        分工说明被截断或漏写单位,这项工作实际上没有落到单位,多半是编辑时删改留下的。
    依据:
        本局工作要点的分工写法:每处分工写全单位名称
    名称是否残缺看它的结尾(处、厅、局、委、中心、集团、支行、海关、台、社、联……,templates/organs.yaml)
    和各级机关的规范名称;列举末尾的“等”不算名称的一部分。

    反例:
        一、加强党的建设
        1.加强思政课建设。(牵头处室:宣传处,责任处室:基础教育处、学生工作
        2.建设劳动教育基地。(牵头处室:学生工作处,责任单位:教育服务保障中心、)
    正例:
        一、加强党的建设
        1.加强思政课建设。(牵头处室:宣传处,责任处室:基础教育处、学生工作处)
        2.建设劳动教育基地。(牵头处室:学生工作处,责任单位:教育服务保障中心)
        3.建设工业互联网平台。(责任单位:省经济和信息化厅、人行合肥中心支行、团省委、市文联等)
    """
    for clause in item.clauses:
        text = _clause_text(path, clause)
        key = fold(clause.raw)
        for role, label in clause.labels.items():
            if not getattr(clause, role):
                yield at(text, 0, len(clause.raw), f"“{label}”后没有写单位")
        trailing = re.search(r"[、,;]\s*[)\]】〕]?$", key)
        if trailing:
            yield at(text, trailing.start(), trailing.start() + 1, "单位列表以标点结尾,可能漏写了单位")
        if key.startswith(tuple(OPEN)) and not key.endswith(tuple(CLOSE)):
            yield at(text, 0, len(clause.raw), "责任分工被截断(缺右括号)")
        for unit in clause.all_units():
            if not looks_like_unit(unit) and not (context.registry and context.registry.is_known(unit)):
                start = max(clause.raw.find(unit), 0)
                yield at(text, start, start + len(unit), f"“{unit}”不像完整的单位名称,可能被截断")


@rule("PLAN013", "unknown-unit", "plan", "error", title="单位不在名录中", suggests=True)
def check_unknown_unit(plan: Plan, context: Context) -> Iterator[Finding]:
    """责任单位须是已知单位的名称;写错的名称给出最接近的正确名称。

    理由:
        写错的单位名称会使任务落不到真正的单位,名录外的名称要确认是否写错。
    依据:
        本局单位名录(templates/units.yaml、templates/organs.yaml 及往年计划中的单位)
        公文写作惯例:单位名称用全称或规范简称
    已知单位:单位名录(本局处室、往年计划里的单位、--units 名录),以及各级党政机关、群团的规范名称
    (templates/organs.yaml:“省经济和信息化厅”“市委宣传部”“团市委”“各县(市、区)政府”)。
    比已知名称多、少或错一个字的是笔误;同一份计划里别处写到的名称也算已知,但只有不成单位名称的
    写法(“德育料”)才算它们的笔误:两个完整的单位名称(“市教育局”“市体育局”)从不互为笔误,
    简称与全称混用另见 PLAN019。列举末尾的“等”“等部门”不是名称的一部分。

    反例:
        一、加强党的建设
        1.加强思政课建设。(牵头处室:宣传统统处,责任处室:基础教育教处)
        2.推进劳动教育。(责任科室:德育科)
        3.推进研学实践。(责任科室:德育科)
        4.推进心理健康教育。(责任科室:德育料)
    正例:
        一、加强党的建设
        1.加强思政课建设。(牵头处室:宣传统战处,责任处室:基础教育处)
        2.推进体教融合。(责任单位:市教育局、市体育局、团市委、省教育厅等)
    """
    registry = context.registry
    if registry is None:
        return
    used = units_of(plan)
    slips: dict[str, str | None] = {}  # a long plan names the same few units again and again
    for path, item, _ in walk_items(plan):
        yield from _unknown_units(path, item, registry, used, slips)


def _unknown_units(
    path: str, item: Item, registry: Any, used: Counter[str], slips: dict[str, str | None]
) -> Iterator[Finding]:
    for clause in item.clauses:
        text = _clause_text(path, clause)
        for unit in clause.all_units():
            if registry.is_known(unit) or name_of(unit) in registry.retired:
                continue
            start = max(clause.raw.find(unit), 0)
            if unit not in slips:
                slips[unit] = registry.slip_of(unit, used)
            slip = slips[unit]
            if slip:
                yield at(text, start, start + len(unit), f"单位“{unit}”疑为“{slip}”之误", slip)
            elif registry.own_list or (registry.bureau_specific and not looks_like_unit(unit)):
                finding = at(text, start, start + len(unit), f"单位“{unit}”不在本局单位名录中")
                finding.suggestions = [{"replacement": n, "safe": False} for n in registry.nearest(unit)]
                yield finding
            else:  # a well-formed name no list holds: a unit of its own, worth registering
                message = f"单位“{unit}”未在单位名录中登记(可用 --units 提供本局名录)"
                yield at(text, start, start + len(unit), message, severity="info")


@rule("PLAN014", "obsolete-unit", "item", "error", fixable=True, title="单位已撤并")
def check_obsolete_unit(item: Item, path: str, section: Section, context: Context) -> Iterator[Finding]:
    """已撤并的单位(名录中的 retired)须改用承接的新单位。

    理由:
        机构改革后撤并的单位仍出现在分工里,是照抄往年稿的典型痕迹,任务会落空。
    依据:
        本局单位名录中登记的撤并关系(retired 与承接单位)
    反例:
        一、加强党的建设
        1.推进教育信息化。(责任处室:电教馆)
    正例:
        一、加强党的建设
        1.推进教育信息化。(责任处室:现代教育技术中心)
    选项:
        units:
          - name: 现代教育技术中心
            retired: [电教馆]
    """
    registry = context.registry
    if registry is None:
        return
    for clause in item.clauses:
        text = _clause_text(path, clause)
        for unit in clause.all_units():
            successor = registry.retired.get(name_of(unit))
            if successor:
                start = max(clause.raw.find(unit), 0)
                yield at(text, start, start + len(unit), f"“{unit}”已撤并,应为“{successor}”", successor, True)


# A plan's convention of “lead + responsible units” is clear when at least this share of its clauses
# that name two or more units write both; below it (a 52 % “majority”), a clause without a lead is
# one of the plan's own ways, not a break of its convention.
LEAD_CONVENTION_SHARE = 0.8


@rule("PLAN015", "lead-responsible-asymmetry", "plan", "warning", title="牵头与责任未并写")
def check_lead_responsible_asymmetry(plan: Plan, context: Context) -> Iterator[Finding]:
    """全文几乎每处多单位分工(八成以上)都并写“牵头+责任”时,只列了责任单位的那一处须补上牵头单位。

    理由:
        同一份计划里分工的写法应当一致:大多数多单位分工都写明牵头单位时,个别只列责任单位的一处说不清由谁牵头。
    依据:
        本局工作要点的分工写法:多单位承担的工作写明牵头单位
        以全文自身的写法为准(八成以上的多单位分工写了牵头单位时才检查)
    只写一个单位的分工(“(组织处负责)”“(责任单位:组织处)”)不需要牵头单位;“牵头部门:……”
    另列(或不列)配合单位的体例不是“牵头+责任”并写,按它自己的写法不提示。

    反例:
        一、加强党的建设
        1.推进集团化办学。(牵头处室:基础教育处,责任处室:发展规划处)
        2.落实“双减”。(牵头处室:基础教育处,责任处室:督导处)
        3.推进劳动教育。(牵头处室:学生工作处,责任处室:基础教育处)
        4.推进研学实践。(牵头处室:学生工作处,责任处室:财务处)
        5.加强思政课建设。(责任处室:宣传处、学生工作处)
    正例:
        一、加强党的建设
        1.推进集团化办学。(牵头处室:基础教育处,责任处室:发展规划处)
        2.落实“双减”。(牵头处室:基础教育处,责任处室:督导处)
        3.推进劳动教育。(牵头处室:学生工作处,责任处室:基础教育处)
        4.推进研学实践。(责任处室:财务处)
        5.加强思政课建设。(牵头处室:宣传处,责任处室:学生工作处)
    """
    several = [
        (path, clause)
        for path, item, _ in walk_items(plan)
        for clause in item.clauses
        if len(clause.all_units()) >= 2
    ]
    both = sum(1 for _, clause in several if clause.lead and clause.units)
    if both < LEAD_CONVENTION_SHARE * len(several):
        return
    for path, clause in several:
        if clause.lead:
            continue
        message = f"全文{len(several)}处多单位分工中{both}处并写了牵头和责任单位,此处缺少牵头单位"
        yield at(_clause_text(path, clause), 0, len(clause.raw), message)


@rule("PLAN025", "clause-inside-sentence", "item", "warning", title="分工插在句中")
def check_clause_inside_sentence(
    item: Item, path: str, section: Section, context: Context
) -> Iterator[Finding]:
    """责任分工写在它所管的那句话(或分句)之后;插在句子、词语中间的,读者分不清它管哪句。

    理由:
        插在词语中间的分工把一句话拆成两半,读者分不清它管哪句,多半是复制或合稿时放错了位置。
    依据:
        本局工作要点的分工写法:分工括注写在它所管那句话(或分句)的末尾
    反例:
        一、加强高等教育
        1.推动高校建设。完成湖南信息职院新(责任处室:高等教育处)校区建设。
    正例:
        一、加强高等教育
        1.推动高校建设。(责任处室:高等教育处)完成湖南信息职院新校区建设。
        2.新建幼儿园30所(责任处室:发展规划处);推进集团化办学。(责任处室:基础教育处)
    """
    text = Text(path, "text", item.text, item.locs.get("text", ()), item, section)
    for clause in item.clauses:
        if not clause_may_stand(item.text, clause.position):
            where = clause.position
            yield at(text, where, where, f"“{clause.raw or '责任分工'}”插在句子中间,应移到它所管那句话的句末")


@rule("PLAN016", "duplicate-unit", "item", "warning", title="单位重复")
def check_duplicate_unit(item: Item, path: str, section: Section, context: Context) -> Iterator[Finding]:
    """同一单位在一处分工中重复出现,或既牵头又负责。

    理由:
        同一单位在一处分工中出现两次,或既牵头又负责,是编辑合并时留下的重复,分工关系不清。
    依据:
        本局工作要点的分工写法:一处分工中每个单位只出现一次
    反例:
        一、加强党的建设
        1.推进集团化办学。(牵头处室:组织处,责任处室:组织处、人事处)
    正例:
        一、加强党的建设
        1.推进集团化办学。(牵头处室:组织处,责任处室:人事处)
    """
    for clause in item.clauses:
        names = clause.lead + clause.units + clause.support
        listed = Counter(
            re.findall("|".join(map(re.escape, sorted(names, key=len, reverse=True))), clause.raw)
        )
        for unit in clause.all_units():
            if listed[unit] > 1 or names.count(unit) > 1:
                start = clause.raw.rfind(unit)
                yield at(_clause_text(path, clause), start, start + len(unit), f"“{unit}”在分工中重复出现")


@rule("PLAN017", "annotation-label-inconsistent", "item", "warning", fixable=True, title="分工标签不规范")
def check_annotation_label_inconsistent(
    item: Item, path: str, section: Section, context: Context
) -> Iterator[Finding]:
    """分工标签须是规范写法(牵头处室、责任单位……),如“牵头任处室”应为“牵头处室”。

    理由:
        分工标签写法不一或有错字,读者和统计分工的表格都难以识别。
    依据:
        本局工作要点的分工写法:标签用规范写法(牵头处室、责任处室、责任单位、配合单位……)
    反例:
        一、加强党的建设
        1.培养营养师。(牵头任处室:学生工作处,责任单位:教科院)
    正例:
        一、加强党的建设
        1.培养营养师。(牵头处室:学生工作处,责任单位:教科院)
    """
    for clause in item.clauses:
        for label in clause.labels.values():
            if label in vocabulary().suffix_words() or STANDARD_LABEL.fullmatch(label):
                continue
            fixed = re.sub("任(?=处室|单位|部门|科室|股室)", "", label)
            start = clause.raw.find(label)
            yield at(
                _clause_text(path, clause), start, start + len(label), f"标签“{label}”写法不规范", fixed, True
            )


@cache
def _unit_kinds() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The kinds of unit (``templates/unit_kinds.yaml``), in matching order."""
    from ...store.serialize import load_yaml

    data = load_yaml(bundled("templates") / "unit_kinds.yaml")
    return tuple((entry["kind"], re.compile(entry["pattern"])) for entry in data["kinds"])


def unit_kind(name: str) -> str:
    """The kind of a unit (政府部门, 群团组织, 地方政府 …), or "" when its name tells none."""
    return next((kind for kind, pattern in _unit_kinds() if pattern.search(name)), "")


@rule("PLAN018", "unit-list-separator", "item", "warning", fixable=True, title="单位分隔符不当")
def check_unit_list_separator(item: Item, path: str, section: Section, context: Context) -> Iterator[Finding]:
    """同一类单位之间用顿号“、”分隔,不用逗号、斜杠或空格。

    理由:
        同类单位之间用顿号是并列词语的标点;逗号、斜杠、空格混入时,读者分不清是并列还是分组。
    依据:
        GB/T 15834—2011《标点符号用法》 4.5(顿号):用于并列词语之间
        公文写作惯例:不同类别的单位(如机关处室与直属单位)之间可用逗号分组,不在此列
    逗号把不同类别的单位分组(机关处室与直属单位,政府部门与群团、媒体、地方政府、企业)
    是实际计划的通行写法,不提示;只提示同一类单位之间的逗号。

    反例:
        一、加强党的建设
        1.推进集团化办学。(责任单位:组织处,人事处)
    正例:
        一、加强党的建设
        1.推进集团化办学。(牵头单位:组织处,责任单位:人事处、财务处)
        2.推进研学实践。(责任单位:德育处、宣传与统战部,市教育研究院)
    """
    for clause in item.clauses:
        key = fold(clause.raw)
        names = sorted(clause.all_units(), key=len, reverse=True)
        for index, char in enumerate(key):
            if char not in ",/ ;":
                continue
            before = next((n for n in names if key[:index].endswith(n)), "")
            after = next((n for n in names if key[index + 1 :].startswith(n)), "")
            if before and after and unit_kind(before) and unit_kind(before) == unit_kind(after):
                message = f"“{before}”与“{after}”同属{unit_kind(before)},之间应用顿号分隔"
                yield at(_clause_text(path, clause), index, index + 1, message, "、", True)


# A real plan names a few dozen units (38 at most in the 56 documents measured); a variant is
# compared with this many of the most used forms, so that a text of thousands of distinct names
# (a damaged or machine-made file) costs time in proportion to its length, not its square.
MAJOR_FORMS = 200

# An unprefixed name right after a prefixed one in a list (“市教育局、人社局”) is read as
# carrying that level once the plan writes lists this way at least this often.
ELLIPSIS_CONVENTION = 2


@rule("PLAN019", "unit-named-two-ways", "plan", "warning", title="单位名称前后不一", suggests=True)
def check_unit_named_two_ways(plan: Plan, context: Context) -> Iterator[Finding]:
    """同一单位在一份计划里只用一种写法,简称和全称、带不带层级的名称不混用。

    理由:
        同一单位前后写法不同,读者会以为是两个单位,统计分工时也会分成两处。
    依据:
        公文写作惯例:单位名称首次用全称,此后用统一的规范简称,全文一致
    简称与全称(“基教一处”“基础教育一处”)、带不带层级(“招考办”“市招考办”)、多字少字(“省机场集团”
    “省民航机场集团”,“市文旅局”“市文旅广电局”)混用时,改用全文用得最多的写法。

    列举里紧跟在带层级的单位后面、省去层级的名称(“市文广新局、教育局”里的“教育局”)是承前省略:
    全文这样省略至少两处时,它读作带层级的名称(“市教育局”),不算另一种写法;只有一处时仍算。
    两个层级(“市财政局”“区财政局”)、序号(“基础教育处”“基础教育一处”)、名录里并存的两个单位
    (“组织处”“组织人事处”)、单位的下属机构(“办公室”“机关党委办公室”)都是不同的单位。

    反例:
        一、加强党的建设
        1.推进集团化办学。(责任处室:基教一处、发展规划处)
        2.落实“双减”。(责任处室:基教一处、督导处)
        3.加强思政课建设。(责任处室:基础教育一处、德育处)
    正例:
        一、加强党的建设
        1.推进集团化办学。(责任处室:基教一处、基教二处、发展规划处)
        2.落实“双减”。(责任单位:市教育局、人社局、财政局,区财政局)
        3.加强思政课建设。(责任单位:市教育局、市人社局,组织处、机关党委办公室、办公室)
    """
    registry = context.registry
    if registry is None:
        return
    mentions = [mention for path, item, _ in walk_items(plan) for mention in _mentions(path, item)]
    if sum(bool(m.inherited) for m in mentions) < ELLIPSIS_CONVENTION:
        mentions = [replace(m, inherited="") for m in mentions]
    used = units_of(plan)
    names = {m.name for m in mentions}  # each distinct name once: a long plan repeats the same few
    slips = {name for name in names if not registry.is_known(name) and registry.slip_of(name, used)}
    mentions = [m for m in mentions if m.name not in slips]  # a slip of the pen is PLAN013's
    counts = Counter(m.form for m in mentions)
    forms = sorted(counts, key=lambda form: (-counts[form], not registry.is_known(form), -len(form), form))
    major_of: dict[str, str] = {}
    majors: list[str] = []  # forms that are their own major, most used first
    for form in forms:  # each form joins the most used form it is a variant of
        major = next((m for m in majors[:MAJOR_FORMS] if same_unit(form, m, registry)), form)
        major_of[form] = major
        if major == form:
            majors.append(form)
    for mention in mentions:
        major = major_of[mention.form]
        if major != mention.form:
            replacement = major.removeprefix(mention.inherited)
            message = f"“{mention.name}”与“{major}”是同一单位的两种写法,全文多用“{major}”({counts[major]}处)"
            end = mention.start + len(mention.unit)
            yield at(_clause_text(mention.path, mention.clause), mention.start, end, message, replacement)


@dataclass(frozen=True)
class _Mention:
    """One unit named in a clause: as listed, where, its name (no closing 等), and the level it
    carries over by ellipsis from the name before it (“市教育局、人社局”: 人社局 inherits 市)."""

    path: str
    clause: Clause
    unit: str
    start: int
    name: str
    inherited: str

    @property
    def form(self) -> str:
        return self.inherited + self.name


def _mentions(path: str, item: Item) -> Iterator[_Mention]:
    for clause in item.clauses:
        previous_level = ""
        for start, unit in sorted((clause.raw.find(unit), unit) for unit in clause.all_units()):
            name = name_of(unit)
            level = split_level(name)[0]
            inherited = "" if level or previous_level.startswith("各") else previous_level
            previous_level = level or inherited
            yield _Mention(path, clause, unit, max(start, 0), name, inherited)
