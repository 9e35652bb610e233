"""Regression tests for the verified bugs of issue 11, each reproduced before its fix."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import SEEDS

from drafter.checks import Context, check_plan, select_rules
from drafter.knowledge.stale import guiding_wording
from drafter.parse.accounting import unread_runs
from drafter.parse.plan import parse_file, parse_text
from drafter.render.preview import cjk_fonts
from drafter.render.word import BuildOptions, build_docx

# --- web chrome is recognised by whole lines, and every dropped line is reported ------------

SHARE_SITE_WORDS = """某市教育局2027年工作要点
一、加强党的建设
1.加强校园媒体管理。落实责任编辑和审核发布制度。（责任处室：宣传处）
2.推进数字资源建设。建设精品资料库，开发可在线阅读的数字教材。（责任处室：信息中心）
3.规范信息公开。公开方式和版权所有事项按规定执行。（责任处室：办公室）
责任编辑：张三
【打印本页】
扫一扫在手机打开
来源：xx  发布时间：2022-01-01
"""


def test_sentences_that_mention_share_site_words_are_kept():
    plan = parse_text(SHARE_SITE_WORDS)
    assert [(i.title, i.text, i.all_units()) for i in plan.items()] == [
        ("加强校园媒体管理", "落实责任编辑和审核发布制度。", ["宣传处"]),
        ("推进数字资源建设", "建设精品资料库，开发可在线阅读的数字教材。", ["信息中心"]),
        ("规范信息公开", "公开方式和版权所有事项按规定执行。", ["办公室"]),
    ]


def test_chrome_lines_are_dropped_and_reported():
    plan = parse_text(SHARE_SITE_WORDS)
    assert plan.warnings[0] == (
        "略去网页附带的 4 行:第6行“责任编辑：张三”、第7行“【打印本页】”、第8行“扫一扫在手机打开”等"
    )


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_every_character_of_a_seed_is_in_the_model_or_reported(seed, name):
    path = seed[name[:3]]
    plan = parse_file(path)
    lost = unread_runs(path, plan)
    reported = [w for w in plan.warnings if re.search(r"\d+ (?:行|处):", w)]
    # Every piece left out is counted in a warning …
    assert len(lost) == sum(int(re.search(r"(\d+) (?:行|处):", w).group(1)) for w in reported)
    # … and the pieces a warning quotes are pieces that were left out.
    for warning in reported:
        for line, quoted in re.findall(r"第(\d+)行“(.*?)”(?=、|等|$)", warning):
            assert any(n == int(line) and text.startswith(quoted.rstrip("…")) for n, text in lost), quoted


# --- the notice title names its issuer once ------------------------------------------------


def _notice_title(plan, **options) -> str:
    document = docx.Document(io.BytesIO(build_docx(plan, BuildOptions(notice=True, **options))))
    return next(p.text for p in document.paragraphs if p.text.strip())


def test_notice_title_does_not_repeat_the_issuer(seed):
    plan = parse_file(seed["001"])  # 沈阳市教育局2022年工作要点, issued by 沈阳市教育局
    assert _notice_title(plan) == "沈阳市教育局关于印发2022年工作要点的通知"
    assert _notice_title(plan, book_title=True) == "沈阳市教育局关于印发《2022年工作要点》的通知"


def test_notice_title_under_a_red_header_keeps_the_plan_name(seed):
    plan = parse_file(seed["001"])
    document = docx.Document(io.BytesIO(build_docx(plan, BuildOptions(notice=True, red_header=True))))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert "关于印发沈阳市教育局2022年工作要点的通知" in texts


# --- PLAN012 and a clause written by hand ---------------------------------------------------


def test_hand_written_clause_is_not_truncated(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(
        "title: 某市教育局2027年工作要点\n"
        "issuer: 某市教育局\n"
        "year: 2027\n"
        "sections:\n"
        "- number: 一\n"
        "  title: 加强党的建设\n"
        "  items:\n"
        "  - number: '1'\n"
        "    title: 强化思想武装\n"
        "    text: 推进党史学习教育常态化制度化。\n"
        "    clauses:\n"
        "    - units: [组织处]\n"
        "    - units: [宣传处、]\n",  # a list that ends in 、 is still reported
        encoding="utf-8",
    )
    plan = parse_file(path)
    assert plan.items()[0].clauses[0].raw == ""
    found = check_plan(plan, Context(year=2027), select_rules(["PLAN012"]))
    assert [f.message for f in found] == ["“宣传处、”不像完整的单位名称,可能被截断"]


# --- the stale table: an open-ended guiding period ------------------------------------------


def test_guiding_period_without_an_end(tmp_path):
    table = tmp_path / "stale.yaml"
    table.write_text(
        "entries: []\n"
        "guiding:\n"
        "  - valid_from: 2022-10-23\n"
        "    valid_until: 2023-12-31\n"
        "    text: 党的二十大精神\n"
        "  - valid_from: 2024-01-01\n"
        "    text: 党的二十大和二十届历次全会精神\n",
        encoding="utf-8",
    )
    assert guiding_wording(2023, table) == ("党的二十大精神", True)
    assert guiding_wording(2031, table) == ("党的二十大和二十届历次全会精神", True)
    assert guiding_wording(2020, table) == ("党的二十大和二十届历次全会精神", False)


# --- preview without a Chinese font ----------------------------------------------------------

needs_office = pytest.mark.skipif(
    not shutil.which("soffice") or not shutil.which("pdftoppm"), reason="LibreOffice 或 pdftoppm 未安装"
)


def _preview(tmp_path, seed, env: dict[str, str]):
    from typer.testing import CliRunner

    from drafter.cli.app import app

    docx_path = tmp_path / "a.docx"
    docx_path.write_bytes(build_docx(parse_file(seed["001"]), BuildOptions()))
    runner = CliRunner()
    return runner.invoke(app, ["preview", str(docx_path), "-o", str(tmp_path / "pages")], env=env)


def _fonts_without_chinese() -> list[str]:
    """Installed font files that have no Chinese (fc-list :lang=en minus :lang=zh)."""
    if not shutil.which("fc-list"):
        return []

    def files(pattern: str) -> set[str]:
        listed = subprocess.run(["fc-list", "-f", "%{file}\n", pattern], capture_output=True, text=True)
        return set(listed.stdout.split())

    return sorted(files(":lang=en") - files(":lang=zh"))


@needs_office
@pytest.mark.skipif(not _fonts_without_chinese(), reason="本机没有不含汉字的字体可供试验")
def test_preview_warns_when_no_chinese_font_is_installed(tmp_path, seed):
    # A machine with LibreOffice but no Chinese font: fontconfig sees one Latin font only.
    folder = tmp_path / "fonts"
    folder.mkdir()
    latin = Path(_fonts_without_chinese()[0])
    (folder / latin.name).symlink_to(latin)
    config = tmp_path / "fonts.conf"
    config.write_text(
        f'<?xml version="1.0"?>\n<fontconfig><dir>{folder}</dir><cachedir>{tmp_path / "fc"}</cachedir>'
        "</fontconfig>\n",
        encoding="utf-8",
    )
    env = {"FONTCONFIG_FILE": str(config), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = _preview(tmp_path, seed, env)
    assert result.exit_code == 0, result.output
    assert "未找到中文字体" in result.output and "apt-get install fonts-noto-cjk" in result.output
    assert sorted((tmp_path / "pages").glob("a-*.png"))  # the pages are still rendered


@needs_office
@pytest.mark.skipif(not cjk_fonts(), reason="本机没有中文字体(fc-list :lang=zh 为空)")
def test_preview_is_quiet_about_fonts_when_one_is_installed(tmp_path, seed):
    result = _preview(tmp_path, seed, {"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert result.exit_code == 0, result.output
    assert "中文字体" not in result.output
