"""File-system faults meet every command that writes: one Chinese line naming the path, exit
code 2, the file that was there before unchanged and no temporary file left behind.

The faults are real: a read-only folder (a read-only bind mount as root, where file modes do
not stop anyone; file modes otherwise), a full disk (a small tmpfs, root only), a folder or a
file where the output or its parent should be, a missing folder tree, a symbolic-link loop.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import Run, run_cli

from drafter.errors import os_error

ROOT = os.geteuid() == 0
ISSUER = "长沙市教育局"

# command name → (folder → arguments, the path the command writes); --force everywhere, so a
# refusal is the fault's and not the "already exists" rule's.
Command = Callable[[Path, Path], tuple[list[str], Path]]
COMMANDS: dict[str, Command] = {
    "build": lambda plan, at: (
        ["build", str(plan), "-o", str(at / "计划.docx"), "--force"],
        at / "计划.docx",
    ),
    "new-yaml": lambda plan, at: (
        ["new", "--year", "2027", "--issuer", ISSUER, "-o", str(at / "草稿.yaml"), "--force"],
        at / "草稿.yaml",
    ),
    "new-docx": lambda plan, at: (
        ["new", "--from", str(plan), "--year", "2027", "-o", str(at / "草稿.docx"), "--force"],
        at / "草稿.docx",
    ),
    "init": lambda plan, at: (
        ["init", "--issuer", ISSUER, "-y", "-o", str(at / "drafter.yaml"), "--force"],
        at / "drafter.yaml",
    ),
    "ingest": lambda plan, at: (["ingest", str(plan), "--corpus", str(at / "语料库")], at / "语料库"),
}
# commands whose input lives in the faulty folder (they write next to it or over it)
IN_FOLDER: dict[str, Command] = {
    "check-fix": lambda plan, at: (
        ["check", "--fix", "--force", str(at / "计划.txt")],
        at / "计划.fixed.txt",
    ),
    "check-in-place": lambda plan, at: (
        ["check", "--fix", "--in-place", str(at / "计划.txt")],
        at / "计划.txt",
    ),
}
ALL = {**COMMANDS, **IN_FOLDER}


@pytest.fixture
def plan(tmp_path: Path, seed: dict[str, Path]) -> Path:
    path = tmp_path / "输入" / "计划.txt"
    path.parent.mkdir()
    shutil.copy(seed["000"], path)  # a real plan with safe fixes to make
    return path


def one_error(result: Run, *words: str) -> str:
    """The single Chinese error line of a failed run, checked to contain ``words``."""
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("错误:")]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden temporary files included) and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def prepare(folder: Path, plan: Path, other: Path, name: str) -> Path:
    """Put what a command finds in ``folder`` before the fault: its input (for check) and an
    old version of its output (for ingest a corpus holding another plan), which must survive."""
    shutil.copy(plan, folder / "计划.txt")
    _, target = ALL[name](plan, folder)
    if name == "ingest":
        run = run_cli("ingest", str(other), "--corpus", str(target))
        assert run.returncode == 0, run
    elif not target.exists():
        target.write_bytes("旧的内容\n".encode())
    return target


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def other(seed: dict[str, Path]) -> Path:
    return seed["001"]


@pytest.fixture
def make_readonly(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """Make a folder read-only for this process: a read-only bind mount as root (root ignores
    file modes), mode 0555 otherwise."""
    mounted: list[Path] = []
    changed: list[Path] = []

    def readonly(folder: Path) -> None:
        if ROOT:
            if not (
                _mount("--bind", str(folder), str(folder)) and _mount("-o", "remount,ro,bind", str(folder))
            ):
                pytest.skip(
                    "as root a folder is read-only only by a mount, and mounting is not permitted here"
                )
            mounted.append(folder)
        else:
            folder.chmod(0o555)
            changed.append(folder)

    yield readonly
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)
    for folder in changed:
        folder.chmod(0o755)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """An empty 1 MB file system of its own (a tmpfs), unmounted afterwards."""
    folder = tmp_path / "小磁盘"
    folder.mkdir()
    if not ROOT or not _mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)):
        pytest.skip("a full disk is made with a small tmpfs, which needs root and permission to mount")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> None:
    """Fill the file system of ``folder`` to the last byte."""
    with (folder / "填满").open("wb", buffering=0) as stream:
        try:
            while True:
                stream.write(b"\0" * 65536)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        with contextlib.suppress(OSError):
            while True:
                stream.write(b"\0")


@pytest.mark.parametrize("name", sorted(ALL))
def test_read_only_folder(name: str, tmp_path: Path, plan: Path, other: Path, make_readonly) -> None:
    folder = tmp_path / "只读"
    folder.mkdir()
    prepare(folder, plan, other, name)
    before = snapshot(folder)
    make_readonly(folder)
    args, target = ALL[name](plan, folder)
    one_error(run_cli(*args), "权限不足", str(target))
    assert snapshot(folder) == before


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_read_only_folder_for_a_new_output(name: str, tmp_path: Path, plan: Path, make_readonly) -> None:
    folder = tmp_path / "只读"
    folder.mkdir()
    make_readonly(folder)
    args, target = COMMANDS[name](plan, folder)
    one_error(run_cli(*args), "权限不足", str(target))
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("name", sorted(ALL))
def test_disk_full_keeps_the_old_file(name: str, plan: Path, other: Path, small_disk: Path) -> None:
    prepare(small_disk, plan, other, name)
    fill(small_disk)
    before = snapshot(small_disk)
    args, target = ALL[name](plan, small_disk)
    one_error(run_cli(*args), "磁盘空间不足", str(target))
    assert snapshot(small_disk) == before  # the old output intact, no temporary file left


@pytest.mark.parametrize("force", [True, False])
@pytest.mark.parametrize("name", sorted(n for n in COMMANDS if n != "ingest"))
def test_output_that_is_a_folder(name: str, force: bool, tmp_path: Path, plan: Path) -> None:
    args, target = COMMANDS[name](plan, tmp_path)
    target.mkdir()
    (target / "里面的文件.txt").write_text("留着", encoding="utf-8")
    if not force:
        args.remove("--force")
    line = one_error(run_cli(*args), "是一个文件夹", str(target))
    assert "已存在" not in line
    assert (target / "里面的文件.txt").read_text(encoding="utf-8") == "留着"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_output_under_a_file(name: str, tmp_path: Path, plan: Path) -> None:
    blocker = tmp_path / "一个文件"
    blocker.write_text("不是文件夹", encoding="utf-8")
    for folder in (blocker, blocker / "下一层"):
        args, target = COMMANDS[name](plan, folder)
        one_error(run_cli(*args), "上级不是文件夹", str(target))
    assert blocker.read_text(encoding="utf-8") == "不是文件夹"


def test_corpus_that_is_a_file(tmp_path: Path, plan: Path) -> None:
    blocker = tmp_path / "语料库"
    blocker.write_text("不是文件夹", encoding="utf-8")
    one_error(run_cli("ingest", str(plan), "--corpus", str(blocker)), "不是文件夹", str(blocker))
    assert blocker.read_text(encoding="utf-8") == "不是文件夹"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_missing_folder_tree_is_not_created(name: str, tmp_path: Path, plan: Path) -> None:
    args, _ = COMMANDS[name](plan, tmp_path / "没有" / "这层")
    one_error(run_cli(*args), "上级文件夹不存在", str(tmp_path / "没有"))
    assert not (tmp_path / "没有").exists()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_one_missing_folder_is_created(name: str, tmp_path: Path, plan: Path) -> None:
    # the corpus folder of ingest is itself the one level to create
    args, target = COMMANDS[name](plan, tmp_path if name == "ingest" else tmp_path / "新文件夹")
    result = run_cli(*args)
    assert result.returncode == 0, result
    assert target.exists()


def test_preview_into_a_read_only_folder_or_under_a_file(tmp_path: Path, plan: Path, make_readonly) -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("preview needs LibreOffice")
    docx = tmp_path / "计划.docx"
    assert run_cli("build", str(plan), "-o", str(docx)).returncode == 0
    blocker = tmp_path / "一个文件"
    blocker.write_text("不是文件夹", encoding="utf-8")
    one_error(run_cli("preview", str(docx), "-o", str(blocker)), "不是文件夹", str(blocker))
    one_error(run_cli("preview", str(docx), "-o", str(blocker / "页")), "上级不是文件夹")
    folder = tmp_path / "只读"
    folder.mkdir()
    make_readonly(folder)
    one_error(run_cli("preview", str(docx), "-o", str(folder / "页")), "权限不足", str(folder / "页"))


@pytest.fixture
def loop(tmp_path: Path) -> Path:
    path = tmp_path / "循环.docx"  # a name every command takes as a file, a corpus or an output
    path.symlink_to(path.name)
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "{plan}", "--corpus", "{loop}"],
        ["corpus", "list", "--corpus", "{loop}"],
        ["corpus", "show", "2022", "--corpus", "{loop}"],
        ["suggest", "加强经费管理", "--corpus", "{loop}"],
        ["index", "--corpus", "{loop}"],
        ["structure", "--corpus", "{loop}"],
        ["units", "--issuer", ISSUER, "--corpus", "{loop}"],
        ["new", "--year", "2027", "--issuer", ISSUER, "--from-latest", "-o", "{out}", "--corpus", "{loop}"],
        ["parse", "{loop}"],
        ["check", "{loop}"],
        ["build", "{loop}", "-o", "{out}.docx"],
        ["build", "{plan}", "-o", "{loop}"],
        ["new", "--year", "2027", "--issuer", ISSUER, "-o", "{loop}"],
        ["init", "--issuer", ISSUER, "-y", "-o", "{loop}"],
    ],
    ids=lambda args: "-".join(a for a in args if not a.startswith("{") and not a.startswith("-"))[:40],
)
def test_symlink_loop(args: list[str], tmp_path: Path, plan: Path, loop: Path) -> None:
    values = {"plan": plan, "loop": loop, "out": tmp_path / "草稿.yaml"}
    result = run_cli(*[a.format(**values) for a in args])
    one_error(result, "符号链接循环", str(loop))
    assert not (tmp_path / "草稿.yaml").exists()


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EACCES, "权限不足"),
        (errno.EROFS, "权限不足"),
        (errno.EISDIR, "是一个文件夹"),
        (errno.ENOTDIR, "上级不是文件夹"),
        (errno.ENOSPC, "磁盘空间不足"),
        (errno.ELOOP, "符号链接循环"),
        (errno.ENAMETOOLONG, "文件名太长"),
    ],
)
def test_os_error_names_the_path_and_the_reason(code: int, reason: str) -> None:
    error = os_error(
        Path("输出/计划.docx"), OSError(code, os.strerror(code), "输出/.计划.docx.x.tmp"), "写入"
    )
    assert str(error) == f"输出/计划.docx:无法写入({reason}" + str(error).split(reason, 1)[1]
    assert os_error(None, OSError(code, os.strerror(code), "别处")).path == "别处"


def test_a_name_too_long_is_one_line(tmp_path: Path, plan: Path) -> None:
    name = tmp_path / ("长" * 200)  # 600 bytes: too long a name for any file system
    one_error(run_cli("parse", str(name)), "文件名太长", str(name))
    one_error(run_cli("build", str(plan), "-o", f"{name}.docx"), "文件名太长")


def test_the_command_line_turns_any_os_error_into_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last resort at the command line's boundary: an OSError no library call named itself
    (here a real one, from opening a file in a missing folder where the parser would run)."""
    import drafter.parse.plan

    missing = tmp_path / "不存在" / "文件.txt"
    monkeypatch.setattr(drafter.parse.plan, "parse_file", lambda path: missing.open("rb"))
    one_error(run_cli("parse", "计划.txt"), "文件或文件夹不存在", str(missing))
