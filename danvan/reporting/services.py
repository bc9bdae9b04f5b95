"""The reporting workflow: an upper level opens a round, each unit below writes and submits its report,
the upper level accepts it or returns it with comments; late, missing and changed figures are visible.

The steps, who may take them and what "overdue", "late", "missing" and "handed in" mean are declared once in
reporting.workflow; these functions are the calls views, the API and commands make. None of them changes a
round or report directly.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts import policy
from danvan.core.exceptions import DomainError, NotInScope, TransitionNotAllowed
from danvan.core.services import acting_as, create_record, save_versioned
from danvan.reporting import notices, snapshots
from danvan.stats.figures import Figures, figures, figures_with_units
from danvan.reporting.models import (
    PeriodicReport, ReportingRound, ReportStatus, RoundStatus, TargetLevel,
)
from danvan.stats.periods import Period, PeriodKind, parse_period
from danvan.reporting.workflow import REPORTS, ROUNDS
from danvan.territory.models import AdminUnit, UnitLevel

NARRATIVE_FIELDS = ("results", "limitations", "causes", "directions")


def _actor(user):
    return user if user is not None and user.is_authenticated else None


# --- Opening and closing rounds ------------------------------------------------------------

def default_title(period: Period) -> str:
    """The usual name of a round: sơ kết for 6 months, tổng kết for a year or more."""
    if period.kind == PeriodKind.HALF_YEAR:
        text = _("Báo cáo sơ kết phong trào thi đua “Dân vận khéo” %(period)s")
    elif period.kind in (PeriodKind.YEAR, PeriodKind.FIVE_YEARS, PeriodKind.TEN_YEARS):
        text = _("Báo cáo tổng kết phong trào thi đua “Dân vận khéo” %(period)s")
    else:
        text = _("Báo cáo phong trào thi đua “Dân vận khéo” %(period)s")
    return text % {"period": period.label}


def can_open_round(user, issuing_unit: AdminUnit | None) -> bool:
    """Province staff open rounds for their province; national staff for the nation or any province."""
    return user is None or policy.may_open_round(user, issuing_unit)


def target_units(issuing_unit: AdminUnit | None):
    """The units that report to this level: a province's current communes, or the nation's provinces."""
    if issuing_unit is None:
        return AdminUnit.objects.provinces().select_related("province")
    return AdminUnit.objects.communes().filter(province=issuing_unit).select_related("province")


def moment(day: datetime.date | None) -> datetime.datetime:
    """Now, or a past working morning (8:00 local) for a step recorded after the fact."""
    if day is None or day >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 0)))


def open_round(issuing_unit: AdminUnit | None, period_code: str, deadline: datetime.date, user, *,
               title: str = "", opened_on: datetime.date | None = None) -> ReportingRound:
    """An upper level (a current province, or the nation when None) asks every unit directly below it for
    its report on one period by a deadline: one draft report per unit, created in bulk. `opened_on` records a
    round opened earlier (the data generators; the pages never offer it): the deadline is then judged from it."""
    if issuing_unit is not None and (issuing_unit.historic or issuing_unit.level != UnitLevel.PROVINCE):
        raise DomainError(_("Chỉ cấp tỉnh (hiện nay) hoặc toàn quốc mới mở được đợt báo cáo."), field="issuing_unit")
    if not can_open_round(user, issuing_unit):
        raise NotInScope(_("Bạn không có quyền mở đợt báo cáo cho cấp này."), field="issuing_unit")
    try:
        period = parse_period(period_code)
    except ValueError as exc:
        raise DomainError(str(exc), field="period") from None
    if deadline is None:
        raise DomainError(_("Cần nhập hạn nộp báo cáo."), field="deadline")
    if opened_on is not None and opened_on > timezone.localdate():
        raise DomainError(_("Ngày mở đợt không được ở tương lai."), field="opened_on")
    if deadline < (opened_on or timezone.localdate()):
        raise DomainError(_("Hạn nộp không được ở quá khứ."), field="deadline")
    if deadline < period.start:
        raise DomainError(_("Hạn nộp không được trước ngày bắt đầu kỳ báo cáo (%(d)s).")
                          % {"d": period.start.strftime("%d/%m/%Y")}, field="deadline")
    if ReportingRound.objects.filter(issuing_unit=issuing_unit, period_code=period.code).exists():
        raise DomainError(_("Cấp này đã mở đợt báo cáo cho kỳ %(p)s.") % {"p": period.label}, field="period")
    with transaction.atomic(), acting_as(user):
        round_ = create_record(ReportingRound(
            issuing_unit=issuing_unit, period_kind=period.kind, period_code=period.code,
            title=(title or "").strip() or default_title(period), deadline=deadline,
            target_level=TargetLevel.PROVINCES if issuing_unit is None else TargetLevel.COMMUNES,
            opened_by=_actor(user), opened_at=moment(opened_on),
        ), user=user)
        reports = []
        for unit in target_units(issuing_unit):
            report = PeriodicReport(round=round_, unit=unit, created_by=_actor(user))
            report.resolve_units()  # bulk_create skips save(), where this normally happens
            reports.append(report)
        PeriodicReport.objects.bulk_create(reports, batch_size=500)
        notices.round_opened(round_, PeriodicReport.objects.filter(round=round_).select_related("unit"))
    return round_


def close_round(round_: ReportingRound, user, expected_version: int) -> ReportingRound:
    """The issuing level closes a round: no more submissions; what was not handed in stays missing."""
    return ROUNDS.take(round_, "close", user=user, expected_version=expected_version)


# --- Writing and submitting a report -------------------------------------------------------

def report_figures(report: PeriodicReport) -> Figures:
    """The report's figures from the registry now (what a draft shows, and what a snapshot is compared with)."""
    return figures(report.unit, report.round.period)


def frozen_snapshot(report: PeriodicReport) -> dict:
    """What handing a report in freezes: its figures (`Figures.as_dict()`, what roll-ups add up) and, under
    "document", what its paper needs besides (the year-earlier figures, organisation kinds, units below), so the
    report's .docx/.xlsx are made from the report as it was handed in (documents.content.content_from_snapshot)."""
    from danvan.documents.content import frozen_extras

    return {**report_figures(report).as_dict(), "document": frozen_extras(report.unit, report.round.period)}


def report_content(report: PeriodicReport, *, signer: str = ""):
    """The paper of a report: made from its frozen snapshot and its own text once handed in; a draft's from the
    registry now (as its page shows it) and its text so far."""
    from danvan.documents.content import build_content, content_from_snapshot

    narrative = {name: getattr(report, name) for name in NARRATIVE_FIELDS}
    period = report.round.period
    if report.snapshot is not None:
        counted_on = timezone.localdate(report.submitted_at) if report.submitted_at else None
        return content_from_snapshot(report.unit, period, report.snapshot, narrative=narrative, signer=signer,
                                     counted_on=counted_on)
    return build_content(report.unit, period, narrative=narrative, signer=signer)


def commune_reports(report: PeriodicReport, user=None):
    """For a province's own report (a national round): the reports its communes handed in to the province's round
    for the same period, which the province may use as material (the ones `user` may see), in unit order."""
    unit = report.unit
    if unit.level != UnitLevel.PROVINCE or unit.historic:
        return PeriodicReport.objects.none()
    qs = PeriodicReport.objects.visible_to(user) if user is not None else PeriodicReport.objects.all()
    qs = qs.filter(round__issuing_unit=unit, round__period_code=report.round.period_code)
    return REPORTS.filter(qs, "handed_in").select_related("unit").order_by("unit__sort_key", "id")


def commune_material(report: PeriodicReport, user=None) -> dict[str, str]:
    """{section: text} of the communes' handed-in reports, each commune's text headed by its name, to append to
    the province's own report for its writer to edit ("Lấy nội dung từ báo cáo của xã"). Empty sections are
    left out."""
    material: dict[str, str] = {}
    for name in NARRATIVE_FIELDS:
        blocks = [f"{r.unit.name}:\n{text}" for r in commune_reports(report, user)
                  if (text := (getattr(r, name) or "").strip())]
        if blocks:
            material[name] = "\n\n".join(blocks)
    return material


def suggested_results(figs: Figures) -> str:
    """A first paragraph for "results", written from the figures, so a busy cadre starts from the numbers. It
    goes into the report's paper, so it never states a zero ("có 0 mô hình…"): a zero is left out or said."""
    from danvan.core.templatetags.danvan import vnnumber

    def some(value, text):
        return text % {"n": vnnumber(value)} if value else ""

    def joined(parts, sep="; "):
        return sep.join(p for p in parts if p)

    period = figs.period.label
    if figs.initiatives.value:
        text = _("Tính đến hết %(period)s, đơn vị có %(total)s mô hình “Dân vận khéo”") % {
            "period": period, "total": vnnumber(figs.initiatives.value)}
        text += (_(", trong đó %(new)s mô hình mới đăng ký trong kỳ") % {"new": vnnumber(figs.new.value)}
                 if figs.new.value else _(", không có mô hình mới đăng ký trong kỳ"))
    else:
        text = _("Tính đến hết %(period)s, đơn vị chưa có mô hình “Dân vận khéo” được đăng ký") % {"period": period}
    steps = joined([some(figs.recognised.value, _("%(n)s mô hình được công nhận điển hình")),
                    some(figs.not_implemented.value, _("%(n)s mô hình không triển khai"))], _(" và "))
    text += (_("; trong kỳ có %(steps)s.") % {"steps": steps}) if steps else "."
    if figs.exemplars.value:
        text += " " + _("Có %(n)s điển hình tiên tiến trong kỳ") % {"n": vnnumber(figs.exemplars.value)}
        text += (_(" (luỹ kế %(n)s).") % {"n": vnnumber(figs.exemplars_cumulative.value)})
    elif figs.exemplars_cumulative.value:
        text += " " + _("Luỹ kế có %(n)s điển hình tiên tiến.") % {"n": vnnumber(figs.exemplars_cumulative.value)}
    parts = []
    for entry in figs.by_field.values():
        counts = joined([some(entry["initiatives"].value, _("%(n)s mô hình")),
                         some(entry["exemplars"].value, _("%(n)s điển hình"))], ", ")
        if counts:
            parts.append(f"{entry['label']}: {counts}")
    if parts:
        text += " " + _("Theo lĩnh vực: %(parts)s.") % {"parts": "; ".join(parts)}
    return text


def update_narrative(report: PeriodicReport, user, expected_version: int) -> PeriodicReport:
    """Save the narrative sections of a report that is not handed in (draft or returned): whoever may hand it in."""
    if user is not None and not REPORTS.may(report, "submit", user):
        raise NotInScope(_("Bạn không có quyền sửa hoặc nộp báo cáo này."))
    if not REPORTS.holds(report, "editable"):
        raise TransitionNotAllowed(
            _("Báo cáo đang ở trạng thái “%(a)s”, không sửa hoặc nộp được. Cấp trên có thể trả lại để sửa.")
            % {"a": ReportStatus(report.status).label}
        )
    for name in NARRATIVE_FIELDS:
        setattr(report, name, (getattr(report, name) or "").strip())
    return save_versioned(report, expected_version=expected_version, user=user, update_fields=NARRATIVE_FIELDS)


def submit(report: PeriodicReport, user, expected_version: int, *, date: datetime.date | None = None) -> PeriodicReport:
    """Hand a report in: its figures are frozen as the snapshot; a first submission after the deadline is late.
    `date` records a hand-in made earlier (the data generators; the pages never offer it)."""
    return REPORTS.take(report, "submit", user=user, expected_version=expected_version, date=date)


# --- Review by the level above -------------------------------------------------------------

def can_review(round_: ReportingRound, user) -> bool:
    """Only the level that opened the round (its staff, or national staff) accepts, returns or closes."""
    return user is None or policy.may_close_round(user, round_)


def accept(report: PeriodicReport, user, expected_version: int, comment: str = "", *,
           date: datetime.date | None = None) -> PeriodicReport:
    """The level that opened the round accepts a submitted report; the reporting unit cannot accept its own."""
    return REPORTS.take(report, "accept", user=user, expected_version=expected_version, reason=comment, date=date)


def return_with_comment(report: PeriodicReport, user, expected_version: int, comment: str, *,
                        date: datetime.date | None = None) -> PeriodicReport:
    """The level that opened the round sends a submitted report back with written comments, to be resubmitted."""
    return REPORTS.take(report, "return", user=user, expected_version=expected_version, reason=comment, date=date)


# --- Reminders ------------------------------------------------------------------------------

def reminder_days() -> list[int]:
    """How many days before a deadline the writers of a report not handed in are reminded (DANVAN_REMINDER_DAYS)."""
    return sorted({int(d) for d in settings.REPORT_REMINDER_DAYS if int(d) >= 0})


def send_reminders(today: datetime.date | None = None) -> int:
    """Remind the writers of every report not handed in (draft or returned) of an open round: once for each of
    reminder_days() before its deadline (the nearest one that has come, so a day the command did not run is
    caught up once), and once on the day the deadline is missed (the machine's "overdue" clock). Running it
    again the same day sends nothing new. Returns how many notifications were sent."""
    today = today or timezone.localdate()
    days = reminder_days()
    sent = 0
    if days:
        pending = REPORTS.filter(PeriodicReport.objects.filter(
            round__status=RoundStatus.OPEN, round__deadline__gte=today,
            round__deadline__lte=today + datetime.timedelta(days=days[-1])), "editable")
        for report in pending.select_related("round", "round__issuing_unit", "unit").order_by("pk"):
            left = (report.round.deadline - today).days
            threshold = min(d for d in days if d >= left)
            sent += notices.reminder(report, today=today,
                                     key=f"remind:{report.pk}:{report.round.deadline:%Y%m%d}:{threshold}")
    overdue = REPORTS.filter(PeriodicReport.objects.all(), "overdue", today=today)
    for report in overdue.select_related("round", "round__issuing_unit", "unit").order_by("pk"):
        sent += notices.reminder(report, today=today, key=f"remind:{report.pk}:{report.round.deadline:%Y%m%d}:missed")
    return sent


def may_remind(round_: ReportingRound, user) -> bool:
    """Who may close a round (the level that opened it) may remind its units, while it is open."""
    return round_.status == RoundStatus.OPEN and can_review(round_, user)


def remind_missing(round_: ReportingRound, user, today: datetime.date | None = None) -> int:
    """The level that opened a round reminds every unit that has not handed in its report (draft or returned);
    pressing it again the same day sends nothing new. Returns how many reports' writers were reminded."""
    if round_.status != RoundStatus.OPEN:
        raise TransitionNotAllowed(_("Đợt báo cáo đã đóng, không nhắc được nữa."))
    if not can_review(round_, user):
        raise NotInScope(_("Chỉ cấp mở đợt báo cáo mới nhắc được các đơn vị."))
    today = today or timezone.localdate()
    reminded = 0
    reports = REPORTS.filter(PeriodicReport.objects.filter(round=round_), "editable")
    for report in reports.select_related("round", "round__issuing_unit", "unit").order_by("pk"):
        if notices.reminder(report, today=today, key=f"nudge:{report.pk}:{today:%Y%m%d}"):
            reminded += 1
    return reminded


# --- What is waiting for a user (the home page's "việc cần làm") ----------------------------

def reports_to_write(user):
    """Reports of open rounds that the user's own units must still hand in (draft or returned), by deadline:
    a commune's staff see their commune's, a province's staff their province's (in national rounds)."""
    own_units = policy.province_ids(user, policy.CHANGE) | policy.commune_ids(user, policy.CHANGE)
    qs = PeriodicReport.objects.editable_by(user).filter(unit_id__in=sorted(own_units),
                                                         round__status=RoundStatus.OPEN)
    return REPORTS.filter(qs, "editable").select_related("round", "unit").order_by("round__deadline", "pk")


def reports_to_review(user):
    """Handed-in reports waiting for the user's decision (rounds the user's level opened), oldest first."""
    qs = PeriodicReport.objects.filter(round__in=ReportingRound.objects.editable_by(user).values("pk"),
                                       status=ReportStatus.SUBMITTED)
    return qs.select_related("round", "unit").order_by("submitted_at", "pk")


# --- What the level above sees -------------------------------------------------------------

def _reports(round_: ReportingRound, user=None):
    qs = PeriodicReport.objects.visible_to(user) if user is not None else PeriodicReport.objects.all()
    return qs.filter(round=round_)


def missing_reports(round_: ReportingRound, user=None):
    """Reports never handed in (still drafts); overdue once the deadline has passed."""
    return REPORTS.filter(_reports(round_, user), "missing")


def late_reports(round_: ReportingRound, user=None):
    """Reports first handed in after the deadline, whatever happened to them since."""
    return REPORTS.filter(_reports(round_, user), "late")


def overdue_reports(user=None, today: datetime.date | None = None):
    """Reports of open rounds whose deadline has passed and that were never handed in (for alerts)."""
    qs = PeriodicReport.objects.visible_to(user) if user is not None else PeriodicReport.objects.all()
    return REPORTS.filter(qs, "overdue", today=today)


@dataclass
class Change:
    key: str
    label: str
    frozen: Decimal
    current: Decimal
    url: str = ""

    @property
    def delta(self) -> Decimal:
        return self.current - self.frozen


def snapshot_diff(report: PeriodicReport, current: Figures | None = None) -> list[Change]:
    """Numbers that differ between the frozen snapshot and the registry now (a report is never rewritten)."""
    if report.snapshot is None:
        return []
    current = current or report_figures(report)
    frozen, now = snapshots.flatten(report.snapshot), snapshots.flatten(current.as_dict())
    urls = snapshots.figure_urls(current)
    return [
        Change(key, snapshots.label(key), frozen.get(key, Decimal(0)), now.get(key, Decimal(0)), urls.get(key, ""))
        for key in snapshots.ordered_keys(frozen, now)
        if frozen.get(key, Decimal(0)) != now.get(key, Decimal(0))
    ]


# --- Roll-up -------------------------------------------------------------------------------

@dataclass
class RollupRow:
    key: str
    label: str
    reported: Decimal      # sum of the frozen snapshots of handed-in reports
    pending: Decimal       # registry now, for units whose report is not handed in (draft or returned)
    outside: Decimal       # records of the issuing unit that lie in no target unit (e.g. province-level)
    own: Decimal           # the issuing unit's own figure now
    own_url: str = ""

    @property
    def group(self) -> str:
        return snapshots.group(self.key)

    @property
    def drift(self) -> Decimal:
        """Changes in the registry since the handed-in reports were frozen."""
        return self.own - self.reported - self.pending - self.outside


@dataclass
class Rollup:
    round: ReportingRound
    reports_total: int
    reports_counted: int
    rows: list = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.reports_counted == self.reports_total

    @property
    def adds_up(self) -> bool:
        """The handed-in figures plus the records outside any unit equal the issuing unit's figures."""
        return self.complete and all(r.drift == 0 for r in self.rows)

    def row(self, key: str) -> RollupRow:
        return next(r for r in self.rows if r.key == key)


def rollup(round_: ReportingRound) -> Rollup:
    """Sum the frozen figures of the handed-in reports and set them against the issuing unit's own figures:
    own = Σ handed-in snapshots + Σ not-yet-handed-in units now + records in no target unit + drift since freezing."""
    period = round_.period
    reports = list(PeriodicReport.objects.filter(round=round_).select_related("unit", "unit__province"))
    # The issuing unit's and every reporting unit's figures from the count tables in a few queries (stats).
    own, now = figures_with_units(round_.issuing_unit, [r.unit for r in reports], period)
    own_flat = snapshots.flatten(own.as_dict())
    urls = snapshots.figure_urls(own)
    reported, pending, fresh_all = [], [], []
    counted = total = 0
    for report in reports:
        total += 1
        fresh = snapshots.flatten(now[report.unit_id].as_dict())
        fresh_all.append(fresh)
        if REPORTS.holds(report, "handed_in"):
            counted += 1
            reported.append(snapshots.flatten(report.snapshot))
        else:
            pending.append(fresh)
    reported_sum, pending_sum = snapshots.add(*reported), snapshots.add(*pending)
    outside = snapshots.subtract(own_flat, snapshots.add(*fresh_all))
    result = Rollup(round=round_, reports_total=total, reports_counted=counted)
    zero = Decimal(0)
    for key in snapshots.ordered_keys(own_flat, reported_sum, pending_sum):
        result.rows.append(RollupRow(
            key=key, label=snapshots.label(key), reported=reported_sum.get(key, zero),
            pending=pending_sum.get(key, zero), outside=outside.get(key, zero), own=own_flat.get(key, zero),
            own_url=urls.get(key, ""),
        ))
    return result
