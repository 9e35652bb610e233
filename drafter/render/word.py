"""The plan as an official Word document laid out by GB/T 9704—2012.

A4 with 37/35/28/26 mm margins; 3号仿宋 body on an exact 28.95 pt line pitch and a
``lines`` document grid (22 lines a page), −0.25 pt character spacing (28 characters a
line); 2号小标宋 title; 一、黑体, （一）楷体, 1. 仿宋 with the item's short title in bold;
page numbers “— N —” in 4号宋体, odd pages right and even pages left, one character in.
Every run names its East Asian font in all four slots (with ``w:hint``), and the theme
fonts are taken out of the defaults so nothing falls back to a Japanese face.

Optional parts: the 印发通知 (with a red header and the 版记), the 任务分工表 and the
per-unit task lists, each attachment on a page of its own. python-docx is imported
only here (and by the reader).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..draft.tasks import task_rows, tasks_by_unit
from ..lang.vocabulary import vocabulary
from ..lang.width import COLON, COMMA, LPAREN, RPAREN
from ..model import Item, Plan, Section
from .text import chinese_date, item_marker, notice_title

_P_AFTER_SNAP = (
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_P_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    *_P_AFTER_SNAP,
)
_R_AFTER_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


@dataclass
class Layout:
    """The numbers of GB/T 9704 as drafter applies them; fonts and labels can be changed."""

    title_font: str = "方正小标宋简体"
    heading1_font: str = "黑体"
    heading2_font: str = "楷体_GB2312"
    body_font: str = "仿宋_GB2312"
    page_number_font: str = "宋体"
    latin_font: str = ""  # digits and Latin letters: the role's font unless set
    title_size: float = 22  # 2号
    body_size: float = 16  # 3号
    small_size: float = 14  # 4号: page numbers, 版记, tables
    mark_size: float = 36  # 小初: the organ mark of the red header
    margins_mm: tuple[float, float, float, float] = (37, 35, 28, 26)  # top, bottom, left, right
    line_twips: int = 579  # 225 mm / 22 lines, rounded down so 22 fit
    char_spacing_twips: int = -5  # −0.25 pt: 28 characters of 3号 in 156 mm
    footer_mm: float = 24.7  # puts the page number's dash line about 7 mm below the type area
    bold_item_titles: bool = True
    labels: dict[str, str] = field(default_factory=dict)  # lead/units/support → label, for every clause
    red: str = "FF0000"


@dataclass
class BuildOptions:
    """What goes into the document besides the plan itself."""

    notice: bool = False
    attachment: bool = False  # the plan as 附件 of the notice (else it follows as the notice's body)
    red_header: bool = False
    book_title: bool = False  # 关于印发《…》的通知 (the 书名号 is a house choice; PLAN053)
    doc_number: str = ""
    recipients: str = ""
    signer: str = ""
    date: str = ""  # ISO
    note: str = ""
    cc: str = ""  # 抄送
    printer: str = ""  # 印发机关
    table: bool = False
    by_unit: bool = False
    layout: Layout = field(default_factory=Layout)


def build_docx(plan: Plan, options: BuildOptions) -> bytes:
    """The .docx bytes of a plan."""
    writer = _Writer(options)
    writer.document_setup()
    attachments = _attachments(plan, options)
    if options.notice:
        writer.notice(plan, attachments)
    writer.plan(
        plan,
        label=_label(attachments, 0) if options.notice and options.attachment else "",
        new_page=options.notice,
    )
    for index, (kind, title) in enumerate(attachments):
        if kind == "plan":
            continue
        label = _label(attachments, index)
        if kind == "table":
            writer.task_table(plan, title, label)
        else:
            writer.unit_lists(plan, title, label)
    if options.notice:
        writer.imprint(plan)
    buffer = io.BytesIO()
    writer.doc.save(buffer)
    return buffer.getvalue()


def write_docx(plan: Plan, options: BuildOptions, out: Path) -> None:
    """Build and write atomically."""
    from ..store.corpus import write_atomic

    write_atomic(out, build_docx(plan, options))


def _attachments(plan: Plan, options: BuildOptions) -> list[tuple[str, str]]:
    """(kind, title) of every attachment, the plan first when it is the notice's 附件."""
    base = plan.title or "工作要点"
    found = [("plan", base)] if options.notice and options.attachment else []
    if options.table:
        found.append(("table", f"{base}任务分工表"))
    if options.by_unit:
        found.append(("units", f"{base}各单位任务清单"))
    return found


def _label(attachments: list[tuple[str, str]], index: int) -> str:
    return "附件" if len(attachments) == 1 else f"附件{index + 1}"


class _Writer:
    def __init__(self, options: BuildOptions):
        self.options = options
        self.layout = options.layout
        self.doc = Document()

    # -- page, defaults, footers -------------------------------------------------------

    def document_setup(self) -> None:
        layout = self.layout
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        top, bottom, left, right = layout.margins_mm
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
        section.footer_distance = Mm(layout.footer_mm)
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(layout.line_twips))
        self._defaults()
        self.doc.settings.odd_and_even_pages_header_footer = True
        self._page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
        self._page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)

    def _defaults(self) -> None:
        """Explicit fonts and zh-CN in the document defaults, the Normal style and the settings."""
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_fonts(run_defaults, self.layout.body_font, self.layout.latin_font)
        language = run_defaults.find(qn("w:lang"))
        if language is not None:
            language.set(qn("w:eastAsia"), "zh-CN")
        paragraph_defaults = defaults.find(qn("w:pPrDefault"))
        if paragraph_defaults is not None:
            defaults.remove(paragraph_defaults)  # 10 pt after every paragraph, 1.15 lines
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(self.layout.body_size)
        _set_fonts(normal.element.get_or_add_rPr(), self.layout.body_font, self.layout.latin_font)
        _exact(normal.paragraph_format, self.layout.line_twips)
        theme_language = self.doc.settings.element.find(qn("w:themeFontLang"))
        if theme_language is not None:
            theme_language.set(qn("w:eastAsia"), "zh-CN")

    def _page_number(self, paragraph: Any, align: Any) -> None:
        layout = self.layout
        paragraph.alignment = align
        one_char = Pt(layout.small_size)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = one_char
        else:
            paragraph.paragraph_format.left_indent = one_char
        paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
        self._run(paragraph, "— ", layout.page_number_font, layout.small_size, spacing=False)
        for kind, text in (("begin", ""), ("instr", " PAGE "), ("separate", ""), ("text", "1"), ("end", "")):
            run = self._run(paragraph, "", layout.page_number_font, layout.small_size, spacing=False)
            if kind == "instr":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._element.append(instr)
            elif kind == "text":
                run.text = text
            else:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._element.append(char)
        self._run(paragraph, " —", layout.page_number_font, layout.small_size, spacing=False)

    # -- paragraphs and runs -------------------------------------------------------------

    def _run(
        self,
        paragraph: Any,
        text: str,
        font: str,
        size: float,
        bold: bool = False,
        color: str = "",
        spacing: bool = True,
    ) -> Any:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.font.bold = bold or None
        if color:
            run.font.color.rgb = RGBColor.from_string(color)
        rpr = run._element.get_or_add_rPr()
        _set_fonts(rpr, font, self.layout.latin_font)
        if spacing and self.layout.char_spacing_twips:
            element = OxmlElement("w:spacing")
            element.set(qn("w:val"), str(self.layout.char_spacing_twips))
            rpr.insert_element_before(element, *_R_AFTER_SPACING)
        return run

    def _paragraph(
        self,
        indent_chars: float = 0,
        align: Any = None,
        snap: bool = True,
        new_page: bool = False,
        keep_next: bool = False,
        line_twips: int = 0,
    ) -> Any:
        paragraph = self.doc.add_paragraph()
        fmt = paragraph.paragraph_format
        _exact(fmt, line_twips or self.layout.line_twips)
        if indent_chars:
            fmt.first_line_indent = Pt(self.layout.body_size * indent_chars)
        if align is not None:
            paragraph.alignment = align
        fmt.page_break_before = new_page or None
        fmt.keep_with_next = keep_next or None
        if not snap:
            element = OxmlElement("w:snapToGrid")
            element.set(qn("w:val"), "0")
            paragraph._p.get_or_add_pPr().insert_element_before(element, *_P_AFTER_SNAP)
        return paragraph

    def _text(self, text: str, font: str = "", bold: bool = False, **kwargs: Any) -> Any:
        paragraph = self._paragraph(**kwargs)
        if text:
            self._run(paragraph, text, font or self.layout.body_font, self.layout.body_size, bold)
        return paragraph

    def _blank(self, count: int = 1) -> None:
        for _ in range(count):
            self._paragraph()

    def _title(self, text: str, new_page: bool = False) -> None:
        paragraph = self._paragraph(
            align=WD_ALIGN_PARAGRAPH.CENTER,
            snap=False,
            new_page=new_page,
            keep_next=True,
            line_twips=round(self.layout.title_size * 1.5 * 20),
        )
        self._run(paragraph, text, self.layout.title_font, self.layout.title_size)

    # -- the plan ------------------------------------------------------------------------

    def plan(self, plan: Plan, label: str, new_page: bool) -> None:
        if label:
            self._text(label, self.layout.heading1_font, new_page=new_page)
            self._blank()
            new_page = False
        if plan.title:
            self._title(plan.title, new_page=new_page)
            self._blank()
        for line in plan.preamble.split("\n") if plan.preamble else []:
            self._text(line, indent_chars=2)
        for section in plan.sections:
            self._section(section, 0)

    def _section(self, section: Section, depth: int) -> None:
        if section.number:
            marker = f"{section.number}、" if depth == 0 else f"{LPAREN}{section.number}{RPAREN}"
            font = self.layout.heading1_font if depth == 0 else self.layout.heading2_font
            self._text(marker + section.title, font, indent_chars=2, keep_next=True)
        for line in section.intro.split("\n") if section.intro else []:
            self._text(line, indent_chars=2)
        for item in section.items:
            self._item(item, bool(section.number))
        for sub in section.sections:
            self._section(sub, depth + 1)

    def _item(self, item: Item, in_section: bool) -> None:
        from .text import item_text

        body = item_text(item, self.layout.labels or None)
        lines = body.split("\n")
        paragraph = self._paragraph(indent_chars=2)
        font, size = self.layout.body_font, self.layout.body_size
        self._run(paragraph, item_marker(item.number, in_section), font, size)
        if item.title:
            self._run(paragraph, item.title + "。", font, size, bold=self.layout.bold_item_titles)
        self._run(paragraph, lines[0], font, size)
        for line in lines[1:]:
            self._text(line, indent_chars=2)

    # -- the notice ----------------------------------------------------------------------

    def notice(self, plan: Plan, attachments: list[tuple[str, str]]) -> None:
        options, layout = self.options, self.layout
        notice = plan.notice
        if options.red_header:
            self._red_header(plan)
        self._title(
            notice_title(
                plan.title, plan.issuer, with_issuer=not options.red_header, book_title=options.book_title
            )
        )
        self._blank()
        recipients = (
            options.recipients or (notice.recipients if notice else "") or vocabulary().notice_recipients
        )
        self._text(recipients + COLON)
        body = (notice.body if notice and notice.body else "") or (
            f"现将《{plan.title}》印发给你们{COMMA}请结合实际{COMMA}认真贯彻落实。"
        )
        last = None
        for line in body.split("\n"):
            last = self._text(line, indent_chars=2)
        if attachments:
            self._blank()
            for index, (_, name) in enumerate(attachments):
                numbered = f"{index + 1}.{name}" if len(attachments) > 1 else name
                prefix = "附件" + COLON if index == 0 else "　" * 3  # later lines align with the first name
                last = self._text(prefix + numbered, indent_chars=2)
        # The last line of text goes with the signature: a signature page must show body text.
        last.paragraph_format.keep_with_next = True
        signer = options.signer or (notice.signer if notice and notice.signer else "") or plan.issuer
        date = chinese_date(
            options.date
            or (notice.date if notice and notice.date else "")
            or plan.date
            or dt.date.today().isoformat()
        )
        self._paragraph(keep_next=True)
        # 成文日期右空四字; the signer centred above it (the seal covers both).
        date_indent = 4 * layout.body_size
        signer_indent = date_indent + (_width(date) - _width(signer)) * layout.body_size / 2
        for text, indent, keep in ((signer, signer_indent, True), (date, date_indent, False)):
            paragraph = self._text(text, align=WD_ALIGN_PARAGRAPH.RIGHT, keep_next=keep)
            paragraph.paragraph_format.right_indent = Pt(max(indent, 0))
        note = options.note or (notice.note if notice else "")
        if note:
            self._text(note, indent_chars=2)

    def _red_header(self, plan: Plan) -> None:
        layout = self.layout
        spacer = self._paragraph(snap=False, line_twips=90 * 20)  # the mark's top 35 mm below the type area
        spacer.paragraph_format.keep_with_next = True
        mark = self._paragraph(
            align=WD_ALIGN_PARAGRAPH.CENTER, snap=False, line_twips=round(layout.mark_size * 1.25 * 20)
        )
        self._run(
            mark, f"{plan.issuer}文件", layout.title_font, layout.mark_size, color=layout.red, spacing=False
        )
        self._blank(2)
        number = self._text(self.options.doc_number, align=WD_ALIGN_PARAGRAPH.CENTER, snap=False)
        border = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "11"), ("w:color", layout.red)):
            bottom.set(qn(key), value)
        border.append(bottom)
        number._p.get_or_add_pPr().insert_element_before(border, *_P_AFTER_BORDER)
        self._blank(2)

    def imprint(self, plan: Plan) -> None:
        """The 版记 at the foot of the last page: 抄送, then 印发机关 and 印发日期, between rules."""
        options, layout = self.options, self.layout
        printer = options.printer or (f"{plan.issuer}办公室" if plan.issuer else "")
        date = chinese_date(options.date or plan.date or dt.date.today().isoformat())
        rows = [f"抄送{COLON}{options.cc.rstrip('。')}。"] if options.cc else []
        rows.append(f"{printer}\t{date}印发")
        table = self.doc.add_table(rows=len(rows), cols=1)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _fixed_widths(table, [156])
        _float_to_bottom(table)
        for index, (row, text) in enumerate(zip(table.rows, rows, strict=True)):
            cell = row.cells[0]
            cell.width = Mm(156)
            paragraph = cell.paragraphs[0]
            fmt = paragraph.paragraph_format
            fmt.left_indent = fmt.right_indent = Pt(layout.small_size)
            fmt.space_before = fmt.space_after = Pt(2)
            if "\t" in text:
                fmt.tab_stops.add_tab_stop(Mm(156) - Pt(layout.small_size * 2), alignment=2)  # right tab
            self._run(paragraph, text, layout.body_font, layout.small_size, spacing=False)
            _cell_borders(cell, top=8 if index == 0 else 6, bottom=8 if index == len(rows) - 1 else 0)
        end = self._paragraph(line_twips=20)  # a document ends with a paragraph, not a table
        end.paragraph_format.line_spacing = Pt(1)

    # -- attachments ---------------------------------------------------------------------

    def _attachment_head(self, title: str, label: str) -> None:
        self._text(label or "附件", self.layout.heading1_font, new_page=True)
        self._blank()
        self._title(title)
        self._blank()

    def task_table(self, plan: Plan, title: str, label: str) -> None:
        layout = self.layout
        self._attachment_head(title, label)
        rows = task_rows(plan)
        deadline = any(r.deadline for r in rows)
        headers = ["序号", "工作任务", "牵头单位", "责任单位"] + (["完成时限"] if deadline else [])
        widths = [15, 81, 30, 30] if not deadline else [15, 67, 26, 26, 22]
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _fixed_widths(table, widths)
        header = table.rows[0]
        _repeat_header(header)
        for cell, text, width in zip(header.cells, headers, widths, strict=True):
            self._cell(cell, text, width, layout.heading1_font, WD_ALIGN_PARAGRAPH.CENTER)
        section_title = None
        for row in rows:
            if row.section and row.section != section_title:
                section_title = row.section
                merged = table.add_row().cells
                cell = merged[0].merge(merged[-1])
                self._cell(cell, section_title, sum(widths), layout.heading1_font, None)
            cells = table.add_row().cells
            values = [str(row.number), row.task, "、".join(row.lead), "、".join(row.units)]
            values += [row.deadline] if deadline else []
            for index, (cell, text, width) in enumerate(zip(cells, values, widths, strict=True)):
                align = WD_ALIGN_PARAGRAPH.CENTER if index == 0 else None
                self._cell(cell, text, width, layout.body_font, align)
        self._paragraph()  # the next attachment (or the document's end) starts after a paragraph

    def _cell(self, cell: Any, text: str, width_mm: float, font: str, align: Any) -> None:
        cell.width = Mm(width_mm)
        paragraph = cell.paragraphs[0]
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE  # the body's exact 28.95 pt would bloat rows
        fmt.space_before = fmt.space_after = Pt(0)
        if align is not None:
            paragraph.alignment = align
        self._run(paragraph, text, font, self.layout.small_size, spacing=False)

    def unit_lists(self, plan: Plan, title: str, label: str) -> None:
        self._attachment_head(title, label)
        for tasks in tasks_by_unit(plan):
            self._text(tasks.unit, self.layout.heading1_font, indent_chars=2, keep_next=True)
            for word, rows in (("牵头", tasks.lead), ("参与", tasks.shared)):
                if rows:
                    heading = f"{word}{LPAREN}{len(rows)}项{RPAREN}{COLON}"
                    self._text(heading, self.layout.heading2_font, indent_chars=2, keep_next=True)
                    for row in rows:
                        self._text(f"{row.number}.{row.task}", indent_chars=2)


def _set_fonts(rpr: Any, east_asia: str, latin: str = "") -> None:
    """Name the font in all four slots, drop theme fonts (they win over names), hint East Asian."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(key), None)
    fonts.set(qn("w:eastAsia"), east_asia)
    for key in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(key), latin or east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _exact(fmt: Any, twips: int) -> None:
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(twips / 20)
    fmt.space_before = fmt.space_after = Pt(0)


def _width(text: str) -> float:
    """Width in 字: a Chinese character is one, a digit or Latin letter half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def _fixed_widths(table: Any, widths_mm: list[float]) -> None:
    """Column widths in the table grid (what LibreOffice and Word lay out by), fixed layout."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    if table_width is not None:
        table_width.set(qn("w:type"), "dxa")
        table_width.set(qn("w:w"), str(round(Mm(sum(widths_mm)).twips)))


def _repeat_header(row: Any) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _float_to_bottom(table: Any) -> None:
    """Anchor the 版记 table to the bottom of the type area, so its last rule sits on it."""
    properties = table._tbl.tblPr
    position = OxmlElement("w:tblpPr")
    for key, value in (
        ("w:vertAnchor", "margin"),
        ("w:horzAnchor", "margin"),
        ("w:tblpXSpec", "center"),
        ("w:tblpYSpec", "bottom"),
    ):
        position.set(qn(key), value)
    properties.insert(1 if properties.find(qn("w:tblStyle")) is not None else 0, position)


def _cell_borders(cell: Any, top: int, bottom: int) -> None:
    """Top and bottom rules of a 版记 row (sizes in eighths of a point); no side rules."""
    properties = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side, size in (("top", top), ("left", 0), ("bottom", bottom), ("right", 0)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "single" if size else "nil")
        if size:
            element.set(qn("w:sz"), str(size))
            element.set(qn("w:color"), "000000")
        borders.append(element)
    properties.append(borders)
