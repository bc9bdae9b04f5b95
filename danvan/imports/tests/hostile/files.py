"""Hostile files, built at test time (no binary bomb is committed): what an attacker, a broken tool or a
careless person may upload. Each builder writes one file into a folder and returns its path.

`HOSTILE` maps a name to (builder, a fragment of the Vietnamese message the import must end with).
"""
from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

MB = 1024 * 1024

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>')
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
    '<cellXfs count="2"><xf/><xf borderId="0" applyBorder="1"/></cellXfs></styleSheet>')
HEADER_CELLS = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
SHARED = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">'
          '<si><t>Tên mô hình</t></si><si><t>Lĩnh vực</t></si></sst>')


def sheet_xml(rows: str, dimension: str = "A1:B1", tail: str = "") -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData>{tail}</worksheet>')


def members(**override) -> dict:
    """The parts of a small valid workbook (a header row "Tên mô hình | Lĩnh vực"), some replaced."""
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "xl/workbook.xml": WORKBOOK,
             "xl/_rels/workbook.xml.rels": WORKBOOK_RELS, "xl/styles.xml": STYLES, "xl/sharedStrings.xml": SHARED,
             "xl/worksheets/sheet1.xml": sheet_xml(HEADER_CELLS)}
    parts.update(override)
    return parts


def write_zip(path: Path, parts: dict, *, bomb: tuple | None = None) -> Path:
    """A zip of `parts`; `bomb` = (member, piece, times): that member is `piece` repeated, streamed."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, content in parts.items():
            if bomb and name == bomb[0]:
                with zf.open(name, "w") as out:
                    block = bomb[1] * max(1, MB // len(bomb[1]))
                    for _ in range(bomb[2] * len(bomb[1]) // len(block)):
                        out.write(block)
            else:
                zf.writestr(name, content)
    return path


def declare_smaller(path: Path, member: str, declared: int = 1000) -> Path:
    """Make `member` lie about its uncompressed size (central directory and local header)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    # central directory entries: signature PK\1\2, uncompressed size at +24, name length at +28, name at +46
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + length]) == name:
            struct.pack_into("<I", data, at + 24, declared)
            local = struct.unpack_from("<I", data, at + 42)[0]
            struct.pack_into("<I", data, local + 22, declared)
        at += 4
    path.write_bytes(bytes(data))
    return path


# ------------------------------------------------------------------------------------------------ builders

def xfd_cell(folder: Path) -> Path:
    """The issue's first file: ~1.7 KB, one cell at the last column and row."""
    rows = HEADER_CELLS + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return write_zip(folder / "xfd1048576.xlsx", members(**{"xl/worksheets/sheet1.xml": sheet_xml(rows, "A1:XFD1048576")}))


def shared_strings_bomb(folder: Path) -> Path:
    """The issue's second file: a ~200 KB upload whose sharedStrings.xml inflates to ~200 MB."""
    return write_zip(folder / "sst-bomb.xlsx", members(), bomb=("xl/sharedStrings.xml", b"<si><t>x</t></si>", 12_000_000))


def unique_count_bomb(folder: Path) -> Path:
    """1 KB: sharedStrings declares 4 billion strings (calamine reserves memory for as many)."""
    sst = SHARED.replace('uniqueCount="2"', 'uniqueCount="4000000000"')
    return write_zip(folder / "sst-count.xlsx", members(**{"xl/sharedStrings.xml": sst}))


def merged_everything(folder: Path) -> Path:
    tail = '<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>'
    return write_zip(folder / "merged.xlsx", members(**{"xl/worksheets/sheet1.xml": sheet_xml(HEADER_CELLS, tail=tail)}))


def bomb_in(member: str, lying: bool):
    """A bomb in any member: 40 MB of one repeated piece, honest (ratio ~1000) or declaring 1,000 bytes."""
    def build(folder: Path) -> Path:
        slug = member.replace("/", "_").replace("[", "").replace("]", "")
        parts = members() if member in members() else {**members(), member: ""}
        path = write_zip(folder / f"bomb-{slug}-{'lying' if lying else 'honest'}.xlsx", parts,
                         bomb=(member, b"<x a='1'/>", 4_000_000))
        return declare_smaller(path, member) if lying else path
    return build


def renamed_csv(folder: Path) -> Path:
    path = folder / "csv-renamed.xlsx"
    path.write_text("Tên mô hình,Lĩnh vực\nMô hình A,Kinh tế\n", encoding="utf-8")
    return path


def binary_csv(folder: Path) -> Path:
    path = folder / "junk.csv"
    path.write_bytes(b"Ten,Linh vuc\n" + bytes(range(256)) * 64)
    return path


def png_renamed(folder: Path) -> Path:
    path = folder / "anh.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + zlib.compress(b"\x00" * 4096) + b"IEND\xaeB`\x82")
    return path


def corrupt_xls(folder: Path) -> Path:
    """The compound-file signature, then junk."""
    path = folder / "hong.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
                     + bytes(range(256)) * 6 + b"\x00" * 480)
    return path


def far_cell_xls(folder: Path) -> Path:
    """A real Excel 97 file (xlwt) of 6 KB with a cell at IV65536: calamine holds 65,536 × 256 cells (~1 GB).
    The static checks do not read inside .xls files: the child's memory limit stops it."""
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("Danh sach")
    ws.write(0, 0, "Tên mô hình")
    ws.write(65535, 255, "xa")
    path = folder / "xa.xls"
    wb.save(str(path))
    return path


def empty_workbook(folder: Path) -> Path:
    import openpyxl

    path = folder / "trong.xlsx"
    openpyxl.Workbook().save(path)
    return path


def truncated_zip(folder: Path) -> Path:
    whole = write_zip(folder / "whole.xlsx", members())
    path = folder / "cut.xlsx"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    whole.unlink()
    return path


def empty_styled_rows(folder: Path) -> Path:
    """1,000,000 rows, each with one empty cell that has a border: ~30 MB of XML, ~1 MB zipped, no data."""
    rows = "".join(f'<row r="{i}"><c r="A{i}" s="1"/></row>' for i in range(1, 1_000_001))
    return write_zip(folder / "styled-rows.xlsx", members(**{"xl/worksheets/sheet1.xml": sheet_xml(rows, "A1:A1000000")}))


def docx_renamed(folder: Path) -> Path:
    return write_zip(folder / "van-ban.xlsx", {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": "<w/>"})


def html_as_xls(folder: Path) -> Path:
    path = folder / "bao-cao.xls"
    path.write_text("<html><body><table><tr><td>Tên mô hình</td></tr></table></body></html>", encoding="utf-8")
    return path


def too_many_members(folder: Path) -> Path:
    return write_zip(folder / "nhieu.xlsx", {**members(), **{f"xl/media/p{i}.xml": "" for i in range(1200)}})


def long_shared_string(folder: Path) -> Path:
    sst = SHARED.replace("<si><t>Lĩnh vực</t></si>", "<si><t>" + "a" * 300_000 + "</t></si>")
    return write_zip(folder / "dai.xlsx", members(**{"xl/sharedStrings.xml": sst}))


def long_inline_string(folder: Path) -> Path:
    """A cell of 40,000 characters written inline in the sheet: the child refuses it."""
    rows = HEADER_CELLS + f'<row r="2"><c r="A2" t="inlineStr"><is><t>{"a" * 40_000}</t></is></c></row>'
    return write_zip(folder / "dai-inline.xlsx", members(**{"xl/worksheets/sheet1.xml": sheet_xml(rows, "A1:B2")}))


def wide_csv(folder: Path) -> Path:
    path = folder / "rong.csv"
    path.write_text("Tên mô hình,Lĩnh vực\n" + "a," * 3_000_000 + "a\n", encoding="utf-8")
    return path


def password_xlsx(folder: Path) -> Path:
    """What Excel writes for a workbook with a password: a compound file named .xlsx."""
    path = folder / "mat-khau.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    return path


BOMB_MEMBERS = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml",
                "[Content_Types].xml", "xl/_rels/workbook.xml.rels", "docProps/core.xml", "xl/media/image1.png"]

HOSTILE = {
    "xfd1048576": (xfd_cell, "XFD1048576"),
    "shared-strings-bomb": (shared_strings_bomb, "bom nén"),
    "unique-count": (unique_count_bomb, "4.000.000.000"),
    "merged-everything": (merged_everything, "XFD1048576"),
    **{f"bomb-{m}-{'lying' if lying else 'honest'}": (
        bomb_in(m, lying), "kích thước nó khai báo" if lying else "bom nén")
       for m in BOMB_MEMBERS for lying in (False, True)},
    "renamed-csv": (renamed_csv, "văn bản (CSV)"),
    "binary-csv": (binary_csv, "dữ liệu nhị phân"),
    "png": (png_renamed, "ảnh PNG"),
    "docx": (docx_renamed, "tài liệu Word"),
    "html-as-xls": (html_as_xls, "trang web"),
    "corrupt-xls": (corrupt_xls, "Không đọc được tệp"),
    "far-cell-xls": (far_cell_xls, "quá nhiều bộ nhớ"),
    "password": (password_xlsx, "mật khẩu"),
    "empty-workbook": (empty_workbook, "Không tìm thấy dòng tiêu đề"),
    "truncated-zip": (truncated_zip, "bị hỏng hoặc không đầy đủ"),
    "empty-styled-rows": (empty_styled_rows, "Không tìm thấy dòng tiêu đề"),
    "too-many-members": (too_many_members, "thành phần"),
    "long-shared-string": (long_shared_string, "ký tự"),
    "long-inline-string": (long_inline_string, "40.000 ký tự"),
    "wide-csv": (wide_csv, "cột"),
}
