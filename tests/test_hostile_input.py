"""Hostile input to the readers and the parser: one Chinese line and exit 2, or a correct
result — never a traceback, and bounded time and memory (issue 12: items 8, 9, 12–14, 17).

Hostile files are made here at test time. Zip bombs are small on disk but declare or
inflate to hundreds of MB; the quadratic cases run in a child process with a time limit
(the bound is on complexity; speed itself is measured by benchmarks/hostile_input.py).
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import run_cli

from drafter import DrafterError
from drafter.api import build_docx
from drafter.lang.numerals import to_chinese, to_int
from drafter.parse.plan import parse_file, parse_text
from drafter.parse.read import MAX_UNZIPPED, decode_text, read_document

HEAD = "长沙市教育局2024年工作要点\n一、重点任务\n"  # a work section: items under 总体要求 would be goals
BOUND = 20  # seconds a child process gets for an input that is linear to parse


def parses_within_bound(code: str) -> str:
    """Run ``code`` in a child process that must finish within BOUND seconds; its stdout."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=BOUND
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


# -- 8: bracket scans are linear -------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        '"（" * 100_000',  # unclosed, never finished before
        '"(详见附件" * 20_000',
        '"（" * 50_000 + "）" * 50_000',  # nested
        '"【" * 50_000 + "）" * 50_000',  # closes of another kind (PLAN002/003)
        '"（" * 30_000 + "牵头单位:组织处"',  # a label inside every unclosed bracket
        '"推进工作(责任单位:组织处)" * 20_000',  # many real clauses in one item
        '"推进工作落实，" * 150_000',  # a 1 MB single line
    ],
)
def test_bracket_floods_parse_and_check_in_bounded_time(body):
    out = parses_within_bound(
        f"""
        import drafter
        plan = drafter.parse_text({HEAD!r} + "1.加强管理。" + {body} + "\\n")
        drafter.check(plan)
        print(len(plan.items()))
        """
    )
    assert out.strip() == "1"


def test_fifty_thousand_continuation_lines_parse_in_bounded_time():
    out = parses_within_bound(
        f"""
        import drafter
        plan = drafter.parse_text({HEAD!r} + "1.加强管理。\\n" + "继续推进工作落实。\\n" * 50_000)
        print(plan.items()[0].text.count("\\n") + 1)
        """
    )
    assert out.strip() == "50000"


def test_clauses_are_still_read_among_unclosed_brackets():
    plan = parse_text(HEAD + "1.加强管理(详见附件(详见附件。(牵头单位:组织处,责任单位:人事处)\n")
    (item,) = plan.items()
    assert [(c.lead, c.units) for c in item.clauses] == [(["组织处"], ["人事处"])]
    assert item.text == "加强管理(详见附件(详见附件。"


# -- 9: zip bombs ------------------------------------------------------------------------------


def plan_docx(path: Path, *lines: str) -> Path:
    document = docx.Document()
    for line in lines or ("长沙市教育局2024年工作要点", "一、重点任务", "1.加强管理。"):
        document.add_paragraph(line)
    document.save(str(path))
    return path


def rewritten(source: Path, target: Path, change) -> Path:
    """``source`` with each member's bytes passed through ``change(name, data)`` (None drops it)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for member in old.infolist():
            data = change(member.filename, old.read(member))
            if data is not None:
                new.writestr(member.filename, data)
    return target


def bomb(path: Path, name: str, size: int) -> Path:
    """A real .docx with one more member ``name`` of ``size`` zero bytes (written in pieces)."""
    rewritten(plan_docx(path.with_name("plain.docx")), path, lambda n, d: d)
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package,
        package.open(name, "w", force_zip64=True) as member,
    ):
        for _ in range(size // len(chunk)):
            member.write(chunk)
    return path


def test_a_member_inflating_past_the_limit_is_refused_before_python_docx(tmp_path):
    path = bomb(tmp_path / "bomb.docx", "word/media/zeros.bin", MAX_UNZIPPED + 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024
    result = run_cli("parse", str(path))
    assert result.returncode == 2
    assert "压缩炸弹" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_forged_small_size_does_not_let_a_bomb_through(tmp_path):
    """The header says 1 KB; the data inflates to 300 MB: counted while inflating."""
    path = bomb(tmp_path / "bomb.docx", "word/media/zeros.bin", 300 * 1024 * 1024)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package:
        info = package.getinfo("word/media/zeros.bin")
    # forge the uncompressed size in the central directory's zip64 extra field
    extra = info.extra
    marker = extra.find(b"\x01\x00")
    forged = extra[: marker + 4] + (1024).to_bytes(8, "little") + extra[marker + 12 :]
    data = data.replace(extra, forged)
    path.write_bytes(bytes(data))
    with pytest.raises(DrafterError, match=r"Word 文档|压缩炸弹|不是"):
        parse_file(path)


def test_the_limit_is_a_parameter(tmp_path):
    path = bomb(tmp_path / "bomb.docx", "word/media/zeros.bin", 8 * 1024 * 1024)
    assert parse_file(path).items()
    with pytest.raises(DrafterError, match="超过 4 MB"):
        parse_file(path, max_unzipped=4 * 1024 * 1024)


def test_a_huge_styles_part_is_refused(tmp_path):
    plain = plan_docx(tmp_path / "plain.docx")
    padding = b"<!--" + b" " * (MAX_UNZIPPED + 1) + b"-->"
    path = rewritten(
        plain, tmp_path / "styles.docx", lambda n, d: d + padding if n == "word/styles.xml" else d
    )
    with pytest.raises(DrafterError, match="压缩炸弹"):
        parse_file(path)


def test_thousands_of_members_are_refused(tmp_path):
    path = tmp_path / "many.docx"
    rewritten(plan_docx(tmp_path / "plain.docx"), path, lambda n, d: d)
    with zipfile.ZipFile(path, "a") as package:
        for index in range(6000):
            package.writestr(f"x/{index}", b"")
    with pytest.raises(DrafterError, match="个文件"):
        parse_file(path)


@pytest.mark.parametrize(
    "make",
    [
        lambda p: rewritten(
            plan_docx(p.with_name("a.docx")), p, lambda n, d: None if n == "word/document.xml" else d
        ),
        lambda p: zipfile.ZipFile(p, "w").close() or p,  # an empty zip
        lambda p: (
            zipfile.ZipFile(p, "w").writestr("notes.txt", "长沙市教育局") or p
        ),  # a zip of something else
        lambda p: p.write_bytes(b"PK\x03\x04" + bytes(100)) or p,  # a zip header and nothing
    ],
    ids=["no-document-xml", "empty-zip", "other-zip", "broken-zip"],
)
def test_docx_that_is_not_a_document_gives_one_line(tmp_path, make):
    path = tmp_path / "x.docx"
    make(path)
    result = run_cli("parse", str(path))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_an_empty_document_parses_with_a_warning(tmp_path):
    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    assert "未识别出任何章节或条目" in parse_file(path).warnings


def test_a_style_based_on_itself_does_not_loop(tmp_path):
    document = docx.Document()
    style = document.styles.add_style("循环", 1)
    style.base_style = document.styles["Normal"]
    document.styles["Normal"].element.get_or_add_basedOn().val = style.style_id  # Normal ← 循环 ← Normal
    for line in ("长沙市教育局2024年工作要点", "一、重点任务", "1.加强管理。"):
        document.add_paragraph(line, style="循环").add_run("").bold = None
    document.save(str(tmp_path / "loop.docx"))
    out = parses_within_bound(
        f"""
        import drafter
        print(len(drafter.parse_file({str(tmp_path / "loop.docx")!r}).items()))
        """
    )
    assert out.strip() == "1"


# -- 12: characters XML cannot carry -----------------------------------------------------------


@pytest.mark.parametrize("char", ["\x0c", "\x0b", "\x01", "\ufffe", "\x00"])
def test_characters_xml_cannot_carry_are_removed_at_read_and_build_works(tmp_path, char):
    text = HEAD + "1.加强管理。" + "推进工作。" * 2000 + "\n2.落实" + char + "责任。\n"
    assert len(text.encode()) > 8192  # a NUL this far in is not taken for a binary file
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode("utf-8"))
    plan = parse_file(path)
    assert plan.items()[1].text == ("落实 责任。" if char in "\x0b\x0c" else "落实责任。")
    assert any("第4行" in w and "控制字符" in w for w in plan.warnings)
    build_docx(plan)  # lxml refused these characters before
    out = tmp_path / "plan.docx"
    assert run_cli("build", str(path), "-o", str(out)).returncode == 0
    assert parse_file(out).items()[1].text.startswith("落实")


def test_parse_text_removes_them_too():
    plan = parse_text(HEAD + "1.加强\x01管理\ud800。\n")
    assert plan.items()[0].text == "加强管理。"
    assert any("U+0001" in w and "U+D800" in w for w in plan.warnings)


def test_ingest_stores_no_nul(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes((HEAD + "1.加强管理。" + "推进工作。" * 2000 + "\n2.落实\x00责任。\n").encode())
    corpus = tmp_path / "corpus"
    result = run_cli("ingest", str(path), "--corpus", str(corpus), "--issuer", "长沙市教育局")
    assert result.returncode == 0, result.stderr
    stored = list(corpus.glob("*.yaml"))
    assert stored and all(b"\x00" not in p.read_bytes() and b"\\0" not in p.read_bytes() for p in stored)


def test_a_text_file_of_only_controls_gives_one_line(tmp_path):
    path = tmp_path / "controls.txt"
    path.write_bytes(bytes(range(1, 32)) * 100)
    result = run_cli("parse", str(path))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


# -- 13: numbers past 999, malformed numbering.xml --------------------------------------------


def test_to_chinese_past_999():
    assert [to_chinese(n) for n in (1000, 1001, 1010, 1100, 10000, 10005, 110010)] == [
        "一千",
        "一千零一",
        "一千零一十",
        "一千一百",
        "一万",
        "一万零五",
        "十一万零一十",
    ]
    assert all(to_int(to_chinese(n)) == n for n in range(10000))


def test_word_chinese_list_numbers_past_999(tmp_path):
    path = numbered_docx(tmp_path, start="999", fmt="chineseCounting", count=3)
    labels = [p.text.split("、")[0] for p in read_document(path).paras[1:]]
    assert labels == ["九百九十九", "一千", "一千零一"]


@pytest.mark.parametrize(
    ("start", "ilvl"),
    [("abc", "0"), ("-5", "0"), ("99999999999999999999", "0"), ("1", "abc"), ("1", "12")],
)
def test_malformed_numbering_falls_back_with_a_warning(tmp_path, start, ilvl):
    path = numbered_docx(tmp_path, start=start, ilvl=ilvl)
    plan = parse_file(path)
    assert any("自动编号" in w for w in plan.warnings)


def test_a_list_without_its_definition_warns(tmp_path):
    path = numbered_docx(tmp_path, abstract_ref="404")
    assert any("w:abstractNumId" in w for w in parse_file(path).warnings)


def numbered_docx(tmp_path: Path, start="1", fmt="decimal", ilvl="0", count=2, abstract_ref="7") -> Path:
    """A .docx whose items are numbered by Word (numbering.xml written by hand)."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {w}>'
        f'<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
        f'<w:num w:numId="3"><w:abstractNumId w:val="{abstract_ref}"/></w:num></w:numbering>'
    )
    document = docx.Document()
    document.add_paragraph("长沙市教育局2024年工作要点")
    for index in range(count):
        paragraph = document.add_paragraph(f"加强管理{index}")
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = 3
    plain = tmp_path / "plain.docx"
    document.save(str(plain))
    path = tmp_path / "numbered.docx"
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(path, "w") as new:
        for member in old.infolist():
            data = old.read(member)
            new.writestr(member, numbering.encode() if member.filename == "word/numbering.xml" else data)
        assert "word/numbering.xml" in old.namelist()  # python-docx's template has one
    return path


# -- 14: entities -----------------------------------------------------------------------------


def with_entity(tmp_path: Path, doctype: str) -> Path:
    plain = plan_docx(
        tmp_path / "plain.docx",
        "长沙市教育局2024年工作要点",
        "一、重点任务",
        "1.加强管理ENT后面的文字,推进集团化办学。",
    )

    def change(name, data):
        if name != "word/document.xml":
            return data
        return data.replace(b"ENT", b"&foo;").replace(b"?>", b"?>" + doctype.encode(), 1)

    return rewritten(plain, tmp_path / "entity.docx", change)


@pytest.mark.parametrize(
    ("doctype", "text"),
    [
        ("<!DOCTYPE w:document [<!ENTITY foo '工作'>]>", "加强管理工作后面的文字,推进集团化办学。"),
        (
            "<!DOCTYPE w:document SYSTEM 'http://example.invalid/x.dtd'>",
            "加强管理后面的文字,推进集团化办学。",
        ),
    ],
    ids=["declared", "external"],
)
def test_text_after_an_entity_is_kept(tmp_path, doctype, text):
    plan = parse_file(with_entity(tmp_path, doctype))
    assert plan.items()[0].text == text
    assert any("实体" in w for w in plan.warnings)


def test_check_fix_of_a_docx_with_entities_writes_a_file_that_reads_back(tmp_path):
    path = with_entity(tmp_path, "<!DOCTYPE w:document [<!ENTITY foo '工作'>]>")
    result = run_cli("check", str(path), "--fix")
    assert "Traceback" not in result.stderr
    fixed = tmp_path / "entity.fixed.docx"
    assert fixed.exists()
    assert parse_file(fixed).items()[0].text == "加强管理工作后面的文字，推进集团化办学。"


def test_a_fixed_file_that_does_not_read_back_is_not_written(tmp_path):
    from drafter.checks.fix import FixResult, write_fixed

    path = plan_docx(tmp_path / "plan.docx")
    with pytest.raises(DrafterError, match="修正后的文件无法再读取"):
        write_fixed(path, FixResult(b"PK\x03\x04broken", "", 1, 0), in_place=False)
    assert not (tmp_path / "plan.fixed.docx").exists()


# -- 17: UTF-16 without a BOM ----------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path, encoding):
    text = HEAD + "1.加强管理,落实2024年任务。\n"
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode(encoding))
    plan = parse_file(path)
    assert plan.items()[0].text == "加强管理,落实2024年任务。"
    assert plan.source.encoding == encoding


def test_binary_with_nuls_on_both_sides_is_still_binary():
    with pytest.raises(DrafterError, match="二进制"):
        decode_text(bytes(range(256)) * 8, "x.txt")
