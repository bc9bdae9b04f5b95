"""The reporting workflow: an upper level opens a round, each unit below writes and submits its report,
the upper level accepts it or returns it with comments; late, missing and changed figures are visible.

The steps, who may take them and what "overdue", "late", "missing" and "handed in" mean are declared once in
reporting.workflow; these functions are the calls views, the API and commands make. None of them changes a
round or report directly.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts import policy
from danvan.core.exceptions import DomainError, NotInScope, TransitionNotAllowed
from danvan.core.services import acting_as, create_record, save_versioned
from danvan.reporting import snapshots
from danvan.stats.figures import Figures, figures, figures_for_units
from danvan.reporting.models import (
    PeriodicReport, ReportingRound, ReportStatus, TargetLevel,
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


def open_round(issuing_unit: AdminUnit | None, period_code: str, deadline: datetime.date, user, *,
               title: str = "") -> ReportingRound:
    """An upper level (a current province, or the nation when None) asks every unit directly below it for
    its report on one period by a deadline: one draft report per unit, created in bulk."""
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
    if deadline < timezone.localdate():
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
            opened_by=_actor(user), opened_at=timezone.now(),
        ), user=user)
        reports = []
        for unit in target_units(issuing_unit):
            report = PeriodicReport(round=round_, unit=unit, created_by=_actor(user))
            report.resolve_units()  # bulk_create skips save(), where this normally happens
            reports.append(report)
        PeriodicReport.objects.bulk_create(reports, batch_size=500)
    return round_


def close_round(round_: ReportingRound, user, expected_version: int) -> ReportingRound:
    """The issuing level closes a round: no more submissions; what was not handed in stays missing."""
    return ROUNDS.take(round_, "close", user=user, expected_version=expected_version)


# --- Writing and submitting a report -------------------------------------------------------

def report_figures(report: PeriodicReport) -> Figures:
    """The report's figures from the registry now (what a draft shows, and what a snapshot is compared with)."""
    return figures(report.unit, report.round.period)


def suggested_results(figs: Figures) -> str:
    """A first paragraph for "results", written from the figures, so a busy cadre starts from the numbers."""
    from danvan.core.templatetags.danvan import vnnumber

    text = _(
        "Tính đến hết %(period)s, đơn vị có %(total)s mô hình “Dân vận khéo”, trong đó %(new)s mô hình mới đăng ký "
        "trong kỳ; %(recognised)s mô hình được công nhận điển hình và %(not_implemented)s mô hình không triển khai "
        "trong kỳ. Có %(exemplars)s điển hình tiên tiến trong kỳ (luỹ kế %(cumulative)s)."
    ) % {
        "period": figs.period.label, "total": vnnumber(figs.initiatives.value), "new": vnnumber(figs.new.value),
        "recognised": vnnumber(figs.recognised.value), "not_implemented": vnnumber(figs.not_implemented.value),
        "exemplars": vnnumber(figs.exemplars.value), "cumulative": vnnumber(figs.exemplars_cumulative.value),
    }
    parts = [
        _("%(field)s: %(i)s mô hình, %(e)s điển hình") % {
            "field": entry["label"], "i": vnnumber(entry["initiatives"].value), "e": vnnumber(entry["exemplars"].value),
        }
        for entry in figs.by_field.values()
    ]
    return text + " " + _("Theo lĩnh vực: %(parts)s.") % {"parts": "; ".join(parts)}


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


def submit(report: PeriodicReport, user, expected_version: int) -> PeriodicReport:
    """Hand a report in: its figures are frozen as the snapshot; a first submission after the deadline is late."""
    return REPORTS.take(report, "submit", user=user, expected_version=expected_version)


# --- Review by the level above -------------------------------------------------------------

def can_review(round_: ReportingRound, user) -> bool:
    """Only the level that opened the round (its staff, or national staff) accepts, returns or closes."""
    return user is None or policy.may_close_round(user, round_)


def accept(report: PeriodicReport, user, expected_version: int, comment: str = "") -> PeriodicReport:
    """The level that opened the round accepts a submitted report; the reporting unit cannot accept its own."""
    return REPORTS.take(report, "accept", user=user, expected_version=expected_version, reason=comment)


def return_with_comment(report: PeriodicReport, user, expected_version: int, comment: str) -> PeriodicReport:
    """The level that opened the round sends a submitted report back with written comments, to be resubmitted."""
    return REPORTS.take(report, "return", user=user, expected_version=expected_version, reason=comment)


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
    own = figures(round_.issuing_unit, period)
    own_flat = snapshots.flatten(own.as_dict())
    urls = snapshots.figure_urls(own)
    reported, pending, fresh_all = [], [], []
    counted = total = 0
    reports = list(PeriodicReport.objects.filter(round=round_).select_related("unit", "unit__province"))
    # Every unit's figures now in a few GROUP BY queries (stats), not a dozen queries per unit.
    now = figures_for_units([r.unit for r in reports], period)
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
