"""Make the README's preview image: a page of the bundled example, rendered by ``drafter
preview``, beside the same page with the GB/T 9704—2012 layout drawn over it.

    python docs/preview/make.py        # needs LibreOffice, pdftoppm and Pillow (dev only)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from drafter.resources import bundled

HERE = Path(__file__).parent
DPI = 100
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
# GB/T 9704—2012 7.1/7.2/7.5: A4, text block 156 × 225 mm, top margin 37 mm, left 28 mm,
# 22 lines of 28 characters; page number 4号 in “— N —” about 7 mm below the text block.
PAGE, LEFT, TOP, WIDTH, HEIGHT = (210, 297), 28, 37, 156, 225


def mm(value: float) -> int:
    return round(value / 25.4 * DPI)


def main() -> None:
    drafter = Path(sys.executable).parent / "drafter"
    source = next(bundled("corpus").glob("sources/2022-长沙市教育局-*.txt"))
    with tempfile.TemporaryDirectory() as temp:
        docx = Path(temp) / "示例.docx"
        subprocess.run([drafter, "build", source, "-o", docx, "--notice", "--red-header",
                        "--doc-number", "长教发〔2022〕1号", "--table"], check=True)  # fmt: skip
        subprocess.run([drafter, "preview", docx, "-o", temp, "--dpi", str(DPI)], check=True)
        page = Image.open(Path(temp) / "示例-2.png").convert("RGB")
    drawn = page.copy()
    pen = ImageDraw.Draw(drawn)
    font = ImageFont.truetype(FONT, 15)
    red = (200, 30, 30)
    pen.rectangle([mm(LEFT), mm(TOP), mm(LEFT + WIDTH), mm(TOP + HEIGHT)], outline=red, width=2)
    for line in range(1, 22):  # the 22-line grid
        y = mm(TOP) + (mm(TOP + HEIGHT) - mm(TOP)) * line / 22
        pen.line([mm(LEFT), y, mm(LEFT + WIDTH), y], fill=(240, 170, 170), width=1)
    labels = [
        ((mm(LEFT) + 6, mm(TOP) - 24), "版心 156×225 mm,每页 22 行、每行 28 字"),
        ((mm(LEFT) + 6, mm(TOP) // 2 - 8), "天头 37 mm"),
        ((4, mm(TOP + HEIGHT / 2)), "左 28 mm"),
        ((mm(LEFT) + 70, mm(TOP + HEIGHT) + 6), "页码 4号“— N —”,单页居右、双页居左"),
        ((mm(LEFT) + 6, mm(PAGE[1]) - 30), "A4 210×297 mm"),
    ]
    for position, text in labels:
        pen.text(position, text, fill=red, font=font)
    side = Image.new("RGB", (page.width * 2 + 30, page.height), "white")
    side.paste(page, (0, 0))
    side.paste(drawn, (page.width + 30, 0))
    side.save(HERE / "page.png", optimize=True)
    print(f"wrote {HERE / 'page.png'}")


if __name__ == "__main__":
    main()
