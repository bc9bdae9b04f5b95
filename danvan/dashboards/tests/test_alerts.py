"""Alerts list their records (with counts that match the lists) and reach the responsible users as in-app
notifications, which they read, open and mark as read."""
import datetime
import html
import re

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from danvan.dashboards import alerts
from danvan.notifications.context_processors import notifications as notifications_context
from danvan.notifications.models import Notification
from danvan.dashboards.services import responsible_users
from danvan.notifications.services import notify
from danvan.initiatives.models import Field, Initiative, Status
from danvan.initiatives.services import record_progress, register_initiative, transition, update_initiative
from danvan.reporting.models import ReportingRound
from danvan.reporting.services import open_round

TODAY = timezone.localdate()
LONG_AGO = TODAY - datetime.timedelta(days=400)


def listed(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["table"].paginator.count


@pytest.fixture
def alerting(world):
    """In commune A: one initiative stale since registration, one stale after an old progress report, one
    recently reported on, one followed by the steering member; one stale initiative in commune C."""
    def make(title, org, registered=LONG_AGO):
        return register_initiative(
            Initiative(title=title, field=Field.ECONOMY, organization=org, year=registered.year), submit=True,
            date=registered)

    a, c = world.orgs["a"], world.orgs["c"]
    never = make("Đường điện chiếu sáng ban đêm", a)
    old_report = make("Thu gom rác thải nhựa", a)
    transition(old_report, Status.IMPLEMENTING, date=LONG_AGO + datetime.timedelta(days=5))
    record_progress(old_report, text="Đã thu gom 3 tấn", date=LONG_AGO + datetime.timedelta(days=10))
    fresh = make("Sen – cá", a)
    record_progress(fresh, text="Thu hoạch vụ đầu", date=TODAY)
    followed = make("Dân vận khéo trong tiếp dân", a)
    followed.steering_member = world.users.steering_a
    update_initiative(followed, expected_version=followed.version)
    elsewhere = make("Mô hình ở Buôn Ma Thuột", c)
    return {"never": never, "old_report": old_report, "fresh": fresh, "followed": followed, "elsewhere": elsewhere}


@pytest.mark.django_db
def test_stale_and_unfollowed_alerts_count_what_their_lists_show(world, alerting, client):
    client.force_login(world.users.province_staff)
    response = client.get(reverse("dashboards:alerts"))
    by_code = {a.code: a for a in response.context["alerts"]}
    stale, unfollowed = by_code[alerts.STALE], by_code[alerts.NO_STEERING]
    # world's own initiatives (registered today) are not stale; commune C is another province
    assert {i.title for i in stale.records} == {"Đường điện chiếu sáng ban đêm", "Thu gom rác thải nhựa",
                                                "Dân vận khéo trong tiếp dân"}
    assert stale.count == 3 == listed(client, stale.url)
    assert "Dân vận khéo trong tiếp dân" not in {i.title for i in unfollowed.records}
    assert unfollowed.count == listed(client, unfollowed.url) == Initiative.objects.filter(
        province=world.p1, steering_member=None).count()
    page = response.content.decode()
    for url, n in re.findall(r'href="([^"]+)" data-n="(\d+)"', page):
        if "initiatives" in url:
            assert listed(client, html.unescape(url)) == int(n)


@pytest.mark.django_db
def test_overdue_reports_alert_links_to_the_reports_not_handed_in(world, client):
    round_ = open_round(world.p1, "2025-H1", TODAY + datetime.timedelta(days=10), world.users.province_staff)
    ReportingRound.objects.filter(pk=round_.pk).update(deadline=TODAY - datetime.timedelta(days=3))
    client.force_login(world.users.province_staff)
    overdue = {a.code: a for a in client.get(reverse("dashboards:alerts")).context["alerts"]}[alerts.OVERDUE]
    assert overdue.count == 2  # communes A and B
    (row,) = overdue.records
    assert row["count"] == 2 and client.get(row["url"]).context["shown_count"] == 2
    client.force_login(world.users.staff_a)
    overdue = {a.code: a for a in client.get(reverse("dashboards:alerts")).context["alerts"]}[alerts.OVERDUE]
    assert overdue.count == 1


@pytest.mark.django_db
def test_the_responsible_users_are_commune_and_province_staff_and_the_steering_member(world, alerting):
    users = world.users
    assert responsible_users(alerting["followed"]) == {users.staff_a.pk, users.province_staff.pk, users.steering_a.pk}
    assert responsible_users(alerting["never"]) == {users.staff_a.pk, users.province_staff.pk}
    assert responsible_users(alerting["elsewhere"]) == {users.staff_c.pk}


@pytest.mark.django_db
def test_sending_an_alert_notifies_each_responsible_user_of_their_share(world, alerting, client):
    users = world.users
    client.force_login(users.province_staff)
    response = client.post(reverse("dashboards:alerts"), {"code": alerts.STALE, "unit": world.p1.pk}, follow=True)
    assert "Đã gửi 3 thông báo" in response.content.decode()
    received = {n.recipient_id: n for n in Notification.objects.all()}
    assert set(received) == {users.staff_a.pk, users.province_staff.pk, users.steering_a.pk}
    for user_id, note in received.items():
        # the number in the title is the number of records the link lists for that user
        client.force_login(type(users.admin).objects.get(pk=user_id))
        assert int(note.title.split()[0]) == listed(client, note.url), note.title
    assert received[users.steering_a.pk].title.startswith("1 ")
    assert received[users.province_staff.pk].title.startswith("3 ")
    # sending again refreshes the unread notifications instead of piling them up
    client.force_login(users.province_staff)
    client.post(reverse("dashboards:alerts"), {"code": alerts.STALE, "unit": world.p1.pk})
    assert Notification.objects.count() == 3


@pytest.mark.django_db
def test_only_who_manages_the_unit_may_send(world, alerting, client):
    client.force_login(world.users.leader_p1)
    page = client.get(reverse("dashboards:alerts"))
    assert "Gửi thông báo" not in page.content.decode()
    response = client.post(reverse("dashboards:alerts"), {"code": alerts.STALE, "unit": world.p1.pk}, follow=True)
    assert "không có quyền" in response.content.decode() and not Notification.objects.exists()
    client.force_login(world.users.staff_a)
    assert client.post(reverse("dashboards:alerts"), {"code": alerts.STALE, "unit": world.c.pk}).status_code == 404


@pytest.mark.django_db
def test_send_alerts_command_notifies_across_the_nation(world, alerting):
    call_command("send_alerts", "--alert", alerts.STALE)
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        world.users.staff_a.pk, world.users.province_staff.pk, world.users.steering_a.pk, world.users.staff_c.pk}


@pytest.mark.django_db
def test_notifications_are_private_and_can_be_opened_and_marked_read(world, client):
    mine, _ = notify(world.users.staff_a, title="3 mô hình chưa cập nhật", url="/initiatives/?stale_before=2025-01-01")
    other, _ = notify(world.users.staff_a, title="Báo cáo quá hạn", url="/dashboards/alerts/")
    theirs, _ = notify(world.users.staff_b, title="Thông báo của xã B", url="/initiatives/")
    client.force_login(world.users.staff_a)
    page = client.get(reverse("notifications:list"))
    text = page.content.decode()
    assert "3 mô hình chưa cập nhật" in text and "Thông báo của xã B" not in text and page.context["unread"] == 2
    opened = client.get(reverse("notifications:open") + f"?id={mine.pk}")
    assert opened.status_code == 302 and opened["Location"] == mine.url
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get(reverse("notifications:open") + f"?id={theirs.pk}").status_code == 404
    client.post(reverse("notifications:list"), {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post(reverse("notifications:list"))
    other.refresh_from_db()
    assert other.read_at is not None


@pytest.mark.django_db
def test_the_bell_shows_the_unread_count(world):
    notify(world.users.staff_a, title="Một", url="/a/")
    notify(world.users.staff_a, title="Hai", url="/b/")
    request = RequestFactory().get("/")
    request.user = world.users.staff_a
    snippet = Template('{% include "notifications/_nav.html" %}').render(
        Context(notifications_context(request)))
    assert reverse("notifications:list") in snippet and ">2<" in snippet
    request.user = world.users.staff_b
    assert "badge" not in Template('{% include "notifications/_nav.html" %}').render(
        Context(notifications_context(request)))
