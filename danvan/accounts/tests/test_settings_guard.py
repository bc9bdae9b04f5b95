"""Outside demo mode the site refuses to start with the public demo secret key (issue 9, item 7), and the
environment turns on HTTPS, limits and timeouts (item 8); `danvan check --deploy` flags a demo key.
"""
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

import danvan.settings

SETTINGS_FILE = Path(danvan.settings.__file__)
DEMO_KEY = "danvan-demo-secret-key-change-me-in-production-0123456789"
REAL_KEY = "k3J9-rB2q_Xv7Lp0aZ8mW4tY1uN6sE5dH2gF9cV3bQ7xR0oI8lK1jM4nP6hT2yU5"
REPO = SETTINGS_FILE.parent.parent


LEFT_BY_OTHER_TESTS = ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")  # (the browser test sets the latter)


def clean_env(**env) -> dict:
    """The process environment without any DANVAN_* variable (nor what other tests set), plus `env`."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("DANVAN_") and k not in LEFT_BY_OTHER_TESTS}
    return {**base, **env}


def load_settings(**env) -> dict:
    """Run settings.py afresh with exactly these DANVAN_* variables (the others removed)."""
    saved = dict(os.environ)
    try:
        os.environ.clear()
        wanted = {"DANVAN_SECRET_KEY": REAL_KEY, **env}
        os.environ.update(clean_env(**{k: v for k, v in wanted.items() if v is not None}))
        return runpy.run_path(str(SETTINGS_FILE))
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.mark.parametrize("key", [None, "", DEMO_KEY])
def test_outside_demo_mode_the_demo_key_or_no_key_refuses_to_load(key):
    with pytest.raises(ImproperlyConfigured, match="DANVAN_SECRET_KEY"):
        load_settings(DANVAN_SECRET_KEY=key)


def test_a_real_key_loads_and_demo_mode_may_use_the_demo_key():
    assert load_settings()["SECRET_KEY"] == REAL_KEY
    demo = load_settings(DANVAN_SECRET_KEY=None, DANVAN_DEMO="1")
    assert demo["SECRET_KEY"] == DEMO_KEY and demo["DEMO_MODE"] is True


def run_danvan(*args, **env):
    return subprocess.run([sys.executable, "-m", "danvan", *args], cwd=REPO, env=clean_env(**env),
                          capture_output=True, text=True, timeout=120)


def test_the_server_commands_refuse_to_start_without_a_real_key(tmp_path):
    done = run_danvan("check", DANVAN_DATA_DIR=str(tmp_path))
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and "DANVAN_SECRET_KEY" in done.stderr
    done = run_danvan("runserver", "--noreload", "127.0.0.1:0", DANVAN_DATA_DIR=str(tmp_path),
                      DANVAN_SECRET_KEY=DEMO_KEY)
    assert done.returncode != 0 and "DANVAN_SECRET_KEY" in done.stderr


def test_check_deploy_flags_the_demo_key(tmp_path):
    done = run_danvan("check", "--deploy", DANVAN_DATA_DIR=str(tmp_path), DANVAN_DEMO="1")
    assert done.returncode != 0 and "danvan.E001" in done.stderr and "danvan.W001" in done.stderr
    done = run_danvan("check", "--deploy", DANVAN_DATA_DIR=str(tmp_path), DANVAN_SECRET_KEY=REAL_KEY,
                      DANVAN_SECURE_SSL_REDIRECT="1", DANVAN_HSTS_SECONDS="31536000", DANVAN_SECURE_COOKIES="1")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "danvan.E001" not in output and "danvan.W001" not in output
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning not in output, warning


def test_danvan_demo_turns_demo_mode_on(monkeypatch):
    import django.core.management

    from danvan import cli

    seen = {}
    monkeypatch.delenv("DANVAN_DEMO", raising=False)
    monkeypatch.setattr(django.core.management, "execute_from_command_line",
                        lambda argv: seen.update(argv=argv, demo=os.environ.get("DANVAN_DEMO")))
    cli.main(["danvan", "check"])
    assert seen["demo"] is None
    cli.main(["danvan", "demo", "--no-serve"])
    assert seen == {"argv": ["danvan", "demo", "--no-serve"], "demo": "1"}


def test_https_settings_come_from_the_environment():
    default = load_settings()
    assert (default["SECURE_SSL_REDIRECT"], default["SECURE_HSTS_SECONDS"], default["SESSION_COOKIE_SECURE"]) == (
        False, 0, False)
    assert default["TRUSTED_PROXIES"] == []
    loaded = load_settings(
        DANVAN_SECURE_SSL_REDIRECT="1", DANVAN_HSTS_SECONDS="31536000", DANVAN_HSTS_INCLUDE_SUBDOMAINS="1",
        DANVAN_HSTS_PRELOAD="1", DANVAN_SECURE_COOKIES="1", DANVAN_TRUSTED_PROXIES="10.0.0.2, 10.1.0.0/16",
        DANVAN_ALLOWED_HOSTS="danvan.sonoivu.gov.vn,.sonla.gov.vn",
        DANVAN_CSRF_TRUSTED_ORIGINS="https://cong.sonla.gov.vn:8443",
    )
    assert loaded["SECURE_SSL_REDIRECT"] is True and loaded["SECURE_HSTS_SECONDS"] == 31536000
    assert loaded["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True and loaded["SECURE_HSTS_PRELOAD"] is True
    assert loaded["SESSION_COOKIE_SECURE"] is loaded["CSRF_COOKIE_SECURE"] is True
    assert loaded["TRUSTED_PROXIES"] == ["10.0.0.2", "10.1.0.0/16"]
    assert loaded["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert loaded["CSRF_TRUSTED_ORIGINS"] == [
        "https://danvan.sonoivu.gov.vn", "https://*.sonla.gov.vn", "https://cong.sonla.gov.vn:8443"]


def test_session_and_token_limits_come_from_the_environment():
    loaded = load_settings(DANVAN_SESSION_IDLE_MINUTES="45", DANVAN_SESSION_MAX_HOURS="8",
                           DANVAN_API_TOKEN_DAYS="7", DANVAN_PASSWORD_MIN_LENGTH="14")
    assert loaded["SESSION_IDLE_MINUTES"] == 45 and loaded["SESSION_MAX_HOURS"] == 8
    assert loaded["SESSION_COOKIE_AGE"] == 8 * 3600
    assert loaded["REST_KNOX"]["TOKEN_TTL"].days == 7
    length = [v for v in loaded["AUTH_PASSWORD_VALIDATORS"] if v["NAME"].endswith("MinimumLengthValidator")]
    assert length[0]["OPTIONS"]["min_length"] == 14
    with pytest.raises(ImproperlyConfigured, match="DANVAN_HSTS_SECONDS"):
        load_settings(DANVAN_HSTS_SECONDS="một năm")
    with pytest.raises(ImproperlyConfigured, match="DANVAN_TRUSTED_PROXIES"):
        load_settings(DANVAN_TRUSTED_PROXIES="10.0.0.2,nginx")
