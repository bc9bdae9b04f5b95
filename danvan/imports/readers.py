"""The spreadsheet readers, run in a child process with resource limits (see imports.sandbox).

    python -I -B -m danvan.imports.readers '{"path": ..., "format": ..., "sheet": ..., "limits": {...}}'

No Django here: the child gets a file path, a format and limits, and answers on its standard output with
frames (4-byte length + pickle of plain values: str, int, float, bool, None, dates and times):

    ("sheet", {"names": [...], "name": ..., "estimate": n, "merged": [...], "formulas": [(row, col), ...]})
    ("rows", [(row number, [values]), ...])          repeated, ~1,000 rows each
    ("end", rows read, own peak memory in bytes)
    ("error", code, {params}, own peak memory)       instead of the above, when the file is refused

Its limits are set first thing (address space, CPU time, file size, no core dump). A refusal found while
reading (a row wider than the limit, a cell longer than Excel allows, too many rows or merged ranges) is
an "error" frame; running out of memory or time kills the child, and the parent says so.
"""
from __future__ import annotations

import csv
import json
import os
import pickle
import re
import resource
import struct
import sys

BATCH_ROWS = 1000
EXIT_MEMORY = 3


class Refused(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def set_limits(limits: dict) -> None:
    memory = limits["read_memory_bytes"]
    cpu = limits["read_cpu_seconds"]
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))   # SIGXCPU at the soft limit, SIGKILL 5 s later
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024 * 1024, 1024 * 1024))  # it writes no file (stderr: a traceback)


# ------------------------------------------------------------------------------------------------ readers

def visible_sheets(wb) -> list[str]:
    return [m.name for m in wb.sheets_metadata
            if str(m.visible).endswith("Visible") and str(m.typ).endswith("WorkSheet")] or list(wb.sheet_names)


def open_calamine(path):
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise Refused("unreadable", detail=str(exc)[:200]) from None


def calamine_sheet(path, name, limits):
    from python_calamine import CalamineError

    wb = open_calamine(path)
    names = visible_sheets(wb)
    name = name or (names[0] if names else None)
    if name not in names:
        raise Refused("no_sheet", sheet=name)
    try:
        sheet = wb.get_sheet_by_name(name)
    except CalamineError as exc:
        raise Refused("unreadable_sheet", sheet=name, detail=str(exc)[:200]) from None
    start = sheet.start or (0, 0)
    end = sheet.end or (0, 0)
    check_area(name, end[0] + 1, end[1] + 1, limits)
    merged = list(sheet.merged_cell_ranges or [])
    check_merged(name, merged, limits)
    pad = [None] * start[1]

    def rows():
        # calamine yields rows from the sheet's first row and columns from the first used column.
        for i, values in enumerate(sheet.iter_rows()):
            yield i + 1, pad + values if pad else values

    formulas = formula_cells(path, name) if request_format(path) == "xlsx" else []
    return {"names": names, "name": name, "estimate": end[0] + 1, "merged": merged, "formulas": formulas}, rows()


def openpyxl_sheet(path, name, limits):
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure of the reader is a file it cannot read
        raise Refused("unreadable", detail=str(exc)[:200]) from None
    names = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"] or list(wb.sheetnames)
    name = name or (names[0] if names else None)
    if name not in names:
        raise Refused("no_sheet", sheet=name)
    ws = wb[name]
    estimate = min(ws.max_row or 0, limits["max_rows"])
    ws.reset_dimensions()  # some writers record a wrong size; read every row that is there

    def rows():
        for i, values in enumerate(ws.iter_rows(values_only=True)):
            yield i + 1, list(values)

    return {"names": names, "name": name, "estimate": estimate, "merged": [], "formulas": formula_cells(path, name)}, rows()


def csv_sheet(path, limits):
    with open(path, "rb") as fh:
        raw = fh.read(64 * 1024)
    encoding = "utf-8-sig"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(raw) - 4:  # not just a character cut at the sample's end
            encoding = "cp1258"
    sample = raw.decode(encoding, errors="ignore")
    try:
        dialect = csv.Sniffer().sniff(sample[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lines = max(sample.count("\n"), 1)
    size = os.path.getsize(path)
    estimate = min(int(lines * size / max(len(raw), 1)), limits["max_rows"])
    csv.field_size_limit(limits["max_string_length"] + 1)
    fh = open(path, encoding=encoding, newline="", errors="replace")

    def rows():
        reader = csv.reader(fh, dialect)
        number = 0
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error:
                raise Refused("csv", row=number + 1) from None
            number += 1
            yield number, values

    return {"names": [""], "name": "", "estimate": estimate, "merged": []}, rows()


MAX_FORMULA_CELLS = 5000
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*)>(.*?)</(?:\w+:)?c>", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')


def _attrs(tag: bytes) -> dict:
    return {k.split(b":")[-1].decode(): v.decode("utf-8", "replace") for k, v in _ATTR.findall(tag)}


def formula_cells(path, name) -> list[tuple[int, int]]:
    """(row, column), 0-based, of the .xlsx sheet's formula cells with no computed value stored (a file written
    by a program that does not calculate: the readers see an empty cell). At most MAX_FORMULA_CELLS."""
    import posixpath
    import zipfile
    from html import unescape

    try:
        with zipfile.ZipFile(path) as zf:
            book = zf.read("xl/workbook.xml")
            rid = next((a.get("id") for a in map(_attrs, _SHEET.findall(book)) if unescape(a.get("name", "")) == name),
                       None)
            rels = zf.read("xl/_rels/workbook.xml.rels")
            target = next((a.get("Target") for a in map(_attrs, re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels))
                           if a.get("Id") == rid), None)
            if not target:
                return []
            member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            found, carry = [], b""
            with zf.open(member) as fh:
                while len(found) < MAX_FORMULA_CELLS:
                    data = fh.read(1024 * 1024)
                    buf = carry + data
                    end = buf.rfind(b"</c>")
                    if data and end < 0:  # no whole cell with content yet (only empty ones): keep the tail only
                        carry = buf[-64 * 1024:]
                        continue
                    cut = end + 4 if data else len(buf)
                    carry, buf = buf[cut:], buf[:cut]
                    if b"<f" in buf:
                        for attrs, body in _CELL.findall(buf):
                            if b"<f" in body and not re.search(rb"<(?:\w+:)?v>[^<]", body):
                                ref = _REF.search(attrs)
                                if ref:
                                    found.append((int(ref.group(2)) - 1, _column_index(ref.group(1))))
                    if not data:
                        break
            return found[:MAX_FORMULA_CELLS]
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return []


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1


def request_format(path) -> str:
    """"xlsx" for a zip-based workbook (an .xlsx/.xlsm), else "" (.xls, .ods have no such cells to find)."""
    try:
        with open(path, "rb") as fh:
            return "xlsx" if fh.read(4) == b"PK\x03\x04" else ""
    except OSError:
        return ""


def check_area(name, rows, columns, limits) -> None:
    if rows > limits["max_rows"] or columns > limits["max_columns"] or rows * columns > limits["max_cells"]:
        raise Refused("area", sheet=name, rows=rows, columns=columns)


def check_merged(name, merged, limits) -> None:
    if len(merged) > limits["max_merged"]:
        raise Refused("merged", sheet=name, count=len(merged))
    for (r0, c0), (r1, c1) in merged:
        if r1 >= limits["max_rows"] or c1 >= limits["max_columns"]:
            raise Refused("area", sheet=name, rows=r1 + 1, columns=c1 + 1)


def names_only(path, fmt) -> list[str]:
    if fmt == "csv":
        return [""]
    return visible_sheets(open_calamine(path))


# ------------------------------------------------------------------------------------------------ main

def own_peak() -> int:
    """This process's own peak resident memory (VmHWM, bytes): unlike ru_maxrss, it does not start from the
    parent's memory at the time of the fork."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def send(out, frame) -> None:
    data = pickle.dumps(frame, protocol=5)
    out.write(struct.pack("<I", len(data)))
    out.write(data)


def serve(request: dict, out) -> None:
    limits, path, fmt = request["limits"], request["path"], request["format"]
    if request.get("names_only"):
        send(out, ("names", names_only(path, fmt)))
        return
    if fmt == "csv":
        head, rows = csv_sheet(path, limits)
    elif request.get("reader") == "openpyxl":
        head, rows = openpyxl_sheet(path, request.get("sheet"), limits)
    else:
        head, rows = calamine_sheet(path, request.get("sheet"), limits)
    send(out, ("sheet", head))
    out.flush()
    max_rows, max_columns, longest = limits["max_rows"], limits["max_columns"], limits["max_string_length"]
    batch, count = [], 0
    for number, values in rows:
        count += 1
        if number > max_rows:
            raise Refused("rows", sheet=head["name"], rows=number)
        if len(values) > max_columns:
            # Trailing empty cells are no data (a CSV line ending in commas, a row formatted far right).
            while values and values[-1] in (None, ""):
                values.pop()
            if len(values) > max_columns:
                raise Refused("columns", sheet=head["name"], row=number, columns=len(values))
        for value in values:
            if value.__class__ is str and len(value) > longest:
                raise Refused("long", sheet=head["name"], row=number, length=len(value))
        batch.append((number, values))
        if len(batch) >= BATCH_ROWS:
            send(out, ("rows", batch))
            batch = []
    if batch:
        send(out, ("rows", batch))
    send(out, ("end", count, own_peak()))


def main(argv: list[str]) -> int:
    request = json.loads(argv[1])
    set_limits(request["limits"])
    out = os.fdopen(sys.stdout.fileno(), "wb", buffering=256 * 1024)
    try:
        serve(request, out)
    except Refused as exc:
        send(out, ("error", exc.code, exc.params, own_peak()))
    except MemoryError:
        os._exit(EXIT_MEMORY)
    except BrokenPipeError:
        os._exit(0)  # the importer stopped reading: it has what it needed
    try:
        out.flush()
    except BrokenPipeError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
