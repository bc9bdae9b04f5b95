"""What a commune cadre sees and does in the web UI."""
import datetime
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.initiatives.models import Initiative, Status


@pytest.mark.django_db
def test_login_page_is_vietnamese_and_offline(client):
    response = client.get(reverse("login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Đăng nhập" in body and 'lang="vi"' in body
    assert "http://" not in body.replace("http://www.w3.org", "") and "https://" not in body


@pytest.mark.django_db
def test_english_switch(client, world):
    client.force_login(world.users.staff_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("initiatives:initiative_list")).content.decode()
    assert 'lang="en"' in body


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["dan van kheo", "DAN VAN KHEO", "dân vận khéo",
                                   unicodedata.normalize("NFD", "Dân Vận Khéo")])
def test_search_ignores_accents_case_and_unicode_form(client, world, query):
    client.force_login(world.users.province_staff)
    body = client.get(reverse("initiatives:initiative_list"), {"q": query}).content.decode()
    assert world.records["a"].title in body and world.records["b"].title in body
    assert "Mô hình sen – cá" not in body


@pytest.mark.django_db
def test_list_filters_by_field_status_year_and_sorts_vietnamese(client, world):
    client.force_login(world.users.staff_a)
    url = reverse("initiatives:initiative_list")
    body = client.get(url, {"field": "economy"}).content.decode()
    assert "Mô hình sen – cá" in body and world.records["a"].title not in body
    body = client.get(url, {"year": 2024}).content.decode()
    assert "Mô hình sen – cá" in body and world.records["a"].title not in body
    body = client.get(url, {"status": "registered", "sort": "title"}).content.decode()
    assert body.index(world.records["a"].title) < body.index("Mô hình sen – cá")  # D < M


@pytest.mark.django_db
def test_register_initiative_through_the_form(client, world):
    client.force_login(world.users.staff_a)
    response = client.post(reverse("initiatives:initiative_add"), {
        "title": "Thắp sáng đường quê", "field": "economy", "scope": "collective",
        "organization": world.orgs["a"].pk, "year": 2025, "start_date": "15/03/2025", "submit": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    ini = Initiative.objects.get(title="Thắp sáng đường quê")
    assert ini.status == Status.REGISTERED and ini.start_date == datetime.date(2025, 3, 15)
    assert ini.commune == world.a
    page = client.get(ini.get_absolute_url()).content.decode()
    assert "15/03/2025" in page and "Đã đăng ký" in page


@pytest.mark.django_db
def test_form_rejects_other_communes_organisation_and_bad_input_with_vietnamese_messages(client, world):
    client.force_login(world.users.staff_a)
    response = client.post(reverse("initiatives:initiative_add"), {
        "title": "", "field": "economy", "scope": "collective", "organization": world.orgs["b"].pk,
        "year": "99999", "start_date": "31/02/2025",
    })
    body = response.content.decode()
    assert response.status_code == 400
    assert "Trường này là bắt buộc" in body  # Django's own Vietnamese catalogue
    assert not Initiative.objects.filter(organization=world.orgs["b"], title="").exists()


@pytest.mark.django_db
def test_stale_edit_is_refused_with_the_other_change_shown(client, world):
    ini = world.records["a"]
    form = {"title": ini.title, "field": ini.field, "scope": ini.scope, "organization": ini.organization_id,
            "year": ini.year, "version": ini.version}
    client.force_login(world.users.province_staff)
    first = client.post(reverse("initiatives:initiative_edit", args=[ini.pk]), {**form, "title": "Tên của tỉnh"})
    assert first.status_code == 302
    client.force_login(world.users.staff_a)
    second = client.post(reverse("initiatives:initiative_edit", args=[ini.pk]), {**form, "title": "Tên của xã"})
    body = second.content.decode()
    assert second.status_code == 409
    assert "đã được người khác sửa" in body and "Tên của tỉnh" in body and "bdv_tinh" in body
    ini.refresh_from_db()
    assert ini.title == "Tên của tỉnh"


@pytest.mark.django_db
def test_an_edit_or_delete_without_the_version_is_refused_not_applied_blindly(client, world):
    """Before: a web edit whose form lost the hidden version field silently overwrote the record."""
    ini = world.records["a"]
    client.force_login(world.users.staff_a)
    response = client.post(reverse("initiatives:initiative_edit", args=[ini.pk]), {
        "title": "Ghi đè mù", "field": ini.field, "scope": ini.scope, "organization": ini.organization_id,
        "year": ini.year})
    assert response.status_code == 400 and "Thiếu phiên bản" in response.content.decode()
    client.post(reverse("initiatives:initiative_delete", args=[ini.pk]), {})
    ini.refresh_from_db()
    assert ini.title != "Ghi đè mù" and not ini.is_deleted and ini.version == 2


@pytest.mark.django_db
def test_delete_then_restore_and_history_shows_both(client, world):
    ini = world.records["a"]
    client.force_login(world.users.staff_a)
    client.post(reverse("initiatives:initiative_delete", args=[ini.pk]), {"version": ini.version})
    assert not Initiative.objects.filter(pk=ini.pk).exists()
    list_body = client.get(reverse("initiatives:initiative_list")).content.decode()
    assert f'href="{ini.get_absolute_url()}"' not in list_body
    page = client.get(ini.get_absolute_url()).content.decode()
    assert "đã bị xoá" in page
    client.post(reverse("initiatives:initiative_restore", args=[ini.pk]))  # no version: refused
    assert not Initiative.objects.filter(pk=ini.pk).exists()
    assert 'name="version"' in page  # the restore button sends the version it was shown
    deleted = Initiative.all_objects.get(pk=ini.pk)
    client.post(reverse("initiatives:initiative_restore", args=[ini.pk]), {"version": deleted.version})
    assert Initiative.objects.filter(pk=ini.pk).exists()
    page = client.get(ini.get_absolute_url()).content.decode()
    # the deletion, named as people read it; the logged form (for who may audit) has both steps
    assert "Lịch sử thay đổi" in page and "Thời điểm xoá" in page and "bdv_a" in page
    raw = client.get(ini.get_absolute_url() + "?raw=1").content.decode()
    assert raw.count("deleted_at") >= 2


@pytest.mark.django_db
def test_lifecycle_from_the_detail_page(client, world):
    ini = world.records["a"]
    client.force_login(world.users.staff_a)
    url = reverse("initiatives:initiative_transition", args=[ini.pk])
    today = datetime.date.today().strftime("%d/%m/%Y")
    client.post(url, {"to_status": "implementing", "date": today, "reason": "", "version": ini.version})
    ini.refresh_from_db()
    assert ini.status == Status.IMPLEMENTING
    response = client.post(url, {"to_status": "suspended", "date": today, "reason": "", "version": ini.version},
                           follow=True)
    assert "Cần ghi lý do" in response.content.decode()
    response = client.post(url, {"to_status": "recognised", "date": today, "reason": "x", "version": ini.version},
                           follow=True)
    ini.refresh_from_db()
    assert ini.status == Status.IMPLEMENTING
    assert "Chưa hợp lệ" in response.content.decode() or "Không thể chuyển" in response.content.decode()


@pytest.mark.django_db
def test_progress_with_indicator_values_and_evidence(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from danvan.initiatives.services import add_indicator

    ini = world.records["a"]
    money = add_indicator(ini, name="Kinh phí vận động", measure_unit="vnd", target=90_000_000)
    client.force_login(world.users.staff_a)
    response = client.post(reverse("initiatives:initiative_progress", args=[ini.pk]), {
        "date": "10/05/2025", "text": "Xây 3 nhà đại đoàn kết", f"indicator_{money.pk}": "90.000.000",
        "files": [SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\nxxxx", content_type="image/png")],
    }, follow=True)
    body = response.content.decode()
    assert "Đã ghi nhận tiến độ" in body, body[:3000]
    assert "90.000.000" in body and "anh.png" in body
    bad = client.post(reverse("initiatives:initiative_progress", args=[ini.pk]), {
        "date": "10/05/2025", "text": "Tệp lạ", "files": [SimpleUploadedFile("virus.exe", b"MZ...")],
    }, follow=True)
    assert "không được chấp nhận" in bad.content.decode()
    ini.refresh_from_db()
    assert ini.last_progress_at == datetime.date(2025, 5, 10)


@pytest.mark.django_db
def test_home_figures_link_to_lists_with_the_same_count(client, world):
    client.force_login(world.users.province_staff)
    body = client.get(reverse("home")).content.decode()
    assert "?status=registered" in body
    listing = client.get(reverse("initiatives:initiative_list"), {"status": "registered"})
    assert listing.context["table"].paginator.count == 3


@pytest.mark.django_db
def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["database"] == "ok"


@pytest.mark.django_db
def test_record_replication_from_the_form(client, world):
    source, copy = world.records["a_farmers"], world.records["a"]
    client.force_login(world.users.staff_a)
    form = {"title": copy.title, "field": copy.field, "scope": copy.scope, "organization": copy.organization_id,
            "year": copy.year, "version": copy.version}
    bad = client.post(reverse("initiatives:initiative_edit", args=[copy.pk]), {**form, "replicates": world.records["c"].pk})
    assert bad.status_code == 400 and "Không tìm thấy mô hình" in bad.content.decode()
    ok = client.post(reverse("initiatives:initiative_edit", args=[copy.pk]), {**form, "replicates": source.pk})
    assert ok.status_code == 302
    copy.refresh_from_db()
    assert copy.replicates == source
    assert copy.title in client.get(source.get_absolute_url()).content.decode()  # "được nhân rộng tại"


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in body and '<option value="vi" lang="vi" selected>' in body
