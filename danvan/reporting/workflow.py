"""The reporting machines, declared on the workflow primitive (core.workflow).

A periodic report: draft → submitted → accepted, or → returned (with a written comment) → submitted … It is
written and handed in by its unit while the round is open; only the level that opened the round accepts or
returns it. Handing in freezes the figures; lateness is judged on the first hand-in, against the round's
deadline. A round: open → closed, by the level that opened it.

What the level above looks for is defined here once, as conditions of the machine, and used by the pages,
templates, filters, alerts and API: "handed in" (submitted or accepted: its frozen figures count in the roll-up),
"missing" (never handed in), "late" (first handed in after the deadline) and the clock "overdue" (never handed
in, the round still open and its deadline passed).

The steps that hand work to someone tell them (reporting.notices, as the steps' `records`): a submission the
issuing level, a return or an acceptance the reporting unit.
"""
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.accounts import policy
from danvan.core.exceptions import DomainError
from danvan.core.workflow import Clock, Step, Workflow
from danvan.reporting import notices
from danvan.reporting.models import PeriodicReport, ReportingRound, ReportStatus, RoundStatus

DRAFT, SUBMITTED, ACCEPTED, RETURNED = (ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.ACCEPTED,
                                        ReportStatus.RETURNED)


def _results_written(move):
    if not (move.obj.results or "").strip():
        raise DomainError(_("Cần viết phần “Kết quả đạt được” trước khi nộp."), field="results")


def _hand_in(move):
    """Freeze the figures; the first hand-in after the deadline is late (a resubmission after a return is not)."""
    from danvan.reporting.services import frozen_snapshot, moment

    report, now = move.obj, moment(move.date)
    stamps = {"snapshot": frozen_snapshot(report), "submitted_at": now, "submitted_by": move.actor}
    if report.first_submitted_at is None:
        stamps["first_submitted_at"] = now
        stamps["is_late"] = REPORTS.deadline(report, "overdue").is_past(timezone.localdate(now))
    return stamps


def _review(move):
    from danvan.reporting.services import moment

    return {"reviewed_at": moment(move.date), "reviewed_by": move.actor, "review_comment": move.reason}


def _not_in_future(move):
    """A step recorded after the fact (the generators) keeps its day; none is dated ahead."""
    if move.date > timezone.localdate():
        raise DomainError(_("Ngày thực hiện không được ở tương lai."), field="date")


def _only_the_issuer(report):
    return _("Chỉ cấp mở đợt báo cáo (%(issuer)s) mới được tiếp nhận hoặc trả lại báo cáo này.") % {
        "issuer": report.round.issuer_name}


REVIEW_REFUSED = gettext_lazy("Chỉ xem xét được báo cáo đã nộp; báo cáo này đang ở trạng thái “%(a)s”.")

REPORTS = Workflow(
    PeriodicReport, states=ReportStatus, state_field="status",
    allowed=policy.may_submit_report, denied=gettext_lazy("Bạn không có quyền sửa hoặc nộp báo cáo này."),
    steps=[
        Step("submit", sources=[DRAFT, RETURNED], target=SUBMITTED, label=gettext_lazy("Nộp báo cáo"),
             refused=gettext_lazy("Báo cáo đang ở trạng thái “%(a)s”, không sửa hoặc nộp được. Cấp trên có thể "
                                  "trả lại để sửa."),
             requires=[(lambda r: r.round.status == RoundStatus.OPEN,
                        gettext_lazy("Đợt báo cáo đã đóng, không nộp được nữa."))],
             guards=[_results_written, _not_in_future], sets=_hand_in, records=notices.handed_in),
        Step("accept", sources=[SUBMITTED], target=ACCEPTED, label=gettext_lazy("Tiếp nhận"),
             allowed=policy.may_review_report, denied=_only_the_issuer, refused=REVIEW_REFUSED, sets=_review,
             guards=[_not_in_future], records=notices.accepted),
        Step("return", sources=[SUBMITTED], target=RETURNED, label=gettext_lazy("Trả lại để sửa"),
             allowed=policy.may_review_report, denied=_only_the_issuer, refused=REVIEW_REFUSED, sets=_review,
             guards=[_not_in_future], needs_reason=True, reason_field="comment",
             reason_message=gettext_lazy("Cần ghi ý kiến khi trả lại báo cáo."), records=notices.returned),
    ],
    conditions={
        "editable": {"status__in": {DRAFT, RETURNED}},       # the narrative may still be written
        "handed_in": {"status__in": {SUBMITTED, ACCEPTED}},  # its frozen figures count in the roll-up
        "missing": {"status": DRAFT},                        # never handed in
        "late": {"is_late": True},                           # first handed in after the deadline
    },
    clocks=[Clock("overdue", states=[DRAFT], due_field="round__deadline", where={"round__status": RoundStatus.OPEN})],
)

ROUNDS = Workflow(
    ReportingRound, states=RoundStatus, state_field="status",
    allowed=policy.may_close_round, denied=gettext_lazy("Chỉ cấp mở đợt báo cáo mới được đóng đợt."),
    steps=[
        Step("close", sources=[RoundStatus.OPEN], target=RoundStatus.CLOSED, label=gettext_lazy("Đóng đợt báo cáo"),
             refused=gettext_lazy("Đợt báo cáo đã đóng."), sets=lambda move: {"closed_at": timezone.now()}),
    ],
    clocks=[Clock("overdue", states=[RoundStatus.OPEN], due_field="deadline")],
)
