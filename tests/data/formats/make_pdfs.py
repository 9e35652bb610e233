"""Write the PDFs of this folder (run once; see README.md). Needs LibreOffice (soffice).

changsha-2022.pdf: seed 000 built by ``drafter build --notice --red-header`` (GB/T 9704 layout:
indented paragraphs, “— 1 —” page numbers), printed to PDF by LibreOffice.
xiangtan-2017.pdf: seed 003 typed into Word one paragraph a line — no first-line indents, a
running header and a “第 N 页” footer — printed by LibreOffice.
two-columns.pdf: seed 000 typed into Word with first-line indents, the page set in two columns
(w:cols w:num="2"), printed by LibreOffice: each page's text reads down the left column, then
the right.
scan.pdf: a page of changsha-2022.pdf as a picture (pdftoppm), in a Word file printed to PDF:
no text layer.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import docx
import docx.oxml.ns
from docx.oxml import parse_xml
from docx.shared import Mm, Pt

HERE = Path(__file__).parent
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _cjk_document(size: float) -> Any:
    """A new document whose Normal style sets every script in one CJK font at ``size`` pt, as a
    clerk's 仿宋 document has (quotes in a Latin font are drawn by LibreOffice in one operation
    per line, which pypdf cannot place glyph by glyph)."""
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size = Pt(size)
    style.font.name = "Noto Serif CJK SC"
    style.element.rPr.rFonts.set(docx.oxml.ns.qn("w:eastAsia"), "Noto Serif CJK SC")
    return document


def _add_lines(document: Any, seed: Path) -> None:
    """Each non-blank line of ``seed`` as a paragraph."""
    for line in seed.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line.strip())


def typed(seed: Path, out: Path) -> None:
    document = _cjk_document(14)
    section = document.sections[0]
    section.header.paragraphs[0].text = "湘潭市教育局 政务公开"
    footer = section.footer.paragraphs[0]
    footer.text = "第 "
    footer._p.append(
        parse_xml(f'<w:fldSimple xmlns:w="{_W}" w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    )
    footer.add_run(" 页")
    _add_lines(document, seed)
    document.save(out)


def two_columns(seed: Path, out: Path) -> None:
    document = _cjk_document(10.5)
    document.styles["Normal"].paragraph_format.first_line_indent = Pt(21)  # two characters
    section = document.sections[0]
    section.left_margin = section.right_margin = Mm(20)
    section._sectPr.append(parse_xml(f'<w:cols xmlns:w="{_W}" w:num="2" w:space="720"/>'))
    _add_lines(document, seed)
    document.save(out)


def to_pdf(source: Path, name: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", work, str(source)], check=True
        )
        (Path(work) / f"{source.stem}.pdf").replace(HERE / name)


def main(seeds: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        [changsha] = seeds.glob("000_*.txt")
        [xiangtan] = seeds.glob("003_*.txt")
        built = folder / "changsha.docx"
        subprocess.run(
            ["drafter", "build", str(changsha), "-o", str(built), "--notice", "--red-header"], check=True
        )
        to_pdf(built, "changsha-2022.pdf")
        typed(xiangtan, folder / "xiangtan.docx")
        to_pdf(folder / "xiangtan.docx", "xiangtan-2017.pdf")
        two_columns(changsha, folder / "two-columns.docx")
        to_pdf(folder / "two-columns.docx", "two-columns.pdf")
        subprocess.run(["pdftoppm", "-r", "40", "-f", "2", "-l", "2", "-png", "-singlefile",
                        str(HERE / "changsha-2022.pdf"), str(folder / "page")], check=True)  # fmt: skip
        picture = docx.Document()
        picture.add_picture(str(folder / "page.png"), width=Mm(150))
        picture.save(folder / "scan.docx")
        to_pdf(folder / "scan.docx", "scan.pdf")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
