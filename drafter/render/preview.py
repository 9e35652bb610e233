"""Render a Word file to PNG pages for people without Word: LibreOffice, then pdftoppm.

The official fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体) are seldom installed on
Linux; ``templates/preview-fonts.conf`` tells fontconfig which free fonts (Fandol, Noto CJK,
AR PL) may stand in for them when they are missing. The file itself is never changed: what
LibreOffice lays out is a copy with ``w:overflowPunct`` turned round (see ``_as_word_reads_it``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from ..errors import DrafterError, InputError

CJK_FONT_PACKAGE = "fonts-noto-cjk"
PACKAGES = f"Debian/Ubuntu:apt-get install libreoffice-writer-nogui poppler-utils {CJK_FONT_PACKAGE}"
# The PDF filter with the blank pages that LibreOffice inserts itself (an even-page section
# break after an even page) kept, as a printer would print them: headless conversion leaves them
# out by default. LibreOffice reads filter options in JSON from 7.4 on (an older one ignores them).
_PDF_WITH_BLANK_PAGES = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
# w:overflowPunct, the switch for punctuation hanging past the right edge, in any of its forms
_OVERFLOW_PUNCT = re.compile(rb'<w:overflowPunct(?:\s+w:val="([^"]*)")?\s*/>')
_OFF = (b"0", b"false", b"off")
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


def convert_to_pdf(office: str, docx: Path, work: Path, timeout: float) -> Path:
    """``docx`` as a PDF in ``work`` by LibreOffice, with the stand-in fonts and a private profile,
    laid out as Word lays it out where LibreOffice is known to read it otherwise."""
    env = _font_env(work)
    profile = (work / "profile").as_uri()  # a private LibreOffice profile: no clash with a running one
    copy = _as_word_reads_it(docx, work / "as-word")
    _run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", _PDF_WITH_BLANK_PAGES,
          "--outdir", str(work), str(copy)], env, timeout, docx)  # fmt: skip
    pdf = work / f"{docx.stem}.pdf"
    if not pdf.exists():
        raise InputError("LibreOffice 未能转换此文件(是否为有效的 .docx?)", docx)
    return pdf


def _as_word_reads_it(docx: Path, folder: Path) -> Path:
    """A copy of ``docx`` in ``folder`` with every w:overflowPunct turned round. By ECMA-376
    (17.3.1.21) and in Word, on lets punctuation hang one character past the right edge and off
    keeps it inside; LibreOffice's Word import (writerfilter, 7.4 and later) sets hanging
    punctuation when the value is off, the other way round (its own export writes it as Word
    does). The copy makes LibreOffice show the lines Word shows. A file that is no zip is copied
    as it is, for LibreOffice to refuse."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / docx.name
    try:
        with zipfile.ZipFile(docx) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = source.read(item)
                if item.filename.startswith("word/") and item.filename.endswith(".xml"):
                    data = _OVERFLOW_PUNCT.sub(_turned_round, data)
                target.writestr(item, data)
    except zipfile.BadZipFile:
        shutil.copyfile(docx, copy)
    return copy


def _turned_round(match: re.Match[bytes]) -> bytes:
    hangs = match.group(1) is None or match.group(1).lower() not in _OFF
    return b'<w:overflowPunct w:val="%s"/>' % (b"0" if hangs else b"1")


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
