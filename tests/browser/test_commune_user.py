"""A real browser (Debian's chromium driven by Playwright) on a phone-sized screen.

A commune cadre logs in, registers an initiative with an accented title, finds it again with an
unaccented search, and a cadre of another commune cannot see it, neither in the list nor by URL.
Every page visited keeps the Content-Security-Policy: Chromium's console shows no violation (issue 9, item 15).
Screenshots go to $DANVAN_SCREENSHOTS (default: a temporary folder) for a person to look at.
"""
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from danvan.conftest import PASSWORD

CHROMIUM = os.environ.get("DANVAN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"Debian's chromium is needed at {CHROMIUM} (apt-get install chromium)"
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def shots():
    folder = Path(os.environ.get("DANVAN_SCREENSHOTS") or tempfile.mkdtemp(prefix="danvan-shots-"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_in(page, base, username, password=PASSWORD):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def watch_console(page) -> list[str]:
    """Console errors and warnings (Chromium reports every CSP violation there) and uncaught page errors."""
    seen = []
    page.on("console", lambda m: seen.append(f"{m.type}: {m.text} @ {page.url}") if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: seen.append(f"pageerror: {e} @ {page.url}"))
    return seen


def csp_violations(seen: list[str]) -> list[str]:
    return [m for m in seen if "Content Security Policy" in m or "Refused to" in m or "pageerror" in m]


@pytest.mark.django_db(transaction=True)
def test_register_find_and_scope_in_a_phone_browser(browser, live_server, world, shots):
    base = live_server.url
    external = []
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN")
    page = context.new_page()
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(base) and not r.url.startswith("data:") else None)
    console = watch_console(page)

    log_in(page, base, world.users.staff_a.username)
    assert "Tổng quan" in page.content()
    page.goto(f"{base}/initiatives/add/")
    page.screenshot(path=str(shots / "form-phone.png"), full_page=True)
    title = "Mô hình “Dân vận khéo” thắp sáng đường quê ở bản Nà Lại"
    page.fill("input[name=title]", title)
    page.select_option("select[name=field]", "economy")
    page.select_option("select[name=organization]", str(world.orgs["a"].pk))
    page.fill("input[name=start_date]", "15/03/2025")
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('thắp sáng đường quê')")
    detail_url = page.url
    assert "Đã đăng ký" in page.content()

    page.goto(f"{base}/initiatives/")
    page.fill("input[name=q]", "thap sang duong que na lai")
    page.press("input[name=q]", "Enter")
    # (Playwright's wait_for_function would eval a string in the page, which the CSP rightly refuses.)
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^1 "))
    # the phone shows the cards and hides the table: one visible link to the record
    assert page.locator("#results a:visible", has_text="thắp sáng đường quê").count() == 1
    page.screenshot(path=str(shots / "list-phone.png"), full_page=True)
    for path in ("/dashboards/", "/accounts/profile/", "/api/v1/docs/"):
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
    page.wait_for_selector(".swagger-ui .opblock")  # Swagger UI started: its script ran under the policy
    assert external == [], f"page loaded from outside: {external}"
    assert csp_violations(console) == [], console
    context.close()

    other = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = other.new_page()
    log_in(page, base, world.users.staff_b.username)
    page.goto(f"{base}/initiatives/?q=thap+sang+duong+que")
    assert "thắp sáng đường quê" not in page.content()
    response = page.goto(detail_url)
    assert response.status == 404
    other.close()


@pytest.mark.django_db(transaction=True)
def test_the_pages_keep_the_content_security_policy(browser, live_server, world, django_user_model):
    """The policy is really enforced (an inline script is refused and reported) and the admin keeps it."""
    base = live_server.url
    django_user_model.objects.create_superuser("quan-tri-he-thong", password=PASSWORD)
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    console = watch_console(page)
    log_in(page, base, "quan-tri-he-thong")
    for path in ("/", "/initiatives/", f"/initiatives/{world.records['a'].pk}/", "/admin/", "/admin/auth/user/",
                 "/admin/initiatives/initiative/"):
        response = page.goto(f"{base}{path}")
        assert response.status == 200 and "default-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
    assert csp_violations(console) == [], console
    # The check can fail: an inline script added to a page is refused, and the console says so.
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';
                             document.body.appendChild(s); }""")
    page.wait_for_timeout(0)
    assert page.evaluate("() => window.ran") is None
    assert any("Content Security Policy" in m for m in console), console
    context.close()
