"""Attachments: the text after a 附件 label is a document of its own, held in the model."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import PlanFile, run_cli

from drafter.parse.accounting import unread_runs
from drafter.parse.plan import parse_file
from drafter.store.serialize import dump_yaml, load_plan, plan_to_dict

NOTICE_WITH_PLAN = """\
青山县教育局关于印发《青山县2024年教育工作要点》的通知

各乡镇中心学校，局属各单位：
现将《青山县2024年教育工作要点》印发给你们，请认真贯彻落实。

青山县教育局
2024年2月20日

附件
青山县2024年教育工作要点
2024年全县教育工作的总体要求是：稳中求进。
一、加强党的建设
1.强化思想武装。深入学习党的二十大精神。（牵头单位：组织科）
2.加强基层党建。推进党组织标准化建设。（责任单位：机关党委）
二、推动教育发展
3.推进义务教育优质均衡。扩大优质资源覆盖面。（牵头单位：基础教育股）
"""

PLAN_WITH_FORM = """\
青山县教育局2024年工作要点
一、加强党的建设
1.强化思想武装。深入学习党的二十大精神。（牵头单位：组织科）
二、推动教育发展
2.推进义务教育优质均衡。扩大优质资源覆盖面。（牵头单位：基础教育股）
附件1：青山县学校基本情况统计表
序号　学校　在校生数
附件2：申报表.doc
"""


def test_a_cover_notice_whose_attachment_is_the_plan_takes_the_plan(plan_file: PlanFile) -> None:
    path = plan_file(NOTICE_WITH_PLAN)
    plan = parse_file(path)
    assert plan.notice is not None and plan.notice.title.startswith("青山县教育局关于印发")
    assert plan.title == "青山县2024年教育工作要点"
    assert [s.title for s in plan.sections] == ["加强党的建设", "推动教育发展"]
    assert [(i.number, i.title, i.lead) for i in plan.items()] == [
        ("1", "强化思想武装", ["组织科"]),
        ("2", "加强基层党建", []),
        ("3", "推进义务教育优质均衡", ["基础教育股"]),
    ]
    assert plan.items()[1].all_units() == ["机关党委"]
    assert plan.attachments == []  # the attachment is the plan
    assert "总体要求" in plan.preamble
    # only the bare label line is left out, and a warning counts it
    assert unread_runs(path, plan) == [(9, "附件")]
    assert plan.warnings == ["略去文首重复或多余的文字 1 处:第9行“附件”"]


def test_a_plan_with_form_attachments_keeps_them_without_sections(plan_file: PlanFile) -> None:
    path = plan_file(PLAN_WITH_FORM)
    plan = parse_file(path)
    assert [s.title for s in plan.sections] == ["加强党的建设", "推动教育发展"]
    assert len(plan.items()) == 2
    assert [(a.label, a.plan.title, a.plan.sections) for a in plan.attachments] == [
        ("附件1", "青山县学校基本情况统计表", []),
        ("附件2", "申报表.doc", []),
    ]
    assert plan.attachments[0].plan.preamble == "序号　学校　在校生数"
    assert not [w for w in plan.warnings if "未解析" in w]
    assert unread_runs(path, plan) == []


def test_an_attachment_with_its_own_outline_is_parsed_like_a_plan(plan_file: PlanFile) -> None:
    text = PLAN_WITH_FORM.split("附件1")[0] + (
        "附件\n青山县2024年重点任务分工表\n一、党建工作\n1.开展主题教育。组织全体党员学习。（牵头单位：组织科）\n"
    )
    plan = parse_file(plan_file(text))
    [attachment] = plan.attachments
    assert attachment.plan.title == "青山县2024年重点任务分工表"
    assert [s.title for s in attachment.plan.sections] == ["党建工作"]
    assert [(i.title, i.lead) for i in attachment.plan.items()] == [("开展主题教育", ["组织科"])]
    assert len(plan.items()) == 2  # the main plan's own items are unchanged


def test_attachments_survive_a_yaml_round_trip(tmp_path: Path, plan_file: PlanFile) -> None:
    plan = parse_file(plan_file(PLAN_WITH_FORM))
    saved = tmp_path / "plan.yaml"
    saved.write_text(dump_yaml(plan_to_dict(plan)), encoding="utf-8")
    again = load_plan(saved)
    assert [(a.label, a.plan) for a in again.attachments] == [(a.label, a.plan) for a in plan.attachments]
    assert again == plan


def test_a_plan_without_attachments_writes_no_attachments_field(plan_file: PlanFile) -> None:
    plan = parse_file(plan_file(PLAN_WITH_FORM.split("附件1")[0]))
    assert "attachments" not in plan_to_dict(plan)


def test_parse_prints_attachments_as_text_and_json(plan_file: PlanFile) -> None:
    path = plan_file(PLAN_WITH_FORM)
    shown = run_cli("parse", str(path))
    assert shown.returncode == 0
    assert "附件1:青山县学校基本情况统计表" in shown.stdout
    listed = run_cli("parse", str(path), "--json")
    data = json.loads(listed.stdout)
    assert [(a["label"], a["title"], a["sections"]) for a in data["attachments"]] == [
        ("附件1", "青山县学校基本情况统计表", []),
        ("附件2", "申报表.doc", []),
    ]
