"""Content-Security-Policy (issue 9, item 15): every page is sent with a policy that allows this site's own
files only, and the pages keep it: no inline script, no on…= handler, no style attribute, no javascript: link.
The browser test (tests/browser) checks the same in Chromium: no CSP violation in the console.
"""
import re
from pathlib import Path

import pytest
from django.urls import reverse

import danvan

SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.I)
INLINE_OK = re.compile(r'\btype="application/json"|\bsrc=', re.I)


def inline_problems(html: str) -> list[str]:
    problems = [f"inline <script{attrs}>" for attrs in SCRIPT.findall(html) if not INLINE_OK.search(attrs)]
    problems += [f"handler: {m.group(0)[:80]}" for m in HANDLER.finditer(html)]
    problems += [f"style attribute: {m.group(0)[:80]}" for m in STYLE_ATTRIBUTE.finditer(html)]
    problems += ["<style> element"] * len(re.findall(r"<style\b", html, re.I))
    problems += ["javascript: URL"] * len(re.findall(r"javascript:", html, re.I))
    return problems


def test_no_template_of_ours_has_inline_script_or_style():
    root = Path(danvan.__file__).parent
    found = {}
    for template in root.rglob("templates/**/*.html"):
        problems = inline_problems(template.read_text(encoding="utf-8"))
        if problems:
            found[str(template.relative_to(root))] = problems
    assert not found, found


@pytest.fixture
def pages(world):
    initiative = world.records["a"]
    return [
        reverse("home"), reverse("initiatives:initiative_list"), reverse("initiatives:initiative_add"),
        initiative.get_absolute_url(), reverse("dashboards:home"), reverse("accounts:profile"),
        reverse("accounts:password_change"), "/api/v1/docs/", reverse("territory:unit_list"),
    ]


def test_every_page_is_sent_with_the_policy_and_keeps_it(world, client, pages):
    anonymous = client.get(reverse("login"))
    responses = {"login": anonymous}
    client.force_login(world.users.staff_a)
    responses.update({path: client.get(path) for path in pages})
    for path, response in responses.items():
        assert response.status_code == 200, path
        policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
        assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'", (path, policy)
        assert policy["style-src"] == "'self'" and policy["frame-ancestors"] == "'none'", (path, policy)
        assert "unsafe" not in response["Content-Security-Policy"]
        assert inline_problems(response.content.decode()) == [], path


def test_the_swagger_start_up_script_is_a_file(world, client):
    client.force_login(world.users.staff_a)
    page = client.get("/api/v1/docs/").content.decode()
    script = re.search(r'<script src="([^"]*script=[^"]*)"', page).group(1).replace("&amp;", "&")
    response = client.get(script)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode() and '"validatorUrl": null' in response.content.decode()


def test_the_admin_keeps_the_policy(world, client, django_user_model):
    admin = django_user_model.objects.create_superuser("quan-tri-he-thong", password="Mat-khau-quan-tri-2026")
    client.force_login(admin)
    for path in ("/admin/", "/admin/auth/user/", f"/admin/auth/user/{admin.pk}/change/"):
        response = client.get(path)
        assert response.status_code == 200 and "Content-Security-Policy" in response, path
        assert [p for p in inline_problems(response.content.decode()) if "script" in p] == [], path
