"""Reading one cell: text, whole numbers, amounts, dates and choices as Vietnamese sheets write them.

Each parser returns the value or raises CellError with a Vietnamese message saying what is wrong.
Model-level limits (max_length, validators such as the year range) come from the model field itself,
so the importer refuses exactly what a form would.
"""
from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from danvan.core import exports
from danvan.core.text import normalize, parse_vn_number
from danvan.imports.parsing import header_key

_DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


class CellError(Exception):
    """A cell's value cannot be used; `message` says why, in Vietnamese."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def display(value) -> str:
    """A cell value as the user sees it in their sheet (for the error list)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize(str(value))[:200]


def parse_text(value) -> str | None:
    """Text in NFC with spaces collapsed; a number cell gives its digits; a defused "'=..." loses its quote."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return display(value)
    text = normalize_lines(str(value))
    if len(text) > 1 and text[0] == "'" and text[1] in exports.FORMULA_START:
        text = text[1:]
    return text or None


def normalize_lines(text: str) -> str:
    """NFC, spaces collapsed within each line, line breaks kept (a description keeps its paragraphs)."""
    if "\n" not in text and "\r" not in text:
        return normalize(text)
    lines = [normalize(line) for line in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def one_line(text: str | None) -> str | None:
    """Text for a one-line field (a title, a name): line breaks become spaces."""
    return normalize(text) if text else text


def parse_int(value) -> int | None:
    """A whole number: 2024, 2024.0, "2.024", "1.234.567"."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(_("Cần một số nguyên."))
    if isinstance(value, (datetime.date, datetime.datetime)):
        raise CellError(_("Cần một số, không phải ngày tháng."))
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise CellError(_("Cần một số nguyên."))
    return int(number)


def parse_decimal(value) -> Decimal | None:
    """A number as Vietnamese users write it ("1.234.567", "2,5", "90.000.000 đ") or as Excel stores it."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.datetime)):
        raise CellError(_("Cần một số."))
    if isinstance(value, float):
        return Decimal(repr(value)) if not value.is_integer() else Decimal(int(value))
    try:
        return parse_vn_number(value)
    except ValueError:
        raise CellError(_("Không phải số (ví dụ đúng: 1.234.567 hoặc 2,5).")) from None


_MONEY_SCALES = {"nghin": 1000, "ngan": 1000, "k": 1000, "tr": 10**6, "trieu": 10**6, "ty": 10**9, "ti": 10**9}
_MONEY = re.compile(r"^(-?\s*[0-9][0-9., \u00a0]*?)\s*(nghin|ngan|k|tr|trieu|ty|ti)?\.?\s*(dong|d|vnd|vnđ)?\.?$")
MAX_VND = 10**15  # a thousand thousand billion đồng: more than any initiative's money, less than the column holds


def money_scale(heading: str) -> int:
    """What a money column's plain numbers count, from its heading: "Kinh phí (triệu đồng)" -> 1,000,000."""
    from danvan.core.text import fold

    heading = (heading or "").split(" – ", 1)[-1]  # the engine's labels start with the column letter ("G – ")
    words = set(re.sub(r"[^0-9a-z]+", " ", fold(heading)).split())
    for word in ("trieu", "tr", "ty", "ti", "nghin", "ngan"):
        if word in words:
            return _MONEY_SCALES[word]
    return 1


def parse_vnd(value, scale: int = 1) -> int | None:
    """An amount of money in whole đồng, as cadres write it: 1234567, "1.234.567", "12.000.000 đ",
    "90.000.000 đồng", "1,5 triệu", "2 tỷ", "500 nghìn", "500k". `scale`: what a plain number counts (a
    column headed "(triệu đồng)": 1,000,000)."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.datetime)):
        raise CellError(_("Cần một số tiền (ví dụ: 12.000.000 hoặc 1,5 triệu)."))
    if isinstance(value, (int, float)):
        number = Decimal(repr(value)) if isinstance(value, float) and not value.is_integer() else Decimal(int(value))
        number *= scale
    else:
        from danvan.core.text import fold

        text = fold(str(value)).replace("vnđ", "vnd")
        match = _MONEY.match(text)
        if not match:
            raise CellError(_("Không phải số tiền (ví dụ đúng: 12.000.000 đ, 1,5 triệu, 2 tỷ)."))
        digits, word, _unit = match.groups()
        try:
            number = parse_vn_number(digits.strip())
        except ValueError:
            raise CellError(_("Không phải số tiền (ví dụ đúng: 12.000.000 đ, 1,5 triệu, 2 tỷ).")) from None
        number *= _MONEY_SCALES[word] if word else scale
    if number < 0:
        raise CellError(_("Số tiền không được âm."))
    if number != number.to_integral_value():
        raise CellError(_("Số tiền phải là số đồng chẵn (không có phần lẻ dưới 1 đồng)."))
    if number > MAX_VND:
        raise CellError(_("Số tiền quá lớn."))
    return int(number)


def parse_date(value) -> datetime.date | None:
    """A date: an Excel date, "25/12/2024", "25-12-2024", "25.12.24", "2024-12-25" or an Excel day number."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1900 <= value <= 2100:
            raise CellError(_("Chỉ có năm, thiếu ngày và tháng (ghi dd/mm/yyyy)."))
        if 20000 <= value <= 80000:  # a date cell that lost its format shows Excel's day number
            return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise CellError(_("Không phải ngày (ghi dd/mm/yyyy)."))
    text = normalize(str(value))
    match = _DATE_TEXT.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            if year < 100:
                year += 2000
            if month > 12 and day <= 12:
                raise CellError(_("Ngày ghi theo kiểu tháng/ngày; cần ngày/tháng/năm (dd/mm/yyyy)."))
            return datetime.date(year, month, day)
        match = _ISO_DATE.match(text)
        if match:
            return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise CellError(_("Ngày không có thật.")) from None
    raise CellError(_("Không phải ngày (ghi dd/mm/yyyy, ví dụ 25/12/2024)."))


_CHOICE_MAPS: dict[int, dict] = {}


def choice_map(column) -> dict:
    """Folded spelling -> choice value for a CHOICE column: its labels (vi and en), codes and synonyms."""
    found = _CHOICE_MAPS.get(id(column))
    if found is None:
        found = {}
        for value, label in column.choices.choices:
            for lang in ("vi", "en"):
                with translation.override(lang):
                    found.setdefault(header_key(str(label)), value)
            found.setdefault(header_key(value), value)
        for spelling, value in column.choice_synonyms:
            found.setdefault(header_key(spelling), value)
        found.pop("", None)
        _CHOICE_MAPS[id(column)] = found
    return found


_CHOICE_CACHE: dict[tuple, str] = {}


def parse_choice(value, column) -> str | None:
    """One of the column's choices, by its label with or without accents, its code or a usual abbreviation."""
    cached = _CHOICE_CACHE.get((id(column), value)) if isinstance(value, str) else None
    if cached is not None:
        return cached
    text = parse_text(value)
    if text is None:
        return None
    found = choice_map(column).get(header_key(text))
    if found is not None and isinstance(value, str) and len(_CHOICE_CACHE) < 10000:
        _CHOICE_CACHE[(id(column), value)] = found
    if found is None:
        labels = ", ".join(str(label) for _v, label in column.choices.choices)
        raise CellError(_("Không có trong danh sách. Chọn một trong: %(labels)s.") % {"labels": labels})
    return found


PARSERS = {
    exports.ID: parse_int,
    exports.INT: parse_int,
    exports.DECIMAL: parse_decimal,
    exports.MONEY: parse_vnd,
    exports.DATE: parse_date,
    exports.TEXT: parse_text,
    exports.ORGANIZATION: parse_text,
    exports.UNIT: parse_text,
}


def parse_cell(value, column):
    """The cell's value for `column`'s kind, or CellError."""
    if column.kind == exports.CHOICE:
        return parse_choice(value, column)
    return PARSERS.get(column.kind, parse_text)(value)


class _Empty:
    """A cell with nothing in it (None, "", spaces)."""

    def __repr__(self):
        return "EMPTY"


EMPTY = _Empty()
_MISS = object()


class CellProblem:
    """A cell that cannot be read, with the Vietnamese message saying why."""

    __slots__ = ("message",)

    def __init__(self, message):
        self.message = message


class ColumnParser:
    """Reads one column of a file, a chunk of cells at a time: each cell becomes its value, EMPTY or a
    CellProblem. Cells repeat (an organisation, a field, a year, a date), so each distinct cell is read
    once and looked up afterwards; a column whose cells hardly repeat (a title) stops looking them up."""

    LIMIT = 20000          # distinct cells remembered per column
    TRIAL = 2000           # cells seen before deciding whether remembering pays
    LONG = 100             # a text this long is read each time (it hardly repeats, and would fill memory)

    def __init__(self, column, heading: str = ""):
        self.column = column
        self.scale = money_scale(heading) if column.kind == exports.MONEY else 1
        self.texts: dict = {}     # str cell -> result
        self.others: dict = {}    # (type, cell) -> result: 1, 1.0 and True are different cells
        self.remember = True
        self.seen = self.hits = 0

    def one(self, cell):
        if cell is None or (cell.__class__ is str and not cell.strip()):
            return EMPTY
        try:
            if self.scale != 1:
                return parse_vnd(cell, self.scale)
            return parse_cell(cell, self.column)
        except CellError as exc:
            return CellProblem(exc.message)

    def parse(self, cells: list) -> list:
        if not self.remember:
            return [self.one(c) for c in cells]
        texts, others = self.texts, self.others
        out = [texts.get(c, _MISS) if c.__class__ is str else others.get((c.__class__, c), _MISS) for c in cells]
        misses = 0
        for i, value in enumerate(out):
            if value is _MISS:
                misses += 1
                cell = cells[i]
                value = out[i] = self.one(cell)
                if len(texts) + len(others) < self.LIMIT:
                    if cell.__class__ is not str:
                        others[(cell.__class__, cell)] = value
                    elif len(cell) < self.LONG:
                        texts[cell] = value
        self.seen += len(cells)
        self.hits += len(cells) - misses
        if self.seen >= self.TRIAL and self.hits < self.seen // 5:
            self.remember = False
            self.texts, self.others = {}, {}
        return out


def check_model_field(model, name: str, value) -> None:
    """Apply the model field's own limits (max length, validators); raise CellError with its message."""
    if value is None:
        return
    field = model._meta.get_field(name)
    try:
        if getattr(field, "max_length", None) and isinstance(value, str) and len(value) > field.max_length:
            raise CellError(_("Dài quá %(n)s ký tự.") % {"n": field.max_length})
        field.run_validators(value)
    except ValidationError as exc:
        raise CellError(" ".join(str(m) for m in exc.messages)) from None


def field_checks(model, names) -> list[tuple]:
    """(name, model field, max length or None) for the named fields that have limits to check; the max length
    is given when it is the field's only rule, so a text value needs no more than its length checked."""
    from django.core.validators import MaxLengthValidator

    checks = []
    for name in names:
        field = model._meta.get_field(name)
        max_length = getattr(field, "max_length", None)
        if max_length or field.validators:
            only_length = max_length and all(isinstance(v, MaxLengthValidator) and v.limit_value == max_length
                                             for v in field.validators)
            checks.append((name, field, max_length if only_length else None))
    return checks
