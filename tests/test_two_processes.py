"""Brute force against two real server processes sharing one database (issue 9, item 3's proof).

Two `danvan runserver --noreload` processes serve the same file-backed SQLite database from a temporary folder,
outside demo mode (a real secret key), as two workers of one installation would. An attacker spreads wrong
passwords over both, against the web login and the API token endpoint, and forges X-Forwarded-For. The
counts are kept in the database (django-axes' attempts, the throttle's database cache), so the limits hold
for the installation as a whole, not per process:

1. five wrong passwords for one account, alternating between the servers, lock it on both;
2. the same through the API token endpoint (its own attempts count with the login page's);
3. the administrator's `danvan axes_reset_username` unlocks it for both servers;
4. the token endpoint's 10-per-minute throttle per address counts the requests of both servers together;
5. twenty failures from one address, on twenty names, with a new forged X-Forwarded-For each time, lock the
   address on both servers.

It runs twice: with the default shared state (the database) and with REDIS_URL set (issue 11, item 2: the
throttle's counts in Redis through django-redis, sessions cached_db), on Redis database 15 under a key prefix of
its own whose keys it deletes afterwards.
"""
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
import requests

REPO = Path(__file__).resolve().parent.parent
SECRET = "tests-two-processes-8Jk2mQ9xL4vR7pZ1wE5tY3uI6oP0aS2dF8gH4jK7lZ9xC1vB"
PASSWORD = "Mat-khau-that-dai-2026"
LOCKED_ACCOUNT = "Tài khoản tạm khoá do nhập sai mật khẩu nhiều lần"
LOCKED_ADDRESS = "Máy của bạn tạm bị chặn đăng nhập"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture(scope="module", params=["database", "redis"])
def installation(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-processes")
    prefix = f"danvan-test-{uuid.uuid4().hex}" if request.param == "redis" else None
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("DANVAN_") and k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(DANVAN_SECRET_KEY=SECRET, DANVAN_DATA_DIR=str(folder), DATABASE_URL=f"sqlite:///{folder}/danvan.sqlite3",
               DANVAN_ALLOWED_HOSTS="127.0.0.1", DANVAN_LOG_LEVEL="ERROR")
    env.pop("REDIS_URL", None)
    if prefix:
        env.update(REDIS_URL=REDIS, DANVAN_CACHE_KEY_PREFIX=prefix)

    def danvan(*args, **kwargs):
        return subprocess.run([sys.executable, "-m", "danvan", *args], cwd=REPO, env=env, check=True,
                              capture_output=True, text=True, timeout=180, **kwargs)

    danvan("migrate", "-v0")
    danvan("shell", "-c", "from django.contrib.auth.models import User\n"
           f"for name in ('nguoi_a', 'nguoi_b', 'nguoi_c'): User.objects.create_user(name, password='{PASSWORD}')")
    servers, logs = [], []
    try:
        for _ in range(2):
            port = free_port()
            log = (folder / f"server-{port}.log").open("w")
            logs.append(log)
            process = subprocess.Popen([sys.executable, "-m", "danvan", "runserver", "--noreload", f"127.0.0.1:{port}"],
                                       cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
            servers.append((f"http://127.0.0.1:{port}", process))
        for url, process in servers:
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, (folder / f"server-{url.rsplit(':', 1)[1]}.log").read_text()
                try:
                    if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)  # polling for start-up, not timing a limit
        assert servers[0][1].pid != servers[1][1].pid
        yield {"urls": [url for url, _ in servers], "danvan": danvan, "redis_prefix": prefix}
    finally:
        if prefix:
            server = redis.Redis.from_url(REDIS)
            for key in server.scan_iter(f"{prefix}:*"):
                server.delete(key)
        for _, process in servers:
            process.terminate()
            process.wait(timeout=20)
        for log in logs:
            log.close()


def web_login(url, username, password, forged=None):
    session = requests.Session()
    headers = {"X-Forwarded-For": forged} if forged else {}
    session.get(f"{url}/login/", headers=headers, timeout=10)
    return session.post(f"{url}/login/", data={
        "username": username, "password": password, "csrfmiddlewaretoken": session.cookies["csrftoken"],
    }, headers=headers, allow_redirects=False, timeout=10)


def token(url, username, password):
    return requests.post(f"{url}/api/v1/auth/token/", json={"username": username, "password": password}, timeout=10)


def test_limits_hold_across_two_server_processes(installation):
    first, second = installation["urls"]
    both = [first, second]

    # 1. The web login: five wrong passwords, alternating servers, lock the account on both.
    for n in range(5):
        response = web_login(both[n % 2], "nguoi_a", f"doan-{n}")
        assert response.status_code == (429 if n == 4 else 200), (n, response.status_code)
    for url in both:
        response = web_login(url, "nguoi_a", PASSWORD)
        assert response.status_code == 429 and LOCKED_ACCOUNT in response.text, url

    # 2. The API token endpoint, spread over both servers: locked after five, on both.
    for n in range(5):
        assert token(both[n % 2], "nguoi_b", f"doan-{n}").status_code == (429 if n == 4 else 400), n
    for url in both:
        response = token(url, "nguoi_b", PASSWORD)
        assert response.status_code == 429 and response.json()["code"] == "locked_out", response.text
        assert "token" not in response.json()
    # Web and API count together: nguoi_b is locked on the login page too.
    assert web_login(second, "nguoi_b", PASSWORD).status_code == 429

    # 3. The administrator unlocks nguoi_a: both servers let it in again.
    installation["danvan"]("axes_reset_username", "nguoi_a")
    for url in both:
        response = web_login(url, "nguoi_a", PASSWORD)
        assert response.status_code == 302 and response.headers["Location"] == "/", url

    # 4. The token endpoint's throttle (10 a minute per address) counts both servers' requests together:
    #    7 so far; three more, then the eleventh is refused whichever server takes it.
    for n in range(3):
        assert token(both[n % 2], f"khong-co-{n}", "doan-mo").status_code == 400
    for url in both:
        response = token(url, "nguoi_c", PASSWORD)
        assert response.status_code == 429 and response.json()["code"] == "throttled", response.text
    if installation["redis_prefix"]:  # the count the two servers shared is the one in Redis
        keys = [key.decode() for key in redis.Redis.from_url(REDIS).scan_iter(f"{installation['redis_prefix']}:*")]
        assert any("throttle_api_token" in key for key in keys), keys

    # 5. One address, many names, a forged X-Forwarded-For each time. 8 failures are on record (nguoi_b's 5,
    #    the 3 unknown names; the reset removed nguoi_a's): 12 more make the address limit of 20.
    for n in range(12):
        response = web_login(both[n % 2], f"ten-doan-{n}", "doan-mo", forged=f"10.{n}.0.1")
        assert response.status_code == (429 if n == 11 else 200), (n, response.status_code)
    for url in both:
        response = web_login(url, "nguoi_c", PASSWORD, forged="10.99.0.1")
        assert response.status_code == 429 and LOCKED_ADDRESS in response.text, url
