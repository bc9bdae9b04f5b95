"""The demo ships reporting rounds in every state, with the notifications their steps sent."""
import pytest

from danvan.generators.rounds import demo_rounds
from danvan.notifications.models import Kind, Notification
from danvan.reporting.models import PeriodicReport, ReportingRound, ReportStatus, RoundStatus
from danvan.reporting.services import overdue_reports

pytestmark = pytest.mark.django_db


def test_demo_rounds_cover_every_state_and_tell_the_people(world):
    writers = [(world.users.staff_a, world.a), (world.users.staff_b, world.b)]
    assert demo_rounds(world.p1, world.users.province_staff, writers) == 3
    assert demo_rounds(world.p1, world.users.province_staff, writers) == 0  # idempotent
    rounds = ReportingRound.objects.filter(issuing_unit=world.p1)
    assert sorted(r.status for r in rounds) == [RoundStatus.CLOSED, RoundStatus.OPEN, RoundStatus.OPEN]
    reports = PeriodicReport.objects.filter(round__in=rounds)
    assert {r.status for r in reports} == {ReportStatus.DRAFT, ReportStatus.RETURNED, ReportStatus.ACCEPTED}
    assert reports.filter(is_late=True, status=ReportStatus.RETURNED, unit=world.a).count() == 1
    assert reports.filter(is_late=False, status=ReportStatus.ACCEPTED).count() == 3
    assert overdue_reports().count() == 0  # both communes handed in the round whose deadline passed
    kinds = set(Notification.objects.filter(recipient=world.users.staff_a).values_list("kind", flat=True))
    assert {Kind.ROUND_OPENED, Kind.REPORT_RETURNED, Kind.REPORT_ACCEPTED, Kind.REMINDER} <= kinds
    assert Notification.objects.filter(recipient=world.users.province_staff, kind=Kind.REPORT_SUBMITTED).exists()
