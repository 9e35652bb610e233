"""Attachments count everywhere: corpus list, suggest, check, the Word document and the official text.

A plan's attachment (a task list after the body) is a document of its own: its items are
counted and searched, its numbering is checked on its own, and it is written and read back.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import PlanFile, run_cli
from docx import Document

from drafter.api import Corpus, check
from drafter.model import Attachment
from drafter.parse.plan import parse_file, parse_text
from drafter.render.text import plan_to_text
from drafter.render.word import ATTACHMENT_LABEL, TITLE, BuildOptions, build_docx
from drafter.store import corpus as corpus_lib
from drafter.suggest.index import open_index
from drafter.suggest.search import search

# The body numbers its items 1–3; the attachment restarts at 1, as real task lists do. The
# measure on 陪餐 is only in the attachment (and in no plan of the bundled corpus).
PLAN_WITH_TASK_LIST = """\
青山县教育局2024年工作要点
一、加强党的建设
1.强化思想武装。深入学习党的二十大精神。（牵头单位：组织科）
2.加强基层党建。推进党组织标准化建设。（牵头单位：组织科）
二、推动教育发展
3.推进义务教育优质均衡。扩大优质资源覆盖面。（牵头单位：基础教育股）
附件1
青山县2024年重点任务清单
一、党建工作
1.开展主题教育。组织全体党员学习。（牵头单位：组织科）
2.建设清廉学校。完善廉政风险防控机制。（牵头单位：纪检组）
二、校园安全
3.落实学校食堂陪餐制度。校领导每日轮流陪餐并做好记录。（牵头单位：安全股）
附件2：申报表.doc
青山县教育局
2024年2月20日
"""

ATTACHMENT_ITEMS = [
    ("1", "开展主题教育", ["组织科"]),
    ("2", "建设清廉学校", ["纪检组"]),
    ("3", "落实学校食堂陪餐制度", ["安全股"]),
]


def _attachment_shape(attachment: Attachment) -> tuple[str, str, list[str], list[tuple[str, str, list[str]]]]:
    plan = attachment.plan
    items = [(i.number, i.title, i.all_units()) for i in plan.items()]
    return attachment.label, plan.title, [s.title for s in plan.sections], items


def test_the_sample_parses_with_its_task_list_as_an_attachment(plan_file: PlanFile) -> None:
    plan = parse_file(plan_file(PLAN_WITH_TASK_LIST))
    assert len(plan.items()) == 3 and plan.date == "2024-02-20"
    assert [_attachment_shape(a) for a in plan.attachments] == [
        ("附件1", "青山县2024年重点任务清单", ["党建工作", "校园安全"], ATTACHMENT_ITEMS),
        ("附件2", "申报表.doc", [], []),
    ]


# -- corpus list -------------------------------------------------------------------------


def test_corpus_list_counts_the_items_of_attachments(tmp_path: Path, plan_file: PlanFile) -> None:
    folder = tmp_path / "corpus"
    corpus_lib.ingest(plan_file(PLAN_WITH_TASK_LIST), folder)
    listed = run_cli("corpus", "list", "--json", "--corpus", str(folder))
    assert listed.returncode == 0, listed.stderr
    [entry] = json.loads(listed.stdout)
    keys = ("sections", "items", "items_with_units", "attachments", "attachment_items")
    assert [entry[key] for key in keys] == [4, 6, 6, 2, 3]
    assert Corpus(folder).entries()[0].summary() == entry  # the API's listing is the same
    table = run_cli("corpus", "list", "--corpus", str(folder))
    assert "条目(含附件)" in table.stdout and "附件条目" in table.stdout


# -- suggest -----------------------------------------------------------------------------


def test_suggest_finds_a_measure_that_only_an_attachment_holds(
    seed, tmp_path: Path, plan_file: PlanFile
) -> None:
    folder = tmp_path / "corpus"
    corpus_lib.ingest(seed["000"], folder)  # other plans, for the measure to stand out among
    corpus_lib.ingest(plan_file(PLAN_WITH_TASK_LIST), folder)
    built = open_index(folder)
    assert built.index.size == 25 + 6  # the seed's 25 items, the body's 3 and the attachment's 3
    [found] = search(built.index, "落实食堂陪餐制度", top=1)
    assert found.item_title == "落实学校食堂陪餐制度"
    assert found.path == ["附件1", "二", "3"]
    assert found.attachment == "青山县2024年重点任务清单"
    assert (found.issuer, found.year, found.title) == ("青山县教育局", 2024, "青山县教育局2024年工作要点")
    assert found.units == ["安全股"]
    shown = run_cli("suggest", "落实食堂陪餐制度", "--top", "1", "--json", "--corpus", str(folder))
    assert shown.returncode == 0, shown.stderr
    [data] = json.loads(shown.stdout)
    assert (data["path"], data["attachment"], data["issuer"]) == (
        ["附件1", "二", "3"],
        "青山县2024年重点任务清单",
        "青山县教育局",
    )
    text = run_cli("suggest", "落实食堂陪餐制度", "--top", "1", "--corpus", str(folder))
    assert "附件1/二/3" in text.stdout


def test_a_draft_review_covers_the_items_of_its_attachments(
    seed, tmp_path: Path, plan_file: PlanFile
) -> None:
    folder = tmp_path / "corpus"
    corpus_lib.ingest(seed["000"], folder)
    draft = plan_file(PLAN_WITH_TASK_LIST, "draft.txt")
    shown = run_cli("suggest", "--plan", str(draft), "--json", "--corpus", str(folder))
    assert shown.returncode == 0, shown.stderr
    paths = [row["path"] for row in json.loads(shown.stdout)]
    assert paths == ["一/1", "一/2", "二/3", "附件1/一/1", "附件1/一/2", "附件1/二/3"]


# -- check -------------------------------------------------------------------------------


def _findings(plan_text: str, plan_file: PlanFile, *rules: str) -> list[tuple[str, str, int]]:
    path = plan_file(plan_text)
    return [(f.rule, f.path, f.line) for f in check(path) if not rules or f.rule in rules]


def test_an_attachment_whose_numbering_restarts_is_no_gap(plan_file: PlanFile) -> None:
    assert _findings(PLAN_WITH_TASK_LIST, plan_file, "PLAN020", "PLAN021") == []
    shown = run_cli("check", str(plan_file(PLAN_WITH_TASK_LIST)), "--select", "PLAN020")
    assert shown.returncode == 0, shown.stdout


def test_an_attachment_is_checked_and_its_findings_name_it(tmp_path: Path, plan_file: PlanFile) -> None:
    # a gap (3 → 5) and an item without a unit, both inside the attachment, on line 14
    text = PLAN_WITH_TASK_LIST.replace(
        "附件2：申报表.doc", "5.推进学前教育普惠发展。新建幼儿园三所。\n附件2：申报表.doc"
    )
    assert text.splitlines()[13].startswith("5.推进学前教育")
    assert _findings(text, plan_file, "PLAN010", "PLAN020") == [
        ("PLAN010", "附件1/二/5", 14),
        ("PLAN020", "附件1/二/5", 14),
    ]
    shown = run_cli("check", str(tmp_path / "plan.txt"), "--select", "PLAN020")
    assert shown.returncode == 1 and "14:1" in shown.stdout and "附件1/二/5" in shown.stdout


def test_every_part_of_a_file_is_checked_under_its_own_label(tmp_path: Path) -> None:
    first = parse_text(PLAN_WITH_TASK_LIST)
    second = parse_text(
        "第二篇实施意见\n一、主要任务\n1.完善制度。建立台账。\n3.加强考核。定期通报。（牵头单位：督导室）\n"
        "4.加强宣传。办好专栏。（牵头单位：宣传处）\n"
    )
    first.more_parts = [second]  # two of its three items name a unit: the one that does not is flagged
    found = [(f.rule, f.path) for f in check(first) if f.rule in ("PLAN010", "PLAN020")]
    assert found == [("PLAN010", "第2份/一/1"), ("PLAN020", "第2份/一/3")]


# -- Word and text -----------------------------------------------------------------------


def test_a_built_document_reads_back_to_the_same_attachments(tmp_path: Path, plan_file: PlanFile) -> None:
    plan = parse_file(plan_file(PLAN_WITH_TASK_LIST))
    out = tmp_path / "plan.docx"
    out.write_bytes(build_docx(plan, BuildOptions()))
    paragraphs = Document(str(out)).paragraphs
    labels = [p.text for p in paragraphs if p.style is not None and p.style.name == ATTACHMENT_LABEL]
    assert labels == ["附件1", "附件2"]
    titles = [p.text for p in paragraphs if p.style is not None and p.style.name == TITLE]
    assert titles == [plan.title, "青山县2024年重点任务清单", "申报表.doc"]
    again = parse_file(out)
    assert list(map(_attachment_shape, again.attachments)) == list(map(_attachment_shape, plan.attachments))
    assert [i.text for a in again.attachments for i in a.plan.items()] == [
        i.text for a in plan.attachments for i in a.plan.items()
    ]
    assert again.attachments == plan.attachments
    # the standalone build writes no 落款: all else reads back equal
    assert again == dataclasses.replace(plan, date="")


def test_with_a_notice_the_attachments_are_numbered_through(tmp_path: Path, plan_file: PlanFile) -> None:
    plan = parse_file(plan_file(PLAN_WITH_TASK_LIST))
    out = tmp_path / "notice.docx"
    options = BuildOptions(notice=True, attachment=True, table=True, date="2024-02-20")
    out.write_bytes(build_docx(plan, options))
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    labels = [t for t in paragraphs if t.startswith("附件") and len(t) <= 3]
    assert labels == ["附件1", "附件2", "附件3", "附件4"]
    listed = [t for t in paragraphs if t.startswith(("附件：", "　　　"))]  # the notice's 附件说明
    assert listed == [
        "附件：1.青山县教育局2024年工作要点",
        "　　　2.青山县2024年重点任务清单",
        "　　　3.申报表.doc",
        "　　　4.青山县教育局2024年工作要点任务分工表",
    ]
    again = parse_file(out)
    assert [(a.label, a.plan.title) for a in again.attachments] == [
        ("附件2", "青山县2024年重点任务清单"),
        ("附件3", "申报表.doc"),
        ("附件4", "青山县教育局2024年工作要点任务分工表"),
    ]
    assert again.attachments[0].plan == plan.attachments[0].plan


def test_official_text_round_trips_with_attachments(plan_file: PlanFile) -> None:
    plan = parse_file(plan_file(PLAN_WITH_TASK_LIST))
    text = plan_to_text(plan)
    # GB/T 9704: the 落款 closes the body, the attachments follow it
    assert text.index("青山县教育局\n2024年2月20日") < text.index("附件1\n") < text.index("附件2\n")
    again = parse_text(text)
    assert again.attachments == plan.attachments
    assert again == plan
    assert plan_to_text(again) == text


def test_plans_that_differ_only_in_an_attachment_are_not_equal() -> None:
    plan = parse_text(PLAN_WITH_TASK_LIST)
    other = parse_text(PLAN_WITH_TASK_LIST.replace("校领导每日轮流陪餐", "校领导每周轮流陪餐"))
    assert plan.sections == other.sections and plan != other


def test_a_headings_own_clause_survives_the_word_document(tmp_path: Path, plan_file: PlanFile) -> None:
    # a task list's sub-heading often carries the clause for the items under it
    text = PLAN_WITH_TASK_LIST.replace(
        "一、党建工作\n", "一、党建工作\n（一）强化党建引领。压实管党治党责任。（牵头单位：组织科）\n"
    )
    plan = parse_file(plan_file(text))
    [heading] = plan.attachments[0].plan.sections[0].sections
    assert [c.lead for c in heading.clauses] == [["组织科"]]
    out = tmp_path / "plan.docx"
    out.write_bytes(build_docx(plan, BuildOptions()))
    assert parse_file(out).attachments == plan.attachments


SIGNED_BEFORE_ATTACHMENTS = """\
某县教育局2027年工作要点
一、加强党的建设
1.强化思想武装。深入学习党的二十大精神。
2.夯实基层组织。推进党组织标准化建设
{note}某县教育局
2027年2月18日
附件1
某县2027年重点任务清单
1.新建公办幼儿园。(牵头单位:基础教育股)
某县教育局办公室
2027年2月19日
"""


@pytest.mark.parametrize("note", ["", "附件:1.某县2027年重点任务清单\n"])
def test_the_signature_before_the_attachments_is_the_plans(note: str) -> None:
    """A 落款 set before the attachments (GB/T 9704), after the body or its 附件说明, was read into
    the last item's text (“…标准化建设\\n某县教育局\\n2027年2月18日”)."""
    plan = parse_text(SIGNED_BEFORE_ATTACHMENTS.format(note=note))
    assert (plan.issuer, plan.date) == ("某县教育局", "2027-02-18")  # not the attachment's last lines
    assert plan.items()[-1].text == "推进党组织标准化建设"
    assert plan.attachments[-1].plan.title == "某县2027年重点任务清单"


def test_a_cover_notices_signature_before_its_attachment_stays_the_notices() -> None:
    text = (
        "某县教育局关于印发某县2027年工作要点的通知\n各学校:\n现将《某县2027年工作要点》印发给你们。\n"
        "某县教育局\n2027年2月18日\n附件\n某县2027年工作要点\n一、加强党建\n1.强化思想武装。深入学习。\n"
    )
    plan = parse_text(text)
    assert plan.notice is not None and (plan.notice.signer, plan.notice.date) == ("某县教育局", "2027-02-18")
    assert plan.title == "某县2027年工作要点" and len(plan.items()) == 1
