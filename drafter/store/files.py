"""Writing files safely: whole or not at all, never a half-written file in the user's place.

Every failure of the file system (no permission, a folder where a file should go, a full
disk, a symbolic-link loop) leaves as one ``InputError`` naming the file the user gave, and
the file that was there before stays as it was. A missing output folder is created only
when its own parent exists: one level, never a whole tree from a mistyped path.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from pathlib import Path

from ..errors import InputError, UsageError, os_error


def exists(path: Path) -> bool:
    """Whether ``path`` exists (a dangling link does not); InputError when it cannot be told,
    e.g. a symbolic-link loop, a parent that is a file, or no permission to look."""
    try:
        path.stat()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise os_error(path, exc) from exc
    return True


def check_target(target: Path, force: bool = False) -> None:
    """Raise unless ``target`` can be written as a file: it is not a folder, it does not exist
    yet (or ``force``), and its folder exists or can be made by creating one level."""
    if exists(target):
        if target.is_dir():
            raise InputError("是一个文件夹,不能写成文件", target)
        if not force:
            raise UsageError(f"{target} 已存在,加 --force 覆盖")
    _check_folder(target.parent, target)


def make_folder(folder: Path) -> None:
    """Create ``folder`` if it is missing: that one level only (its parent must exist)."""
    if _check_folder(folder, folder):
        return
    try:
        folder.mkdir()
    except FileExistsError:  # made meanwhile by another process: fine if it is a folder
        _check_folder(folder, folder)
    except OSError as exc:
        raise os_error(folder, exc, "新建文件夹") from exc


# A temporary file of write_atomic (".<target name>.<8 random characters>.tmp") that has not
# been written to for this long is a killed run's leftover: a live write takes seconds.
STALE_SECONDS = 3600
_TEMP = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")  # tempfile.mkstemp's names, as write_atomic asks for them
_swept: set[Path] = set()  # folders already cleaned by this process


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename (see the module docstring)."""
    check_target(target, force=True)
    make_folder(target.parent)
    remove_stale_temps(target.parent)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise os_error(target, exc, "写入") from exc
    temp = Path(name)
    try:
        temp.chmod(target.stat().st_mode if target.exists() else 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temp.replace(target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise os_error(target, exc, "写入") from exc
        raise


def _check_folder(folder: Path, target: Path) -> bool:
    """True when ``folder`` is an existing folder, False when it can be created (its parent
    exists); InputError (naming ``target``) otherwise."""
    if exists(folder):
        if not folder.is_dir():
            raise InputError(
                "不是文件夹" if folder == target else f"无法写入(上级不是文件夹:{folder})", target
            )
        return True
    if not exists(folder.parent):
        raise InputError(f"上级文件夹不存在:{folder.parent}(只会新建最后一层文件夹)", target)
    return False


def remove_stale_temps(folder: Path) -> None:
    """Delete what killed runs of write_atomic left in ``folder`` (once per process and
    folder: a batch ingest writes hundreds of files into one)."""
    if folder in _swept:
        return
    _swept.add(folder)
    old = time.time() - STALE_SECONDS
    with contextlib.suppress(OSError), os.scandir(folder) as found:
        for entry in found:
            if _TEMP.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < old:
                        Path(entry.path).unlink()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
