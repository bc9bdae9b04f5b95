"""Reporting periods: month, quarter, 6 months (sơ kết), year (tổng kết), 5- and 10-year reviews."""
import calendar
import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half", _("6 tháng")
    YEAR = "year", _("Năm")
    FIVE_YEARS = "5y", _("5 năm")
    TEN_YEARS = "10y", _("10 năm")


@dataclass(frozen=True)
class Period:
    """A closed date range with its kind; `code` is what URLs and the CLI use ("2025", "2025-H1", "2025-Q3",
    "2025-07", "2016-2025")."""

    kind: str
    start: datetime.date
    end: datetime.date

    @property
    def code(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == PeriodKind.HALF_YEAR:
            return f"{self.start.year}-H{1 if self.start.month == 1 else 2}"
        if self.kind == PeriodKind.YEAR:
            return str(self.start.year)
        return f"{self.start.year}-{self.end.year}"

    @property
    def label(self) -> str:
        y = self.start.year
        if self.kind == PeriodKind.MONTH:
            return f"tháng {self.start.month:02d}/{y}"
        if self.kind == PeriodKind.QUARTER:
            return f"quý {(self.start.month - 1) // 3 + 1}/{y}"
        if self.kind == PeriodKind.HALF_YEAR:
            return f"6 tháng đầu năm {y}" if self.start.month == 1 else f"6 tháng cuối năm {y}"
        if self.kind == PeriodKind.YEAR:
            return f"năm {y}"
        return f"giai đoạn {y}–{self.end.year}"

    @property
    def display_label(self) -> str:
        """The label in the user's language, for pages (`label` stays Vietnamese for official documents)."""
        from django.utils.translation import gettext as _

        y, m = self.start.year, self.start.month
        if self.kind == PeriodKind.MONTH:
            return _("tháng %(m)02d/%(y)s") % {"m": m, "y": y}
        if self.kind == PeriodKind.QUARTER:
            return _("quý %(q)s/%(y)s") % {"q": (m - 1) // 3 + 1, "y": y}
        if self.kind == PeriodKind.HALF_YEAR:
            return (_("6 tháng đầu năm %(y)s") if m == 1 else _("6 tháng cuối năm %(y)s")) % {"y": y}
        if self.kind == PeriodKind.YEAR:
            return _("năm %(y)s") % {"y": y}
        return _("giai đoạn %(a)s–%(b)s") % {"a": y, "b": self.end.year}

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)

    def same_period_last_year(self) -> "Period":
        return Period(self.kind, _shift_year(self.start, -1), _shift_year(self.end, -1))

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


# The shape of a period code (the API schema states it); parse_period() also checks the 5- or 10-year span.
PERIOD_CODE_PATTERN = r"^[0-9]{4}(-([Hh][12]|[Qq][1-4]|0?[1-9]|1[0-2]|[0-9]{4}))?$"
PERIOD_CODE_HELP = "Ví dụ: 2025, 2025-H1 (6 tháng), 2025-Q3, 2025-07, 2016-2025 (5 hoặc 10 năm)."


def _shift_year(day: datetime.date, delta: int) -> datetime.date:
    try:
        return day.replace(year=day.year + delta)
    except ValueError:  # 29 February
        return day.replace(year=day.year + delta, day=28)


def parse_period(code: str) -> Period:
    """"2025" | "2025-H1" | "2025-Q3" | "2025-07" | "2016-2025" -> Period; ValueError with a Vietnamese message."""
    text = (code or "").strip().upper()
    try:
        if text.isdigit() and len(text) == 4:
            y = int(text)
            return Period(PeriodKind.YEAR, datetime.date(y, 1, 1), datetime.date(y, 12, 31))
        head, _sep, tail = text.partition("-")
        y = int(head)
        if tail.startswith("H") and tail[1:] in ("1", "2"):
            h = int(tail[1:])
            return Period(PeriodKind.HALF_YEAR, datetime.date(y, 1 if h == 1 else 7, 1),
                          datetime.date(y, 6, 30) if h == 1 else datetime.date(y, 12, 31))
        if tail.startswith("Q") and tail[1:] in ("1", "2", "3", "4"):
            q = int(tail[1:])
            end_month = q * 3
            return Period(PeriodKind.QUARTER, datetime.date(y, end_month - 2, 1),
                          datetime.date(y, end_month, calendar.monthrange(y, end_month)[1]))
        if tail.isdigit() and len(tail) <= 2 and 1 <= int(tail) <= 12:
            m = int(tail)
            return Period(PeriodKind.MONTH, datetime.date(y, m, 1), datetime.date(y, m, calendar.monthrange(y, m)[1]))
        if tail.isdigit() and len(tail) == 4:
            y2 = int(tail)
            span = y2 - y + 1
            if span in (5, 10):
                kind = PeriodKind.FIVE_YEARS if span == 5 else PeriodKind.TEN_YEARS
                return Period(kind, datetime.date(y, 1, 1), datetime.date(y2, 12, 31))
    except ValueError:
        pass
    raise ValueError(f"Kỳ báo cáo không hợp lệ: “{code}”. {PERIOD_CODE_HELP}")


def period_options(today: datetime.date | None = None, years: int = 10) -> list:
    """The periods a user picks from (grouped for a <select>; the code is the value, newest first): the last
    `years` years, the halves, quarters and months of this year and last year, and the 5- and 10-year reviews
    ending this year or last year. Periods that have not started yet are left out."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    today = today or timezone.localdate()
    recent = [today.year, today.year - 1]
    groups = [
        (_("Năm"), [str(y) for y in range(today.year, today.year - years, -1)]),
        (_("6 tháng"), [f"{y}-H{h}" for y in recent for h in (2, 1)]),
        (_("Quý"), [f"{y}-Q{q}" for y in recent for q in (4, 3, 2, 1)]),
        (_("Tháng"), [f"{y}-{m:02d}" for y in recent for m in range(12, 0, -1)]),
        (_("Sơ kết, tổng kết nhiều năm"), [f"{y - 4}-{y}" for y in recent] + [f"{y - 9}-{y}" for y in recent]),
    ]
    choices = []
    for label, codes in groups:
        periods = [parse_period(code) for code in codes]
        choices.append((label, [(p.code, upper_first(p.display_label)) for p in periods if p.start <= today]))
    return choices


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
