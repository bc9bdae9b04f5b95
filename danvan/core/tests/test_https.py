"""HTTPS behind a TLS-terminating proxy (issue 9, item 8): the proxy's X-Forwarded-Proto counts only when the
request comes from a configured proxy; then a login POST passes CSRF, cookies are Secure, HSTS is sent.
From anyone else the same header is ignored.
"""
import pytest
from django.test import Client, RequestFactory

from danvan.conftest import PASSWORD
from danvan.core.proxies import ProxyHeadersMiddleware, client_ip

HOST = "danvan.sonoivu.gov.vn"
PROXY, STRANGER = "10.0.0.2", "203.0.113.9"


@pytest.fixture
def behind_tls(settings):
    settings.ALLOWED_HOSTS = [HOST]
    settings.CSRF_TRUSTED_ORIGINS = []  # the proxy header alone must be enough
    settings.TRUSTED_PROXIES = [PROXY]
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    return settings


def login_through(remote_addr, proto="https"):
    """GET the login page and POST it back, as a browser would, through whoever `remote_addr` is."""
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=remote_addr, HTTP_HOST=HOST)
    headers = {"HTTP_X_FORWARDED_PROTO": proto, "HTTP_X_FORWARDED_FOR": "192.0.2.50"}
    page = client.get("/login/", **headers)
    if page.status_code != 200:
        return page, client
    token = page.cookies["csrftoken"].value
    response = client.post("/login/", {"username": "bdv_a", "password": PASSWORD, "csrfmiddlewaretoken": token},
                           HTTP_ORIGIN=f"https://{HOST}", **headers)
    return response, client


def test_login_through_the_trusted_proxy_works_over_https(world, behind_tls):
    response, client = login_through(PROXY)
    assert response.status_code == 302 and response["Location"] == "/", response.status_code
    assert "_auth_user_id" in client.session
    assert response.cookies["sessionid"]["secure"] and response.cookies["csrftoken"]["secure"]
    assert response["Strict-Transport-Security"] == "max-age=31536000"


def test_the_same_header_from_anyone_else_is_ignored(world, behind_tls):
    response, client = login_through(STRANGER)
    assert response.status_code == 301 and response["Location"] == f"https://{HOST}/login/", \
        "plain HTTP, whatever the client claims: sent to https"
    assert "_auth_user_id" not in client.session


def test_without_the_redirect_a_strangers_https_claim_fails_csrf(world, behind_tls):
    behind_tls.SECURE_SSL_REDIRECT = False
    response, client = login_through(STRANGER)
    assert response.status_code == 403 and "_auth_user_id" not in client.session
    response, client = login_through(PROXY)
    assert response.status_code == 302


def test_https_origins_of_the_allowed_hosts_are_trusted_without_the_proxy_header(world, behind_tls):
    """A proxy that does not send X-Forwarded-Proto: the https origin of our own host name is still ours."""
    behind_tls.SECURE_SSL_REDIRECT = False
    behind_tls.TRUSTED_PROXIES = []
    behind_tls.CSRF_TRUSTED_ORIGINS = [f"https://{HOST}"]  # what settings.py derives from ALLOWED_HOSTS
    response, client = login_through(PROXY, proto="")
    assert response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.parametrize("remote,forwarded,expected", [
    (STRANGER, "1.2.3.4", STRANGER),
    (PROXY, "1.2.3.4", "1.2.3.4"),
    (PROXY, "6.6.6.6, 1.2.3.4", "1.2.3.4"),
    (PROXY, "1.2.3.4, 10.0.0.2", "1.2.3.4"),
    (PROXY, "", PROXY),
    (PROXY, "không-phải-địa-chỉ", PROXY),
    (PROXY, "[2001:db8::7]:4711", "2001:db8::7"),
])
def test_the_client_address(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/30"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_forwarded_headers_are_removed_unless_from_a_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    seen = {}
    middleware = ProxyHeadersMiddleware(lambda request: seen.setdefault(request.META["REMOTE_ADDR"], (
        request.is_secure(), request.META.get("HTTP_X_FORWARDED_FOR"))))
    for remote in (PROXY, STRANGER):
        middleware(RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_PROTO="https",
                                        HTTP_X_FORWARDED_FOR="192.0.2.1"))
    assert seen == {PROXY: (True, "192.0.2.1"), STRANGER: (False, None)}
