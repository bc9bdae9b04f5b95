"""Passwords (issue 12, item 7): a user changes their own; a forgotten one is reset by an administrator in scope
(a temporary password that must be changed at the next sign-in, or a one-time link), or by e-mail where a mail
server is configured (sent through the background queue). Every change is in the account's history.
"""
import re

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from danvan.accounts.models import Role
from danvan.conftest import PASSWORD, make_user

NEW_PASSWORD = "Đồng-lòng vì dân 2026"
TEMPORARY = "tam-thoi-Son-La-2026"


@pytest.fixture
def admin_p1(world):
    return make_user("qt_sonla", Role.ACCOUNT_ADMIN, unit=world.p1, first_name="Cầm Thị", last_name="Hoa")


def password_lines(user):
    return [e.changes_dict["password"][1] for e in LogEntry.objects.get_for_object(user).order_by("pk")
            if "password" in e.changes_dict]


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_user_changes_their_own_password(world, client):
    user = world.users.staff_a
    client.force_login(user)
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "Mật khẩu cũ" in page or "mật khẩu cũ" in page.lower()
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert password_lines(user) == ["Người dùng tự đổi mật khẩu"]
    response = client.post(reverse("accounts:password_change"), {
        "old_password": "sai-mat-khau-roi", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 200 and response.context["form"].errors["old_password"]


def test_a_temporary_password_must_be_changed_at_the_next_sign_in(world, admin_p1, client):
    target = world.users.staff_b
    client.force_login(admin_p1)
    page = client.get(reverse("accounts:account_password", args=[target.pk]))
    assert page.status_code == 200
    response = client.post(reverse("accounts:account_password", args=[target.pk]),
                           {"password1": "ngan", "password2": "ngan"})
    assert response.status_code == 200 and response.context["form"].errors  # the validators apply
    response = client.post(reverse("accounts:account_password", args=[target.pk]),
                           {"password1": TEMPORARY, "password2": TEMPORARY})
    assert response.status_code == 302
    client.logout()

    response = sign_in(client, target.username, TEMPORARY)
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home["Location"] == reverse("accounts:password_change")
    assert client.get(reverse("initiatives:initiative_list"))["Location"] == reverse("accounts:password_change")
    page = client.get(reverse("accounts:password_change"), follow=True).content.decode()
    assert "mật khẩu tạm thời" in page
    response = client.post(reverse("accounts:password_change"), {
        "old_password": TEMPORARY, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200  # free again
    client.logout()
    assert sign_in(client, target.username, NEW_PASSWORD).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert password_lines(target) == ["Quản trị viên đặt mật khẩu tạm thời", "Người dùng tự đổi mật khẩu"]
    entries = [e for e in LogEntry.objects.get_for_object(target).order_by("pk") if "password" in e.changes_dict]
    assert [e.actor for e in entries] == [admin_p1, target]


def test_an_administrator_issues_a_one_time_reset_link(world, admin_p1, client):
    target = world.users.staff_b
    client.force_login(admin_p1)
    response = client.post(reverse("accounts:account_reset_link", args=[target.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    link = re.search(r'id="reset-link".*?<code[^>]*>([^<]+)</code>', response.content.decode(), re.S).group(1)
    client.logout()

    form = client.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    response = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_complete")
    target.refresh_from_db()
    assert target.check_password(NEW_PASSWORD)
    assert not client.get(link, follow=True).context["validlink"]  # used once
    assert password_lines(target) == ["Quản trị viên cấp liên kết đặt lại mật khẩu",
                                      "Người dùng đặt lại mật khẩu qua liên kết"]
    # the account's history shows both, readable
    client.force_login(admin_p1)
    detail = client.get(reverse("accounts:account_detail", args=[target.pk])).content.decode()
    assert "Mật khẩu" in detail and "qua liên kết" in detail and "Cầm Thị Hoa" in detail


def test_another_provinces_administrator_can_neither_reset_nor_link(world, admin_p1, client):
    admin_p2 = make_user("qt_daklak", Role.ACCOUNT_ADMIN, unit=world.p2)
    client.force_login(admin_p2)
    target = world.users.staff_b
    assert client.post(reverse("accounts:account_reset_link", args=[target.pk])).status_code == 404
    assert client.post(reverse("accounts:account_password", args=[target.pk]),
                       {"password1": TEMPORARY, "password2": TEMPORARY}).status_code == 404
    target.refresh_from_db()
    assert target.check_password(PASSWORD) and password_lines(target) == []


@pytest.fixture
def queued_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://danvan.example.vn"
    return settings


def test_without_a_mail_server_the_page_says_whom_to_ask(world, queued_mail, client):
    queued_mail.EMAIL_HOST = ""
    world.users.staff_a.email = "bdv.a@example.vn"
    world.users.staff_a.save()
    page = client.get(reverse("accounts:password_reset")).content.decode()
    assert 'id="ask-administrator"' in page and 'name="email"' not in page
    client.post(reverse("accounts:password_reset"), {"email": "bdv.a@example.vn"})
    assert mail.outbox == []
    assert "Quên mật khẩu?" in client.get(reverse("login")).content.decode()


def test_a_forgotten_password_by_e_mail_goes_through_the_queue(world, queued_mail, client, django_capture_on_commit_callbacks):
    queued_mail.EMAIL_HOST = "smtp.example.vn"
    user = world.users.staff_a
    user.email = "bdv.a@example.vn"
    user.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("accounts:password_reset"), {"email": "bdv.a@example.vn"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []  # not sent by the request itself: queued when the transaction commits
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bdv.a@example.vn"] and "Đặt lại mật khẩu" in message.subject
    link = re.search(r"https://danvan\.example\.vn(/accounts/reset/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    response = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert password_lines(user) == ["Người dùng đặt lại mật khẩu qua liên kết"]
    # an unknown address says the same and sends nothing
    mail.outbox.clear()
    response = client.post(reverse("accounts:password_reset"), {"email": "khong-ai@example.vn"})
    assert response.status_code == 302 and mail.outbox == []


def test_a_temporary_password_gives_no_api_token(world, admin_p1):
    from rest_framework.test import APIClient

    from danvan.accounts import services

    services.set_temporary_password(admin_p1, world.users.staff_b, TEMPORARY)
    response = APIClient().post("/api/v1/auth/token/", {"username": "bdv_b", "password": TEMPORARY}, format="json")
    assert response.status_code == 403 and "token" not in response.json()
