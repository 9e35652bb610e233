"""Readers: encodings and line ends, Markdown, and real Word files written and read back."""

from __future__ import annotations

import codecs

import docx
import pytest
from docx.oxml import parse_xml

from drafter.parse.plan import parse_file, parse_text
from drafter.parse.read import read_document
from drafter.render.text import plan_to_text


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [
        ("gb18030", "\n"),
        ("gbk", "\n"),
        ("utf-8-sig", "\n"),
        ("utf-16", "\n"),
        ("utf-8", "\r\n"),
        ("utf-8", "\r"),
    ],
)
def test_encodings_and_line_ends_parse_like_utf8(seed, tmp_path, encoding, newline):
    text = seed["001"].read_text(encoding="utf-8").replace("\xa0", " ")  # GBK has no no-break space
    reference, copy = tmp_path / "utf8.txt", tmp_path / "plan.txt"
    reference.write_bytes(text.encode("utf-8"))
    copy.write_bytes(text.replace("\n", newline).encode(encoding))
    original, converted = parse_file(reference), parse_file(copy)
    assert converted == original
    assert [i.line for i in converted.items()] == [i.line for i in original.items()]
    assert read_document(copy).encoding in {encoding, "utf-16", "utf-8-sig", "gb18030", "utf-8"}


def test_gb18030_is_detected(seed, tmp_path):
    copy = tmp_path / "plan.txt"
    copy.write_bytes(seed["000"].read_text(encoding="utf-8").encode("gb18030"))
    assert read_document(copy).encoding == "gb18030"
    assert codecs.BOM_UTF8 not in copy.read_bytes()[:3]


def test_markdown_bold_titles_and_headings(tmp_path):
    source = tmp_path / "plan.md"
    source.write_text(
        "# 某市教育局2027年工作要点\n\n2027年全市教育工作的总体要求是:坚持立德树人。\n\n"
        "## 一、加强党的建设\n\n1. **强化思想武装**推动理论学习常态化制度化,开展专题培训。(责任处室:组织处)\n"
        "2. **夯实基层党建**推进党组织标准化建设。(责任处室:组织处)\n",
        encoding="utf-8",
    )
    plan = parse_file(source)
    assert plan.title == "某市教育局2027年工作要点"
    assert [(i.title, i.text[:6]) for i in plan.items()] == [
        ("强化思想武装", "推动理论学习"),
        ("夯实基层党建", "推进党组织标"),
    ]


def _numbering(document, num_id: str, fmt: str, text: str) -> None:
    """Give a document an automatic list (w:abstractNum + w:num) of its own."""
    part = document.part.numbering_part.element
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    part.append(
        parse_xml(
            f'<w:abstractNum xmlns:w="{w}" w:abstractNumId="9{num_id}"><w:lvl w:ilvl="0">'
            f'<w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            "</w:lvl></w:abstractNum>"
        )
    )
    part.append(
        parse_xml(f'<w:num xmlns:w="{w}" w:numId="{num_id}"><w:abstractNumId w:val="9{num_id}"/></w:num>')
    )


def _numbered(document, num_id: str, text: str):
    paragraph = document.add_paragraph()
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{w}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    )
    return paragraph


def test_word_file_with_auto_numbering_bold_titles_and_a_task_table(tmp_path):
    document = docx.Document()
    _numbering(document, "71", "chineseCounting", "%1、")
    document.add_paragraph("某市教育局2027年工作要点")
    document.add_paragraph("2027年全市教育工作的总体要求是：坚持立德树人。")
    _numbered(document, "71", "").add_run("加强党的建设")
    items = [
        ("强化理论武装。", "深入学习贯彻党的二十大精神。（牵头处室：组织处，责任处室：宣传处）"),
        ("夯实基层组织。", "推进党组织标准化建设。（责任处室：组织处）"),
    ]
    for title, body in items:
        paragraph = document.add_paragraph(style="List Number")
        paragraph.add_run(title[:2]).bold = True
        paragraph.add_run(title[2:]).bold = True
        paragraph.add_run(body)
    _numbered(document, "71", "").add_run("发展各级教育")
    table = document.add_table(rows=3, cols=4)
    rows = [
        ["序号", "工作任务", "牵头单位", "责任单位"],
        ["1", "扩大学前教育资源", "基础教育处", "发展规划处、财务处"],
        ["2", "推进义务教育优质均衡", "基础教育处", "督导室"],
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    path = tmp_path / "plan.docx"
    document.save(path)

    plan = parse_file(path)
    assert plan.title == "某市教育局2027年工作要点" and plan.year == 2027
    assert [(s.number, s.title) for s in plan.sections] == [("一", "加强党的建设"), ("二", "发展各级教育")]
    first, second = plan.sections[0].items
    assert (first.number, first.title, first.text) == ("1", "强化理论武装", "深入学习贯彻党的二十大精神。")
    assert (first.clauses[0].lead, first.clauses[0].units) == (["组织处"], ["宣传处"])
    assert second.title == "夯实基层组织"
    tasks = plan.sections[1].items
    assert [(i.text, i.lead, i.all_units()) for i in tasks] == [
        ("扩大学前教育资源", ["基础教育处"], ["基础教育处", "发展规划处", "财务处"]),
        ("推进义务教育优质均衡", ["基础教育处"], ["基础教育处", "督导室"]),
    ]


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_word_copy_of_a_seed_parses_like_its_text(seed, tmp_path, name):
    """The official text of each seed typed into Word, one paragraph a line, reads back the same."""
    plan = parse_file(seed[name])
    document = docx.Document()
    for line in plan_to_text(plan).split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "copy.docx"
    document.save(path)
    assert parse_file(path) == plan
    assert parse_text(plan_to_text(plan)) == plan
