import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.filter_summary import DateRange
from danvan.core.filtersets import IntegerFilter
from danvan.organizations.models import OrganizationKind
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
    organization_kind = django_filters.ChoiceFilter(
        field_name="organization__kind", label=_("Loại tổ chức"), choices=OrganizationKind.choices,
        widget=forms.HiddenInput)
    steering_member = IntegerFilter(label=_("Thành viên Ban Chỉ đạo theo dõi"), widget=forms.HiddenInput)
    no_steering_member = django_filters.BooleanFilter(
        field_name="steering_member", lookup_expr="isnull", label=_("Chưa có thành viên Ban Chỉ đạo theo dõi"),
        widget=forms.HiddenInput(),
    )
    replicates = IntegerFilter(label=_("Nhân rộng từ mô hình"), widget=forms.HiddenInput)
    registered_from = django_filters.DateFilter(
        field_name="registered_on", lookup_expr="gte", label=_("Đăng ký từ ngày"), widget=forms.HiddenInput)
    registered_to = django_filters.DateFilter(
        field_name="registered_on", lookup_expr="lte", label=_("Đăng ký đến ngày"), widget=forms.HiddenInput)
    status_changed_from = django_filters.DateFilter(
        field_name="status_changed_at", lookup_expr="gte", label=_("Chuyển trạng thái từ ngày"),
        widget=forms.HiddenInput)
    status_changed_to = django_filters.DateFilter(
        field_name="status_changed_at", lookup_expr="lte", label=_("Chuyển trạng thái đến ngày"),
        widget=forms.HiddenInput)
    stale_before = django_filters.DateFilter(
        method="filter_stale", label=_("Không cập nhật tiến độ từ trước ngày"), widget=forms.HiddenInput)
    no_commune = django_filters.BooleanFilter(
        field_name="commune", lookup_expr="isnull", label=_("Cấp tỉnh (không thuộc xã/phường)"),
        widget=forms.HiddenInput)
    no_province = django_filters.BooleanFilter(
        field_name="province", lookup_expr="isnull", label=_("Chưa xác định tỉnh/thành phố"),
        widget=forms.HiddenInput)
    ordering = django_filters.OrderingFilter(fields=ORDERING_INITIATIVE, widget=forms.HiddenInput)

    # What the list says it is (core.filter_summary): a date window is one chip.
    date_ranges = (
        DateRange("registered_from", "registered_to", _("đăng ký mới"), _("đăng ký"), _("đăng ký")),
        DateRange("status_changed_from", "status_changed_to", _("chuyển trạng thái"), _("chuyển trạng thái"),
                  _("chuyển trạng thái")),
        DateRange("year_min", "year_max", _("đăng ký"), _("đăng ký"), _("đăng ký"), years=True),
    )

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
    year_min = IntegerFilter(field_name="year", lookup_expr="gte", label=_("Từ năm"), widget=forms.HiddenInput)
    year_max = IntegerFilter(field_name="year", lookup_expr="lte", label=_("Đến năm"), widget=forms.HiddenInput)
    organization_kind = django_filters.ChoiceFilter(
        field_name="organization__kind", label=_("Loại tổ chức"), choices=OrganizationKind.choices,
        widget=forms.HiddenInput)
    initiative = IntegerFilter(label=_("Gắn với mô hình"), widget=forms.HiddenInput)
    no_commune = django_filters.BooleanFilter(
        field_name="commune", lookup_expr="isnull", label=_("Cấp tỉnh (không thuộc xã/phường)"),
        widget=forms.HiddenInput)
    no_province = django_filters.BooleanFilter(
        field_name="province", lookup_expr="isnull", label=_("Chưa xác định tỉnh/thành phố"),
        widget=forms.HiddenInput)
    ordering = django_filters.OrderingFilter(fields=(("sort_key", "name"), ("year", "year")), widget=forms.HiddenInput)

    date_ranges = (DateRange("year_min", "year_max", "", "", "", years=True, label=_("Năm")),)

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
