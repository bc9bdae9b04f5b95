"""The figures of a unit for a period, straight from the registry, each with the link to its records.

One function, `figures()`, feeds dashboards, periodic reports, documents and the CLI, so the same
number is the same everywhere. Every count is `count()` of a queryset that the initiative/exemplar
list reproduces from the query string in `links`, so a drill-down list always shows that many rows.

Counting rules:
- initiatives in the movement ("total"): registered on or before the period's end (drafts never count);
- "new": registered within the period; "recognised" / "not_implemented": moved to that status within it;
- exemplars: recorded in a year of the period ("total") or up to its end ("cumulative");
- a record counts in the current commune/province it resolves to (territory.lineage), once.
"""
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse

from danvan.initiatives.models import Exemplar, Field, IndicatorValue, Initiative, Scope, Status
from danvan.stats.periods import Period
from danvan.territory.lineage import unit_q
from danvan.territory.models import AdminUnit


def initiatives_in(unit: AdminUnit | None, user=None):
    qs = Initiative.objects.visible_to(user) if user is not None else Initiative.objects.all()
    return qs.filter(unit_q(unit))


def exemplars_in(unit: AdminUnit | None, user=None):
    qs = Exemplar.objects.visible_to(user) if user is not None else Exemplar.objects.all()
    return qs.filter(unit_q(unit))


def _url(name: str, **params) -> str:
    clean = {k: v for k, v in params.items() if v is not None and v != ""}
    return f"{reverse(name)}?{urlencode(clean, doseq=True)}" if clean else reverse(name)


@dataclass
class Figure:
    value: int
    url: str


@dataclass
class Figures:
    unit: AdminUnit | None
    period: Period
    initiatives: Figure = None
    new: Figure = None
    recognised: Figure = None
    not_implemented: Figure = None
    exemplars: Figure = None
    exemplars_cumulative: Figure = None
    by_field: dict = field(default_factory=dict)       # field -> {"label", "initiatives": Figure, "exemplars": Figure}
    by_scope: dict = field(default_factory=dict)       # scope -> Figure (initiatives)
    by_status: dict = field(default_factory=dict)      # status -> Figure (initiatives)
    indicators: dict = field(default_factory=dict)     # measure unit -> total value in the period

    def as_dict(self) -> dict:
        """Plain numbers, for freezing a snapshot and for JSON."""
        return {
            "initiatives": self.initiatives.value, "new": self.new.value, "recognised": self.recognised.value,
            "not_implemented": self.not_implemented.value, "exemplars": self.exemplars.value,
            "exemplars_cumulative": self.exemplars_cumulative.value,
            "by_field": {k: {"initiatives": v["initiatives"].value, "exemplars": v["exemplars"].value}
                         for k, v in self.by_field.items()},
            "by_scope": {k: v.value for k, v in self.by_scope.items()},
            "by_status": {k: v.value for k, v in self.by_status.items()},
            "indicators": {k: str(v) for k, v in self.indicators.items()},
        }


def figures(unit: AdminUnit | None, period: Period, *, user=None) -> Figures:
    """Counts for `unit` (None = nation) in `period`, scoped to `user` when given."""
    unit_param = unit.pk if unit is not None else None
    ini_list = "initiatives:initiative_list"
    ex_list = "initiatives:exemplar_list"
    base = initiatives_in(unit, user)
    counted = base.filter(registered_on__lte=period.end)
    to = period.end.isoformat()
    f = Figures(unit=unit, period=period)
    f.initiatives = Figure(counted.count(), _url(ini_list, unit=unit_param, registered_to=to))
    f.new = Figure(
        base.filter(registered_on__gte=period.start, registered_on__lte=period.end).count(),
        _url(ini_list, unit=unit_param, registered_from=period.start.isoformat(), registered_to=to),
    )
    for attr, status in (("recognised", Status.RECOGNISED), ("not_implemented", Status.NOT_IMPLEMENTED)):
        qs = base.filter(status=status, status_changed_at__gte=period.start, status_changed_at__lte=period.end)
        setattr(f, attr, Figure(qs.count(), _url(
            ini_list, unit=unit_param, status=status, status_changed_from=period.start.isoformat(), status_changed_to=to,
        )))
    ex = exemplars_in(unit, user)
    years = {"year_min": period.start.year, "year_max": period.end.year}
    ex_period = ex.filter(year__gte=period.start.year, year__lte=period.end.year)
    f.exemplars = Figure(ex_period.count(), _url(ex_list, unit=unit_param, **years))
    f.exemplars_cumulative = Figure(ex.filter(year__lte=period.end.year).count(),
                                    _url(ex_list, unit=unit_param, year_max=period.end.year))

    by_field = dict(counted.values_list("field").annotate(n=Count("id")).order_by())
    ex_by_field = dict(ex_period.values_list("field").annotate(n=Count("id")).order_by())
    for code, label in Field.choices:
        f.by_field[code] = {
            "label": label,
            "initiatives": Figure(by_field.get(code, 0), _url(ini_list, unit=unit_param, field=code, registered_to=to)),
            "exemplars": Figure(ex_by_field.get(code, 0), _url(ex_list, unit=unit_param, field=code, **years)),
        }
    by_scope = dict(counted.values_list("scope").annotate(n=Count("id")).order_by())
    for code, _label in Scope.choices:
        f.by_scope[code] = Figure(by_scope.get(code, 0), _url(ini_list, unit=unit_param, scope=code, registered_to=to))
    by_status = dict(counted.values_list("status").annotate(n=Count("id")).order_by())
    for code in Status.values:
        if code == Status.DRAFT:
            continue
        f.by_status[code] = Figure(by_status.get(code, 0), _url(ini_list, unit=unit_param, status=code, registered_to=to))
    values = IndicatorValue.objects.filter(
        indicator__initiative__in=base.values("pk"), indicator__deleted_at__isnull=True,
        date__gte=period.start, date__lte=period.end,
    ).exclude(progress_update__deleted_at__isnull=False)
    if user is not None:
        values = values.visible_to(user)
    f.indicators = dict(
        values.values_list("indicator__measure_unit").annotate(total=Sum("value")).order_by()
    )
    return f
