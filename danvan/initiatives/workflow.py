"""The initiative lifecycle, declared on the workflow primitive (core.workflow).

draft → registered → implementing → reviewed → recognised; registered or implementing → not implemented;
suspended and back; closed from anywhere. Every step is dated (not in the future, not before the last step,
not before the registration: back-filled records keep their real dates),
recorded as an InitiativeTransition row with its reason and who took it; stopping (not implemented, suspended,
closed) needs a reason. Recognition is taken only by the level that recognises (accounts.policy.may_recognise).

"stale" (registered or implementing, no progress report for DANVAN_STALE_DAYS days; no report ever: counted
from the registration) is a clock of the machine, used by the list filter, the alerts and the start page.
"""
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from danvan.accounts import policy
from danvan.core import calendar
from danvan.core.workflow import Clock, Step, Workflow
from danvan.initiatives.models import Initiative, InitiativeTransition, Status

D, R, I, REV, REC, NI, S, C = (Status.DRAFT, Status.REGISTERED, Status.IMPLEMENTING, Status.REVIEWED,
                               Status.RECOGNISED, Status.NOT_IMPLEMENTED, Status.SUSPENDED, Status.CLOSED)
ACTIVE = (R, I)


def _stamp_registration(move):
    """The first registration dates the initiative (registered_on); a re-registration keeps it."""
    return {"registered_on": move.date} if move.obj.registered_on is None else {}


def _record_step(move):
    InitiativeTransition.objects.create(
        initiative=move.obj, from_status=move.source, to_status=move.step.target, date=move.date,
        reason=move.reason, user=move.actor,
    )


# Steps are named after the status they lead into (the API's `to_status`).
LIFECYCLE = Workflow(
    Initiative, states=Status, state_field="status", date_field="status_changed_at",
    # Steps may be dated in the past (records moved in from paper), but not before the registration.
    floor=(lambda initiative: initiative.registered_on, _("ngày đăng ký")),
    allowed=policy.may_change_initiative, denied=_("Bạn không có quyền sửa bản ghi này."),
    records=_record_step,
    steps=[
        Step(R, sources=[D, NI], target=R, dated=True, sets=_stamp_registration),
        Step(I, sources=[R, REV, S], target=I, dated=True),
        Step(REV, sources=[I], target=REV, dated=True),
        Step(REC, sources=[REV], target=REC, dated=True, allowed=policy.may_recognise,
             denied=_("Chỉ Ban Dân vận cấp tỉnh của mô hình (hoặc cấp trung ương) mới được công nhận mô hình là "
                      "điển hình.")),
        Step(NI, sources=[R, I], target=NI, dated=True, needs_reason=True),
        Step(S, sources=[R, I, REV], target=S, dated=True, needs_reason=True),
        Step(C, sources=[D, R, I, REV, REC, S, NI], target=C, dated=True, needs_reason=True),
    ],
    clocks=[
        # A silence threshold, not a legal time limit: plain days, no moving off holidays.
        Clock("stale", states=ACTIVE, start_fields=("last_progress_at", "registered_on"),
              days=lambda: settings.STALE_INITIATIVE_DAYS, kind=calendar.CALENDAR),
    ],
)
