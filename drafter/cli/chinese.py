"""Chinese help pages and usage errors on top of typer (whose own words are English).

Everything here touches typer internals (its vendored click, the gettext hook of
``typer.core``, the help formatter and the type placeholders), so it lives in this one
module and is tested (tests/test_cli_chinese.py) against the typer release that
pyproject.toml allows. A typer without the expected internals raises
``LocalizationError`` rather than quietly printing English.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import typer
from typer import _click as click
from typer import core
from typer._click import formatting, types
from typer._click._compat import strip_ansi
from typer._click.formatting import HelpFormatter
from typer.exceptions import Abort

_HELP_WORDS = {
    "Arguments": "参数", "Options": "选项", "Commands": "命令", "required": "必填",
    "default: {default}": "默认:{default}", "env var: {var}": "环境变量:{var}",
}  # fmt: skip
_OPTION_HELP = {
    "install_completion": "为当前 shell 安装命令补全",
    "show_completion": "显示当前 shell 的补全脚本,以便复制或自行安装",
}
HELP_OPTION_HELP = "显示本帮助并退出"
USAGE_PREFIX = "用法:"


class LocalizationError(RuntimeError):
    """typer lacks an internal this module patches (an untested typer release)."""


def localize_help(command: Any) -> None:
    """Put Chinese words into the help pages of ``command`` and its subcommands."""
    try:
        _patch_typer()
        stack = [command]
        while stack:
            current = stack.pop()
            stack.extend(getattr(current, "commands", {}).values())
            option = current.get_help_option(click.Context(current, help_option_names=["-h", "--help"]))
            if option is not None:
                option.help = HELP_OPTION_HELP
            for param in current.params:
                param.help = _OPTION_HELP.get(param.name or "", param.help)
    except (AttributeError, TypeError) as error:
        raise LocalizationError(f"typer {typer.__version__}: {error}") from error


# The typer internals patched below, checked all together before any is touched.
_PATCHED = (
    (core, "_"),
    (types._NumberRangeBase, "_describe_range"),
    (core.TyperArgument, "make_metavar"),
    (HelpFormatter, "write_usage"),
    (formatting, "term_len"),
)


def _patch_typer() -> None:
    if getattr(core, "_drafter_localized", False):
        return
    missing = [f"{getattr(owner, '__name__', owner)}.{name}" for owner, name in _PATCHED
               if not callable(getattr(owner, name, None))]  # fmt: skip
    if missing:
        raise AttributeError(f"没有 {'、'.join(missing)}")
    core._ = _gettext
    # The range in an option's help (click writes "30<=x<=300").
    types._NumberRangeBase._describe_range = number_range  # type: ignore[method-assign, assignment]
    formatting.term_len = display_width  # columns line up under Chinese placeholders
    write_usage = HelpFormatter.write_usage

    def localized_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

    HelpFormatter.write_usage = localized_usage  # type: ignore[method-assign]

    # typer drops the "..." of a named argument taking several values (文件, {文件}); put it back.
    make_metavar = core.TyperArgument.make_metavar

    def argument_metavar(self: Any, ctx: Any, *, usage: bool = False) -> str:
        name = make_metavar(self, ctx, usage=usage)
        return f"{name}..." if self.metavar is not None and self.nargs != 1 else name

    core.TyperArgument.make_metavar = argument_metavar  # type: ignore[method-assign]
    core._drafter_localized = True  # type: ignore[attr-defined]


def _gettext(message: str) -> str:
    return _HELP_WORDS.get(message, message)


def display_width(x: str) -> int:
    """Columns text takes on a terminal: wide (CJK) characters take two (click's ``term_len``)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in strip_ansi(x))


def number_range(number_type: types._NumberRangeBase) -> str:
    """The allowed range of a number option, as the help page shows it (click's ``_describe_range``)."""
    low, high = number_type.min, number_type.max
    if low is not None and high is not None and not (number_type.min_open or number_type.max_open):
        return f"范围:{low}–{high}"
    bounds = (
        None if low is None else f"{'大于' if number_type.min_open else '不小于'} {low}",
        None if high is None else f"{'小于' if number_type.max_open else '不大于'} {high}",
    )
    return " 且".join(bound for bound in bounds if bound)


def run(command: Any, argv: list[str], **extra: Any) -> int:
    """Run ``command`` on ``argv``; the parser's own errors become one Chinese line (exit code 2)."""
    if not argv or "-h" in argv or "--help" in argv:
        _localize_or_warn(command)
    try:
        code = command.main(args=argv, prog_name="drafter", standalone_mode=False, **extra)
    except click.exceptions.NoArgsIsHelpError as error:
        _localize_or_warn(command)
        typer.echo(error.ctx.get_help() if error.ctx else "")
        return 0
    except click.exceptions.ClickException as error:
        typer.echo(f"错误:{usage_message(error)}", err=True)
        return 2
    except (Abort, KeyboardInterrupt):
        typer.echo("已中止。", err=True)
        return 130
    return code if isinstance(code, int) else 0


def _localize_or_warn(command: Any) -> None:
    """Localise the help; on an untested typer say so (once, on stderr) and show it in English."""
    try:
        localize_help(command)
    except LocalizationError as error:
        typer.echo(f"提示:帮助信息未能译成中文({error})", err=True)


def usage_message(error: Any) -> str:
    """A Chinese line for the argument parser's own (English) errors."""
    exceptions = click.exceptions
    ctx = getattr(error, "ctx", None)
    hint = f";用法见 {ctx.command_path} --help" if ctx is not None else ""
    if isinstance(error, exceptions.MissingParameter):
        return f"缺少参数 {_param_name(error.param)}{hint}"
    if isinstance(error, exceptions.NoSuchOption):
        maybe = f"(是否想用 {'、'.join(sorted(error.possibilities))}?)" if error.possibilities else ""
        return f"没有选项 {error.option_name}{maybe}{hint}"
    if isinstance(error, exceptions.BadParameter):
        name = _param_name(error.param) if error.param is not None else (error.param_hint or "")
        return f"参数 {name} 的值无效:{_bad_value(error)}{hint}"
    message = error.format_message()
    unknown = re.match(r"No such command '([^']+)'", message)
    if unknown:
        close = re.search(r"Did you mean '([^']+)'", message)
        return f"没有命令“{unknown.group(1)}”" + (f"(是否想用 {close.group(1)}?)" if close else "") + hint
    extra = re.match(r"Got unexpected extra arguments?(?:\(s\))? \((.+)\)", message)
    if extra:
        return f"多余的参数:{extra.group(1)}{hint}"
    return f"{message}{hint}"


def _param_name(param: Any) -> str:
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "argument":
        return str(param.metavar or param.name or "").upper()
    return "/".join(param.opts)


_ERRORS = (
    (r"'(.*)' is not a valid int(?:eger)?(?: range)?\.?", "“{0}”不是整数"),
    (r"'(.*)' is not a valid float(?: range)?\.?", "“{0}”不是数字"),
    (r"'(.*)' is not one of (.+)\.", "“{0}”不是可选值之一:{1}"),
    (r"'(.*)' is not a valid boolean\.?", "“{0}”不是是/否值"),
)
# click's range error. What is allowed is said from the option's own range, whether or not
# its help (and with it ``_describe_range``) has been localised in this process.
_OUT_OF_RANGE = re.compile(r".+ is not in the range .+")


def _bad_value(error: Any) -> str:
    number_type = getattr(error.param, "type", None)
    if isinstance(number_type, types._NumberRangeBase) and _OUT_OF_RANGE.fullmatch(error.message):
        low, high = number_type.min, number_type.max
        if low is None or high is None or number_type.min_open or number_type.max_open:
            return f"应{number_range(number_type)}"
        return f"应在 {low} 到 {high} 之间"
    for pattern, chinese in _ERRORS:
        match = re.fullmatch(pattern, error.message)
        if match:
            return chinese.format(*match.groups())
    return str(error.message)
