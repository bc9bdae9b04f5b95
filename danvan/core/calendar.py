"""Working days in Vietnam, and deadlines counted in them.

A day is a working day unless it is a Saturday or Sunday, a public holiday of the Labour Code 2019 (art. 112:
Tết Dương lịch, 5 days of Tết Nguyên Đán, Giỗ Tổ Hùng Vương, 30/4, 1/5, 2 days of Quốc khánh, and from 2026
Ngày Văn hoá Việt Nam 24/11), a day off in lieu of a holiday falling on a weekend (art. 111), or a day the
Government swapped with a Saturday. All of that comes from python-holidays (country "VN"), which computes Tết
from the Vietnamese lunisolar calendar and knows the swapped days (the Saturday worked is a working day).
Official days the package does not know yet are added in one place, the settings `DANVAN_DAYS_OFF` and
`DANVAN_WORKING_DAYS` (lists of dates or "YYYY-MM-DD" strings).

This module is the library layer: it imports no danvan app.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CALENDAR = "calendar"
WORKING = "working"
KINDS = (CALENDAR, WORKING)
ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year, language="vi")


def _dates(name: str) -> frozenset:
    return frozenset(
        d if isinstance(d, datetime.date) else datetime.date.fromisoformat(str(d).strip())
        for d in getattr(settings, name, ()) or ()
    )


def holiday_name(day: datetime.date) -> str | None:
    """The public holiday (or extra day off) on `day`, or None."""
    if day in _dates("DANVAN_DAYS_OFF"):
        return _("Ngày nghỉ theo quyết định")
    return _public_holidays(day.year).get(day)


def is_working_day(day: datetime.date) -> bool:
    """Not a weekend, a public holiday or a day off; a Saturday swapped for a day off is a working day."""
    if day in _dates("DANVAN_DAYS_OFF"):
        return False
    if day in _dates("DANVAN_WORKING_DAYS"):
        return True
    return _public_holidays(day.year).is_working_day(day)


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `start` (the start day itself is not counted; n < 0 counts backwards).
    n == 0 is `start` if it is a working day, else the next working day."""
    step = ONE_DAY if n >= 0 else -ONE_DAY
    day, left = start, abs(n)
    if n == 0:
        while not is_working_day(day):
            day += ONE_DAY
        return day
    while left:
        day += step
        if is_working_day(day):
            left -= 1
    return day


def add_days(start: datetime.date, n: int, kind: str = CALENDAR) -> datetime.date:
    """`start` plus n calendar days, or plus n working days."""
    if kind not in KINDS:
        raise ValueError(kind)
    return start + datetime.timedelta(days=n) if kind == CALENDAR else add_working_days(start, n)


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """Working days d with a < d <= b (negative when b is before a): how many working days `b` is after `a`."""
    if b < a:
        return -working_days_between(b, a)
    count, day = 0, a
    while day < b:
        day += ONE_DAY
        count += is_working_day(day)
    return count


@dataclass(frozen=True)
class Break:
    """A run of days off that holds at least one public holiday (with the weekend around it): "Tết 14–22/02/2026"."""

    first: datetime.date
    last: datetime.date
    name: str

    def __str__(self):
        return f"{self.name} {date_range(self.first, self.last)}"


def date_range(first: datetime.date, last: datetime.date) -> str:
    """14–22/02/2026, 30/01–03/02/2025, 31/12/2025–01/01/2026 (dd/mm/yyyy, the shared part written once)."""
    if first == last:
        return f"{first:%d/%m/%Y}"
    if first.year != last.year:
        return f"{first:%d/%m/%Y}–{last:%d/%m/%Y}"
    if first.month != last.month:
        return f"{first:%d/%m}–{last:%d/%m/%Y}"
    return f"{first:%d}–{last:%d/%m/%Y}"


def _break_name(names: list[str]) -> str:
    out = []
    for name in names:
        name = name.split(" (")[0]  # "… (nghỉ bù)", "… (dự kiến)"
        if "Tết" in name and "Dương lịch" not in name:
            name = _("Tết Nguyên Đán")
        if name not in out:
            out.append(name)
    return ", ".join(out)


def breaks(after: datetime.date, until: datetime.date) -> tuple[Break, ...]:
    """The holiday breaks that touch the days after `after` up to `until` (each widened to its whole run of
    consecutive days off, e.g. Tết 2026 is 14–22/02/2026 with its two weekends)."""
    found, day = [], after + ONE_DAY
    while day <= until:
        if holiday_name(day) and is_working_day(day) is False:
            first = day
            while not is_working_day(first - ONE_DAY):
                first -= ONE_DAY
            last = day
            while not is_working_day(last + ONE_DAY):
                last += ONE_DAY
            names, d = [], first
            while d <= last:
                if holiday_name(d):
                    names.append(holiday_name(d))
                d += ONE_DAY
            found.append(Break(first, last, _break_name(names)))
            day = last
        day += ONE_DAY
    return tuple(found)


@dataclass(frozen=True)
class Deadline:
    """A due date and how it was computed, to show beside it ("10 ngày làm việc kể từ 12/02/2026 (trừ Tết …)").

    A deadline is met on its due date and past from the next day on.
    """

    due: datetime.date
    start: datetime.date | None = None
    days: int | None = None
    kind: str = WORKING
    skipped: tuple[Break, ...] = ()   # holiday breaks not counted (working days)
    rolled_from: datetime.date | None = None  # a calendar-day deadline that fell on a day off, moved on

    def is_past(self, today: datetime.date) -> bool:
        return today > self.due

    def working_days_left(self, today: datetime.date) -> int:
        """Working days from `today` to the due date (0 on the due date, negative once past)."""
        return working_days_between(today, self.due)

    def explain(self) -> str:
        if self.start is None or self.days is None:
            return _("hạn %(due)s") % {"due": f"{self.due:%d/%m/%Y}"}
        if self.kind == WORKING:
            text = ngettext("%(n)s ngày làm việc kể từ %(start)s", "%(n)s ngày làm việc kể từ %(start)s", self.days)
        else:
            text = ngettext("%(n)s ngày kể từ %(start)s", "%(n)s ngày kể từ %(start)s", self.days)
        text = text % {"n": self.days, "start": f"{self.start:%d/%m/%Y}"}
        if self.skipped:
            text += " " + _("(trừ %(breaks)s)") % {"breaks": "; ".join(str(b) for b in self.skipped)}
        if self.rolled_from is not None:
            text += " " + _("(ngày %(day)s là ngày nghỉ nên hạn là ngày làm việc tiếp theo)") % {
                "day": f"{self.rolled_from:%d/%m/%Y}"}
        return text

    def __str__(self):
        if self.start is None or self.days is None:
            return self.explain()
        return _("%(due)s (%(how)s)") % {"due": f"{self.due:%d/%m/%Y}", "how": self.explain()}


def deadline(start: datetime.date, days: int, kind: str = WORKING, *, roll: bool = False) -> Deadline:
    """The deadline `days` (calendar or working) days after `start`. With `roll`, a calendar-day deadline that
    ends on a day off ends on the next working day instead (Bộ luật Dân sự 2015, art. 148(5))."""
    due = add_days(start, days, kind)
    rolled_from = None
    if roll and kind == CALENDAR and not is_working_day(due):
        rolled_from, due = due, add_working_days(due, 0)
    skipped = breaks(start, due) if kind == WORKING else ()
    return Deadline(due=due, start=start, days=days, kind=kind, skipped=skipped, rolled_from=rolled_from)


def first_start_not_due(today: datetime.date, days: int, kind: str = WORKING, *, roll: bool = False) -> datetime.date:
    """The earliest start date whose deadline (`days` after it) is not yet past on `today`. A record whose clock
    started before this date is overdue: this turns "overdue" into one indexed comparison in a query."""
    if days < 0:
        raise ValueError(days)

    def due(start):
        return deadline(start, days, kind, roll=roll).due if roll else add_days(start, days, kind)

    if kind == CALENDAR and not roll:
        return today - datetime.timedelta(days=days)
    # due() never decreases as the start moves later: find the first start whose due date is today or later.
    lo, hi = today - datetime.timedelta(days=2 * days + 60), today
    while lo < hi:
        mid = lo + (hi - lo) // 2
        if due(mid) >= today:
            hi = mid
        else:
            lo = mid + ONE_DAY
    return lo
