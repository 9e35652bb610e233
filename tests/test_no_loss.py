"""No silent loss: every character of a body is held by a field of the model or counted in a warning."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PlanFile, run_cli

from drafter.parse.accounting import unread_runs
from drafter.parse.plan import parse_file
from drafter.parse.read import read_document

CORPUS_DEV = Path(__file__).parent / "data" / "corpus-dev"
COUNTED = re.compile(r"(\d+) (?:行|处):")  # a warning that counts the pieces it left out

PKULAW = """北大法宝【法宝引证码】 CLI.12.7654321
原文链接：https://www.pkulaw.com/lar/0123456789abcdef.html

青山县教育局关于印发2023年教育工作要点的通知

各学校：
现将《青山县教育局2023年教育工作要点》印发给你们，请认真贯彻落实。

青山县教育局
2023年2月1日

青山县教育局2023年教育工作要点

一、加强党的建设
1.强化理论武装。深入学习贯彻党的二十大精神。（责任单位：办公室）
2.加强基层党组织建设。推进学校党组织标准化建设。（责任单位：组织科）
二、提高教育质量
3.推进课程改革。开展课堂教学改革试点。（责任单位：教研室）

附件：青山县2023年教育工作任务分工表
序号　任务　责任单位
1　推进课程改革　教研室
"""


def counted(warnings: list[str]) -> int:
    return sum(int(m.group(1)) for w in warnings for m in COUNTED.finditer(w))


@pytest.fixture
def pkulaw_file(tmp_path: Path) -> Path:
    path = tmp_path / "export.txt"
    path.write_bytes(PKULAW.replace("\n", "\r\n").encode("utf-8"))
    return path


def test_pkulaw_origin_lines_are_held_in_the_source(pkulaw_file: Path) -> None:
    plan = parse_file(pkulaw_file)
    assert plan.source.url == "https://www.pkulaw.com/lar/0123456789abcdef.html"
    assert plan.source.provenance == {"citation": "CLI.12.7654321"}
    unread = unread_runs(pkulaw_file, plan)
    assert not [line for line, _ in unread if line <= 2]  # both header lines are held, not reported
    assert not any("法宝" in w or "原文链接" in w for w in plan.warnings)


def test_attachment_is_held_in_the_model(pkulaw_file: Path) -> None:
    plan = parse_file(pkulaw_file)
    [attachment] = plan.attachments
    assert (attachment.label, attachment.plan.title) == ("附件", "青山县2023年教育工作任务分工表")
    assert not [w for w in plan.warnings if w.startswith("附件")]
    assert unread_runs(pkulaw_file, plan) == []


def test_ingest_keeps_the_url_the_file_names(pkulaw_file: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    run_cli("ingest", str(pkulaw_file), "--corpus", str(corpus))
    [entry] = corpus.glob("*.yaml")
    text = entry.read_text(encoding="utf-8")
    assert "url: https://www.pkulaw.com/lar/0123456789abcdef.html" in text
    assert "citation: CLI.12.7654321" in text


def _signed(plan_file: PlanFile, signer: str) -> Path:
    """The export's body under a title of its own, signed by ``signer`` on 2023年3月5日."""
    body = PKULAW.split("青山县教育局2023年教育工作要点\n\n", 1)[1].split("\n附件")[0]
    title = "青山县教育局关于加强学校美育工作的实施意见"
    return plan_file(f"{title}\n\n{body}\n{signer}\n2023年3月5日\n", "signed.txt")


def test_signature_is_held_as_issuer_and_date(plan_file: PlanFile) -> None:
    path = _signed(plan_file, "青山县教育局")
    plan = parse_file(path)
    assert (plan.issuer, plan.date) == ("青山县教育局", "2023-03-05")
    assert unread_runs(path, plan) == []


def test_a_signature_that_is_not_the_issuer_is_reported(plan_file: PlanFile) -> None:
    path = _signed(plan_file, "青山县人民政府办公室")
    plan = parse_file(path)
    assert plan.issuer == "青山县教育局"
    assert any(w.startswith("文末落款与发文单位或日期不同,未存入 1 行:") for w in plan.warnings)
    assert len(unread_runs(path, plan)) == counted(plan.warnings) == 1


@pytest.mark.parametrize("path", sorted(CORPUS_DEV.glob("*.txt")), ids=lambda p: p.stem)
def test_real_documents_lose_nothing(path: Path) -> None:
    plan = parse_file(path)
    text = path.read_text(encoding="utf-8")
    if "原文链接" in text:  # the pkulaw export's origin lines are held in the source
        assert plan.source.url.startswith("https://www.pkulaw.com/")
    if "法宝引证码" in text:
        assert re.fullmatch(r"CLI\.[\d.]+", plan.source.provenance["citation"])
    assert len(unread_runs(path, plan)) == counted(plan.warnings)


FORMATS = Path(__file__).parent / "data" / "formats"
OTHER_FORMATS = [
    p for p in sorted(FORMATS.iterdir()) if p.suffix in (".html", ".pdf", ".docx") and p.name != "scan.pdf"
]


@pytest.mark.parametrize("path", OTHER_FORMATS, ids=lambda p: p.name)
def test_documents_in_other_formats_lose_nothing(path: Path) -> None:
    """The accounting of a web page, a PDF or a Word file is over the reader's paragraphs: what
    the reader itself leaves out (page numbers, a table's header row) it counts in its own
    warnings, and every other piece of text is in the model or counted in the parser's."""
    plan, document = parse_file(path), read_document(path)
    assert len(unread_runs(path, plan)) == counted(plan.warnings) - counted(document.warnings)


def test_a_tab_separated_task_tables_header_is_counted() -> None:
    path = FORMATS / "task_table_tabs.txt"
    plan = parse_file(path)
    assert unread_runs(path, plan) == [(11, "序号\t工作任务\t牵头单位\t责任单位\t完成时限")]
    assert counted(plan.warnings) == 1
