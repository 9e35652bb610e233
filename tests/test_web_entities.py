"""HTML character references left in text copied from a web page (issue 14): decoded by the
text reader with one warning, so check reports the plan's own problems, not “&quot;” twice."""

from __future__ import annotations

from pathlib import Path

from drafter.checks.fix import fix_file
from drafter.checks.runner import Options, check_files
from drafter.parse.plan import parse_file

SCRAPED = """关于深化学校美育工作改革有关事项的通知
一、启动“学校美育工作管理平台&quot;
1.推进“互联网+美育&quot;，建设“新华美育&quot;平台上的管理平台（以下简称“管理平台&quot;）。（责任单位：体卫艺处）
2.落实“三个办法&quot;要求，开展“高雅艺术进校园&quot;活动,组织R&amp;D课题。（责任单位：体卫艺处）
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scraped.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_entities_are_decoded_with_one_warning(tmp_path):
    plan = parse_file(write(tmp_path, SCRAPED))
    (warning,) = [w for w in plan.warnings if "转义符" in w]
    assert "&quot; 6 处" in warning and "&amp; 1 处" in warning and "第2行" in warning
    assert warning.endswith("“&quot;”按上下文还原为中文引号")
    first = plan.sections[0].items[0]
    assert "“互联网+美育”" in first.text and "&quot;" not in first.text


def test_check_reports_no_unclosed_quote_or_half_width_semicolon_for_an_entity(tmp_path):
    (report,) = check_files([write(tmp_path, SCRAPED)], Options())
    rules = [f.rule for f in report.findings if f.severity in ("error", "warning")]
    assert "PLAN002" not in rules
    (half_width,) = [f for f in report.findings if f.rule == "PLAN004"]  # the plan's own comma
    assert "活动,组织" in half_width.excerpt


def test_fix_applies_edits_after_an_entity_on_the_same_line(tmp_path):
    path = write(tmp_path, SCRAPED)
    (report,) = check_files([path], Options())
    result = fix_file(path, report.findings)
    fixed = result.data.decode("utf-8")
    assert result.skipped == 0 and "活动，组织R&D课题" in fixed and "&quot;" not in fixed
