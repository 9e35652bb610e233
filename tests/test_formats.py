"""Word's own structures and the formats LibreOffice converts, each read back from a real file of
tests/data/formats (see make.py there) and compared with the plain text of the same plan."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import docx
import pytest
from conftest import DATA, run_cli

from drafter.parse import convert
from drafter.parse.plan import parse_file, parse_text

FORMATS = DATA / "formats"
CORPUS_SOURCES = Path(__file__).parents[1] / "corpus" / "sources"
CHANGSHA_2024 = CORPUS_SOURCES / "2024-长沙市-79934502.txt"
CHANGSHA_2022 = CORPUS_SOURCES / "2022-长沙市教育局-15927aa0.txt"
needs_libreoffice = pytest.mark.skipif(convert.soffice() is None, reason="LibreOffice (soffice) 未安装")


def test_automatic_numbering_reads_like_the_typed_numbers():
    plan, text = parse_file(FORMATS / "numbered.docx"), parse_file(CHANGSHA_2022)
    assert (len(plan.sections), len(plan.items()), plan.year) == (7, 25, 2022)
    assert plan == text


def test_unnumbered_heading_styles_are_sections_like_typed_markers():
    plan, text = parse_file(FORMATS / "headings.docx"), parse_file(CHANGSHA_2022)
    headings = docx.Document(str(FORMATS / "headings.docx")).paragraphs
    assert not any(p.text.startswith("一、") for p in headings)  # the fixture's shape: no typed marker
    assert plan.title == text.title == "2022年全市教育工作要点"  # a title in Heading 1 stays the title
    assert [(s.number, s.title) for s in plan.sections] == [(s.number, s.title) for s in text.sections]
    assert [s.marker for s in plan.sections] == [""] * 7  # no marker stands in the document
    assert [(i.number, i.title, i.text, i.clauses) for i in plan.items()] == [
        (i.number, i.title, i.text, i.clauses) for i in text.items()
    ]
    assert plan.warnings == text.warnings


def test_tracked_changes_read_as_accepted_with_one_warning_and_comments_ignored():
    revised = docx.Document(str(FORMATS / "revised.docx"))
    body = revised.element.body
    assert body.xpath(".//w:ins") and body.xpath(".//w:del") and revised.comments  # the fixture's shape
    plan, text = parse_file(FORMATS / "revised.docx"), parse_file(CHANGSHA_2022)
    assert plan == text
    assert "原表述已删去" not in str(plan) and "核实" not in str(plan)
    extra = [w for w in plan.warnings if w not in text.warnings]
    assert extra == [
        "Word 文档有未接受的修订(插入 25 处、删除 25 处、移动 0 处),已按接受全部修订后的文字读取"
    ]


def test_a_file_without_revisions_has_no_revision_warning():
    assert not any("修订" in w for w in parse_file(FORMATS / "numbered.docx").warnings)


def test_task_table_in_an_attachment_reads_into_items_with_units():
    plan, text = parse_file(FORMATS / "task_table.docx"), parse_file(FORMATS / "task_table.txt")
    assert plan == text
    (attachment,) = plan.attachments
    assert attachment.plan.title == "青山县教育局2024年重点任务分工表"
    assert [(i.number, i.text, i.lead, i.all_units()) for i in attachment.plan.items()] == [
        ("1", "新建公办幼儿园5所", ["基础教育科"], ["基础教育科", "计划财务科", "各乡镇中心校"]),
        ("2", "开展集团化办学", ["基础教育科"], ["基础教育科", "教研室"]),
        ("3", "完成校舍安全排查", ["安全稳定科"], ["安全稳定科", "后勤服务中心"]),
    ]


@pytest.mark.parametrize("name", ["task_table_tabs.txt", "task_table.html"])
def test_task_table_as_tab_separated_rows_or_a_web_table_reads_like_the_word_table(name):
    plan, text = parse_file(FORMATS / name), parse_file(FORMATS / "task_table.txt")
    assert "\t" in (FORMATS / name).read_text(encoding="utf-8") or name.endswith(".html")
    assert [(i.number, i.text, i.clauses) for i in plan.attachments[0].plan.items()] == [
        (i.number, i.text, i.clauses) for i in text.attachments[0].plan.items()
    ]
    assert (plan.title, plan.sections, plan.attachments) == (text.title, text.sections, text.attachments)


def test_tab_separated_lines_that_are_no_task_table_stay_as_they_are():
    text = "某县2027年工作要点\n一、加强党建\n1.强化思想武装。\n附件\n名单\n序号\t姓名\t职务\n1\t张三\t科长\n"
    plan = parse_text(text)
    assert plan.attachments[0].plan.preamble == "序号\t姓名\t职务\n1\t张三\t科长"


def test_hyperlinked_words_are_part_of_the_paragraph(tmp_path):
    """Runs inside a w:hyperlink were dropped when the paragraph had runs of its own."""
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("某县教育局2027年工作要点")
    document.add_paragraph("一、加强党的建设")
    paragraph = document.add_paragraph("1.强化思想武装。深入学习")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph._p.append(
        parse_xml(f'<w:hyperlink xmlns:w="{w}"><w:r><w:t>党的二十大精神</w:t></w:r></w:hyperlink>')
    )
    paragraph.add_run("。")
    document.save(tmp_path / "linked.docx")
    assert parse_file(tmp_path / "linked.docx").items()[0].text == "深入学习党的二十大精神。"


@needs_libreoffice
@pytest.mark.parametrize("suffix", ["doc", "odt"])
def test_converted_formats_parse_like_the_text(suffix):
    plan, text = parse_file(FORMATS / f"plan.{suffix}"), parse_file(CHANGSHA_2024)
    assert (len(plan.sections), len(plan.items()), plan.year) == (4, 28, 2024)
    assert plan == text
    assert plan.source.format == suffix
    assert plan.source.provenance["converter"].startswith("LibreOffice ")


@needs_libreoffice
def test_a_conversion_is_cached_by_content(tmp_path, hermetic):
    cache = hermetic / ".cache" / "drafter" / "converted"
    first = parse_file(FORMATS / "plan.doc")
    (cached,) = cache.glob("*.docx")
    assert cached.stem == first.source.sha256
    copy = tmp_path / "改名后的副本.doc"
    shutil.copyfile(FORMATS / "plan.doc", copy)
    cached.write_bytes((FORMATS / "numbered.docx").read_bytes())  # proves the cache is what is read
    assert len(parse_file(copy).items()) == 25


def test_without_libreoffice_a_one_line_error_names_the_package(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on PATH
    result = run_cli("parse", str(FORMATS / "plan.doc"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "libreoffice-writer-nogui" in result.stderr and "plan.doc" in result.stderr


def test_a_hanging_converter_is_stopped_with_its_children_at_the_time_limit(tmp_path, monkeypatch):
    """A converter that never finishes (as a damaged .wps can make soffice) is killed with its
    whole process group, the helper processes it started included."""
    child = tmp_path / "child.pid"
    hang = tmp_path / "soffice"
    hang.write_text(f"#!/bin/sh\n/bin/sleep 600 &\necho $! > {child}\nwait\n", encoding="utf-8")
    hang.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(convert.InputError, match=r"超过 0\.5 秒仍未完成"):
        convert.to_docx(FORMATS / "plan.doc", b"not converted", "0" * 64, timeout=0.5)
    pid = int(child.read_text())
    with pytest.raises(ProcessLookupError):
        for _ in range(50):  # the killed child is reaped by init within moments
            os.kill(pid, 0)
            time.sleep(0.05)
