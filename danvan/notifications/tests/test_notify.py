"""Sending notifications: once per key, refreshed instead of piled up, private to their recipient."""
import pytest
from django.urls import reverse

from danvan.notifications.models import Kind, Notification
from danvan.notifications.services import mark_read, notify, notify_users

pytestmark = pytest.mark.django_db


def test_a_keyed_notification_is_sent_once_even_after_it_was_read(world):
    user = world.users.staff_a
    first, created = notify(user, title="Còn 3 ngày", url="/reports/1/", kind=Kind.REMINDER, key="remind:1:3")
    assert created and first is not None
    mark_read(user)
    assert notify(user, title="Còn 3 ngày", url="/reports/1/", kind=Kind.REMINDER, key="remind:1:3") == (None, False)
    assert Notification.objects.filter(recipient=user).count() == 1


def test_an_unread_one_of_the_same_kind_and_link_is_refreshed_other_kinds_are_kept(world):
    user = world.users.staff_a
    notify(user, title="Bị trả lại", url="/reports/1/", kind=Kind.REPORT_RETURNED)
    notify(user, title="Bị trả lại lần 2", url="/reports/1/", kind=Kind.REPORT_RETURNED)
    notify(user, title="Đã tiếp nhận", url="/reports/1/", kind=Kind.REPORT_ACCEPTED)
    assert sorted(Notification.objects.filter(recipient=user).values_list("title", flat=True)) == [
        "Bị trả lại lần 2", "Đã tiếp nhận"]


def test_inactive_users_are_not_told_and_each_sees_only_their_own(world, login):
    world.users.staff_b.is_active = False
    world.users.staff_b.save()
    sent = notify_users([world.users.staff_a.pk, world.users.staff_b.pk], title="Đợt báo cáo mới", url="/reports/",
                        kind=Kind.ROUND_OPENED)
    assert sent == 1
    page = login(world.users.province_staff).get(reverse("notifications:list")).content.decode()
    assert "Đợt báo cáo mới" not in page and "Chưa có thông báo nào." in page
