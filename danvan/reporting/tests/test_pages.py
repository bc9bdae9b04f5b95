"""The acceptance story through the pages: a commune submits its 6-month report late, the province sees it as
late, accepts it, and the province's roll-up equals the sum of its communes' figures."""
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.initiatives.models import Field, Initiative
from danvan.initiatives.services import register_initiative
from danvan.reporting.models import PeriodicReport, ReportingRound, ReportStatus
from danvan.reporting.tests.conftest import let_deadline_pass

pytestmark = pytest.mark.django_db


def _count(body: str, state: str) -> int:
    match = re.search(rf'data-state="{state}">[^<]*<span[^>]*data-count>([\d.]+)</span>', body)
    assert match, f"no count for {state}"
    return int(match.group(1).replace(".", ""))


def _rows(body: str) -> int:
    table = body[body.index('id="reports"'):]
    table = table[:table.index("</table>")]
    return table.count("<tr") - 1  # minus the header row


def _cell(body: str, key: str, col: str) -> str:
    row = re.search(rf'<tr data-key="{re.escape(key)}"[^>]*>(.*?)</tr>', body, re.S).group(1)
    cell = re.search(rf'data-col="{col}">(.*?)</td>', row, re.S).group(1)
    return re.sub(r"<[^>]+>", "", cell).strip()


def test_a_commune_submits_late_and_the_province_sees_it_accepts_it_and_the_rollup_adds_up(world, client, half_year):
    # The province opens the 6-month round.
    client.force_login(world.users.province_staff)
    form = client.get(reverse("reporting:round_add")).content.decode()
    assert half_year in form and "6 tháng" in form
    today = timezone.localdate()
    response = client.post(reverse("reporting:round_add"), {
        "issuing_unit": world.p1.pk, "period": half_year, "deadline": today.strftime("%d/%m/%Y"), "title": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    round_ = ReportingRound.objects.get()
    assert response["Location"] == round_.get_absolute_url()
    assert round_.period_code == half_year and round_.deadline == today
    report_a = PeriodicReport.objects.get(round=round_, unit=world.a)

    # The deadline passes before commune A writes its report.
    let_deadline_pass(round_)

    client.force_login(world.users.staff_a)
    rounds = client.get(reverse("reporting:round_list")).content.decode()
    assert round_.title in rounds
    edit_url = reverse("reporting:report_edit", args=[report_a.pk])
    page = client.get(edit_url).content.decode()
    assert "đơn vị có 2 mô hình" in page  # the results section is pre-filled from the figures
    assert f'href="/initiatives/?unit={world.a.pk}&amp;registered_to=' in page  # each figure links to its records
    response = client.post(edit_url, {
        "version": report_a.version, "results": "Triển khai 2 mô hình, thu gom rác thải hiệu quả.",
        "limitations": "Một số thôn chưa tham gia.", "causes": "", "directions": "Nhân rộng mô hình.",
        "submit": "1",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    report_a.refresh_from_db()
    assert report_a.status == ReportStatus.SUBMITTED and report_a.is_late
    assert report_a.snapshot["initiatives"] == 2

    # Commune A cannot accept its own report; commune B cannot even see it.
    response = client.post(reverse("reporting:report_accept", args=[report_a.pk]), {"version": report_a.version},
                           follow=True)
    assert "Chỉ cấp mở đợt báo cáo" in response.content.decode()
    assert PeriodicReport.objects.get(pk=report_a.pk).status == ReportStatus.SUBMITTED
    client.force_login(world.users.staff_b)
    for name in ("report_detail", "report_edit"):
        assert client.get(reverse(f"reporting:{name}", args=[report_a.pk])).status_code == 404
    for name in ("report_submit", "report_accept", "report_return"):
        assert client.post(reverse(f"reporting:{name}", args=[report_a.pk]), {"version": 3}).status_code == 404
    b_view = client.get(round_.get_absolute_url()).content.decode()
    assert world.a.name not in b_view and world.b.name in b_view

    # The province sees A as late, B as missing; each count links to a list of exactly that many reports.
    client.force_login(world.users.province_staff)
    page = client.get(round_.get_absolute_url()).content.decode()
    assert "Nộp muộn" in page and "Quá hạn, chưa nộp" in page
    assert (_count(page, "late"), _count(page, "missing"), _count(page, "submitted")) == (1, 1, 1)
    for state in ("late", "missing", "submitted", "accepted", "returned"):
        listed = client.get(round_.get_absolute_url(), {"state": state}).content.decode()
        assert _rows(listed) == _count(page, state) or (_count(page, state) == 0 and "Không có báo cáo" in listed)
    late = client.get(round_.get_absolute_url(), {"state": "late"}).content.decode()
    assert world.a.name in late and world.b.name not in late

    # The province accepts A's report.
    detail = client.get(report_a.get_absolute_url()).content.decode()
    assert "Tiếp nhận" in detail and "Nộp muộn" in detail
    response = client.post(reverse("reporting:report_accept", args=[report_a.pk]),
                           {"version": report_a.version, "comment": "Báo cáo đầy đủ."})
    assert response.status_code == 302
    report_a.refresh_from_db()
    assert report_a.status == ReportStatus.ACCEPTED and report_a.reviewed_by == world.users.province_staff

    # B hands in too; the roll-up of the two communes equals the province's figures.
    report_b = PeriodicReport.objects.get(round=round_, unit=world.b)
    client.force_login(world.users.staff_b)
    client.post(reverse("reporting:report_edit", args=[report_b.pk]),
                {"version": report_b.version, "results": "Kết quả tốt.", "submit": "1"})
    assert PeriodicReport.objects.get(pk=report_b.pk).status == ReportStatus.SUBMITTED
    assert client.get(reverse("reporting:round_rollup", args=[round_.pk])).status_code == 404  # not for communes
    client.force_login(world.users.province_staff)
    rollup = client.get(reverse("reporting:round_rollup", args=[round_.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Khớp" in rollup and "<html" not in rollup
    total_a, total_b = report_a.snapshot["initiatives"], PeriodicReport.objects.get(pk=report_b.pk).snapshot["initiatives"]
    assert _cell(rollup, "initiatives", "reported") == str(total_a + total_b) == _cell(rollup, "initiatives", "own")
    assert _cell(rollup, "initiatives", "drift") == "0"
    page = client.get(reverse("reporting:round_rollup", args=[round_.pk])).content.decode()  # without JavaScript
    assert "<html" in page and 'id="rollup-table"' in page


def test_a_frozen_report_keeps_its_numbers_and_shows_what_changed(world, client, report_a):
    client.force_login(world.users.staff_a)
    client.post(reverse("reporting:report_edit", args=[report_a.pk]),
                {"version": report_a.version, "results": "Kết quả.", "submit": "1"})
    report_a.refresh_from_db()
    client.force_login(world.users.province_staff)
    client.post(reverse("reporting:report_accept", args=[report_a.pk]), {"version": report_a.version})
    page = client.get(report_a.get_absolute_url()).content.decode()
    assert "Không có thay đổi" in page
    assert _cell(page, "initiatives", "frozen") == _cell(page, "initiatives", "current") == "2"

    register_initiative(Initiative(title="Thắp sáng đường quê", field=Field.ECONOMY, organization=world.orgs["a"],
                                   year=2026), submit=True)
    page = client.get(report_a.get_absolute_url()).content.decode()
    assert _cell(page, "initiatives", "frozen") == "2" and _cell(page, "initiatives", "current") == "3"
    diff = page[page.index('id="snapshot-diff"'):]
    assert "Mô hình (luỹ kế đến cuối kỳ): 2 →" in diff and "+1" in diff
    assert "Mô hình – lĩnh vực Kinh tế" in diff
    assert PeriodicReport.objects.get(pk=report_a.pk).snapshot["initiatives"] == 2


def test_the_edit_page_keeps_what_was_typed_when_submission_is_refused(world, client, report_a):
    client.force_login(world.users.staff_a)
    response = client.post(reverse("reporting:report_edit", args=[report_a.pk]),
                           {"version": report_a.version, "results": "   ", "limitations": "Hạn chế A", "submit": "1"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Cần viết phần “Kết quả đạt được”" in body and "Hạn chế A" in body
    report_a.refresh_from_db()
    assert report_a.status == ReportStatus.DRAFT and report_a.limitations == "" and report_a.version == 1


def test_returned_report_shows_the_comment_and_can_be_resubmitted(world, client, report_a):
    client.force_login(world.users.staff_a)
    client.post(reverse("reporting:report_submit", args=[report_a.pk]), {"version": report_a.version}, follow=True)
    report_a.refresh_from_db()
    assert report_a.status == ReportStatus.DRAFT  # nothing written yet: refused
    client.post(reverse("reporting:report_edit", args=[report_a.pk]),
                {"version": report_a.version, "results": "Kết quả.", "submit": "1"})
    report_a.refresh_from_db()
    client.force_login(world.users.province_staff)
    response = client.post(reverse("reporting:report_return", args=[report_a.pk]),
                           {"version": report_a.version, "comment": ""}, follow=True)
    assert "Cần ghi ý kiến" in response.content.decode()
    client.post(reverse("reporting:report_return", args=[report_a.pk]),
                {"version": report_a.version, "comment": "Bổ sung số liệu hộ tham gia."})
    client.force_login(world.users.staff_a)
    page = client.get(report_a.get_absolute_url()).content.decode()
    assert "Bổ sung số liệu hộ tham gia." in page and "Bị trả lại" in page and "Nộp báo cáo" in page
    report_a.refresh_from_db()
    client.post(reverse("reporting:report_submit", args=[report_a.pk]), {"version": report_a.version})
    assert PeriodicReport.objects.get(pk=report_a.pk).status == ReportStatus.SUBMITTED


def test_round_pages_are_scoped_and_only_staff_above_can_open_rounds(world, client, p1_round, half_year):
    client.force_login(world.users.staff_c)
    assert p1_round.title not in client.get(reverse("reporting:round_list")).content.decode()
    assert client.get(p1_round.get_absolute_url()).status_code == 404
    assert client.post(reverse("reporting:round_close", args=[p1_round.pk])).status_code == 404

    client.force_login(world.users.staff_a)
    page = client.get(reverse("reporting:round_add")).content.decode()
    assert 'id="cannot-open"' in page and 'name="issuing_unit"' not in page
    response = client.post(reverse("reporting:round_add"), {
        "issuing_unit": world.p1.pk, "period": "2025", "deadline": timezone.localdate().strftime("%d/%m/%Y"),
    })
    assert response.status_code == 400 and ReportingRound.objects.count() == 1
    assert "Thêm mới" not in client.get(reverse("reporting:round_list")).content.decode()
    client.post(reverse("reporting:round_close", args=[p1_round.pk]), {"version": p1_round.version})
    assert ReportingRound.objects.get(pk=p1_round.pk).is_open

    client.force_login(world.users.province_staff)
    response = client.post(reverse("reporting:round_add"), {
        "issuing_unit": world.p1.pk, "period": half_year, "deadline": "31/02/2026",
    })
    assert response.status_code == 400 and "Nhập một ngày hợp lệ" in response.content.decode()
    response = client.post(reverse("reporting:round_add"), {
        "issuing_unit": world.p1.pk, "period": half_year, "deadline": timezone.localdate().strftime("%d/%m/%Y"),
    })
    assert response.status_code == 400 and "đã mở đợt báo cáo" in response.content.decode()
    page = client.get(reverse("reporting:round_list"), {"q": "so ket"}).content.decode()
    assert p1_round.title in page and "0/2" in page
    client.post(reverse("reporting:round_close", args=[p1_round.pk]), {"version": p1_round.version})
    assert not ReportingRound.objects.get(pk=p1_round.pk).is_open
