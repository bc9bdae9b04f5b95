"""The offline map: circles at unit centres sized by the chosen figure, coloured by even bands, labelled, each a link
with a tooltip."""
import re

import pytest
from django.urls import reverse

from danvan.dashboards import html, maps


def unit(name, lat, lon, area, value):
    return {"name": name, "lat": lat, "lon": lon, "area": area, "value": value, "url": f"/list/?unit={name}"}


def test_even_bands_colour_more_records_darker_and_zero_grey():
    scale = maps.classes([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert [(low, high) for low, high, _c in scale] == [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]
    colours = [maps.colour_for(v, scale) for v in (0, 1, 3, 5, 7, 10)]
    assert colours == [maps.ZERO_COLOUR, *maps.PALETTE]
    assert maps.legend(scale)[:2] == [(maps.ZERO_COLOUR, "0"), (maps.PALETTE[0], "1–2")]
    # bands of even, round width whatever the spread of the values; the largest value is the darkest
    two = maps.classes([0, 0, 3, 1229, 1722])
    assert [text for _c, text in maps.legend(two)] == ["0", "1–500", "501–1.000", "1.001–1.500", "1.501–2.000"]
    assert maps.colour_for(1722, two) == maps.PALETTE[-1] and maps.colour_for(3, two) == maps.PALETTE[0]
    assert maps.legend(maps.classes([0, 0])) == [(maps.ZERO_COLOUR, "0")]
    assert maps.colour_for(5, maps.classes([5, 5, 5])) == maps.PALETTE[-1]


def test_circles_keep_north_up_and_are_sized_by_the_figure_and_labelled():
    drawn = maps.draw([unit("Bắc", 22.0, 105.0, 100.0, 4), unit("Nam", 21.0, 105.0, 400.0, 1),
                       unit("Đông", 21.5, 106.0, 0, 0)])
    by_name = {c.title.split(":")[0]: c for c in drawn["circles"]}
    assert by_name["Bắc"].cy < by_name["Nam"].cy and by_name["Đông"].cx > by_name["Nam"].cx
    # 4× the figure, 4× the area, 2× the radius, whatever the land area
    assert by_name["Bắc"].r == pytest.approx(2 * by_name["Nam"].r, rel=0.02)
    assert by_name["Đông"].r == maps.MIN_RADIUS_PX  # zero: still drawn, smallest
    assert all(0 <= c.cx <= drawn["width"] and 0 <= c.cy <= drawn["height"] for c in drawn["circles"])
    assert {c.label for c in drawn["circles"]} == {"Bắc", "Nam", "Đông"}
    svg = html.map_marks(drawn)
    assert re.findall(r"<text [^>]+>([^<]+)</text>", svg) and 'class="place-labels" aria-hidden="true"' in svg


def test_place_names_that_would_overlap_are_left_out():
    corners = [unit(f"Góc {i}", lat, lon, 1.0, 1) for i, (lat, lon) in enumerate(
        ((21.0, 105.0), (21.0, 107.0), (23.0, 105.0), (23.0, 107.0)))]
    crowded = [unit(f"Xã số {i}", 22.0 + i * 0.001, 106.0, 1.0, 10 - i) for i in range(5)]
    drawn = maps.draw(corners + crowded)
    labelled = {c.label for c in drawn["circles"] if c.label}
    assert {"Xã số 0", "Góc 0", "Góc 3"} <= labelled and not {"Xã số 1", "Xã số 4"} & labelled


def test_far_islands_go_to_the_side_strip_and_units_without_coordinates_are_named():
    mainland = [unit(f"Xã {i}", 12.0 + i * 0.05, 109.0 + (i % 4) * 0.05, 50.0, i) for i in range(12)]
    drawn = maps.draw(mainland + [unit("Trường Sa", 9.71, 114.45, 7.7, 2), unit("Không rõ", None, None, 5.0, 1)])
    assert [c.label for c in drawn["islands"]] == ["Trường Sa"]
    assert len(drawn["circles"]) == 12 and [u["name"] for u in drawn["missing"]] == ["Không rõ"]


@pytest.mark.django_db
def test_the_map_on_a_province_dashboard_links_every_commune(filled, client):
    world = filled.world
    client.force_login(world.users.province_staff)
    response = client.get(reverse("dashboards:home") + "?period=2025&map=exemplars")
    page = response.content.decode()
    svg = re.search(r"<svg class=\"dash-map\".*?</svg>", page, re.S).group(0)
    circles = re.findall(r'<a href="([^"]+)" data-n="(\d+)"><circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)" '
                         r'fill="(#[0-9a-f]{6})"><title>([^<]+)</title>', svg)
    assert len(circles) == 2
    titles = {t.split(":")[0] for *_rest, t in circles}
    assert titles == {world.a.short_name, world.b.short_name}
    for url, n, *_rest, title in circles:
        assert "year_min=2025" in url and title.endswith(f": {n}")
    assert "tiles" not in page and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_units_marked_as_islands_go_to_the_strip_even_when_near(world=None):
    mainland = [unit(f"Tỉnh {i}", 10.0 + i, 105.0 + (i % 3), 5000.0, i) for i in range(12)]
    zone = {**unit("Hoàng Sa (Đà Nẵng)", 16.57, 112.14, 305.0, 0), "island": True}
    drawn = maps.draw(mainland + [zone])
    assert [c.label for c in drawn["islands"]] == ["Hoàng Sa (Đà Nẵng)"] and len(drawn["circles"]) == 12


@pytest.mark.django_db
def test_the_map_of_the_country_shows_hoang_sa_and_truong_sa_as_special_zones(filled, client):
    """Hoàng Sa (of Đà Nẵng) and Trường Sa (of Khánh Hòa) are on the national map, labelled, each a link."""
    from danvan.conftest import make_unit
    from danvan.territory.models import AdminUnit, UnitKind, UnitLevel

    world = filled.world
    for province_code, province, zone_code, zone, lat, lon, zlat, zlon, area in (
            ("48", "Thành phố Đà Nẵng", "20333", "Đặc khu Hoàng Sa", 16.05, 108.2, 16.568, 112.135, 305.0),
            ("56", "Tỉnh Khánh Hòa", "22736", "Đặc khu Trường Sa", 12.25, 109.1, 9.71, 114.45, 7.7)):
        p = make_unit(province_code, province, UnitKind.PROVINCE, UnitLevel.PROVINCE)
        z = make_unit(zone_code, zone, UnitKind.SPECIAL_ZONE, UnitLevel.COMMUNE, parent=p)
        short = province.replace("Thành phố ", "").replace("Tỉnh ", "")
        AdminUnit.objects.filter(pk=p.pk).update(latitude=lat, longitude=lon, short_name=short)
        AdminUnit.objects.filter(pk=z.pk).update(latitude=zlat, longitude=zlon, area_km2=area,
                                                 short_name=zone.replace("Đặc khu ", ""))
    assert [maps.archipelago_label(z) for z in maps.archipelagos()] == ["Hoàng Sa (Đà Nẵng)", "Trường Sa (Khánh Hòa)"]
    client.force_login(world.users.admin)
    page = client.get(reverse("dashboards:home") + "?period=2025").content.decode()
    svg = re.search(r"<svg class=\"dash-map\".*?</svg>", page, re.S).group(0)
    labels = re.findall(r'<text [^>]*class="island-label">([^<]+)</text>', svg)
    assert labels == ["Hoàng Sa (Đà Nẵng)", "Trường Sa (Khánh Hòa)"]
    links = re.findall(r'<a href="([^"]+)" data-n="\d+"><circle [^>]+><title>(Hoàng Sa|Trường Sa)', svg)
    assert len(links) == 2 and all(url for url, _name in links)
