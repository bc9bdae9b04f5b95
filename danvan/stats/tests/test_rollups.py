"""Roll-ups add up through the levels, read the same from cells as from the records, compare with the same
period last year, and show each user only their scope."""
import pytest
from django.urls import reverse

from danvan.stats import rollups
from danvan.stats.models import ProvinceStatCell, StatCell
from danvan.stats.rollups import FIGURES, Number, cells_for, ranking, rollup
from danvan.initiatives.models import Exemplar, Initiative
from danvan.stats.figures import figures
from danvan.stats.periods import parse_period

PERIODS = ["2025", "2024-H2", "2023-Q1", "2025-07", "2021-2025", "2016-2025"]


def values(r):
    return [(n.value, n.previous) for n in r.numbers()]


def rank_values(rows):
    """Ranking rows with a record (a live count lists only the units below that have one)."""
    return [(row.label, [row.numbers[f].value for f in FIGURES]) for row in rows
            if any(row.numbers[f].value for f in FIGURES)]


@pytest.mark.django_db
def test_cells_and_a_live_count_give_the_same_rollup_and_ranking(filled, monkeypatch):
    world = filled.world
    admin = world.users.admin
    units = [None, world.p1, world.p2, world.a, world.b, world.c]
    from_cells = {(u, p): (values(rollup(admin, u, parse_period(p))), rank_values(ranking(admin, u, parse_period(p))))
                  for u in units for p in PERIODS}
    assert all(rollup(admin, u, parse_period("2025")).from_cells for u in units)
    monkeypatch.setattr(rollups, "covers", lambda user, unit: False)
    for (u, p), expected in from_cells.items():
        live = rollup(admin, u, parse_period(p))
        assert not live.from_cells
        assert (values(live), rank_values(ranking(admin, u, parse_period(p)))) == expected, (u, p)


@pytest.mark.django_db
def test_each_level_equals_the_sum_of_the_level_below(filled):
    for period in PERIODS:
        assert_levels_add_up(filled.world, parse_period(period))


def assert_levels_add_up(world, p):
    admin = world.users.admin
    nation = rollup(admin, None, p)
    provinces = ranking(admin, None, p)
    for f in FIGURES:
        assert nation.key[f].value == sum(row.numbers[f].value for row in provinces), f
    for province in (world.p1, world.p2):
        total = rollup(admin, province, p)
        rows = ranking(admin, province, p)
        for f in FIGURES:
            assert total.key[f].value == sum(row.numbers[f].value for row in rows), (province, f)
            assert total.key[f].value == next(r for r in provinces if r.unit == province).numbers[f].value
    assert nation.key["initiatives"].value > 0 or p.end.year < 2023


@pytest.mark.django_db
def test_key_figures_agree_with_the_reporting_figures(filled):
    """The dashboard and the periodic reports (reporting.figures) give the same numbers."""
    world = filled.world
    for p, unit in [(parse_period(code), unit) for code in ("2025", "2024-H1", "2021-2025")
                    for unit in (None, world.p1, world.a, world.old_p1, world.old_a)]:
        r, f = rollup(world.users.admin, unit, p), figures(unit, p)
        assert [r.key[k].value for k in FIGURES] == [
            f.initiatives.value, f.new.value, f.recognised.value, f.not_implemented.value, f.exemplars.value]
        assert {row.code: row.numbers["initiatives"].value for row in r.by_field} == {
            k: v["initiatives"].value for k, v in f.by_field.items()}
        assert {row.code: row.numbers["exemplars"].value for row in r.by_field} == {
            k: v["exemplars"].value for k, v in f.by_field.items()}
        assert {row.code: row.numbers["initiatives"].value for row in r.by_status} == {
            k: v.value for k, v in f.by_status.items()}


@pytest.mark.django_db
def test_comparison_with_the_same_period_last_year_is_shown(filled, client):
    world = filled.world
    client.force_login(world.users.admin)
    response = client.get(reverse("dashboards:home") + "?period=2025")
    key = response.context["rollup"].key
    this_year = Initiative.objects.filter(registered_on__year=2025).count()
    last_year = Initiative.objects.filter(registered_on__year=2024).count()
    assert (key["new"].value, key["new"].previous) == (this_year, last_year)
    assert f"{key['new'].delta_text} so với cùng kỳ" in response.content.decode()
    assert Exemplar.objects.filter(year=2024).count() == key["exemplars"].previous


def test_delta_text_is_signed_and_grouped_the_vietnamese_way():
    assert Number(1250, "", 29).delta_text == "+1.221"
    assert Number(3, "", 5).delta_text == "−2"
    assert Number(4, "", 4).delta_text == "0"
    assert Number(4, "").delta_text == ""


@pytest.mark.django_db
def test_cells_are_read_only_through_the_users_scope(filled):
    world = filled.world
    assert set(cells_for(world.users.province_staff, None, below=True).values_list("province_id", flat=True)) == {
        world.p1.pk}
    assert set(StatCell.objects.visible_to(world.users.staff_c).values_list("commune_id", flat=True)) == {world.c.pk}
    assert not cells_for(world.users.province_staff, None).exists()  # the nation's cells: national users only
    assert cells_for(world.users.admin, None).exists()
    assert not cells_for(world.users.nobody, None, below=True).exists()
    assert ProvinceStatCell.objects.exclude(province_id=world.p1.pk).exists()
    assert StatCell.objects.exclude(province_id=world.p1.pk).exists()


@pytest.mark.django_db
def test_a_province_dashboard_shows_only_that_province(filled, client):
    world = filled.world
    client.force_login(world.users.province_staff)
    response = client.get(reverse("dashboards:home") + "?period=2025")
    assert response.context["unit"] == world.p1
    in_p1 = Initiative.objects.filter(province=world.p1, registered_on__year__lte=2025).count()
    assert response.context["rollup"].key["initiatives"].value == in_p1
    assert in_p1 < Initiative.objects.filter(registered_on__year__lte=2025).count()
    assert world.c.short_name not in response.content.decode()


@pytest.mark.django_db
def test_unit_dashboards_answer_404_outside_the_scope(world, client):
    cases = [
        ("province_staff", "p2", 404), ("province_staff", "a", 200), ("province_staff", "old_p1", 200),
        ("staff_a", "p1", 404), ("staff_a", "b", 404), ("staff_a", "old_a", 200), ("staff_a", "a", 200),
        ("staff_c", "old_district", 404), ("reporter_a", "a", 200), ("reporter_a", "b", 404), ("admin", "c", 200),
        ("nobody", "a", 404),
    ]
    for user, unit, status in cases:
        client.force_login(getattr(world.users, user))
        url = reverse("dashboards:unit", args=[getattr(world, unit).pk])
        assert client.get(url).status_code == status, (user, unit)


@pytest.mark.django_db
def test_landing_level_follows_the_scope(world, client):
    expected = {"admin": None, "province_staff": world.p1, "leader_p1": world.p1, "staff_b": world.b,
                "steering_a": world.a}
    for name, unit in expected.items():
        client.force_login(getattr(world.users, name))
        assert client.get(reverse("dashboards:home")).context["unit"] == unit, name
    client.force_login(world.users.nobody)
    response = client.get(reverse("dashboards:home"))
    assert response.status_code == 200 and "chưa được phân công" in response.content.decode()
    client.logout()
    assert client.get(reverse("dashboards:home")).status_code == 302


@pytest.mark.django_db
def test_a_bad_period_is_explained_in_vietnamese(world, client):
    client.force_login(world.users.province_staff)
    response = client.get(reverse("dashboards:home") + "?period=2025-Q7")
    assert response.status_code == 200
    assert "Kỳ báo cáo không hợp lệ" in response.content.decode()
