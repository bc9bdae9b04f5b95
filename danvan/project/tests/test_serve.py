"""`danvan serve`, the production command (issue 11, item 1), run as a real process.

It refuses what a real installation must not run with; it starts gunicorn that answers /healthz, serves the
collected static files hashed and compressed, logs one JSON line per request; it reloads its workers on SIGHUP
and stops on SIGTERM. `danvan check --deploy` is clean with the documented settings (deploy/danvan.env).
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[3]
SECRET = "serve-test-3Jk9mQ2xL7vR4pZ8wE1tY6uI0oP5aS3dF9gH2jK8lZ4xC7vB"
DEMO_KEY = "danvan-demo-secret-key-change-me-in-production-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(folder, **env) -> dict:
    """This process's environment without any DANVAN_*, DATABASE_URL or REDIS_URL, plus `env`."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith("DANVAN_") and k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE",
                                                         "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return {**base, "DANVAN_DATA_DIR": str(folder), "DATABASE_URL": f"sqlite:///{folder}/danvan.sqlite3", **env}


def danvan(*args, env, timeout=180):
    return subprocess.run([sys.executable, "-m", "danvan", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_serve_refuses_demo_key_debug_sqlite_and_uncollected_static_files(tmp_path):
    done = danvan("serve", env=environment(tmp_path, DANVAN_SECRET_KEY=DEMO_KEY))
    assert done.returncode != 0 and "DANVAN_SECRET_KEY" in done.stderr  # the settings' own guard
    done = danvan("serve", env=environment(tmp_path, DANVAN_SECRET_KEY=DEMO_KEY, DANVAN_DEMO="1"))
    assert done.returncode != 0 and "chế độ trình diễn" in done.stderr
    done = danvan("serve", env=environment(tmp_path, DANVAN_SECRET_KEY=SECRET, DANVAN_DEBUG="1"))
    assert done.returncode != 0
    assert "DANVAN_DEBUG" in done.stderr and "SQLite" in done.stderr and "collectstatic" in done.stderr
    # Allowing SQLite lifts that refusal alone.
    done = danvan("serve", "--allow-sqlite", env=environment(tmp_path, DANVAN_SECRET_KEY=SECRET))
    assert done.returncode != 0 and "SQLite" not in done.stderr and "collectstatic" in done.stderr


def wait_for(url, process, log, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, log.read_text()
        try:
            response = requests.get(url, timeout=2)
            if response.status_code == 200:
                return response
        except requests.ConnectionError:
            pass
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.2)  # polling for start-up, not timing a limit


def booted_workers(log: Path) -> set[str]:
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    return {line["message"].rsplit(" ", 1)[-1] for line in lines if line["message"].startswith("Booting worker")}


def test_serve_answers_logs_json_reloads_on_hup_and_stops_on_term(tmp_path):
    env = environment(tmp_path, DANVAN_SECRET_KEY=SECRET, DANVAN_ALLOW_SQLITE="1", DANVAN_ALLOWED_HOSTS="127.0.0.1")
    assert danvan("migrate", "-v0", env=env).returncode == 0
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "danvan", "serve", "--collectstatic", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--threads", "2"], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        health = wait_for(f"{url}/healthz", server, log, seconds=120)
        assert health.json()["status"] == "ok" and health.headers["Server"].startswith("gunicorn")

        # Static files: hashed names in the page, compressed and cached for a year.
        page = requests.get(f"{url}/login/", timeout=10)
        assert page.status_code == 200
        stylesheet = next(part.split('"')[0] for part in page.text.split('href="/static/')[1:]
                          if part.split('"')[0].startswith("danvan/danvan."))
        assert len(stylesheet.split(".")) == 3, stylesheet  # danvan/danvan.<hash>.css
        static = requests.get(f"{url}/static/{stylesheet}", headers={"Accept-Encoding": "gzip"}, timeout=10)
        assert static.status_code == 200 and static.headers["Content-Encoding"] == "gzip"
        assert "immutable" in static.headers["Cache-Control"]

        # One JSON line per request: route, status, duration, user.
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
        access = [line for line in lines if line["logger"] == "danvan.access"]
        login = next(line for line in access if line["path"] == "/login/")
        assert login["route"] == "login/" and login["status"] == 200 and login["user_id"] is None
        assert isinstance(login["duration_ms"], (int, float)) and login["method"] == "GET"

        # SIGHUP: new workers replace the old ones, the site keeps answering.
        before = booted_workers(log)
        assert len(before) == 2
        server.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 60
        while len(booted_workers(log) - before) < 2:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)  # waiting for gunicorn to boot the new workers
        assert wait_for(f"{url}/healthz", server, log).status_code == 200

        # SIGTERM: a graceful stop, exit status 0.
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0, log.read_text()
        assert "Shutting down: Master" in log.read_text()
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{url}/healthz", timeout=2)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def documented_environment(folder) -> dict:
    """deploy/danvan.env as docs/deploy.md renders it (deploy/render.sh), with this test's folder and key."""
    rendered = subprocess.run(
        ["bash", "deploy/render.sh", "deploy/danvan.env"], cwd=REPO, check=True, capture_output=True, text=True,
        env={**os.environ, "DANVAN_SECRET_KEY": SECRET, "DANVAN_DB_PASSWORD": "0123abcd",
             "DANVAN_DATA_DIR": str(folder)}).stdout
    pairs = [line.split("=", 1) for line in rendered.splitlines() if line.strip() and not line.startswith("#")]
    return environment(folder, **dict(pairs))


def test_check_deploy_is_clean_with_the_documented_settings(tmp_path):
    env = documented_environment(tmp_path)
    assert env["DATABASE_URL"].startswith("postgres://") and env["DANVAN_SECURE_COOKIES"] == "1"
    done = danvan("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
    # Without the documented HTTPS settings it is not clean: the test can fail.
    env.pop("DANVAN_SECURE_COOKIES")
    done = danvan("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert done.returncode != 0 and "security.W012" in done.stderr
