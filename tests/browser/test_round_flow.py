"""The reporting round as officials live it, in a real browser: the province (desktop) opens a round, the
commune (phone) is told, sees the report due on its home page, writes and hands it in late, the province returns
it with a comment, the commune is told, fixes and hands it in again, the province accepts it, and the Word paper
downloaded from the report page holds the commune's own text.
Screenshots of each step go to $DANVAN_SCREENSHOTS (default: a temporary folder) for a person to look at."""
import datetime

import pytest
from django.utils import timezone
from docx import Document

from danvan.reporting.models import PeriodicReport, ReportingRound, ReportStatus
from tests.browser.test_commune_user import PHONE, browser, csp_violations, log_in, shots, watch_console  # noqa: F401

DESKTOP = {"width": 1366, "height": 900}


@pytest.mark.django_db(transaction=True)
def test_the_round_flow_on_a_phone_and_a_desktop(browser, live_server, world, shots):  # noqa: F811
    base = live_server.url
    province = browser.new_context(viewport=DESKTOP, locale="vi-VN").new_page()
    commune = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="vi-VN").new_page()
    consoles = [watch_console(province), watch_console(commune)]

    # 1. The province opens a round (its form), due in two days.
    log_in(province, base, world.users.province_staff.username)
    province.goto(f"{base}/reports/rounds/add/")
    deadline = timezone.localdate() + datetime.timedelta(days=2)
    province.fill("input[name=deadline]", deadline.strftime("%d/%m/%Y"))
    province.screenshot(path=str(shots / "1-round-form-desktop.png"), full_page=True)
    province.click("main button[type=submit]")
    province.wait_for_url(f"{base}/reports/rounds/*/")
    round_ = ReportingRound.objects.get()
    report = PeriodicReport.objects.get(round=round_, unit=world.a)

    # 2. The commune is told: the bell counts it, the home page lists the report due with its deadline.
    log_in(commune, base, world.users.staff_a.username)
    todo = commune.locator("#todo-due").inner_text()
    assert round_.title in todo and deadline.strftime("%d/%m/%Y") in todo and "còn 2 ngày" in todo
    assert commune.locator("a[href='/notifications/'] .badge").first.inner_text().strip().startswith("1")
    commune.screenshot(path=str(shots / "2-home-due-phone.png"), full_page=True)

    # 3. Time passes; the commune writes and hands in late.
    ReportingRound.objects.filter(pk=round_.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    commune.goto(f"{base}/reports/{report.pk}/edit/")
    commune.fill("textarea[name=results]", "Triển khai 2 mô hình thu gom rác thải, 300 hộ tham gia.")
    commune.fill("textarea[name=limitations]", "Một số thôn vùng cao chưa tham gia.")
    commune.screenshot(path=str(shots / "3-write-phone.png"), full_page=True)
    commune.click("button[name=submit]")
    commune.wait_for_url(f"{base}/reports/{report.pk}/")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.is_late

    # 4. The province is told and returns it with a comment.
    province.goto(f"{base}/notifications/")
    assert "đã nộp báo cáo" in province.content()
    province.goto(f"{base}/reports/{report.pk}/")
    assert province.locator("text=Viết / sửa báo cáo").count() == 0
    province.fill("textarea[name=comment]", "Đề nghị bổ sung kinh phí đã huy động.")
    province.screenshot(path=str(shots / "4-review-desktop.png"), full_page=True)
    province.click("button:has-text('Trả lại để sửa')")
    province.wait_for_url(f"{base}/reports/{report.pk}/")

    # 5. The commune is told, fixes and hands in again.
    commune.goto(f"{base}/")
    assert "Bị trả lại, cần sửa và nộp lại" in commune.locator("#todo").inner_text()
    commune.goto(f"{base}/notifications/")
    assert "Đề nghị bổ sung kinh phí đã huy động." in commune.content()
    commune.screenshot(path=str(shots / "5-returned-phone.png"), full_page=True)
    commune.goto(f"{base}/reports/{report.pk}/edit/")
    commune.fill("textarea[name=directions]", "Huy động 50 triệu đồng từ xã hội hoá trong quý tới.")
    commune.click("button[name=submit]")
    commune.wait_for_url(f"{base}/reports/{report.pk}/")

    # 6. The province accepts; the commune is told.
    province.goto(f"{base}/reports/{report.pk}/")
    province.click("button:has-text('Tiếp nhận')")
    province.wait_for_url(f"{base}/reports/{report.pk}/")
    province.screenshot(path=str(shots / "6-accepted-desktop.png"), full_page=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    commune.goto(f"{base}/notifications/")
    assert "Báo cáo đã được tiếp nhận" in commune.content()
    commune.screenshot(path=str(shots / "7-notifications-phone.png"), full_page=True)

    # 7. The paper comes from the report page: the .docx holds the commune's own text, not placeholders.
    province.goto(f"{base}/reports/{report.pk}/")
    province.fill("#id_doc_signer", "Lò Văn Minh")
    with province.expect_download() as download:
        province.click("#download-docx")
    download.value.save_as(str(shots / "9-report-from-page.docx"))  # to open and look at
    paper = Document(download.value.path())
    body = "\n".join([p.text for p in paper.paragraphs] + [
        p.text for t in paper.tables for row in t.rows for cell in row.cells for p in cell.paragraphs])
    for text in ("Triển khai 2 mô hình thu gom rác thải, 300 hộ tham gia.", "Một số thôn vùng cao chưa tham gia.",
                 "Huy động 50 triệu đồng từ xã hội hoá trong quý tới.", "Lò Văn Minh"):
        assert text in body
    assert "(Đơn vị bổ sung nhận xét, đánh giá cụ thể.)" in body  # the causes the commune did not write
    assert download.value.suggested_filename.endswith(".docx")
    # The commune downloads it from its phone too.
    commune.goto(f"{base}/reports/{report.pk}/")
    commune.screenshot(path=str(shots / "8-report-page-phone.png"), full_page=True)
    with commune.expect_download() as download:
        commune.click("#download-docx")
    assert "Một số thôn vùng cao chưa tham gia." in "\n".join(
        p.text for p in Document(download.value.path()).paragraphs)

    # 8. A shorter second pass with the sizes swapped: the province on a phone, the commune at a desk.
    province_phone = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                         locale="vi-VN").new_page()
    commune_desk = browser.new_context(viewport=DESKTOP, locale="vi-VN").new_page()
    consoles += [watch_console(province_phone), watch_console(commune_desk)]
    log_in(province_phone, base, world.users.province_staff.username)
    province_phone.goto(f"{base}/reports/rounds/{round_.pk}/")
    assert "Nộp muộn" in province_phone.content()
    province_phone.screenshot(path=str(shots / "10-round-province-phone.png"), full_page=True)
    province_phone.goto(f"{base}/reports/{report.pk}/")
    with province_phone.expect_download() as download:
        province_phone.click("#download-docx")
    assert "Huy động 50 triệu đồng từ xã hội hoá trong quý tới." in "\n".join(
        p.text for p in Document(download.value.path()).paragraphs)
    log_in(commune_desk, base, world.users.staff_a.username)
    commune_desk.goto(f"{base}/reports/{report.pk}/")
    assert commune_desk.locator("text=Viết / sửa báo cáo").count() == 0  # accepted: nothing left to write
    commune_desk.screenshot(path=str(shots / "11-report-commune-desktop.png"), full_page=True)
    assert csp_violations(consoles[0] + consoles[1]) == []
