"""Issue 12, item 5: a list says what it is and shows every active filter as a chip that removes only itself;
the live search keeps its query in the address."""
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse


def chips(body: str) -> dict:
    """{chip text: its removal link}."""
    out = {}
    for href, inner in re.findall(r'<a class="btn btn-sm btn-outline-secondary rounded-pill filter-chip[^"]*" '
                                  r'href="([^"]*)"[^>]*>(.*?)</a>', body, re.S):
        text = " ".join(re.sub(r"<[^>]+>", " ", unescape(inner)).replace("×", "").split())
        out[text.replace("Bỏ bộ lọc ", "", 1)] = unescape(href)
    return out


def sentence(body: str) -> str:
    m = re.search(r'id="list-sentence">(.*?)</p>', body, re.S)
    return unescape(m.group(1)).strip() if m else ""


@pytest.mark.django_db
def test_a_figure_link_shows_its_hidden_filters_as_chips_and_removing_one_keeps_the_others(client, world):
    client.force_login(world.users.province_staff)
    url = reverse("initiatives:initiative_list")
    params = {"unit": world.p1.pk, "registered_from": "2025-01-01", "registered_to": "2025-12-31",
              "field": "culture_society", "status": ["registered", "implementing"]}
    body = client.get(url, params).content.decode()
    shown = chips(body)
    assert set(shown) == {
        "Đăng ký mới: năm 2025", "Đơn vị hành chính: Tỉnh Sơn La", "Lĩnh vực: Văn hoá – xã hội",
        "Trạng thái: Đã đăng ký", "Trạng thái: Đang thực hiện"}, shown
    assert sentence(body) == ("Mô hình đăng ký mới năm 2025, lĩnh vực Văn hoá – xã hội, "
                              "trạng thái Đã đăng ký, Đang thực hiện – Tỉnh Sơn La")

    # One click on the date window's chip removes both its bounds and nothing else.
    left = parse_qs(urlsplit(shown["Đăng ký mới: năm 2025"]).query)
    assert left == {"unit": [str(world.p1.pk)], "field": ["culture_society"], "status": ["registered", "implementing"]}
    after = client.get(shown["Đăng ký mới: năm 2025"]).content.decode()
    assert set(chips(after)) == {"Đơn vị hành chính: Tỉnh Sơn La", "Lĩnh vực: Văn hoá – xã hội",
                                 "Trạng thái: Đã đăng ký", "Trạng thái: Đang thực hiện"}
    # One status among two: the other stays.
    left = parse_qs(urlsplit(shown["Trạng thái: Đã đăng ký"]).query)
    assert left["status"] == ["implementing"] and left["registered_from"] == ["2025-01-01"]


@pytest.mark.django_db
def test_chips_name_organisations_and_people_and_the_exemplar_year(client, world):
    client.force_login(world.users.province_staff)
    body = client.get(reverse("initiatives:initiative_list"), {
        "organization": world.orgs["a"].pk, "steering_member": world.users.steering_a.pk,
        "registered_to": "2025-06-30", "q": "rác"}).content.decode()
    shown = chips(body)
    assert "Tổ chức: Uỷ ban nhân dân Phổng Lái Mới" in shown
    assert "Thành viên Ban Chỉ đạo theo dõi: Lò Văn Minh" in shown
    assert "Đăng ký: đến 30/06/2025" in shown and "Tìm kiếm: rác" in shown
    body = client.get(reverse("initiatives:exemplar_list"), {"year_min": 2025, "year_max": 2025}).content.decode()
    assert set(chips(body)) == {"Năm: năm 2025"} and sentence(body) == "Điển hình năm 2025"


@pytest.mark.django_db
def test_an_organisation_outside_the_scope_is_not_named(client, world):
    client.force_login(world.users.staff_a)
    body = client.get(reverse("initiatives:initiative_list"), {"organization": world.orgs["c"].pk}).content.decode()
    assert "Buôn Ma Thuột" not in body and f"Tổ chức: {world.orgs['c'].pk}" in chips(body)


@pytest.mark.django_db
def test_no_filter_no_chip(client, world):
    client.force_login(world.users.province_staff)
    body = client.get(reverse("initiatives:initiative_list")).content.decode()
    assert 'id="filter-summary"' not in body and not chips(body)


@pytest.mark.django_db
def test_live_search_pushes_its_query_and_a_history_restore_gets_the_whole_page(client, world):
    client.force_login(world.users.province_staff)
    url = reverse("initiatives:initiative_list")
    page = client.get(url).content.decode()
    assert re.search(r'<form[^>]*class="[^"]*filter-form[^"]*"[^>]*hx-push-url="true"', page)
    partial = client.get(url, {"q": "rác"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "Tìm kiếm: rác" in chips(partial.content.decode())
    assert "HX-Request" in partial["Vary"]
    restored = client.get(url, {"q": "rác"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    body = restored.content.decode()
    assert "<html" in body and 'value="rác"' in body
