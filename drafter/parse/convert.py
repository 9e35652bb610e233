"""Word 97 .doc, WPS .wps, .rtf and .odt files, converted to .docx by LibreOffice.

The conversion runs ``soffice --headless --convert-to docx`` in a private profile (the
user's own LibreOffice, open or not, is never touched) inside a temporary folder, under a
time limit: a damaged .wps can keep the converter busy forever, so its whole process group
is killed when the limit passes. The converted .docx is cached by the source's sha256 in
the user cache (``$XDG_CACHE_HOME/drafter/converted``), so a folder of .doc files is
converted once however often it is ingested.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import DrafterError, InputError
from ..store.files import write_atomic

# Suffix → the format recorded in provenance. LibreOffice reads each of them.
CONVERTIBLE = {".doc": "doc", ".wps": "wps", ".rtf": "rtf", ".odt": "odt"}
LIBREOFFICE_PACKAGE = "libreoffice-writer-nogui"  # the Debian/Ubuntu package with a headless soffice
# A plan converts in 1-3 s (most of it LibreOffice starting); a file still converting after
# this long has hung the converter, which is then killed.
CONVERT_TIMEOUT = 120
_VERSION_TIMEOUT = 30  # `soffice --version` starts no document, but a cold start is slow
_VERSION = re.compile(r"LibreOffice\s+(\d+(?:\.\d+)*)")


@dataclass(frozen=True)
class Converted:
    """The .docx made from a source file (its bytes), and what made it ("LibreOffice 7.4.7.2")."""

    docx: bytes
    converter: str


def soffice() -> str | None:
    """The LibreOffice command on PATH (``soffice``, or ``libreoffice``), None if there is none."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@lru_cache(maxsize=4)
def converter_name(command: str) -> str:
    """ "LibreOffice 7.4.7.2" from ``soffice --version`` ("LibreOffice" when it says no version)."""
    try:
        done = subprocess.run(
            [command, "--version"], capture_output=True, timeout=_VERSION_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return "LibreOffice"
    found = _VERSION.search(done.stdout.decode("utf-8", "replace"))
    return f"LibreOffice {found.group(1)}" if found else "LibreOffice"


def cache_folder() -> Path:
    """Where converted files are kept: ``$XDG_CACHE_HOME/drafter/converted`` (else ~/.cache)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "drafter" / "converted"


def to_docx(path: Path, data: bytes, digest: str, timeout: float = CONVERT_TIMEOUT) -> Converted:
    """The .docx LibreOffice makes of ``path`` (whose bytes are ``data``, sha256 ``digest``):
    from the cache when this content was converted before. InputError without LibreOffice,
    when it fails, or when it takes longer than ``timeout`` seconds."""
    kind = CONVERTIBLE[path.suffix.lower()]
    cached = cache_folder() / f"{digest}.docx"
    made_by = cached.with_suffix(".converter")
    if cached.is_file() and made_by.is_file():
        return Converted(cached.read_bytes(), made_by.read_text(encoding="utf-8").strip() or "LibreOffice")
    command = soffice()
    if command is None:
        raise InputError(
            f"读取 .{kind} 文件需要 LibreOffice,但未找到 soffice 命令(请安装 {LIBREOFFICE_PACKAGE})", path
        )
    with tempfile.TemporaryDirectory(prefix="drafter-convert-") as work:
        folder = Path(work)
        source = folder / f"source.{kind}"  # a plain name: LibreOffice mis-reads some file names
        source.write_bytes(data)
        _run(command, source, folder, path, timeout)
        produced = folder / "out" / "source.docx"
        if not produced.is_file() or produced.stat().st_size == 0:
            raise InputError(f"LibreOffice 未能把此 .{kind} 文件转换为 .docx(文件可能已损坏)", path)
        converted = Converted(produced.read_bytes(), converter_name(command))
    with contextlib.suppress(OSError, DrafterError):  # no usable cache: converted again next time
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, converted.docx)  # the .docx first: the note marks it complete
        write_atomic(made_by, f"{converted.converter}\n".encode())
    return converted


def _run(command: str, source: Path, folder: Path, path: Path, timeout: float) -> None:
    """Run the conversion in its own process group, killed whole when it overruns."""
    profile = (folder / "profile").as_uri()
    args = [
        command,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--nologo",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(folder / "out"),
        str(source),
    ]
    try:
        process = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
    except OSError as exc:
        raise InputError(f"无法启动 LibreOffice({exc.strerror or exc})", path) from exc
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise InputError(
            f"LibreOffice 转换超过 {timeout:g} 秒仍未完成,已中止(文件可能已损坏)", path
        ) from None
