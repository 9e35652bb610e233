"""The ``drafter`` command: output shapes, bad input, exit codes — run in this process through
its entry point, and in a real process for what only a process shows."""

from __future__ import annotations

import json
import zipfile

import pytest
import yaml
from conftest import SEED_IDS, run_cli, run_process

from drafter.resources import bundled


def test_parse_json_shape(seed):
    result = run_cli("parse", str(seed["000"]), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"title", "issuer", "year", "doc_type", "preamble", "sections", "warnings"} <= data.keys()
    section = data["sections"][0]
    assert {"number", "title", "items", "sections"} <= section.keys()
    item = section["items"][0]
    assert {"number", "title", "text", "clauses"} <= item.keys()
    assert {"lead", "units", "support", "raw"} <= item["clauses"][0].keys()
    assert (data["issuer"], data["year"], section["number"], item["number"]) == (
        "长沙市教育局",
        2022,
        "一",
        "1",
    )
    assert item["clauses"][0]["lead"] == ["宣传统统处"]


def test_parse_readable(seed):
    result = run_cli("parse", str(seed["004"]))
    assert result.returncode == 0
    assert "长沙市新时代基础教育扩优提质行动计划" in result.stdout
    assert "共 4 个部分、28 条,其中 0 条写明了责任单位。" in result.stdout


def test_help_is_chinese_and_lists_the_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "用法:" in result.stdout and "命令:" in result.stdout
    for command in ("parse", "ingest", "corpus"):
        assert command in result.stdout
    assert run_cli("--version").stdout.startswith("drafter ")


def _bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "notzip.docx").write_bytes("这不是Word文件".encode())
    with zipfile.ZipFile(tmp_path / "notword.docx", "w") as archive:
        archive.writestr("hello.txt", "hi")
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "plan.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "syntax.yaml").write_text(
        "title: 计划\nsections:\n  - number: 一\n   title: [未闭合\n", encoding="utf-8"
    )
    (tmp_path / "shape.yaml").write_text(
        yaml.safe_dump(
            {"title": "计划", "sections": [{"number": "一", "items": "不是列表"}]}, allow_unicode=True
        ),
        encoding="utf-8",
    )
    (tmp_path / "unknown.yaml").write_text("title: 计划\ntitel: 拼错的字段\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    return {
        "missing.txt": "文件不存在",
        "folder": "文件夹",
        "empty.txt": "文件为空",
        "blank.txt": "文件为空",
        "binary.txt": "不是文本文件",
        "notzip.docx": "不是有效的 .docx",
        "notword.docx": "不是 Word 文档",
        "plan.pdf": "PDF 文件已损坏",
        "plan.xls": "不支持的文件类型",
        "syntax.yaml": "第4行",
        "shape.yaml": "sections[0].items 应为列表",
        "unknown.yaml": "titel 是未知字段",
    }


def test_bad_input_gives_one_chinese_line_and_exit_code_2(tmp_path):
    for name, expected in _bad_inputs(tmp_path).items():
        result = run_cli("parse", str(tmp_path / name))
        assert result.returncode == 2, name
        lines = result.stderr.strip().split("\n")
        assert len(lines) == 1, (name, result.stderr)
        assert lines[0].startswith("错误:") and name in lines[0] and expected in lines[0], lines[0]
        assert "Traceback" not in result.stderr and result.stdout == ""


def test_usage_errors_are_chinese():
    missing = run_cli("parse")
    assert missing.returncode == 2 and missing.stderr.startswith("错误:缺少参数")
    wrong = run_cli("ingest", "x.txt", "--year", "abc")
    assert wrong.returncode == 2 and "整数" in wrong.stderr and "valid" not in wrong.stderr
    unknown = run_cli("pars")
    assert unknown.returncode == 2 and "没有命令“pars”" in unknown.stderr


def test_gb18030_and_bom_files_are_not_errors(seed, tmp_path):
    text = seed["003"].read_text(encoding="utf-8").replace("\xa0", " ")
    (tmp_path / "gb.txt").write_bytes(text.encode("gb18030"))
    (tmp_path / "bom.txt").write_bytes(text.encode("utf-8-sig"))
    for name in ("gb.txt", "bom.txt"):
        result = run_cli("parse", str(tmp_path / name), "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["issuer"] == "湘潭市教育局"


def _readme_rows() -> set[tuple[str, str, int]]:
    """(id, issuer, year) of each row of corpus/README.md's corpus-dev table; “(未署名)” is no issuer."""
    readme = (bundled("corpus") / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| 编号 | 标题 | 发文单位 | 年度 | corpus-dev 文件") :].split("\n\n")[0]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()[2:]]
    return {(row[0], "" if row[2] == "(未署名)" else row[2], int(row[3])) for row in rows}


def test_corpus_list_from_an_empty_folder_uses_the_bundled_corpus(tmp_path):
    result = run_cli("corpus", "list", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert len(entries) == 47
    keys = {"id", "title", "issuer", "year", "doc_type", "sections", "items", "items_with_units"}
    assert all(keys <= e.keys() for e in entries)
    # the corpus-dev documents: id, issuer and year as corpus/README.md lists them (from SOURCES.md)
    listed = {(e["id"], e["issuer"], e["year"]) for e in entries if e["id"] not in SEED_IDS}
    assert listed == _readme_rows()
    seeds = [e for e in entries if e["id"] in SEED_IDS]
    assert sorted((e["issuer"], e["year"], e["items"], e["items_with_units"]) for e in seeds) == [
        ("", 2024, 23, 0),  # the template's “xx” is no issuer
        ("", 2024, 28, 0),  # nor the bare place “长沙市”
        ("沈阳市教育局", 2022, 27, 27),
        ("湘潭市教育局", 2017, 28, 0),
        ("长沙市教育局", 2022, 25, 25),
    ]


def test_ingest_then_list_and_show(seed, tmp_path):
    corpus = tmp_path / "corpus"
    first = run_cli("ingest", str(seed["001"]), str(seed["003"]), "--corpus", str(corpus))
    assert first.returncode == 0, first.stderr
    assert "新增" in first.stdout and "沈阳市教育局" in first.stdout
    again = run_cli("ingest", str(seed["001"]), "--corpus", str(corpus))
    assert again.returncode == 0 and "已存在" in again.stdout
    assert len(list(corpus.glob("*.yaml"))) == 2 and len(list((corpus / "sources").iterdir())) == 2
    listed = json.loads(run_cli("corpus", "list", "--json", "--corpus", str(corpus)).stdout)
    assert [e["issuer"] for e in listed] == ["湘潭市教育局", "沈阳市教育局"]
    shown = run_cli("corpus", "show", "沈阳", "--corpus", str(corpus))
    assert shown.returncode == 0 and "始终把政治建设摆在首位" in shown.stdout
    env_listed = run_cli("corpus", "list", "--json", env={"DRAFTER_CORPUS": str(corpus)})
    assert len(json.loads(env_listed.stdout)) == 2
    local = run_cli("corpus", "list", "--json", cwd=tmp_path)  # ./corpus exists here
    assert len(json.loads(local.stdout)) == 2


def test_ingest_reports_bad_files_and_keeps_the_good_ones(seed, tmp_path):
    corpus = tmp_path / "corpus"
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli("ingest", str(seed["002"]), str(tmp_path / "empty.txt"), "--corpus", str(corpus))
    assert result.returncode == 1  # some files failed (2: none could be read)
    assert "empty.txt" in result.stderr and "文件为空" in result.stderr
    assert len(list(corpus.glob("*.yaml"))) == 1


@pytest.mark.parametrize(
    "args", [["corpus", "show", "不存在的编号"], ["corpus", "list", "--corpus", "/no/such/dir"]]
)
def test_corpus_errors(args):
    result = run_cli(*args)
    assert result.returncode == 2 and result.stderr.startswith("错误:")


# --- a real process: the installed script, its exit status, its streams ------------------------


def test_the_installed_command_exits_with_its_codes(seed, tmp_path):
    assert run_process("check", str(seed["001"])).returncode == 0  # no error in 沈阳's plan
    assert run_process("check", str(seed["000"])).returncode == 1  # 长沙's has unknown units
    missing = run_process("parse", str(tmp_path / "无此文件.txt"))
    assert missing.returncode == 2 and missing.stdout == b""


def test_chinese_survives_a_c_locale(seed, tmp_path):
    """With LANG=C (a bare server, cron) the streams are still UTF-8, not an encoding error."""
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": None, "PYTHONUTF8": None}
    missing = tmp_path / "无此文件.txt"
    failed = run_process("parse", str(missing), env=env)
    assert failed.returncode == 2
    assert failed.stderr.decode("utf-8") == f"错误:{missing}:文件不存在\n"
    parsed = run_process("parse", str(seed["000"]), env=env)
    assert parsed.returncode == 0 and "长沙市教育局" in parsed.stdout.decode("utf-8")


def test_piped_output_is_plain_and_what_the_in_process_runs_see(seed):
    """Colour and live progress only on a terminal: through a real pipe, even with a colour
    terminal named and NO_COLOR unset, the output is plain and tables are tab-separated —
    the very output the in-process runs of the other tests capture."""
    env = {"NO_COLOR": None, "FORCE_COLOR": None, "TERM": "xterm-256color"}
    for args in (["check", str(seed["000"])], ["corpus", "list"]):
        piped = run_process(*args, env=env)
        assert b"\x1b[" not in piped.stdout + piped.stderr
        assert (piped.returncode, piped.stdout.decode(), piped.stderr.decode()) == run_cli(*args)
    assert "编号\t标题\t发文单位" in piped.stdout.decode()
