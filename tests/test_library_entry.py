"""The library calls the command line is built on: drafting, notice options, fixing, findings as text."""

from __future__ import annotations

import pytest

from drafter.checks import output, runner
from drafter.draft.new import adopt, make_draft
from drafter.errors import UsageError
from drafter.model import Notice, Plan
from drafter.render.options import NoticeDefaults, fill_notice, parse_labels
from drafter.render.word import BuildOptions


def test_make_draft_from_a_base_plan(seed):
    draft = make_draft(2023, base=seed["000"], recipients="各区县教育局")
    assert draft.plan.year == 2023 and draft.plan.issuer == "长沙市教育局"
    assert draft.made_from.startswith("据") and "2022" in draft.made_from
    assert all(item.origin["year"] == 2022 for item in draft.plan.items())
    assert draft.plan.notice is not None and draft.plan.notice.recipients == "各区县教育局"


def test_make_draft_from_the_issuers_latest_plan_in_a_corpus(seed):
    draft = make_draft(2023, "沈阳市教育局", latest=True)  # the bundled corpus
    assert {item.origin["from"] for item in draft.plan.items()} == {"沈阳市教育局2022年工作要点"}
    with pytest.raises(UsageError):
        make_draft(2023, latest=True)  # whose latest plan?
    with pytest.raises(UsageError):
        make_draft(2023, base=seed["000"], latest=True)


def test_make_draft_from_the_structure_relabels_seeded_measures():
    draft = make_draft(2027, "江城市教育局", labels={"units": "责任部门"})
    seeded = [item for item in draft.plan.items() if item.origin.get("seed")]
    assert seeded and draft.made_from.startswith("按标准结构起草")
    labels = {
        clause.labels.get("units") for item in seeded for clause in item.clauses if "units" in clause.labels
    }
    assert labels == {"责任部门"}


def test_adopt_keeps_what_the_bureau_does_not_set():
    plan = Plan(notice=Notice(recipients="原主送", signer="原署名"))
    adopt(plan, {}, signer="江城市教育局")
    assert (plan.notice.recipients, plan.notice.signer) == ("原主送", "江城市教育局")


def test_fill_notice_expands_and_normalises_the_doc_number():
    plan = Plan(year=2027)
    options = BuildOptions(doc_number="3", date="2027-02-18")
    defaults = NoticeDefaults(doc_number_prefix="长教发", cc="市委办", recipients="各区县")
    assert fill_notice(options, plan, defaults) == []
    assert (options.doc_number, options.cc, options.recipients) == ("长教发〔2027〕3号", "市委办", "各区县")
    options = BuildOptions(doc_number="长教发[2027]1号", recipients="主送")
    assert fill_notice(options, plan, defaults) == ["提示:发文字号已按规范写作“长教发〔2027〕1号”"]
    assert options.recipients == "主送"
    assert parse_labels("牵头处室，责任处室") == {"lead": "牵头处室", "units": "责任处室"}
    with pytest.raises(UsageError):
        parse_labels("a,b,c,d")


def test_fix_and_recheck_writes_a_copy_and_checks_it(tmp_path):
    source = tmp_path / "plan.txt"
    source.write_text(
        "江城市教育局２０２７年工作要点\n一、加强党的建设\n1.强化理论武装。落实学习制度。（责任单位：组织处）\n",
        encoding="utf-8",
    )
    options = runner.Options(year=2027)
    [report] = runner.check_files([source], options)
    assert any(f.rule == "PLAN005" for f in report.findings)
    diff_only = runner.fix_and_recheck(report, options, write=False)
    assert diff_only is not None and diff_only.target is None and "２０２７" in diff_only.result.diff
    fixed = runner.fix_and_recheck(report, options)
    assert fixed is not None and fixed.target == tmp_path / "plan.fixed.txt"
    assert "2027年工作要点" in fixed.target.read_text(encoding="utf-8")
    assert not any(f.rule == "PLAN005" for f in fixed.report.findings)
    with pytest.raises(UsageError, match="已存在"):
        runner.fix_and_recheck(report, options)
    assert runner.fix_and_recheck(runner.Report("x", error="读不了"), options) is None


def test_text_output_names_rules_in_chinese_and_json_keeps_the_kebab_name(seed):
    [report] = runner.check_files([seed["001"]], runner.Options())
    assert report.findings
    text = output.format_text([report])
    for finding in report.findings[:3]:
        assert f"{finding.rule} {output.RULES[finding.rule].title}  " in text
        assert f" {finding.name} " not in text
    assert f'"name": "{report.findings[0].name}"' in output.format_json([report])
