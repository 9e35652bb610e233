"""Writing files safely: whole or not at all, never a half-written file in the user's place."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from pathlib import Path

# A temporary file of write_atomic (".<target name>.<8 random characters>.tmp") that has not
# been written to for this long is a killed run's leftover: a live write takes seconds.
STALE_SECONDS = 3600
_TEMP = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")  # tempfile.mkstemp's names, as write_atomic asks for them
_swept: set[Path] = set()  # folders already cleaned by this process


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target.parent)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temp = Path(name)
    try:
        temp.chmod(target.stat().st_mode if target.exists() else 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


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
