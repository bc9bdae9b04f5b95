"""Exports of any list: .xlsx and .csv of exactly the rows a list page shows, streamed.

A list's columns are described once, by `Column`s in the app's `columns.py` (`COLUMNS[model name]`),
and that one spec serves both the export and the Excel import, so an exported file re-imports to the
same records. A model without a spec exports the columns of its table.

Large lists never sit in memory: rows come from `queryset.iterator()`; .xlsx is written by xlsxwriter
in constant-memory mode to a temporary file that is streamed back and deleted; .csv is a
StreamingHttpResponse (UTF-8 with BOM, so Excel opens Vietnamese text correctly).
"""
from __future__ import annotations

import csv
import datetime
import importlib
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str

# Column kinds: how a value is written out and how the importer reads it back.
ID = "id"                    # the record's own id ("Mã"): the import's natural key when present
TEXT = "text"
INT = "int"
DECIMAL = "decimal"
MONEY = "money"              # whole đồng (the importer reads "1.234.567", "12.000.000 đ", "1,5 triệu")
DATE = "date"
CHOICE = "choice"            # a TextChoices value, written as its Vietnamese label
ORGANIZATION = "organization"  # an organisation, written as its name
UNIT = "unit"                # an administrative unit, written as "Xã …, Tỉnh …"

XLSX = "xlsx"
CSV = "csv"
FORMATS = (XLSX, CSV)
CHUNK = 2000
_CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
}
# A text cell starting with these is read as a formula by spreadsheet programs (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column of a list, shared by its export and its Excel import.

    `key` names the model attribute (dotted paths allowed) or, for the importer, what the column fills;
    `header` is the Vietnamese heading written in exports and templates; `synonyms` are other headings
    people write in their own sheets (matched without accents, case or punctuation).
    """

    key: str
    header: Any
    kind: str = TEXT
    synonyms: tuple = ()
    choices: Any = None                  # TextChoices class for CHOICE
    choice_synonyms: tuple = ()          # (("vh-xh", "culture_society"), ...) other spellings of a choice
    attr: str | None = None              # dotted path for the export when it differs from key
    getter: Callable | None = None       # export value from the record, when a path is not enough
    export: bool = True                  # written by exports
    importable: bool = True              # read by the importer (False: recognised and ignored)
    required: bool = False               # the importer refuses a row without it
    width: int = 18
    help: Any = ""                       # one line for the template's instructions sheet
    number_format: str | None = None     # xlsx format for INT/DECIMAL (None: plain)

    def value(self, obj):
        """The value exported for `obj`: a str, int, Decimal, date or None."""
        if self.getter is not None:
            return self.getter(obj)
        value = obj
        for part in (self.attr or self.key).split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
        if self.kind == CHOICE and self.choices is not None:
            return str(choice_label(self.choices, value))
        if self.kind in (ORGANIZATION, UNIT):
            return str(value)
        if callable(value):
            value = value()
        return value


def choice_label(choices, value) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value or ""


def columns_for_model(model) -> list[Column] | None:
    """The column spec an app declares for `model` in its `columns.py` (COLUMNS[model name]), if any."""
    try:
        module = importlib.import_module(f"{model._meta.app_config.name}.columns")
    except ModuleNotFoundError:
        return None
    return getattr(module, "COLUMNS", {}).get(model.__name__)


def columns_from_table(table) -> list[Column]:
    """Columns of a django-tables2 table, for lists without a column spec (values as the page shows them)."""
    from django_tables2.rows import BoundRow

    columns = []
    for bound in table.columns:
        if bound.column.exclude_from_export or not bound.visible:
            continue

        def get(obj, _name=bound.name):
            value = BoundRow(obj, table=table).get_cell_value(_name)
            return None if value in (None, "—") else value

        columns.append(Column(key=bound.name, header=bound.header, getter=get, importable=False))
    return columns


# ---------------------------------------------------------------------------------------------- values

def csv_text(value) -> str:
    """A value as the CSV shows it: dates dd/mm/yyyy, decimals with a comma, no thousands grouping."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (Decimal, float)):
        d = Decimal(str(value))
        if d == d.to_integral_value():
            return str(int(d))
        return format(d.normalize(), "f").replace(".", ",")
    return _defuse(force_str(value))


def _defuse(text: str) -> str:
    # A leading apostrophe makes spreadsheet programs show the text as text; the importer strips it again.
    return "'" + text if text.startswith(FORMULA_START) else text


def iter_values(queryset, columns: list[Column]) -> Iterator[list]:
    """Rows of export values, fetched in chunks so memory stays flat whatever the list's length.

    Organisations and units repeat on thousands of rows: each chunk names them by id, and their names
    are fetched once per chunk (not joined and built again for every row); choice labels are translated
    once per export.
    """
    if not hasattr(queryset, "iterator"):
        for obj in queryset:
            yield [col.value(obj) for col in columns]
        return
    related = _related_columns(queryset.model, columns)
    if related and all(c.getter is None for c in columns):
        queryset = queryset.select_related(None)
    else:
        related = {}
    labels: dict = {}
    chunk: list = []
    for obj in queryset.iterator(chunk_size=CHUNK):
        chunk.append(obj)
        if len(chunk) >= CHUNK:
            yield from _rows(chunk, columns, related, labels)
            chunk = []
    if chunk:
        yield from _rows(chunk, columns, related, labels)


def _related_columns(model, columns) -> dict:
    """Column index -> (foreign key attname, related model, str-ing select_related) for ORGANIZATION/UNIT columns."""
    found = {}
    for i, col in enumerate(columns):
        path = col.attr or col.key
        if col.getter is not None or col.kind not in (ORGANIZATION, UNIT) or "." in path:
            continue
        try:
            field = model._meta.get_field(path)
        except Exception:  # noqa: BLE001 - not a field of this model
            continue
        if field.many_to_one:
            found[i] = (field.attname, field.related_model, ("province",) if col.kind == UNIT else ())
    return found


def _rows(chunk, columns, related, labels):
    names = {}
    for i, (attname, model, joins) in related.items():
        ids = {getattr(obj, attname) for obj in chunk} - {None}
        names[i] = {pk: str(o) for pk, o in model._base_manager.select_related(*joins).in_bulk(ids).items()}
    for obj in chunk:
        row = []
        for i, col in enumerate(columns):
            if i in names:
                row.append(names[i].get(getattr(obj, related[i][0])))
            elif col.kind == CHOICE and col.choices is not None and col.getter is None:
                value = getattr(obj, col.attr or col.key, None)
                label = labels.get((i, value))
                if label is None:
                    label = labels[(i, value)] = str(choice_label(col.choices, value)) if value else ""
                row.append(label)
            else:
                row.append(col.value(obj))
        yield row


def export_columns(columns: Iterable[Column]) -> list[Column]:
    return [c for c in columns if c.export]


def filename_for(name: str, fmt: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name or "danh-sach").strip("-") or "danh-sach"
    return f"{safe}-{timezone.localdate():%Y%m%d}.{fmt}"


# ---------------------------------------------------------------------------------------------- writers

def write_xlsx(target, rows: Iterable[list], columns: list[Column], *, sheet_title: str = "Dữ liệu") -> int:
    """Write a header row and `rows` to `target` (a path or binary file) in constant memory; return the row count."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target, {
        "constant_memory": True,
        # Text stays text: never turned into a formula, a number or a link.
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
        "tmpdir": tempfile.gettempdir(),
    })
    sheet = workbook.add_worksheet(_sheet_name(sheet_title))
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E9EEF6", "border": 1})
    date_fmt = workbook.add_format({"num_format": "dd/mm/yyyy"})
    datetime_fmt = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    number_formats = {}
    for i, col in enumerate(columns):
        sheet.set_column(i, i, col.width)
        if col.number_format:
            number_formats[i] = workbook.add_format({"num_format": col.number_format})
    sheet.write_row(0, 0, [force_str(c.header) for c in columns], bold)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, values in enumerate(rows, start=1):
        for i, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, datetime.datetime):
                if timezone.is_aware(value):
                    value = timezone.make_naive(timezone.localtime(value))
                sheet.write_datetime(count, i, value, datetime_fmt)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(count, i, datetime.datetime(value.year, value.month, value.day), date_fmt)
            elif isinstance(value, bool):
                sheet.write_string(count, i, "Có" if value else "Không")
            elif isinstance(value, (int, float, Decimal)):
                sheet.write_number(count, i, value, number_formats.get(i))
            else:
                sheet.write_string(count, i, force_str(value))
    if columns:
        sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    workbook.close()
    return count


def _sheet_name(title: str) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", force_str(title)).strip()[:31]
    return name or "Dữ liệu"


def iter_csv(rows: Iterable[list], columns: list[Column]) -> Iterator[str]:
    """CSV text in pieces: a BOM, the header line, then one line per row."""

    class _Line:
        def write(self, text):
            return text

    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([force_str(c.header) for c in columns])
    for values in rows:
        yield writer.writerow([csv_text(v) for v in values])


# ---------------------------------------------------------------------------------------------- responses

def export_response(queryset, columns: list[Column], *, fmt: str, name: str, title: str = ""):
    """The HTTP response that downloads `queryset` (already filtered, scoped and ordered) as `fmt`."""
    columns = export_columns(columns)
    filename = filename_for(name, fmt)
    rows = iter_values(queryset, columns)
    if fmt == CSV:
        response = StreamingHttpResponse(
            (piece.encode("utf-8") for piece in iter_csv(rows, columns)), content_type=_CONTENT_TYPES[CSV],
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    # xlsx is a zip file: it is finished in a temporary file (deleted when the response is closed),
    # then streamed from there in blocks.
    spool = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        write_xlsx(spool, rows, columns, sheet_title=title or name)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=_CONTENT_TYPES[XLSX])
