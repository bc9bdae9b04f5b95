"""Fixtures of the reporting tests: a 6-month round opened by province P1 (communes A and B report)."""
import datetime

import pytest
from django.utils import timezone

from danvan.reporting import services
from danvan.reporting.models import PeriodicReport, ReportingRound


def current_half() -> str:
    today = timezone.localdate()
    return f"{today.year}-H{1 if today.month <= 6 else 2}"


def let_deadline_pass(round_: ReportingRound, days: int = 1) -> None:
    """Time passes: the deadline is now behind us (a deadline cannot be opened in the past)."""
    ReportingRound.objects.filter(pk=round_.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=days))
    round_.refresh_from_db()


@pytest.fixture
def half_year():
    return current_half()


@pytest.fixture
def p1_round(world, half_year):
    """Province P1 asks its communes for the 6-month report, due today."""
    return services.open_round(world.p1, half_year, timezone.localdate(), world.users.province_staff)


@pytest.fixture
def report_a(world, p1_round):
    return PeriodicReport.objects.get(round=p1_round, unit=world.a)


@pytest.fixture
def report_b(world, p1_round):
    return PeriodicReport.objects.get(round=p1_round, unit=world.b)
