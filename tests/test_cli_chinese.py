"""The Chinese help pages and usage errors, run in-process through ``drafter.cli.app.main``.

They rest on typer internals (drafter/cli/chinese.py); on a typer release without them these
tests fail instead of the help quietly turning English.
"""

from __future__ import annotations

import re

import pytest
import typer
from conftest import run_process
from typer import core
from typer._click import types

from drafter.cli import chinese
from drafter.cli.app import app, main


def drafter(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stop:
        main(list(args))
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out, err


def _command_paths(group=None, prefix=()):
    group = group or typer.main.get_command(app)
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield (*prefix, name)
            yield from _command_paths(command, (*prefix, name))
        else:
            yield (*prefix, name)


COMMANDS = [(), *_command_paths()]
# What typer prints where a help page has no Chinese word of its own.
ENGLISH = re.compile(
    r"<[a-z][\w\[\], ]*>|x[<>]=|<=x|\.\.\.\}|\.\.\.\.\.\.|\[\["
    r"|\b(?:INTEGER|FLOAT|PATH|TEXT|FILE|Usage|Options|Arguments|Commands|default|required)\b"
)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "drafter")
def test_every_help_page_is_chinese(capsys, path):
    code, out, err = drafter(capsys, *path, "--help")
    assert code == 0 and err == ""
    assert out.startswith(f"用法:drafter {' '.join(path)}".replace("  ", " ").rstrip())
    assert "选项:" in out and "显示本帮助并退出" in out
    assert ENGLISH.findall(out) == []


def test_help_headings_placeholders_and_ranges(capsys):
    _, out, _ = drafter(capsys, "check", "--help")
    assert "用法:drafter check [选项] {文件}..." in out
    assert "参数:" in out and "文件...  " in out and "[必填]" in out
    assert "--year 年份" in out and "--corpus 目录" in out and "[默认:text]" in out
    _, out, _ = drafter(capsys, "preview", "--help")
    assert "--dpi 整数" in out and "范围:30–300" in out
    _, out, _ = drafter(capsys, "suggest", "--help")
    assert "不小于 1" in out
    _, out, _ = drafter(capsys, "--help")
    assert "命令:" in out and "为当前 shell 安装命令补全" in out


def test_help_columns_line_up_under_chinese_placeholders(capsys):
    _, out, _ = drafter(capsys, "check", "--help")
    options = out.split("选项:\n", 1)[1].splitlines()
    texts = ("输出格式", "本局单位名录", "计划年度", "上年计划", "只用这些规则")
    starts = {
        chinese.display_width(line[: line.index(text)]) for line, text in zip(options, texts, strict=False)
    }
    assert len(starts) == 1  # every help text starts in the same column


def test_no_arguments_shows_the_chinese_help(capsys):
    code, out, _ = drafter(capsys)
    assert code == 0 and out.startswith("用法:drafter [选项] 命令 [参数]...")
    code, out, _ = drafter(capsys, "corpus")
    assert code == 0 and "用法:drafter corpus" in out and "命令:" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("parse",), "错误:缺少参数 文件;用法见 drafter parse --help"),
        (("check", "--nope", "x.txt"), "错误:没有选项 --nope"),
        (("chekc",), "错误:没有命令“chekc”(是否想用 check?)"),
        (("preview", "a.docx", "--dpi", "abc"), "错误:参数 --dpi 的值无效:“abc”不是整数"),
        (("preview", "a.docx", "--dpi", "5"), "错误:参数 --dpi 的值无效:应在 30 到 300 之间"),
        (("suggest", "x", "--top", "0"), "错误:参数 --top/-k 的值无效:应不小于 1"),
        (("diff", "a", "b", "c"), "错误:多余的参数:c"),
    ],
)
def test_usage_errors_are_one_chinese_line(capsys, args, message):
    code, out, err = drafter(capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert not re.search(r"[A-Za-z]+ [A-Za-z]+", err.split(";用法见")[0])  # no English left over


def test_range_errors_are_the_same_in_a_process_that_showed_no_help():
    # Help pages are localised only when one is shown; click's range error must not depend on it.
    run = run_process("preview", "a.docx", "--dpi", "5")
    assert run.returncode == 2
    assert run.stderr.decode().startswith("错误:参数 --dpi 的值无效:应在 30 到 300 之间")


def test_number_ranges_read_as_chinese_with_open_bounds():
    assert chinese.number_range(types.IntRange(min=1)) == "不小于 1"
    assert chinese.number_range(types.FloatRange(max=1.5, max_open=True)) == "小于 1.5"
    assert chinese.number_range(types.IntRange(0, 9, min_open=True)) == "大于 0 且不大于 9"


def test_localisation_fails_loudly_on_a_typer_without_the_internals(monkeypatch):
    monkeypatch.setattr(core, "_drafter_localized", False, raising=False)
    monkeypatch.delattr(types._NumberRangeBase, "_describe_range")
    with pytest.raises(chinese.LocalizationError, match="typer"):
        chinese.localize_help(typer.main.get_command(app))
