"""Filters of the round list, a round's reports and their API: the same classes serve pages and API."""
import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.filtersets import IntegerFilter
from danvan.territory.filtersets import ScopedFilterSet, UnitFilter
from danvan.reporting.models import PeriodicReport, ReportingRound, ReportStatus, RoundStatus
from danvan.stats.periods import PeriodKind
from danvan.reporting.workflow import REPORTS

ALL = _("— Tất cả —")

# What the level above looks for in a round; `late` overlaps the others (a late report is also submitted…).
# "missing" and "late" are the reporting machine's conditions (reporting.workflow).
REPORT_STATES = {
    "missing": (_("Chưa nộp"), REPORTS.q("missing")),
    "submitted": (_("Chờ tiếp nhận"), Q(status=ReportStatus.SUBMITTED)),
    "returned": (_("Bị trả lại"), Q(status=ReportStatus.RETURNED)),
    "accepted": (_("Đã tiếp nhận"), Q(status=ReportStatus.ACCEPTED)),
    "late": (_("Nộp muộn"), REPORTS.q("late")),
}


def filter_state(qs, state: str):
    """Reports of one state (see REPORT_STATES); an unknown state filters nothing out."""
    entry = REPORT_STATES.get(state)
    return qs.filter(entry[1]) if entry else qs


class IssuerFilter(UnitFilter):
    """`?unit=ID`: rounds opened by that province, or by the province of that commune."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        from danvan.territory.models import AdminUnit

        unit = AdminUnit.objects.filter(pk=int(value)).first()
        if unit is None:
            return qs.none()
        _commune, province = unit.current_commune_and_province()
        return qs.filter(issuing_unit=province) if province is not None else qs.none()


class RoundFilterSet(ScopedFilterSet):
    unit = IssuerFilter(label=_("Cấp mở đợt"))
    period_kind = django_filters.ChoiceFilter(label=_("Loại kỳ"), choices=PeriodKind.choices, empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=RoundStatus.choices, empty_label=ALL)
    national = django_filters.BooleanFilter(field_name="issuing_unit", lookup_expr="isnull", widget=forms.HiddenInput)
    period_code = django_filters.CharFilter(widget=forms.HiddenInput)
    year = IntegerFilter(label=_("Năm"), method="filter_year")

    class Meta:
        model = ReportingRound
        fields = ["q", "unit", "period_kind", "status"]

    def filter_year(self, qs, name, value):
        return qs.filter(period_code__startswith=str(int(value))) if value else qs


class ReportFilterSet(django_filters.FilterSet):
    round = IntegerFilter(label=_("Đợt báo cáo"))
    state = django_filters.ChoiceFilter(
        label=_("Tình trạng"), choices=[(k, v[0]) for k, v in REPORT_STATES.items()], method="filter_by_state",
        empty_label=ALL,
    )
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=ReportStatus.choices, empty_label=ALL)
    unit = UnitFilter()

    class Meta:
        model = PeriodicReport
        fields = ["round", "state", "status", "unit"]

    def filter_by_state(self, qs, name, value):
        return filter_state(qs, value)
