"""API tokens: stored as a digest (never the token), shown once, expiring, revoked with the password.

Issue 9, item 9: tokens never expired, survived a password change and sat in plain text in the database
and in every backup.
"""
import datetime
from types import SimpleNamespace

import knox.auth
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient

from danvan.accounts import tokens
from danvan.conftest import PASSWORD

TOKEN_URL = "/api/v1/auth/token/"
NEW_PASSWORD = "Mật-khẩu-mới-2026-dài"


class FastPBKDF2(PBKDF2PasswordHasher):
    """A newer hasher than the suite's MD5, cheap enough for a test: signing in re-hashes the password."""
    iterations = 1000


def get_token(username="bdv_a", password=PASSWORD):
    response = APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def api(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def works(token) -> bool:
    status = api(token).get("/api/v1/initiatives/").status_code
    assert status in (200, 401), status
    return status == 200


def test_the_database_keeps_a_digest_never_the_token(world):
    token = get_token()["token"]
    row = AuthToken.objects.get(user=world.users.staff_a)
    assert row.digest == hash_token(token) and row.digest != token
    assert len(row.token_key) == 15 and token.startswith(row.token_key) and len(token) == 64
    with connection.cursor() as cursor:  # no column of the table holds the token
        cursor.execute(f"SELECT * FROM {AuthToken._meta.db_table}")
        assert not any(token in str(value) for row in cursor.fetchall() for value in row)


def test_a_token_expires_after_the_configured_days(world, monkeypatch, settings):
    import django.utils.timezone

    issued = timezone.now().replace(microsecond=0)
    with monkeypatch.context() as frozen:  # the clock stands still while the token is issued: exact dates
        frozen.setattr(django.utils.timezone, "now", lambda: issued)
        body = get_token()
    created, expiry = (datetime.datetime.fromisoformat(body[k].replace("Z", "+00:00")) for k in ("created", "expiry"))
    assert settings.API_TOKEN_DAYS == 30
    assert (created, expiry) == (issued, issued + datetime.timedelta(days=30))
    assert works(body["token"])
    later = timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS, minutes=1)
    monkeypatch.setattr(knox.auth, "timezone", SimpleNamespace(now=lambda: later))
    assert not works(body["token"])
    assert not AuthToken.objects.exists(), "an expired token is deleted when it is presented"


def test_the_profile_page_shows_a_new_token_once(world, client):
    client.force_login(world.users.staff_a)
    created = client.post(reverse("accounts:profile"), {"action": "create"})
    assert created.status_code == 200 and created["Cache-Control"] == "no-store"
    token = created.context["new_token"]
    assert token in created.content.decode() and works(token)
    again = client.get(reverse("accounts:profile")).content.decode()
    assert token not in again, "shown once: the page cannot show it again"
    assert token[:8] in again  # the list names it by its first characters
    revoke = client.post(reverse("accounts:profile"), {"action": "revoke", "token": token[:15]})
    assert revoke.status_code == 302 and not works(token)


def test_a_user_keeps_a_bounded_number_of_tokens(world, settings):
    settings.API_TOKENS_PER_USER = 3
    made = [tokens.issue(world.users.staff_a)[1] for _ in range(4)]
    assert AuthToken.objects.filter(user=world.users.staff_a).count() == 3
    assert [works(t) for t in made] == [False, True, True, True], "the oldest goes first"


def test_changing_the_password_revokes_every_token(world):
    first, second = get_token()["token"], get_token()["token"]
    other = get_token("bdv_b")["token"]
    user = world.users.staff_a
    user.set_password(NEW_PASSWORD)
    user.save()
    assert not works(first) and not works(second)
    assert works(other), "only the user whose password changed"


def test_changing_the_password_on_the_page_revokes_tokens_and_other_sessions(world, client, django_user_model):
    token = get_token()["token"]
    elsewhere = APIClient()
    elsewhere.force_login(world.users.staff_a)
    assert elsewhere.get(reverse("accounts:profile")).status_code == 200
    client.force_login(world.users.staff_a)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert not works(token)
    assert elsewhere.get(reverse("accounts:profile")).status_code == 302, "the other session is over"
    assert client.get(reverse("accounts:profile")).status_code == 200, "this one continues"


def test_making_the_password_unusable_revokes_tokens(world):
    token = get_token()["token"]
    user = world.users.staff_a
    user.set_unusable_password()
    user.save()
    assert not works(token)


def test_signing_in_again_with_a_rehashed_password_keeps_tokens(world, settings):
    token = get_token()["token"]
    settings.PASSWORD_HASHERS = [f"{__name__}.FastPBKDF2", "django.contrib.auth.hashers.MD5PasswordHasher"]
    before = type(world.users.staff_a).objects.get(pk=world.users.staff_a.pk).password
    get_token()  # Django upgrades the stored hash on this sign-in: not a password change
    after = type(world.users.staff_a).objects.get(pk=world.users.staff_a.pk).password
    assert before.startswith("md5$") and after.startswith("pbkdf2_sha256$")
    assert works(token)


def test_delete_revokes_the_token_used_or_all_of_them(world):
    first, second, third = (get_token()["token"] for _ in range(3))
    assert api(first).delete(TOKEN_URL).status_code == 204
    assert not works(first) and works(second) and works(third)
    assert api(second).delete(TOKEN_URL + "?all=true").status_code == 204
    assert not works(second) and not works(third)


def test_signing_out_everywhere_ends_tokens_and_sessions(world, client):
    token = get_token()["token"]
    elsewhere = APIClient()
    elsewhere.force_login(world.users.staff_a)
    bystander = APIClient()
    bystander.force_login(world.users.staff_b)
    client.force_login(world.users.staff_a)
    response = client.post(reverse("accounts:profile"), {"action": "logout_all"})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert not works(token)
    assert elsewhere.get(reverse("accounts:profile")).status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert bystander.get(reverse("accounts:profile")).status_code == 200
