"""Issue 12, items 12 and 5: the national ranking ranks ties the standard way (1, 2, 2, 4) in Vietnamese order
(Đ after D, not after Z), and the status breakdown compares like with like."""
import datetime
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from danvan.conftest import make_unit
from danvan.initiatives.models import Field, Initiative, Status
from danvan.initiatives.services import register_initiative, transition
from danvan.stats.periods import parse_period
from danvan.stats.rollups import Number, RankRow, order_ranking, rollup
from danvan.territory.models import UnitKind, UnitLevel


def _row(label, value):
    return RankRow(SimpleNamespace(pk=label), label, {"initiatives": Number(value, "")})


def test_ties_share_a_rank_the_next_rank_skips_and_ties_are_in_vietnamese_order():
    rows = [_row("Đồng Tháp", 5), _row("Gia Lai", 5), _row("Đà Nẵng", 7), _row("Cần Thơ", 5), _row("Hà Nội", 3),
            _row("Lâm Đồng", 5), _row("Điện Biên", 7), RankRow(None, "Chưa xác định", {"initiatives": Number(9, "")})]
    ranked = order_ranking(rows, "initiatives")
    assert [(r.label, r.rank) for r in ranked] == [
        ("Đà Nẵng", 1), ("Điện Biên", 1), ("Cần Thơ", 3), ("Đồng Tháp", 3), ("Gia Lai", 3), ("Lâm Đồng", 3),
        ("Hà Nội", 7), ("Chưa xác định", None)]


@pytest.mark.django_db
def test_the_national_dashboard_shows_tied_provinces_with_one_rank_in_vietnamese_order(world, client):
    make_unit("11", "Tỉnh Điện Biên", UnitKind.PROVINCE, UnitLevel.PROVINCE)
    make_unit("64", "Tỉnh Gia Lai", UnitKind.PROVINCE, UnitLevel.PROVINCE)
    client.force_login(world.users.admin)
    body = client.get(reverse("dashboards:home")).content.decode()
    ranked = re.findall(r'<tr><td class="text-end text-muted small">(\d*)</td><td><a href="[^"]*">([^<]+)</a>', body)
    assert ranked == [("1", "Sơn La"), ("2", "Đắk Lắk"), ("3", "Điện Biên"), ("3", "Gia Lai")], ranked


@pytest.mark.django_db
def test_the_status_breakdown_compares_moves_in_equal_windows_and_shows_todays_statuses_without_a_comparison(
        world, client):
    year = datetime.date.today().year - 1
    org = world.orgs["a"]
    for y, n in ((year - 1, 2), (year, 1)):
        for i in range(n):
            ini = register_initiative(Initiative(title=f"Mô hình {y} số {i}", field=Field.ECONOMY, organization=org,
                                                 year=y), submit=True, date=datetime.date(y, 3, 1))
            transition(ini, Status.IMPLEMENTING, reason="Bắt đầu", date=datetime.date(y, 5, 1),
                       expected_version=ini.version)
    r = rollup(world.users.admin, None, parse_period(str(year)))
    row = next(row for row in r.by_status if row.code == Status.IMPLEMENTING)
    assert row.numbers["initiatives"].value == 3 and row.numbers["initiatives"].previous is None
    moved = row.numbers["moved"]
    assert (moved.value, moved.previous, moved.delta_text) == (1, 2, "−1")
    assert f"status_changed_from={year}-01-01" in moved.url and "status=implementing" in moved.url
    assert f"status_changed_from={year - 1}-01-01" in moved.previous_url

    # The list each number opens counts what the number says.
    client.force_login(world.users.admin)
    for url, expected in ((moved.url, 1), (moved.previous_url, 2)):
        body = client.get(url).content.decode()
        assert f'data-count="{expected}"' in body or f">{expected} bản ghi<" in body, url
    page = client.get(reverse("dashboards:home"), {"period": str(year)}).content.decode()
    assert "Chuyển sang trong kỳ" in page and "Mô hình (hiện nay)" in page
