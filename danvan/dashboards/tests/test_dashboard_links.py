"""Every number on a dashboard (figures, tables, chart segments, map circles) links to a list that counts
exactly that many records, at every level, for whole-year and part-year periods, from cells or live."""
import html
import json
import re

import pytest
from django.urls import reverse

from danvan.accounts.models import Role
from danvan.conftest import make_user

LINK = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"[^>]*?\bdata-n="(-?\d+)"', re.S)
CHARTS = re.compile(r'<script id="dashboard-charts" type="application/json">(.*?)</script>', re.S)


def numbers_on(response) -> list[tuple[str, int]]:
    """(link, number) of every linked number of a dashboard page: anchors with data-n, and chart segments."""
    page = response.content.decode()
    found = [(html.unescape(url), int(n)) for url, n in LINK.findall(page)]
    for chart in json.loads(html.unescape(CHARTS.search(page).group(1))).values():
        for dataset in chart["datasets"]:
            found += list(zip(dataset["urls"], dataset["data"]))
    return found


def listed(client, url) -> int:
    """The count of the list a link opens (one row per page and the htmx partial: only the count matters)."""
    response = client.get(url + ("&" if "?" in url else "?") + "per_page=1", HTTP_HX_REQUEST="true")
    assert response.status_code == 200, url
    return response.context["table"].paginator.count


def assert_every_number_matches_its_list(client, url):
    response = client.get(url)
    assert response.status_code == 200
    numbers = numbers_on(response)
    by_url = {}
    for link, n in numbers:
        assert by_url.setdefault(link, n) == n, f"{link} shown as {by_url[link]} and {n}"
    assert len(by_url) > 20 and sum(by_url.values()) > 0
    wrong = {link: (n, listed(client, link)) for link, n in by_url.items()}
    wrong = {link: pair for link, pair in wrong.items() if pair[0] != pair[1]}
    assert not wrong, wrong
    return response, by_url


@pytest.mark.django_db
def test_national_dashboard_numbers_match_their_lists(filled, client):
    client.force_login(filled.world.users.admin)
    response, numbers = assert_every_number_matches_its_list(client, reverse("dashboards:home") + "?period=2025")
    assert response.context["rollup"].from_cells
    # the ranking has both provinces, and the map one circle per province
    assert [row.unit for row in response.context["ranking"] if row.unit]
    assert len(response.context["map"]["circles"]) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["2025-H1", "2024-Q3", "2021-2025"])
def test_province_dashboard_numbers_match_for_part_year_and_multi_year_periods(filled, client, period):
    world = filled.world
    client.force_login(world.users.province_staff)
    response, _ = assert_every_number_matches_its_list(client, reverse("dashboards:home") + f"?period={period}")
    assert response.context["unit"] == world.p1
    labels = [row.label for row in response.context["ranking"]]
    # the province's own records (province bodies, old district) have their row, after the communes
    assert labels[-1].startswith("Cấp tỉnh") and {"Phổng Lái Mới", "Mường Bú"} <= set(labels)


@pytest.mark.django_db
def test_commune_dashboard_numbers_match_and_rank_its_organisations(filled, client):
    world = filled.world
    client.force_login(world.users.staff_a)
    response, _ = assert_every_number_matches_its_list(client, reverse("dashboards:home") + "?period=2024")
    assert response.context["unit"] == world.a
    assert response.context["org_ranking"] and not response.context["ranking"]


@pytest.mark.django_db
def test_historic_province_dashboard_counts_by_lineage(filled, client):
    world = filled.world
    client.force_login(world.users.province_staff)
    url = reverse("dashboards:unit", args=[world.old_p1.pk]) + "?period=2016-2025"
    response, _ = assert_every_number_matches_its_list(client, url)
    assert not response.context["rollup"].from_cells
    assert "trước ngày 01/07/2025" in response.content.decode()


@pytest.mark.django_db
def test_organisation_reporter_sees_numbers_of_their_organisation_only(filled, client):
    world = filled.world
    client.force_login(world.users.reporter_a)
    response, _ = assert_every_number_matches_its_list(client, reverse("dashboards:home") + "?period=2025")
    assert not response.context["rollup"].from_cells  # an organisation scope is counted live


@pytest.mark.django_db
def test_a_commune_leader_lands_on_their_commune_for_a_quarter(filled, client):
    world = filled.world
    leader_a = make_user("lanhdao_a", Role.LEADER, unit=world.a)
    client.force_login(leader_a)
    response, _ = assert_every_number_matches_its_list(client, reverse("dashboards:home") + "?period=2025-Q2")
    assert response.context["unit"] == world.a
