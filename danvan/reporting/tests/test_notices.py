"""Nobody is left untold: opening a round, handing in, returning and accepting a report notify the people the
work goes to; reminders come before the deadline and on the day it is missed, once each."""
import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from danvan.notifications.models import Kind, Notification
from danvan.reporting import services
from danvan.reporting.models import PeriodicReport, ReportingRound
from danvan.reporting.tests.conftest import let_deadline_pass

pytestmark = pytest.mark.django_db


def _notes(user, kind=None):
    qs = Notification.objects.filter(recipient=user)
    return list(qs.filter(kind=kind) if kind else qs)


def _write_and_submit(report, user):
    report.results = "Các mô hình được triển khai đều khắp."
    report = services.update_narrative(report, user=user, expected_version=report.version)
    return services.submit(report, user=user, expected_version=report.version)


def test_opening_a_round_tells_each_commune_of_its_own_report_and_deadline(world, p1_round, report_a, report_b):
    (note_a,) = _notes(world.users.staff_a, Kind.ROUND_OPENED)
    (note_b,) = _notes(world.users.staff_b, Kind.ROUND_OPENED)
    assert note_a.url == report_a.get_absolute_url() and note_b.url == report_b.get_absolute_url()
    assert p1_round.deadline.strftime("%d/%m/%Y") in note_a.body and "Tỉnh Sơn La" in note_a.body
    # the other province's commune, the leader and the province itself are not asked for a report
    for user in (world.users.staff_c, world.users.leader_p1, world.users.province_staff):
        assert not _notes(user, Kind.ROUND_OPENED)


def test_submit_return_resubmit_accept_each_tell_the_other_side(world, report_a):
    staff_a, province = world.users.staff_a, world.users.province_staff
    report = _write_and_submit(report_a, staff_a)
    (submitted,) = _notes(province, Kind.REPORT_SUBMITTED)
    assert "Xã Phổng Lái Mới đã nộp báo cáo" in submitted.title and submitted.url == report.get_absolute_url()
    assert not _notes(world.users.staff_b, Kind.REPORT_SUBMITTED)

    province.first_name, province.last_name = "Lê Thị", "Hoa"
    province.save()
    report = services.return_with_comment(report, province, report.version, "Bổ sung số liệu kinh phí.")
    (returned,) = _notes(staff_a, Kind.REPORT_RETURNED)
    assert "Bổ sung số liệu kinh phí." in returned.body and "Lê Thị Hoa" in returned.body
    assert not _notes(world.users.staff_b, Kind.REPORT_RETURNED)

    report = services.submit(report, staff_a, report.version)
    titles = [n.title for n in _notes(province, Kind.REPORT_SUBMITTED)]
    assert any("nộp lại báo cáo sau khi sửa" in t for t in titles)

    services.accept(report, province, report.version)
    (accepted,) = _notes(staff_a, Kind.REPORT_ACCEPTED)
    assert accepted.url == report.get_absolute_url()


def test_a_commune_sees_only_its_own_notifications_and_the_bell_counts_them(world, p1_round, login):
    client = login(world.users.staff_a)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Đợt báo cáo mới" in page and "Xã Mường Bú" not in page
    home = client.get("/").content.decode()
    assert reverse("notifications:list") in home and ">1<" in home.replace(" ", "")
    theirs = _notes(world.users.staff_b)[0]
    assert client.get(reverse("notifications:open") + f"?id={theirs.pk}").status_code == 404


def test_notifications_are_emailed_through_the_queue_only_when_mail_is_configured(
        world, half_year, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world.users.staff_a.email = "bdv.a@example.vn"
    world.users.staff_a.save()
    settings.EMAIL_HOST = ""
    with django_capture_on_commit_callbacks(execute=True):
        services.open_round(world.p1, half_year, timezone.localdate(), world.users.province_staff)
    assert mail.outbox == []
    ReportingRound.objects.all().delete()
    settings.EMAIL_HOST = "smtp.example.vn"
    with django_capture_on_commit_callbacks(execute=True):
        services.open_round(world.p1, half_year, timezone.localdate(), world.users.province_staff)
    assert [m.to for m in mail.outbox] == [["bdv.a@example.vn"]]  # staff_b has no address
    assert "Đợt báo cáo mới" in mail.outbox[0].subject
    assert Notification.objects.filter(recipient=world.users.staff_a, emailed_at__isnull=False).count() == 1


def test_reminders_come_3_and_1_days_before_and_on_the_missed_day_once_each(world, half_year, settings):
    settings.REPORT_REMINDER_DAYS = [3, 1]
    today = timezone.localdate()
    round_ = services.open_round(world.p1, half_year, today + datetime.timedelta(days=5), world.users.province_staff)
    report_b = PeriodicReport.objects.get(round=round_, unit=world.b)
    _write_and_submit(report_b, world.users.staff_b)  # B handed in: never reminded

    def reminders():
        return [n.title for n in _notes(world.users.staff_a, Kind.REMINDER)]

    services.send_reminders(today)  # 5 days left: nothing yet
    assert reminders() == []
    services.send_reminders(today + datetime.timedelta(days=2))  # 3 days left
    services.send_reminders(today + datetime.timedelta(days=2))  # again the same day: nothing new
    assert reminders() == ["Còn 3 ngày đến hạn nộp báo cáo: " + round_.title]
    call_command("remind", "--date", str(today + datetime.timedelta(days=4)))  # 1 day left
    call_command("remind", "--date", str(today + datetime.timedelta(days=5)))  # deadline day: already told
    assert len(reminders()) == 2 and "Còn 1 ngày" in reminders()[0]
    let_deadline_pass(round_)
    assert services.send_reminders() == 1 and services.send_reminders() == 0
    assert "Đã quá hạn nộp báo cáo" in reminders()[0]
    assert not _notes(world.users.staff_b, Kind.REMINDER)


def test_the_round_page_reminds_who_has_not_handed_in_for_who_manages_the_round(world, p1_round, report_b, login):
    _write_and_submit(report_b, world.users.staff_b)
    url = p1_round.get_absolute_url()
    # a commune and the read-only leader see no button and cannot press it
    for user in (world.users.staff_a, world.users.leader_p1):
        client = login(user)
        assert "Nhắc các đơn vị chưa nộp" not in client.get(url).content.decode()
        client.post(reverse("reporting:round_remind", args=[p1_round.pk]))
    assert not Notification.objects.filter(kind=Kind.REMINDER).exists()
    client = login(world.users.province_staff)
    assert "Nhắc các đơn vị chưa nộp" in client.get(url).content.decode()
    page = client.post(reverse("reporting:round_remind", args=[p1_round.pk]), follow=True).content.decode()
    assert "Đã nhắc 1 đơn vị" in page
    assert len(_notes(world.users.staff_a, Kind.REMINDER)) == 1 and not _notes(world.users.staff_b, Kind.REMINDER)
    page = client.post(reverse("reporting:round_remind", args=[p1_round.pk]), follow=True).content.decode()
    assert "đã nhắc hôm nay" in page and len(_notes(world.users.staff_a, Kind.REMINDER)) == 1
