"""The year-end 工作总结 skeleton: what was planned and what the ledger reports, 【待补】 where a
unit wrote nothing, the unfinished items 续办 — as Word and as YAML, read back."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import docx
from conftest import run_cli
from ledger_filling import filled

from drafter.lang.patterns import PENDING
from drafter.ledger.model import DONE
from drafter.ledger.summary import CONTINUED, make_summary
from drafter.parse.plan import parse_file, parse_text
from drafter.render.word import BuildOptions, build_docx
from drafter.store.serialize import dump_yaml, load_plan, plan_to_dict

AS_OF = date(2022, 12, 31)

PLAN_WITH_TASK_LIST = """\
青山县教育局2024年工作要点
一、加强党的建设
1.强化思想武装。深入学习党的二十大精神。（牵头单位：组织科）
二、推动教育发展
2.推进义务教育优质均衡。新建公办幼儿园15所。（牵头单位：基础教育股）
附件：青山县2024年教育重点任务清单
一、重点项目
1.建设智慧校园。完成30所学校网络改造。（牵头单位：电教馆）
2.办好民生实事。新增学位2000个。（牵头单位：计财股）
"""


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_the_summary_shows_every_report_and_marks_the_rest(seed: dict[str, Path]) -> None:
    plan = parse_file(seed["000"])
    ledger = filled(plan)
    summary, warnings = make_summary(plan, ledger, AS_OF)
    assert warnings == []
    text = "\n".join(_paragraphs(build_docx(summary, BuildOptions())))
    assert text.startswith("长沙市教育局2022年工作总结")
    for row in ledger.rows:
        assert (row.progress or PENDING) in text
    silent = [row for row in ledger.rows if not row.progress]
    assert text.count(PENDING) == len(silent)
    for section in plan.sections:
        assert f"{section.number}、{section.title}" in text
    unfinished = [row for row in ledger.rows if row.status != DONE]
    closing = summary.sections[-1]
    assert closing.number == "八" and closing.title == "需续办事项"
    assert [item.title for item in closing.items] == [row.task + CONTINUED for row in unfinished]
    assert text.count(CONTINUED) == len(unfinished)


def test_the_summary_reads_back_from_word_and_from_yaml(seed: dict[str, Path], tmp_path: Path) -> None:
    plan = parse_file(seed["001"])
    summary, _ = make_summary(plan, filled(plan), AS_OF)
    path = tmp_path / "总结.yaml"
    path.write_text(dump_yaml(plan_to_dict(summary, editable=True)), encoding="utf-8")
    assert load_plan(path) == summary
    # ``check`` reads it and names every 【待补】 left for the clerk to fill (PLAN001)
    report = json.loads(run_cli("check", str(path), "--format", "json").stdout)
    pending = [f["path"] for f in report["files"][0]["findings"] if f["rule"] == "PLAN001"]
    assert len(pending) == sum(PENDING in item.text for item in summary.all_items()) > 0
    built = tmp_path / "总结.docx"
    built.write_bytes(build_docx(summary, BuildOptions()))
    back = parse_file(built)
    assert [(i.number, i.title, i.text) for i in back.all_items()] == [
        (i.number, i.title, i.text) for i in summary.all_items()
    ]


def test_attachments_are_summed_up_and_targets_shown(tmp_path: Path) -> None:
    plan = parse_text(PLAN_WITH_TASK_LIST)
    assert [a.label for a in plan.attachments] == ["附件"]
    ledger = filled(plan)
    ledger.rows[1].targets = ["新建公办幼儿园15所"]
    summary, _ = make_summary(plan, ledger, AS_OF)
    (attached,) = summary.attachments
    assert attached.label == "附件" and attached.plan.title == "青山县2024年教育重点任务清单"
    assert [i.title for i in attached.plan.items()] == ["建设智慧校园", "办好民生实事"]
    assert "量化指标：新建公办幼儿园15所。" in summary.items()[1].text
    paths = [item.text for item in summary.sections[-1].items]
    assert paths[1:] == ["原计划附件/一/1，完成情况：滞后。", "原计划附件/一/2，完成情况：未启动。"]


def test_a_row_of_no_item_is_told_and_an_item_of_no_row_is_unfinished(seed: dict[str, Path]) -> None:
    plan = parse_file(seed["000"])
    ledger = filled(plan)
    stray = ledger.rows.pop(0)
    stray.id, stray.path, stray.task = "2022-九-99-000000", "九/99", "一项已删去的任务"
    ledger.rows.append(stray)
    summary, warnings = make_summary(plan, ledger, AS_OF)
    assert len(warnings) == 1 and "一项已删去的任务" in warnings[0]
    first = summary.items()[0]
    assert "台账中无此项" in first.text and PENDING in first.text
    assert summary.sections[-1].items[0].title == plan.items()[0].title + CONTINUED


def test_an_attached_task_table_repeating_the_body_is_not_summed_up_twice(
    seed: dict[str, Path], tmp_path: Path
) -> None:
    built = tmp_path / "计划.docx"
    built.write_bytes(build_docx(parse_file(seed["000"]), BuildOptions(notice=True, table=True)))
    plan = parse_file(built)
    assert plan.attachments and len(plan.all_items()) == 2 * len(plan.items())
    summary, warnings = make_summary(plan, filled(plan), AS_OF)
    assert summary.attachments == [] and any("重列正文" in w for w in warnings)
    assert len(summary.all_items()) - len(summary.sections[-1].items) == len(plan.items())
