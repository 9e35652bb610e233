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
from conftest import YAML_PLAN, Run, run_cli

PLAN = YAML_PLAN

TEXT = """\
测试市教育局2026年工作要点

一、全面加强党的建设
1.强化思想武装。深入学习贯彻党的二十大精神。(牵头处室:组织处)
2.推进基层党建。开展党支部标准化建设。(牵头处室:组织处;责任处室:人事处)
"""

TRACEBACK_MARKS = ("Traceback", 'File "', "Error:", "Exception", "Warning:")
EXCEPTION_NAME = re.compile(r"\b[A-Z]\w*(Error|Exception)\b")  # a Python class name shown to a clerk
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


def _empty_folder(name: str) -> Maker:
    def make(folder: Path) -> Path:
        path = folder / name
        path.mkdir()
        return path

    return make


def _absent(name: str) -> Maker:
    return lambda folder: folder / name


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


def _docx_with(name: str, change: Callable[[str, bytes], bytes | None]) -> Maker:
    """A real .docx with each part changed (None leaves the part out)."""

    def make(folder: Path) -> Path:
        real = zipfile.ZipFile(io.BytesIO(_real_docx()))
        parts = {member: change(member, real.read(member)) for member in real.namelist()}
        path = folder / name
        path.write_bytes(_docx_bytes({k: v for k, v in parts.items() if v is not None}))
        return path

    return make


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
    "docx-real-without-document": _docx_with(
        "nodoc2.docx", lambda n, b: None if n == "word/document.xml" else b
    ),
    "docx-cut-document-xml": _docx_with(
        "cutxml.docx", lambda n, b: b[: len(b) // 2] if n == "word/document.xml" else b
    ),
    "docx-bad-styles": _docx_with("styles.docx", lambda n, b: b"<x" if n == "word/styles.xml" else b),
    "docx-bad-content-types": _docx_with(
        "ct.docx", lambda n, b: b"<Types/>" if n == "[Content_Types].xml" else b
    ),
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
    "directory": _empty_folder("plan.txt"),
    "nonexistent": _absent("没有这个文件.txt"),
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
    "build-all": [
        "build",
        "{f}",
        "-o",
        "{out}.docx",
        "--notice",
        "--red-header",
        "--table",
        "--by-unit",
        "--labels",
        "牵头处室,责任处室",
        "--date",
        "2027-02-18",
    ],
    "tasks": ["tasks", "{f}"],
    "new-from-yaml": ["new", "--from", "{f}", "--year", "2027", "-o", "{out}.yaml"],
    "new-from-txt": ["new", "--from", "{f}", "--year", "2027", "-o", "{out}.txt"],
    "new-from-md": ["new", "--from", "{f}", "--year", "2027", "-o", "{out}.md"],
    "new-from-docx": ["new", "--from", "{f}", "--year", "2027", "-o", "{out}.docx"],
    "new-units": [
        "new",
        "--year",
        "2027",
        "--issuer",
        "测试市教育局",
        "--units",
        "{f}",
        "--corpus",
        "{corpus}",
        "-o",
        "{out}.yaml",
    ],
    "new-structure": [
        "new",
        "--year",
        "2027",
        "--issuer",
        "测试市教育局",
        "--structure",
        "{f}",
        "--corpus",
        "{corpus}",
        "-o",
        "{out}.yaml",
    ],
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


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A good plan and a corpus of it (made through the library), read by every case; a case
    that writes into a corpus gets a fresh folder."""
    from drafter.store import corpus

    folder = tmp_path_factory.mktemp("shared")
    plan = _file("good.yaml", PLAN)(folder)
    target = folder / "corpus"
    corpus.ingest(plan, target)
    return plan, target


@pytest.fixture
def named(tmp_path: Path, shared: tuple[Path, Path]) -> dict[str, Path]:
    """What the command lines name: the good plan, the shared corpus, an output's stem."""
    plan, corpus = shared
    return {"good": plan, "corpus": corpus, "out": tmp_path / "输出"}


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
        assert not EXCEPTION_NAME.search(result.stderr), result.stderr
    return result


# Every reader goes through parse_file, so each input is tried on every command only in the full
# sweep (DRAFTER_FULL_SWEEP=1, ~2,000 cases, a few minutes); by default ``parse`` meets every input,
# the commands that go furthest with a plan meet every input parse accepts, and the rest a core.
ACCEPTED = ("bom.txt", "cr-only.txt", "crlf.txt", "gbk.txt", "huge-line.txt", "huge-line.yaml",
            "option-like-name", "path with spaces.txt", "path-emoji.txt", "whitespace.txt",
            "wrong-type-lead-str", "wrong-type-position-huge", "wrong-type-section-number-null",
            "wrong-type-text-int", "wrong-type-title-null", "yaml-bom", "yaml-duplicate-keys")  # fmt: skip
CORE = ("empty.txt", "binary.docx", "yaml-list", "yaml-deep-flow", "wrong-type-date-二月", "directory",
        "fifo", "symlink-to-directory", "path-emoji.txt")  # fmt: skip
FURTHEST = ("check-fix", "check-sarif", "build-all", "new-from-docx", "new-from-yaml", "diff-new", "tasks",
            "suggest-plan", "ingest")  # fmt: skip


def file_cases() -> list[tuple[str, str]]:
    if os.environ.get("DRAFTER_FULL_SWEEP"):
        return [(command, hostile) for command in sorted(FILE_COMMANDS) for hostile in sorted(HOSTILE)]
    cases = {("parse-json", hostile) for hostile in HOSTILE}
    cases |= {(command, hostile) for command in FURTHEST for hostile in ACCEPTED + CORE}
    cases |= {(command, hostile) for command in FILE_COMMANDS for hostile in CORE}
    return sorted(cases)


@pytest.mark.parametrize(("command", "hostile"), file_cases())
def test_hostile_file(command: str, hostile: str, tmp_path: Path, named: dict[str, Path]) -> None:
    work = tmp_path / "工作 目录"
    work.mkdir()
    path = HOSTILE[hostile](work)
    if command == "ingest":
        named["corpus"] = tmp_path / "corpus"
    args = expand(FILE_COMMANDS[command], f=path, **named)
    before = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    result = run_checked(args, cwd=work)
    if before is not None and "--in-place" not in args:
        assert path.read_bytes() == before, "an input was changed"
    if result.returncode == 2 and hostile in ("nonexistent", "directory"):
        assert path.name in result.stderr


# --- corpus folders: a file, an empty folder, a folder of junk ---------------------------------

CORPUS_COMMANDS: dict[str, list[str]] = {
    "list": ["corpus", "list", "--corpus", "{c}"],
    "list-json": ["corpus", "list", "--corpus", "{c}", "--json"],
    "check": ["corpus", "check", "--corpus", "{c}"],
    "quarantine": ["corpus", "check", "--corpus", "{c}", "--quarantine"],
    "show": ["corpus", "show", "2026", "--corpus", "{c}"],
    "ingest": ["ingest", "{good}", "--corpus", "{c}"],
    "suggest": ["suggest", "加强党的建设", "--corpus", "{c}"],
    "suggest-plan": ["suggest", "--plan", "{good}", "--corpus", "{c}", "--json"],
    "index": ["index", "--corpus", "{c}"],
    "index-rebuild": ["index", "--rebuild", "--corpus", "{c}", "--json"],
    "structure": ["structure", "--corpus", "{c}"],
    "units": ["units", "--issuer", "测试市教育局", "--corpus", "{c}"],
    "new-latest": [
        "new",
        "--from-latest",
        "--issuer",
        "测试市教育局",
        "--year",
        "2027",
        "--corpus",
        "{c}",
        "-o",
        "{out}.yaml",
    ],
    "new-scaffold": [
        "new",
        "--issuer",
        "测试市教育局",
        "--year",
        "2027",
        "--corpus",
        "{c}",
        "-o",
        "{out}.docx",
    ],
    "check-plan": ["check", "{good}", "--corpus", "{c}"],
}


def _corpus_junk(folder: Path) -> Path:
    path = folder / "junk"
    path.mkdir()
    (path / "binary.yaml").write_bytes(bytes(range(256)) * 8)
    (path / "empty.yaml").write_bytes(b"")
    (path / "list.yaml").write_text("- 一\n", encoding="utf-8")
    (path / "gbk.yaml").write_bytes(PLAN.encode("gbk"))
    (path / "folder.yaml").mkdir()
    (path / "dangling.yaml").symlink_to(path / "nowhere.yaml")
    (path / "loop.yaml").symlink_to(path / "loop.yaml")
    (path / "fifo.yaml").parent.joinpath("fifo.yaml")
    os.mkfifo(path / "fifo.yaml")
    (path / "deep.yaml").write_text(_deep(50), encoding="utf-8")
    (path / "wrong.yaml").write_text(_wrong_types("date", "二月"), encoding="utf-8")
    (path / "notes.txt").write_text("不是计划", encoding="utf-8")
    (path / ".index").write_text("不是索引", encoding="utf-8")
    return path


def _corpus_of_only_text(folder: Path) -> Path:
    path = folder / "texts"
    path.mkdir()
    (path / "a.txt").write_text(TEXT, encoding="utf-8")
    return path


def _corpus_symlink_loop(folder: Path) -> Path:
    path = folder / "loop"
    path.symlink_to(path)
    return path


CORPORA: dict[str, Maker] = {
    "file": _file("corpus.yaml", PLAN),
    "empty-folder": _empty_folder("空的 语料库"),
    "junk": _corpus_junk,
    "only-text": _corpus_of_only_text,
    "missing": _absent("没有"),
    "symlink-loop": _corpus_symlink_loop,
    "dev-null": _dev_null,
}


@pytest.mark.parametrize("corpus", sorted(CORPORA))
@pytest.mark.parametrize("command", sorted(CORPUS_COMMANDS))
def test_hostile_corpus(command: str, corpus: str, tmp_path: Path, named: dict[str, Path]) -> None:
    folder = CORPORA[corpus](tmp_path)
    args = expand(CORPUS_COMMANDS[command], c=folder, **named)
    run_checked(args, cwd=tmp_path)


# --- a broken profile (drafter.yaml in the working folder) ------------------------------------

PROFILES: dict[str, bytes | str] = {
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    "list": "- 一\n- 二\n",
    "scalar": "长沙市教育局\n",
    "tab": "issuer: 长沙市教育局\nnotice:\n\trecipients: 各区县\n",
    "bom": "\ufeffissuer: 长沙市教育局\nyear: 2027\n",
    "gbk": "issuer: 长沙市教育局\n".encode("gbk"),
    "syntax": "issuer: [长沙\n",
    "unknown-key": "issuer: 长沙市教育局\nisuser: 长沙\n",
    "year-text": "year: 明年\n",
    "year-huge": "year: 99999\n",
    "year-list": "year: [2027]\n",
    "issuer-dict": "issuer: {a: b}\n",
    "corpus-int": "corpus: 5\n",
    "corpus-missing": "corpus: 没有这个目录\n",
    "corpus-file": "corpus: drafter.yaml\n",
    "units-int": "units: 5\n",
    "units-list-of-lists": "units: [[a]]\n",
    "units-missing-file": "units: 没有.txt\n",
    "units-folder": "units: .\n",
    "labels-list": "labels: [a]\n",
    "labels-bad-role": "labels: {boss: 处长}\n",
    "notice-scalar": "notice: 是\n",
    "notice-date": "notice: {date: 二月}\n",
    "check-scalar": "check: 全部\n",
    "check-select-int": "check: {select: 5}\n",
    "check-severity-bad": "check: {severity: {PLAN001: 致命}}\n",
    "check-severity-list": "check: {severity: [PLAN001]}\n",
    "alias": "issuer: &a 长沙市教育局\nnotice: {signer: *a}\n",
    "deep": "issuer: " + "[" * 5000 + "]" * 5000 + "\n",
    "python-tag": "issuer: !!python/object/apply:os.system [ls]\n",
    "two-documents": "issuer: a\n---\nissuer: b\n",
    "duplicate-key": "issuer: a\nissuer: b\n",
}

PROFILE_COMMANDS: dict[str, list[str]] = {
    "parse": ["parse", "{good}"],
    "check": ["check", "{good}"],
    "build": ["build", "{good}", "-o", "{out}.docx", "--notice"],
    "new": ["new", "--year", "2027", "--issuer", "测试市教育局", "-o", "{out}.yaml", "--corpus", "{corpus}"],
    "units": ["units", "--corpus", "{corpus}"],
    "corpus-list": ["corpus", "list", "--corpus", "{corpus}"],
    "suggest": ["suggest", "党建", "--corpus", "{corpus}"],
    "init": ["init", "--issuer", "测试市教育局", "-o", "{out}.yaml", "--yes"],
}


@pytest.mark.parametrize("profile", sorted(PROFILES))
@pytest.mark.parametrize("command", sorted(PROFILE_COMMANDS))
def test_hostile_profile(command: str, profile: str, tmp_path: Path, named: dict[str, Path]) -> None:
    work = tmp_path / "局"
    work.mkdir()
    _file("drafter.yaml", PROFILES[profile])(work)
    args = expand(PROFILE_COMMANDS[command], **named)
    run_checked(args, cwd=work)
    if command == "parse":  # named with --config instead of found in the working folder
        run_checked(["--config", str(work / "drafter.yaml"), *args], cwd=tmp_path)


# --- option values out of range, odd arguments, environment, closed stdin ---------------------

LONG = "长" * 100_000

ARGUMENTS: dict[str, list[str]] = {
    "top-0": ["suggest", "党建", "--top", "0", "--corpus", "{corpus}"],
    "top-negative": ["suggest", "党建", "--top", "-3", "--corpus", "{corpus}"],
    "top-huge": ["suggest", "党建", "--top", "99999999999999999999", "--corpus", "{corpus}"],
    "top-text": ["suggest", "党建", "--top", "五", "--corpus", "{corpus}"],
    "min-score-negative": ["suggest", "党建", "--min-score", "-1", "--corpus", "{corpus}"],
    "min-score-nan": ["suggest", "党建", "--min-score", "nan", "--corpus", "{corpus}"],
    "min-score-inf": ["suggest", "党建", "--min-score", "inf", "--corpus", "{corpus}"],
    "min-score-101": ["suggest", "党建", "--min-score", "101", "--corpus", "{corpus}"],
    "since-after-until": ["suggest", "党建", "--since", "2030", "--until", "2020", "--corpus", "{corpus}"],
    "since-99999": ["suggest", "党建", "--since", "99999", "--corpus", "{corpus}"],
    "suggest-empty-text": ["suggest", "", "--corpus", "{corpus}"],
    "suggest-whitespace": ["suggest", " \u3000\t", "--corpus", "{corpus}"],
    "suggest-punctuation": ["suggest", ",。;!", "--corpus", "{corpus}"],
    "suggest-long": ["suggest", LONG, "--corpus", "{corpus}"],
    "suggest-controls": ["suggest", "党建\x00\x01\x0b", "--corpus", "{corpus}"],
    "suggest-both": ["suggest", "党建", "--plan", "{good}", "--corpus", "{corpus}"],
    "suggest-neither": ["suggest", "--corpus", "{corpus}"],
    "dpi-9999": ["preview", "{good}", "--dpi", "9999"],
    "dpi-0": ["preview", "{good}", "--dpi", "0"],
    "year-99999-new": ["new", "--year", "99999", "--issuer", "x", "-o", "{out}.yaml"],
    "year-99999-check": ["check", "{good}", "--year", "99999"],
    "year-99999-ingest": ["ingest", "{good}", "--year", "99999", "--corpus", "{out}"],
    "year-99999-init": ["init", "--year", "99999", "--issuer", "x", "-o", "{out}.yaml"],
    "year-text": ["check", "{good}", "--year", "明年"],
    "check-format-bad": ["check", "{good}", "--format", "xml"],
    "check-select-unknown": ["check", "{good}", "--select", "PLAN999"],
    "check-select-empty": ["check", "{good}", "--select", ",,"],
    "check-ignore-all": ["check", "{good}", "--ignore", "PLAN"],
    "check-in-place-without-fix": ["check", "{good}", "--in-place"],
    "check-no-files": ["check"],
    "check-many-missing": ["check", "{out}-1.txt", "{out}-2.docx", "{good}"],
    "check-same-file-twice": ["check", "{good}", "{good}"],
    "build-no-output": ["build", "{good}"],
    "build-output-txt": ["build", "{good}", "-o", "{out}.txt"],
    "build-output-is-input": ["build", "{good}", "-o", "{good}"],
    "build-red-header-alone": ["build", "{good}", "-o", "{out}.docx", "--red-header"],
    "build-bad-date": ["build", "{good}", "-o", "{out}.docx", "--notice", "--date", "2027-02-30"],
    "build-date-text": ["build", "{good}", "-o", "{out}.docx", "--notice", "--date", "二月"],
    "build-date-far": ["build", "{good}", "-o", "{out}.docx", "--notice", "--date", "99999-01-01"],
    "build-labels-bad": ["build", "{good}", "-o", "{out}.docx", "--table", "--labels", ",,,,"],
    "build-labels-many": ["build", "{good}", "-o", "{out}.docx", "--table", "--labels", "a,b,c,d,e,f"],
    "build-long-doc-number": [
        "build",
        "{good}",
        "-o",
        "{out}.docx",
        "--notice",
        "--red-header",
        "--doc-number",
        LONG,
    ],
    "build-controls-in-signer": ["build", "{good}", "-o", "{out}.docx", "--notice", "--signer", "局\x00\x0c"],
    "build-long-output-name": ["build", "{good}", "-o", "{out}" + "长" * 300 + ".docx"],
    "new-output-bad-suffix": ["new", "--year", "2027", "--issuer", "x", "-o", "{out}.pdf"],
    "new-both-bases": ["new", "--from", "{good}", "--from-latest", "--issuer", "x", "-o", "{out}.yaml"],
    "new-long-issuer": [
        "new",
        "--year",
        "2027",
        "--issuer",
        LONG,
        "-o",
        "{out}.yaml",
        "--corpus",
        "{corpus}",
    ],
    "new-issuer-slashes": [
        "new",
        "--year",
        "2027",
        "--issuer",
        "../../局/\x00",
        "-o",
        "{out}.yaml",
        "--corpus",
        "{corpus}",
    ],
    "new-issuer-quotes": [
        "new",
        "--year",
        "2027",
        "--issuer",
        '局"\\',
        "-o",
        "{out}.yaml",
        "--corpus",
        "{corpus}",
    ],
    "tasks-unknown-unit": ["tasks", "{good}", "--unit", "没有的处"],
    "tasks-long-unit": ["tasks", "{good}", "--unit", LONG],
    "ingest-long-issuer": ["ingest", "{good}", "--issuer", LONG, "--corpus", "{out}"],
    "ingest-issuer-path": ["ingest", "{good}", "--issuer", "../../etc/x", "--corpus", "{out}"],
    "ingest-no-files": ["ingest", "--corpus", "{out}"],
    "corpus-show-long": ["corpus", "show", LONG, "--corpus", "{corpus}"],
    "corpus-show-empty": ["corpus", "show", "", "--corpus", "{corpus}"],
    "corpus-show-nul": ["corpus", "show", "a\x00b", "--corpus", "{corpus}"],
    "rules-unknown": ["rules", "PLAN999"],
    "rules-long": ["rules", LONG],
    "rules-markdown": ["rules", "--markdown"],
    "unknown-command": ["没有这个命令"],
    "unknown-option": ["parse", "{good}", "--没有"],
    "option-like-file-after-dashes": ["parse", "--", "-x.txt"],
    "long-path": ["parse", "/" + "a" * 5000 + ".txt"],
    "long-name": ["parse", "a" * 300 + ".txt"],
    "nul-in-path": ["parse", "a\x00b.txt"],
    "config-missing": ["--config", "{out}.yaml", "parse", "{good}"],
    "config-folder": ["--config", "{corpus}", "parse", "{good}"],
    "version": ["--version"],
    "help-sub": ["build", "--help"],
    "nothing": [],
}


@pytest.mark.parametrize("case", sorted(ARGUMENTS))
def test_hostile_arguments(case: str, tmp_path: Path, named: dict[str, Path]) -> None:
    before = named["good"].read_bytes()
    run_checked(expand(ARGUMENTS[case], **named), cwd=tmp_path)
    assert named["good"].read_bytes() == before


ENVIRONMENTS: dict[str, dict[str, str]] = {
    "no-color-empty": {"NO_COLOR": ""},
    "term-dumb": {"TERM": "dumb"},
    "term-empty": {"TERM": ""},
    "term-odd": {"TERM": "不存在的终端"},
    "force-color": {"FORCE_COLOR": "1", "TERM": "xterm-256color"},
    "columns-0": {"COLUMNS": "0"},
    "columns-text": {"COLUMNS": "宽"},
    "columns-huge": {"COLUMNS": "100000"},
    "lang-c": {"LANG": "C", "LC_ALL": "C"},
    "corpus-env-missing": {"DRAFTER_CORPUS": "/没有/这个"},
    "corpus-env-file": {"DRAFTER_CORPUS": "/dev/null"},
    "home-missing": {"HOME": "/没有/家", "XDG_CACHE_HOME": "/没有/缓存"},
}


@pytest.mark.parametrize("command", ["corpus-list", "suggest", "units", "check"])
@pytest.mark.parametrize("environment", sorted(ENVIRONMENTS))
def test_hostile_environment(
    environment: str, command: str, tmp_path: Path, shared: tuple[Path, Path]
) -> None:
    plan, corpus = shared
    corpus_args = [] if environment.startswith("corpus-env") else ["--corpus", str(corpus)]
    args = {
        "corpus-list": ["corpus", "list", *corpus_args],
        "suggest": ["suggest", "党建", *corpus_args],
        "units": ["units", *corpus_args],
        "check": ["check", str(plan), *corpus_args],
    }[command]
    run_checked(args, cwd=tmp_path, env=ENVIRONMENTS[environment])


@pytest.mark.parametrize(
    "answer", [None, "", "\n", "\n\n\n", "长沙市教育局\n", "长沙市教育局\nn\n", "\x00\n"]
)
def test_init_with_stdin_closed_or_odd(answer: str | None, tmp_path: Path, shared: tuple[Path, Path]) -> None:
    """``init`` asks for the issuer: a closed stdin (no answer at all) or an odd answer."""
    (tmp_path / "corpus").symlink_to(shared[1])
    try:
        result = run_cli("init", cwd=tmp_path, stdin=answer)
    except BaseException:
        pytest.fail(traceback.format_exc())
    output = result.stdout + result.stderr
    assert not any(mark in output for mark in TRACEBACK_MARKS), output
    assert result.returncode in (0, 2), result
    if result.returncode == 2:
        assert any(line.startswith("错误:") for line in result.stderr.splitlines()), result
        assert not (tmp_path / "drafter.yaml").exists()
