"""Shared state in Redis when REDIS_URL is set (issue 11, item 2), and what happens when Redis is down.

With Redis: the cache is django-redis and sessions are "cached_db" (in the database and in Redis). Redis down
(REDIS_URL pointing at a closed port): the site keeps serving, sign-in works from the database, the sign-in
lockout still counts (it is in the database), /readyz says "degraded" with a 200. The tests use Redis database
15 under a key prefix of their own, and delete only their own keys.
"""
import os
import runpy
import socket
import uuid
from pathlib import Path

import pytest
import redis
from django.core.cache import cache
from django.test import Client, override_settings

import danvan.settings
from danvan.conftest import PASSWORD

SETTINGS_FILE = Path(danvan.settings.__file__)
REDIS = "redis://127.0.0.1:6379/15"


def settings_with(**env) -> dict:
    """settings.py run afresh with these variables (and a real key), as a server process would load it."""
    saved = dict(os.environ)
    try:
        os.environ.update({"DANVAN_SECRET_KEY": "redis-test-k3J9-rB2q_Xv7Lp0aZ8mW4tY1uN6sE5dH2gF9cV3bQ7x", **env})
        os.environ.pop("DANVAN_DEMO", None)
        return runpy.run_path(str(SETTINGS_FILE))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


def redis_settings(url, prefix):
    loaded = settings_with(REDIS_URL=url, DANVAN_CACHE_KEY_PREFIX=prefix)
    return override_settings(CACHES=loaded["CACHES"], SESSION_ENGINE=loaded["SESSION_ENGINE"],
                             REDIS_URL=loaded["REDIS_URL"])


def test_redis_url_switches_cache_and_sessions():
    loaded = settings_with(REDIS_URL=REDIS)
    assert loaded["CACHES"]["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert loaded["CACHES"]["default"]["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert loaded["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    plain = settings_with()
    assert plain["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert "SESSION_ENGINE" not in plain  # Django's default: sessions in the database


@pytest.fixture
def own_redis_keys():
    prefix = f"danvan-test-{uuid.uuid4().hex}"
    yield prefix
    server = redis.Redis.from_url(REDIS)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def sign_in(client):
    return client.post("/login/", {"username": "bdv_a", "password": PASSWORD})


def test_with_redis_sessions_and_cache_are_shared_in_redis(world, own_redis_keys):
    with redis_settings(REDIS, own_redis_keys):
        client = Client()
        assert sign_in(client).status_code == 302
        session_key = client.cookies["sessionid"].value
        server = redis.Redis.from_url(REDIS)
        assert any(session_key in key.decode() for key in server.scan_iter(f"{own_redis_keys}:*"))
        cache.set("dem", 41)
        assert cache.incr("dem") == 42 and server.exists(f"{own_redis_keys}:1:dem")
        # Another process would read the same session: a fresh client with the cookie is signed in.
        other = Client()
        other.cookies["sessionid"] = session_key
        assert other.get("/").status_code == 200 and other.get("/").context["user"].username == "bdv_a"
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["redis"]["status"] == "ok"
        # "Sign out everywhere" ends the session in Redis too, not only its database row.
        from danvan.accounts import tokens

        assert tokens.end_sessions(world.users.staff_a) == 1
        assert not any(session_key in key.decode() for key in server.scan_iter(f"{own_redis_keys}:*"))
        assert other.get("/").status_code == 302


def test_redis_down_the_site_serves_sign_in_works_and_the_lockout_still_counts(world):
    with redis_settings(f"redis://127.0.0.1:{closed_port()}/15", "danvan-test-down"):
        cache.set("dem", 1)  # a failed write is skipped, not an error
        assert cache.get("dem") is None
        client = Client()
        assert sign_in(client).status_code == 302  # the session is written to the database
        home = client.get("/")
        assert home.status_code == 200 and home.context["user"].username == "bdv_a"
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["status"] == "degraded" and ready.json()["redis"]["status"] == "error"
        assert ready.json()["database"]["status"] == "ok"
        # Brute force is still stopped: django-axes counts in the database.
        for n in range(5):
            Client().post("/login/", {"username": "bdv_b", "password": f"doan-{n}"})
        assert Client().post("/login/", {"username": "bdv_b", "password": PASSWORD}).status_code == 429
