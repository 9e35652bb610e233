"""Render a Word file to PNG pages for people without Word: LibreOffice, then pdftoppm.

The official fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体) are seldom installed on
Linux; ``templates/preview-fonts.conf`` tells fontconfig which free fonts (Fandol, Noto CJK,
AR PL) may stand in for them when they are missing. The file itself is never changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from ..errors import DrafterError, InputError

CJK_FONT_PACKAGE = "fonts-noto-cjk"
PACKAGES = f"Debian/Ubuntu:apt-get install libreoffice-writer-nogui poppler-utils {CJK_FONT_PACKAGE}"
_PROBE_SECONDS = 30  # fc-list answers in well under a second; a hang must not stall preview


class MissingTool(DrafterError):
    """LibreOffice or pdftoppm is not installed."""


def cjk_fonts() -> list[str]:
    """Families of the installed fonts that cover Chinese, as fontconfig (``fc-list :lang=zh``)
    sees them under the current environment; [] when there is none or no fc-list."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        listed = subprocess.run(
            [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=_PROBE_SECONDS
        ).stdout
    except subprocess.TimeoutExpired:
        return []
    return sorted({line.split(",")[0].strip() for line in listed.splitlines() if line.strip()})


def font_warning() -> str:
    """A Chinese warning when no font can show Chinese (the pages would show empty boxes), else ""."""
    if cjk_fonts():
        return ""
    return (
        "警告:未找到中文字体,预览中的汉字会显示成方框;"
        f"请安装中文字体(Debian/Ubuntu:apt-get install {CJK_FONT_PACKAGE})"
    )


def render_pages(docx: Path, folder: Path, dpi: int = 80, timeout: float = 180) -> list[Path]:
    """Render every page of ``docx`` to ``folder/<name>-<page>.png``; the PNG paths in order."""
    from ..parse.read import open_docx, require_file

    require_file(docx)
    open_docx(docx)  # a broken or mislabelled file is named here, not rendered as text
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise MissingTool(f"预览需要 LibreOffice,未找到 soffice 命令({PACKAGES})")
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise MissingTool(f"预览需要 pdftoppm(poppler-utils),未找到({PACKAGES})")
    from ..store.files import make_folder

    make_folder(folder)
    with tempfile.TemporaryDirectory(prefix="drafter-preview-") as temp:
        work = Path(temp)
        pdf = convert_to_pdf(office, docx, work, timeout)
        _run(
            [pdftoppm, "-r", str(dpi), "-png", str(pdf), str(work / "page")], dict(os.environ), timeout, docx
        )
        pages = sorted(work.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if not pages:
            raise InputError("pdftoppm 未能把转换出的 PDF 渲染成图片", docx)
        written = []
        for number, page in enumerate(pages, start=1):
            target = folder / f"{docx.stem}-{number}.png"
            shutil.move(page, target)  # a rename on the same disk
            written.append(target)
    return written


def page_count(docx_bytes: bytes, timeout: float = 180) -> int:
    """How many pages LibreOffice lays a Word file out on (MissingTool without LibreOffice)."""
    from pypdf import PdfReader

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise MissingTool(f"排版核对需要 LibreOffice,未找到 soffice 命令({PACKAGES})")
    with tempfile.TemporaryDirectory(prefix="drafter-layout-") as temp:
        docx = Path(temp) / "document.docx"
        docx.write_bytes(docx_bytes)
        return len(PdfReader(convert_to_pdf(office, docx, Path(temp), timeout)).pages)


def convert_to_pdf(office: str, docx: Path, work: Path, timeout: float) -> Path:
    """``docx`` as a PDF in ``work`` by LibreOffice, with the stand-in fonts and a private profile."""
    env = _font_env(work)
    profile = (work / "profile").as_uri()  # a private LibreOffice profile: no clash with a running one
    _run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
          "--outdir", str(work), str(docx)], env, timeout, docx)  # fmt: skip
    pdf = work / f"{docx.stem}.pdf"
    if not pdf.exists():
        raise InputError("LibreOffice 未能转换此文件(是否为有效的 .docx?)", docx)
    return pdf


def _font_env(work: Path) -> dict[str, str]:
    """The environment with the stand-in font aliases on top of the font configuration in force."""
    from ..resources import bundled

    fonts = work / "fonts.conf"
    base = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    fonts.write_text(
        '<?xml version="1.0"?>\n<fontconfig>'
        f'<include ignore_missing="yes">{escape(base)}</include>'
        f"<include>{escape(str(bundled('templates') / 'preview-fonts.conf'))}</include></fontconfig>\n",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(fonts)}


def _run(command: list[str], env: dict[str, str], timeout: float, docx: Path) -> None:
    """Run one conversion step; its own failure shows as a missing output, a hang as an error."""
    try:
        subprocess.run(command, env=env, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise InputError(f"{Path(command[0]).name} 转换超时({timeout:.0f} 秒)", docx) from exc
