"""The task ledger: made from a plan (``ledger create``), filled in by units with a spreadsheet
program (here openpyxl, cell by cell as a clerk types), read back (``ledger status``) — also
after what people do to spreadsheets."""

from __future__ import annotations

import copy
import json
import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from drafter.ledger.create import due_date, ledger_of
from drafter.ledger.ids import item_paths
from drafter.ledger.status import status_report
from drafter.ledger.xlsx import HEADER_ROW, read_ledgers, write_ledger
from drafter.parse.plan import parse_file

# A small plan with every kind of deadline, targets, three unit roles and an attachment.
PLAN = """\
2023年某市教育工作要点

一、加强党的建设
1.强化思想武装。深入学习贯彻党的二十大精神，6月底前完成全员轮训。（牵头处室：组织处，责任处室：宣传处）
2.夯实基层党建。持续推进党支部标准化建设。（牵头处室：组织处）
二、办好人民满意的教育
3.扩大学前教育资源。新建公办幼儿园15所，新增学位5000个，年内完成。（牵头处室：基础教育处，配合处室：发展规划处）
4.推进县域高中发展。上半年启动县中提升计划，三季度完成评估。（牵头处室：基础教育处）
5.推进教育数字化。2025年前完成智慧教育平台建设。（牵头处室：信息化处）

某市教育局
2023年2月15日

附件

重点项目清单

一、重点项目
1.建设教师发展中心。9月底前完成主体工程。（牵头处室：发展规划处）
"""
HEADERS = ["编号", "部分", "工作任务", "具体内容", "量化指标", "牵头处室", "责任处室", "配合处室", "完成时限",
           "完成情况", "进展情况", "备注"]  # fmt: skip


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "2023年工作要点.txt"
    path.write_text(PLAN, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seed_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ledger of the 长沙 2022 seed (25 items), as ``ledger create`` writes it."""
    from conftest import SEEDS

    source = next(path for name, path in SEEDS.items() if name.startswith("000"))
    out = tmp_path_factory.mktemp("ledger") / "台账.xlsx"
    write_ledger(ledger_of(parse_file(source)), out)
    return out


def columns(sheet, header_row: int = HEADER_ROW) -> dict[str, int]:
    return {str(c.value): c.column for c in sheet[header_row] if c.value}


def rows_by_id(sheet, header_row: int = HEADER_ROW) -> dict[str, int]:
    column = columns(sheet, header_row)["编号"]
    return {
        str(sheet.cell(r, column).value): r
        for r in range(header_row + 1, sheet.max_row + 1)
        if sheet.cell(r, column).value
    }


def fill(path: Path, reports: dict[int, tuple[str, str]], out: Path | None = None) -> Path:
    """Type (status, progress) into the rows of the items at these positions (0-based), as a unit does."""
    book = openpyxl.load_workbook(path)
    sheet = book.active
    where = columns(sheet)
    ids = list(rows_by_id(sheet).values())
    for index, (status, progress) in reports.items():
        if status:
            sheet.cell(ids[index], where["完成情况"], status)
        if progress:
            sheet.cell(ids[index], where["进展情况"], progress)
    target = out or path
    book.save(target)
    return target


# What a unit of the seed reports: four done, three ongoing, two lagging, one not started, and
# progress text for six items (two of them without a status).
SEED_REPORTS = {
    0: ("已完成", "已完成全员轮训。"), 1: ("已完成", ""), 2: ("已完成", "干部培训已结业。"),
    3: ("已完成", ""),
    4: ("正在推进", "已开展试点。"), 5: ("正在推进", ""), 6: ("正在推进", ""),
    7: ("滞后", "场地未落实。"), 8: ("滞后", ""), 9: ("未启动", ""),
    10: ("", "已拟定方案。"), 11: ("", "正在调研。"),
}  # fmt: skip
SEED_COUNTS = {"已完成": 4, "正在推进": 3, "滞后": 2, "未启动": 1}


@pytest.fixture
def filled(seed_ledger: Path, tmp_path: Path) -> Path:
    return fill(seed_ledger, SEED_REPORTS, tmp_path / "台账-已填.xlsx")


def status_json(cli, *paths: Path, as_of: str = "") -> tuple[dict, str]:
    args = ["ledger", "status", *map(str, paths), "--json"] + (["--as-of", as_of] if as_of else [])
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


# -- deadlines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "due"),
    [
        ("6月底前", date(2023, 6, 30)),
        ("6月底前完成", date(2023, 6, 30)),
        ("２月底前", date(2023, 2, 28)),
        ("年内", date(2023, 12, 31)),
        ("年底前完成", date(2023, 12, 31)),
        ("上半年", date(2023, 6, 30)),
        ("下半年", date(2023, 12, 31)),
        ("三季度", date(2023, 9, 30)),
        ("第一季度", date(2023, 3, 31)),
        ("9月中旬前", date(2023, 9, 20)),
        ("10月15日前", date(2023, 10, 15)),
        ("2025年前", date(2025, 12, 31)),
        ("2024年6月底前", date(2024, 6, 30)),
        ("上半年启动、年底前完成", date(2023, 12, 31)),
        ("持续推进", None),
        ("长期坚持", None),
        ("", None),
    ],
)
def test_a_deadline_in_its_own_words_gives_the_last_day_it_allows(words, due):
    assert due_date(words, 2023) == due


def test_without_the_plans_year_only_a_deadline_naming_its_year_has_a_date():
    assert due_date("6月底前", None) is None
    assert due_date("2025年底前", None) == date(2025, 12, 31)


# -- create ------------------------------------------------------------------------------


def test_the_ledger_has_one_row_per_item_with_its_units_targets_and_deadline(plan_file):
    plan = parse_file(plan_file)
    ledger = ledger_of(plan)
    assert [row.path for row in ledger.rows] == [path for path, _ in item_paths(plan)]
    first, _, third, fourth, fifth, attached = ledger.rows
    assert (first.lead, first.units, first.support) == (["组织处"], ["宣传处"], [])
    assert (first.deadline, first.due) == ("6月底前完成", date(2023, 6, 30))
    assert third.targets == ["新建公办幼儿园15所", "新增学位5000个"]
    assert (third.support, third.due) == (["发展规划处"], date(2023, 12, 31))
    assert (fourth.deadline, fourth.due) == ("上半年启动、三季度完成", date(2023, 9, 30))
    assert fifth.due == date(2025, 12, 31)
    assert ledger.rows[1].deadline == "" and ledger.rows[1].due is None  # 持续推进: no date
    assert (attached.path, attached.part, attached.lead) == ("附件/一/1", "附件 一、重点项目", ["发展规划处"])
    assert first.part == "一、加强党的建设" and first.task == "强化思想武装"
    assert first.measures.startswith("深入学习贯彻") and "牵头处室" not in first.measures
    assert len({row.id for row in ledger.rows}) == 6 and first.id.startswith("2023-一-1-")


def test_the_sheet_is_laid_out_to_fill_in_and_print(plan_file, tmp_path, cli):
    out = tmp_path / "台账.xlsx"
    made = cli("ledger", "create", str(plan_file), "-o", str(out))
    assert made.returncode == 0, made.stderr
    assert "6 条" in made.stdout and "5 条有可推算的完成日期" in made.stdout
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["任务台账"]
    sheet = book["任务台账"]
    assert sheet["A1"].value == "2023年某市教育工作要点任务台账"
    assert sheet["A2"].value == "成文日期:2023年2月15日"
    assert [c.value for c in sheet[HEADER_ROW]] == HEADERS  # the plan's own labels, as the 任务分工表
    assert sheet.max_row == HEADER_ROW + 6
    row = {h: sheet.cell(HEADER_ROW + 3, i + 1).value for i, h in enumerate(HEADERS)}
    assert row["量化指标"] == "新建公办幼儿园15所；新增学位5000个"
    assert row["完成时限"] == "年内完成（2023年12月31日）"
    assert row["牵头处室"] == "基础教育处" and row["配合处室"] == "发展规划处" and row["完成情况"] is None
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    (choice,) = sheet.data_validations.dataValidation
    assert choice.type == "list" and choice.formula1 == '"已完成,正在推进,滞后,未启动"'
    assert "J4" in choice.sqref and f"J{HEADER_ROW + 6}" in choice.sqref
    for letter, header in zip("ABCDEFGHIJKL", HEADERS, strict=True):
        width = sheet.column_dimensions[letter].width
        assert 2 * len(header) <= width <= 56, (header, width)
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["J"].width  # 具体内容 is wide


def test_labels_given_head_the_unit_columns_and_either_label_reads_back(plan_file, tmp_path, cli):
    out = tmp_path / "台账.xlsx"
    assert (
        cli("ledger", "create", str(plan_file), "-o", str(out), "--labels", "牵头单位,责任单位").returncode
        == 0
    )
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[HEADER_ROW]][5:8] == ["牵头单位", "责任单位", "配合处室"]
    sheet.cell(HEADER_ROW, 6, "牵头部门")  # a unit relabels a column as its office writes it
    sheet.parent.save(out)
    ledger = read_ledgers([out])
    assert [row.lead for row in ledger.rows] == [["组织处"], ["组织处"], ["基础教育处"], ["基础教育处"],
                                                 ["信息化处"], ["发展规划处"]]  # fmt: skip
    assert ledger.rows[0].units == ["宣传处"] and not ledger.warnings


def test_by_unit_adds_a_sheet_per_lead_unit_and_a_unit_may_fill_its_own(plan_file, tmp_path, cli):
    out = tmp_path / "台账.xlsx"
    assert cli("ledger", "create", str(plan_file), "-o", str(out), "--by-unit").returncode == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["任务台账", "组织处", "基础教育处", "信息化处", "发展规划处"]
    own = book["组织处"]
    assert list(rows_by_id(own)) == [row.id for row in ledger_of(parse_file(plan_file)).rows[:2]]
    assert own.print_title_rows == "$3:$3" and own.freeze_panes == "A4"
    own.cell(HEADER_ROW + 1, columns(own)["完成情况"], "已完成")
    book.save(out)
    report, warnings = status_json(cli, out)
    assert report["by_status"]["已完成"] == 1 and report["total"] == 6 and warnings == ""


def test_create_refuses_to_overwrite_and_wants_an_xlsx(plan_file, tmp_path, cli):
    out = tmp_path / "台账.xlsx"
    out.write_bytes(b"keep")
    refused = cli("ledger", "create", str(plan_file), "-o", str(out))
    assert refused.returncode == 2 and "--force" in refused.stderr and out.read_bytes() == b"keep"
    assert cli("ledger", "create", str(plan_file), "-o", str(out), "--force").returncode == 0
    wrong = cli("ledger", "create", str(plan_file), "-o", str(tmp_path / "台账.csv"))
    assert wrong.returncode == 2 and ".xlsx" in wrong.stderr


def test_a_seed_ledger_lists_every_item_with_the_plans_units(seed, seed_ledger):
    plan = parse_file(seed["000"])
    ledger = read_ledgers([seed_ledger])
    assert len(ledger.rows) == len(plan.all_items()) == 25
    assert ledger.title == "2022年全市教育工作要点" and ledger.year == 2022 and ledger.date == "2022-02-18"
    assert ledger.labels == {"lead": "牵头处室", "units": "责任处室", "support": "配合单位"}
    by_task = {row.task: row for row in ledger.rows}
    assert by_task["锻造优秀干部"].units == ["组织处"] and by_task["锻造优秀干部"].lead == []
    for row, (_, item) in zip(ledger.rows, item_paths(plan), strict=True):
        assert row.lead == item.lead


# -- status --------------------------------------------------------------------------------


def test_a_ledger_filled_as_a_unit_would_gives_the_right_counts(filled, cli):
    report, warnings = status_json(cli, filled)
    assert set(report) == {"total", "by_status", "by_unit", "overdue", "missing"}
    assert report["total"] == 25 and report["by_status"] == SEED_COUNTS
    assert len(report["missing"]) == 25 - 10 and warnings == ""
    assert set(report["missing"][0]) == {"id", "path", "task", "lead", "units", "deadline", "due", "status",
                                         "where"}  # fmt: skip
    assert report["missing"][0]["where"] == "台账-已填.xlsx 第14行"
    units = {u["unit"]: u for u in report["by_unit"]}
    assert sum(u["total"] for u in report["by_unit"]) >= 25
    first = units["宣传统统处"]  # item 1's lead unit, as the seed writes it
    assert first["by_status"]["已完成"] >= 1 and set(first) == {
        "unit",
        "total",
        "by_status",
        "overdue",
        "missing",
    }
    text = cli("ledger", "status", str(filled))
    assert "共 25 项,已完成 4、正在推进 3、滞后 2、未启动 1,未填报 15" in text.stdout


def test_overdue_items_are_those_due_before_the_date_and_not_done(plan_file, tmp_path, cli):
    out = tmp_path / "台账.xlsx"
    write_ledger(ledger_of(parse_file(plan_file)), out)
    fill(out, {0: ("正在推进", "已轮训一半。"), 2: ("已完成", "")})
    report, _ = status_json(cli, out, as_of="2023-10-01")
    assert [row["path"] for row in report["overdue"]] == ["一/1", "二/4", "附件/一/1"]
    assert report["overdue"][0]["due"] == "2023-06-30" and report["overdue"][0]["status"] == "正在推进"
    on_the_day, _ = status_json(cli, out, as_of="2023-06-30")
    assert on_the_day["overdue"] == []
    bad = cli("ledger", "status", str(out), "--as-of", "2023-02-30")
    assert bad.returncode == 2 and "--as-of" in bad.stderr


def test_a_deadline_retyped_as_a_date_counts_from_that_date(plan_file, tmp_path):
    out = tmp_path / "台账.xlsx"
    write_ledger(ledger_of(parse_file(plan_file)), out)
    book = openpyxl.load_workbook(out)
    sheet = book.active
    sheet.cell(HEADER_ROW + 2, columns(sheet)["完成时限"], datetime(2023, 5, 31))  # Excel keeps a date
    sheet.cell(HEADER_ROW + 4, columns(sheet)["完成时限"], "10月底前")  # the date in brackets deleted
    book.save(out)
    rows = read_ledgers([out]).rows
    assert rows[1].due == date(2023, 5, 31) and rows[3].due == date(2023, 10, 31)
    assert rows[0].due == date(2023, 6, 30) and rows[0].deadline == "6月底前完成"


# -- what people do to spreadsheets ----------------------------------------------------------


def counts(path: Path, *more: Path) -> tuple[dict[str, int], int, list[str]]:
    ledger = read_ledgers([path, *more])
    report = status_report(ledger)
    return report.by_status, len(report.missing), ledger.warnings


def test_added_rows_and_columns_are_tolerated(filled):
    book = openpyxl.load_workbook(filled)
    sheet = book.active
    sheet.insert_cols(3)
    sheet.cell(HEADER_ROW, 3, "责任人")
    sheet.cell(HEADER_ROW + 1, 3, "张三")
    sheet.insert_rows(HEADER_ROW + 5)  # a blank row between items
    sheet.cell(sheet.max_row + 2, 1, "填表人:李四  联系电话:12345678")
    book.save(filled)
    by_status, missing, warnings = counts(filled)
    assert by_status == SEED_COUNTS and missing == 15
    assert len(warnings) == 1 and "不是计划中的条目" in warnings[0] and "填表人" in warnings[0]


def test_merged_cells_count_for_every_row_they_cover(filled):
    book = openpyxl.load_workbook(filled)
    sheet = book.active
    column = columns(sheet)["完成情况"]
    top = list(rows_by_id(sheet).values())[12]  # three items no one reported on
    sheet.cell(top, column, "已完成")
    sheet.merge_cells(start_row=top, start_column=column, end_row=top + 2, end_column=column)
    book.save(filled)
    by_status, missing, warnings = counts(filled)
    assert by_status["已完成"] == 4 + 3 and missing == 15 - 3 and warnings == []


def test_columns_in_another_order_under_a_header_further_down(filled, tmp_path):
    book = openpyxl.load_workbook(filled)
    old = book.active
    values = [[c.value for c in row] for row in old.iter_rows(min_row=HEADER_ROW)]
    order = [9, 0, 10, 2, 5, 1, 3, 4, 6, 7, 8, 11]  # 完成情况 first, 编号 second…
    moved = book.create_sheet("任务台账(整理)")
    moved.append(["2022年任务台账(第二季度)"])
    moved.append(["说明:请各处室于每季度末填报"])
    moved.append([])
    moved.append([])
    for row in values:
        moved.append([row[i] for i in order])
    book.remove(old)
    book.save(filled)
    by_status, missing, warnings = counts(filled)
    assert by_status == SEED_COUNTS and missing == 15 and warnings == []


def test_statuses_typed_by_hand_are_normalised_and_an_unknown_one_is_named(seed_ledger, tmp_path):
    typed = {0: ("完成", ""), 1: ("已完成。", ""), 2: (" 正在推进 ", ""), 3: ("滞　后", ""),
             4: ("推进中", ""), 5: ("未启动！", ""), 6: ("基本完成", "")}  # fmt: skip
    path = fill(seed_ledger, typed, tmp_path / "手填.xlsx")
    by_status, missing, warnings = counts(path)
    assert by_status == {"已完成": 2, "正在推进": 2, "滞后": 1, "未启动": 1}
    assert missing == 25 - 6
    assert warnings == [
        "手填.xlsx 第10行:完成情况“基本完成”不是已完成、正在推进、滞后、未启动之一,按未填报计"
    ]


def test_a_renamed_sheet_behind_another_sheet_is_found_by_its_headers(filled):
    book = openpyxl.load_workbook(filled)
    book.active.title = "组织处填报"
    notes = book.create_sheet("填表说明", 0)
    notes["A1"] = "完成情况请选择:已完成、正在推进、滞后、未启动"
    book.save(filled)
    assert openpyxl.load_workbook(filled).sheetnames == ["填表说明", "组织处填报"]
    by_status, missing, warnings = counts(filled)
    assert by_status == SEED_COUNTS and missing == 15 and warnings == []


def test_empty_trailing_rows_are_no_items(filled):
    book = openpyxl.load_workbook(filled)
    sheet = book.active
    for row in range(sheet.max_row + 1, 400):
        sheet.cell(row, 10, " ")  # a blank typed, formatting pulled down
        sheet.cell(row, 11).border = copy.copy(sheet.cell(HEADER_ROW + 1, 11).border)
    book.save(filled)
    by_status, missing, warnings = counts(filled)
    assert by_status == SEED_COUNTS and missing == 15 and warnings == []


def test_ledgers_of_several_units_merge_by_id_and_a_conflict_names_both(seed_ledger, tmp_path):
    first = fill(
        seed_ledger, {0: ("已完成", "轮训完成。"), 1: ("正在推进", ""), 5: ("滞后", "")}, tmp_path / "甲.xlsx"
    )
    second = fill(
        seed_ledger, {2: ("已完成", ""), 3: ("未启动", ""), 5: ("正在推进", "")}, tmp_path / "乙.xlsx"
    )
    by_status, missing, warnings = counts(first, second)
    assert by_status == {"已完成": 2, "正在推进": 1, "滞后": 1, "未启动": 1} and missing == 20
    (conflict,) = warnings
    assert "甲.xlsx 第9行" in conflict and "乙.xlsx 第9行" in conflict and "“滞后”" in conflict
    assert "“正在推进”" in conflict and conflict.endswith("取前者")
    ledger = read_ledgers([first, second])
    assert ledger.rows[0].progress == "轮训完成。" and ledger.rows[2].where == "乙.xlsx 第6行"


def test_bad_input_is_one_chinese_line_naming_the_file(tmp_path, cli):
    text = tmp_path / "台账.xlsx"
    text.write_text("不是表格", encoding="utf-8")
    other = tmp_path / "名单.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "姓名"
    book.save(other)
    old = tmp_path / "台账.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    folder = tmp_path / "文件夹.xlsx"
    folder.mkdir()
    for path, words in ((text, "不是可读的 .xlsx"), (other, "没有任务台账表"), (old, "另存为 .xlsx"),
                        (tmp_path / "无.xlsx", "找不到"), (folder, "文件夹")):  # fmt: skip
        result = cli("ledger", "status", str(path))
        assert result.returncode == 2, path
        assert result.stderr.count("\n") == 1 and str(path) in result.stderr and words in result.stderr
        assert "Traceback" not in result.stderr


def test_the_same_ledger_read_twice_is_no_conflict(filled, tmp_path):
    copy = tmp_path / "副本.xlsx"
    shutil.copy(filled, copy)
    by_status, missing, warnings = counts(filled, copy)
    assert by_status == SEED_COUNTS and missing == 15 and warnings == []


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path, cli):
    import zipfile

    bomb = tmp_path / "台账.xlsx"
    package = zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED)
    with package, package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
        chunk = b"\0" * (1024 * 1024)
        for _ in range(201):
            member.write(chunk)
    result = cli("ledger", "status", str(bomb))
    assert result.returncode == 2 and "解压后超过" in result.stderr and str(bomb) in result.stderr


def test_the_rows_read_back_tie_to_the_plans_items(seed, seed_ledger):
    from drafter.ledger.ids import match_rows

    plan = parse_file(seed["000"])
    chosen, left = match_rows(plan, read_ledgers([seed_ledger]))
    assert len(chosen) == 25 and left == []
    assert all(row.path == path for path, row in chosen.items())  # the seed has no sub-sections


def test_targets_are_whole_clauses_never_half_a_word():
    from drafter.ledger.create import target_phrases

    text = "推进义务教育优质均衡。新建公办幼儿园15所、义务教育学校25所，一是建设5万个普惠性学位。"
    assert target_phrases(text) == ["新建公办幼儿园15所、义务教育学校25所", "建设5万个普惠性学位"]
    assert target_phrases("全年筹资目标达850万元以上;惠及师生6800人以上") == [
        "全年筹资目标达850万元以上",
        "惠及师生6800人以上",
    ]
    assert target_phrases("持续推进教育高质量发展") == []
