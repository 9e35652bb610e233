"""drafter's YAML (plans and the drafter.yaml profile): a key written twice, a syntax error and
a value swallowed by a “#” comment each give one Chinese line naming the file and the line."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import run_cli

from drafter.store import serialize

PLAN = """\
title: 长沙市教育局2027年工作要点
issuer: 长沙市教育局
year: 2027
sections:
- number: 一
  title: 全面加强党的建设
  items:
  - number: '1'
    title: 强化思想武装。
    text: 深入学习贯彻党的二十大精神。
    clauses:
    - lead:
      - 组织处
      raw: (责任处室:组织处)
"""


def one_error(result) -> str:
    """The single line a refused command prints; exit code 2, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def parse_error(tmp_path, text: str) -> str:
    path = tmp_path / "计划.yaml"
    path.write_text(text, encoding="utf-8")
    message = one_error(run_cli("parse", str(path)))
    assert str(path) in message
    return message


def test_the_plan_itself_reads(tmp_path):
    path = tmp_path / "计划.yaml"
    path.write_text(PLAN, encoding="utf-8")
    result = run_cli("parse", str(path))
    assert result.returncode == 0, result.stderr


# --- a key written twice ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "line", "first"),
    [
        (PLAN.replace("year: 2027\n", "year: 2027\ntitle: 另一个标题\n"), "title", 4, 1),
        (PLAN.replace("    text: 深", "    title: 重复\n    text: 深"), "title", 10, 9),
        (PLAN.replace("      raw:", "      lead: 宣传处\n      raw:"), "lead", 14, 12),
        # the same key quoted is the same key
        (PLAN.replace("issuer: 长沙市教育局\n", "issuer: 长沙市教育局\n'issuer': 别的局\n"), "issuer", 3, 2),
    ],
    ids=["top", "item", "clause", "quoted"],
)
def test_a_duplicate_key_in_a_plan_is_refused(tmp_path, text, key, line, first):
    message = parse_error(tmp_path, text)
    assert message.endswith(f" 第{line}行:键“{key}”重复(第{first}行已有)"), message


def test_the_first_duplicate_in_the_file_is_named(tmp_path):
    text = PLAN.replace("    text: 深", "    title: 重复\n    text: 深") + "title: 又一个\n"
    assert "第10行:键“title”重复(第9行已有)" in parse_error(tmp_path, text)


def test_a_duplicate_key_in_the_profile_is_refused(tmp_path):
    profile = tmp_path / "drafter.yaml"
    profile.write_text("issuer: 长沙市教育局\nnotice:\n  signer: 甲\n  signer: 乙\n", encoding="utf-8")
    message = one_error(run_cli("units", cwd=tmp_path))
    assert "drafter.yaml 第4行:键“signer”重复(第3行已有)" in message, message


# --- syntax errors in Chinese -----------------------------------------------------------------

ENGLISH = re.compile(r"[A-Za-z]{3,}")  # PyYAML's words; YAML, Tab and key names are allowed below
ALLOWED = {"YAML", "Tab"}

SYNTAX = {
    "colon": (PLAN.replace("title: 强化思想武装。", "title: 强化思想武装: 学习"), 9, "请给整段文字加引号"),
    "tab": (PLAN.replace("    text: 深", "\ttext: 深"), 10, "缩进不能用制表符(Tab),请用空格"),
    "tab-key": (PLAN + "\tnotes: x\n", 15, "缩进不能用制表符(Tab),请用空格"),
    "double-quote": (PLAN.replace("text: 深", 'text: "深'), 10, "引号没有配对"),
    "single-quote": (PLAN.replace("text: 深", "text: '深"), 10, "引号没有配对"),
    "bracket": (PLAN.replace("      - 组织处", "      - [组织处"), 13, "方括号“[”没有配对的“]”"),
    "brace": (PLAN.replace("      - 组织处", "      - {组织处"), 13, "花括号“{”没有配对的“}”"),
    "at-sign": (PLAN.replace("text: 深", "text: @深"), 10, "文字不能以“@”开头"),
    "backtick": (PLAN.replace("text: 深", "text: `深"), 10, "文字不能以“`”开头"),
    "indentation": (PLAN.replace("    text: 深", "   text: 深"), 10, "层次对不上"),
    "text-after-quote": (PLAN.replace("text: 深入学习", "text: '深入'学习"), 10, "引号后还有字"),
    "missing-colon": (PLAN.replace("year: 2027", "year 2027"), 3, "这一行缺少“: ”"),
    # issue 16: a half-width “目标: ” in a text, and a key without the space after its colon
    "colon-in-text": (
        PLAN.replace("text: 深入学习", "text: 工作目标: 深入学习"),
        10,
        "文字里有冒号加空格时,请给整段文字加引号",
    ),
    "no-space-after-colon": (PLAN.replace("text: 深", "text:深"), 10, "(冒号后面要有空格)"),
    "escape": (PLAN.replace("text: 深", 'text: "\\q深"'), 10, "反斜杠请写成"),
    "second-document": (PLAN + "---\ntitle: x\n", 15, "一个文件只能有一份内容"),
    "tag": (PLAN.replace("text: 深", "text: !深"), 10, "以“!”开头的内容会被当作 YAML 标记"),
    "block-scalar": (PLAN.replace("text: 深", "text: |深"), 10, "“|”或“>”后面不能接文字"),
    "percent": (PLAN + "%年度\n", 15, "以“%”开头"),
    "control-character": (PLAN.replace("text: 深", "text: \x07深"), 10, "控制字符 U+0007"),
    # the “]” went into a comment: the hint says so
    "comment-in-brackets": (PLAN.replace("      - 组织处", "      - [组织处, #宣传处]"), 13, "当作注释"),
}


@pytest.fixture(params=["libyaml", "python"])
def loader(request, monkeypatch):
    """Both of PyYAML's loaders word their errors, differently: the C one where libyaml is
    installed, the pure-Python one elsewhere."""
    if request.param == "python":
        monkeypatch.setattr(serialize, "_Loader", yaml.SafeLoader)
    elif not yaml.__with_libyaml__:
        pytest.skip("PyYAML without libyaml")
    return request.param


@pytest.mark.parametrize("case", sorted(SYNTAX))
def test_a_syntax_error_is_told_in_chinese(tmp_path, loader, case):
    text, line, words = SYNTAX[case]
    message = parse_error(tmp_path, text)
    assert f" 第{line}行:YAML " in message and words in message, message
    told = message.split(f"第{line}行:", 1)[1]
    assert set(ENGLISH.findall(told)) <= ALLOWED, message


def test_an_unknown_problem_keeps_the_english_in_brackets(tmp_path, loader):
    message = parse_error(tmp_path, "%YAML 2.0\n---\n" + PLAN)
    assert "第1行:YAML 语法错误:请检查" in message and "(found incompatible YAML document" in message, message


def test_a_syntax_error_in_the_profile_is_told_in_chinese(tmp_path):
    (tmp_path / "drafter.yaml").write_text("issuer: 长沙市教育局\n\tyear: 2027\n", encoding="utf-8")
    message = one_error(run_cli("units", cwd=tmp_path))
    assert "drafter.yaml 第2行:YAML 语法错误:缩进不能用制表符(Tab),请用空格" in message, message


# --- a value swallowed by a comment (issue 16) -------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "key", "line"),
    [
        ("text: 深入", "text: # 深入", "text", 10),
        ("title: 强化", "title:  #强化", "title", 9),
        ("title: 全面", "title: # 全面", "title", 6),
    ],
    ids=["item-text", "item-title", "section-title"],
)
def test_a_text_swallowed_by_a_comment_is_refused(tmp_path, old, new, key, line):
    message = parse_error(tmp_path, PLAN.replace(old, new))
    assert f"第{line}行:{key} 读成了空:以 # 开头的内容会被当作注释,请给整段文字加引号" in message


def test_a_comment_after_a_text_or_a_quoted_hash_is_fine(tmp_path):
    path = tmp_path / "计划.yaml"
    text = PLAN.replace("text: 深入学习", "text: '# 深入学习").replace("精神。", "精神。'  # 备注")
    path.write_text(text, encoding="utf-8")
    result = run_cli("parse", str(path), "--json")
    assert result.returncode == 0 and "# 深入学习" in result.stdout, result.stderr


def test_a_value_shared_by_two_parts_is_written_out_not_aliased(tmp_path):
    # two parts of one file share their provenance: the YAML must not carry &id001/*id001,
    # which the reader refuses
    from drafter.model import Plan
    from drafter.parse.plan import parse_text
    from drafter.store.serialize import dump_yaml, load_plan, plan_to_dict

    first = parse_text("甲县教育局2024年工作要点\n一、重点任务\n1.加强管理。(责任单位:组织处)\n")
    second = Plan(title="乙方案", sections=first.sections)
    first.source.provenance = {"part": 1}
    second.source.provenance = first.source.provenance
    first.more_parts = [second]
    text = dump_yaml(plan_to_dict(first))
    assert "&id" not in text and "*id" not in text
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_plan(path).title == first.title
