"""drafter new (from last year, or from the standard structure), drafter diff, drafter structure."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import docx
import pytest
import yaml
from conftest import run_cli

from drafter.checks.runner import Options, check_files
from drafter.draft.diff import diff_plans
from drafter.draft.new import roll_years
from drafter.model import Clause, Item
from drafter.parse.plan import parse_file, parse_text
from drafter.render.text import plan_to_text
from drafter.resources import bundled
from drafter.store.serialize import load_plan


def new(tmp_path: Path, *args: str, name: str = "draft.yaml") -> Path:
    out = tmp_path / name
    result = run_cli("new", *args, "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


def flags_cover_the_findings(path: Path) -> None:
    """Everything ``check`` finds in a fresh draft was flagged by ``new`` on purpose."""
    (report,) = check_files([path], Options())
    plan = report.plan
    header = path.read_text(encoding="utf-8").split("\ntitle:")[0]
    items = {"/".join(p): i for p, i in plan.walk()}
    found = [f for f in report.findings if f.rule not in ("PLAN090", "PLAN091") and f.severity != "info"]
    assert found  # a draft carried from a real plan always has something to flag
    for finding in found:
        item = items.get(finding.path)
        flagged = item is not None and f"{finding.rule} {finding.message}" in item.origin.get("flags", [])
        assert flagged or finding.message in header, (finding.rule, finding.path, finding.message)


def test_roll_years():
    assert roll_years("2022年突出办好十件实事", 2022) == "2023年突出办好十件实事"
    assert roll_years("维持2021年中考难度", 2022) == "维持2022年中考难度"
    assert roll_years("到2025年,建成体系;2023年底前完成", 2022) == "到2025年,建成体系;2023年底前完成"
    assert roll_years("落实《湘潭市教育信息化五年行动计划(2016—2020年)》", 2020) == (
        "落实《湘潭市教育信息化五年行动计划(2016—2020年)》"
    )
    assert roll_years("条例(2022年修订)", 2022) == "条例(2022年修订)"
    assert roll_years("2019年建成的学校", 2022) == "2019年建成的学校"


def test_new_from_last_years_plan(seed, tmp_path):
    out = new(tmp_path, "--year", "2023", "--from", str(seed["000"]))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 2023年全市教育工作要点(草稿)")
    assert "迎接党的二十大" in text.split("\ntitle:")[0]  # the stale wording is flagged in the notes
    plan = load_plan(out)
    base = parse_file(seed["000"])
    assert [s.title for s in plan.sections] == [s.title.replace(",", "，") for s in base.sections]
    assert len(plan.items()) == 25 and plan.year == 2023 and plan.title == "2023年全市教育工作要点"
    items = {"/".join(p): i for p, i in plan.walk()}
    assert "维持2022年中考难度" in items["四/16"].text
    assert items["七/25"].text.startswith("回应人民群众关切，2023年突出办好")
    assert all(i.origin["year"] == 2022 and i.origin["item"] == p for p, i in items.items())
    assert any("PLAN032" in f and "党的二十大" in f for f in items["一/1"].origin["flags"])
    assert "党的二十大精神" in plan.preamble and "十四五" in plan.preamble
    assert plan.notice is not None and plan.notice.signer == "长沙市教育局"
    flags_cover_the_findings(out)


def test_new_keeps_targets_and_flags_expired_ones(seed, tmp_path):
    out = new(tmp_path, "--year", "2027", "--from", str(seed["004"]), "--issuer", "长沙市教育局")
    plan = load_plan(out)
    items = {"/".join(p): i for p, i in plan.walk()}
    assert "到2025年底" in items["三/(五)/1"].text  # a target date is not rolled
    assert any("PLAN031" in f and "2025年" in f for f in items["三/(五)/1"].origin["flags"])
    flags_cover_the_findings(out)


def test_new_from_the_standard_structure(tmp_path):
    out = new(tmp_path, "--year", "2027", "--issuer", "江城市教育局")
    plan = load_plan(out)
    structure = yaml.safe_load((bundled("templates") / "structure.yaml").read_text(encoding="utf-8"))
    assert [s.title for s in plan.sections] == [s["title"] for s in structure["sections"]]
    themes = [t["name"] for s in structure["sections"] for t in s["themes"]]
    assert [i.origin["theme"] for i in plan.items()] == themes
    sourced = [i for i in plan.items() if i.origin.get("source")]
    assert len(sourced) >= len(themes) - 2
    # the issuer is "" for a source that names none (the bundled “xx” template): the file says where
    assert all("issuer" in i.origin and i.origin["year"] and i.origin["item"] for i in sourced)
    assert plan.issuer == "江城市教育局" and "重点做好以下七个方面的工作" in plan.preamble
    flags_cover_the_findings(out)
    (report,) = check_files([out], Options())
    assert sum(f.rule == "PLAN090" for f in report.findings) == len(themes)
    # once an item is rewritten it is no longer reported as unedited
    text = out.read_text(encoding="utf-8")
    first = plan.items()[0].text.split("\n")[0]
    out.write_text(text.replace(first, first + "（已改写）", 1), encoding="utf-8")
    (report,) = check_files([out], Options())
    assert sum(f.rule == "PLAN090" for f in report.findings) == len(themes) - 1


def test_new_writes_text_and_word_too(seed, tmp_path):
    yaml_out = new(tmp_path, "--year", "2023", "--from", str(seed["001"]))
    text_out = new(tmp_path, "--year", "2023", "--from", str(seed["001"]), name="draft.txt")
    word_out = new(tmp_path, "--year", "2023", "--from", str(seed["001"]), name="draft.docx")
    from_yaml = load_plan(yaml_out)
    for item in from_yaml.items():
        item.origin = {}
    assert parse_file(text_out) == from_yaml
    from_word = parse_file(word_out).items()
    assert all(item.origin.get("from") for item in from_word)  # provenance kept in the Word file
    for item in from_word:
        item.origin = {}
    assert docx.Document(str(word_out)).paragraphs and from_word == parse_file(text_out).items()


def test_new_from_latest_and_refusals(seed, tmp_path):
    corpus = tmp_path / "corpus"
    later = tmp_path / "2023.txt"
    text = plan_to_text(parse_file(seed["000"]))
    later.write_text(text.replace("2022年全市教育工作要点", "2023年全市教育工作要点"), encoding="utf-8")
    assert run_cli("ingest", str(seed["000"]), str(later), "--corpus", str(corpus)).returncode == 0
    out = new(
        tmp_path, "--year", "2024", "--issuer", "长沙市教育局", "--from-latest", "--corpus", str(corpus)
    )
    assert {i.origin["year"] for i in load_plan(out).items()} == {2023}
    again = run_cli("new", "--year", "2024", "--issuer", "长沙市教育局", "-o", str(out))
    assert again.returncode == 2 and "--force" in again.stderr
    nobody = run_cli(
        "new", "--year", "2024", "--issuer", "无此局", "--from-latest", "-o", str(tmp_path / "x.yaml")
    )
    assert nobody.returncode == 2 and "无此局" in nobody.stderr


def _edited(plan):
    """The plan with one item inserted, one deleted, one moved, one reworded, one target changed."""
    edited = copy.deepcopy(plan)
    sections = edited.sections
    inserted = Item("0", "推进家庭教育指导服务", "建设家庭教育指导服务站点100个，开展家长学校示范校评选。")
    inserted.clauses = [Clause(units=["德育处"], labels={"units": "责任部门"}, position=len(inserted.text))]
    sections[1].items.insert(1, inserted)
    deleted = sections[0].items.pop(2)
    moved = sections[4].items.pop(1)
    sections[0].items.append(moved)
    reworded = sections[1].items[3]
    reworded.text = reworded.text.replace(
        "遴选第四批劳动教育特色学校和劳动教育特色项目学校", "遴选第五批劳动教育特色学校"
    )
    target = sections[2].items[0]
    target.text = target.text.replace("新增公办幼儿园20所", "新增公办幼儿园25所")
    number = 0
    for section in sections:  # renumbered through, as a clerk would
        for item in section.items:
            number += 1
            item.number = str(number)
    return edited, deleted, moved, reworded, target, inserted


def test_diff_reports_exactly_the_edits(seed, tmp_path):
    plan = parse_file(seed["001"])
    edited, deleted, moved, reworded, target, inserted = _edited(plan)
    edited_file = tmp_path / "edited.txt"
    edited_file.write_text(plan_to_text(edited), encoding="utf-8")
    result = diff_plans(plan, parse_file(edited_file))
    assert [item.title for _, item in result.new] == [inserted.title]
    assert [item.title for _, item in result.dropped] == [deleted.title]
    assert sorted(p.new.title for p in result.changed) == sorted([reworded.title, target.title])
    assert len(result.unchanged) == 27 - 1 - 2
    moved_pair = next(p for p in result.unchanged if p.new.title == moved.title)
    assert (moved_pair.old_path, moved_pair.new_path) == ("五/22", "一/4")
    target_pair = next(p for p in result.changed if p.new.title == target.title)
    assert [(old, new) for _, old, new in target_pair.targets] == [("20所", "25所")]
    assert result.units["德育处"] == (3, 4)


def test_diff_command_json_and_formats(seed, tmp_path):
    plan = parse_file(seed["001"])
    edited, *_ = _edited(plan)
    edited_file = tmp_path / "edited.txt"
    edited_file.write_text(plan_to_text(edited), encoding="utf-8")
    result = run_cli("diff", str(seed["001"]), str(edited_file), "--json")
    data = json.loads(result.stdout)
    assert set(data) >= {"new", "dropped", "changed", "unchanged"}
    assert {"new", "title"} <= data["new"][0].keys() and {"old", "title"} <= data["dropped"][0].keys()
    changed = next(c for c in data["changed"] if c["targets"])
    assert {"old", "new", "title", "targets"} <= changed.keys()
    assert changed["targets"][0]["old"] == "20所" and changed["targets"][0]["new"] == "25所"
    text = run_cli("diff", str(seed["001"]), str(edited_file)).stdout
    assert "新增 1 条,删除 1 条,修改 2 条" in text and "[-四-]{+五+}" in text
    word = tmp_path / "plan.docx"
    assert run_cli("build", str(seed["001"]), "-o", str(word)).returncode == 0
    same = json.loads(run_cli("diff", str(seed["001"]), str(word), "--json").stdout)
    assert (len(same["unchanged"]), same["new"], same["dropped"], same["changed"]) == (27, [], [], [])


def test_diff_of_two_plans_of_one_city(seed):
    """长沙's 2022 work plan and its 2024 action plan on basic education share topics (学位,
    “双减”) but not one measure's wording (checked by hand): nothing is paired."""
    result = run_cli("diff", str(seed["000"]), str(seed["004"]), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["changed"], data["unchanged"]) == ([], [])
    assert [e["new"] for e in data["new"]] == ["/".join(p) for p, _ in parse_file(seed["004"]).walk()]
    assert [e["old"] for e in data["dropped"]] == ["/".join(p) for p, _ in parse_file(seed["000"]).walk()]


def test_structure_command():
    result = run_cli("structure", "--json")
    plans = {p["issuer"] + str(p["year"]): p for p in json.loads(result.stdout)}
    changsha = plans["长沙市教育局2022"]
    assert [s["standard"] for s in changsha["sections"]] == [
        "party", "students", "levels", "reform", "teachers", "support", "livelihood"
    ]  # fmt: skip
    assert changsha["outside"] == [] and "教育民生实事" in changsha["themes"]
    assert "主题" in run_cli("structure").stdout


def test_structure_units_are_known_units():
    from drafter.knowledge.units import load_registry

    registry = load_registry()
    structure = yaml.safe_load((bundled("templates") / "structure.yaml").read_text(encoding="utf-8"))
    for section in structure["sections"]:
        for theme in section["themes"]:
            assert theme["keywords"] and len(set(theme["keywords"])) == len(theme["keywords"]), theme["name"]
            assert theme["units"] and all(registry.is_known(u) for u in theme["units"]), theme["name"]


@pytest.mark.parametrize("name", ["000", "001", "003"])
def test_draft_text_round_trip(seed, tmp_path, name):
    out = new(tmp_path, "--year", "2030", "--from", str(seed[name]), name="draft.txt")
    plan = parse_file(out)
    assert parse_text(plan_to_text(plan)) == plan
