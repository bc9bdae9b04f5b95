"""The reporting workflow's rules: who opens, writes, submits, accepts and returns, and what is late or missing."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.core.exceptions import DomainError, NotInScope, StaleEdit, TransitionNotAllowed
from danvan.initiatives.models import Field, Initiative
from danvan.initiatives.services import register_initiative
from danvan.reporting import services
from danvan.reporting.models import PeriodicReport, ReportingRound, ReportStatus, RoundStatus, TargetLevel
from danvan.reporting.tests.conftest import let_deadline_pass

pytestmark = pytest.mark.django_db


def _write_and_submit(report, user):
    report.results = "Các mô hình được triển khai đều khắp."
    report = services.update_narrative(report, user=user, expected_version=report.version)
    return services.submit(report, user=user, expected_version=report.version)


def test_a_province_round_gives_each_of_its_communes_one_draft(world, p1_round):
    reports = PeriodicReport.objects.filter(round=p1_round)
    assert {r.unit for r in reports} == {world.a, world.b}
    assert {r.status for r in reports} == {ReportStatus.DRAFT}
    assert {(r.commune, r.province) for r in reports} == {(world.a, world.p1), (world.b, world.p1)}
    assert p1_round.target_level == TargetLevel.COMMUNES and p1_round.period_kind == "half"
    assert "sơ kết" in p1_round.title and p1_round.opened_by == world.users.province_staff


def test_a_national_round_goes_to_the_provinces(world, half_year):
    round_ = services.open_round(None, "2025", timezone.localdate(), world.users.admin)
    assert {r.unit for r in round_.reports.all()} == {world.p1, world.p2}
    assert {r.commune for r in round_.reports.all()} == {None}
    assert round_.target_level == TargetLevel.PROVINCES and "tổng kết" in round_.title


@pytest.mark.parametrize("who, unit, period, deadline_days, message", [
    ("staff_a", "p1", None, 5, "không có quyền"),          # a commune cannot open rounds
    ("province_staff", "p2", None, 5, "không có quyền"),   # nor a province for another one
    ("province_staff", None, None, 5, "không có quyền"),   # nor a province for the nation
    ("leader_p1", "p1", None, 5, "không có quyền"),        # leaders read
    ("province_staff", "p1", "2025-H3", 5, "Kỳ báo cáo không hợp lệ"),
    ("province_staff", "p1", None, -1, "quá khứ"),
    ("province_staff", "a", None, 5, "Chỉ cấp tỉnh"),
    ("province_staff", "old_p1", None, 5, "Chỉ cấp tỉnh"),
])
def test_opening_a_round_is_refused_with_a_vietnamese_reason(world, half_year, who, unit, period, deadline_days,
                                                             message):
    deadline = timezone.localdate() + datetime.timedelta(days=deadline_days)
    with pytest.raises(DomainError) as exc:
        services.open_round(getattr(world, unit) if unit else None, period or half_year, deadline,
                            getattr(world.users, who))
    assert message in str(exc.value.message)
    assert not ReportingRound.objects.exists()


def test_one_round_per_level_and_period(world, p1_round, half_year):
    with pytest.raises(DomainError, match="đã mở đợt báo cáo"):
        services.open_round(world.p1, half_year, timezone.localdate(), world.users.province_staff)
    other = services.open_round(world.p2, half_year, timezone.localdate(), world.users.admin)
    assert [r.unit for r in other.reports.all()] == [world.c]


def test_submission_freezes_the_figures_and_an_on_time_report_is_not_late(world, report_a):
    report = _write_and_submit(report_a, world.users.staff_a)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and not report.is_late
    assert report.submitted_by == world.users.staff_a and report.version == 3
    # A: the fixture's initiative of the People's Committee, registered today (the farmers' one is a 2024 initiative
    # also registered today); and one exemplar, of 2025.
    assert report.snapshot["initiatives"] == Initiative.objects.filter(commune=world.a).count() == 2
    assert report.snapshot["new"] == 2 and report.snapshot["exemplars_cumulative"] == 1
    assert report.snapshot["by_field"]["culture_society"]["initiatives"] == 1


def test_a_report_first_handed_in_after_the_deadline_is_late_even_once_returned_and_resubmitted(world, p1_round,
                                                                                                 report_a, report_b):
    let_deadline_pass(p1_round)
    report_a.refresh_from_db()
    assert report_a.is_overdue
    report = _write_and_submit(report_a, world.users.staff_a)
    assert report.is_late
    assert list(services.late_reports(p1_round)) == [report]
    assert list(services.missing_reports(p1_round)) == [report_b]
    assert list(services.overdue_reports()) == [report_b]
    assert list(services.overdue_reports(world.users.staff_a)) == []  # a cannot see b's report

    report = services.return_with_comment(report, user=world.users.province_staff, expected_version=report.version,
                                          comment="Bổ sung phần hạn chế.")
    assert report.status == ReportStatus.RETURNED and report.review_comment == "Bổ sung phần hạn chế."
    report = services.submit(report, user=world.users.staff_a, expected_version=report.version)
    assert report.is_late and report.status == ReportStatus.SUBMITTED


def test_a_report_handed_in_by_the_deadline_day_stays_on_time_after_return(world, p1_round, report_a):
    report = _write_and_submit(report_a, world.users.staff_a)
    report = services.return_with_comment(report, user=world.users.province_staff, expected_version=report.version,
                                          comment="Sửa số liệu.")
    let_deadline_pass(p1_round)
    report.round.refresh_from_db()
    report = services.submit(report, user=world.users.staff_a, expected_version=report.version)
    assert not report.is_late


def test_only_the_level_above_accepts_and_a_commune_cannot_accept_its_own(world, report_a):
    report = _write_and_submit(report_a, world.users.staff_a)
    for user in (world.users.staff_a, world.users.staff_b, world.users.staff_c, world.users.leader_p1,
                 world.users.reporter_a, world.users.steering_a):
        with pytest.raises(NotInScope, match="Chỉ cấp mở đợt báo cáo"):
            services.accept(report, user=user, expected_version=report.version)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    report = services.accept(report, user=world.users.province_staff, expected_version=report.version,
                             comment="Tốt.")
    assert report.status == ReportStatus.ACCEPTED and report.reviewed_by == world.users.province_staff


def test_in_a_national_round_a_province_cannot_accept_its_own_report(world):
    round_ = services.open_round(None, "2025", timezone.localdate(), world.users.admin)
    report = round_.reports.get(unit=world.p1)
    report = _write_and_submit(report, world.users.province_staff)
    with pytest.raises(NotInScope):
        services.accept(report, user=world.users.province_staff, expected_version=report.version)
    assert services.accept(report, user=world.users.admin, expected_version=report.version).status == "accepted"


def test_workflow_steps_out_of_order_are_refused(world, report_a, report_b):
    with pytest.raises(TransitionNotAllowed):
        services.accept(report_a, user=world.users.province_staff, expected_version=report_a.version)
    with pytest.raises(DomainError, match="Kết quả đạt được"):
        services.submit(report_a, user=world.users.staff_a, expected_version=report_a.version)
    report = _write_and_submit(report_a, world.users.staff_a)
    with pytest.raises(TransitionNotAllowed):
        services.submit(report, user=world.users.staff_a, expected_version=report.version)
    with pytest.raises(TransitionNotAllowed, match="không sửa hoặc nộp được"):
        services.update_narrative(report, user=world.users.staff_a, expected_version=report.version)
    with pytest.raises(DomainError, match="Cần ghi ý kiến"):
        services.return_with_comment(report, user=world.users.province_staff, expected_version=report.version,
                                     comment="  ")
    accepted = services.accept(report, user=world.users.province_staff, expected_version=report.version)
    with pytest.raises(TransitionNotAllowed):
        services.return_with_comment(accepted, user=world.users.province_staff, expected_version=accepted.version,
                                     comment="Muộn rồi")
    with pytest.raises(NotInScope):
        services.submit(report_b, user=world.users.staff_a, expected_version=report_b.version)


def test_two_reviewers_cannot_both_win(world, report_a):
    report = _write_and_submit(report_a, world.users.staff_a)
    stale = PeriodicReport.objects.get(pk=report.pk)
    services.accept(report, user=world.users.province_staff, expected_version=report.version)
    with pytest.raises(StaleEdit):
        services.return_with_comment(stale, user=world.users.admin, expected_version=stale.version, comment="Sửa")
    assert PeriodicReport.objects.get(pk=report.pk).status == ReportStatus.ACCEPTED


def test_a_closed_round_takes_no_more_reports(world, p1_round, report_a):
    with pytest.raises(NotInScope):
        services.close_round(p1_round, user=world.users.staff_a, expected_version=p1_round.version)
    services.close_round(p1_round, user=world.users.province_staff, expected_version=p1_round.version)
    assert ReportingRound.objects.get(pk=p1_round.pk).status == RoundStatus.CLOSED
    report_a.refresh_from_db()
    report_a.results = "Kết quả"
    with pytest.raises(TransitionNotAllowed, match="đã đóng"):
        services.submit(report_a, user=world.users.staff_a, expected_version=report_a.version)


def test_an_accepted_report_is_never_rewritten_and_the_difference_is_listed(world, report_a):
    report = _write_and_submit(report_a, world.users.staff_a)
    report = services.accept(report, user=world.users.province_staff, expected_version=report.version)
    frozen = dict(report.snapshot)
    assert services.snapshot_diff(report) == []
    register_initiative(Initiative(title="Thắp sáng đường quê", field=Field.ECONOMY, organization=world.orgs["a"],
                                   year=2026), submit=True)
    report.refresh_from_db()
    assert report.snapshot == frozen
    changes = {c.key: c for c in services.snapshot_diff(report)}
    assert set(changes) == {"initiatives", "new", "by_field.economy.initiatives", "by_scope.collective",
                            "by_status.registered"}
    assert (changes["initiatives"].frozen, changes["initiatives"].current, changes["initiatives"].delta) == (2, 3, 1)
    assert changes["initiatives"].label == "Mô hình (luỹ kế đến cuối kỳ)"
    assert changes["by_field.economy.initiatives"].url.startswith("/initiatives/?")


def test_suggested_results_are_written_from_the_figures(world, report_a):
    text = services.suggested_results(services.report_figures(report_a))
    assert "đơn vị có 2 mô hình" in text and "Văn hoá – xã hội: 1 mô hình." in text
    assert not re.search(r"\b0 (mô hình|điển hình)", text)  # it goes into the paper: no zeros stated


# --- The reporting machines (reporting.workflow): one definition of "overdue", "late", "handed in" ----------

def test_overdue_is_one_definition_for_the_query_the_record_and_the_round_list(world, client, p1_round, report_a,
                                                                               report_b):
    from danvan.reporting.workflow import REPORTS

    def overdue_everywhere():
        found = set(REPORTS.filter(PeriodicReport.objects.all(), "overdue").values_list("pk", flat=True))
        for report in PeriodicReport.objects.filter(round=p1_round):
            assert report.is_overdue is (report.pk in found)
        return found

    _write_and_submit(report_a, world.users.staff_a)
    assert overdue_everywhere() == set()                      # due today: not yet overdue
    let_deadline_pass(p1_round)
    assert overdue_everywhere() == {report_b.pk}              # b never handed in; a did
    assert services.overdue_reports(today=p1_round.deadline).count() == 0  # on the deadline day itself
    client.force_login(world.users.province_staff)
    listed = client.get(reverse("reporting:round_list")).content.decode()
    assert "1 quá hạn chưa nộp" in listed
    services.close_round(p1_round, user=world.users.province_staff, expected_version=p1_round.version)
    assert overdue_everywhere() == set()                      # a closed round: b is missing, no longer overdue
    assert "quá hạn chưa nộp" not in client.get(reverse("reporting:round_list")).content.decode()
    assert list(services.missing_reports(p1_round)) == [report_b]


def test_handed_in_is_submitted_or_accepted_and_counts_in_the_rollup(world, p1_round, report_a, report_b):
    from danvan.reporting.workflow import REPORTS

    report = _write_and_submit(report_a, world.users.staff_a)
    assert report.is_handed_in and not report_b.is_handed_in
    assert services.rollup(p1_round).reports_counted == 1
    report = services.return_with_comment(report, user=world.users.province_staff, expected_version=report.version,
                                          comment="Bổ sung.")
    assert not report.is_handed_in and not REPORTS.holds(report, "missing")  # returned: handed in once, not now
    assert services.rollup(p1_round).reports_counted == 0


def test_the_api_offers_each_user_the_steps_of_the_machine(world, p1_round, report_a):
    from rest_framework.test import APIClient

    commune, province = APIClient(), APIClient()
    commune.force_authenticate(world.users.staff_a)
    province.force_authenticate(world.users.province_staff)
    url = f"/api/v1/periodic-reports/{report_a.pk}/"
    assert commune.get(url).json()["allowed_steps"] == ["submit"]
    assert province.get(url).json()["allowed_steps"] == []  # the province reviews its communes' reports, never writes them
    _write_and_submit(report_a, world.users.staff_a)
    assert commune.get(url).json()["allowed_steps"] == []
    assert province.get(url).json()["allowed_steps"] == ["accept", "return"]
    assert province.get(f"/api/v1/reporting-rounds/{p1_round.pk}/").json()["allowed_steps"] == ["close"]
    assert commune.get(f"/api/v1/reporting-rounds/{p1_round.pk}/").json()["allowed_steps"] == []
    assert commune.get(url).json()["is_overdue"] is False
