"""One number everywhere: on random data written through the services, a unit's figure for a period is the
same on the home page, the dashboard, the periodic report's snapshot and its round's roll-up, the .docx report
and its .xlsx annex, and it is the number of rows of the list its link opens, as a page and through the API.
A province's figure is the sum of its communes' plus its province-level records'; the nation's is the sum of
its provinces'.

The registry is built by a seeded generator through the services only: drafts, back-dated registrations,
status steps on later dates, edits, soft deletes and restores, exemplars, records against pre-2025 units.
"""
import datetime
import io
import random
import re
from urllib.parse import urlsplit

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from danvan.core.services import restore, soft_delete
from danvan.stats.rollups import ranking
from danvan.dashboards.tests.conftest import walk_lifecycle
from danvan.documents.content import build_content
from danvan.documents.docx_report import render_docx
from danvan.documents.xlsx_annex import render_xlsx
from danvan.initiatives.models import Exemplar, ExemplarKind, Field, Initiative, Scope
from danvan.initiatives.services import create_exemplar, register_initiative, update_initiative
from danvan.reporting import services as reporting
from danvan.stats.definitions import KEY_FIGURES
from danvan.stats.figures import figures
from danvan.stats.periods import parse_period

FIRST = datetime.date(2023, 1, 1)


def _day(rng, start=FIRST):
    today = timezone.localdate()
    return start + datetime.timedelta(days=rng.randrange((today - start).days + 1))


def random_registry(world, seed: int) -> None:
    """Initiatives and exemplars in every unit of `world`, written through the services."""
    rng = random.Random(seed)
    orgs = list(world.orgs.values())
    units = [None] * 5 + [world.old_a, world.old_district]
    initiatives = []
    for n in range(40):
        day = _day(rng)
        ini = Initiative(title=f"Mô hình {seed}-{n}", field=rng.choice(Field.values), scope=rng.choice(Scope.values),
                         organization=rng.choice(orgs), year=day.year, unit=rng.choice(units))
        register_initiative(ini, submit=rng.random() < 0.8, date=day)  # a fifth stay drafts
        if ini.registered_on is not None:
            walk_lifecycle(ini, rng, day, rng.randint(0, 3))
        if rng.random() < 0.2:
            ini.refresh_from_db()
            ini.field = rng.choice(Field.values)
            update_initiative(ini, expected_version=ini.version)
        initiatives.append(ini)
    for n in range(20):
        create_exemplar(Exemplar(
            name=f"Điển hình {seed}-{n}", kind=rng.choice(ExemplarKind.values), field=rng.choice(Field.values),
            organization=rng.choice(orgs), year=rng.randint(2023, timezone.localdate().year),
            unit=rng.choice(units)))
    records = initiatives + list(Exemplar.objects.order_by("pk"))
    for record in rng.sample(records, 8):
        record.refresh_from_db()
        soft_delete(record, expected_version=record.version)
    for record in rng.sample(records, 3):
        record.refresh_from_db()
        if record.deleted_at is not None:
            restore(record, expected_version=record.version)


def _listed(client, url: str) -> int:
    """Rows of the list a figure's link opens: the page's count, checked against the API's on the same query."""
    page = client.get(url)
    assert page.status_code == 200, url
    rows = page.context["table"].paginator.count
    parts = urlsplit(url)
    api = "api-initiative-list" if parts.path == reverse("initiatives:initiative_list") else "api-exemplar-list"
    answer = client.get(f"{reverse(api)}?{parts.query}")
    assert answer.status_code == 200, answer.content
    assert answer.json()["count"] == rows, url
    return rows


def _docx_totals(content) -> tuple[int, int]:
    """(initiatives, exemplars) of the "Tổng cộng" row of the report's table by field."""
    doc = Document(io.BytesIO(render_docx(content)))
    last = [c.text for c in doc.tables[1].rows[-1].cells]
    assert last[1] == "Tổng cộng"
    return int(last[2].replace(".", "")), int(last[3].replace(".", ""))


def _xlsx_totals(content) -> tuple[int, int]:
    """(initiatives, exemplars) of the annex's sheet by field, summed from its rows."""
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(content)))["1. Theo lĩnh vực"]
    rows = [r for r in ws.iter_rows(min_row=6, values_only=True) if r[1] and r[1] != "Tổng cộng"]
    assert len(rows) == len(Field.values)
    return sum(r[2] for r in rows), sum(r[3] for r in rows)


def _shown(html: str, name: str) -> int:
    found = re.search(rf'data-figure="{name}">([\d.]+)<', html)
    assert found, name
    return int(found.group(1).replace(".", ""))


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [7, 2026])
def test_every_page_document_report_and_list_shows_the_same_figures(world, client, seed):
    random_registry(world, seed)
    w, users = world, world.users
    today = timezone.localdate()
    codes = ["2025", str(today.year), "2024-Q3"]  # whole years, this year, part of a year (month cells)
    # Rounds: the province asks its communes, the nation its provinces; every report handed in.
    snapshots = {}
    round_rollups = {}
    for code in codes:
        for issuer, by in ((w.p1, users.province_staff), (w.p2, users.admin), (None, users.admin)):
            round_ = reporting.open_round(issuer, code, today, by)
            for report in round_.reports.all():
                report.results = "Kết quả."
                reporting.submit(report, user=None, expected_version=report.version)
                snapshots[(report.unit_id, code)] = reporting.PeriodicReport.objects.get(pk=report.pk).snapshot
            round_rollups[(issuer.pk if issuer else None, code)] = reporting.rollup(round_)

    cases = [(w.a, users.staff_a), (w.b, users.staff_b), (w.c, users.staff_c), (w.p1, users.province_staff),
             (w.p2, users.admin), (None, users.admin)]
    checked = 0
    for unit, user in cases:
        client.force_login(user)
        for code in codes:
            period = parse_period(code)
            live = figures(unit, period)
            where = f"{unit or 'toàn quốc'} {code}"
            page = client.get(reverse("dashboards:unit", args=[unit.pk]) if unit else reverse("dashboards:home"),
                              {"period": code})
            assert page.status_code == 200
            shown = page.context["rollup"].key
            for name in KEY_FIGURES:
                number = getattr(live, name)
                assert shown[name].value == number.value, f"dashboard {name} {where}"
                assert shown[name].url == number.url, f"dashboard link {name} {where}"
                assert _listed(client, number.url) == number.value, f"list {name} {where}"
                checked += number.value
            # The same count as the user sees it (their scope covers the unit).
            assert figures(unit, period, user=user).as_dict() == live.as_dict(), where

            content = build_content(unit, period, user=user)
            totals = (live.initiatives.value, live.exemplars.value)
            assert _docx_totals(content) == totals, f"docx {where}"
            assert _xlsx_totals(content) == totals, f"xlsx {where}"

            if unit is not None:
                snapshot = snapshots[(unit.pk, code)]
                for name in KEY_FIGURES:
                    assert snapshot[name] == getattr(live, name).value, f"snapshot {name} {where}"
            if unit in (w.p1, w.p2, None):
                rollup = round_rollups[(unit.pk if unit else None, code)]
                assert rollup.adds_up, where
                for name in KEY_FIGURES:
                    row = rollup.row(name)
                    assert row.own == getattr(live, name).value, f"roll-up {name} {where}"
                    assert row.reported + row.outside == row.own, f"roll-up sum {name} {where}"

            # A province (the nation) is the sum of its communes (provinces) and its own records.
            if unit in (w.p1, w.p2, None):
                rows = ranking(user, unit, period)
                for name in KEY_FIGURES:
                    assert sum(r.numbers[name].value for r in rows) == getattr(live, name).value, \
                        f"Σ below {name} {where}"
                    for r in rows:
                        if r.unit is not None:
                            assert r.numbers[name].value == getattr(figures(r.unit, period), name).value
                        assert _listed(client, r.numbers[name].url) == r.numbers[name].value, \
                            f"ranking list {name} {r.label} {where}"

    # The home page: the user's whole scope up to today, as shown on it, is the unit's figure this year.
    this_year = parse_period(str(today.year))
    for unit, user in cases:
        if user == users.admin and unit is not None:
            continue
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        live = figures(unit, this_year)
        assert _shown(html, "initiatives") == live.initiatives.value, f"home {unit}"
        assert _shown(html, "exemplars") == live.exemplars_cumulative.value, f"home {unit}"
        assert _listed(client, live.initiatives.url) == live.initiatives.value
    assert checked > 0  # the data set is not empty
