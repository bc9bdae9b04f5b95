"""Password guessing is stopped: per account and per client address, on the login page, the admin's login page
and the API token endpoint alike (django-axes, counted in the database).

Issue 9, item 3: /login/ and /admin/login/ accepted any number of wrong passwords. The brute force across two
server processes is tests/test_two_processes.py.
"""
import datetime

import axes.handlers.proxy
import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from danvan.conftest import PASSWORD

LOCKED_ACCOUNT = "Tài khoản tạm khoá do nhập sai mật khẩu nhiều lần"
LOCKED_ADDRESS = "Máy của bạn tạm bị chặn đăng nhập"


def web_login(client, username, password, path="/login/", **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_the_account_is_locked_after_five_wrong_passwords(world, client, settings):
    assert settings.LOGIN_FAILURE_LIMIT == 5 and settings.LOGIN_LOCKOUT_MINUTES == 15
    for _ in range(4):
        response = web_login(client, "bdv_a", "doan-mo")
        assert response.status_code == 200 and "không đúng" in response.content.decode()
    fifth = web_login(client, "bdv_a", "doan-mo")
    assert fifth.status_code == 429
    right = web_login(client, "bdv_a", PASSWORD)
    assert right.status_code == 429 and not signed_in(right), "locked: even the right password is refused"
    text = right.content.decode()
    assert LOCKED_ACCOUNT in text and "15 phút" in text and "liên hệ quản trị" in text
    assert int(right["Retry-After"]) == 15 * 60
    # Other accounts from the same address still sign in: the address limit is higher.
    assert signed_in(web_login(Client(), "bdv_b", PASSWORD))


def test_the_admin_login_and_the_web_login_count_together(world, client):
    for path in ("/login/", "/admin/login/", "/login/", "/admin/login/", "/admin/login/"):
        web_login(client, "quantri", "doan-mo", path=path)
    for path in ("/login/", "/admin/login/"):
        response = web_login(Client(), "quantri", PASSWORD, path=path)
        assert response.status_code == 429 and LOCKED_ACCOUNT in response.content.decode(), path


def test_the_token_endpoint_is_locked_with_the_same_count(world):
    for n in range(3):
        web_login(Client(), "bdv_a", f"doan-{n}")
    api = APIClient()
    for n in range(2):
        api.post("/api/v1/auth/token/", {"username": "bdv_a", "password": f"doan-mo-{n}"}, format="json")
    response = api.post("/api/v1/auth/token/", {"username": "bdv_a", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "locked_out" and LOCKED_ACCOUNT in body["detail"] and body["wait"] == 15 * 60
    assert "token" not in body


def test_one_address_guessing_many_accounts_is_stopped(world, settings):
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 20
    guesser = Client(REMOTE_ADDR="198.51.100.20")
    for n in range(20):  # one wrong password for each of twenty names: no account reaches its own limit
        web_login(guesser, f"nguoi-dung-{n}", "doan-mo")
    response = web_login(guesser, "bdv_a", PASSWORD)
    assert response.status_code == 429 and LOCKED_ADDRESS in response.content.decode()
    assert signed_in(web_login(Client(REMOTE_ADDR="198.51.100.21"), "bdv_a", PASSWORD)), "another address is fine"


def test_a_forged_forwarded_for_does_not_make_a_new_address(world):
    guesser = Client(REMOTE_ADDR="198.51.100.30")
    for n in range(20):
        web_login(guesser, f"nguoi-dung-{n}", "doan-mo", HTTP_X_FORWARDED_FOR=f"10.0.{n}.1")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.30"}
    response = web_login(guesser, "bdv_a", PASSWORD, HTTP_X_FORWARDED_FOR="10.0.99.1")
    assert response.status_code == 429


def test_the_lock_lifts_after_the_cool_off(world, client, monkeypatch):
    for _ in range(5):
        web_login(client, "bdv_a", "doan-mo")
    assert web_login(client, "bdv_a", PASSWORD).status_code == 429
    later = timezone.now() + datetime.timedelta(minutes=16)
    monkeypatch.setattr(axes.handlers.proxy, "now", lambda: later)
    assert signed_in(web_login(client, "bdv_a", PASSWORD))


def test_an_administrator_unlocks_from_the_admin(world, client, django_user_model):
    for _ in range(5):
        web_login(Client(), "bdv_a", "doan-mo")
    admin = django_user_model.objects.create_superuser("quan-tri-he-thong", password="Mat-khau-quan-tri-2026")
    client.force_login(admin)
    page = client.get(reverse("admin:auth_user_changelist"))
    assert "Mở khoá đăng nhập" in page.content.decode()
    response = client.post(reverse("admin:auth_user_changelist"), {
        "action": "unlock_sign_in", "_selected_action": [world.users.staff_a.pk]}, follow=True)
    assert "Đã mở khoá đăng nhập cho 1 tài khoản" in response.content.decode()
    assert signed_in(web_login(Client(), "bdv_a", PASSWORD))


def test_an_administrator_unlocks_with_a_command(world):
    for _ in range(5):
        web_login(Client(), "bdv_a", "doan-mo")
    assert web_login(Client(), "bdv_a", PASSWORD).status_code == 429
    call_command("axes_reset_username", "bdv_a", verbosity=0)
    assert signed_in(web_login(Client(), "bdv_a", PASSWORD))


def test_limits_come_from_the_environment(settings):
    from danvan.accounts.tests.test_settings_guard import load_settings

    loaded = load_settings(DANVAN_LOGIN_FAILURE_LIMIT="3", DANVAN_LOGIN_ADDRESS_FAILURE_LIMIT="50",
                           DANVAN_LOGIN_LOCKOUT_MINUTES="30")
    assert loaded["AXES_FAILURE_LIMIT"] == loaded["LOGIN_FAILURE_LIMIT"] == 3
    assert loaded["LOGIN_ADDRESS_FAILURE_LIMIT"] == 50
    assert loaded["AXES_COOLOFF_TIME"] == datetime.timedelta(minutes=30)
