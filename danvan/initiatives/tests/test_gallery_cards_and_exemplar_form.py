"""Issue 12, items 9 and 10: a list is a stack of cards on a phone and sorts titles without their leading quote
marks; evidence photos are thumbnails and a gallery opening in the page; progress against a target as a
percentage and a bar; the exemplar form records evidence, the initiative it came from and the decision."""
import datetime
import re
from html import unescape

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.initiatives.models import Exemplar, ExemplarEvidence, Field, Initiative
from danvan.initiatives.services import add_indicator, record_progress, register_initiative

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n%%EOF\n"


def png(name="anh.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.mark.django_db
def test_titles_sort_without_their_leading_quote_marks_and_old_rows_are_recomputed(client, world):
    org = world.orgs["a"]
    for title in ("“Ba cùng” với dân", "An toàn giao thông", "'Chợ' không rác", "« Đường » sáng", '"Dân" là gốc'):
        register_initiative(Initiative(title=title, field=Field.ECONOMY, organization=org, year=2025), submit=True)
    client.force_login(world.users.staff_a)
    body = client.get(reverse("initiatives:initiative_list"), {"ordering": "title", "q": "a"}).content.decode()
    titles = [unescape(t) for t in re.findall(r'<td ><a href="/initiatives/\d+/">([^<]+)</a>', body)] or \
        [unescape(t) for t in re.findall(r'<a href="/initiatives/\d+/">([^<]+)</a></td>', body)]
    wanted = ["An toàn giao thông", "“Ba cùng” với dân", "'Chợ' không rác", '"Dân" là gốc', "« Đường » sáng"]
    assert [t for t in titles if t in wanted] == wanted, titles

    # Rows written before the rule are put right by the data migration.
    ini = Initiative.objects.get(title="« Đường » sáng")
    Initiative.all_objects.filter(pk=ini.pk).update(sort_key="0")
    migration = __import__("danvan.initiatives.migrations.0006_sort_key_ignores_leading_quotes",
                           fromlist=["recompute"])
    migration.recompute(apps, None)
    assert Initiative.objects.get(pk=ini.pk).sort_key == Initiative.objects.get(pk=ini.pk).sort_key[:200] != "0"
    assert Initiative.objects.get(pk=ini.pk).sort_key > Initiative.objects.get(title='"Dân" là gốc').sort_key


@pytest.mark.django_db
def test_a_list_is_a_stack_of_cards_with_title_status_unit_and_date_on_a_phone(client, world):
    client.force_login(world.users.province_staff)
    body = client.get(reverse("initiatives:initiative_list")).content.decode()
    table_at, cards_at = body.index('<div class="d-none d-md-block">'), body.index('class="list-unstyled list-cards d-md-none')
    assert table_at < cards_at
    cards = re.findall(r'<li class="card list-card mb-2">(.*?)</li>', body, re.S)
    assert len(cards) == 3  # the province sees its three initiatives
    first = next(c for c in cards if "Mường Bú" in c)
    assert 'class="badge status-registered"' in first and "Xã Mường Bú" in first
    assert re.search(r"\d{2}/\d{2}/\d{4}", first) and "list-card-title" in first
    body = client.get(reverse("initiatives:exemplar_list")).content.decode()
    assert body.count('<li class="card list-card mb-2">') == 2


@pytest.mark.django_db
def test_photos_are_a_gallery_opening_in_the_page_and_progress_is_a_percentage_and_a_bar(
        client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ini = world.records["a"]
    houses = add_indicator(ini, name="Nhà đại đoàn kết", measure_unit="houses", target=8)
    add_indicator(ini, name="Ngày công", measure_unit="work_days")
    record_progress(ini, text="Xây 2 nhà", date=datetime.date(2025, 5, 10), values={houses.pk: 2},
                    files=[png("nha-1.png"), png("nha-2.png"),
                           SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")])
    client.force_login(world.users.staff_a)
    body = client.get(ini.get_absolute_url()).content.decode()
    gallery = body[body.index('class="evidence-gallery'):body.index("</section>", body.index('class="evidence-gallery'))]
    photos = re.findall(r'<a class="gallery-thumb" href="(/evidence/\d+/photo/)" data-lightbox="gallery"[^>]*>\s*'
                        r'<img src="\1" alt="(nha-\d\.png)"', gallery)
    assert sorted(name for _url, name in photos) == ["nha-1.png", "nha-2.png"]
    assert "Ảnh minh chứng (2)" in gallery and '<dialog class="lightbox" id="lightbox"' in body
    assert "bien-ban.pdf" not in gallery and re.search(r'<a href="/evidence/\d+/">bien-ban.pdf</a>', body)
    assert 'aria-valuenow="25"' in body and 'data-percent="25"' in body and ">25%<" in body

    # The photo is shown in the page, not downloaded; a document is never shown inline; outside the scope: 404.
    photo = client.get(photos[0][0])
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert not photo.get("Content-Disposition", "").startswith("attachment")
    assert b"".join(photo.streaming_content) == PNG
    pdf_pk = re.search(r'<a href="/evidence/(\d+)/">bien-ban.pdf</a>', body).group(1)
    assert client.get(reverse("initiatives:evidence_photo", args=[pdf_pk])).status_code == 404
    assert client.get(reverse("initiatives:evidence_download", args=[pdf_pk]))["Content-Disposition"].startswith(
        "attachment")
    client.force_login(world.users.staff_c)
    assert client.get(photos[0][0]).status_code == 404


@pytest.mark.django_db
def test_the_exemplar_form_saves_evidence_the_initiative_and_the_recognition_decision(
        client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ini = world.records["a"]
    client.force_login(world.users.staff_a)
    form = client.get(reverse("initiatives:exemplar_add"), {"initiative": ini.pk}).content.decode()
    assert re.search(rf'name="initiative" value="{ini.pk}"', form)
    for name in ("decision_number", "decision_date", "recognition_level", "award_form", "files"):
        assert f'name="{name}"' in form, name
    response = client.post(reverse("initiatives:exemplar_add"), {
        "name": "Bà Lò Thị Xuân", "kind": "individual", "field": "economy", "organization": world.orgs["a"].pk,
        "year": 2025, "achievements": "Vận động 30 hộ hiến đất làm đường", "initiative": ini.pk,
        "decision_number": "125/QĐ-UBND", "decision_date": "15/06/2025", "recognition_level": "province",
        "award_form": "province_merit",
        "files": [png("trao-bang-khen.png"), SimpleUploadedFile("quyet-dinh.pdf", PDF, content_type="application/pdf")],
    }, follow=True)
    body = response.content.decode()
    assert response.status_code == 200 and "Đã lưu" in body, body[:2000]
    ex = Exemplar.objects.get(name="Bà Lò Thị Xuân")
    assert (ex.initiative_id, ex.decision_number, ex.decision_date, ex.recognition_level, ex.award_form) == (
        ini.pk, "125/QĐ-UBND", datetime.date(2025, 6, 15), "province", "province_merit")
    assert sorted(ExemplarEvidence.objects.filter(exemplar=ex).values_list("original_name", flat=True)) == [
        "quyet-dinh.pdf", "trao-bang-khen.png"]
    assert "125/QĐ-UBND" in body and "15/06/2025" in body and "Bằng khen của Chủ tịch UBND tỉnh" in body
    assert "Cấp tỉnh" in body and f'href="{ini.get_absolute_url()}"' in body
    assert re.search(r'<a class="gallery-thumb" href="/exemplar-evidence/\d+/photo/"', body)
    assert re.search(r'<a href="/exemplar-evidence/\d+/">quyet-dinh.pdf</a>', body)
    # The initiative's page lists the exemplar that came from it.
    assert "Bà Lò Thị Xuân" in client.get(ini.get_absolute_url()).content.decode()

    # An initiative outside the scope, a decision in the future, a file that is not allowed: clear messages.
    bad = client.post(reverse("initiatives:exemplar_edit", args=[ex.pk]), {
        "name": ex.name, "kind": "individual", "field": "economy", "organization": world.orgs["a"].pk,
        "year": 2025, "initiative": world.records["c"].pk, "decision_date": "01/01/2999", "version": ex.version,
        "files": [SimpleUploadedFile("virus.exe", b"MZ..")],
    })
    text = bad.content.decode()
    assert bad.status_code == 400
    assert f"Không tìm thấy mô hình có mã số {world.records['c'].pk}" in text
    assert "Ngày quyết định không được ở tương lai" in text


@pytest.mark.django_db
def test_the_api_records_the_recognition_decision_through_the_service(client, world):
    client.force_login(world.users.staff_a)
    payload = {"name": "Tổ tự quản bản Nà Lại", "kind": "collective", "field": "economy",
               "organization": world.orgs["a"].pk, "year": 2025, "initiative": world.records["a"].pk,
               "decision_number": "12/QĐ-UBND", "decision_date": "2025-06-15", "recognition_level": "commune",
               "award_form": "certificate"}
    created = client.post("/api/v1/exemplars/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    ex = Exemplar.objects.get(pk=created.json()["id"])
    assert (ex.decision_number, ex.decision_date, ex.award_form) == ("12/QĐ-UBND", datetime.date(2025, 6, 15),
                                                                     "certificate")
    future = client.post("/api/v1/exemplars/", {**payload, "name": "Khác", "decision_date": "2999-01-01"},
                         content_type="application/json")
    assert future.status_code == 422 and "tương lai" in future.content.decode()  # a domain rule: 422, as elsewhere
