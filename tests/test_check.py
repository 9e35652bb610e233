"""drafter check on the real seeds, on clean text that must stay quiet, and through the CLI."""

from __future__ import annotations

import json
import shutil

import docx
import pytest
from conftest import DATA, run_cli

from drafter.checks import Context, check_plan
from drafter.checks.runner import Options, check_files
from drafter.knowledge.units import load_registry
from drafter.parse.plan import parse_file, parse_text


def findings(path, **options):
    (report,) = check_files([path], Options(**options))
    assert not report.error, report.error
    return report.findings


def rules_of(found, severity=None):
    """The rules that reported something, those folded into another's finding at one spot too."""
    return [r for f in found if severity is None or f.severity == severity for r in (f.rule, *f.folded)]


# --- the seeds ----------------------------------------------------------------------------


def test_changsha(seed):
    found = findings(seed["000"])
    unknown = {f.message: f for f in found if f.rule == "PLAN013" and f.severity == "error"}
    slips = {f.excerpt and f.message: f.suggestions for f in unknown.values()}
    assert any("宣传统统处" in m and s[0]["replacement"] == "宣传统战处" for m, s in slips.items())
    assert any("基础教育教处" in m and s[0]["replacement"] == "基础教育处" for m, s in slips.items())
    first_item = [f.rule for f in found if f.path == "一/1"]
    assert "PLAN002" in first_item or "PLAN012" in first_item
    colon = [f for f in found if f.rule == "PLAN011"]
    assert any(f.excerpt == "(责任单位组织处)" for f in colon)
    assert "PLAN010" not in rules_of(found)
    assert any(f.rule == "PLAN070" and "七个面" in f.excerpt for f in found)  # “七个面的工作”


def test_template_with_placeholders(seed):
    found = findings(seed["002"])
    placeholders = [f.excerpt for f in found if f.rule == "PLAN001"]
    assert any("学在xx" in e for e in placeholders)
    assert any("党的XX届X中X会" in e for e in placeholders)
    assert any(f.rule == "PLAN030" and "2022年" in f.message for f in found)
    # The template names no unit anywhere: it owes none item by item (issue 14), one info says so.
    (missing,) = [f for f in found if f.rule == "PLAN010"]
    assert (missing.severity, missing.path, missing.line) == (
        "info",
        "",
        0,
    ) and "23项工作都没有" in missing.message


def test_xiangtan(seed):
    assert [f.severity for f in findings(seed["003"]) if f.rule == "PLAN010"] == ["info"]  # no 分工 at all
    assert not {"PLAN032", "PLAN033"} & set(rules_of(findings(seed["003"])))  # right for 2017
    later = findings(seed["003"], year=2027)
    stale = {(f.rule, f.excerpt) for f in later if f.rule in ("PLAN032", "PLAN033")}
    assert any(rule == "PLAN032" and "十八大和十八届历次全会精神" in e for rule, e in stale)
    assert any(rule == "PLAN033" and "十三五" in e for rule, e in stale)
    assert any(f.rule == "PLAN033" and f.suggestions[0]["replacement"] == "“十五五”" for f in later)


def test_action_plan_numbering(seed):
    gaps = [f for f in findings(seed["004"]) if f.rule == "PLAN020"]
    assert [(f.path, f.suggestions[0]["replacement"]) for f in gaps] == [("三/(八)/4", "2")]


def test_shenyang_has_no_error(seed):
    """001 is a clean official plan: no error-level finding at all."""
    assert rules_of(findings(seed["001"]), "error") == []


# --- what must stay quiet -------------------------------------------------------------------


def test_clean_text_stays_quiet():
    plan = parse_text(
        "某市教育局2027年工作要点\n"
        "2027年全市教育工作的总体要求是：深入学习贯彻党的二十大精神，回顾党的十八大以来的成就，"
        "重点做好两个方面的工作。\n"
        "一、加强党的建设\n"
        "1.举办3×3篮球联赛。配备X射线安检设备，比例提高1.5个百分点，每天8:30开馆，"
        "详见https://example.org/a,b?x=1。（牵头处室：组织处，责任处室：宣传统战处、人事处）\n"
        "2.建设“未来学校”。到2030年建成30所，2027年底前完成10所，落实湘教发〔2023〕5号文件。"
        "（牵头单位：基础教育处，责任单位：组织处（学校党建办）、市教育研究院）\n"
        "二、发展各级教育\n"
        "3.扩大学前教育资源。新建公办幼儿园20所，学位2～3万个。（牵头处室：基础教育处，责任处室：财务处）\n"
    )
    context = Context(year=2027, registry=load_registry())
    assert check_plan(plan, context) == []


# --- the command line -----------------------------------------------------------------------


def test_json_shape_and_exit_codes(seed):
    result = run_cli("check", str(seed["000"]), "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["version"] == 1
    (entry,) = data["files"]
    assert entry["path"] == str(seed["000"]) and entry["summary"]["error"] > 0
    finding = next(f for f in entry["findings"] if f["rule"] == "PLAN013")
    keys = {"rule", "name", "severity", "message", "path", "line", "column", "excerpt", "suggestions"}
    assert keys <= finding.keys()
    assert finding["name"] == "unknown-unit" and finding["severity"] in ("error", "warning", "info")
    assert {"replacement", "safe"} <= finding["suggestions"][0].keys()
    lines = seed["000"].read_text(encoding="utf-8").split("\n")
    assert lines[finding["line"] - 1][finding["column"] - 1 :].startswith(
        "宣传统统处"
    )  # characters, not bytes


def test_the_parsers_warnings_are_shown_in_every_format_and_leave_the_exit_code(seed):
    """seed 003 is a web page: its furniture lines are dropped with a warning, which check shows."""
    warnings = parse_file(seed["003"]).warnings
    assert any("略去网页附带的" in w for w in warnings)
    args = ("check", str(seed["003"]), "--select", "PLAN001")  # a rule that stays quiet on it
    text = run_cli(*args)
    assert text.returncode == 0
    assert [line.strip() for line in text.stdout.splitlines() if "解析提示:" in line] == [
        f"解析提示:{w}" for w in warnings
    ]
    assert text.stdout.rstrip().endswith(f"提示 0;解析提示 {len(warnings)}")
    as_json = run_cli(*args, "--format", "json")
    data = json.loads(as_json.stdout)
    assert as_json.returncode == 0 and data["files"][0]["warnings"] == warnings
    assert data["summary"]["warnings"] == len(warnings)
    sarif = run_cli(*args, "--format", "sarif")
    (invocation,) = json.loads(sarif.stdout)["runs"][0]["invocations"]
    assert sarif.returncode == 0 and invocation["executionSuccessful"] is True
    notes = invocation["toolExecutionNotifications"]
    assert [(n["level"], n["message"]["text"]) for n in notes] == [("warning", w) for w in warnings]


def test_sarif(seed):
    result = run_cli("check", str(seed["004"]), "--format", "sarif")
    assert result.returncode == 1
    run = json.loads(result.stdout)["runs"][0]
    assert json.loads(result.stdout)["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    result0 = run["results"][0]
    assert (
        result0["level"] in ("error", "warning", "note")
        and rule_ids[result0["ruleIndex"]] == result0["ruleId"]
    )
    assert result0["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1


def test_exit_codes(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("一、加强党的建设\n1.推进集团化办学。（责任处室：基础教育处）\n", encoding="utf-8")
    warned = tmp_path / "warned.txt"
    warned.write_text(
        "一、加强党的建设\n1.推进集团化办学,扩大资源。（责任处室：基础教育处）\n", encoding="utf-8"
    )
    assert run_cli("check", str(clean)).returncode == 0
    assert run_cli("check", str(warned)).returncode == 0
    assert run_cli("check", str(warned), "--strict").returncode == 1
    for args in (["check", str(tmp_path / "missing.txt")], ["check", str(clean), "--format", "xml"],
                 ["check", str(clean), "--select", "PLAN999"]):  # fmt: skip
        result = run_cli(*args)
        assert (
            result.returncode == 2 and result.stderr.startswith("错误:") and "Traceback" not in result.stderr
        )


def test_fix_writes_a_copy_and_leaves_the_original_alone(seed, tmp_path):
    source = tmp_path / "plan.txt"
    shutil.copy(seed["000"], source)
    before = source.read_bytes()
    result = run_cli("check", str(source), "--fix")
    assert source.read_bytes() == before
    fixed = tmp_path / "plan.fixed.txt"
    text = fixed.read_text(encoding="utf-8")
    assert "（责任单位：组织处）" in text and "七个方面的工作" in text and "牵头任处室" not in text
    assert "已修正" in result.stderr
    assert "PLAN011" not in result.stdout  # what remains is reported from the fixed copy
    assert run_cli("check", str(source), "--fix").returncode == 2  # the copy exists: --force needed
    assert run_cli("check", str(source), "--fix", "--force").returncode == 1


def test_diff_shows_fixes_without_writing(tmp_path):
    source = tmp_path / "plan.txt"
    source.write_text("一、加强党的建设\n1、推进集团化办学。(责任单位组织处)\n", encoding="utf-8")
    result = run_cli("check", str(source), "--diff", "--select", "PLAN011,PLAN022")
    assert "-1、推进集团化办学。(责任单位组织处)" in result.stdout
    assert "+1.推进集团化办学。(责任单位：组织处)" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.txt"]
    run_cli("check", str(source), "--fix", "--in-place", "--select", "PLAN011,PLAN022")
    assert source.read_text(encoding="utf-8") == "一、加强党的建设\n1.推进集团化办学。(责任单位：组织处)\n"


def test_word_file_is_checked_and_fixed_run_by_run(tmp_path, word_item_file):
    path = word_item_file("学习党的XX届X中X会精神。（牵头处室宣传统战处，责任处室：组织处）")
    found = findings(path)
    placeholder = next(f for f in found if f.rule == "PLAN001")
    assert (placeholder.line, placeholder.path) == (3, "一/1")  # paragraph index in the Word file
    assert "PLAN011" in rules_of(found)
    run_cli("check", str(path), "--fix", "--no-track")  # direct edits (tracked: test_word_annotate)
    fixed = docx.Document(tmp_path / "plan.fixed.docx").paragraphs[2]
    assert fixed.text == "1.强化理论武装。学习党的XX届X中X会精神。（牵头处室：宣传统战处，责任处室：组织处）"
    assert fixed.runs[0].bold and not fixed.runs[1].bold


def test_yaml_draft_points_at_yaml_lines(seed, tmp_path):
    ingest = run_cli("ingest", str(seed["000"]), "--corpus", str(tmp_path))
    assert ingest.returncode == 0
    (yaml_file,) = tmp_path.glob("*.yaml")
    found = findings(yaml_file)
    slip = next(f for f in found if f.rule == "PLAN013" and "宣传统统处" in f.message)
    line = yaml_file.read_text(encoding="utf-8").split("\n")[slip.line - 1]
    assert line[slip.column - 1 :].startswith("宣传统统处")


def test_previous_year_copies_are_reported(seed, tmp_path):
    plan = seed["000"].read_text(encoding="utf-8")
    edited = plan.replace("2022年全市教育工作要点", "2023年全市教育工作要点").replace(
        "新扩建公办幼儿园30所", "新扩建公办幼儿园20所"
    )
    draft = tmp_path / "2023.txt"
    draft.write_text(edited, encoding="utf-8")
    carried = [f for f in findings(draft, previous=seed["000"]) if f.rule == "PLAN061"]
    assert len(carried) == 25
    assert sum(f.severity == "error" for f in carried) == 24  # identical copies; item 10 was edited
    assert next(f for f in carried if f.path == "三/10").severity == "warning"


def test_units_registry_from_a_bureau_list(tmp_path, seed):
    units = tmp_path / "units.txt"
    units.write_text("# 本局处室\n组织处\n宣传统战处\n", encoding="utf-8")
    found = findings(seed["000"], units=units, select=("PLAN013",))
    unlisted = [f.message for f in found if f.severity == "error" and "本局单位名录" in f.message]
    assert any("公共服务中心" in m for m in unlisted)


@pytest.mark.parametrize(
    ("unit", "slip"),
    [
        ("宣传统统处", "宣传统战处"),
        ("基础教育教处", "基础教育处"),
        ("学生工作", "学生工作处"),
        ("职业教育与成人教育", "职业教育与成人教育处"),
        ("基础教育一处", None),  # an ordinal: a real unit
        ("组织科", None),  # another kind of unit
        ("市教育研究院", None),  # 教育研究院 with its place in front
        ("沈阳开放大学", None),
    ],
)
def test_slips_of_the_pen(unit, slip):
    assert load_registry().slip_of(unit) == slip


def test_units_command_lists_learned_units(tmp_path):
    result = run_cli("units", "--issuer", "沈阳市教育局", "--json")
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["市教育研究院"]["count"] == 10 and rows["市教育研究院"]["source"] == "往年计划"
    assert rows["基础教育处"]["aliases"] == ["基教处"]


def test_rules_command():
    listing = run_cli("rules")
    assert listing.returncode == 0 and "PLAN013" in listing.stdout and "unknown-unit" in listing.stdout
    page = run_cli("rules", "PLAN013")
    assert "反例" in page.stdout and "正例" in page.stdout
    assert run_cli("rules", "PLAN999").returncode == 2


CLEAN = DATA / "wuhu_style.txt"
# (rule, text in the clean plan, what a careless edit turns it into)
INJECTED = [
    ("PLAN001", "以习近平新时代", "以习近平xx新时代"),
    ("PLAN002", "（责任科室：组干科）", "（责任科室：组干科"),
    ("PLAN003", "（责任科室：宣传科、办公室）", "（责任科室：宣传科、办公室)"),
    ("PLAN004", "全面完成党组织领导的校长负责制改革，", "全面完成党组织领导的校长负责制改革,"),
    ("PLAN010", "（责任科室：组干科）", ""),
    ("PLAN011", "（责任科室：组干科）", "（责任科室组干科）"),
    ("PLAN012", "（责任科室：组干科）", "（责任科室：组干科、）"),
    ("PLAN013", "（责任科室：基础教育科、校外培训监管科）", "（责任科室：基础教育料、校外培训监管科）"),
    ("PLAN020", "3．推进中小学校", "4．推进中小学校"),
    ("PLAN022", "1．深入学习", "1、深入学习"),
    ("PLAN024", "重点做好以下工作", "重点做好三个方面的工作"),
    ("PLAN030", "2024年全市教育工作的总体要求是", "2023年全市教育工作的总体要求是"),
    ("PLAN032", "重点做好以下工作", "以优异成绩迎接党的二十大胜利召开，重点做好以下工作"),
    ("PLAN033", "重点做好以下工作", "紧扣“十三五”规划，重点做好以下工作"),
    ("PLAN050", "落实意识形态工作责任制", "落实芜教[2024]5号文件和意识形态工作责任制"),
    ("PLAN060", "深化集团化办学。新组建教育集团5个，实现城区优质教育资源全覆盖。",
     "扩大普惠资源。新建、改扩建公办幼儿园10所，新增学位3000个，公办园在园幼儿占比达55%以上。"),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "old", "new"), INJECTED, ids=[r for r, _, _ in INJECTED])
def test_injected_defects_are_found_in_a_clean_plan(tmp_path, rule, old, new):
    clean = CLEAN.read_text(encoding="utf-8").replace("．", ".")  # ordinals as GB/T 15834 writes them
    assert old.replace("．", ".") in clean
    base, draft = tmp_path / "base.txt", tmp_path / "draft.txt"
    base.write_text(clean, encoding="utf-8")
    draft.write_text(clean.replace(old.replace("．", "."), new, 1), encoding="utf-8")
    assert rule not in rules_of(findings(base), "error") + rules_of(findings(base), "warning")
    assert rule in rules_of(findings(draft), "error") + rules_of(findings(draft), "warning")


def test_carried_over_items_against_last_year(tmp_path):
    clean = CLEAN.read_text(encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text(
        clean.replace("2024", "2025").replace("新建公办幼儿园5所", "新建公办幼儿园8所"), encoding="utf-8"
    )
    carried = [f for f in findings(draft, previous=CLEAN) if f.rule == "PLAN061"]
    assert len(carried) == 6
