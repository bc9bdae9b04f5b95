"""Demo reporting rounds in every state, written through the reporting services (with the days the steps were
taken), so that the demo shows what officials live: a round closed, one whose deadline passed (a report handed
in late and returned with a comment, one accepted on time, the rest overdue), one due in two days; and the
notifications and reminders those steps send."""
import datetime

from danvan.reporting import services
from danvan.reporting.models import PeriodicReport, ReportingRound

NARRATIVE = {
    "results": "Các chi hội, đoàn thể đã triển khai mô hình “Dân vận khéo” gắn với xây dựng nông thôn mới; "
               "nhân dân đồng tình, tham gia hiến đất làm đường và giữ gìn vệ sinh môi trường.",
    "limitations": "Một số mô hình chưa có số liệu đo lường cụ thể; việc cập nhật tiến độ còn chậm.",
    "causes": "Cán bộ cơ sở kiêm nhiệm nhiều việc; kinh phí hỗ trợ còn hạn chế.",
    "directions": "Tiếp tục nhân rộng các mô hình hiệu quả; cập nhật tiến độ hằng quý trên hệ thống.",
}


def _halves_before(today: datetime.date) -> tuple[str, str]:
    """The last two half-years that have ended: (the one before, the most recent)."""
    if today.month > 6:
        return f"{today.year - 1}-H2", f"{today.year}-H1"
    return f"{today.year - 1}-H1", f"{today.year - 1}-H2"


def _write(report, user, day):
    for name, text in NARRATIVE.items():
        setattr(report, name, text)
    report = services.update_narrative(report, user=user, expected_version=report.version)
    return services.submit(report, user=user, expected_version=report.version, date=day)


def demo_rounds(province, reviewer, writers, today: datetime.date | None = None) -> int:
    """Rounds of `province` opened by `reviewer` (its staff), with the reports of `writers` ([(user, commune)],
    the demo's commune accounts) taken through their steps. Idempotent: nothing when the province has rounds.
    Returns how many rounds were created."""
    from django.utils import timezone

    today = today or timezone.localdate()
    if ReportingRound.objects.filter(issuing_unit=province).exists() or not writers:
        return 0
    day = datetime.timedelta(days=1)
    older, recent = _halves_before(today)

    def report_of(round_, commune):
        return PeriodicReport.objects.get(round=round_, unit=commune)

    # 1. Closed: every demo commune handed in on time and was accepted; the round was then closed.
    closed = services.open_round(province, older, today - 100 * day, reviewer, opened_on=today - 130 * day)
    for user, commune in writers:
        report = _write(report_of(closed, commune), user, today - 104 * day)
        services.accept(report, reviewer, report.version, "Báo cáo đầy đủ.", date=today - 98 * day)
    closed.refresh_from_db()
    services.close_round(closed, reviewer, closed.version)

    # 2. Open, deadline passed: the first commune handed in late and was returned with a comment; the second
    #    handed in on time and was accepted; the other communes are overdue.
    late = services.open_round(province, recent, today - 5 * day, reviewer, opened_on=today - 30 * day)
    first_user, first_commune = writers[0]
    report = _write(report_of(late, first_commune), first_user, today - 3 * day)
    services.return_with_comment(
        report, reviewer, report.version,
        "Đề nghị bổ sung số liệu kết quả của từng mô hình và kinh phí đã huy động trong kỳ.", date=today - 2 * day)
    for user, commune in writers[1:]:
        report = _write(report_of(late, commune), user, today - 6 * day)
        services.accept(report, reviewer, report.version, date=today - 4 * day)

    # 3. Open, due in two days: nothing handed in yet.
    services.open_round(province, str(today.year), today + 2 * day, reviewer)
    services.send_reminders(today)
    return 3
