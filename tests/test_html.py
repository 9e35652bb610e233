"""Web pages saved from a portal: the article is found, the page's noise dropped and counted,
and the plan reads as its plain text does (tests/data/formats/, made by make_pages.py)."""

from __future__ import annotations

import email.charset
import email.mime.multipart
import email.mime.text
import re

import pytest
from conftest import DATA, run_cli

from drafter.parse.plan import parse_file
from drafter.parse.read import read_document
from drafter.store.serialize import load_plan

FORMATS = DATA / "formats"
CHANGSHA = FORMATS / "changsha-2022.html"  # seed 000: GBK, TRS_Editor, notice + plan + a table
XIANGTAN = FORMATS / "xiangtan-2017.html"  # seed 003: UTF-8 undeclared, layout table, <br> lines


def shape(plan):
    """Sections (all levels), items and clauses: the counts every format must agree on."""
    sections, stack = 0, list(plan.sections)
    while stack:
        section = stack.pop()
        sections += 1
        stack += section.sections
    items = plan.all_items()
    return sections, len(items), sum(len(item.clauses) for item in items)


def front(plan):
    return plan.title, plan.year, plan.issuer, plan.date


def squeezed(text: str) -> str:
    """Text without whitespace: a page shows a no-break space of the text as a space."""
    return re.sub(r"\s", "", text)


def test_portal_page_in_gbk_reads_like_the_plain_text(seed):
    text, page = parse_file(seed["000"]), parse_file(CHANGSHA)
    assert shape(page) == shape(text) == (7, 25, 43)
    assert page.sections == text.sections
    assert front(page) == front(text) == ("2022年全市教育工作要点", 2022, "长沙市教育局", "2022-02-18")
    assert page.notice.title == text.notice.title  # from the page's ArticleTitle: the body lacks it
    assert page.notice.note == "（此件主动公开）"
    assert page.source.format == "html"
    assert page.source.encoding == "gb18030"  # declared gb2312, read as its superset
    assert page.source.provenance["converter"].startswith("lxml ")
    assert any("分享到" in w and "1 块" in w for w in page.warnings)


def test_noise_around_and_inside_the_article_is_left_out():
    texts = [p.text for p in read_document(CHANGSHA).paras]
    for noise in ("首页", "版权所有", "请使用新版浏览器", "相关链接", "微信", "机构概况", ".TRS_Editor"):
        assert not any(noise in t for t in texts), noise
    # The table: one line a row, cells joined by a tab; &nbsp; and &quot; decoded.
    assert texts[-3:] == [
        "序号\t实事项目\t完成时间",
        "1\t新扩建公办幼儿园30所\t2022年12月",
        '2\t落实"双减"课后服务全覆盖\t2022年9月',
    ]
    assert texts[2].startswith("现将《2022年全市教育工作要点》")  # the &nbsp; indent is gone


def test_layout_table_page_in_utf8_without_a_charset_reads_like_the_plain_text(seed):
    text, page = parse_file(seed["003"]), parse_file(XIANGTAN)
    assert shape(page) == shape(text) == (5, 28, 0)
    assert front(page) == front(text) == ("湘潭市教育局2017年工作要点", 2017, "湘潭市教育局", "2017-02-22")
    assert [(i.number, i.title, squeezed(i.text)) for i in page.all_items()] == [
        (i.number, i.title, squeezed(i.text)) for i in text.all_items()
    ]
    assert page.source.encoding == "utf-8"
    assert any("分享到" in w for w in page.warnings) and any("首页 | 信息公开" in w for w in page.warnings)


def test_saved_as_a_single_file_page_mhtml(seed, tmp_path):
    """Chrome's “网页,单个文件”: MIME multipart, the page quoted-printable in its own charset."""
    archive = email.mime.multipart.MIMEMultipart("related")
    archive["Snapshot-Content-Location"] = "http://jyj.changsha.gov.cn/tzgg/t20220221.html"
    gbk = email.charset.Charset("gb18030")
    gbk.body_encoding = email.charset.QP
    part = email.mime.text.MIMEText(CHANGSHA.read_bytes().decode("gb18030"), "html", gbk)
    archive.attach(part)
    archive.attach(email.mime.text.MIMEText("body { color: red }", "css"))
    path = tmp_path / "通知.mhtml"
    path.write_bytes(archive.as_bytes())
    page, text = parse_file(path), parse_file(seed["000"])
    assert page.sections == text.sections and front(page) == front(text)
    assert page.source.format == "mhtml"


def test_a_page_re_encoded_as_utf8_keeps_its_gb2312_declaration(seed, tmp_path):
    """A browser's “save page” writes UTF-8 but leaves <meta charset=gb2312>: the bytes decide."""
    path = tmp_path / "page.htm"
    path.write_bytes(CHANGSHA.read_bytes().decode("gb18030").encode("utf-8"))
    page = parse_file(path)
    assert page.source.encoding == "utf-8"
    assert page.sections == parse_file(seed["000"]).sections


def test_a_gbk_page_labelled_utf8_is_detected(seed, tmp_path):
    source = CHANGSHA.read_bytes().decode("gb18030").replace("charset=gb2312", "charset=utf-8")
    path = tmp_path / "page.html"
    path.write_bytes(source.encode("gb18030"))
    page = parse_file(path)
    assert page.source.encoding == "gb18030"
    assert page.sections == parse_file(seed["000"]).sections


PLAN_BODY = """<p>一、加强党的建设</p><p>1.强化思想武装。深入学习贯彻党的二十大精神。（牵头处室：组织处）</p>
<p>2.夯实基层组织。推进基层党组织标准化建设。（牵头处室：组织处）</p>"""


def _page(tmp_path, head: str, body: str):
    path = tmp_path / "page.html"
    path.write_text(f'<html><head><meta charset="utf-8">{head}</head><body>'
                    f'<div class="TRS_Editor">{body}</div></body></html>', encoding="utf-8")  # fmt: skip
    return parse_file(path)


HEAD = (
    "<title>无关的站名标题</title>"
    '<meta name="ArticleTitle" content="宁乡市教育局2026年工作要点">'
    '<meta name="PubDate" content="2026-02-21 09:30:00">'
    '<meta name="ContentSource" content="宁乡市教育局">'
)


def test_the_head_gives_title_date_and_issuer_when_the_body_lacks_them(tmp_path):
    plan = _page(tmp_path, HEAD, PLAN_BODY)
    assert front(plan) == ("宁乡市教育局2026年工作要点", 2026, "宁乡市教育局", "2026-02-21")
    assert shape(plan) == (1, 2, 2)


def test_the_body_wins_over_the_head(tmp_path):
    """A page reposting another bureau's plan: its head names the site, its body the plan's own."""
    body = "<p>长沙市教育局2025年工作要点</p>" + PLAN_BODY + "<p>长沙市教育局</p><p>2025年2月18日</p>"
    plan = _page(tmp_path, HEAD.replace("宁乡市教育局2026", "长沙市教育局2025"), body)
    assert front(plan) == ("长沙市教育局2025年工作要点", 2025, "长沙市教育局", "2025-02-18")


def test_title_from_the_page_title_without_the_site_name(tmp_path):
    plan = _page(tmp_path, "<title>宁乡市教育局2026年工作要点_宁乡市人民政府</title>", PLAN_BODY)
    assert plan.title == "宁乡市教育局2026年工作要点"


def test_without_a_known_container_the_block_with_most_text_is_the_article(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><div class='nav'><p>首页</p><p>通知公告</p></div>"
        "<div class='left'><p>热点新闻：全市中小学开学</p></div>"
        f"<div class='right'><p>宁乡市教育局2026年工作要点</p>{PLAN_BODY}</div>"
        "<div class='bottom'><p>主办单位：宁乡市教育局</p></div></body></html>",
        encoding="utf-8",
    )
    document = read_document(path)
    assert document.paras[0].text == "宁乡市教育局2026年工作要点"
    assert not any("热点新闻" in p.text or "主办单位" in p.text for p in document.paras)
    assert shape(parse_file(path)) == (1, 2, 2)


def test_text_set_straight_in_the_body_is_the_article(tmp_path):
    path = tmp_path / "page.html"
    lines = ["宁乡市教育局2026年工作要点", "一、加强党的建设", "1.强化思想武装。（牵头处室：组织处）"]
    page = f"<html><body><div class='menu'>首页</div><div>2026-02-21</div>{'<br>'.join(lines)}</body></html>"
    path.write_text(page, "utf-8")
    assert [p.text for p in read_document(path).paras] == ["2026-02-21", *lines]


def test_line_breaks_and_entities(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><div id='zoom'>一、加强&amp;改进党的建设<br>1.强化思想\n武装。"
        "深入学习&quot;二十大&quot;精神，加强&#x5168;面从严治党。<br/>&nbsp;&nbsp;2.夯实基层组织。"
        "推进 Party building 建设。</div></body></html>",
        encoding="utf-8",
    )
    assert [p.text for p in read_document(path).paras] == [
        "一、加强&改进党的建设",
        '1.强化思想武装。深入学习"二十大"精神，加强全面从严治党。',  # a line break between Chinese vanishes
        "2.夯实基层组织。推进 Party building 建设。",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><head><title>x</title></head><body><script>var a=1;</script></body></html>", "没有找到正文"),
        (b"<html><head><title></title></head></html>", "没有"),
    ],
)
def test_a_page_without_text_is_a_one_line_error(tmp_path, content, message):
    path = tmp_path / "empty.html"
    path.write_bytes(content)
    result = run_cli("parse", str(path))
    assert result.returncode == 2
    assert message in result.stderr and "empty.html" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_ingest_keeps_the_page_and_records_its_reader(tmp_path):
    corpus = tmp_path / "corpus"
    result = run_cli("ingest", str(CHANGSHA), "--corpus", str(corpus))
    assert result.returncode == 0, result.stderr
    [entry] = corpus.glob("*.yaml")
    plan = load_plan(entry)
    assert plan.source.format == "html" and plan.source.provenance["converter"].startswith("lxml ")
    assert (corpus / plan.source.provenance["stored"]).read_bytes() == CHANGSHA.read_bytes()
