"""Sessions end after an idle time and after an absolute lifetime (issue 9, item 9: they lasted 14 days).

The clock the limits read (`accounts.sessions.now`) is moved; nothing sleeps.
"""
import pytest
from django.urls import reverse

from danvan.accounts import sessions
from danvan.conftest import PASSWORD

MINUTE, HOUR = 60, 3600


@pytest.fixture
def clock(monkeypatch):
    state = {"t": 1_800_000_000.0}
    monkeypatch.setattr(sessions, "now", lambda: state["t"])

    def advance(seconds):
        state["t"] += seconds

    return advance


def sign_in(client):
    response = client.post("/login/", {"username": "bdv_a", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    return client


def still_signed_in(client) -> bool:
    response = client.get(reverse("accounts:profile"))
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_the_defaults(settings):
    assert settings.SESSION_IDLE_MINUTES == 30 and settings.SESSION_MAX_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 12 * HOUR


def test_a_session_ends_after_thirty_idle_minutes(world, client, clock):
    sign_in(client)
    clock(29 * MINUTE)
    assert still_signed_in(client)
    clock(29 * MINUTE)  # 29 minutes after the last request: still fine
    assert still_signed_in(client)
    clock(31 * MINUTE)
    response = client.get(reverse("accounts:profile"), follow=True)
    assert response.redirect_chain[0][0].startswith("/login/")
    assert "hết hạn sau 30 phút không thao tác" in response.content.decode()
    assert not still_signed_in(client)


def test_a_busy_session_still_ends_after_twelve_hours(world, client, clock):
    sign_in(client)
    for _ in range(12 * 3 - 1):  # a request every 20 minutes for 11 h 40 min
        clock(20 * MINUTE)
        assert still_signed_in(client)
    clock(21 * MINUTE)
    response = client.get(reverse("accounts:profile"), follow=True)
    assert "quá 12 giờ" in response.content.decode()
    assert not still_signed_in(client)


def test_limits_follow_the_settings(world, client, clock, settings):
    settings.SESSION_IDLE_MINUTES = 5
    sign_in(client)
    clock(4 * MINUTE)
    assert still_signed_in(client)
    clock(6 * MINUTE)
    assert not still_signed_in(client)


def test_the_api_with_a_session_is_limited_too(world, client, clock):
    sign_in(client)
    assert client.get("/api/v1/initiatives/").status_code == 200
    clock(31 * MINUTE)
    assert client.get("/api/v1/initiatives/").status_code in (401, 403)


def test_last_seen_is_written_at_most_once_a_minute(world, client, clock):
    sign_in(client)
    first = client.session[sessions.LAST_SEEN_AT]
    clock(30)
    client.get(reverse("accounts:profile"))
    assert client.session[sessions.LAST_SEEN_AT] == first
    clock(40)
    client.get(reverse("accounts:profile"))
    assert client.session[sessions.LAST_SEEN_AT] == first + 70
