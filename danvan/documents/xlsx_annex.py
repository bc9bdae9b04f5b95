"""The report's tables as an Excel annex: one sheet per table, ready to print.

Each sheet: title rows, header row(s) frozen and repeated on every printed page, a "Tổng cộng" row of SUM
formulas (stored with their computed value, so viewers that do not recalculate still show it), Times New
Roman, A4 fitted to the page width (landscape for the wide per-unit table).

Number format `[$-42A]#,##0`: the figures stay numbers (sums, sorting and filters work), and the Vietnamese
locale tag makes LibreOffice show 1.234.567 whatever the computer's language; Excel takes the grouping
separator from the computer's regional settings (1.234.567 on a Vietnamese Windows). Forcing dots with
literal characters (`0"."000`) was tried and rejected: it needs a format per magnitude and shows
"14998.900.000" or "0.012" when a value outgrows it or is edited; `#.##0` is a decimal format in both programs.
"""
import io

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from danvan.documents.content import TOTAL_LABEL, ReportContent, Table
from danvan.documents.wording import short_date

FONT = "Times New Roman"
INTEGER_FORMAT = "[$-42A]#,##0"
DECIMAL_FORMAT = "[$-42A]#,##0.0#"
MIN_TABLE_WIDTH = 84  # characters: about the width of an A4 portrait page


def render_xlsx(content: ReportContent) -> bytes:
    """The .xlsx annex of `content`."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "default_format_properties": {"font_name": FONT, "font_size": 12},
    })
    wb.set_properties({
        "title": f"Phụ lục – {content.title} {content.subtitle}", "author": content.issuer.body,
        "subject": content.unit_name, "company": content.issuer.parent,
    })
    styles = _styles(wb)
    for number, table in enumerate(content.tables, start=1):
        _sheet(wb, styles, content, table, number)
    wb.close()
    return buffer.getvalue()


def _styles(wb) -> dict:
    border = {"border": 1, "valign": "vcenter"}
    return {
        "title": wb.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter",
                                "text_wrap": True}),
        "subtitle": wb.add_format({"italic": True, "align": "center"}),
        "header": wb.add_format({**border, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#E7E6E6"}),
        "tt": wb.add_format({**border, "align": "center"}),
        "text": wb.add_format({**border, "text_wrap": True}),
        "unit": wb.add_format({**border, "align": "center"}),
        "int": wb.add_format({**border, "num_format": INTEGER_FORMAT}),
        "dec": wb.add_format({**border, "num_format": DECIMAL_FORMAT}),
        "total_label": wb.add_format({**border, "bold": True, "align": "center"}),
        "total": wb.add_format({**border, "bold": True, "num_format": INTEGER_FORMAT}),
        "total_dec": wb.add_format({**border, "bold": True, "num_format": DECIMAL_FORMAT}),
        "note": wb.add_format({"italic": True, "font_size": 10, "text_wrap": True, "valign": "top"}),
    }


def sheet_name(table: Table, number: int) -> str:
    return f"{number}. {table.sheet}"[:31]


def _sheet(wb, st: dict, c: ReportContent, table: Table, number: int) -> None:
    ws = wb.add_worksheet(sheet_name(table, number))
    text_cols = 2 + (1 if table.unit_header else 0)  # TT, label (, đơn vị tính)
    last_col = text_cols + len(table.columns) - 1
    # A narrow table gets a wider label column, so the title lines fit across it.
    others = 5 + (12 if table.unit_header else 0) + sum(col.width for col in table.columns)
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, max(table.label_width, MIN_TABLE_WIDTH - others))
    if table.unit_header:
        ws.set_column(2, 2, 12)
    for i, col in enumerate(table.columns):
        ws.set_column(text_cols + i, text_cols + i, col.width)

    ws.set_row(0, 36)
    ws.merge_range(0, 0, 0, last_col, f"Biểu {number}. {table.title}", st["title"])
    ws.merge_range(1, 0, 1, last_col, f"{c.unit_name} – {c.period.label} (số liệu đến ngày {c.as_of})",
                   st["subtitle"])
    ws.merge_range(2, 0, 2, last_col, f"(Kèm theo Báo cáo {c.symbol_line.replace('Số ', 'số ')} ngày "
                                      f"{short_date(c.issued_on)} của {c.issuer.name})", st["subtitle"])

    header = 4
    grouped = any(col.group for col in table.columns)
    header_rows = 2 if grouped else 1
    fixed = ["TT", table.label_header] + ([table.unit_header] if table.unit_header else [])
    for i, label in enumerate(fixed):
        if grouped:
            ws.merge_range(header, i, header + 1, i, label, st["header"])
        else:
            ws.write(header, i, label, st["header"])
    col = text_cols
    while col <= last_col:
        column = table.columns[col - text_cols]
        if not grouped:
            ws.write(header, col, column.label, st["header"])
            col += 1
            continue
        if not column.group:
            ws.merge_range(header, col, header + 1, col, column.label, st["header"])
            col += 1
            continue
        span = col
        while span + 1 <= last_col and table.columns[span + 1 - text_cols].group == column.group:
            span += 1
        if span > col:
            ws.merge_range(header, col, header, span, column.group, st["header"])
        else:
            ws.write(header, col, column.group, st["header"])
        for j in range(col, span + 1):
            ws.write(header + 1, j, table.columns[j - text_cols].label, st["header"])
        col = span + 1
    ws.set_row(header, 32)
    if grouped:
        ws.set_row(header + 1, 48)

    first = header + header_rows
    for i, row in enumerate(table.rows):
        r = first + i
        ws.write_number(r, 0, i + 1, st["tt"])
        ws.write_string(r, 1, row.label, st["text"])
        if table.unit_header:
            ws.write_string(r, 2, row.unit_text, st["unit"])
        for j, value in enumerate(row.values):
            ws.write_number(r, text_cols + j, value, st["int"] if isinstance(value, int) else st["dec"])
    last = first + len(table.rows) - 1
    end = last
    if table.has_total:
        end = last + 1
        ws.write_blank(end, 0, None, st["total_label"])
        ws.write_string(end, 1, TOTAL_LABEL, st["total_label"])
        for j, total in enumerate(table.totals()):
            cell_style = st["total"] if isinstance(total, int) else st["total_dec"]
            if table.rows:
                top, bottom = xl_rowcol_to_cell(first, text_cols + j), xl_rowcol_to_cell(last, text_cols + j)
                ws.write_formula(end, text_cols + j, f"=SUM({top}:{bottom})", cell_style, total)
            else:
                ws.write_number(end, text_cols + j, 0, cell_style)
    if not table.rows and not table.has_total:
        end = first
        ws.merge_range(first, 0, first, last_col, "Chưa có số liệu trong kỳ.", st["text"])
    ws.set_row(end + 2, 28)
    ws.merge_range(end + 2, 0, end + 2, last_col,
                   f"Nguồn: sổ theo dõi phong trào “Dân vận khéo” (danvan), lập ngày {short_date(c.issued_on)}. "
                   "Số liệu theo đơn vị hành chính hiện nay; số liệu của đơn vị cũ (trước 01/7/2025) được tính vào "
                   "đơn vị kế thừa.", st["note"])

    ws.freeze_panes(first, 2 if table.wide else 0)
    ws.set_paper(9)  # A4
    if table.wide:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header, first - 1)
    ws.center_horizontally()
    ws.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&C&\"Times New Roman\"&10Trang &P/&N")
    ws.print_area(0, 0, end + 2, last_col)
