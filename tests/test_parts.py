"""Several documents in one file: each title line followed by a restart of 一、 is a part of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import PlanFile, run_cli

from drafter.parse.accounting import unread_runs
from drafter.parse.plan import parse_file, parse_text
from drafter.store import corpus
from drafter.store.serialize import dump_yaml, load_plan, plan_to_dict

# A notice that issues two 实施方案, printed one after the other; the second names no
# issuer or year of its own (the notice's are its).
TWO_DOCUMENTS = """\
青山县教育局关于印发《青山县学校美育提升行动实施方案》和《青山县学校体育固本行动实施方案》的通知

各乡镇中心学校，局属各单位：
现将《青山县学校美育提升行动实施方案》和《青山县学校体育固本行动实施方案》印发给你们，请认真贯彻落实。

青山县教育局
2024年3月8日

青山县学校美育提升行动实施方案
为全面加强和改进学校美育工作，制定本方案。
一、总体要求
坚持以美育人、以文化人。
二、主要任务
（一）开齐开足美育课程。严格落实课程方案。（责任单位：基础教育股）
（二）建设美育教师队伍。配齐配强艺术教师。（牵头单位：人事股；配合单位：教师发展中心）
（三）丰富艺术实践活动。每年举办一次学生艺术节。（责任单位：体卫艺股）
三、保障措施
（一）加强组织领导。成立美育工作领导小组。（责任单位：办公室）
青山县学校体育固本行动实施方案
为推动学校体育高质量发展，制定本方案。
一、工作目标
到2025年，学生体质健康优良率达到55%。
二、重点任务
（一）保障体育课时。义务教育阶段每天一节体育课。（责任单位：基础教育股）
（二）完善体育设施。新建改建运动场地十处。（牵头单位：计财股）
"""

TITLES = ["青山县学校美育提升行动实施方案", "青山县学校体育固本行动实施方案"]

# One plan whose items restart at 1. under every section: numbering restarts, no title stands
# before it, so nothing is split.
RESTARTED_ITEMS = """\
青山县教育局2024年工作要点
一、加强党的建设
1.强化思想武装。深入学习党的二十大精神。（责任单位：组织科）
2.加强基层党建。推进党组织标准化建设。（责任单位：机关党委）
二、推动教育发展
1.推进义务教育优质均衡。扩大优质资源覆盖面。（责任单位：基础教育股）
2.提升学前教育普惠水平。新建公办幼儿园三所。（责任单位：学前教育股）
"""

# A 转发 notice with requirements of its own (一、二、), then the forwarded 实施意见.
COVER_WITH_POINTS = """\
青山县教育局关于转发《青州市人民政府办公室关于加强学校美育工作的实施意见》的通知

各学校：
现将《青州市人民政府办公室关于加强学校美育工作的实施意见》转发给你们，并提出以下要求，请认真贯彻落实。
一、加强学习。各学校要认真学习文件精神。
二、抓好落实。各学校要结合实际制定落实措施。

青山县教育局
2017年5月10日

青州市人民政府办公室关于加强学校美育工作的实施意见
为贯彻落实国家和省有关文件精神，提出如下实施意见。
一、总体要求
坚持立德树人。
二、主要任务
（一）完善美育课程。开齐开足艺术课程。（责任单位：市教育局）
（二）加强师资建设。补足配齐美育教师。（责任单位：市教育局、市人社局）
"""

# The same notice when the forwarded text is left out of the file (named by its 附件 line).
COVER_ONLY = """\
青山县教育局关于转发《青州市人民政府办公室关于加强学校美育工作的实施意见》的通知

各学校：
现将《青州市人民政府办公室关于加强学校美育工作的实施意见》转发给你们，并提出以下要求，请认真贯彻落实。
一、加强学习。各学校要认真学习文件精神。
二、抓好落实。各学校要结合实际制定落实措施。

附件：《青州市人民政府办公室关于加强学校美育工作的实施意见》（略）
青山县教育局
2017年5月10日
"""


def _shape(plan):  # (title, [(section, [item numbers and titles]), …]) of one part
    return (
        plan.title,
        [(s.number, s.title, [(i.number, i.title) for i in s.all_items()]) for s in plan.sections],
    )


def test_two_documents_in_one_file_are_two_parts(plan_file: PlanFile) -> None:
    path = plan_file(TWO_DOCUMENTS)
    plan = parse_file(path)
    first, second = plan.parts()
    assert _shape(first) == (
        "青山县学校美育提升行动实施方案",
        [
            ("一", "总体要求", []),
            (
                "二",
                "主要任务",
                [("一", "开齐开足美育课程"), ("二", "建设美育教师队伍"), ("三", "丰富艺术实践活动")],
            ),
            ("三", "保障措施", [("一", "加强组织领导")]),
        ],
    )
    assert _shape(second) == (
        "青山县学校体育固本行动实施方案",
        [
            ("一", "工作目标", []),
            ("二", "重点任务", [("一", "保障体育课时"), ("二", "完善体育设施")]),
        ],
    )
    assert first.preamble == "为全面加强和改进学校美育工作，制定本方案。"
    assert second.preamble == "为推动学校体育高质量发展，制定本方案。"
    assert first.items()[1].clauses[0].support == ["教师发展中心"]
    assert second.items()[1].clauses[0].lead == ["计财股"]
    # the second names no issuer or year: the file's (its notice's) are its own
    assert (first.issuer, first.year, second.issuer, second.year) == ("青山县教育局", 2024) * 2
    assert first.notice is not None and first.notice.date == "2024-03-08"
    assert second.source.path == first.source.path == str(path)
    assert not any("不连续" in w for w in plan.warnings)  # the restart is no gap in the numbering
    assert unread_runs(path, plan) == []  # every character of both documents is held


# Two documents, each with its title broken over two lines.
BROKEN_TITLES = """\
青山县教育局关于加强中小学校美育工作的
实施意见
一、总体要求
坚持以美育人、以文化人。
二、主要任务
1.开齐开足美育课程。严格落实课程方案。（责任单位：基础教育股）
2.丰富艺术实践活动。每年举办一次学生艺术节。（责任单位：体卫艺股）
2024年青山县学校体育固本
行动实施方案
一、工作目标
到2025年，学生体质健康优良率达到55%。
二、重点任务
1.保障体育课时。义务教育阶段每天一节体育课。（责任单位：基础教育股）
"""


def test_a_later_documents_title_over_two_lines_is_joined(plan_file: PlanFile) -> None:
    path = plan_file(BROKEN_TITLES)
    plan = parse_file(path)
    first, second = plan.parts()
    assert (first.title, second.title) == (
        "青山县教育局关于加强中小学校美育工作的实施意见",
        "2024年青山县学校体育固本行动实施方案",
    )
    assert first.items()[-1].text == "每年举办一次学生艺术节。"  # the title's first line is not the item's
    assert [i.title for i in second.items()] == ["保障体育课时"]
    assert unread_runs(path, plan) == []


def test_a_form_cell_before_a_later_title_is_no_half_of_it() -> None:
    """A form's last cell stands right before the next title line (corpus-dev 044, “钢琴伴奏”)."""
    cells = "指导教师\n钢琴伴奏\n青山县学校体育固本行动实施方案"
    first, second = parse_text(BROKEN_TITLES.replace("2024年青山县学校体育固本\n行动实施方案", cells)).parts()
    assert second.title == "青山县学校体育固本行动实施方案"
    assert first.items()[-1].text == "每年举办一次学生艺术节。\n指导教师\n钢琴伴奏"


def test_items_that_restart_numbering_inside_one_document_are_not_split() -> None:
    plan = parse_text(RESTARTED_ITEMS)
    assert plan.more_parts == []
    assert [len(s.items) for s in plan.sections] == [2, 2]


def test_a_title_line_without_a_restart_after_it_starts_no_part() -> None:
    # “…实施方案” in a line of its own, but the numbering goes on at 三、: one document
    text = RESTARTED_ITEMS + "青山县课后服务实施方案\n三、深化教育改革\n1.推进评价改革。完善评价办法。\n"
    plan = parse_text(text)
    assert plan.more_parts == [] and [s.number for s in plan.sections] == ["一", "二", "三"]


def test_a_plan_under_an_attachment_label_stays_an_attachment() -> None:
    text = RESTARTED_ITEMS + "附件\n青山县课后服务实施方案\n一、服务内容\n1.开展课后托管。每周五天。\n"
    plan = parse_text(text)
    assert plan.more_parts == []
    assert [(a.label, a.plan.title, len(a.plan.items())) for a in plan.attachments] == [
        ("附件", "青山县课后服务实施方案", 1)
    ]


def test_a_cover_notices_own_points_stay_in_the_notice_when_its_plan_follows(plan_file: PlanFile) -> None:
    path = plan_file(COVER_WITH_POINTS)
    plan = parse_file(path)
    assert plan.more_parts == []  # the notice is no document of its own: its plan is the part
    assert plan.title == "青州市人民政府办公室关于加强学校美育工作的实施意见"
    assert [s.title for s in plan.sections] == ["总体要求", "主要任务"]
    assert len(plan.items()) == 2
    assert plan.notice is not None
    assert "一、加强学习。" in plan.notice.body and "二、抓好落实。" in plan.notice.body
    assert unread_runs(path, plan) == []


def test_a_cover_notice_whose_text_is_left_out_keeps_its_points(plan_file: PlanFile) -> None:
    path = plan_file(COVER_ONLY)
    plan = parse_file(path)
    assert plan.sections == [] and plan.more_parts == []
    assert plan.notice is not None
    assert plan.notice.body.endswith("二、抓好落实。各学校要结合实际制定落实措施。")
    assert [a.label for a in plan.attachments] == ["附件"]
    assert unread_runs(path, plan) == []


def test_parse_json_lists_every_part_only_when_there_are_several(plan_file: PlanFile) -> None:
    several = json.loads(run_cli("parse", str(plan_file(TWO_DOCUMENTS)), "--json").stdout)
    assert [p["title"] for p in several["parts"]] == TITLES
    top = {k: v for k, v in several.items() if k != "parts"}
    assert several["parts"][0] == top  # the first part's fields stay at the top, as before
    assert all("parts" not in part for part in several["parts"])
    assert [s["title"] for s in several["parts"][1]["sections"]] == ["工作目标", "重点任务"]
    single = json.loads(run_cli("parse", str(plan_file(RESTARTED_ITEMS, "one.txt")), "--json").stdout)
    assert "parts" not in single


def test_parse_shows_each_part_under_a_header(plan_file: PlanFile) -> None:
    shown = run_cli("parse", str(plan_file(TWO_DOCUMENTS))).stdout
    assert "══ 第1份文件(共 2 份):青山县学校美育提升行动实施方案 ══" in shown
    assert "══ 第2份文件(共 2 份):青山县学校体育固本行动实施方案 ══" in shown
    assert shown.index("第2份文件") < shown.index("二、重点任务")
    single = run_cli("parse", str(plan_file(RESTARTED_ITEMS, "one.txt"))).stdout
    assert "份文件" not in single


def test_parts_survive_a_yaml_round_trip(tmp_path: Path, plan_file: PlanFile) -> None:
    plan = parse_file(plan_file(TWO_DOCUMENTS))
    saved = tmp_path / "plan.yaml"
    saved.write_text(dump_yaml(plan_to_dict(plan)), encoding="utf-8")
    again = load_plan(saved)
    assert again == plan and again.more_parts == plan.more_parts
    assert "parts" in yaml.safe_load(saved.read_text(encoding="utf-8"))


def test_ingest_stores_each_part_as_its_own_entry(tmp_path: Path, plan_file: PlanFile) -> None:
    source, folder = plan_file(TWO_DOCUMENTS), tmp_path / "corpus"
    added = run_cli("ingest", str(source), "--corpus", str(folder))
    assert added.returncode == 0 and added.stdout.count("新增") == 2
    entries = corpus.entries(folder)
    assert [e.plan.title for e in entries] == TITLES
    first, second = entries
    assert second.id == first.id + "-2"  # distinct, and stable: made of the file's hash
    assert first.plan.source.sha256 == second.plan.source.sha256
    assert first.plan.source.path == second.plan.source.path == "plan.txt"
    assert first.plan.more_parts == []  # an entry holds its own document only
    assert len(first.plan.items()) == 4 and len(second.plan.items()) == 2
    again = run_cli("ingest", str(source), "--corpus", str(folder))
    assert again.stdout.count("已存在") == 2 and "新增" not in again.stdout
    forced = corpus.ingest(source, folder, force=True)
    assert [r.added for r in forced.parts()] == [True, True]
    assert [r.entry.id for r in forced.parts()] == [first.id, second.id]
    assert len(corpus.entries(folder)) == 2
    listed = run_cli("corpus", "list", "--corpus", str(folder)).stdout
    assert first.id in listed and second.id in listed
    assert len(list((folder / "sources").iterdir())) == 1  # the file's bytes, stored once


def test_ingest_of_a_single_document_is_as_before(tmp_path: Path, plan_file: PlanFile) -> None:
    result = corpus.ingest(plan_file(RESTARTED_ITEMS), tmp_path / "corpus")
    assert result.more_parts == [] and "part" not in result.entry.plan.source.provenance
    assert not result.entry.id.endswith("-2")


# -- the hand-made gold of the corpus-dev files that hold several documents or a cover notice --

GOLD = Path(__file__).parent / "data" / "gold"
CORPUS_DEV = Path(__file__).parent / "data" / "corpus-dev"  # copies of the gold documents
SEVERAL = ["044_chongqing-jiaowei_meiyu-huodong_2017", "048_nanchang-jiaoyuju_meiyu-zhuanfa_2017",
           "050_anhui_gongye-hulianwang_2021"]  # fmt: skip


@pytest.mark.parametrize("name", SEVERAL)
def test_parts_are_the_golds(name: str) -> None:
    """Each gold part is a parsed part: its title and its sections (number and title) exact,
    its items within the bar; a cover notice whose issued text is left out is no part."""
    gold = yaml.safe_load((GOLD / f"{name}.yaml").read_text(encoding="utf-8"))
    plan = parse_file(CORPUS_DEV / f"{name}.txt")
    parts = [part for part in plan.parts() if part.sections]
    assert [p.title for p in parts] == [g["title"] for g in gold["parts"]]
    for part, expected in zip(parts, gold["parts"], strict=True):
        assert [(s.number, s.title) for s in part.sections] == [
            (g["number"], g["title"]) for g in expected["sections"]
        ]
        wanted = sum(_gold_items(section) for section in expected["sections"])
        assert abs(len(part.items()) - wanted) <= 0.1 * wanted
    assert (plan.issuer, plan.year) == (gold["issuer"], gold["year"])
    assert all((p.issuer, p.year) == (gold["issuer"], gold["year"]) for p in plan.parts())


def _gold_items(node: dict) -> int:
    return len(node.get("items") or []) + sum(_gold_items(sub) for sub in node.get("sections") or [])


# -- what the files of several documents showed besides ------------------------------------------

ACTIVITY = """\
青山县中小学生合唱展演活动实施方案
一、组织机构
主办单位：青山县教育局
承办单位：青山县艺术教育协会
二、活动安排
（一）学校选拔阶段。各校自主组织。
（二）县级展演阶段。各校报送节目。
附表
青山县中小学生合唱展演报名表
学校　人数　指导教师
备注：
1.“组别”栏按小学组、初中组填写。
2.指导教师不超过3名。
"""


def test_organisers_of_an_activity_are_no_items(plan_file: PlanFile) -> None:
    plan = parse_file(plan_file(ACTIVITY))
    organs = plan.sections[0]
    assert organs.items == [] and organs.intro.startswith("主办单位：青山县教育局")
    assert [i.number for i in plan.items()] == ["一", "二"]


def test_a_form_after_a_fubiao_label_is_held_whole_without_items(plan_file: PlanFile) -> None:
    path = plan_file(ACTIVITY)
    plan = parse_file(path)
    (form,) = plan.attachments
    assert (form.label, form.plan.title, form.plan.sections) == ("附表", "青山县中小学生合唱展演报名表", [])
    assert form.plan.preamble.endswith("2.指导教师不超过3名。")  # its notes are no work items
    assert unread_runs(path, plan) == []


def test_small_form_full_stops_mark_items() -> None:
    text = "青山县2024年工作要点\n一、加强党建\n1﹒强化思想武装。深入学习。\n2﹒加强基层党建。推进建设。\n"
    plan = parse_text(text)
    assert [(i.number, i.title) for i in plan.items()] == [("1", "强化思想武装"), ("2", "加强基层党建")]


def test_a_quoted_term_in_a_title_is_no_document_type() -> None:
    plan = parse_text("青山县教育局关于贯彻“三个办法”要求深化美育工作的通知\n一、提高认识\n二、抓好落实\n")
    assert plan.doc_type == ""


def test_a_first_document_without_a_title_line_keeps_its_sections() -> None:
    # the notice names two documents; the first is printed without its title line: its 一、二、
    # are its sections, not the notice's points
    own_title = "青山县学校美育提升行动实施方案\n为全面加强和改进学校美育工作，制定本方案。\n"
    text = TWO_DOCUMENTS.replace(own_title, "")
    plan = parse_text(text)
    first, second = plan.parts()
    assert first.title == "青山县学校美育提升行动实施方案"  # named by the notice
    assert [s.title for s in first.sections] == ["总体要求", "主要任务", "保障措施"]
    assert second.title == "青山县学校体育固本行动实施方案"
