import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.filtersets import IntegerFilter
from danvan.territory.filtersets import ScopedFilterSet
from danvan.initiatives.models import Exemplar, ExemplarKind, Field, Indicator, Initiative, ProgressUpdate, Scope, Status

ALL = _("— Tất cả —")
ORDERING_INITIATIVE = (
    ("sort_key", "title"), ("year", "year"), ("status", "status"), ("updated_at", "updated"),
)


class InitiativeFilterSet(ScopedFilterSet):
    field = django_filters.ChoiceFilter(label=_("Lĩnh vực"), choices=Field.choices, empty_label=ALL)
    status = django_filters.MultipleChoiceFilter(
        label=_("Trạng thái"), choices=Status.choices, widget=forms.CheckboxSelectMultiple,
    )
    scope = django_filters.ChoiceFilter(label=_("Phạm vi"), choices=Scope.choices, empty_label=ALL)
    year = IntegerFilter(label=_("Năm"))
    year_min = IntegerFilter(field_name="year", lookup_expr="gte", label=_("Từ năm"))
    year_max = IntegerFilter(field_name="year", lookup_expr="lte", label=_("Đến năm"))
    organization = IntegerFilter(label=_("Tổ chức"), widget=forms.HiddenInput)
    organization_kind = django_filters.CharFilter(field_name="organization__kind", widget=forms.HiddenInput)
    steering_member = IntegerFilter(label=_("Thành viên BCĐ"), widget=forms.HiddenInput)
    no_steering_member = django_filters.BooleanFilter(
        field_name="steering_member", lookup_expr="isnull", widget=forms.HiddenInput(),
    )
    replicates = IntegerFilter(widget=forms.HiddenInput)
    registered_from = django_filters.DateFilter(field_name="registered_on", lookup_expr="gte", widget=forms.HiddenInput)
    registered_to = django_filters.DateFilter(field_name="registered_on", lookup_expr="lte", widget=forms.HiddenInput)
    status_changed_from = django_filters.DateFilter(
        field_name="status_changed_at", lookup_expr="gte", widget=forms.HiddenInput)
    status_changed_to = django_filters.DateFilter(
        field_name="status_changed_at", lookup_expr="lte", widget=forms.HiddenInput)
    stale_before = django_filters.DateFilter(method="filter_stale", widget=forms.HiddenInput)
    no_commune = django_filters.BooleanFilter(field_name="commune", lookup_expr="isnull", widget=forms.HiddenInput)
    no_province = django_filters.BooleanFilter(field_name="province", lookup_expr="isnull", widget=forms.HiddenInput)
    ordering = django_filters.OrderingFilter(fields=ORDERING_INITIATIVE, widget=forms.HiddenInput)

    class Meta:
        model = Initiative
        fields = ["q", "unit", "field", "status", "scope", "year"]

    def filter_stale(self, qs, name, value):
        """Registered or implementing, with no progress since `value` (or never): the lifecycle's clock "stale"
        started before `value` (initiatives.workflow)."""
        from danvan.initiatives.workflow import LIFECYCLE

        return qs.filter(LIFECYCLE.q("stale", cutoff=value))


class ExemplarFilterSet(ScopedFilterSet):
    field = django_filters.ChoiceFilter(label=_("Lĩnh vực"), choices=Field.choices, empty_label=ALL)
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=ExemplarKind.choices, empty_label=ALL)
    year = IntegerFilter(label=_("Năm"))
    organization = IntegerFilter(label=_("Tổ chức"), widget=forms.HiddenInput)
    year_min = IntegerFilter(field_name="year", lookup_expr="gte", widget=forms.HiddenInput)
    year_max = IntegerFilter(field_name="year", lookup_expr="lte", widget=forms.HiddenInput)
    organization_kind = django_filters.CharFilter(field_name="organization__kind", widget=forms.HiddenInput)
    initiative = IntegerFilter(widget=forms.HiddenInput)
    no_commune = django_filters.BooleanFilter(field_name="commune", lookup_expr="isnull", widget=forms.HiddenInput)
    no_province = django_filters.BooleanFilter(field_name="province", lookup_expr="isnull", widget=forms.HiddenInput)
    ordering = django_filters.OrderingFilter(fields=(("sort_key", "name"), ("year", "year")), widget=forms.HiddenInput)

    class Meta:
        model = Exemplar
        fields = ["q", "unit", "field", "kind", "year"]


class IndicatorFilterSet(django_filters.FilterSet):
    initiative = IntegerFilter()
    measure_unit = django_filters.CharFilter()

    class Meta:
        model = Indicator
        fields = ["initiative", "measure_unit"]


class ProgressUpdateFilterSet(django_filters.FilterSet):
    initiative = IntegerFilter()
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = ProgressUpdate
        fields = ["initiative"]
