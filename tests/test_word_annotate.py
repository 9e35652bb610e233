"""Word as the main road: a draft's flags as comments and its provenance in the file,
findings as comments on a copy, safe fixes as tracked changes, suggestions as comments.
Every file is real: written, read back with python-docx, converted by LibreOffice."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from drafter.api import check
from drafter.parse.plan import parse_file
from drafter.render.annotate import AUTHOR

# A plan as a clerk's WPS might save it: no comments part, every line cut into runs of three
# characters, every other run with its own font size.
WPS_LINES = (
    "2027年某市教育局工作要点",
    "一、加强党的建设",
    "1.强化理论武装。深入学习贯彻党的二十大精神,开展专题培训。（牵头处室：宣传统统处，责任处室：组织处）",
    "2.夯实基层党建。推进基层党组织标准化建设。（牵头处室：组织处，责任处室：宣传统战处）",
)
UNITS = "宣传统战处\n组织处\n"
RUN_LENGTH = 3
BIG = Pt(16)


def wps_like(path: Path) -> Path:
    document = docx.Document()
    assert "comments" not in {
        p.partname.split("/")[-1].split(".")[0] for p in document.part.package.iter_parts()
    }
    for line in WPS_LINES:
        paragraph = document.add_paragraph()
        for start in range(0, len(line), RUN_LENGTH):
            run = paragraph.add_run(line[start : start + RUN_LENGTH])
            if (start // RUN_LENGTH) % 2:
                run.font.size = BIG
    document.save(path)
    return path


def sizes(path: Path) -> list[tuple[str, object]]:
    """Every visible character of the body with its run's font size (the formatting a split
    must keep); deleted text is left out, comment reference runs hold none."""
    document = docx.Document(path)
    found = []
    for paragraph in document.paragraphs:
        for r in paragraph._p.xpath(".//w:r[not(ancestor::w:del)]"):
            run = docx.text.run.Run(r, paragraph)
            found += [(c, run.font.size) for c in run.text]
    return found


def iter_comments(data: bytes) -> Iterator[tuple[str, str, str]]:
    """(author, comment text, anchored text) of every comment of a .docx, in id order."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    texts: dict[str, str] = {}
    for start in body.iter(qn("w:commentRangeStart")):
        cid, parts = start.get(qn("w:id")), []
        for node in _following(start):
            if node.tag == qn("w:commentRangeEnd") and node.get(qn("w:id")) == cid:
                break
            if node.tag == qn("w:t"):
                parts.append(node.text or "")
        texts[cid] = "".join(parts)
    for comment in document.comments:
        yield comment.author, comment.text, texts.get(str(comment.comment_id), "")


def _following(element: Any) -> Iterator[Any]:
    """Every element after ``element`` in document order."""
    node = element
    while node is not None:
        for sibling in node.itersiblings():
            yield sibling
            yield from sibling.iterdescendants()
        node = node.getparent()


def text_of(element: object, tag: str) -> str:
    return "".join(t.text or "" for t in element.iter(qn(f"w:{tag}")))  # type: ignore[attr-defined]


def comments(path: Path) -> list[tuple[str, str, str]]:
    return list(iter_comments(path.read_bytes()))


def units_file(tmp_path: Path) -> Path:
    path = tmp_path / "units.txt"
    path.write_text(UNITS, encoding="utf-8")
    return path


# -- new -o 草稿.docx ------------------------------------------------------------------------


@pytest.fixture
def word_draft(seed, tmp_path, cli) -> Path:
    out = tmp_path / "草稿.docx"
    made = cli("new", "--year", "2023", "--from", str(seed["000"]), "-o", str(out))
    assert made.returncode == 0, made.stderr
    return out


def test_a_word_draft_carries_its_flags_as_comments_on_their_words(word_draft):
    found = comments(word_draft)
    assert {author for author, _, _ in found} == {AUTHOR}
    by_text = {text: words for _, text, words in found}
    assert by_text["PLAN013 单位“宣传统统处”疑为“宣传统战处”之误"] == "宣传统统处"
    assert by_text["PLAN013 单位“高等教育教处”疑为“高等教育处”之误"] == "高等教育教处"
    stale = next(words for text, words in by_text.items() if text.startswith("PLAN032"))
    assert stale == "迎接、学习、宣传党的二十大"
    assert by_text["PLAN019 “教师处”与“教师工作处”是同一单位的两种写法,全文多用“教师工作处”(5处)"] == "教师处"
    notes = [t for _, t, _ in found if t.startswith("上年总体要求")]
    assert len(notes) == 1 and notes[0].count("\n") == 2  # the three notes in one comment, on the title


def test_the_flag_count_printed_is_the_comments_in_the_file(seed, tmp_path, cli):
    out = tmp_path / "草稿.docx"
    made = cli("new", "--year", "2023", "--from", str(seed["000"]), "-o", str(out))
    printed = int((made.stdout + made.stderr).split("需要处理 ")[1].split(" 处")[0])
    found = comments(out)
    notes = next(t for _, t, _ in found if t.startswith("上年总体要求")).count("\n") + 1
    assert len(found) - 1 + notes == printed


def test_a_word_draft_keeps_provenance_that_check_diff_and_suggest_read(word_draft, seed, cli):
    plan = parse_file(word_draft)
    for path, item in plan.walk():
        assert item.origin["from"] == "2022年全市教育工作要点" and item.origin["item"] == "/".join(path)
    body = word_draft.read_bytes()
    assert "沿用".encode() not in body.split(b"customXml")[0]  # nothing of it in the text
    # unedited items are reported as carried over unchanged (PLAN091), through the Word file
    checked = json.loads(cli("check", str(word_draft), "--format", "json", "--select", "PLAN091").stdout)
    findings = checked[0]["findings"] if isinstance(checked, list) else checked["files"][0]["findings"]
    assert len(findings) == len(plan.items())
    diff = json.loads(cli("diff", str(seed["000"]), str(word_draft), "--json").stdout)
    assert not diff["new"] and not diff["dropped"] and len(diff["changed"]) + len(diff["unchanged"]) == 25
    review = json.loads(cli("suggest", "--plan", str(word_draft), "--top", "2", "--json").stdout)
    assert not any(s["source"].startswith("000") for row in review for s in row["suggestions"])


def test_an_item_edited_in_word_keeps_its_origin_and_is_no_longer_unchanged(word_draft, cli):
    document = docx.Document(word_draft)
    paragraph = next(p for p in document.paragraphs if "锻造优秀干部" in p.text)
    paragraph.add_run("另加一句新的措施。")
    document.save(word_draft)
    plan = parse_file(word_draft)
    item = next(i for _, i in plan.walk() if i.title == "锻造优秀干部")
    assert item.origin["item"] == "一/3" and item.origin["fingerprint"] != item.fingerprint()
    out = cli("check", str(word_draft), "--format", "json", "--select", "PLAN091").stdout
    assert "一/3" not in out and "一/2" in out


# -- check --annotate ----------------------------------------------------------------------


def test_check_annotate_comments_a_copy_and_leaves_the_original_byte_identical(tmp_path, cli):
    source = wps_like(tmp_path / "plan.docx")
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "批注.docx"
    result = cli("check", str(source), "--units", str(units_file(tmp_path)), "--annotate", str(out))
    assert result.returncode == 1 and "2 处错误和警告" in result.stderr
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    assert comments(out) == [
        (AUTHOR, "PLAN004 中文里用了半角标点“,”", ","),
        (AUTHOR, "PLAN013 单位“宣传统统处”疑为“宣传统战处”之误", "宣传统统处"),
    ]
    assert sizes(out) == sizes(source)  # the split runs keep each character's formatting
    assert [p.text for p in parse_file(out).items()] == [p.text for p in parse_file(source).items()]


def test_check_annotate_keeps_the_clerks_comments_and_revisions(tmp_path, cli):
    source = wps_like(tmp_path / "plan.docx")
    document = docx.Document(source)
    first = document.paragraphs[2]
    document.add_comment(first.runs[0], "请再斟酌", author="张三", initials="ZS")
    inserted = document.paragraphs[3]._p.makeelement(qn("w:ins"), {qn("w:id"): "900", qn("w:author"): "张三"})
    run = document.paragraphs[3].runs[-1]._r
    run.addnext(inserted)
    new_run = docx.oxml.OxmlElement("w:r")
    inserted.append(new_run)
    docx.text.run.Run(new_run, document.paragraphs[3]).text = "并抓好落实。"
    document.save(source)
    out = tmp_path / "批注.docx"
    cli("check", str(source), "--units", str(units_file(tmp_path)), "--annotate", str(out))
    found = comments(out)
    assert ("张三", "请再斟酌", "1.强") in found and len(found) == 3
    kept = docx.Document(out).element.body.xpath(".//w:ins[@w:author='张三']")
    assert len(kept) == 1 and text_of(kept[0], "t") == "并抓好落实。"


def test_check_annotate_of_a_text_plan_is_the_official_build_with_comments(tmp_path, cli):
    source = tmp_path / "plan.txt"
    source.write_text("\n".join(WPS_LINES) + "\n", encoding="utf-8")
    out = tmp_path / "批注.docx"
    result = cli("check", str(source), "--units", str(units_file(tmp_path)), "--annotate", str(out))
    assert result.returncode == 1
    assert [(t, w) for _, t, w in comments(out)] == [
        ("PLAN004 中文里用了半角标点“,”", ","),
        ("PLAN013 单位“宣传统统处”疑为“宣传统战处”之误", "宣传统统处"),
    ]


def test_a_finding_about_a_whole_item_is_a_comment_on_its_title(tmp_path, cli):
    """PLAN010 (no unit named, where most items name one) is about the item, not some words in
    it: its finding carries no words of its own, and its comment sits on the item's title."""
    lines = (
        *WPS_LINES[:4],
        "二、推进教育改革",
        "3.深化课程改革。推进义务教育课程方案落地实施。（牵头处室：组织处）",
        "4.加强教师队伍建设。完善教师培训体系,提升教师专业素养。",
    )
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    source = tmp_path / "plan.docx"
    document.save(source)
    (finding,) = [f for f in check(source, units=UNITS.split()) if f.rule == "PLAN010"]
    assert (finding.path, finding.words, finding.length) == ("二/4", "", 0)
    out = tmp_path / "批注.docx"
    result = cli("check", str(source), "--units", str(units_file(tmp_path)), "--annotate", str(out))
    assert result.returncode == 1, result.stderr
    on_item = [(t, w) for _, t, w in comments(out) if t.startswith("PLAN010")]
    assert on_item == [("PLAN010 没有写明责任单位(全文4项中3项写了)", "加强教师队伍建设")]
    # the range opens just after the item's marker and closes after its title, in its paragraph
    paragraph = next(p for p in docx.Document(out).paragraphs if p.text.startswith("4."))
    start, end = paragraph._p.find(qn("w:commentRangeStart")), paragraph._p.find(qn("w:commentRangeEnd"))
    assert start is not None and end is not None and start.get(qn("w:id")) == end.get(qn("w:id"))
    assert paragraph.text == lines[-1] and paragraph.runs[0].text == "4."


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--annotate", "out.txt"], "须以 .docx 结尾"),
        (["--annotate", "{source}"], "不能写回原文件"),
        (["{source}", "--annotate", "out.docx"], "只能用于一个文件"),
    ],
)
def test_check_annotate_refuses_a_bad_target(tmp_path, cli, extra, message):
    source = wps_like(tmp_path / "plan.docx")
    args = [a.replace("{source}", str(source)) for a in extra]
    result = cli("check", str(source), *args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_check_annotate_does_not_overwrite_without_force(tmp_path, cli):
    source = wps_like(tmp_path / "plan.docx")
    out = tmp_path / "批注.docx"
    out.write_bytes(b"mine")
    refused = cli("check", str(source), "--annotate", str(out))
    assert refused.returncode == 2 and "--force" in refused.stderr and out.read_bytes() == b"mine"
    assert cli("check", str(source), "--annotate", str(out), "--force").returncode in (0, 1)
    assert out.read_bytes() != b"mine"


# -- check --fix on a Word file ---------------------------------------------------------------


def test_fix_writes_tracked_changes_by_drafter(tmp_path, cli):
    source = wps_like(tmp_path / "plan.docx")
    before = source.read_bytes()
    result = cli("check", str(source), "--units", str(units_file(tmp_path)), "--fix")
    assert "已修正 1 处" in result.stderr and source.read_bytes() == before
    fixed = tmp_path / "plan.fixed.docx"
    body = docx.Document(fixed).element.body
    deleted, inserted = body.xpath(".//w:del"), body.xpath(".//w:ins")
    assert [text_of(e, "delText") for e in deleted] == [","]
    assert [text_of(e, "t") for e in inserted] == ["，"]
    for change in deleted + inserted:
        assert change.get(qn("w:author")) == AUTHOR and change.get(qn("w:date")).endswith("Z")
    # read with every revision accepted, the tracked file says what the direct edit says
    tracked = shutil.copy(fixed, tmp_path / "tracked.docx")
    direct = cli("check", str(source), "--units", str(units_file(tmp_path)), "--fix", "--no-track", "--force")
    assert direct.returncode == 1 and not docx.Document(fixed).element.body.xpath(".//w:ins")
    assert [i.text for i in parse_file(tracked).items()] == [i.text for i in parse_file(fixed).items()]
    assert sizes(tracked) == sizes(fixed)  # the inserted comma has the deleted one's formatting


def test_a_tracked_insertion_between_runs_keeps_both_runs_formatting(tmp_path, cli, word_item_file):
    path = word_item_file("学习党的二十大精神。（牵头处室宣传统战处，责任处室：组织处）")
    cli("check", str(path), "--fix")
    fixed = tmp_path / "plan.fixed.docx"
    inserted = docx.Document(fixed).element.body.xpath(".//w:ins")
    assert [text_of(e, "t") for e in inserted] == ["："]
    assert docx.Document(fixed).paragraphs[2].runs[0].bold  # python-docx sees the runs outside revisions
    text = parse_file(fixed).items()[0].clauses[0].raw
    assert text == "（牵头处室：宣传统战处，责任处室：组织处）"


def test_fix_of_a_text_file_is_as_before(tmp_path, cli):
    source = tmp_path / "plan.txt"
    source.write_text("\n".join(WPS_LINES) + "\n", encoding="utf-8")
    cli("check", str(source), "--fix")
    assert "精神，开展" in (tmp_path / "plan.fixed.txt").read_text(encoding="utf-8")


# -- suggest --plan --annotate -------------------------------------------------------------------


def test_suggest_annotate_puts_close_measures_on_each_item(word_draft, tmp_path, cli):
    out = tmp_path / "参考.docx"
    result = cli("suggest", "--plan", str(word_draft), "--top", "2", "--annotate", str(out))
    assert result.returncode == 0, result.stderr
    added = [(t, w) for _, t, w in comments(out) if t.startswith("参考措施")]
    assert len(added) >= len(parse_file(word_draft).items()) // 2
    text, anchored = added[0]
    assert anchored.startswith("1.强化思想武装。")
    first = text.split("\n")[1]
    assert first.startswith("〔") and "年 " in first and ":" in first and "【" not in first


def test_suggest_annotate_adds_nothing_when_nothing_is_close(tmp_path, cli):
    source = tmp_path / "plan.docx"
    document = docx.Document()
    for line in ("2027年某市工作要点", "一、其他", "1.甲乙丙丁戊己庚辛壬癸。"):
        document.add_paragraph(line)
    document.save(source)
    out = tmp_path / "参考.docx"
    assert cli("suggest", "--plan", str(source), "--annotate", str(out)).returncode == 0
    assert comments(out) == []
    alone = cli("suggest", "教育", "--annotate", str(out), "--force")
    assert alone.returncode == 2 and "--plan" in alone.stderr


# -- LibreOffice reads every file written -----------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
def test_libreoffice_converts_every_annotated_file(word_draft, tmp_path, cli):
    source = wps_like(tmp_path / "plan.docx")
    units = str(units_file(tmp_path))
    cli("check", str(source), "--units", units, "--annotate", str(tmp_path / "批注.docx"))
    cli("check", str(source), "--units", units, "--fix")
    cli("suggest", "--plan", str(word_draft), "--annotate", str(tmp_path / "参考.docx"))
    files = [word_draft, tmp_path / "批注.docx", tmp_path / "plan.fixed.docx", tmp_path / "参考.docx"]
    profile = tmp_path / "profile"
    pdfs = tmp_path / "pdf"
    for path in files:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(pdfs), str(path)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        assert (pdfs / f"{path.stem}.pdf").stat().st_size > 0
