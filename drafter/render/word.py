"""The plan as an official Word document laid out by GB/T 9704—2012.

A4 with 37/35/28/26 mm margins; 3号仿宋 body on an exact 28.95 pt line pitch and a
``lines`` document grid (22 lines a page), −0.25 pt character spacing (28 characters a
line); 2号小标宋 title; 一、黑体, （一）楷体, 1. 仿宋 with the item's short title in bold;
page numbers “— N —” in 4号宋体, odd pages right and even pages left, one character in.

The format lives in named styles defined once (see ``_Writer.styles``): the body is
Word's Normal style (shown as 正文 in Chinese Word and WPS), the title is Title (标题),
and drafter adds 一级标题/二级标题/三级标题 (outline levels 1–3, for the navigation pane and
a table of contents), 条目标题, 责任单位, 页码, 版记 and the rest. Runs carry a style and
nothing else, so changing a style changes every place it is used. Every style that names
a font names it in all four slots (with ``w:hint``), and theme fonts are taken out of the
defaults and styles so nothing falls back to a Japanese face.

The plan's own attachments (``Plan.attachments``: a task list after the body) follow the body,
each on a page of its own: its label (附件标识), its title, preamble, sections and items in the
styles of the body, so a built document reads back to the same attachments. Optional parts: the
印发通知 (with a red header and the 版记: a section of its own that starts on an even page,
so the document always ends on one), the 任务分工表 and the per-unit task lists, each an
attachment on a page of its own after the plan's own. python-docx is imported
only here (and by the reader).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from ..draft.tasks import TaskRow, table_labels, task_rows, tasks_by_unit
from ..lang.vocabulary import vocabulary
from ..lang.width import COLON, COMMA, LPAREN, RPAREN
from ..model import Attachment, Item, Plan, Section
from .text import chinese_date, clause_text, item_marker, notice_title

# Style names as Word and WPS users see them. Normal and Title are Word's built-in styles
# (their Chinese UI names are 正文 and 标题; a new style of either name would clash).
BODY = "Normal"
TITLE = "Title"
HEADINGS = ("一级标题", "二级标题", "三级标题")
ITEM_TITLE = "条目标题"
CLAUSE = "责任单位"
ATTACHMENT_LABEL = "附件标识"
RECIPIENTS = "主送机关"
ORGAN_MARK = "发文机关标志"
DOC_NUMBER = "发文字号"
SIGNATURE = "署名"
PAGE_NUMBER = "页码"
IMPRINT = "版记"
TABLE_TEXT = "表格文字"
TABLE_HEADING = "表格标题"

_TWIPS_PER_PT = 20
_A4_MM = (210, 297)
_INDENT_CHARS = 2  # 首行缩进两字
_TITLE_LINE = 1.5  # title lines at 1.5 times the title size: a two-line title reads as one block
_MARK_LINE = 1.25  # the organ mark's line: its 小初 glyphs plus a little air
_MARK_OFFSET_PT = 90  # space above the organ mark: its top about 35 mm below the type area's (7.2.1)
_RED_RULE_EIGHTHS = 12  # the red 分隔线 under the document number, 1.5 pt
_RED_RULE_GAP_PT = 11  # the red rule about 4 mm below the document number (7.2.4)
_DATE_RIGHT_CHARS = 4  # 成文日期右空四字 (7.3.5.1)
_IMPRINT_BOLD_EIGHTHS = 8  # first and last rules of the 版记: 粗线, 0.35 mm ≈ 1 pt (7.4.1)
_IMPRINT_THIN_EIGHTHS = 6  # rules between 版记 rows: 细线, 0.25 mm ≈ 0.75 pt
_IMPRINT_PADDING_PT = 2  # above and below each 版记 row, so the rules do not touch the text
_END_LINE_PT = 1  # the empty paragraphs around the 版记 take no room, so nothing spills onto a page
_IMPRINT_ROW_LINES = 1  # each 版记 row one body line high (exact), whatever its text
_CELL_MARGINS_TWIPS = 2 * 108  # Word's default left and right cell margins
_TASK_MIN_CHARS = 10  # the 工作任务 column keeps at least this many characters a line
_DEADLINE_MAX_CHARS = 6  # a longer 完成时限 wraps in its column
_FIT_SLACK_CHARS = 0.25  # spare room in a column sized to its text: rounding to twips, glyph widths
_FULL_WIDTH_FROM = 0x2E80  # CJK radicals onwards: one 字 wide; below it (digits, Latin) half

# Child order of w:pPr and w:rPr (ECMA-376 CT_PPrBase, CT_RPr): Word rejects children out of order.
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)  # fmt: skip
_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
    "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
    "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip
_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# East Asian line breaking on the body style (so on every style based on it): no line starts with
# a closing mark (kinsoku); punctuation never hangs past the right edge of the 156 mm type area
# (overflowPunct, on by default in Word and LibreOffice); no extra space between Chinese and
# Latin letters or digits, which would upset the 28-character line. LibreOffice (writerfilter, 7.4
# and later) reads w:overflowPunct the wrong way round and no value suits both it and Word: the file
# says what Word reads, and render.preview turns the value round in the copy LibreOffice lays out.
_LINE_BREAKING = (
    ("w:kinsoku", "1"),
    ("w:overflowPunct", "0"),
    ("w:topLinePunct", "0"),
    ("w:autoSpaceDE", "0"),
    ("w:autoSpaceDN", "0"),
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
    table_brief: bool = False  # the 工作任务 column shows the item's title alone, not its measures
    by_unit: bool = False
    layout: Layout = field(default_factory=Layout)


def build_docx(plan: Plan, options: BuildOptions, item_ids: bool = False) -> bytes:
    """The .docx bytes of a plan; with ``item_ids``, every item's id (``ledger.ids``) goes into
    drafter's metadata in the file, so that the items keep their ids when it is read back,
    edited in Word or renumbered (left out by default: a plan read back from the file would then
    carry ids the plan built had not)."""
    writer = _Writer(options)
    writer.document_setup()
    attachments = _attachments(plan, options)
    labels = _labels(attachments)
    if options.notice:
        writer.notice(plan, attachments)
    writer.plan(
        plan,
        label=labels[0] if options.notice and options.attachment else "",
        new_page=options.notice,
    )
    for (kind, title, own), label in zip(attachments, labels, strict=True):
        if kind == "document" and own is not None:
            writer.plan(own.plan, label=label, new_page=True)
        elif kind == "table":
            writer.task_table(plan, title, label)
        elif kind == "units":
            writer.unit_lists(plan, title, label)
    if options.notice:
        writer.imprint(plan)
    if item_ids:
        from .annotate import origin_records, write_origins

        # the plan's own fingerprints: a reader gives a built item the same (where it would not,
        # restore_origins matches by title and path)
        write_origins(writer.doc, origin_records(plan))
    buffer = io.BytesIO()
    writer.doc.save(buffer)
    return buffer.getvalue()


def write_docx(plan: Plan, options: BuildOptions, out: Path) -> None:
    """Build, with the items' ids, and write atomically."""
    from ..store.files import write_atomic

    write_atomic(out, build_docx(plan, options, item_ids=True))


# (kind, title, the plan's own attachment when kind is "document") of one attachment of the document
_Attached = tuple[str, str, Attachment | None]


def _attachments(plan: Plan, options: BuildOptions) -> list[_Attached]:
    """Every attachment of the document in order: the plan first when it is the notice's 附件,
    then the plan's own attachments, the task table and the per-unit lists."""
    base = plan.title or "工作要点"
    found: list[_Attached] = [("plan", base, None)] if options.notice and options.attachment else []
    found += [("document", own.plan.title or own.label, own) for own in plan.attachments]
    if options.table:
        found.append(("table", f"{base}任务分工表", None))
    if options.by_unit:
        found.append(("units", f"{base}各单位任务清单", None))
    return found


def _labels(attachments: list[_Attached]) -> list[str]:
    """The 附件 label of each: the plan's own attachments keep theirs when they are all there is;
    otherwise 附件 for a single one and 附件1, 附件2… for several."""
    if all(own is not None for _, _, own in attachments):
        return [own.label or "附件" for _, _, own in attachments if own is not None]
    return ["附件"] if len(attachments) == 1 else [f"附件{n}" for n in range(1, len(attachments) + 1)]


class _Writer:
    def __init__(self, options: BuildOptions):
        self.options = options
        self.layout = options.layout
        self.doc = Document()
        self._style_ids: dict[str, str] = {}

    # -- page, defaults, styles, footers -------------------------------------------------

    def document_setup(self) -> None:
        layout = self.layout
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(_A4_MM[0]), Mm(_A4_MM[1])
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
        self.styles()
        self.doc.settings.odd_and_even_pages_header_footer = True
        self._page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
        self._page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)

    def _defaults(self) -> None:
        """Explicit fonts and zh-CN in the document defaults and the settings; no theme fonts."""
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for fonts in styles.iter(qn("w:rFonts")):  # a theme font wins over a named one
            for key in _THEME_FONTS:
                fonts.attrib.pop(qn(key), None)
        _set_fonts(run_defaults, self.layout.body_font, self.layout.latin_font)
        language = run_defaults.find(qn("w:lang"))
        if language is not None:
            language.set(qn("w:eastAsia"), "zh-CN")
        paragraph_defaults = defaults.find(qn("w:pPrDefault"))
        if paragraph_defaults is not None:
            defaults.remove(paragraph_defaults)  # 10 pt after every paragraph, 1.15 lines
        theme_language = self.doc.settings.element.find(qn("w:themeFontLang"))
        if theme_language is not None:
            theme_language.set(qn("w:eastAsia"), "zh-CN")

    def styles(self) -> None:
        """Define every style the document uses, once; the body font is set on Normal only."""
        layout = self.layout
        body, small = layout.body_size, layout.small_size
        center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
        normal = self.doc.styles[BODY]
        self._format(
            normal,
            font=layout.body_font,
            size=body,
            char_spacing=layout.char_spacing_twips,
            line_twips=layout.line_twips,
            first_line=_INDENT_CHARS * body,
        )
        normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
        properties = normal.element.get_or_add_pPr()
        for tag, value in _LINE_BREAKING:
            _put(properties, tag, _PPR_ORDER).set(qn("w:val"), value)
        title = self.doc.styles[TITLE]
        for part in (title.element.pPr, title.element.rPr):  # the template's blue rule, colour, theme fonts
            if part is not None:
                title.element.remove(part)
        self._format(
            title,
            font=layout.title_font,
            size=layout.title_size,
            align=center,
            first_line=0,
            line_twips=round(layout.title_size * _TITLE_LINE * _TWIPS_PER_PT),
            snap=False,
            keep_next=True,
        )
        # 第一层用黑体字、第二层用楷体字、第三层和第四层用仿宋体字 (GB/T 9704—2012, 7.3.3): 三级标题
        # in the body's font, bold as the titles of the “1.” items (the same level) are
        fonts = (layout.heading1_font, layout.heading2_font, "")
        for level, (name, font) in enumerate(zip(HEADINGS, fonts, strict=True)):
            self._define(
                name,
                f"OutlineLevel{level + 1}",
                font=font,
                bold=level == 2 and layout.bold_item_titles,
                keep_next=True,
                outline=level,
            )
        self._define(
            ATTACHMENT_LABEL, "AttachmentLabel", font=layout.heading1_font, first_line=0, new_page=True
        )
        self._define(RECIPIENTS, "Recipients", first_line=0)
        self._define(
            ORGAN_MARK,
            "OrganMark",
            font=layout.title_font,
            size=layout.mark_size,
            color=layout.red,
            char_spacing=0,
            align=center,
            first_line=0,
            line_twips=round(layout.mark_size * _MARK_LINE * _TWIPS_PER_PT),
            snap=False,
        )
        number = self._define(DOC_NUMBER, "DocNumber", align=center, first_line=0, snap=False)
        rule = _put(number.element.get_or_add_pPr(), "w:pBdr", _PPR_ORDER)
        bottom = OxmlElement("w:bottom")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", str(_RED_RULE_EIGHTHS)),
            ("w:space", str(_RED_RULE_GAP_PT)),
            ("w:color", layout.red),
        ):
            bottom.set(qn(key), value)
        rule.append(bottom)
        self._define(SIGNATURE, "Signature", align=right, first_line=0)
        self._define(ITEM_TITLE, "ItemTitle", character=True, bold=layout.bold_item_titles)
        self._define(CLAUSE, "Clause", character=True)
        page_font = layout.page_number_font
        self._define(
            PAGE_NUMBER, "PageNumber", base="Footer", font=page_font, size=small, char_spacing=0, first_line=0
        )
        imprint = self._define(IMPRINT, "Imprint", size=small, char_spacing=0, first_line=0)
        fmt = imprint.paragraph_format
        fmt.left_indent = fmt.right_indent = Pt(small)  # 左右各空一字
        fmt.space_before = fmt.space_after = Pt(_IMPRINT_PADDING_PT)
        fmt.tab_stops.add_tab_stop(Mm(self._type_width_mm()) - Pt(small * 2), WD_TAB_ALIGNMENT.RIGHT)
        self._define(TABLE_TEXT, "TableText", size=small, char_spacing=0, first_line=0, line_twips=0)
        self._define(TABLE_HEADING, "TableHeading", base=TABLE_TEXT, font=layout.heading1_font)

    def _define(
        self, name: str, style_id: str, *, base: str = BODY, character: bool = False, **fmt: Any
    ) -> Any:
        """A new style named as users see it, with an ASCII id (what Word and LibreOffice key by)."""
        kind = WD_STYLE_TYPE.CHARACTER if character else WD_STYLE_TYPE.PARAGRAPH
        style = self.doc.styles.add_style(name, kind)
        style.style_id = style_id
        style.base_style = self.doc.styles["Default Paragraph Font" if character else base]
        style.quick_style = True
        if not character:
            style.next_paragraph_style = self.doc.styles[BODY]
        self._format(style, **fmt)
        return style

    def _format(
        self,
        style: Any,
        *,
        font: str = "",
        size: float = 0,
        bold: bool = False,
        color: str = "",
        char_spacing: int | None = None,
        align: Any = None,
        first_line: float | None = None,
        line_twips: int | None = None,
        snap: bool = True,
        keep_next: bool = False,
        new_page: bool = False,
        outline: int | None = None,
    ) -> None:
        """Set what is given on a style; what is left out comes from the style it is based on.

        ``first_line`` is in pt; ``line_twips`` is an exact line, 0 for single spacing;
        ``outline`` is the outline level counted from 0 (w:outlineLvl).
        """
        if font:
            _set_fonts(style.element.get_or_add_rPr(), font, self.layout.latin_font)
        if size:
            style.font.size = Pt(size)
        style.font.bold = bold or None
        if color:
            style.font.color.rgb = RGBColor.from_string(color)
        if char_spacing is not None:
            _put(style.element.get_or_add_rPr(), "w:spacing", _RPR_ORDER).set(qn("w:val"), str(char_spacing))
        if style.type == WD_STYLE_TYPE.CHARACTER:
            return
        fmt = style.paragraph_format
        if align is not None:
            fmt.alignment = align
        if first_line is not None:
            fmt.first_line_indent = Pt(first_line)
        if line_twips == 0:
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE  # the body's exact 28.95 pt would bloat table rows
        elif line_twips is not None:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(line_twips / _TWIPS_PER_PT)
        if not snap:
            _put(style.element.get_or_add_pPr(), "w:snapToGrid", _PPR_ORDER).set(qn("w:val"), "0")
        fmt.keep_with_next = keep_next or None
        fmt.page_break_before = new_page or None
        if outline is not None:
            _put(style.element.get_or_add_pPr(), "w:outlineLvl", _PPR_ORDER).set(qn("w:val"), str(outline))

    def _type_width_mm(self) -> float:
        _, _, left, right = self.layout.margins_mm
        return _A4_MM[0] - left - right

    def _page_number(self, paragraph: Any, align: Any) -> None:
        paragraph.style = self.doc.styles[PAGE_NUMBER]
        paragraph.alignment = align  # odd pages right, even pages left: one style, two footers
        one_char = Pt(self.layout.small_size)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = one_char
        else:
            paragraph.paragraph_format.left_indent = one_char
        paragraph.add_run("— ")
        for kind, text in (("begin", ""), ("instr", " PAGE "), ("separate", ""), ("text", "1"), ("end", "")):
            run = paragraph.add_run()
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
        paragraph.add_run(" —")

    # -- paragraphs ----------------------------------------------------------------------

    def _paragraph(self, style: str = BODY, new_page: bool = False, keep_next: bool = False) -> Any:
        """A paragraph of a style; a page break or keep-with-next only where this one needs it."""
        paragraph = self.doc.add_paragraph(style=None if style == BODY else style)
        fmt = paragraph.paragraph_format
        fmt.page_break_before = new_page or None
        fmt.keep_with_next = keep_next or None
        return paragraph

    def _run(self, paragraph: Any, text: str, style: str | None = None) -> Any:
        """A run of a character style set by its id: python-docx's ``add_run(text, name)`` scans
        every style of the document per run, which made a 2,000-item plan take 10 s."""
        run = paragraph.add_run(text)
        if style:
            if style not in self._style_ids:
                self._style_ids[style] = self.doc.styles[style].style_id
            run._r.style = self._style_ids[style]
        return run

    def _text(self, text: str, style: str = BODY, **kwargs: Any) -> Any:
        paragraph = self._paragraph(style, **kwargs)
        if text:
            paragraph.add_run(text)
        return paragraph

    def _blank(self, count: int = 1) -> None:
        for _ in range(count):
            self._paragraph()

    def _title(self, text: str, new_page: bool = False) -> None:
        self._text(text, TITLE, new_page=new_page)

    # -- the plan ------------------------------------------------------------------------

    def plan(self, plan: Plan, label: str, new_page: bool) -> None:
        if label:
            self._text(label, ATTACHMENT_LABEL)  # the style starts a new page
            self._blank()
            new_page = False
        if plan.title:
            self._title(plan.title, new_page=new_page)
            self._blank()
        for line in plan.preamble.split("\n") if plan.preamble else []:
            self._text(line)
        for section in plan.sections:
            self._section(section, 0)

    def _section(self, section: Section, depth: int) -> None:
        last = None  # the heading's last paragraph: its own clause closes it (as in official text)
        if section.number:
            marker = f"{section.number}、" if depth == 0 else f"{LPAREN}{section.number}{RPAREN}"
            last = self._text(marker + section.title, HEADINGS[min(depth, len(HEADINGS) - 1)])
        for line in section.intro.split("\n") if section.intro else []:
            last = self._text(line)
        if last is not None and section.clauses:
            for clause in section.clauses:
                self._run(last, clause_text(clause, self.layout.labels or None), CLAUSE)
        for item in section.items:
            self._item(item, bool(section.number))
        for sub in section.sections:
            self._section(sub, depth + 1)

    def _item(self, item: Item, in_section: bool) -> None:
        from .text import item_pieces

        paragraph = self._paragraph()
        paragraph.add_run(item_marker(item.number, in_section))
        if item.title:
            self._run(paragraph, item.title + "。", ITEM_TITLE)
        for piece, is_clause in item_pieces(item, self.layout.labels or None):
            for index, line in enumerate(piece.split("\n")):
                if index:  # a line break in the text starts the next paragraph
                    paragraph = self._paragraph()
                if line:
                    self._run(paragraph, line, CLAUSE if is_clause else None)

    # -- the notice ----------------------------------------------------------------------

    def notice(self, plan: Plan, attachments: list[_Attached]) -> None:
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
        self._text(recipients + COLON, RECIPIENTS)
        body = (notice.body if notice and notice.body else "") or (
            f"现将《{plan.title}》印发给你们{COMMA}请结合实际{COMMA}认真贯彻落实。"
        )
        lines = [self._text(line) for line in body.split("\n")]
        if attachments:
            self._blank()
            for index, (_, name, _) in enumerate(attachments):
                numbered = f"{index + 1}.{name}" if len(attachments) > 1 else name
                first = "附件" + COLON
                prefix = first if index == 0 else "　" * len(first)  # later lines align with the first name
                lines.append(self._text(prefix + numbered))
        # The last line of text goes with the signature: a signature page must show body text.
        lines[-1].paragraph_format.keep_with_next = True
        signer = options.signer or (notice.signer if notice and notice.signer else "") or plan.issuer
        date = chinese_date(
            options.date
            or (notice.date if notice and notice.date else "")
            or plan.date
            or dt.date.today().isoformat()
        )
        self._paragraph(keep_next=True)
        # 成文日期右空四字; the signer centred above it (the seal covers both).
        date_indent = _DATE_RIGHT_CHARS * layout.body_size
        signer_indent = date_indent + (_width(date) - _width(signer)) * layout.body_size / 2
        for text, indent, keep in ((signer, signer_indent, True), (date, date_indent, False)):
            paragraph = self._text(text, SIGNATURE, keep_next=keep)
            paragraph.paragraph_format.right_indent = Pt(max(indent, 0))
        note = options.note or (notice.note if notice else "")
        if note:
            self._text(note)

    def _red_header(self, plan: Plan) -> None:
        spacer = self._paragraph(keep_next=True)
        spacer.paragraph_format.line_spacing = Pt(_MARK_OFFSET_PT)  # exact, as every line here
        _put(spacer._p.get_or_add_pPr(), "w:snapToGrid", _PPR_ORDER).set(qn("w:val"), "0")
        self._text(f"{plan.issuer}文件", ORGAN_MARK)
        self._blank(2)
        self._text(self.options.doc_number, DOC_NUMBER)
        self._blank(2)

    def imprint(self, plan: Plan) -> None:
        """The 版记 at the foot of the last page, an even one: 抄送, then 印发机关 and 印发日期,
        between rules, in a section of its own (see ``_imprint_section``)."""
        options = self.options
        printer = options.printer or (f"{plan.issuer}办公室" if plan.issuer else "")
        date = chinese_date(options.date or plan.date or dt.date.today().isoformat())
        rows = [f"抄送{COLON}{options.cc.rstrip('。')}。"] if options.cc else []
        rows.append(f"{printer}\t{date}印发")  # the style's right tab puts the date at the right
        self._imprint_section()
        # The section starts with a paragraph: LibreOffice drops the section's page break when
        # the first thing after it is a floating table.
        self._take_no_room(self._paragraph())
        width = self._type_width_mm()
        table = self.doc.add_table(rows=len(rows), cols=1)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _fixed_widths(table, [width])
        row_twips = self.layout.line_twips * _IMPRINT_ROW_LINES
        _float_to_bottom(table, round(Mm(self.layout.margins_mm[2]).twips) + _CELL_MARGINS_TWIPS // 2)
        for index, (row, text) in enumerate(zip(table.rows, rows, strict=True)):
            row.height, row.height_rule = Twips(row_twips), WD_ROW_HEIGHT_RULE.EXACTLY
            cell = row.cells[0]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            cell.width = Mm(width)
            paragraph = cell.paragraphs[0]
            paragraph.style = self.doc.styles[IMPRINT]
            paragraph.add_run(text)
            top = _IMPRINT_BOLD_EIGHTHS if index == 0 else _IMPRINT_THIN_EIGHTHS
            _cell_borders(cell, top=top, bottom=_IMPRINT_BOLD_EIGHTHS if index == len(rows) - 1 else 0)
        self._take_no_room(self._paragraph())  # a document ends with a paragraph, not a table

    def _imprint_section(self) -> None:
        """End the body's section at its last paragraph and start the 版记's on the next even
        page (w:type evenPage), so that Word, WPS and LibreOffice themselves add the blank page
        a body ending on an even page needs: the document ends on an even page with no layout
        pass. The section's footers are empty (unlinked from the body's): 版记页前有空白页的,
        空白页和版记页均不编排页码 (GB/T 9704—2012, 7.5). Each is one exact line that fills the
        room between the footer and the type area: LibreOffice (7.4) gives an even-page section
        a page style of its own whose footer is as tall as its content, so a shorter footer
        would let the type area, and the 版记 floated to its foot, reach lower than on the body's
        pages; in Word a footer that fits in the margin moves nothing."""
        body = self.doc.element.body
        last = body.xpath("./w:p")[-1]
        section = self.doc.add_section(WD_SECTION.EVEN_PAGE)
        added = body.xpath("./w:p")[-1]  # add_section ends the body's section in a new paragraph:
        last.set_sectPr(added.pPr.sectPr)  # on the body's last one instead, lest it spill a page
        body.remove(added)
        _, bottom, _, _ = self.layout.margins_mm
        room = Pt(int(Mm(bottom - self.layout.footer_mm).pt))  # whole points: it must not exceed it
        for footer in (section.footer, section.even_page_footer):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.style = self.doc.styles[PAGE_NUMBER]
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            paragraph.paragraph_format.line_spacing = room

    def _take_no_room(self, paragraph: Any) -> None:
        """An empty paragraph one point high: it never spills onto a page of its own."""
        paragraph.paragraph_format.line_spacing = Pt(_END_LINE_PT)
        _put(paragraph._p.get_or_add_pPr(), "w:snapToGrid", _PPR_ORDER).set(qn("w:val"), "0")

    # -- attachments ---------------------------------------------------------------------

    def _attachment_head(self, title: str, label: str) -> None:
        self._text(label or "附件", ATTACHMENT_LABEL)
        self._blank()
        self._title(title)
        self._blank()

    def task_table(self, plan: Plan, title: str, label: str) -> None:
        """The 任务分工表: one row per item under a merged row for each section (“一、…”), the
        header in the plan's own labels and repeated on every page, no row split across pages."""
        self._attachment_head(title, label)
        rows = task_rows(plan)
        labels = table_labels(plan, self.layout.labels)
        # (header, the lines of each row's cell): a role column only when some item names one
        columns: list[tuple[str, list[list[str]]]] = [("序号", [[str(r.number)] for r in rows])]
        columns.append(("工作任务", [[r.task] for r in rows]))
        for role, names in (("lead", [r.lead for r in rows]), ("units", [r.units for r in rows])):
            if any(names):
                columns.append((labels[role], names))
        if any(r.deadline for r in rows):
            columns.append(("完成时限", [r.deadline.split("、") if r.deadline else [] for r in rows]))
        widths = self._task_widths(columns)
        table = self.doc.add_table(rows=1, cols=len(columns))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _fixed_widths(table, widths)
        header = table.rows[0]
        _row_flags(header, "w:cantSplit", "w:tblHeader")
        for cell, (text, _), width in zip(header.cells, columns, widths, strict=True):
            self._cell(cell, [text], width, TABLE_HEADING, centred=True)
        heading = None
        for index, row in enumerate(rows):
            if row.section and row.section != heading:
                heading = row.section
                added = table.add_row()
                _row_flags(added, "w:cantSplit")
                cells = added.cells
                self._cell(cells[0].merge(cells[-1]), [heading], sum(widths), TABLE_HEADING, keep_next=True)
            added = table.add_row()
            _row_flags(added, "w:cantSplit")
            cells = zip(added.cells, columns, widths, strict=True)
            for number, (cell, (_, lines), width) in enumerate(cells):
                if number == 1:
                    self._task_cell(cell, row, width)
                else:
                    self._cell(cell, lines[index], width, TABLE_TEXT, centred=number == 0)
        self._paragraph()  # the next attachment (or the document's end) starts after a paragraph

    def _task_widths(self, columns: list[tuple[str, list[list[str]]]]) -> list[float]:
        """Column widths in mm from their content: 序号, each unit column as wide as its longest
        name (each name is a line of its own, so no name breaks), 完成时限 as wide as its longest
        value up to a limit, and the 工作任务 column the rest; when names leave it too little, the
        widest unit columns give way first."""
        char_mm = Pt(self.layout.small_size).mm
        margins_mm = Pt(_CELL_MARGINS_TWIPS / _TWIPS_PER_PT).mm

        def need(texts: list[str], most: float = float("inf")) -> float:
            return (min(max(_width(t) for t in texts), most) + _FIT_SLACK_CHARS) * char_mm + margins_mm

        widths = [need(["序号", str(len(columns[0][1]))]), 0.0]
        for header, cells in columns[2:]:
            most = _DEADLINE_MAX_CHARS if header == "完成时限" else float("inf")
            widths.append(need([header] + [line for lines in cells for line in lines], most))
        total = self._type_width_mm()
        room = total - widths[0] - (_TASK_MIN_CHARS * char_mm + margins_mm)
        widths[2:] = _capped(widths[2:], room)
        widths[1] = total - sum(w for i, w in enumerate(widths) if i != 1)
        return widths

    def _task_cell(self, cell: Any, row: TaskRow, width_mm: float) -> None:
        """The 工作任务 cell: the item's title (bold, as in the body) and its measures, or the
        title alone when ``table_brief``."""
        cell.width = Mm(width_mm)
        paragraph = cell.paragraphs[0]
        paragraph.style = self.doc.styles[TABLE_TEXT]
        if self.options.table_brief or not row.measures:
            paragraph.add_run(row.task)
            return
        self._run(paragraph, row.task + "。", ITEM_TITLE)
        paragraph.add_run(row.measures)

    def _cell(
        self, cell: Any, lines: list[str], width_mm: float, style: str, centred: bool = False,
        keep_next: bool = False,
    ) -> None:  # fmt: skip
        """A cell of one paragraph per line (a unit name, a deadline)."""
        cell.width = Mm(width_mm)
        paragraph = cell.paragraphs[0]
        for index, line in enumerate(lines or [""]):
            if index:
                paragraph = cell.add_paragraph()
            paragraph.style = self.doc.styles[style]
            if centred:  # the header row and the 序号 column
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.keep_with_next = keep_next or None
            if line:
                paragraph.add_run(line)

    def unit_lists(self, plan: Plan, title: str, label: str) -> None:
        self._attachment_head(title, label)
        for tasks in tasks_by_unit(plan):
            self._text(tasks.unit, HEADINGS[0])
            for word, rows in (("牵头", tasks.lead), ("参与", tasks.shared)):
                if rows:
                    self._text(f"{word}{LPAREN}{len(rows)}项{RPAREN}{COLON}", HEADINGS[1])
                    for row in rows:
                        self._text(f"{row.number}.{row.task}")


def _set_fonts(rpr: Any, east_asia: str, latin: str = "") -> None:
    """Name the font in all four slots (python-docx sets no w:eastAsia), hint East Asian."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _put(rpr, "w:rFonts", _RPR_ORDER)
    for key in _THEME_FONTS:  # a theme font wins over a named one
        fonts.attrib.pop(qn(key), None)
    fonts.set(qn("w:eastAsia"), east_asia)
    for key in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(key), latin or east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _put(parent: Any, tag: str, order: tuple[str, ...]) -> Any:
    """A new empty ``tag`` child of ``parent`` (replacing one there), where ``order`` puts it."""
    old = parent.find(qn(tag))
    if old is not None:
        parent.remove(old)
    element = OxmlElement(tag)
    parent.insert_element_before(element, *order[order.index(tag) + 1 :])
    return element


def _width(text: str) -> float:
    """Width in 字: a Chinese character is one, a digit or Latin letter half."""
    return sum(0.5 if ord(c) < _FULL_WIDTH_FROM else 1 for c in text)


def _fixed_widths(table: Any, widths_mm: Sequence[float]) -> None:
    """Column widths in the table grid (what LibreOffice and Word lay out by), fixed layout."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    if table_width is not None:
        table_width.set(qn("w:type"), "dxa")
        table_width.set(qn("w:w"), str(round(Mm(sum(widths_mm)).twips)))


def _capped(widths: list[float], room: float) -> list[float]:
    """``widths`` with the widest cut down to one common cap, so that they fit in ``room``."""
    if sum(widths) <= room:
        return widths
    ordered = sorted(widths)
    for index, width in enumerate(ordered):
        cap = (room - sum(ordered[:index])) / (len(ordered) - index)
        if cap <= width:
            return [min(w, cap) for w in widths]
    return widths


def _row_flags(row: Any, *tags: str) -> None:
    """Switch on row properties: w:cantSplit (the row stays on one page), w:tblHeader (repeats)."""
    properties = row._tr.get_or_add_trPr()
    for tag in tags:
        flag = OxmlElement(tag)
        flag.set(qn("w:val"), "true")
        properties.append(flag)


def _float_to_bottom(table: Any, left_twips: int) -> None:
    """Float the 版记 table to the bottom of the type area, so its last rule lies on it. Placed
    from the paper's left edge: LibreOffice floats a table as wide as the type area only then,
    and otherwise leaves it right under the last text. ``left_twips`` is where the cell's text
    starts (the left margin and one cell margin), as in Word and LibreOffice."""
    properties = table._tbl.tblPr
    position = OxmlElement("w:tblpPr")
    for key, value in (
        ("w:leftFromText", "0"),
        ("w:rightFromText", "0"),
        ("w:topFromText", "0"),
        ("w:bottomFromText", "0"),
        ("w:vertAnchor", "margin"),
        ("w:horzAnchor", "page"),
        ("w:tblpX", str(left_twips)),
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


# -- a table after a heading (the bulletin's) ---------------------------------------------------

_NARROW_MAX_CHARS = 8  # a unit, date or count column wraps beyond this many characters


def table_after(
    document: Any, paragraph: Any, header: Sequence[str], rows: Sequence[Sequence[str]], wide: Sequence[int],
    layout: Layout | None = None,
) -> Any:  # fmt: skip
    """Put a grid table right after ``paragraph`` of a document ``build_docx`` wrote, in its
    table styles: the header repeated on every page, no row split across pages; the columns
    ``wide`` share what the others (each as wide as its text, up to a limit) leave."""
    layout = layout or Layout()
    char_mm = Pt(layout.small_size).mm
    margins_mm = Pt(_CELL_MARGINS_TWIPS / _TWIPS_PER_PT).mm
    _, _, left, right = layout.margins_mm
    total = _A4_MM[0] - left - right
    widths = [
        0.0 if index in wide else
        (min(max(_width(t) for t in [header[index], *(r[index] for r in rows)]), _NARROW_MAX_CHARS)
         + _FIT_SLACK_CHARS) * char_mm + margins_mm
        for index in range(len(header))
    ]  # fmt: skip
    share = (total - sum(widths)) / max(len(wide), 1)
    widths = [share if index in wide else width for index, width in enumerate(widths)]
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, widths)
    _row_flags(table.rows[0], "w:cantSplit", "w:tblHeader")
    for cells, texts, style in [(table.rows[0].cells, header, TABLE_HEADING)] + [
        (_added(table).cells, row, TABLE_TEXT) for row in rows
    ]:
        for cell, text, width in zip(cells, texts, widths, strict=True):
            cell.width = Mm(width)
            cell.paragraphs[0].style = document.styles[style]
            if style == TABLE_HEADING:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            if text:
                cell.paragraphs[0].add_run(text)
    paragraph._p.addnext(table._tbl)
    return table


def _added(table: Any) -> Any:
    row = table.add_row()
    _row_flags(row, "w:cantSplit")
    return row
