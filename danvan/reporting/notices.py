"""Who is told what when reporting work is handed to them: the notifications the reporting steps send.

Called by the steps themselves (reporting.workflow's `records` hooks, in the step's transaction) and by
reporting.services (opening a round, reminders); never by views or signals. Who the recipients are is the
scope policy's answer (policy.report_writers, policy.round_reviewers).
"""
import datetime

from django.utils.translation import gettext as _

from danvan.accounts import policy
from danvan.notifications import services as notifications
from danvan.notifications.models import Kind


def _day(d: datetime.date) -> str:
    return f"{d:%d/%m/%Y}"


def round_opened(round_, reports) -> int:
    """Every unit asked for a report: its writers get a link to their own report and the deadline."""
    sent = 0
    for report in reports:
        sent += notifications.notify_users(
            policy.report_writers([report.unit_id]), kind=Kind.ROUND_OPENED,
            title=_("Đợt báo cáo mới: %(title)s") % {"title": round_.title},
            body=_("%(issuer)s đề nghị %(unit)s nộp báo cáo %(period)s trước ngày %(deadline)s.") % {
                "issuer": round_.issuer_name, "unit": report.unit.name, "period": round_.period.label,
                "deadline": _day(round_.deadline)},
            url=report.get_absolute_url(), key=f"round-opened:{report.pk}",
        )
    return sent


def handed_in(move) -> None:
    """A report was submitted (or re-submitted after a return): the level that opened the round is told."""
    report = move.obj
    again = move.source == "returned"
    title = (_("%(unit)s đã nộp lại báo cáo sau khi sửa") if again else _("%(unit)s đã nộp báo cáo")) % {
        "unit": report.unit.name}
    late = _(" (nộp muộn)") if report.is_late and not again else ""
    notifications.notify_users(
        policy.round_reviewers(report.round), kind=Kind.REPORT_SUBMITTED, title=title,
        body=_("%(round)s%(late)s: cần tiếp nhận hoặc trả lại.") % {"round": report.round.title, "late": late},
        url=report.get_absolute_url(),
    )


def _reviewer(move) -> str:
    user = move.actor
    return (user.get_full_name() or user.username) if user is not None else _("Hệ thống")


def returned(move) -> None:
    """A report was returned with a comment: its writers are told what to fix."""
    report = move.obj
    notifications.notify_users(
        policy.report_writers([report.unit_id]), kind=Kind.REPORT_RETURNED,
        title=_("Báo cáo bị trả lại để sửa: %(round)s") % {"round": report.round.title},
        body=_("Ý kiến của %(who)s: %(comment)s") % {"who": _reviewer(move), "comment": move.reason},
        url=report.get_absolute_url(),
    )


def accepted(move) -> None:
    """A report was accepted: its writers are told the work is done."""
    report = move.obj
    notifications.notify_users(
        policy.report_writers([report.unit_id]), kind=Kind.REPORT_ACCEPTED,
        title=_("Báo cáo đã được tiếp nhận: %(round)s") % {"round": report.round.title},
        body=(_("Ý kiến của %(who)s: %(comment)s") % {"who": _reviewer(move), "comment": move.reason}
              if move.reason else ""),
        url=report.get_absolute_url(),
    )


def reminder(report, *, key: str, today: datetime.date) -> int:
    """Remind the writers of a report not yet handed in of its deadline (once per `key`)."""
    deadline = report.round.deadline
    left = (deadline - today).days
    if left > 0:
        title = _("Còn %(n)s ngày đến hạn nộp báo cáo: %(round)s") % {"n": left, "round": report.round.title}
    elif left == 0:
        title = _("Hôm nay là hạn nộp báo cáo: %(round)s") % {"round": report.round.title}
    else:
        title = _("Đã quá hạn nộp báo cáo: %(round)s") % {"round": report.round.title}
    return notifications.notify_users(
        policy.report_writers([report.unit_id]), kind=Kind.REMINDER, title=title,
        body=_("%(unit)s chưa nộp báo cáo; hạn nộp %(deadline)s.") % {
            "unit": report.unit.name, "deadline": _day(deadline)},
        url=report.get_absolute_url(), key=key,
    )
