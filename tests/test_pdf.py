"""PDF with a text layer: paragraphs rebuilt from the layout read as the plain text of the same
plan does; scans, encrypted and damaged files are one-line errors (tests/data/formats/, made
by make_pdfs.py with LibreOffice)."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from conftest import DATA, run_cli
from test_html import front, shape

from drafter.errors import InputError
from drafter.parse.chrome import clean
from drafter.parse.pdf import NOTHING_MESSAGE, SCAN_MESSAGE, Line, _gutter, _paragraphs
from drafter.parse.plan import parse_file
from drafter.parse.read import read_document

FORMATS = DATA / "formats"
CHANGSHA = FORMATS / "changsha-2022.pdf"  # seed 000 by drafter build --notice --red-header
XIANGTAN = FORMATS / "xiangtan-2017.pdf"  # seed 003 typed into Word: no indents, header, “第 N 页”


def test_official_layout_reads_like_the_plain_text(seed):
    text, pdf = parse_file(seed["000"]), parse_file(CHANGSHA)
    assert shape(pdf) == shape(text) == (7, 25, 43)
    assert pdf.sections == text.sections  # every item's text joined across lines and pages
    assert front(pdf) == front(text) == ("2022年全市教育工作要点", 2022, "长沙市教育局", "2022-02-18")
    assert pdf.notice.title == "关于印发2022年全市教育工作要点的通知"
    assert pdf.source.format == "pdf" and pdf.source.provenance["converter"].startswith("pypdf ")


def test_page_numbers_are_dropped_and_counted():
    document = read_document(CHANGSHA)
    pages = len(pypdf.PdfReader(CHANGSHA).pages)
    assert not any(re.fullmatch(r"—\s*\d+\s*—", p.text) for p in document.paras)
    assert any(f"页码和页眉页脚 {pages} 行" in w and "“— 1 —”" in w for w in document.warnings)


def test_unindented_text_with_running_header_and_footer(seed):
    """No first-line indents: a paragraph ends where a line stops short of the right margin."""
    text, pdf = parse_file(seed["003"]), parse_file(XIANGTAN)
    assert shape(pdf) == shape(text) == (5, 28, 0)
    assert front(pdf) == front(text)
    squeeze = re.compile(r"\s")
    assert [(i.number, i.title, squeeze.sub("", i.text)) for i in pdf.all_items()] == [
        (i.number, i.title, squeeze.sub("", i.text)) for i in text.all_items()
    ]
    paras = [p.text for p in read_document(XIANGTAN).paras]
    assert "湘潭市教育局 政务公开" not in paras and not any(re.fullmatch(r"第 \d+ 页", p) for p in paras)
    pages = len(pypdf.PdfReader(XIANGTAN).pages)
    assert any(f"页码和页眉页脚 {2 * pages} 行" in w for w in pdf.warnings)
    # the site line “湘潭市教育局 jy.xiangtan.gov.cn 发布时间:…” runs near the margin: it goes alone
    assert pdf.preamble == text.preamble and pdf.preamble.startswith("2017年全市教育工作的总体要求")
    assert "湘潭市教育局 jy.xiangtan.gov.cn 发布时间:2017-02-22 【字体:" in paras


def test_a_scan_without_a_text_layer_is_refused():
    with pytest.raises(InputError, match=re.escape(SCAN_MESSAGE)):
        read_document(FORMATS / "scan.pdf")
    result = run_cli("parse", str(FORMATS / "scan.pdf"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"错误:{FORMATS / 'scan.pdf'}:{SCAN_MESSAGE}"


def _encrypted(tmp_path, user: str):
    writer = pypdf.PdfWriter(clone_from=CHANGSHA)
    writer.encrypt(user_password=user, owner_password="owner-secret", algorithm="RC4-128")
    path = tmp_path / "encrypted.pdf"
    with path.open("wb") as out:
        writer.write(out)
    return path


def test_a_password_protected_pdf_is_a_one_line_error(tmp_path):
    result = run_cli("parse", str(_encrypted(tmp_path, "open-sesame")))
    assert result.returncode == 2
    assert "已加密" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_pdf_restricted_only_by_an_owner_password_is_read(tmp_path, seed):
    assert parse_file(_encrypted(tmp_path, "")).sections == parse_file(seed["000"]).sections


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 3],  # a download cut short
        lambda data: b"%PDF-1.7\n" + bytes(range(256)) * 40,  # a PDF header, then nothing of a PDF
        lambda data: data.replace(b"stream", b"strean"),  # every content stream unreadable
    ],
)
def test_a_damaged_pdf_is_a_one_line_error(tmp_path, damage):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(damage(CHANGSHA.read_bytes()))
    result = run_cli("parse", str(path))
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "damaged.pdf" in result.stderr


def test_pypdf_notes_do_not_reach_the_terminal(tmp_path, capsys):
    """pypdf logs what it repairs; drafter turns that into one parse warning."""
    data = CHANGSHA.read_bytes()
    start = data.rindex(b"startxref")
    path = tmp_path / "bad-xref.pdf"
    path.write_bytes(data[:start] + b"startxref\n123\n%%EOF\n")  # a wrong cross-reference offset
    plan = parse_file(path)
    assert shape(plan) == (7, 25, 43)
    assert "pypdf" not in capsys.readouterr().err


def test_pages_with_neither_text_nor_pictures(tmp_path):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "blank.pdf"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match=re.escape(NOTHING_MESSAGE)):
        read_document(path)


def _line(y: float, x0: float, x1: float, text: str, size: float = 16.0) -> Line:
    return Line(1, y, x0, x1, size, text)


def test_a_centred_title_over_two_lines_is_one_paragraph():
    """The layout of a notice printed without its red header (drafter build --notice, LibreOffice)."""
    lines = [
        _line(710, 83.5, 519.3, "长沙市教育局关于印发2022年全市教育工作", 22),
        _line(677, 246.0, 356.0, "要点的通知", 22),
        _line(620, 79.5, 395.5, "各区县(市)教育局、局直属单位、机关处室："),
        _line(591, 111.5, 507.5, "现将《2022年全市教育工作要点》印发给你单位,请结合"),
        _line(562, 79.5, 228.3, "实际,抓好贯彻落实。"),
        _line(504, 111.5, 426.2, "一、加强党的领导,提升高质量发展引领力"),
        _line(475, 111.5, 521.0, "1.强化思想武装。推动党史学习教育常态化制度化,开展迎"),
        _line(446, 79.5, 520.0, "接、学习、宣传党的二十大专项行动,拧紧思想政治“总开关”,"),
        _line(417, 79.5, 452.0, "引导全市教育系统坚决捍卫“两个确立”,切实做到“两个维"),  # “维护” kept whole
        _line(388, 79.5, 300.0, "护”。(牵头处室:宣传统战处)"),
    ]
    assert [p.text for p in _paragraphs(lines)] == [
        "长沙市教育局关于印发2022年全市教育工作要点的通知",
        "各区县(市)教育局、局直属单位、机关处室：",
        "现将《2022年全市教育工作要点》印发给你单位,请结合实际,抓好贯彻落实。",
        "一、加强党的领导,提升高质量发展引领力",
        "1.强化思想武装。推动党史学习教育常态化制度化,开展迎接、学习、宣传党的二十大专项行动,"
        "拧紧思想政治“总开关”,引导全市教育系统坚决捍卫“两个确立”,切实做到“两个维护”。(牵头处室:宣传统战处)",
    ]


def test_a_line_of_web_furniture_reaching_the_margin_takes_no_paragraph_with_it():
    """A page saved from a browser: its site line on top and its footer below run to the right
    margin, as a paragraph's lines do; each is a paragraph of its own, dropped (with a warning)."""
    lines = [
        _line(740, 90.0, 500.0, "湘潭市教育局 jy.xiangtan.gov.cn 发布时间:2017-02-22 【字体:", 14),
        _line(707, 90.0, 515.0, "2017年全市教育工作的总体要求是全面贯彻党的十八大和十八届历次", 14),
        _line(684, 90.0, 515.0, "全会精神,深入学习贯彻习近平总书记系列重要讲话精神和治国理政新。", 14),
        _line(651, 90.0, 515.0, "主办单位:湘潭市教育局 版权所有:湘潭市教育局 湘ICP备05001234号", 14),
    ]
    paras = [p.text for p in _paragraphs(lines)]
    assert paras == [lines[0].text, lines[1].text + lines[2].text, lines[3].text]
    located, _, warnings = clean(_paragraphs(lines))
    assert [p.text for p in located] == [paras[1]]
    (warning,) = warnings
    assert warning.startswith("略去网页附带的 2 行:第1行“湘潭市教育局 jy.xiangtan.gov.cn 发布时间:")
    assert "、第3行“主办单位:湘潭市教育局" in warning


def test_two_column_pages_read_down_each_column(seed):
    """A page set in two columns was read across both (“…的通 2.夯实基层党建…”): 4 sections, 17 items."""
    pdf, text = parse_file(FORMATS / "two-columns.pdf"), parse_file(seed["000"])
    assert shape(pdf) == shape(text)
    assert pdf.sections == text.sections
    assert front(pdf) == front(text)


def test_one_column_lines_that_stop_short_are_no_columns():
    """Short lines ending left of the middle (a list of names) are one column, not two."""
    lines = [(700.0 - 20 * i, 90.0, 12.0, "青山县教育局") for i in range(10)]
    assert _gutter(lines, 0.0, 595.0) is None
    both = lines + [(700.0 - 20 * i, 320.0, 12.0, "青山县教育局办公室") for i in range(10)]
    assert _gutter(both, 0.0, 595.0) is not None
