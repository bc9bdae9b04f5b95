"""The report as a Word document in the Party's format (Hướng dẫn 36-HD/VPTW).

Layout: A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14 pt set on the document
defaults and every style, including the East Asian and complex-script font slots (otherwise Word picks
another font for some Vietnamese characters); a borderless two-column header block (issuing body, "*",
number/symbol | "ĐẢNG CỘNG SẢN VIỆT NAM", place and date); title, summary line, sections I–III with the
tables, signature and "Nơi nhận:" blocks; page numbers from page 2, centred at the top.
"""
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from danvan.documents.content import TOTAL_LABEL, ReportContent, Table
from danvan.documents.sections import DOCX_TABLES, Para, TableRef, build_sections
from danvan.documents.wording import date_line, num

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 13
TEXT_WIDTH = Mm(210 - 30 - 15)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
SIGNER_LINE = "…………………………………"  # the name line of the signature block when no signer is given


def render_docx(content: ReportContent) -> bytes:
    """The .docx file of `content`."""
    doc = Document()
    _setup(doc, content)
    _header_block(doc, content)
    _title(doc, content)
    for section in build_sections(content):
        _para(doc, section.heading, bold=True, indent=False, keep_next=True, space_before=6)
        for item in section.items:
            if isinstance(item, TableRef):
                _table(doc, content.table(item.key), DOCX_TABLES[item.key])
            elif isinstance(item, Para):
                _para(doc, item.text, bold=item.heading, italic=item.placeholder, keep_next=item.heading)
    _signature_block(doc, content)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- page, styles, fonts -----------------------------------------------------------------------------------

def set_fonts(rpr) -> None:
    """Times New Roman in every font slot of a run-properties element; theme fonts removed (they win)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _setup(doc, content: ReportContent) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    for style in doc.styles:  # styles that name a font (headings, titles...) name theme fonts: replace them
        style_rpr = style.element.rPr
        if style_rpr is not None and style_rpr.find(qn("w:rFonts")) is not None:
            set_fonts(style_rpr)
    normal = doc.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr())
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(6), 1.0
    # Page numbers from page 2, centred at the top (HD 36).
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(paragraph)
    props = doc.core_properties
    props.title = f"{content.title} {content.subtitle}"
    props.author = content.issuer.body
    props.language = "vi-VN"
    props.subject = content.unit_name


def _page_field(paragraph) -> None:
    def char(kind):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    run = paragraph.add_run()
    run._r.append(char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    run._r.append(char("separate"))
    shown = paragraph.add_run("2")
    shown._r.append(char("end"))


# --- blocks ------------------------------------------------------------------------------------------------

def _para(container, text, *, bold=False, italic=False, underline=False, size=None, align=None, indent=True,
          keep_next=False, space_before=None, space_after=None):
    p = container.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    if size:
        run.font.size = Pt(size)
    fmt = p.paragraph_format
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
    if indent and align is None:
        fmt.first_line_indent = Cm(1.27)
    if keep_next:
        fmt.keep_with_next = True
    if space_before is not None:
        fmt.space_before = Pt(space_before)
    if space_after is not None:
        fmt.space_after = Pt(space_after)
    return p


def _cell_para(cell, text, *, first=False, **kwargs):
    """A centred line in a cell (the first reuses the cell's empty paragraph)."""
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    run = p.add_run(text)
    run.bold = kwargs.get("bold") or None
    run.italic = kwargs.get("italic") or None
    run.underline = kwargs.get("underline") or None
    if kwargs.get("size"):
        run.font.size = Pt(kwargs["size"])
    p.alignment = kwargs.get("align", WD_ALIGN_PARAGRAPH.CENTER)
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after, fmt.first_line_indent = Pt(0), Pt(kwargs.get("after", 0)), None
    return p


def _borderless(table, widths) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    # Schema order matters to Word (LibreOffice forgives): tblBorders comes before shd, tblLayout, tblLook…
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
        "w:tblPrChange")
    _fixed_widths(table, widths)


def _fixed_widths(table, widths) -> None:
    table.autofit = False  # a fixed layout (w:tblLayout), so Word keeps the widths
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width


def _header_block(doc, c: ReportContent) -> None:
    """HD 36 header: issuing body with '*' and number/symbol on the left; the Party's name and the place and
    date on the right. Two rows, so the number/symbol and the date line sit on one line."""
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borderless(table, [Cm(8.0), TEXT_WIDTH - Cm(8.0)])
    left, right = table.cell(0, 0), table.cell(0, 1)
    first = True
    if c.issuer.parent:
        _cell_para(left, c.issuer.parent, first=True)
        first = False
    _cell_para(left, c.issuer.body, first=first, bold=True)
    _cell_para(left, "*", first=False)
    _cell_para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", first=True, bold=True, underline=True, size=15)
    _cell_para(table.cell(1, 0), c.symbol_line, first=True)
    _cell_para(table.cell(1, 1), date_line(c.issuer.place, c.issued_on), first=True, italic=True,
               align=WD_ALIGN_PARAGRAPH.RIGHT)


def _title(doc, c: ReportContent) -> None:
    _para(doc, c.title, bold=True, size=16, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=18, space_after=0)
    _para(doc, c.subtitle, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _para(doc, "-----", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _no_split(row) -> None:
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _table(doc, table: Table, number: int) -> None:
    _para(doc, f"Bảng {number}. {table.title}", bold=True, italic=True, size=TABLE_PT,
          align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=True, space_before=6, space_after=3)
    headers = ["TT", table.label_header] + ([table.unit_header] if table.unit_header else [])
    headers += [col.label for col in table.columns]
    rows = [(str(i), r.label, r.unit_text, r.values, False) for i, r in enumerate(table.rows, start=1)]
    if table.has_total:
        rows.append(("", TOTAL_LABEL, "", table.totals(), True))
    # Number columns wide enough for their longest figure on one line ("14.998.900.000").
    longest = max([len(num(v)) for *_rest, values, _t in rows for v in values] + [0])
    number_width = Cm(max(2.8, 0.26 * longest + 0.5))
    fixed = Cm(1.1) + (Cm(2.6) if table.unit_header else 0) + number_width * len(table.columns)
    widths = [Cm(1.1), TEXT_WIDTH - fixed] + ([Cm(2.6)] if table.unit_header else [])
    widths += [number_width] * len(table.columns)
    grid = doc.add_table(rows=1 + len(rows), cols=len(headers))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(grid, widths)
    _repeat_header(grid.rows[0])
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        _grid_cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    for index, (row, (tt, label, unit_text, values, is_total)) in enumerate(zip(grid.rows[1:], rows, strict=True)):
        _no_split(row)
        # A table may break across pages (its header repeats), but never leaves its last row alone.
        keep = index in (0, len(rows) - 2)
        cells = iter(row.cells)
        _grid_cell(next(cells), tt, align=WD_ALIGN_PARAGRAPH.CENTER, keep=keep)
        _grid_cell(next(cells), label, bold=is_total, align=WD_ALIGN_PARAGRAPH.CENTER if is_total else None, keep=keep)
        if table.unit_header:
            _grid_cell(next(cells), unit_text, align=WD_ALIGN_PARAGRAPH.CENTER, keep=keep)
        for value in values:
            _grid_cell(next(cells), num(value), bold=is_total, align=WD_ALIGN_PARAGRAPH.RIGHT, keep=keep)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _grid_cell(cell, text, *, bold=False, align=None, keep=False):
    p = cell.paragraphs[0]
    run = p.add_run(text)
    run.bold = bold or None
    run.font.size = Pt(TABLE_PT)
    p.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.LEFT
    p.paragraph_format.space_before = Pt(2)
    p.paragraph_format.space_after = Pt(2)
    if keep:
        p.paragraph_format.keep_with_next = True
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _signature_block(doc, c: ReportContent) -> None:
    spacer = doc.add_paragraph()
    spacer.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=2)
    _borderless(table, [Cm(7.5), TEXT_WIDTH - Cm(7.5)])
    _no_split(table.rows[0])
    left, right = table.cell(0, 0), table.cell(0, 1)
    _cell_para(left, "Nơi nhận:", first=True, underline=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in c.issuer.recipients:
        _cell_para(left, f"- {line}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for line in c.issuer.authority:
        _cell_para(right, line, first=first, bold=True)
        first = False
    for _ in range(4):
        _cell_para(right, "")
    # The signer's name line: the name when known, else a dotted line for it to be written in.
    _cell_para(right, c.signer or SIGNER_LINE, bold=bool(c.signer))
