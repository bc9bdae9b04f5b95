"""Alerts: what needs someone's attention, each with the list of its records and who to notify.

- stale: registered or implementing initiatives with no progress report for STALE_INITIATIVE_DAYS days
  (no progress ever: counted from the registration date), the lifecycle's clock "stale" (initiatives.workflow);
  list filter `stale_before`;
- no steering member: registered or implementing initiatives nobody on the steering committee follows;
- overdue reports: reports of open reporting rounds not handed in by the deadline, the reporting machine's
  clock "overdue" (reporting.workflow).
Each alert starts from the user's visible records (`visible_to`), and can be sent as in-app notifications
to the users responsible (services.responsible).
"""
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts import policy
from danvan.core.scoping import CHANGE
from danvan.dashboards import services
from danvan.stats import figures as stats
from danvan.stats.definitions import INITIATIVE_LIST, list_url
from danvan.initiatives.workflow import ACTIVE, LIFECYCLE
from danvan.notifications import services as notifications
from danvan.notifications.models import Kind
from danvan.territory.lineage import unit_q
from danvan.territory.models import AdminUnit

STALE, NO_STEERING, OVERDUE = "stale", "no_steering", "overdue_reports"


@dataclass
class Alert:
    code: str
    title: str
    description: str
    count: int
    url: str
    records: list = field(default_factory=list)   # the first few records (or rows) to show
    sendable: bool = True


def stale_before(today: datetime.date | None = None) -> datetime.date:
    """Progress older than this date (or none since registration before it) makes an initiative stale."""
    return LIFECYCLE.clocks["stale"].cutoff(today or timezone.localdate())


def stale_initiatives(user, unit=None, today=None):
    """The lifecycle's clock "stale", as the list filter `stale_before` applies it (counted by stats)."""
    return stats.stale(unit, user, today)[1]


def unfollowed_initiatives(user, unit=None):
    return stats.unfollowed(unit, user)[1]


def _params(code, unit, today=None) -> dict:
    """The list filters of an alert's records (a notification adds the recipient's share to them)."""
    params = {"unit": unit.pk if unit is not None else None}
    if code == STALE:
        params["stale_before"] = stale_before(today).isoformat()
    else:
        params.update(no_steering_member="true", status=list(ACTIVE))
    return params


def overdue_reports(user, today=None):
    """The hook to the reporting rounds: reports overdue in the user's scope, or None without that app."""
    try:
        from danvan.reporting.services import overdue_reports as reporting_overdue
    except ImportError:  # reporting rounds not installed
        return None
    return reporting_overdue(user, today=today)


def _overdue_rows(reports) -> list[dict]:
    """Overdue reports per round, each linking to the round's reports not handed in."""
    rows = (reports.order_by().values("round_id", "round__title", "round__deadline")
            .annotate(n=Count("id")).order_by("round__deadline", "round_id"))
    return [{
        "title": r["round__title"], "deadline": r["round__deadline"], "count": r["n"],
        "url": reverse("reporting:round_detail", args=[r["round_id"]]) + "?state=missing#reports",
    } for r in rows]


def alerts(user, unit: AdminUnit | None = None, *, limit: int = 10, today=None) -> list[Alert]:
    """Every alert for `user` in `unit` (None: their whole scope), with its count, link and first records."""
    days = settings.STALE_INITIATIVE_DAYS
    out = []
    figure, stale = stats.stale(unit, user, today)
    out.append(Alert(
        STALE, _("Mô hình chưa cập nhật tiến độ quá %(days)s ngày") % {"days": days},
        _("Đã đăng ký hoặc đang thực hiện nhưng không có báo cáo tiến độ nào từ ngày %(date)s.")
        % {"date": stale_before(today).strftime("%d/%m/%Y")},
        figure.value, figure.url,
        list(stale.select_related("commune", "province").order_by("last_progress_at", "registered_on", "id")[:limit]),
    ))
    figure, unfollowed = stats.unfollowed(unit, user)
    out.append(Alert(
        NO_STEERING, _("Mô hình chưa có thành viên Ban Chỉ đạo theo dõi"),
        _("Đã đăng ký hoặc đang thực hiện nhưng chưa phân công thành viên Ban Chỉ đạo theo dõi."),
        figure.value, figure.url,
        list(unfollowed.select_related("commune", "province").order_by("registered_on", "id")[:limit]),
    ))
    reports = overdue_reports(user, today)
    if reports is None:
        out.append(Alert(OVERDUE, _("Báo cáo quá hạn"), _("Chưa có chức năng đợt báo cáo."), 0, "", [], False))
    else:
        rows = _overdue_rows(reports)
        out.append(Alert(
            OVERDUE, _("Báo cáo quá hạn"),
            _("Báo cáo của các đợt đang mở đã quá hạn nộp mà chưa nộp (trong phạm vi của bạn)."),
            sum(r["count"] for r in rows), reverse("dashboards:alerts") + "#overdue_reports", rows,
        ))
    return out


def may_send(user, unit: AdminUnit | None) -> bool:
    """Notifications for a unit are sent by who manages it (Ban Dân vận staff, national administrators)."""
    if unit is not None and unit.historic:
        return False
    return policy.covers_unit(user, unit, CHANGE)


def send(code: str, *, unit: AdminUnit | None = None, today=None) -> int:
    """Notify the users responsible for the records of alert `code` in `unit` (None: the nation); each gets
    one notification per share (their unit, or the initiatives they follow) linking to exactly those
    records. Returns how many notifications were created or refreshed."""
    days = settings.STALE_INITIATIVE_DAYS
    if code == OVERDUE:
        reports = overdue_reports(None, today)
        if reports is None:
            return 0
        if unit is not None:
            reports = reports.filter(unit_q(unit))
        records, base = reports, None
    else:
        records = stale_initiatives(None, unit, today) if code == STALE else unfollowed_initiatives(None, unit)
        base = _params(code, None, today)
    sent = 0
    recipients = services.responsible(records)
    users = {u.pk: u for u in _users(recipients)}
    for user_id, shares in recipients.items():
        if user_id not in users:
            continue
        for param, value, n in shares:
            if code == OVERDUE:
                title = _("%(n)s báo cáo quá hạn chưa nộp") % {"n": n}
                url = reverse("dashboards:alerts") + "#overdue_reports"
                body = _("Các đợt báo cáo đang mở đã quá hạn nộp.")
            else:
                params = dict(base, **{param: value})
                if param == "steering_member" and unit is not None:
                    params["unit"] = unit.pk
                url = list_url(INITIATIVE_LIST, **params)
                if code == STALE:
                    title = _("%(n)s mô hình chưa cập nhật tiến độ quá %(days)s ngày") % {"n": n, "days": days}
                else:
                    title = _("%(n)s mô hình chưa có thành viên Ban Chỉ đạo theo dõi") % {"n": n}
                body = (_("Các mô hình bạn được phân công theo dõi.") if param == "steering_member"
                        else _("Các mô hình ở %(unit)s.") % {"unit": _unit_name(value)})
            notifications.notify(users[user_id], title=title, body=body, url=url, kind=Kind.ALERT)
            sent += 1
    return sent


def _users(recipients):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk__in=sorted(recipients), is_active=True)


def _unit_name(pk) -> str:
    unit = AdminUnit.objects.filter(pk=pk).only("name").first()
    return unit.name if unit else "?"
