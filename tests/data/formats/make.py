"""Write the format fixtures of this folder (run from the repository root; needs LibreOffice).

Each file is a seed plan of the bundled corpus in another shape; the tests parse it and
compare with the seed's plain text. The files are kept in the repository as written here:
tests read them and never rewrite them.

plan.docx          the 长沙 2024 seed (2024-长沙市-79934502.txt) typed into Word, one paragraph a line
plan.doc, .odt     plan.docx saved by LibreOffice (Word 97; OpenDocument)
numbered.docx      the 长沙 2022 seed (2022-长沙市教育局-15927aa0.txt) with its "一、" and "1." markers
                   made Word automatic numbering (w:numPr) instead of typed text
headings.docx      the 长沙 2022 seed with its "一、" headings typed without a marker in Word's Heading 1
                   style (the plan's title too, as clerks set it) and its "1." items Word numbering
revised.docx       the 长沙 2022 seed with unaccepted revisions: parts of items inserted (w:ins), old
                   wording deleted (w:del), and a comment; accepted, it is the seed's text
task_table.docx    a short plan whose attachment is a 任务分工表 (序号|工作任务|牵头单位|责任单位|完成时限);
                   task_table.txt is the same plan typed as text, task_table_tabs.txt the same plan
                   with the table pasted as tab-separated rows, task_table.html the same plan as a
                   portal article page (navigation, TRS_Editor container, share bar, footer) whose
                   table is an HTML <table>
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
import docx.document
import docx.text.paragraph
from docx.oxml import parse_xml

HERE = Path(__file__).parent
SOURCES = HERE.parents[2] / "corpus" / "sources"
CHANGSHA_2024 = SOURCES / "2024-长沙市-79934502.txt"
CHANGSHA_2022 = SOURCES / "2022-长沙市教育局-15927aa0.txt"
FILTERS = {"doc": "doc:MS Word 97", "odt": "odt"}
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SECTION = re.compile(r"^[一二三四五六七八九十]+、")
ITEM = re.compile(r"^\d+\.")


def typed() -> None:
    document = docx.Document()
    for line in CHANGSHA_2024.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line.strip())
    source = HERE / "plan.docx"
    document.save(source)
    with tempfile.TemporaryDirectory() as work:
        for suffix, target in FILTERS.items():
            profile = (Path(work) / "profile").as_uri()
            command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", target]
            subprocess.run(
                [*command, "--outdir", work, str(source)], check=True, capture_output=True, timeout=120
            )
            shutil.copyfile(Path(work) / f"plan.{suffix}", HERE / f"plan.{suffix}")


def _add_numbering(document: docx.document.Document) -> None:
    """Word list definitions 41 (“一、”) and 42 (“1.”) in the document's numbering part."""
    numbering = document.part.numbering_part.element
    for num_id, fmt, text in (("41", "chineseCounting", "%1、"), ("42", "decimal", "%1.")):
        numbering.append(
            parse_xml(
                f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="9{num_id}"><w:lvl w:ilvl="0">'
                f'<w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                "</w:lvl></w:abstractNum>"
            )
        )
        numbering.append(
            parse_xml(f'<w:num xmlns:w="{W}" w:numId="{num_id}"><w:abstractNumId w:val="9{num_id}"/></w:num>')
        )


def _number(paragraph: docx.text.paragraph.Paragraph, num_id: str) -> None:
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def numbered() -> None:
    document = docx.Document()
    _add_numbering(document)
    for line in CHANGSHA_2022.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        marker = SECTION.match(line) or ITEM.match(line)
        paragraph = document.add_paragraph(line[marker.end() :] if marker else line)
        if marker:
            _number(paragraph, "41" if SECTION.match(line) else "42")
    document.save(HERE / "numbered.docx")


def headings() -> None:
    document = docx.Document()
    _add_numbering(document)
    for line in CHANGSHA_2022.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        section, item = SECTION.match(line), ITEM.match(line)
        if section or line == "2022年全市教育工作要点":
            document.add_paragraph(line[section.end() :] if section else line, style="Heading 1")
        elif item:
            _number(document.add_paragraph(line[item.end() :]), "42")
        else:
            document.add_paragraph(line)
    document.save(HERE / "headings.docx")


def revised() -> None:
    document = docx.Document()
    revision = 0
    for line in CHANGSHA_2022.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        paragraph = document.add_paragraph()
        if not ITEM.match(line) or len(line) < 40:
            paragraph.add_run(line)
            continue
        half = len(line) // 2
        first = paragraph.add_run(line[:half])
        revision += 2
        paragraph._p.append(
            parse_xml(
                f'<w:del xmlns:w="{W}" w:id="{revision}" w:author="审稿人" w:date="2024-01-05T00:00:00Z">'
                "<w:r><w:delText>(原表述已删去)</w:delText></w:r></w:del>"
            )
        )
        paragraph._p.append(
            parse_xml(
                f'<w:ins xmlns:w="{W}" w:id="{revision + 1}" w:author="审稿人" w:date="2024-01-05T00:00:00Z">'
                f"<w:r><w:t>{line[half:]}</w:t></w:r></w:ins>"
            )
        )
        if revision == 2:
            document.add_comment(first, text="这一条请再核实", author="审稿人")
    document.save(HERE / "revised.docx")


TASK_PLAN = [
    "青山县教育局2024年教育工作要点",
    "2024年全县教育工作的总体要求是:坚持立德树人,办好人民满意的教育。",
    "一、加强党的建设",
    "1.强化思想武装。深入学习贯彻党的二十大精神。(牵头单位:组织科)",
    "2.夯实基层组织。推进党组织标准化建设。(牵头单位:组织科)",
    "二、发展各级教育",
    "3.扩大学前教育资源。新建公办幼儿园5所。(牵头单位:基础教育科)",
    "4.推进义务教育优质均衡。开展集团化办学。(牵头单位:基础教育科)",
    "附件",
    "青山县教育局2024年重点任务分工表",
]
TASK_ROWS = [
    ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"],
    ["1", "新建公办幼儿园5所", "基础教育科", "计划财务科、各乡镇中心校", "2024年12月"],
    ["2", "开展集团化办学", "基础教育科", "教研室", "2024年9月"],
    ["3", "完成校舍安全排查", "安全稳定科", "后勤服务中心", "2024年6月"],
]


def task_table() -> None:
    document = docx.Document()
    for line in TASK_PLAN:
        document.add_paragraph(line)
    table = document.add_table(rows=len(TASK_ROWS), cols=len(TASK_ROWS[0]))
    for row, values in zip(table.rows, TASK_ROWS, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.save(HERE / "task_table.docx")
    header = TASK_ROWS[0]
    lines = [
        f"{row[0]}.{row[1]}(完成时限:{row[4]},{header[2]}:{row[2]},{header[3]}:{row[3]})"
        for row in TASK_ROWS[1:]
    ]
    (HERE / "task_table.txt").write_text("\n".join([*TASK_PLAN, *lines]) + "\n", encoding="utf-8")
    tabbed = ["\t".join(row) for row in TASK_ROWS]
    (HERE / "task_table_tabs.txt").write_text("\n".join([*TASK_PLAN, *tabbed]) + "\n", encoding="utf-8")
    paras = "\n".join(f"<p>&nbsp;&nbsp;{html.escape(line)}</p>" for line in TASK_PLAN[1:])
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in TASK_ROWS
    )
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{TASK_PLAN[0]}_青山县人民政府</title>
<meta name="ArticleTitle" content="{TASK_PLAN[0]}"></head>
<body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li>
<li><a href="/zwgk/">政务公开</a></li></ul></div>
<div class="article"><h1>{TASK_PLAN[0]}</h1>
<div class="TRS_Editor">
{paras}
<table border="1" cellspacing="0"><tbody>
{rows}
</tbody></table>
</div>
<div class="share">分享到：<a>微信</a><a>微博</a></div></div>
<div class="footer"><p>版权所有：青山县人民政府</p></div>
</body></html>
"""
    (HERE / "task_table.html").write_text(page, encoding="utf-8")


if __name__ == "__main__":
    typed()
    numbered()
    headings()
    revised()
    task_table()
