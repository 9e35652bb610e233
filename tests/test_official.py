"""The official document as Word users expect it: heading styles with outline levels, the
任务分工表 in the plan's own labels, the 版记 on an even page at the foot of the type area,
East Asian line breaking. Built files read back with python-docx; layouts from LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import run_cli
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from drafter.draft.tasks import item_deadline
from drafter.lang.patterns import DEADLINE_IN_TEXT
from drafter.parse.plan import parse_file, parse_text
from drafter.render.preview import cjk_fonts, convert_to_pdf
from drafter.render.word import (
    BODY,
    HEADINGS,
    PAGE_NUMBER,
    TABLE_HEADING,
    TABLE_TEXT,
    TITLE,
    BuildOptions,
    build_docx,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TYPE_AREA_BOTTOM_PT = (37 + 225) / 25.4 * 72  # the 版心's lower edge from the paper's top
TYPE_AREA_RIGHT_PT = (28 + 156) / 25.4 * 72


def _office_missing() -> str:
    """Why LibreOffice layouts cannot be checked here, or ""."""
    if not shutil.which("soffice"):
        return "LibreOffice 未安装"
    if not shutil.which("pdftotext"):
        return "poppler-utils(pdftotext)未安装"
    if not cjk_fonts():
        return "没有中文字体(fc-list :lang=zh 为空),版面无从核对"
    return ""


OFFICE_MISSING = _office_missing()
needs_office = pytest.mark.skipif(bool(OFFICE_MISSING), reason=OFFICE_MISSING)


def built(tmp_path: Path, source: Path, **options) -> docx.document.Document:
    path = tmp_path / "out.docx"
    path.write_bytes(build_docx(parse_file(source), BuildOptions(**options)))
    return docx.Document(str(path))


def task_table(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text == "序号")


# -- styles ---------------------------------------------------------------------------------


def test_headings_are_styles_with_outline_levels(seed, tmp_path):
    document = built(tmp_path, seed["000"])
    levels = {}
    for name in ("一级标题", "二级标题", "三级标题"):
        style = document.styles[name]
        levels[name] = style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val"))
    assert levels == {"一级标题": "0", "二级标题": "1", "三级标题": "2"}
    # 第一层黑体、第二层楷体、第三层仿宋 (GB/T 9704—2012, 7.3.3): the third takes the body's font
    # (it named none and was based on 二级标题, so came out in 楷体), bold as the “1.” titles are
    third = document.styles["三级标题"]
    assert third.base_style.name == BODY and third.element.rPr.find(qn("w:rFonts")) is None
    assert third.font.bold and document.styles["条目标题"].font.bold
    fonts = {
        n: document.styles[n].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for n in HEADINGS[:2]
    }
    assert fonts == {"一级标题": "黑体", "二级标题": "楷体_GB2312"}
    headings = [p for p in document.paragraphs if p.style.name == "一级标题"]
    assert [p.text[:2] for p in headings] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]
    # every run takes its look from a style: no run names a font or a size of its own
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            rpr = run._r.rPr
            assert rpr is None or (rpr.find(qn("w:rFonts")) is None and rpr.find(qn("w:sz")) is None)


def test_no_theme_fonts_and_every_style_font_names_its_east_asian_face(seed, tmp_path):
    path = tmp_path / "out.docx"
    path.write_bytes(build_docx(parse_file(seed["001"]), BuildOptions(notice=True, table=True)))
    styles = zipfile.ZipFile(path).read("word/styles.xml").decode()
    assert not re.search(r"w:(ascii|hAnsi|eastAsia|cs)Theme=", styles)
    document = docx.Document(str(path))
    ours = [
        document.styles[name] for name in (BODY, TITLE, *HEADINGS, TABLE_TEXT, TABLE_HEADING, PAGE_NUMBER)
    ]
    assert {s.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for s in ours[:3]} == {
        "仿宋_GB2312",
        "方正小标宋简体",
        "黑体",
    }
    for style in ours:
        fonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
        if fonts is not None and fonts.get(qn("w:ascii")):
            assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:ascii"))
            assert fonts.get(qn("w:hint")) == "eastAsia"  # “”、…— in the Chinese face


def test_body_style_sets_east_asian_line_breaking(seed, tmp_path):
    normal = built(tmp_path, seed["002"]).styles["Normal"].element.pPr
    values = {tag: normal.find(qn(f"w:{tag}")).get(qn("w:val")) for tag in ("kinsoku", "overflowPunct")}
    assert values == {"kinsoku": "1", "overflowPunct": "0"}  # no mark hangs past the right edge


# -- the 任务分工表 ----------------------------------------------------------------------------


def test_task_table_follows_the_labels_given(seed, tmp_path):
    out = tmp_path / "plan.docx"
    result = run_cli("build", str(seed["000"]), "-o", str(out), "--table", "--labels", "牵头部门,协办部门")
    assert result.returncode == 0, result.stderr
    headers = [c.text for c in task_table(docx.Document(str(out))).rows[0].cells]
    assert headers == ["序号", "工作任务", "牵头部门", "协办部门"]


def test_task_table_rows_keep_together_and_sections_keep_their_numbers(seed, tmp_path):
    table = task_table(built(tmp_path, seed["000"], table=True))
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    sections = [row.cells[0].text for row in table.rows if row.cells[0].text == row.cells[-1].text]
    assert sections[0] == "一、加强党的领导,提升高质量发展引领力" and sections[-1].startswith("七、")


def test_task_column_carries_title_and_measures_or_the_title_alone(seed, tmp_path):
    plan = parse_file(seed["000"])
    first = plan.items()[0]
    full = task_table(built(tmp_path, seed["000"], table=True)).rows[2].cells[1]
    assert full.text == f"{first.title}。{first.text}"
    assert full.paragraphs[0].runs[0].style.name == "条目标题"  # bold as in the body
    brief = task_table(built(tmp_path, seed["000"], table=True, table_brief=True)).rows[2].cells[1]
    assert brief.text == first.title


def test_unit_names_each_on_a_line_of_a_column_wide_enough(seed, tmp_path):
    table = task_table(built(tmp_path, seed["000"], table=True))
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(grid) - Mm(156).twips) <= len(grid)  # as wide as the type area
    char = Pt(14).twips  # 4号, the table's size
    margins = 2 * 108
    widest = {}
    for row in table.rows[1:]:
        cells = row.cells
        if cells[0].text == cells[-1].text:
            continue  # a merged section row
        for column in (2, 3):
            for paragraph in cells[column].paragraphs:
                widest[column] = max(widest.get(column, 0), len(paragraph.text))
                assert "、" not in paragraph.text  # one name per line: no line break inside a name
    assert widest[3] == len("职业教育与成人教育处")
    for column, length in widest.items():
        assert grid[column] >= length * char + margins  # “学生工作处” never becomes “学生工/作处”
    assert grid[1] >= 10 * char  # the task column keeps room for its text


def test_columns_only_for_roles_the_plan_names(seed, tmp_path):
    headers = [c.text for c in task_table(built(tmp_path, seed["001"], table=True)).rows[0].cells]
    # no item of 沈阳 2022 has a lead unit, nor a deadline (“2021年启动的171个项目” says when they began)
    assert headers == ["序号", "工作任务", "责任部门"]


def test_deadline_column_filled_from_the_text(tmp_path):
    text = (
        "2027年工作要点\n一、加强党的建设\n1.强化思想武装。9月底前完成全员轮训。（责任处室：组织处）\n"
        "2.夯实基层党建。持续推进支部标准化建设。（责任处室：组织处）\n"
    )
    plan = parse_text(text)
    assert [item_deadline(i) for i in plan.items()] == ["9月底前完成", ""]
    path = tmp_path / "out.docx"
    path.write_bytes(build_docx(plan, BuildOptions(table=True)))
    table = task_table(docx.Document(str(path)))
    assert table.rows[0].cells[-1].text == "完成时限"
    assert [row.cells[-1].text for row in table.rows[2:]] == ["9月底前完成", ""]


def test_deadline_in_text_needs_something_due():
    found = [m.group() for m in DEADLINE_IN_TEXT.finditer("2022年,持续推进改革,上半年启动,年内到位,12月31日")]
    assert found == ["上半年启动", "年内到位"]
    described = "推进完成2021年启动的171个项目,9月底前完成的项目及时验收"
    assert [m.group() for m in DEADLINE_IN_TEXT.finditer(described)] == ["9月底前"]


# -- the CLI -------------------------------------------------------------------------------


def test_red_header_without_a_document_number_warns(seed, tmp_path):
    out = tmp_path / "plan.docx"
    args = ["build", str(seed["001"]), "-o", str(out), "--notice", "--red-header"]
    result = run_cli(*args)
    assert result.returncode == 0 and "发文字号一行将是空的" in result.stderr
    numbered = run_cli(*args, "--doc-number", "沈教发〔2022〕3号", "--force")
    assert numbered.returncode == 0 and "发文字号" not in numbered.stderr


# -- layout, by LibreOffice ------------------------------------------------------------------


def _pdf(tmp_path: Path, path: Path) -> Path:
    return convert_to_pdf(shutil.which("soffice") or "soffice", path, tmp_path, timeout=180)


def _pages(pdf: Path) -> list[str]:
    layout = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
    return layout.split("<page ")[1:]


def test_imprint_is_a_section_of_its_own_on_an_even_page_without_page_numbers(seed, tmp_path):
    document = built(tmp_path, seed["000"], notice=True, cc="市委办公厅")
    body, imprint = document.sections
    assert imprint.start_type == WD_SECTION.EVEN_PAGE  # Word adds the blank page itself when needed
    assert "PAGE" in body.footer._element.xml and "PAGE" in body.even_page_footer._element.xml
    for footer in (imprint.footer, imprint.even_page_footer):
        assert not footer.is_linked_to_previous and "PAGE" not in footer._element.xml
        assert [p.text for p in footer.paragraphs] == [""]
    # the body's section ends at its own last paragraph, not at an empty one added after it
    ends = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.sectPr is not None]
    assert len(ends) == 1 and ends[0].text.endswith(("。", "）"))
    last = document.element.body.xpath("./w:tbl")[-1]
    assert last.xpath("./w:tblPr/w:tblpPr/@w:tblpYSpec") == ["bottom"]  # floated to the foot


def _words(page: str) -> list[tuple[float, str]]:
    """(yMax, text) of each word of a page of ``pdftotext -bbox`` output."""
    return [(float(y), t) for y, t in re.findall(r'yMax="([\d.]+)">([^<]*)</word>', page)]


@needs_office
@pytest.mark.parametrize("name", ["000", "003"])  # here: the body ends on an odd page, on an even one
def test_imprint_on_an_even_last_page_at_the_foot_of_the_type_area(seed, tmp_path, name):
    out = tmp_path / "plan.docx"
    args = ["--notice", "--attachment", "--cc", "市委办公厅", "--date", "2022-02-18"]
    result = run_cli("build", str(seed[name]), "-o", str(out), *args)
    assert result.returncode == 0, result.stderr
    pages = _pages(_pdf(tmp_path, out))
    assert len(pages) % 2 == 0
    last = pages[-1]
    assert "抄送" in last and all("日印发</word>" not in p for p in pages[:-1])
    assert len(_words(last)) < 20  # the 版记 stands alone on its page
    bottom = max(y for y, t in _words(last) if t.endswith("印发"))
    assert TYPE_AREA_BOTTOM_PT - 12 < bottom <= TYPE_AREA_BOTTOM_PT + 2  # its last line on the edge
    # “— N —” under the type area of every page of the body; none on the 版记 page, nor on the blank
    # page before it when the body ends on an even one (GB/T 9704—2012, 7.5)
    numbers = [[t for y, t in _words(p) if y > TYPE_AREA_BOTTOM_PT + 4] for p in pages]
    body = [n for n, p in enumerate(pages, start=1) if _words(p) and p is not last]
    assert all(numbers[n - 1] == ["—", str(n), "—"] for n in body)
    assert body == list(range(1, len(body) + 1)) and len(pages) - len(body) in (1, 2)
    assert numbers[len(body) :] == [[]] * (len(pages) - len(body))
    if len(body) % 2 == 0:
        assert not _words(pages[-2])  # the blank page


@needs_office
def test_no_line_runs_past_the_type_area_without_hanging_punctuation(seed, tmp_path):
    # LibreOffice reads w:overflowPunct the wrong way round (writerfilter: hanging = value == 0);
    # convert_to_pdf renders a copy turned round, so that it lays the lines out as Word does.
    path = tmp_path / "plan.docx"
    path.write_bytes(build_docx(parse_file(seed["000"]), BuildOptions()))
    layout = subprocess.run(
        ["pdftotext", "-bbox-layout", str(_pdf(tmp_path, path)), "-"], capture_output=True, text=True
    ).stdout
    ends = [float(x) for x in re.findall(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', layout)]
    assert len(ends) > 200 and max(ends) <= TYPE_AREA_RIGHT_PT + 0.5
    assert zipfile.ZipFile(path).read("word/styles.xml").count(b'<w:overflowPunct w:val="0"/>') == 1


def test_task_table_reads_back_with_one_name_a_line(seed, tmp_path):
    plan = parse_file(seed["000"])
    path = tmp_path / "out.docx"
    path.write_bytes(build_docx(plan, BuildOptions(table=True)))
    table = parse_file(path).attachments[-1].plan
    wanted = [(i.lead, [u for u in i.all_units() if u not in i.lead]) for i in plan.items()]
    got = [(i.lead, [u for u in i.all_units() if u not in i.lead]) for i in table.items()]
    assert got == wanted and any(len(units) > 1 for _, units in got)
