"""Hostile corpora and YAML: every case ends in one Chinese line with exit code 2 or in a correct
result — never a traceback, never an entry lost or a bad one written (issue 12: 1, 2, 4, 10, 13, 19).

Real files on disk, real symlinks, the real CLI run in this process."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from conftest import YAML_PLAN, Run, run_cli

from drafter.errors import UsageError
from drafter.store import corpus

PLAN = YAML_PLAN


def one_error(result: Run) -> str:
    """The single Chinese error line of a refused command."""
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误:"), result.stderr
    assert re.search(r"[\u4e00-\u9fff]", lines[0]) and "Traceback" not in result.stderr
    return lines[0]


def plan_file(folder: Path, name: str = "plan.yaml", text: str = PLAN) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def good(seed, tmp_path) -> Path:
    """A corpus with one real plan (长沙市教育局 2022)."""
    folder = tmp_path / "corpus"
    corpus.ingest(seed["000"], folder)
    return folder


def spoil(folder: Path) -> dict[str, str]:
    """Put every kind of bad entry into a corpus: name → what the warning must say."""
    (folder / "坏语法.yaml").write_text("title: [未闭合\n", encoding="utf-8")
    (folder / "空白.yaml").write_text("", encoding="utf-8")
    (folder / "列表.yaml").write_text("- 一\n- 二\n", encoding="utf-8")
    (folder / "负年份.yaml").write_text(PLAN.replace("year: 2026", "year: -5"), encoding="utf-8")
    (folder / "别名.yaml").write_text("title: &t 标题\nissuer: *t\n", encoding="utf-8")
    (folder / "二进制.yaml").write_bytes(b"\xff\xfe\x00\x01title")
    (folder / "悬空.yaml").symlink_to(folder / "不存在的文件.yaml")
    (folder / "循环.yaml").symlink_to(folder / "循环.yaml")
    (folder / "文件夹.yaml").mkdir()
    os.mkfifo(folder / "管道.yaml")  # opening it to read would wait forever
    return {
        "坏语法.yaml": "YAML 语法错误",
        "空白.yaml": "文件为空",
        "列表.yaml": "应为映射",
        "负年份.yaml": "1949–2100",
        "别名.yaml": "别名",
        "二进制.yaml": "UTF-8",
        "悬空.yaml": "不存在",
        "循环.yaml": "符号链接循环",
        "文件夹.yaml": "文件夹",
        "管道.yaml": "不是普通文件",
    }


READ_FAILURES = ("坏语法.yaml", "空白.yaml", "列表.yaml", "负年份.yaml", "别名.yaml", "二进制.yaml")


def warned(result: Run, names) -> None:
    for name in names:
        assert any(line.startswith("警告:") and name in line for line in result.stderr.splitlines()), (
            name,
            result.stderr,
        )


# --- 1: every draft ingested, each under its own hash ---------------------------------------


def test_every_new_draft_is_ingested(tmp_path):
    drafts = []
    for year, issuer in ((2027, "长沙市教育局"), (2028, "株洲市教育局")):
        out = tmp_path / f"{year}.yaml"
        made = run_cli("new", "--year", str(year), "--issuer", issuer, "-o", str(out))
        assert made.returncode == 0, made.stderr
        drafts.append(out)
    folder = tmp_path / "corpus"
    result = run_cli("ingest", *map(str, drafts), "--corpus", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("新增") == 2 and "已存在" not in result.stdout
    listed = json.loads(run_cli("corpus", "list", "--corpus", str(folder), "--json").stdout)
    assert sorted(e["year"] for e in listed) == [2027, 2028]
    assert all(re.fullmatch(r"\d{4}-.+-[0-9a-f]{8}", e["id"]) for e in listed)
    again = run_cli("ingest", str(drafts[0]), "--corpus", str(folder))
    assert again.returncode == 0 and "已存在" in again.stdout
    assert len(list(folder.glob("*.yaml"))) == 2


@pytest.mark.parametrize("claimed", ["", "*", "../../etc", "ABC", "0" * 63])
def test_a_yaml_that_names_no_real_hash_is_known_by_its_own_bytes(tmp_path, claimed):
    folder = tmp_path / "corpus"
    texts = [PLAN + f"source:\n  sha256: '{claimed}'\n", PLAN.replace("强化思想武装", "强化理论武装")]
    for index, text in enumerate(texts):
        result = corpus.ingest(plan_file(tmp_path, f"{index}.yaml", text), folder)
        assert result.added and re.fullmatch(r"2026-测试市教育局-[0-9a-f]{8}", result.entry.id)
        assert re.fullmatch(r"[0-9a-f]{64}", result.entry.plan.source.sha256)
    assert len(corpus.entries(folder)) == 2


# --- 2: years checked at every door ---------------------------------------------------------


@pytest.mark.parametrize("year", ["-5", "0", "1948", "2101", "99999", "2022年", "99999999999999999999"])
def test_ingest_refuses_an_implausible_year(seed, tmp_path, year):
    folder = tmp_path / "corpus"
    one_error(run_cli("ingest", str(seed["000"]), "--year", year, "--corpus", str(folder)))
    assert not list(folder.glob("*.yaml")) if folder.exists() else True


@pytest.mark.parametrize(
    "command",
    [
        ["check", "plan.yaml"],
        ["new", "-o", "out.yaml", "--issuer", "测试市教育局"],
        ["init", "--issuer", "测试市教育局", "-y"],
        ["suggest", "经费管理", "--since"],
        ["suggest", "经费管理", "--until"],
    ],
)
@pytest.mark.parametrize("year", ["0", "-5", "99999"])
def test_year_options_refuse_an_implausible_year(tmp_path, command, year):
    plan_file(tmp_path)
    flag = [] if command[-1].startswith("--") else ["--year"]
    result = run_cli(*command, *flag, year, cwd=tmp_path)
    assert re.search(r"1949|2100", one_error(result))
    assert not (tmp_path / "out.yaml").exists() and not (tmp_path / "drafter.yaml").exists()


@pytest.mark.parametrize("year", [0, -5, 1948, 2101, 10**30])
def test_the_library_refuses_an_implausible_year(seed, tmp_path, year):
    with pytest.raises(UsageError, match="1949–2100"):
        corpus.ingest(seed["000"], tmp_path / "corpus", year=year)
    assert not (tmp_path / "corpus").exists() or not list((tmp_path / "corpus").glob("*.yaml"))


@pytest.mark.parametrize(
    "value",
    [
        "-5",
        "0",
        "99999",
        "'2022年'",
        "1" + "0" * 30,
        "'①'",
        "'²０²２'",
        "2022.5",
        "true",
        "[2022]",
        "9" * 5000,
    ],
)
def test_a_yaml_plan_with_a_bad_year_is_refused(tmp_path, value):
    path = plan_file(tmp_path, text=PLAN.replace("year: 2026", f"year: {value}"))
    line = one_error(run_cli("parse", str(path)))
    assert str(path) in line and ("year" in line or "数字" in line)
    assert len(line) < 200


def test_a_yaml_year_in_full_width_digits_is_read(tmp_path):
    path = plan_file(tmp_path, text=PLAN.replace("year: 2026", "year: '２０２６'"))
    result = run_cli("parse", str(path), "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["year"] == 2026


TEXT = """9999年教育工作要点
一、全面加强党的建设
1.强化思想武装。深入学习贯彻党的二十大精神。(牵头处室:组织处)
2.加强基层组织建设。推进党支部标准化规范化建设。(牵头处室:组织处)
"""


def test_an_implausible_year_in_the_text_is_not_taken(tmp_path):
    source = tmp_path / "plan.txt"
    source.write_text(TEXT, encoding="utf-8")
    data = json.loads(run_cli("parse", str(source), "--json").stdout)
    assert data["year"] is None and any("9999" in w for w in data["warnings"])
    folder = tmp_path / "corpus"
    assert run_cli("ingest", str(source), "--corpus", str(folder)).returncode == 0
    listed = run_cli("corpus", "list", "--corpus", str(folder), "--json")
    assert listed.returncode == 0 and "警告" not in listed.stderr
    assert json.loads(listed.stdout)[0]["year"] is None


def test_a_date_that_does_not_exist_is_not_taken_from_the_text(tmp_path):
    source = tmp_path / "plan.txt"
    text = (
        TEXT.replace("9999", "2022")
        + "3.深化教育改革。推进改革。(牵头处室:政策法规处)\n长沙市教育局\n2022年2月30日\n"
    )
    source.write_text(text, encoding="utf-8")
    data = json.loads(run_cli("parse", str(source), "--json").stdout)
    assert data["year"] == 2022 and data["date"] != "2022-02-30"
    folder = tmp_path / "corpus"
    assert run_cli("ingest", str(source), "--corpus", str(folder)).returncode == 0
    assert "警告" not in run_cli("corpus", "list", "--corpus", str(folder)).stderr


# --- 4: one bad entry never blocks the corpus -----------------------------------------------


def test_corpus_list_skips_bad_entries_and_names_each(good):
    expected = spoil(good)
    result = run_cli("corpus", "list", "--corpus", str(good), "--json")
    assert result.returncode == 0, result.stderr
    assert [e["issuer"] for e in json.loads(result.stdout)] == ["长沙市教育局"]
    warned(result, expected)
    for name, reason in expected.items():
        assert any(name in line and reason in line for line in result.stderr.splitlines()), (name, reason)


def test_suggest_and_index_skip_bad_entries(good):
    spoil(good)
    for _ in range(2):  # building the index, then using the built one: both report them
        result = run_cli("suggest", "加强党的建设", "--corpus", str(good), "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)
        warned(result, READ_FAILURES)
    result = run_cli("index", "--rebuild", "--corpus", str(good), "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["plans"] == 1
    warned(result, READ_FAILURES)


def test_new_from_latest_skips_bad_entries(good, tmp_path):
    spoil(good)
    out = tmp_path / "2023.yaml"
    result = run_cli(
        "new", "--year", "2023", "--issuer", "长沙市教育局", "--from-latest", "-o", str(out),
        "--corpus", str(good),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.exists()
    warned(result, READ_FAILURES)


def test_check_and_structure_and_units_skip_bad_entries(good, tmp_path, seed):
    spoil(good)
    result = run_cli("check", str(seed["000"]), "--corpus", str(good))
    assert result.returncode in (0, 1) and "PLAN" in result.stdout, result.stderr
    warned(result, READ_FAILURES)
    for command in (["structure", "--json"], ["units", "--issuer", "长沙市教育局", "--json"]):
        result = run_cli(*command, "--corpus", str(good))
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)
        warned(result, READ_FAILURES)


def test_init_learns_units_beside_bad_entries(good, tmp_path):
    spoil(good)
    result = run_cli("init", "--issuer", "长沙市教育局", "-y", cwd=tmp_path)
    assert result.returncode == 0 and (tmp_path / "drafter.yaml").exists(), result.stderr
    warned(result, READ_FAILURES)


def test_quarantine_over_a_file_of_that_name_is_one_line(good):
    spoil(good)
    (good / ".quarantine").write_text("不是文件夹", encoding="utf-8")
    assert ".quarantine" in one_error(run_cli("corpus", "check", "--quarantine", "--corpus", str(good)))
    assert os.path.lexists(good / "循环.yaml")


def test_ingest_goes_on_beside_bad_entries(good, seed):
    spoil(good)
    result = run_cli("ingest", str(seed["001"]), "--corpus", str(good))
    assert result.returncode == 0 and "新增" in result.stdout, result.stderr
    assert len(corpus.scan(good)[0]) == 2


def test_corpus_show_of_a_bad_entry_names_it(good):
    spoil(good)
    assert "坏语法.yaml" in one_error(run_cli("corpus", "show", "坏语法", "--corpus", str(good)))
    assert "符号链接循环" in one_error(run_cli("corpus", "show", "循环", "--corpus", str(good)))
    good_id = next(good.glob("2022-*.yaml")).stem
    assert run_cli("corpus", "show", good_id, "--corpus", str(good)).returncode == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_entry_is_skipped(good):
    locked = plan_file(good, "锁住.yaml")
    locked.chmod(0)
    try:
        result = run_cli("corpus", "list", "--corpus", str(good))
        assert result.returncode == 0
        warned(result, ["锁住.yaml"])
    finally:
        locked.chmod(0o644)


def test_corpus_check_reports_and_quarantines(good):
    assert run_cli("corpus", "check", "--corpus", str(good)).returncode == 0
    expected = spoil(good)
    result = run_cli("corpus", "check", "--corpus", str(good))
    assert result.returncode == 1
    for name, reason in expected.items():
        assert any(name in line and reason in line for line in result.stdout.splitlines()), name
    assert all(os.path.lexists(good / name) for name in expected)  # only reported
    moved = run_cli("corpus", "check", "--quarantine", "--corpus", str(good))
    assert moved.returncode == 1
    kept = good / ".quarantine"
    assert sorted(p.name for p in kept.iterdir()) == sorted(expected)  # moved, nothing deleted
    assert (kept / "悬空.yaml").is_symlink() and (kept / "文件夹.yaml").is_dir()
    assert not any(os.path.lexists(good / name) for name in expected)
    after = run_cli("corpus", "check", "--corpus", str(good))
    assert after.returncode == 0 and "有问题 0" in after.stdout
    listed = run_cli("corpus", "list", "--corpus", str(good))
    assert listed.returncode == 0 and "警告" not in listed.stderr
    (good / "坏语法.yaml").write_text("title: [又坏了\n", encoding="utf-8")
    assert run_cli("corpus", "check", "--quarantine", "--corpus", str(good)).returncode == 1
    assert (kept / "坏语法.yaml").exists() and (kept / "坏语法.1.yaml").exists()  # no name reused


def test_corpus_check_of_the_bundled_corpus():
    assert run_cli("corpus", "check").returncode == 0
    one_error(run_cli("corpus", "check", "--quarantine"))  # the installed package is never written


# --- 10: anchors and aliases refused --------------------------------------------------------

ALIASED = PLAN.replace("title: 2026年教育工作要点", "title: &name 2026年教育工作要点").replace(
    "    text: 深入学习贯彻党的二十大精神。", "    text: *name"
)


@pytest.mark.parametrize(
    "text, line",
    [
        (ALIASED, 1),
        ("title: &a [*a]\n", 1),  # an alias of itself
        ("a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\ntitle: 计划\n", 1),  # the start of billion laughs
        (PLAN + "    origin: {a: &o [1, 2]}\n", 15),
    ],
)
def test_anchors_and_aliases_are_refused(tmp_path, text, line):
    path = plan_file(tmp_path, text=text)
    message = one_error(run_cli("parse", str(path)))
    assert str(path) in message and f"第{line}行" in message and "别名" in message


def test_ampersand_and_star_in_text_are_fine(tmp_path):
    path = plan_file(tmp_path, text=PLAN.replace("强化思想武装", "'强化R&D*专项*武装'"))
    result = run_cli("parse", str(path), "--json")
    assert result.returncode == 0 and "R&D*专项*" in result.stdout


def test_a_profile_with_an_alias_is_refused(tmp_path):
    (tmp_path / "drafter.yaml").write_text(
        "issuer: &x 长沙市教育局\nnotice:\n  signer: *x\n", encoding="utf-8"
    )
    message = one_error(run_cli("units", cwd=tmp_path))
    assert "drafter.yaml" in message and "别名" in message


# --- 13: integers and dates validated at read -----------------------------------------------


@pytest.mark.parametrize(
    "old, new",
    [
        ("position: 14", "position: ①"),
        ("position: 14", "position: '²'"),
        ("position: 14", "position: -3"),
        ("position: 14", "position: '" + "9" * 5000 + "'"),
        ("year: 2026", "year: 二月"),
        ("year: 2026", "year: '" + "9" * 5000 + "'"),
        ("year: 2026", "year: 2026\ndate: 二月"),
        ("year: 2026", "year: 2026\ndate: 2026-02-30"),
        ("year: 2026", "year: 2026\ndate: 0001-01-01"),
        ("year: 2026", "year: 2026\ndate: 20260218"),
        ("year: 2026", "year: 2026\nnotice: {date: 明天}"),
    ],
)
def test_bad_integers_and_dates_in_yaml_are_one_line(tmp_path, old, new):
    path = plan_file(tmp_path, text=PLAN.replace(old, new))
    for command in ("parse", "check"):
        assert str(path) in one_error(run_cli(command, str(path)))


def test_an_unquoted_yaml_date_is_read(tmp_path):
    path = plan_file(tmp_path, text=PLAN.replace("year: 2026", "year: 2026\ndate: 2026-02-18"))
    result = run_cli("parse", str(path), "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["date"] == "2026-02-18"
    assert run_cli("check", str(path)).returncode in (0, 1)


# --- 19: ids are names, never paths ---------------------------------------------------------


@pytest.mark.parametrize("key", ["../outside", "OUTSIDE", "sub/x", "..", ".", ".quarantine", ""])
def test_corpus_show_reads_nothing_outside_the_corpus(good, tmp_path, key):
    plan_file(tmp_path, "outside.yaml")  # a valid plan next to the corpus
    key = str(tmp_path / "outside") if key == "OUTSIDE" else key
    message = one_error(run_cli("corpus", "show", key, "--corpus", str(good)))
    assert "编号" in message and "测试市教育局" not in message


# --- neighbours: odd but harmless YAML ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n# 只有注释\n",
        "- 一\n- 二\n",
        "就是一句话\n",
        "title: 计划\nsections: 不是列表\n",
        "title: 计划\nsections:\n- number: 一\n  items:\n  - title: 没有序号\n",
        "[" * 5000 + "]" * 5000 + "\n",
        "title: 计划\nsections: " + "[{number: 一, sections: " * 400 + "[]" + "}]" * 400 + "\n",
        "title: !!python/object:os.system ls\n",
        "title: 计划\n---\ntitle: 第二份\n",
    ],
)
def test_odd_yaml_is_one_line_or_read(tmp_path, text):
    path = plan_file(tmp_path, text=text)
    result = run_cli("parse", str(path), "--json")
    if result.returncode != 0:
        assert str(path) in one_error(result)


def test_a_plan_without_title_or_year_is_read_and_ingested(tmp_path):
    text = PLAN.replace("title: 2026年教育工作要点\n", "").replace("year: 2026\n", "")
    path = plan_file(tmp_path, text=text)
    result = run_cli("parse", str(path), "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["year"] is None
    folder = tmp_path / "corpus"
    added = run_cli("ingest", str(path), "--corpus", str(folder))
    assert added.returncode == 0 and "新增" in added.stdout
    assert run_cli("corpus", "check", "--corpus", str(folder)).returncode == 0
