"""Reading spreadsheets as people really make them.

* A file is checked before it is read (imports.guard: what it is, declared sizes, cell positions) and read
  in a child process with resource limits (imports.sandbox), which streams the rows back.
* Readers (imports.readers, in that child): python-calamine (fast; .xlsx, .xlsm, .xls, .ods) holds the
  sheet's cells in compact native memory and hands rows over one at a time; above
  `IMPORT_CALAMINE_MAX_BYTES` of sheet XML an .xlsx is read by openpyxl in read-only mode instead (slower,
  constant memory). CSV is read line by line.
* The header is found, not assumed: title rows above it, a header merged over two lines ("Thông tin mô
  hình" over "Tên mô hình | Lĩnh vực"), columns in any order, headings with or without accents, NFC or NFD.
* Merged cells are filled: a heading merged over two lines, an organisation merged down over its rows.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter

from django.utils import translation
from django.utils.translation import gettext as _

from danvan.core.text import fold, normalize
from danvan.imports import guard, sandbox
from danvan.imports.errors import FileUnreadable
from danvan.imports.limits import current as current_limits

__all__ = ["FileUnreadable"]  # raised by the functions below (and re-exported for callers)

HEADER_SCAN_ROWS = 30
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NUMBERING_CELL = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")
_TOTAL_WORDS = ("tong cong", "tong so", "cong", "tong")
# Headings every Vietnamese table has that carry no data: the row number.
IGNORED_HEADINGS = {"stt", "tt", "so tt", "so thu tu"}


def header_key(text) -> str:
    """A heading reduced to what identifies it: no accents, case, punctuation or line breaks."""
    return _NON_ALNUM.sub(" ", fold(str(text))).strip() if text not in (None, "") else ""


def bare_header_key(text) -> str:
    """header_key without parenthesised notes: "Tên mô hình (*)" and "Năm (bắt buộc)" match their column."""
    return header_key(_PARENS.sub(" ", str(text))) if text not in (None, "") else ""


class HeaderMatcher:
    """Maps a heading to one of a kind's columns, by its header (Vietnamese and English) or a synonym."""

    def __init__(self, columns):
        self.columns = list(columns)
        self._exact: dict[str, object] = {}
        self._bare: dict[str, object] = {}
        for col in self.columns:
            names = [col.header, *col.synonyms]
            for lang in ("vi", "en"):
                with translation.override(lang):
                    names.append(str(col.header))
            for name in names:
                self._exact.setdefault(header_key(name), col)
                self._bare.setdefault(bare_header_key(name), col)
        self._exact.pop("", None)
        self._bare.pop("", None)

    def match(self, text):
        if text in (None, ""):
            return None
        return self._exact.get(header_key(text)) or self._bare.get(bare_header_key(text))


@dataclass
class Header:
    row: int                    # 1-based row number of the (last line of the) header
    columns: dict               # column index -> Column
    unknown: list               # (index, heading) of headings no column matched
    duplicates: list            # (index, heading, Column) of a column already matched further left
    score: int = 0
    labels: dict = field(default_factory=dict)  # column key -> "C – heading as written in the file"

    @property
    def keys(self) -> set:
        return {c.key for c in self.columns.values()}


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def find_header(rows: list[list], matcher: HeaderMatcher, first_row: int = 1) -> Header | None:
    """The row (with the one above it, for two-line headers) whose headings match most columns."""
    best = None
    for i, row in enumerate(rows):
        above = rows[i - 1] if i > 0 else []
        header = _match_row(row, above, matcher, first_row + i)
        if header.score and (best is None or header.score > best.score):
            best = header
    return best


def _match_row(row, above, matcher, row_no) -> Header:
    columns, unknown, duplicates, seen, labels = {}, [], [], set(), {}
    width = max(len(row), len(above))
    for c in range(width):
        bottom = _cell_text(row[c]) if c < len(row) else ""
        top = _cell_text(above[c]) if c < len(above) else ""
        candidates = []
        if top and bottom and top != bottom:
            candidates.append(f"{top} {bottom}")
        if bottom:
            candidates.append(bottom)
        if top and (not bottom or top == bottom):
            candidates.append(top)
        col = next((m for m in map(matcher.match, candidates) if m is not None), None)
        if col is None:
            if (bottom or top) and header_key(bottom or top) not in IGNORED_HEADINGS:
                unknown.append((c, normalize(bottom or top)))
            continue
        if col.key in seen:
            duplicates.append((c, bottom or top, col))
            continue
        seen.add(col.key)
        columns[c] = col
        labels[col.key] = f"{column_letter(c)} – {normalize(bottom or top)}"
    return Header(row=row_no, columns=columns, unknown=unknown, duplicates=duplicates, score=len(columns),
                  labels=labels)


def column_letter(index: int) -> str:
    """0 -> "A", 27 -> "AB", as spreadsheet programs name columns."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def is_numbering_row(values: list) -> bool:
    """A row of column numbers under the header: "(1) (2) (3)" or "1 2 3 ..."."""
    cells = [_cell_text(v) for v in values if _cell_text(v)]
    if len(cells) < 3 or not all(_NUMBERING_CELL.match(c) for c in cells):
        return False
    numbers = [int(re.sub(r"\D", "", c)) for c in cells]
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def is_total_row(values: list) -> bool:
    """A "Tổng cộng" line at the foot of the table."""
    first = first_filled(values)
    if not isinstance(first, str):
        return False
    key = header_key(first)
    return any(key == w or key.startswith(w + " ") for w in _TOTAL_WORDS) and len(key) < 40


# -------------------------------------------------------------------------------------------- readers

@dataclass
class SheetRows:
    """One sheet's rows as lists (absolute column positions), numbered as in the spreadsheet program."""

    name: str
    rows: Iterator                     # of (row number, list of values)
    estimate: int                      # rows in the sheet, as far as the file tells
    merged: list = field(default_factory=list)  # ((r0, c0), (r1, c1)), 0-based, inclusive
    close: object = None
    names: list = field(default_factory=list)   # the file's visible worksheets, in workbook order
    formulas: frozenset = frozenset()           # (row, col), 0-based: formula cells with no computed value


def detect_format(path) -> str:
    """"xlsx", "xls", "ods" or "csv", from the file's content (FileRejected when it is none of them)."""
    return guard.identify(path).format


def sheet_names(path) -> list[str]:
    """Visible worksheets, in workbook order (a CSV file has one, unnamed)."""
    limits = current_limits()
    facts = guard.check(path, limits)
    if facts.format == "csv":
        return [""]
    return sandbox.names(path, facts.format, limits)


def open_sheet(path, name: str | None = None) -> SheetRows:
    """Rows of the named sheet (None: the first visible one), read lazily in a child process by the fastest
    reader its memory allows. The file's full check runs while the child opens it; nothing the child sends
    is used unless the check passes."""
    limits = current_limits()
    facts = guard.identify(path, limits)
    reader = "openpyxl" if facts.format == "xlsx" and facts.largest_sheet_xml > limits.calamine_max_bytes else "calamine"
    child = sandbox.start(path, facts.format, name, reader, limits)
    try:
        guard.check(path, limits)
        kind, head = child.frame()[:2]
        if kind != "sheet":
            raise child._fail("crash", _("dữ liệu trả về không hợp lệ"))
    except BaseException:
        child.close()
        raise
    return SheetRows(name=head["name"], rows=sandbox.rows(child), estimate=int(head["estimate"]),
                     merged=list(head["merged"]), close=child.close, names=list(head["names"]),
                     formulas=frozenset(map(tuple, head.get("formulas") or ())))


# -------------------------------------------------------------------------------------------- merged cells

class MergeFiller:
    """Gives every cell of a merged range the value of its top-left cell, as the eye reads it.

    In the header every merge is filled (a group heading over several columns, "STT" over two lines);
    in the data only vertical merges are (an organisation merged down over its initiatives), since a
    merge across a data row is a group heading ("I. Lĩnh vực kinh tế") rather than values.
    """

    def __init__(self, merged, header_end: int = 0):
        self.by_start: dict[int, list] = {}
        for (r0, c0), (r1, c1) in merged:
            if (r1, c1) != (r0, c0):
                self.by_start.setdefault(r0, []).append((r0, c0, r1, c1))
        self.active: list = []     # [r1, c0, c1, value, vertical_only]
        self.header_end = header_end  # 0-based index of the header's last row

    def fill(self, index: int, values: list) -> list:
        if not self.by_start and not self.active:
            return values
        for r0, c0, r1, c1 in self.by_start.pop(index, ()):
            value = values[c0] if c0 < len(values) else None
            self.active.append([r1, c0, c1, value, r1 > r0])
        if not self.active:
            return values
        in_header = index <= self.header_end
        copied = False
        for r1, c0, c1, value, vertical in self.active:
            if value in (None, "") or not (in_header or vertical):
                continue
            if not copied:
                values, copied = list(values), True
            if len(values) <= c1:
                values.extend([None] * (c1 + 1 - len(values)))
            for c in range(c0, c1 + 1):
                if values[c] in (None, ""):
                    values[c] = value
        self.active = [a for a in self.active if a[0] > index]
        return values


def head_and_rest(sheet: SheetRows, n: int = HEADER_SCAN_ROWS):
    """The first `n` rows (buffered, to find the header) and an iterator over the same rows from the start."""
    head = []
    for item in sheet.rows:
        head.append(item)
        if len(head) >= n:
            break
    return head, chain(head, sheet.rows)


# -------------------------------------------------------------------------------------------- tables

def is_empty(value) -> bool:
    """A cell with nothing in it: None, "" or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def _blank(value) -> bool:
    """Empty as most cells are (None or ""), without looking into whitespace."""
    return value is None or value == ""


def first_filled(values: list):
    """The first non-empty cell of a row (None when there is none)."""
    for value in values:
        if not is_empty(value):
            return value
    return None


@dataclass
class Table:
    """The data rows of one sheet after the header was found.

    `rows()` yields (row number, the whole row's values, the mapped cells in `keys` order, why to skip or
    None). Rows with no mapped value are left out; the column parsers (imports.validation) turn what
    remains empty, e.g. a cell of spaces, into None, and the engine drops rows left with nothing.
    """

    sheet: str
    header: Header
    estimate: int
    data_rows: Iterator
    close: object = None
    formulas: frozenset = frozenset()  # (row, col), 0-based: formula cells with no computed value

    @property
    def mapping(self) -> list[tuple[int, str]]:
        return [(c, col.key) for c, col in sorted(self.header.columns.items())]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for _c, key in self.mapping)

    def rows(self) -> Iterator[tuple]:
        positions = [c for c, _key in self.mapping]
        width = max(positions) + 1
        pick = itemgetter(*positions) if len(positions) > 1 else (lambda values: (values[positions[0]],))
        first = True
        for number, values in self.data_rows:
            if len(values) < width:
                values = [*values, *([None] * (width - len(values)))]
            cells = pick(values)
            if cells.count(None) + cells.count("") == len(cells):
                continue
            if first:
                if all(is_empty(v) for v in cells):
                    continue
                first = False
                if is_numbering_row(values):
                    continue
            lead = values[0]
            # A total row starts with text ("Tổng cộng"); most rows start with a number or a name.
            if (lead.__class__ is str or _blank(lead)) and is_total_row(values):
                if not all(is_empty(v) for v in cells):  # else: nothing in the table's columns, not a row
                    yield number, values, cells, _("dòng tổng cộng")
            else:
                yield number, values, cells, None


def _open_head(path, name):
    sheet = open_sheet(path, name)
    try:
        head, rest = head_and_rest(sheet)
    except BaseException:
        _close(sheet)
        raise
    filler = MergeFiller(sheet.merged, header_end=HEADER_SCAN_ROWS)
    filled = [filler.fill(n - 1, values) for n, values in head]
    return sheet, rest, filled, (head[0][0] if head else 1)


def _close(sheet) -> None:
    if sheet is not None and sheet.close:
        sheet.close()


def _sheets(path, sheet: str | None, limit: int = 10):
    """Each candidate sheet opened in turn, as (opened, rest, filled header area, first row): the given one,
    or the first `limit` visible ones (the first child to open tells their names)."""
    names = [sheet] if sheet else None
    index = 0
    while names is None or index < len(names):
        opened, rest, filled, first_row = _open_head(path, names[index] if names else None)
        if names is None:
            names = (opened.names or [opened.name])[:limit]
        yield opened, rest, filled, first_row
        index += 1


def locate(path, columns, sheet: str | None = None, *, keep_open: bool = False):
    """(sheet name, header, opened sheet or None): the given sheet, or the first whose header has every
    required column, else the one matching most columns. The chosen sheet stays open when `keep_open`."""
    matcher = HeaderMatcher(columns)
    required = {c.key for c in columns if c.required}
    best = ("", None)
    for opened, rest, filled, first_row in _sheets(path, sheet):
        name = opened.name
        header = find_header(filled, matcher, first_row=first_row)
        if header is not None and required <= header.keys:
            if keep_open:
                return name, header, (opened, rest)
            _close(opened)
            return name, header, None
        _close(opened)
        if header is not None and (best[1] is None or header.score > best[1].score):
            best = (name, header)
    return best[0], best[1], None


def open_table(path, columns, sheet: str | None = None) -> Table:
    """The table of `columns` in the file: raises FileUnreadable with the reason when there is none."""
    name, header, opened = locate(path, columns, sheet, keep_open=True)
    if header is None:
        raise FileUnreadable(
            _("Không tìm thấy dòng tiêu đề. Cần có các cột: %(cols)s (có thể tải tệp mẫu để xem).")
            % {"cols": ", ".join(str(c.header) for c in columns if c.required)}
        )
    if opened is None:
        missing = [c for c in columns if c.required and c.key not in header.keys]
        raise FileUnreadable(
            _("Thiếu cột bắt buộc: %(missing)s. Các cột đã nhận ra ở dòng %(row)s: %(found)s.")
            % {"missing": ", ".join(str(c.header) for c in missing), "row": header.row,
               "found": ", ".join(str(c.header) for c in header.columns.values()) or "—"}
        )
    sheet_rows, rest = opened
    filler = MergeFiller(sheet_rows.merged, header_end=header.row - 1)

    def data():
        for number, values in rest:
            values = filler.fill(number - 1, values)
            if number > header.row:
                yield number, values

    return Table(sheet=name, header=header, estimate=max(sheet_rows.estimate - header.row, 0),
                 data_rows=data(), close=sheet_rows.close, formulas=sheet_rows.formulas)


def detect_kind(path, importers: dict, sheet: str | None = None) -> str | None:
    """The kind of data in the file: the importer whose required columns are all there and whose
    columns match most headings (the header area of each sheet is read once)."""
    best, best_score = None, 0
    for opened, _rest, filled, first_row in _sheets(path, sheet):
        _close(opened)
        for kind, importer in importers.items():
            header = find_header(filled, HeaderMatcher(importer.columns), first_row=first_row)
            if header is None or not {c.key for c in importer.columns if c.required} <= header.keys:
                continue
            required = sum(1 for c in importer.columns if c.required)
            score = header.score * 10 + required
            if score > best_score:
                best, best_score = kind, score
        if best:
            return best
    return best
