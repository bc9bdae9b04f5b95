"""Walks every URL pattern of the project and proves a commune user cannot reach another commune's
records by any page or API route, id or filter. New views are picked up automatically: a route
with an id whose model has no "other commune" record here makes this test fail until one is added.
"""
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from danvan.accounts.models import Assignment
from danvan.initiatives.models import Evidence, ExemplarEvidence, Indicator, Initiative, ProgressUpdate
from danvan.initiatives.services import add_indicator, record_progress
from danvan.territory.models import AdminUnit

# Reference data every signed-in user may read (documented in docs/decisions.md): the units themselves, on the
# territory's own pages and API. Any other page keyed by a unit (a dashboard, …) must deny another commune.
PUBLIC_MODELS = {AdminUnit}
PUBLIC_ROUTE_NAMES = ("territory:", "api-unit")
DENIED = {403, 404}


def walk(resolvers=None, prefix="", namespace=""):
    """Yield (route, url name, view callback) for every pattern, recursing into includes."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield prefix + str(entry.pattern), name, entry.callback


def model_of(callback):
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is None:
        return None
    model = getattr(view_class, "model", None)
    if model is None and getattr(view_class, "queryset", None) is not None:
        model = view_class.queryset.model
    return model


def object_routes():
    for route, name, callback in walk():
        if name is None or route.startswith("admin/"):
            continue
        if "<int:pk>" in route or "<pk>" in route or "(?P<pk>" in route:
            if "format" in route:
                continue
            yield route, name, callback


# Values for the other parameters of an object route (the record's id is the one under test).
EXTRA_KWARGS = {"fmt": "docx"}


def object_url(name, route, pk):
    import re

    extra = {k: v for k, v in EXTRA_KWARGS.items() if re.search(rf"<(?:\w+:)?{k}>|\(\?P<{k}>", route)}
    return reverse(name, kwargs={"pk": pk, **extra})


@pytest.fixture
def others(world):
    """One record of every scoped model, in commune B."""
    b = world.records["b"]
    indicator = add_indicator(b, name="Suất quà", measure_unit="gifts", target=750)
    update = record_progress(
        b, text="Trao 50 suất quà", date=datetime.date(2025, 9, 1), values={indicator.pk: 50},
        files=[SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf")],
    )
    from django.utils import timezone

    from danvan.reporting import services as reporting
    from danvan.reporting.models import PeriodicReport, ReportingRound

    p1_round = reporting.open_round(world.p1, "2025-H2", timezone.localdate(), None)
    # commune A sees P1's round through its own report, so the out-of-scope round is P2's
    p2_round = reporting.open_round(world.p2, "2025-H2", timezone.localdate(), None)
    from danvan.imports.models import ImportJob
    from danvan.documents import register
    from danvan.documents.models import IssuedDocument

    paper = register.issue(issuer_key="ĐU-04100", issuer_name="Đảng uỷ xã Mường Bú", symbol="BC/ĐU", kind="report",
                           title="Báo cáo của xã B", unit=world.b,
                           make=lambda n: ("b.txt", "text/plain", b"B"))

    exemplar_evidence = ExemplarEvidence(exemplar=world.records["b_exemplar"], original_name="quyet-dinh.png",
                                         content_type="image/png", size=12, sha256="0" * 64)
    exemplar_evidence.file.save("quyet-dinh.png", SimpleUploadedFile("quyet-dinh.png", b"\x89PNG\r\n\x1a\nxxxx"),
                                save=False)
    exemplar_evidence.save()

    return {
        AdminUnit: world.b,
        ExemplarEvidence: exemplar_evidence,  # pages keyed by a unit (dashboards): commune B is not commune A's
        IssuedDocument: paper,
        ImportJob: ImportJob.objects.create(kind="initiatives", user=world.users.staff_b, original_name="b.xlsx",
                                            sha256="0" * 64),
        ReportingRound: p2_round,
        PeriodicReport: p1_round.reports.get(unit=world.b),
        Initiative: b,
        type(world.records["b_exemplar"]): world.records["b_exemplar"],
        type(world.orgs["b"]): world.orgs["b"],
        Indicator: indicator,
        ProgressUpdate: update,
        Evidence: update.evidence.get(),
        # an account's assignment in commune B (the account administrator's pages; accounts/tests walk them
        # as a province's administrator)
        Assignment: world.users.staff_b.assignments.get(),
    }


@pytest.mark.django_db
def test_every_object_route_denies_another_communes_records(world, others, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users.staff_a)
    checked = []
    for route, name, callback in object_routes():
        model = model_of(callback)
        assert model is not None, f"route {route} ({name}) has an id but no model: give its view a `model`"
        if model in PUBLIC_MODELS and name.startswith(PUBLIC_ROUTE_NAMES):
            continue
        if model is get_user_model():
            continue
        assert model in others, f"route {route}: add a commune-B {model.__name__} to the `others` fixture"
        target = others[model]
        url = object_url(name, route, target.pk)
        before = model.all_objects.get(pk=target.pk) if hasattr(model, "all_objects") else None
        statuses = {}
        for method in ("get", "post", "put", "patch", "delete"):
            response = getattr(client, method)(url, data={} if method in ("get", "post") else "{}",
                                               **({} if method in ("get", "post") else {"content_type": "application/json"}))
            statuses[method] = response.status_code
            assert response.status_code in DENIED | {405}, f"{method.upper()} {url} gave {response.status_code}"
        assert DENIED & set(statuses.values()), f"{url} answered {statuses}"
        if before is not None:
            after = model.all_objects.get(pk=target.pk)
            assert (after.version, after.deleted_at) == (before.version, before.deleted_at), f"{url} changed it"
        checked.append(route)
    assert any(r.startswith("dashboards/units/") for r in checked)  # a page keyed by a unit was walked
    # the walk must have covered the registry's pages (and the API, once routed)
    assert any(r.startswith("initiatives/") for r in checked)
    assert any(r.startswith("exemplars/") for r in checked)
    assert any(r.startswith("organizations/") for r in checked)
    api = [r for r in checked if r.startswith("api/v1/")]
    for name in ("initiatives", "exemplars", "organizations", "indicators", "progress"):
        assert any(name in r for r in api), f"no API route for {name} was walked: {api}"


@pytest.mark.django_db
def test_list_routes_ignore_filters_pointing_outside_scope(world, others, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users.staff_a)
    b_texts = [world.records["b"].title, world.records["b_exemplar"].name, world.orgs["b"].name]
    queries = [
        f"?unit={world.b.pk}", f"?unit={world.p1.pk}", f"?organization={world.orgs['b'].pk}",
        f"?q={world.b.short_name}", "?q=Mường Bú", f"?initiative={world.records['b'].pk}", "?page_size=500",
    ]
    listed = 0
    for route, name, callback in walk():
        if name is None or route.startswith("admin/") or "<" in route or "(?P<" in route:
            continue
        model = model_of(callback)
        if model is None or model in PUBLIC_MODELS or model is get_user_model():
            continue
        listed += 1
        for query in queries:
            response = client.get(reverse(name) + query, HTTP_ACCEPT="application/json, text/html")
            assert response.status_code in (200, 400, 405), f"{route}{query}: {response.status_code}"
            body = response.content.decode()
            for text in b_texts:
                assert text not in body, f"{route}{query} leaked {text!r}"
    assert listed >= 3


@pytest.mark.django_db
def test_admin_is_closed_to_non_staff(world, client):
    client.force_login(world.users.staff_a)
    url = reverse("admin:initiatives_initiative_change", args=[world.records["b"].pk])
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(world, client):
    for route, name, callback in object_routes():
        model = model_of(callback)
        if model is None or model in PUBLIC_MODELS:
            continue
        response = client.get(object_url(name, route, world.records["a"].pk))
        assert response.status_code in (302, 401, 403), route


BAD_PARAMS = [
    "?year=abc", "?year=99999999999999999999", "?unit=abc", "?unit=-1", "?page=abc", "?page=999999", "?sort=nonexistent",
    "?status=bogus", "?field=%00", "?q=" + "x" * 5000, "?q=%F0%9F%98%80%CC%81", "?registered_from=31/02/2025",
    "?organization=1e9", "?page_size=-5", "?ordering=-password", "?organization=99999999999999999999999",
    "?initiative=-551253603307983732736", "?parent=99999999999999999999999",
]


@pytest.mark.django_db
def test_lists_answer_bad_parameters_without_a_server_error(world, client):
    client.force_login(world.users.staff_a)
    for route, name, callback in walk():
        if name is None or route.startswith("admin/") or "<" in route or "(?P<" in route or "format" in route:
            continue
        for query in BAD_PARAMS:
            response = client.get(reverse(name) + query)
            assert response.status_code < 500, f"{route}{query}: {response.status_code}"


@pytest.mark.django_db
def test_not_found_page_is_vietnamese(world, client, settings):
    settings.DEBUG = False
    client.force_login(world.users.staff_a)
    body = client.get(reverse("initiatives:initiative_detail", args=[world.records["b"].pk])).content.decode()
    assert "Không tìm thấy" in body


@pytest.mark.django_db
def test_pages_that_take_a_unit_parameter_deny_another_communes_unit(world, others, client):
    """Pages keyed by a unit in their query string: another commune's unit is refused (403/404), never shown."""
    client.force_login(world.users.staff_a)
    b = world.b.pk
    for url in (f"/dashboards/alerts/?unit={b}", f"/reports/documents/download/?unit={b}&period=2025&format=docx",
                f"/reports/documents/download/?unit={world.p2.pk}&period=2025&format=xlsx"):
        response = client.get(url)
        assert response.status_code in DENIED, f"GET {url} gave {response.status_code}"
    for url, data in (("/dashboards/alerts/", {"unit": b, "alert": "stale"}),
                      ("/reports/documents/issue/", {"unit": b, "period": "2025", "format": "docx"})):
        response = client.post(url, data)
        assert response.status_code in DENIED, f"POST {url} gave {response.status_code}"
    from danvan.notifications.models import Kind, Notification
    from danvan.documents.models import IssuedDocument

    # (the round in `others` told its communes; no alert was sent)
    assert not Notification.objects.filter(kind=Kind.ALERT).exists() and not IssuedDocument.objects.filter(unit=world.b).count() > 1
