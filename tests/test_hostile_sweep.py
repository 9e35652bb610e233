"""A broad sweep of hostile inputs over every command (issue 12: "the verification will try
cases beyond this list"): each command × each kind of bad file, bad folder, bad profile, bad
option value. Every case ends in a correct result (exit 0, or 1 for findings of ``check`` and
``corpus check``) or in one Chinese line on stderr with exit code 2 — never a traceback.

Inputs are made in the test, small, on a real disk; the real CLI runs in this process."""

from __future__ import annotations

import functools
import io
import os
import re
import signal
import traceback
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer
import typer.main
from conftest import Run, run_cli

PLAN = """\
title: 2026年教育工作要点
issuer: 测试市教育局
year: 2026
sections:
- number: 一
  title: 全面加强党的建设
  items:
  - number: '1'
    title: 强化思想武装
    text: 深入学习贯彻党的二十大精神。
    clauses:
    - lead: [组织处]
      raw: (牵头处室:组织处)
      position: 14
"""

TEXT = """\
测试市教育局2026年工作要点

一、全面加强党的建设
1.强化思想武装。深入学习贯彻党的二十大精神。(牵头处室:组织处)
2.推进基层党建。开展党支部标准化建设。(牵头处室:组织处;责任处室:人事处)
"""

TRACEBACK_MARKS = ("Traceback", 'File "', "Error:", "Exception", "Warning:")
CHINESE = re.compile(r"[\u4e00-\u9fff]")

# --- hostile files ------------------------------------------------------------------------


def _docx_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _real_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("测试市教育局2026年工作要点")
    document.add_paragraph("一、全面加强党的建设")
    document.add_paragraph("1.强化思想武装。(牵头处室:组织处)")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _wrong_types(field: str, value: str) -> str:
    """PLAN with one field replaced by a value of the wrong type."""
    lines = {
        "sections": "sections: 5\n",
        "items": PLAN.replace("  items:\n  - number: '1'", "  items: x\n  - number: '1'"),
    }
    if field in lines and field == "sections":
        return PLAN.split("sections:")[0] + lines[field]
    replacements = {
        "items": ("  items:\n" + PLAN.split("  items:\n")[1], f"  items: {value}\n"),
        "clauses": ("    clauses:\n" + PLAN.split("    clauses:\n")[1], f"    clauses: {value}\n"),
        "year": ("year: 2026", f"year: {value}"),
        "date": ("year: 2026", f"year: 2026\ndate: {value}"),
        "lead": ("lead: [组织处]", f"lead: {value}"),
        "number": ("number: '1'", f"number: {value}"),
        "title": ("title: 强化思想武装", f"title: {value}"),
        "section_number": ("- number: 一", f"- number: {value}"),
        "issuer": ("issuer: 测试市教育局", f"issuer: {value}"),
        "top_title": ("title: 2026年教育工作要点", f"title: {value}"),
        "text": ("text: 深入学习贯彻党的二十大精神。", f"text: {value}"),
        "raw": ("raw: (牵头处室:组织处)", f"raw: {value}"),
        "position": ("position: 14", f"position: {value}"),
    }
    old, new = replacements[field]
    assert old in PLAN
    return PLAN.replace(old, new, 1)


WRONG_TYPES = {
    "sections-5": ("sections", "5"),
    "items-x": ("items", '"x"'),
    "clauses-[1]": ("clauses", "[1]"),
    "clauses-x": ("clauses", "x"),
    "year-二〇二二": ("year", '"二〇二二"'),
    "year-list": ("year", "[2026]"),
    "year-float": ("year", "2026.5"),
    "year-bool": ("year", "true"),
    "date-二月": ("date", "二月"),
    "date-list": ("date", "[1, 2]"),
    "date-int": ("date", "20260218"),
    "lead-dict": ("lead", "{a: b}"),
    "lead-str": ("lead", "组织处"),
    "lead-[1]": ("lead", "[1, null]"),
    "number-[]": ("number", "[]"),
    "number-dict": ("number", "{a: 1}"),
    "section-number-null": ("section_number", "null"),
    "title-null": ("title", "null"),
    "title-list": ("title", "[a, b]"),
    "issuer-list": ("issuer", "[a]"),
    "plan-title-dict": ("top_title", "{a: b}"),
    "text-int": ("text", "5"),
    "raw-list": ("raw", "[1]"),
    "position-x": ("position", "x"),
    "position-negative": ("position", "-99999"),
    "position-huge": ("position", "99999999999999999999"),
}

Maker = Callable[[Path], Path]


def _file(name: str, data: bytes | str) -> Maker:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    return make


def _folder(folder: Path) -> Path:
    path = folder / "plan.txt"
    path.mkdir()
    return path


def _missing(folder: Path) -> Path:
    return folder / "没有这个文件.txt"


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _dev_null(folder: Path) -> Path:
    return Path("/dev/null")


def _symlink_to_folder(folder: Path) -> Path:
    target = folder / "target"
    target.mkdir()
    path = folder / "link.txt"
    path.symlink_to(target)
    return path


def _dangling(folder: Path) -> Path:
    path = folder / "dangling.yaml"
    path.symlink_to(folder / "nowhere.yaml")
    return path


def _truncated_docx(folder: Path) -> Path:
    data = _real_docx()
    path = folder / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _deep(depth: int) -> str:
    return "title: 计划\nsections: " + "[{number: 一, sections: " * depth + "[]" + "}]" * depth + "\n"


def _deep_mapping(depth: int) -> str:
    return "title:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, depth)) + "  " * depth + "x\n"


HOSTILE: dict[str, Maker] = {
    "empty.txt": _file("empty.txt", b""),
    "empty.yaml": _file("empty.yaml", b""),
    "empty.docx": _file("empty.docx", b""),
    "empty.md": _file("empty.md", b""),
    "whitespace.txt": _file("white.txt", " \n\t\n\u3000\n\r\n"),
    "whitespace.yaml": _file("white.yaml", " \n\n   \n"),
    "huge-line.txt": _file("huge.txt", "一、" + "加强管理" * 20_000 + "\n"),
    "huge-line.yaml": _file("huge.yaml", "title: " + "加" * 80_000 + "\n"),
    "binary.txt": _file("bin.txt", bytes(range(256)) * 40),
    "binary.yaml": _file("bin.yaml", bytes(range(256)) * 40),
    "binary.docx": _file("bin.docx", bytes(range(256)) * 40),
    "no-extension": _file("plan", TEXT),
    "odd-extension.pdf": _file("plan.pdf", TEXT),
    "txt-as-docx": _file("plan.docx", TEXT),
    "truncated.docx": _truncated_docx,
    "docx-without-document": _file("nodoc.docx", _docx_bytes({"[Content_Types].xml": b"<Types/>"})),
    "docx-empty-zip": _file("zip.docx", _docx_bytes({})),
    "docx-bad-xml": _file(
        "badxml.docx",
        _docx_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document><unclosed"}),
    ),
    "yaml-list": _file("list.yaml", "- 一\n- 二\n"),
    "yaml-scalar": _file("scalar.yaml", "就是一句话\n"),
    "yaml-number": _file("number.yaml", "42\n"),
    "yaml-deep-flow": _file("deep.yaml", _deep(300)),
    "yaml-deep-flow-huge": _file("deeper.yaml", "[" * 20_000 + "]" * 20_000 + "\n"),
    "yaml-deep-mapping": _file("deepmap.yaml", _deep_mapping(300)),
    "yaml-tab-indent": _file("tab.yaml", PLAN.replace("  items:", "\titems:")),
    "yaml-bom": _file("bom.yaml", "\ufeff" + PLAN),
    "yaml-gbk": _file("gbk.yaml", PLAN.encode("gbk")),
    "yaml-utf16": _file("u16.yaml", PLAN.encode("utf-16")),
    "yaml-bad-syntax": _file("syntax.yaml", "title: [unclosed\nsections: {\n"),
    "yaml-python-tag": _file("tag.yaml", "title: !!python/object/apply:os.system [ls]\n"),
    "yaml-custom-tag": _file("ctag.yaml", "title: !mytag x\n"),
    "yaml-alias": _file("alias.yaml", "title: &a 计划\nissuer: *a\n"),
    "yaml-two-documents": _file("two.yaml", PLAN + "---\n" + PLAN),
    "yaml-duplicate-keys": _file("dup.yaml", PLAN + "title: 又一个\n"),
    "yaml-binary-value": _file("binval.yaml", "title: !!binary aGVsbG8=\n"),
    "yaml-timestamp-title": _file("ts.yaml", PLAN.replace("title: 2026年教育工作要点", "title: 2026-02-18")),
    "gbk.txt": _file("gbk.txt", TEXT.encode("gbk")),
    "bom.txt": _file("bom.txt", "\ufeff" + TEXT),
    "crlf.txt": _file("crlf.txt", TEXT.replace("\n", "\r\n")),
    "cr-only.txt": _file("cr.txt", TEXT.replace("\n", "\r")),
    "only-controls.txt": _file("ctl.txt", "\x01\x02\x03\x0b\x0c\n" * 10),
    "lone-surrogate-bytes.txt": _file("sur.txt", TEXT.encode() + b"\xed\xa0\x80\n"),
    "path with spaces.txt": _file("带 空格 的 计划.txt", TEXT),
    "path-emoji.txt": _file("计划📄.txt", TEXT),
    "option-like-name": _file("-x.txt", TEXT),
    "directory": _folder,
    "nonexistent": _missing,
    "fifo": _fifo,
    "dev-null": _dev_null,
    "symlink-to-directory": _symlink_to_folder,
    "dangling-symlink": _dangling,
    **{
        f"wrong-type-{name}": _file(f"wrong-{i}.yaml", _wrong_types(*spec))
        for i, (name, spec) in enumerate(WRONG_TYPES.items())
    },
}


# --- commands: {f} is the hostile file; {good} a good plan; {out} a fresh output ---------------

FILE_COMMANDS: dict[str, list[str]] = {
    "parse": ["parse", "{f}"],
    "parse-json": ["parse", "{f}", "--json"],
    "ingest": ["ingest", "{f}", "--corpus", "{corpus}"],
    "check": ["check", "{f}"],
    "check-json": ["check", "{f}", "--format", "json"],
    "check-sarif": ["check", "{f}", "--format", "sarif"],
    "check-fix": ["check", "{f}", "--fix"],
    "check-diff": ["check", "{f}", "--diff"],
    "check-in-place": ["check", "{f}", "--fix", "--in-place"],
    "check-select": ["check", "{f}", "--select", "PLAN001,PLAN0", "--ignore", "PLAN002"],
    "check-previous": ["check", "{good}", "--previous", "{f}"],
    "check-units": ["check", "{good}", "--units", "{f}"],
    "build": ["build", "{f}", "-o", "{out}.docx"],
    "build-all": ["build", "{f}", "-o", "{out}.docx", "--notice", "--red-header", "--table", "--by-unit",
                  "--labels", "牵头处室,责任处室", "--date", "2027-02-18"],  # fmt: skip
    "tasks": ["tasks", "{f}"],
    "new-from-yaml": ["new", "--from", "{f}", "--year", "2027", "-o", "{out}.yaml"],
    "new-from-txt": ["new", "--from", "{f}", "--year", "2027", "-o", "{out}.txt"],
    "new-from-md": ["new", "--from", "{f}", "--year", "2027", "-o", "{out}.md"],
    "new-from-docx": ["new", "--from", "{f}", "--year", "2027", "-o", "{out}.docx"],
    "new-units": ["new", "--year", "2027", "--issuer", "测试市教育局", "--units", "{f}", "--corpus",
                  "{corpus}", "-o", "{out}.yaml"],  # fmt: skip
    "new-structure": ["new", "--year", "2027", "--issuer", "测试市教育局", "--structure", "{f}",
                      "--corpus", "{corpus}", "-o", "{out}.yaml"],  # fmt: skip
    "diff-old": ["diff", "{f}", "{good}"],
    "diff-new": ["diff", "{good}", "{f}", "--json"],
    "structure": ["structure", "--structure", "{f}", "--corpus", "{corpus}"],
    "suggest-plan": ["suggest", "--plan", "{f}", "--corpus", "{corpus}"],
    "preview": ["preview", "{f}", "-o", "{out}"],
    "units": ["units", "--units", "{f}", "--corpus", "{corpus}"],
    "config": ["--config", "{f}", "parse", "{good}"],
}

# Commands whose exit code 1 means findings, not a failure.
FINDINGS = ("check", "corpus check")


@pytest.fixture(autouse=True, scope="module")
def command_built_once() -> Iterator[None]:
    """Build the click command of ``drafter`` once for the sweep, not once a run: typer's
    reading of every command's signature is most of an in-process run's time, and the
    command it builds is the same each time (each run still gets fresh settings)."""
    build = typer.main.get_command
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.main, "get_command", functools.lru_cache(maxsize=None)(build))
        yield


def good_plan(folder: Path) -> Path:
    path = folder / "good.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A good plan and a corpus of it (made through the library), read by every case; a case
    that writes into a corpus gets a fresh folder."""
    from drafter.store import corpus

    folder = tmp_path_factory.mktemp("shared")
    plan = good_plan(folder)
    target = folder / "corpus"
    corpus.ingest(plan, target)
    return plan, target


def expand(args: list[str], **values: Path | str) -> list[str]:
    return [arg.format(**{k: str(v) for k, v in values.items()}) for arg in args]


class Hung(BaseException):
    """A command ran past the time limit (a read blocked on a pipe, say)."""


TIME_LIMIT = 10  # seconds; every input here is small, so any command taking this long is stuck


def run_checked(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run the command and assert the promise of issue 12 on what it did."""
    def too_long(signum: int, frame: object) -> None:
        raise Hung(f"drafter {' '.join(args)} still running after {TIME_LIMIT} s")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(TIME_LIMIT)
    try:
        result = run_cli(*args, cwd=cwd, env=env)
    except BaseException:  # an exception out of main() is a traceback for the user
        pytest.fail(f"drafter {' '.join(args)} raised:\n{traceback.format_exc()}")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    output = result.stdout + result.stderr
    for mark in TRACEBACK_MARKS:
        assert mark not in output, f"{mark!r} in output of {args}:\n{output[-3000:]}"
    findings = any(" ".join(a for a in args if not a.startswith("-")).startswith(c) for c in FINDINGS)
    allowed = {0, 1, 2} if findings else {0, 2}
    assert result.returncode in allowed, (args, result)
    if result.returncode == 2:
        errors = [line for line in result.stderr.splitlines() if line.startswith("错误:")]
        assert errors, (args, result.stderr)
        assert all(CHINESE.search(line) for line in errors), result.stderr
    return result


@pytest.mark.parametrize("hostile", sorted(HOSTILE))
@pytest.mark.parametrize("command", sorted(FILE_COMMANDS))
def test_hostile_file(command: str, hostile: str, tmp_path: Path, shared: tuple[Path, Path]) -> None:
    work = tmp_path / "工作 目录"
    work.mkdir()
    path = HOSTILE[hostile](work)
    plan, corpus = shared
    if command == "ingest":
        corpus = tmp_path / "corpus"
    args = expand(FILE_COMMANDS[command], f=path, good=plan, out=tmp_path / "输出", corpus=corpus)
    before = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    result = run_checked(args, cwd=work)
    if before is not None and "--in-place" not in args:
        assert path.read_bytes() == before, "an input was changed"
    if result.returncode == 2 and hostile in ("nonexistent", "directory"):
        assert path.name in result.stderr
