"""A report's paper (.docx/.xlsx) is made from the report itself and downloaded from its page: its frozen
figures and its own text (issue 12, item 2); a province's own report can take its communes' text as material; a
back-filled 2025 initiative counts in 2025 on the dashboard, in the 2025 report's document and in the drill-down
list."""
import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from danvan.documents.docx_report import SIGNER_LINE
from danvan.documents.sections import PLACEHOLDER
from danvan.initiatives.models import Field, Initiative
from danvan.initiatives.services import register_initiative
from danvan.reporting import services
from danvan.reporting.models import PeriodicReport, ReportStatus
from danvan.stats.figures import figures
from danvan.stats.periods import parse_period

pytestmark = pytest.mark.django_db

TEXT = {
    "results": "Xã ra quân thu gom rác thải mỗi sáng thứ Bảy, 300 hộ tham gia.",
    "limitations": "Thôn Bản Mòng vùng cao chưa tham gia đều.",
    "causes": "Đường vào bản bị sạt lở trong mùa mưa.",
    "directions": "Huy động 50 triệu đồng xã hội hoá để mua xe thu gom.",
}


def _texts(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [p.text for t in doc.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _hand_in(report, user, text=TEXT):
    for name, value in text.items():
        setattr(report, name, value)
    report = services.update_narrative(report, user=user, expected_version=report.version)
    return services.submit(report, user=user, expected_version=report.version)


def _download(client, report, fmt="docx", **params):
    return client.get(reverse("reporting:report_document", args=[report.pk, fmt]), params)


def test_the_accepted_reports_paper_holds_its_own_text_and_frozen_figures(world, login, report_a):
    report = _hand_in(report_a, world.users.staff_a)
    services.accept(report, user=world.users.province_staff, expected_version=report.version)
    frozen = report.snapshot["initiatives"]
    # The registry moves on after the report was handed in: its paper does not.
    register_initiative(Initiative(title="Mô hình mới sau khi nộp", field=Field.ECONOMY,
                                   organization=world.orgs["a"], year=2026), submit=True)
    assert figures(world.a, report.round.period).initiatives.value == frozen + 1

    client = login(world.users.province_staff)
    page = client.get(report.get_absolute_url()).content.decode()
    download = reverse("reporting:report_document", args=[report.pk, "docx"])
    assert f'formaction="{download}"' in page and "Làm từ số liệu đã chốt khi nộp" in page
    response = _download(client, report, signer="Lò Văn Minh")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-xa-phong-lai-moi-%s.docx"' % (
        report.round.period_code.lower())
    body = _texts(response.content)
    for text in TEXT.values():
        assert text in body
    assert PLACEHOLDER not in body
    # Counted when it was handed in, before its period ends: the paper speaks up to that day, not the period's end.
    as_of = min(timezone.localdate(report.submitted_at), report.round.period.end).strftime("%d/%m/%Y")
    assert f"Tính đến ngày {as_of}, toàn xã có {frozen} mô hình" in body
    assert not re.search(r"\b0 (mô hình|điển hình)", body)
    signature = Document(io.BytesIO(response.content)).tables[-1].cell(0, 1).paragraphs[-1]
    assert signature.text == "Lò Văn Minh" and signature.runs[0].bold
    # No signer given: the name line is left to be written in.
    unsigned = Document(io.BytesIO(_download(client, report).content)).tables[-1].cell(0, 1).paragraphs[-1]
    assert unsigned.text == SIGNER_LINE

    # The annex is the same frozen figures, its columns saying what is cumulative and what is within the period.
    xlsx = _download(client, report, "xlsx")
    assert xlsx.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    ws = wb["1. Theo lĩnh vực"]
    assert [c.value for c in ws[5]] == ["TT", "Lĩnh vực", "Mô hình (luỹ kế)", "Điển hình (trong kỳ)"]
    assert sum(ws.cell(row=r, column=3).value for r in range(6, 10)) == frozen
    assert wb[wb.sheetnames[-1]]["D5"].value == "Kết quả trong kỳ"


def test_whoever_may_see_the_report_downloads_it_others_get_404(world, login, report_a):
    report = _hand_in(report_a, world.users.staff_a)
    for user in (world.users.staff_a, world.users.province_staff, world.users.leader_p1, world.users.admin):
        assert _download(login(user), report).status_code == 200, user
    for user in (world.users.staff_b, world.users.staff_c, world.users.nobody):
        assert _download(login(user), report).status_code == 404, user
    assert _download(login(world.users.staff_a), report, "pdf").status_code == 302  # a message, not a crash


def test_a_draft_reports_paper_has_its_text_so_far_and_the_figures_now(world, login, report_a):
    report_a.limitations = TEXT["limitations"]
    report_a.save()
    body = _texts(_download(login(world.users.staff_a), report_a).content)
    assert TEXT["limitations"] in body
    assert PLACEHOLDER in body  # the causes are not written yet


def test_the_province_takes_its_communes_text_into_its_own_report(world, login, p1_round, report_a, report_b):
    _hand_in(report_a, world.users.staff_a)
    _hand_in(report_b, world.users.staff_b, {"results": "Xã Mường Bú làm đường điện chiếu sáng.",
                                             "limitations": "", "causes": "", "directions": ""})
    national = services.open_round(None, p1_round.period_code, timezone.localdate(), world.users.admin)
    own = PeriodicReport.objects.get(round=national, unit=world.p1)
    client = login(world.users.province_staff)
    page = client.get(own.get_absolute_url()).content.decode()
    assert "Lấy nội dung từ báo cáo của xã (2)" in page
    form = client.get(reverse("reporting:report_edit", args=[own.pk]), {"pull": "communes"}).context["form"]
    assert form.initial["limitations"] == f"Xã Phổng Lái Mới:\n{TEXT['limitations']}"
    # The province's results start from its own figures, then each commune's text under its name.
    assert form.initial["results"].startswith("Tính đến hết")
    assert form.initial["results"].endswith("\n\nXã Mường Bú:\nXã Mường Bú làm đường điện chiếu sáng.\n\n"
                                            f"Xã Phổng Lái Mới:\n{TEXT['results']}")  # in Vietnamese order
    assert "directions" in form.initial and "Xã Mường Bú" not in form.initial["directions"]
    # A commune's own report offers nothing to take.
    assert "Lấy nội dung" not in login(world.users.staff_a).get(report_a.get_absolute_url()).content.decode()


def test_a_back_filled_2025_initiative_counts_in_2025_everywhere(world, login):
    """Registration date in 2025, entered today: the dashboard, the 2025 report's document and the drill-down
    list all count it in 2025."""
    client = login(world.users.staff_a)
    dashboard = reverse("dashboards:unit", args=[world.a.pk])

    def new_in_2025():
        figures_ = {name: n for name, _label, n in client.get(dashboard, {"period": "2025"}).context["key_figures"]}
        return figures_["new"].value

    before = new_in_2025()
    response = client.post(reverse("initiatives:initiative_add"), {
        "title": "Sổ vàng tình nguyện bản Mòng", "field": "economy", "scope": "collective", "year": 2025,
        "submit": "on", "organization": world.orgs["a"].pk, "registered_on": "15/04/2025"})
    assert response.status_code == 302, response.content.decode()[:2000]
    initiative = Initiative.objects.get(title="Sổ vàng tình nguyện bản Mòng")
    assert initiative.registered_on == datetime.date(2025, 4, 15)

    # 1. The dashboard of 2025.
    assert new_in_2025() == before + 1

    # 2. The 2025 report: a round for 2025, the commune hands in, the paper from the report page says so.
    round_ = services.open_round(world.p1, "2025", timezone.localdate(), world.users.province_staff)
    report = PeriodicReport.objects.get(round=round_, unit=world.a)
    report = _hand_in(report, world.users.staff_a)
    assert report.status == ReportStatus.SUBMITTED and report.snapshot["new"] == before + 1
    body = _texts(_download(client, report).content)
    assert f"trong năm 2025 đăng ký mới {before + 1} mô hình" in body

    # 3. The drill-down list of the figure "new" in 2025 lists it.
    link = figures(world.a, parse_period("2025")).new.url
    listing = client.get(link)
    assert initiative.title in listing.content.decode()
    assert listing.context["table"].paginator.count == before + 1
