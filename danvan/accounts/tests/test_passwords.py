"""Passwords a government system accepts (issue 9, item 3): Django's validators, 12 characters at least;
the demo's published passwords sign in only in demo mode.
"""
import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from danvan.conftest import PASSWORD
from danvan.generators.demo import ADMIN_PASSWORD, DEMO_PASSWORD


@pytest.mark.parametrize("weak", ["danvan123", "83920174", "123456789012", "password1234", "bdv_a_2025",
                                  "matkhau"])
def test_weak_passwords_are_refused(world, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, user=world.users.staff_a)


@pytest.mark.parametrize("good", [PASSWORD, "Đồng-lòng vì dân 2026", "ca-phe-son-la-ngon-nhat"])
def test_long_uncommon_passwords_are_accepted(world, good):
    validate_password(good, user=world.users.staff_a)


def test_the_password_change_page_refuses_a_weak_password(world, client):
    client.force_login(world.users.staff_a)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "danvan123", "new_password2": "danvan123"})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["new_password2"])
    assert "12" in errors, errors
    world.users.staff_a.refresh_from_db()
    assert world.users.staff_a.check_password(PASSWORD)


@pytest.fixture
def demo_accounts(django_user_model):
    admin = django_user_model.objects.create_superuser("admin", password=ADMIN_PASSWORD)
    cadre = django_user_model.objects.create_user("bdv.xa", password=DEMO_PASSWORD)
    return admin, cadre


def signs_in(username, password) -> bool:
    web = Client().post("/login/", {"username": username, "password": password})
    api = APIClient().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")
    assert (web.status_code == 302) == (api.status_code == 200), (web.status_code, api.status_code)
    return web.status_code == 302


def test_demo_passwords_sign_in_only_in_demo_mode(db, demo_accounts, settings):
    assert settings.DEMO_MODE  # the test suite runs as the demo does
    assert signs_in("admin", ADMIN_PASSWORD) and signs_in("bdv.xa", DEMO_PASSWORD)
    settings.DEMO_MODE = False
    assert not signs_in("admin", ADMIN_PASSWORD) and not signs_in("bdv.xa", DEMO_PASSWORD)
    request = RequestFactory().post("/login/")
    assert authenticate(request, username="admin", password=ADMIN_PASSWORD) is None


def test_outside_demo_mode_other_passwords_still_work(world, settings):
    settings.DEMO_MODE = False
    assert signs_in("bdv_a", PASSWORD)
