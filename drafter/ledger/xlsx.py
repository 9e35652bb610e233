"""The ledger as an Excel workbook (.xlsx, openpyxl): written for the units to fill in, read back
as they return it.

Written: the sheet “任务台账” — the plan's title and date above, the header (frozen, repeated on
every printed page), one row per item, A4 landscape one page wide, a drop-down of the four
statuses in 完成情况; with ``by_unit`` one sheet more per 牵头单位, its items alone.

Read: every sheet whose headers name a ledger's columns (found by their words on any of the
first rows, in any order, among other columns), whatever the sheet is called or where it
stands; merged cells count for every row they cover; hand-typed statuses are normalised by
``templates/ledger.yaml``. Several files, or several ledger sheets of one file, are merged
by item id: where two give one item different reports, the first is kept and a warning names
both places.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError, os_error
from ..lang.dates import read_date
from ..lang.patterns import YEAR
from ..lang.width import fold
from ..parse.read import MAX_UNZIPPED
from ..render.options import LABEL_ROLES
from .create import due_date
from .ids import FINGERPRINT_DIGITS
from .model import STATUSES, UNREPORTED, Ledger, LedgerRow
from .words import COLUMNS, ledger_words, normal, read_status

TITLE_ROW, DATE_ROW, HEADER_ROW = 1, 2, 3
ISSUED = "成文日期"  # the plan's date above the table (a ledger of an undated plan shows when it was made)
# Rows below the last item that still offer the status drop-down: a unit may add items of its own.
SPARE_ROWS = 50
# Column widths in Excel's units (a CJK character is 2): the widest each column grows to, so
# that the twelve columns print one page wide on A4 landscape at a readable scale.
MAX_WIDTHS = {
    "id": 22, "part": 16, "task": 26, "measures": 56, "targets": 20, "lead": 12, "units": 14,
    "support": 14, "deadline": 16, "status": 10, "progress": 36, "note": 12,
}  # fmt: skip
LINE_HEIGHT = 14.0  # points per line of 10.5-point text, for the rows' heights
# Where the header row is looked for: a title, a date and a note or two above it are common.
HEADER_SEARCH_ROWS = 20
# A row is a ledger's header when it names the 编号 column and at least this many columns in all.
MIN_HEADER_COLUMNS = 3
UNIT_SEPARATORS = re.compile(r"[、,，;；/\s]+")
LIST_SEPARATORS = re.compile(r"[；;\n]+")
# “6月底前（2023年6月30日）”: the words, then the date ``ledger create`` computed.
_DEADLINE_CELL = re.compile(r"(?P<words>.*?)\s*\((?P<date>\d{4}年\d{1,2}月\d{1,2}日)\)\s*$", re.S)
_WRITTEN_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
# An id as ``ids.item_id`` writes it: year, the path's parts, the fingerprint (and a copy's number).
_ID = re.compile(rf"^(?:(?P<year>\d{{4}})-)?(?P<path>.+?)-[0-9a-f]{{{FINGERPRINT_DIGITS}}}(?:-\d+)?$")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31  # Excel's limit
_REPORTED = ("status", "progress", "note")  # what a unit fills in
SHOWN = 20  # characters of a cell quoted in a warning


def chinese_date(value: date) -> str:
    """“2023年6月30日”: how a date is shown in the ledger."""
    return f"{value.year}年{value.month}月{value.day}日"


# -- writing ------------------------------------------------------------------------------


def ledger_xlsx(ledger: Ledger, by_unit: bool = False) -> bytes:
    """The ledger as .xlsx bytes: the sheet 任务台账, and with ``by_unit`` one per 牵头单位."""
    from openpyxl import Workbook

    words = ledger_words()
    book = Workbook()
    book.properties.title = ledger.title
    book.properties.creator = "drafter"
    _fill(book.active, words.sheet, ledger, ledger.rows)
    if by_unit:
        taken = {words.sheet}
        for unit, rows in _by_lead(ledger.rows).items():
            name = _sheet_name(unit, taken)
            taken.add(name)
            _fill(book.create_sheet(), name, ledger, rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_ledger(ledger: Ledger, out: Path, by_unit: bool = False) -> None:
    """Write the ledger's workbook to ``out`` atomically."""
    from ..store.files import write_atomic

    write_atomic(out, ledger_xlsx(ledger, by_unit))


def _by_lead(rows: Iterable[LedgerRow]) -> dict[str, list[LedgerRow]]:
    found: dict[str, list[LedgerRow]] = {}
    for row in rows:
        for unit in row.lead:
            found.setdefault(unit, []).append(row)
    return found


def _sheet_name(unit: str, taken: set[str]) -> str:
    base = _SHEET_NAME_FORBIDDEN.sub("_", unit)[:MAX_SHEET_NAME] or "单位"
    name, copy = base, 1
    while name.lower() in {t.lower() for t in taken}:
        copy += 1
        suffix = f"({copy})"
        name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
    return name


def headers(ledger: Ledger) -> list[str]:
    """The header of each column in ``COLUMNS`` order, the unit columns as the plan labels them."""
    words = ledger_words()
    return [ledger.labels.get(key) or words.headers[key] for key in COLUMNS]


def cells(row: LedgerRow) -> list[str]:
    """What each column of ``COLUMNS`` shows for the row."""
    deadline = row.deadline
    if row.due is not None:
        deadline = f"{deadline}（{chinese_date(row.due)}）"
    return [
        row.id, row.part, row.task, row.measures, "；".join(row.targets), "、".join(row.lead),
        "、".join(row.units), "、".join(row.support), deadline, row.status, row.progress, row.note,
    ]  # fmt: skip


def _width(text: str) -> int:
    """Display width in Excel's units: a CJK (wide) character counts 2."""
    return sum(1 if ord(c) < 0x1100 else 2 for c in text)


def _fill(sheet: Any, name: str, ledger: Ledger, rows: list[LedgerRow]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.title = name
    count = len(COLUMNS)
    title = sheet.cell(TITLE_ROW, 1, f"{ledger.title}任务台账")
    title.font = Font(name="黑体", size=16, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=count)
    sheet.row_dimensions[TITLE_ROW].height = 30
    shown = read_date(ledger.date) if ledger.date else None
    dated = f"{ISSUED}:{chinese_date(shown)}" if shown else f"制表日期:{chinese_date(date.today())}"
    sheet.cell(DATE_ROW, 1, dated).font = Font(name="宋体", size=10.5)
    sheet.merge_cells(start_row=DATE_ROW, start_column=1, end_row=DATE_ROW, end_column=count)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body_font = Font(name="宋体", size=10.5)
    wrap = Alignment(vertical="top", wrap_text=True)
    texts = [cells(row) for row in rows]
    names = headers(ledger)
    widths = []
    for index, key in enumerate(COLUMNS):
        longest = max([_width(names[index])] + [_width(t[index]) for t in texts])
        widths.append(min(longest + 2, MAX_WIDTHS[key]))
        sheet.column_dimensions[get_column_letter(index + 1)].width = widths[-1]
    for column, header in enumerate(names, start=1):
        cell = sheet.cell(HEADER_ROW, column, header)
        cell.font = Font(name="黑体", size=11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.border = border
    for offset, values in enumerate(texts, start=1):
        number = HEADER_ROW + offset
        lines = 1
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(number, column, value or None)
            cell.font, cell.alignment, cell.border = body_font, wrap, border
            room = max(widths[column - 1] - 1, 1)
            lines = max(lines, sum(-(-_width(part) // room) or 1 for part in value.split("\n")))
        sheet.row_dimensions[number].height = lines * LINE_HEIGHT
    status = get_column_letter(COLUMNS.index("status") + 1)
    choice = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        errorStyle="warning",
        errorTitle="完成情况",
        error=f"完成情况请从下拉列表中选:{'、'.join(STATUSES)}",
        promptTitle="完成情况",
        prompt="从下拉列表中选择",
    )
    choice.add(f"{status}{HEADER_ROW + 1}:{status}{HEADER_ROW + len(rows) + SPARE_ROWS}")
    sheet.add_data_validation(choice)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "第 &P 页,共 &N 页"


# -- reading ------------------------------------------------------------------------------


@dataclass
class _Sheet:
    """One ledger sheet found in a file: its name, header row, columns (key → column number) and
    the headers of its unit columns."""

    name: str
    header_row: int
    columns: dict[str, int]
    labels: dict[str, str]
    above: list[str] = field(default_factory=list)  # the texts above the header: title, date


def read_ledgers(paths: Sequence[Path]) -> Ledger:
    """The ledger that one or several returned workbooks make together (one per unit is common):
    rows merged by item id in the order first met; a report one file gives and another leaves
    blank is kept, two different reports of one item are a conflict (the first is kept, a
    warning names both files and rows). Every warning of reading is in ``Ledger.warnings``.
    InputError (one Chinese line naming the file) for a file that is no readable .xlsx or has
    no ledger sheet."""
    merged = Ledger()
    rows: dict[str, LedgerRow] = {}
    for path in paths:
        ledger = read_ledger(path)
        merged.title = merged.title or ledger.title
        merged.year = merged.year or ledger.year
        merged.date = merged.date or ledger.date
        merged.labels = merged.labels or ledger.labels
        merged.warnings += ledger.warnings
        for row in ledger.rows:
            _merge(rows, row, merged.warnings)
    merged.rows = list(rows.values())
    return merged


def read_ledger(path: Path) -> Ledger:
    """One returned workbook: every ledger sheet in it, merged by item id (see ``read_ledgers``)."""
    book = _open(path)
    sheets = [(sheet.title, _grid(sheet)) for sheet in book.worksheets]
    found = [(grid, shape) for name, grid in sheets if (shape := _shape(name, grid)) is not None]
    if not found:
        raise InputError(
            f"没有任务台账表:各工作表的前 {HEADER_SEARCH_ROWS} 行中都找不到“编号”“完成情况”等表头", path
        )
    ledger = Ledger(labels=found[0][1].labels)
    rows: dict[str, LedgerRow] = {}
    for grid, shape in found:
        place = path.name if len(found) == 1 else f"{path.name}“{shape.name}”表"
        for row in _rows(grid, shape, place, ledger.warnings):
            _merge(rows, row, ledger.warnings)
        ledger.title = ledger.title or next(iter(shape.above), "")
        for text in shape.above:
            if not ledger.date and ISSUED in text and (written := _WRITTEN_DATE.search(fold(text))):
                shown = read_date(written.group())
                ledger.date = shown.isoformat() if shown else ""
    ledger.rows = list(rows.values())
    years = [int(m["year"]) for row in ledger.rows if (m := _ID.match(row.id)) and m["year"]]
    title_year = YEAR.search(ledger.title)
    ledger.year = (
        max(set(years), key=years.count) if years else int(title_year.group(1)) if title_year else None
    )
    ledger.title = ledger.title.removesuffix("任务台账") or ledger.title
    for row in ledger.rows:
        if row.due is None and row.deadline:
            row.due = due_date(row.deadline, _year_of(row.id) or ledger.year)
    return ledger


def _open(path: Path) -> Any:
    import warnings

    from openpyxl import load_workbook

    if path.suffix.lower() in (".xls", ".et"):
        raise InputError("是旧版 Excel(.xls)或 WPS(.et)格式,请在 Excel 或 WPS 中另存为 .xlsx 再读", path)
    try:
        with zipfile.ZipFile(path) as package:  # a zip bomb is refused before openpyxl inflates it
            if sum(member.file_size for member in package.infolist()) > MAX_UNZIPPED:
                megabytes = MAX_UNZIPPED // (1024 * 1024)
                raise InputError(f"解压后超过 {megabytes} MB,不像一份台账,拒绝读取", path)
        with warnings.catch_warnings():  # openpyxl's notes on parts it drops (WPS extensions): values stay
            warnings.simplefilter("ignore", UserWarning)
            return load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise InputError("找不到这个文件", path) from None
    except IsADirectoryError:
        raise InputError("是一个文件夹,不是 .xlsx 文件", path) from None
    except PermissionError as exc:
        raise os_error(path, exc) from exc
    except InputError:
        raise
    # openpyxl raises whatever its zip, XML and value readers raise on a damaged or foreign
    # file (BadZipFile, KeyError, ValueError, TypeError…): all of them mean the same to a clerk.
    except Exception as exc:
        raise InputError("不是可读的 .xlsx 文件:已损坏,或不是 Excel 工作簿", path) from exc


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return chinese_date(value.date())
    if isinstance(value, date):
        return chinese_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _merged_values(sheet: Any) -> dict[tuple[int, int], Any]:
    """Every cell a merged range covers → the value of its top-left cell (which alone holds it)."""
    covered: dict[tuple[int, int], Any] = {}
    last_row = sheet.max_row
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, min(merged.max_row, last_row) + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                covered[(row, column)] = value
    return covered


def _grid(sheet: Any) -> list[list[Any]]:
    """The sheet's values, row by row, merged ranges filled in."""
    covered = _merged_values(sheet)
    grid = [list(values) for values in sheet.iter_rows(values_only=True)]
    for (row, column), value in covered.items():
        if row <= len(grid) and column <= len(grid[row - 1]):
            grid[row - 1][column - 1] = value
    return grid


def _shape(name: str, grid: list[list[Any]]) -> _Sheet | None:
    """Where the sheet's ledger header is and which column holds what; None for another sheet."""
    keys = ledger_words().header_keys
    for number, values in enumerate(grid[:HEADER_SEARCH_ROWS], start=1):
        columns: dict[str, int] = {}
        for column, value in enumerate(values, start=1):
            key = keys.get(normal(_text(value)))
            if key and key not in columns:
                columns[key] = column
        if "id" in columns and len(columns) >= MIN_HEADER_COLUMNS:
            above = [t for values in grid[: number - 1] for v in values if (t := _text(v))]
            labels = {key: _text(values[columns[key] - 1]) for key in LABEL_ROLES if key in columns}
            return _Sheet(name, number, columns, labels, list(dict.fromkeys(above)))
    return None


def _rows(grid: list[list[Any]], shape: _Sheet, place: str, warnings: list[str]) -> Iterable[LedgerRow]:
    keys = ledger_words().header_keys
    for number, values in enumerate(grid[shape.header_row :], start=shape.header_row + 1):
        where = f"{place} 第{number}行"
        got = {
            key: _text(values[column - 1]) if column <= len(values) else ""
            for key, column in shape.columns.items()
        }
        if keys.get(normal(got.get("id", ""))) == "id":
            continue  # a header repeated below (a merged header cell, a pasted block)
        written = [text for v in values if (text := _text(v))]
        if not got.get("id") or written == [got["id"]]:
            # no item: a note typed below the table (“填表人:…”) or into the 编号 column alone
            if written:
                warnings.append(
                    f"{where}:不是计划中的条目(没有编号或只有一栏),未计入(“{written[0][:SHOWN]}”)"
                )
            continue
        yield _row(got, where, warnings)


def _row(got: dict[str, str], where: str, warnings: list[str]) -> LedgerRow:
    status = read_status(got.get("status", ""))
    if status is None:
        warnings.append(f"{where}:完成情况“{got['status']}”不是{'、'.join(STATUSES)}之一,按{UNREPORTED}计")
        status = ""
    deadline, due = got.get("deadline", ""), None
    if (written := _DEADLINE_CELL.match(fold(deadline))) is not None:
        due = read_date(written["date"])
        deadline = deadline[: len(written["words"])].strip()
    identifier = got["id"]
    path = _ID.match(identifier)
    return LedgerRow(
        id=identifier,
        path=path["path"].replace("-", "/") if path else "",
        part=got.get("part", ""),
        task=got.get("task", ""),
        measures=got.get("measures", ""),
        targets=[t for t in LIST_SEPARATORS.split(got.get("targets", "")) if t.strip()],
        lead=_names(got.get("lead", "")),
        units=_names(got.get("units", "")),
        support=_names(got.get("support", "")),
        deadline=deadline,
        due=due,
        status=status,
        progress=got.get("progress", ""),
        note=got.get("note", ""),
        where=where,
    )


def _names(text: str) -> list[str]:
    return [name for name in UNIT_SEPARATORS.split(text) if name]


def _year_of(identifier: str) -> int | None:
    found = _ID.match(identifier)
    return int(found["year"]) if found and found["year"] else None


_FIELD_NAMES = {"status": "完成情况", "progress": "进展情况", "note": "备注"}


def _merge(rows: dict[str, LedgerRow], row: LedgerRow, warnings: list[str]) -> None:
    """Add ``row`` to ``rows`` by id; a report already there stays, and a different one is a conflict."""
    kept = rows.get(row.id)
    if kept is None:
        rows[row.id] = row
        return
    updates = {}
    for name in _REPORTED:
        theirs, ours = getattr(row, name), getattr(kept, name)
        if not theirs or normal(theirs) == normal(ours):
            continue
        if not ours:
            updates[name] = theirs
            if name == "status":
                updates["where"] = row.where
        else:
            warnings.append(
                f"{row.id} 的{_FIELD_NAMES[name]}不一致:"
                f"{kept.where}为“{ours[:SHOWN]}”,{row.where}为“{theirs[:SHOWN]}”,取前者"
            )
    if updates:
        rows[row.id] = replace(kept, **updates)
