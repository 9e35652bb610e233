"""drafter build: the Word file read back — page, fonts, headings, footers, notice, table."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import run_cli
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from drafter.lang.vocabulary import vocabulary
from drafter.model import Notice
from drafter.parse.plan import parse_file
from drafter.parse.read import read_document
from drafter.render.preview import cjk_fonts
from drafter.render.word import BuildOptions, build_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CJK = re.compile(r"[\u4e00-\u9fff]")


def build(tmp_path: Path, source: Path, **options) -> docx.document.Document:
    path = tmp_path / "out.docx"
    path.write_bytes(build_docx(parse_file(source), BuildOptions(**options)))
    return docx.Document(str(path))


def _style_chain(document, style_id, kind):
    """The style of that id (or the default of its kind) and the styles it is based on."""
    styles = document.styles.element
    style = styles.get_by_id(style_id) if style_id else styles.default_for(kind)
    while style is not None:
        yield style
        style = styles.get_by_id(style.basedOn_val) if style.basedOn_val else None


def run_property(document, run, tag: str, attr: str = "val"):
    """What Word applies to a run: its own rPr, its character style, its paragraph's style, the defaults."""
    paragraph = run._parent._p
    sources = [run._r.rPr]
    sources += [s.rPr for s in _style_chain(document, run._r.style, WD_STYLE_TYPE.CHARACTER)]
    sources += [s.rPr for s in _style_chain(document, paragraph.style, WD_STYLE_TYPE.PARAGRAPH)]
    sources.append(document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
    for rpr in sources:
        element = rpr.find(qn(tag)) if rpr is not None else None
        if element is not None and element.get(qn(f"w:{attr}")) is not None:
            return element.get(qn(f"w:{attr}"))
        if element is not None and tag == "w:b" and attr == "val":
            return "1"  # an on/off property without w:val is on
    return None


def paragraph_property(document, paragraph, tag: str, attr: str = "val"):
    """What Word applies to a paragraph: its own pPr, then its style and the styles it is based on."""
    sources = [paragraph._p.pPr]
    sources += [s.pPr for s in _style_chain(document, paragraph._p.style, WD_STYLE_TYPE.PARAGRAPH)]
    for ppr in sources:
        element = ppr.find(qn(tag)) if ppr is not None else None
        if element is not None and element.get(qn(f"w:{attr}")) is not None:
            return element.get(qn(f"w:{attr}"))
        if element is not None and tag in ("w:keepNext", "w:pageBreakBefore") and attr == "val":
            return "1"
    return None


def look(document, run) -> tuple[str, float, bool]:
    """A run's effective East Asian font, size in pt and boldness."""
    size = run_property(document, run, "w:sz")
    return (
        run_property(document, run, "w:rFonts", "eastAsia"),
        int(size) / 2 if size else 0,
        run_property(document, run, "w:b") not in (None, "0", "false"),
    )


def runs_with(document, text: str):
    return [r for p in document.paragraphs for r in p.runs if text in r.text]


def all_paragraphs(document):
    """Body, table and footer paragraphs."""
    section = document.sections[0]
    return (
        list(document.paragraphs)
        + [p for t in document.tables for c in t._cells for p in c.paragraphs]
        + list(section.footer.paragraphs)
        + list(section.even_page_footer.paragraphs)
    )


def test_page_is_a4_with_the_standard_type_area(seed, tmp_path):
    section = build(tmp_path, seed["001"]).sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert abs(section.top_margin.mm - 37) <= 1 and abs(section.left_margin.mm - 28) <= 1
    assert abs(section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm - 225) <= 0.5
    assert abs(section.page_width.mm - section.left_margin.mm - section.right_margin.mm - 156) <= 0.5
    grid = section._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")


def test_defaults_name_chinese_fonts_and_no_theme_fonts(seed, tmp_path):
    document = build(tmp_path, seed["001"])
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{W}rPrDefault/{W}rPr/{W}rFonts")
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    theme = [k for f in document.styles.element.iter(qn("w:rFonts")) for k in f.attrib if k.endswith("heme")]
    assert not theme  # a theme font in any style would win over the named one
    assert defaults.find(f"{W}rPrDefault/{W}rPr/{W}lang").get(qn("w:eastAsia")) == "zh-CN"
    assert defaults.find(f"{W}pPrDefault") is None  # no stray 10 pt after each paragraph
    assert document.settings.element.find(qn("w:themeFontLang")).get(qn("w:eastAsia")) == "zh-CN"
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16 and normal.paragraph_format.line_spacing.pt == 28.95


def test_every_chinese_run_names_its_east_asian_font_through_its_style(seed, tmp_path):
    document = build(
        tmp_path, seed["000"], notice=True, red_header=True, doc_number="长教发〔2022〕3号", table=True
    )
    runs = [run for paragraph in all_paragraphs(document) for run in paragraph.runs]
    assert {"长沙市教育局文件", "序号"} <= {run.text for run in runs}  # the red header and the table too
    for run in runs:
        own = [c.tag for c in run._r.rPr] if run._r.rPr is not None else []
        assert own in ([], [qn("w:rStyle")]), run.text  # the format is the style's, not the run's
        if CJK.search(run.text):
            east_asia = run_property(document, run, "w:rFonts", "eastAsia")
            assert east_asia and run_property(document, run, "w:rFonts", "hint") == "eastAsia", run.text
            assert run_property(document, run, "w:rFonts", "ascii") == east_asia
            assert run_property(document, run, "w:rFonts", "hAnsi") == east_asia


def test_title_headings_items_and_clauses(seed, tmp_path):
    document = build(tmp_path, seed["004"])
    (title,) = runs_with(document, "长沙市新时代基础教育扩优提质行动计划")
    assert look(document, title) == ("方正小标宋简体", 22, False)
    assert title._parent.style.name == "Title"  # 标题 in Chinese Word and WPS
    assert paragraph_property(document, title._parent, "w:jc") == "center"
    (heading,) = runs_with(document, "一、指导思想")
    assert look(document, heading) == ("黑体", 16, False)
    (sub,) = runs_with(document, "（一）实施学位规划建设三年行动")
    assert look(document, sub) == ("楷体_GB2312", 16, False)
    for run, name, level in ((heading, "一级标题", "0"), (sub, "二级标题", "1")):
        assert run._parent.style.name == name
        assert paragraph_property(document, run._parent, "w:outlineLvl") == level  # navigation pane, TOC
        assert paragraph_property(document, run._parent, "w:keepNext") == "1"
    (item_title,) = runs_with(document, "落实修订后的基础教育千人指标。")
    assert item_title.style.name == "条目标题" and look(document, item_title) == ("仿宋_GB2312", 16, True)
    paragraph = item_title._parent
    assert paragraph.runs[0].text == "1." and look(document, paragraph.runs[2]) == ("仿宋_GB2312", 16, False)
    assert paragraph.style.name == "Normal"  # 正文
    assert paragraph_property(document, paragraph, "w:ind", "firstLine") == "640"  # 32 pt, two characters
    assert paragraph_property(document, paragraph, "w:spacing", "line") == "579"  # 28.95 pt
    assert paragraph_property(document, paragraph, "w:spacing", "lineRule") == "exact"
    assert paragraph_property(document, paragraph, "w:spacing", "before") == "0"
    assert paragraph_property(document, paragraph, "w:spacing", "after") == "0"
    assert run_property(document, paragraph.runs[2], "w:spacing") == "-5"  # −0.25 pt: 28 characters a line


def test_changing_the_body_font_is_one_style_edit(seed, tmp_path):
    document = build(tmp_path, seed["000"], notice=True, table=True, by_unit=True, cc="市委办公厅")
    normal = document.styles["Normal"]  # 正文
    normal.element.rPr.find(qn("w:rFonts")).set(qn("w:eastAsia"), "方正仿宋_GBK")
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    document = docx.Document(str(edited))
    fonts = set()
    for paragraph in all_paragraphs(document):
        for run in paragraph.runs:
            assert run._r.rPr is None or run._r.rPr.find(qn("w:rFonts")) is None, run.text
            if CJK.search(run.text):
                fonts.add(run_property(document, run, "w:rFonts", "eastAsia"))
    body = [r for p in document.paragraphs if p.style.name == "Normal" for r in p.runs if CJK.search(r.text)]
    assert body and {run_property(document, r, "w:rFonts", "eastAsia") for r in body} == {"方正仿宋_GBK"}
    assert "仿宋_GB2312" not in fonts  # nothing kept the old body font: not the tables, not the 版记
    assert fonts == {"方正仿宋_GBK", "方正小标宋简体", "黑体", "楷体_GB2312"}


def test_clauses_in_one_consistent_full_width_form(seed, tmp_path):
    document = build(tmp_path, seed["000"])
    text = "\n".join(p.text for p in document.paragraphs)
    assert "（牵头处室：基础教育处，责任单位：现代技术教育中心）" in text
    assert "(责任单位组织处)" not in text and "（责任单位：组织处）" in text
    clauses = [r.text for p in document.paragraphs for r in p.runs if r.style.name == "责任单位"]
    assert "（牵头处室：基础教育处，责任单位：现代技术教育中心）" in clauses
    assert all(c.startswith("（") and c.endswith("）") for c in clauses)
    options = BuildOptions()
    options.layout.labels = {"lead": "牵头单位", "units": "责任单位"}
    path = tmp_path / "labels.docx"
    path.write_bytes(build_docx(parse_file(seed["000"]), options))
    relabelled_text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert (
        "牵头处室" not in relabelled_text
        and "（牵头单位：基础教育处，责任单位：现代技术教育中心）" in relabelled_text
    )


def test_page_numbers_odd_right_even_left(seed, tmp_path):
    document = build(tmp_path, seed["001"])
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment, indent in (
        (section.footer, 2, "right_indent"),
        (section.even_page_footer, 0, "left_indent"),
    ):
        (paragraph,) = footer.paragraphs
        assert paragraph.alignment == alignment
        assert getattr(paragraph.paragraph_format, indent).pt == 14
        xml = paragraph._p.xml
        assert "PAGE" in xml and paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.style.name == "页码"
        assert all(look(document, r) == ("宋体", 14, False) for r in paragraph.runs if r.text.strip())


def test_notice_parts_in_order(seed, tmp_path):
    document = build(
        tmp_path,
        seed["001"],
        notice=True,
        attachment=True,
        red_header=True,
        doc_number="沈教发〔2022〕3号",
        recipients="各区、县（市）教育局",
        date="2022-02-21",
        cc="市委办公厅，市政府办公厅",
        table=True,
    )
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    expected = [
        "沈阳市教育局文件",
        "沈教发〔2022〕3号",
        "关于印发沈阳市教育局2022年工作要点的通知",
        "各区、县（市）教育局：",
        "现将《沈阳市教育局2022年工作要点》印发给你们,请结合实际,认真贯彻落实。",
        "附件：1.沈阳市教育局2022年工作要点",
        "　　　2.沈阳市教育局2022年工作要点任务分工表",
        "沈阳市教育局",
        "2022年2月21日",
        "(此件公开发布)",
        "附件1",
        "沈阳市教育局2022年工作要点",
    ]
    assert texts[: len(expected)] == expected
    mark = runs_with(document, "沈阳市教育局文件")[0]
    assert run_property(document, mark, "w:color") == "FF0000"
    assert look(document, mark) == ("方正小标宋简体", 36, False)
    number = next(p for p in document.paragraphs if p.text == "沈教发〔2022〕3号")
    assert number.style.name == "发文字号"
    assert number.style.element.pPr.find(f"{W}pBdr/{W}bottom").get(qn("w:color")) == "FF0000"
    label = next(p for p in document.paragraphs if p.text == "附件1")
    assert label.style.name == "附件标识" and paragraph_property(document, label, "w:pageBreakBefore") == "1"
    date = next(p for p in document.paragraphs if p.text == "2022年2月21日")
    assert date.paragraph_format.right_indent.pt == 64  # 右空四字
    imprint = document.tables[-1]
    assert imprint._tbl.tblPr.find(qn("w:tblpPr")).get(qn("w:tblpYSpec")) == "bottom"
    assert [c.text for c in imprint.column_cells(0)] == [
        "抄送：市委办公厅，市政府办公厅。",
        "沈阳市教育局办公室\t2022年2月21日印发",
    ]


def test_task_table_repeats_its_header(seed, tmp_path):
    document = build(tmp_path, seed["000"], table=True, by_unit=True)
    table = document.tables[0]
    header = table.rows[0]
    assert [c.text for c in header.cells] == ["序号", "工作任务", "牵头处室", "责任处室"]  # the body's labels
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    numbered = [r for r in rows if r[0].isdigit()]
    assert len(numbered) == 25 and len(rows) == 25 + 7  # a merged row for each of the 7 sections
    assert numbered[5][0] == "6" and numbered[5][1].startswith("推进智慧教学。")
    assert numbered[5][2:] == ["基础教育处", "现代技术教育中心"]
    texts = [p.text for p in document.paragraphs]
    assert "附件1" in texts and "附件2" in texts and "学生工作处" in texts


def test_reader_sees_item_titles_bold_through_their_character_style(seed, tmp_path):
    path = tmp_path / "out.docx"
    plan = parse_file(seed["004"])
    path.write_bytes(build_docx(plan, BuildOptions()))
    titled = {i.title for i in plan.items() if i.title}
    bold = {p.text[p.bold[0] : p.bold[1]] for p in read_document(path).paras if p.bold}
    assert titled and {f"{t}。" for t in titled} <= bold


# The notice title each seed gets without a red header, checked by hand against GB/T 9704
# (发文机关 + 关于印发 + 文件名 + 的通知; the organ is not repeated inside the plan's name).
NOTICE_TITLES = {
    "000": "长沙市教育局关于印发2022年全市教育工作要点的通知",
    "001": "沈阳市教育局关于印发2022年工作要点的通知",
    "002": "关于印发2024年市教育局工作要点的通知",  # the issuer “xx” is no organ
    "003": "湘潭市教育局关于印发2017年工作要点的通知",
    "004": "关于印发长沙市新时代基础教育扩优提质行动计划的通知",  # “长沙市” is a place, not an organ
}


@pytest.mark.parametrize("name", sorted(NOTICE_TITLES))
def test_round_trip_through_word(seed, tmp_path, name):
    plan = parse_file(seed[name])
    assert not plan.attachments  # what attachments the document has, it makes
    path = tmp_path / "out.docx"
    date = plan.date or f"{plan.year}-02-18"  # an undated plan is issued in its own year
    options = BuildOptions(notice=True, attachment=True, table=True, by_unit=True, cc="x", date=date)
    path.write_bytes(build_docx(plan, options))
    title = NOTICE_TITLES[name]
    if plan.notice:  # the plan's own notice, under the title the document was built with
        notice = dataclasses.replace(plan.notice, title=title)
    else:
        notice = Notice(
            title=title,
            recipients=vocabulary().notice_recipients,
            body=f"现将《{plan.title}》印发给你们，请结合实际，认真贯彻落实。",
            signer=plan.issuer,
            date=date,
        )
    parsed = parse_file(path)
    # The task table and the per-unit lists are attachments of the document: they read back as such.
    assert [(a.label, a.plan.title) for a in parsed.attachments] == [
        ("附件2", f"{plan.title}任务分工表"),
        ("附件3", f"{plan.title}各单位任务清单"),
    ]
    # The notice's date is the plan's date once the plan is issued with it.
    expected = dataclasses.replace(plan, notice=notice, date=notice.date, attachments=parsed.attachments)
    assert parsed == expected


def test_build_command(seed, tmp_path):
    out = tmp_path / "plan.docx"
    result = run_cli("build", str(seed["001"]), "-o", str(out), "--notice", "--doc-number", "沈教发[2022]3号")
    assert result.returncode == 0 and out.exists() and "〔2022〕" in result.stderr
    before = out.read_bytes()
    again = run_cli("build", str(seed["001"]), "-o", str(out))
    assert again.returncode == 2 and "--force" in again.stderr and out.read_bytes() == before
    assert run_cli("build", str(seed["001"]), "-o", str(out), "--force").returncode == 0
    for args, message in (
        (["-o", str(tmp_path / "x.pdf")], ".docx"),
        (["-o", str(tmp_path / "y.docx"), "--date", "2月18日"], "--date"),
        (["-o", str(tmp_path / "z.docx"), "--red-header"], "--notice"),
    ):
        bad = run_cli("build", str(seed["001"]), *args)
        assert bad.returncode == 2 and message in bad.stderr and not Path(args[1]).exists()


def test_tasks_command(seed):
    result = run_cli("tasks", str(seed["000"]), "--json")
    lists = {entry["unit"]: entry for entry in json.loads(result.stdout)}
    assert [r["number"] for r in lists["学生工作处"]["lead"]] == [5, 7, 9, 25]
    assert run_cli("tasks", str(seed["000"]), "--unit", "不存在的处").returncode == 2


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"), reason="LibreOffice 未安装")
@pytest.mark.skipif(not cjk_fonts(), reason="没有中文字体(fc-list :lang=zh 为空),无法按行数核对版面")
def test_rendered_pages_have_22_lines_and_no_page_without_text(seed, tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(build_docx(parse_file(seed["001"]), BuildOptions(notice=True, attachment=True)))
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "plan.pdf"
    pages = int(
        re.search(
            r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        ).group(1)
    )
    counts = []
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
        ).stdout
        lines = [
            line for line in text.split("\n") if line.strip() and not re.fullmatch(r"\s*—\s*\d+\s*—\s*", line)
        ]
        assert lines, f"page {page} has no text"
        counts.append(len(lines))
        assert all(len(CJK.findall(line)) <= 28 for line in lines)
    assert max(counts) == 22  # a full page of body text: 22 lines
    second = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True, text=True
    )
    assert second.stdout.split("\n")[0] == "附件"  # the notice fits one page; the plan starts on the next
