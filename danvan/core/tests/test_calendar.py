"""Working days in Vietnam (core.calendar): Tết from the lunisolar calendar, the Labour Code's 5 days of Tết,
swapped days, extra days off from the settings, and deadlines counted across a Tết break."""
import ast
import datetime
from pathlib import Path

import pytest

from danvan.core import calendar

D = datetime.date


@pytest.mark.parametrize("new_year, eve", [
    (D(2025, 1, 29), D(2025, 1, 28)),   # Tết Ất Tỵ
    (D(2026, 2, 17), D(2026, 2, 16)),   # Tết Bính Ngọ
    (D(2027, 2, 6), D(2027, 2, 5)),     # Tết Đinh Mùi
])
def test_tet_falls_on_the_official_lunar_new_year(new_year, eve):
    assert calendar.holiday_name(new_year) == "Tết Nguyên Đán"
    assert "Giao thừa" in calendar.holiday_name(eve)
    assert not calendar.is_working_day(new_year) and not calendar.is_working_day(eve)


@pytest.mark.parametrize("year", range(2025, 2031))
def test_the_tet_break_takes_five_working_days_as_the_labour_code_gives(year):
    """Labour Code 2019 art. 112: 5 days of Tết; one falling on a weekend is given back on a working day."""
    (tet,) = calendar.breaks(D(year, 1, 15), D(year, 2, 25))  # Tết lies between 21/01 and 20/02
    days = [tet.first + datetime.timedelta(days=i) for i in range((tet.last - tet.first).days + 1)]
    assert sum(d.weekday() < 5 for d in days) == 5
    assert tet.name == "Tết Nguyên Đán"


@pytest.mark.parametrize("year, first, last", [
    (2025, D(2025, 1, 25), D(2025, 2, 2)),   # the Government's 2025 break: 9 days, 27–31/01 off
    (2026, D(2026, 2, 14), D(2026, 2, 22)),  # 2026: 9 days, 16–20/02 off
])
def test_the_whole_break_is_found_with_its_weekends(year, first, last):
    (tet,) = calendar.breaks(D(year, 1, 15), D(year, 2, 25))
    assert (tet.first, tet.last) == (first, last)


def test_the_other_public_holidays_and_the_days_given_back():
    assert calendar.holiday_name(D(2026, 4, 26)) == "Ngày Giỗ Tổ Hùng Vương"   # 10/3 lunar, a Sunday…
    assert not calendar.is_working_day(D(2026, 4, 27))                          # …given back on Monday
    assert not calendar.is_working_day(D(2026, 9, 1)) and not calendar.is_working_day(D(2026, 9, 2))
    assert not calendar.is_working_day(D(2026, 11, 24))                         # Ngày Văn hoá Việt Nam
    assert calendar.is_working_day(D(2026, 11, 23))


def test_a_saturday_worked_in_exchange_for_a_day_off_is_a_working_day():
    assert not calendar.is_working_day(D(2025, 5, 2)) and calendar.is_working_day(D(2025, 4, 26))
    assert not calendar.is_working_day(D(2026, 8, 31)) and calendar.is_working_day(D(2026, 8, 22))
    assert not calendar.is_working_day(D(2026, 8, 29))  # an ordinary Saturday


def test_extra_days_off_and_working_days_come_from_the_settings(settings):
    assert calendar.is_working_day(D(2026, 3, 9)) and not calendar.is_working_day(D(2026, 3, 7))
    settings.DANVAN_DAYS_OFF = ["2026-03-09"]
    settings.DANVAN_WORKING_DAYS = [D(2026, 3, 7)]
    assert not calendar.is_working_day(D(2026, 3, 9)) and calendar.is_working_day(D(2026, 3, 7))
    assert calendar.holiday_name(D(2026, 3, 9))
    assert calendar.add_working_days(D(2026, 3, 6), 2) == D(2026, 3, 10)  # Sat 7 counts, Mon 9 does not


def test_ten_working_days_from_just_before_tet_2026_land_after_the_break():
    # Thursday 12/02/2026: Friday 13 is day 1, then 14–22/02 is Tết, then 23/02 … 05/03 are days 2–10.
    assert calendar.add_working_days(D(2026, 2, 12), 10) == D(2026, 3, 5)
    assert calendar.add_days(D(2026, 2, 12), 10, calendar.CALENDAR) == D(2026, 2, 22)
    assert calendar.add_days(D(2026, 2, 12), 10, calendar.WORKING) == D(2026, 3, 5)
    assert calendar.working_days_between(D(2026, 2, 12), D(2026, 3, 5)) == 10
    assert calendar.working_days_between(D(2026, 3, 5), D(2026, 2, 12)) == -10
    assert calendar.add_working_days(D(2026, 3, 5), -10) == D(2026, 2, 12)
    assert calendar.add_working_days(D(2026, 2, 14), 0) == D(2026, 2, 23)  # day 0 in Tết: the next working day
    with pytest.raises(ValueError):
        calendar.add_days(D(2026, 2, 12), 1, "fortnights")


def test_a_deadline_says_how_it_was_counted():
    due = calendar.deadline(D(2026, 2, 12), 10)
    assert due.due == D(2026, 3, 5) and [(b.first, b.last) for b in due.skipped] == [(D(2026, 2, 14), D(2026, 2, 22))]
    assert str(due) == "05/03/2026 (10 ngày làm việc kể từ 12/02/2026 (trừ Tết Nguyên Đán 14–22/02/2026))"
    assert not due.is_past(D(2026, 3, 5)) and due.is_past(D(2026, 3, 6))
    assert due.working_days_left(D(2026, 2, 13)) == 9
    assert str(calendar.Deadline(due=D(2025, 7, 15))) == "hạn 15/07/2025"
    assert calendar.date_range(D(2025, 1, 30), D(2025, 2, 3)) == "30/01–03/02/2025"
    assert calendar.date_range(D(2025, 12, 31), D(2026, 1, 1)) == "31/12/2025–01/01/2026"


def test_a_calendar_day_deadline_ending_on_a_day_off_ends_on_the_next_working_day():
    """Bộ luật Dân sự 2015, art. 148(5), when asked (`roll`)."""
    plain = calendar.deadline(D(2026, 2, 10), 10, calendar.CALENDAR)
    assert plain.due == D(2026, 2, 20) and plain.rolled_from is None and not plain.skipped
    rolled = calendar.deadline(D(2026, 2, 10), 10, calendar.CALENDAR, roll=True)
    assert rolled.due == D(2026, 2, 23) and rolled.rolled_from == D(2026, 2, 20)
    assert "20/02/2026 là ngày nghỉ" in str(rolled)


@pytest.mark.parametrize("days, kind, roll", [
    (10, calendar.WORKING, False), (0, calendar.WORKING, False), (5, calendar.CALENDAR, True),
    (30, calendar.CALENDAR, False), (45, calendar.WORKING, False),
])
def test_the_overdue_cutoff_agrees_with_the_deadline_of_every_start(days, kind, roll):
    """`first_start_not_due` turns "overdue on a day" into one comparison; it must agree with the deadline itself,
    across Tết 2026 and the 30/4–1/5 break."""
    for today in (D(2026, 2, 13), D(2026, 2, 23), D(2026, 3, 6), D(2026, 5, 4)):
        cutoff = calendar.first_start_not_due(today, days, kind, roll=roll)
        for offset in range(0, 3 * days + 40):
            start = today - datetime.timedelta(days=offset)
            assert (start < cutoff) == calendar.deadline(start, days, kind, roll=roll).is_past(today), (today, start)


def test_the_calendar_is_the_library_layer_and_imports_no_app():
    for name in ("calendar.py", "workflow.py"):
        tree = ast.parse((Path(calendar.__file__).parent / name).read_text())
        modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert {m for m in modules if m.startswith("danvan")} <= {"danvan.core", "danvan.core.calendar",
                                                                  "danvan.core.exceptions", "danvan.core.services"}
