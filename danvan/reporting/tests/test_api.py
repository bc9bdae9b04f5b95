"""The reporting API as units and the province use it: scoped reads, the workflow, Vietnamese errors."""
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from danvan.reporting.models import PeriodicReport, ReportingRound, ReportStatus

API = "/api/v1"
pytestmark = pytest.mark.django_db


def _as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_reports_and_rounds_are_scoped(world, p1_round, report_a, report_b):
    national = _as(world.users.admin).post(f"{API}/reporting-rounds/", {
        "issuing_unit": None, "period": "2025", "deadline": timezone.localdate().isoformat(),
    }, format="json")
    assert national.status_code == 201, national.content
    as_a, as_c, as_province = _as(world.users.staff_a), _as(world.users.staff_c), _as(world.users.province_staff)
    assert _ids(as_a.get(f"{API}/periodic-reports/")) == {report_a.pk}
    assert _ids(as_a.get(f"{API}/periodic-reports/", {"unit": world.b.pk})) == set()
    assert _ids(as_a.get(f"{API}/reporting-rounds/")) == {p1_round.pk}
    assert _ids(as_c.get(f"{API}/reporting-rounds/")) == set()
    province_reports = _ids(as_province.get(f"{API}/periodic-reports/"))
    assert {report_a.pk, report_b.pk} < province_reports  # and P1's own report in the national round
    assert _ids(as_province.get(f"{API}/reporting-rounds/")) == {p1_round.pk, national.json()["id"]}
    for method, url in (("get", f"periodic-reports/{report_b.pk}/"), ("patch", f"periodic-reports/{report_b.pk}/"),
                        ("post", f"periodic-reports/{report_b.pk}/submit/"),
                        ("get", f"periodic-reports/{report_b.pk}/diff/"),
                        ("post", f"reporting-rounds/{p1_round.pk}/close/")):
        response = getattr(as_a, method)(f"{API}/{url}", {"version": 1}, format="json")
        assert response.status_code in (403, 404), (method, url, response.status_code)
    assert as_a.delete(f"{API}/periodic-reports/{report_a.pk}/").status_code == 405


def test_the_workflow_through_the_api(world, p1_round, report_a):
    as_a, as_province = _as(world.users.staff_a), _as(world.users.province_staff)
    url = f"{API}/periodic-reports/{report_a.pk}/"
    response = as_a.patch(url, {"results": "Kết quả 6 tháng."}, format="json")
    assert response.status_code == 400 and "version" in response.json()
    response = as_a.patch(url, {"results": "Kết quả 6 tháng.", "version": 1, "status": "accepted"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "draft" and response.json()["version"] == 2
    assert as_a.post(f"{url}submit/", {"version": 1}, format="json").status_code == 409  # stale
    response = as_a.post(f"{url}submit/", {"version": 2}, format="json")
    assert response.status_code == 200 and response.json()["snapshot"]["initiatives"] == 2
    response = as_a.post(f"{url}accept/", {"version": 3}, format="json")
    assert response.status_code == 403 and "Chỉ cấp mở đợt báo cáo" in response.json()["detail"]
    response = as_province.post(f"{url}return/", {"version": 3}, format="json")
    assert response.status_code == 422 and "Cần ghi ý kiến" in str(response.json())
    response = as_province.post(f"{url}accept/", {"version": 3, "comment": "Tốt"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == ReportStatus.ACCEPTED
    assert as_a.get(f"{url}diff/").json() == []
    response = as_province.post(f"{url}accept/", {"version": 4}, format="json")
    assert response.status_code == 409  # already accepted
    history = as_province.get(f"{url}history/").json()
    assert len(history) >= 3


def test_opening_rounds_through_the_api_is_for_the_level_above(world):
    body = {"issuing_unit": world.p1.pk, "period": "2025-H3", "deadline": timezone.localdate().isoformat()}
    response = _as(world.users.province_staff).post(f"{API}/reporting-rounds/", body, format="json")
    assert response.status_code == 400 and "Kỳ báo cáo không hợp lệ" in response.json()["period"][0]
    body["period"] = "2025-H2"
    response = _as(world.users.staff_a).post(f"{API}/reporting-rounds/", body, format="json")
    assert response.status_code == 403 and not ReportingRound.objects.exists()
    response = _as(world.users.province_staff).post(f"{API}/reporting-rounds/", body, format="json")
    assert response.status_code == 201 and response.json()["period_code"] == "2025-H2"
    assert PeriodicReport.objects.filter(round_id=response.json()["id"]).count() == 2
