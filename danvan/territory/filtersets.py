import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.filtersets import IntegerFilter, SearchFilter
from danvan.territory.choices import unit_choices_for
from danvan.territory.lineage import unit_q
from danvan.territory.models import AdminUnit, UnitKind, UnitLevel


class UnitFilter(IntegerFilter):
    """`?unit=ID`: records counted in that unit (a province covers its communes; a historic unit covers
    its lineage, see territory.lineage). The queryset is already scoped, so any id is safe."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Đơn vị hành chính"))
        kwargs.setdefault("widget", forms.Select())
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        unit = AdminUnit.objects.filter(pk=int(value)).first()
        return qs.filter(unit_q(unit)) if unit is not None else qs.none()


class ScopedFilterSet(django_filters.FilterSet):
    """Base FilterSet: a search box, and a unit select listing the units the user can see."""

    q = SearchFilter()
    unit = UnitFilter()

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if "unit" in self.form.fields and user is not None:
            self.form.fields["unit"].widget.choices = [("", _("— Tất cả đơn vị —"))] + unit_choices_for(user)


class AdminUnitFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    level = django_filters.ChoiceFilter(label=_("Cấp"), choices=UnitLevel.choices, empty_label=_("— Tất cả —"))
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=UnitKind.choices, empty_label=_("— Tất cả —"))
    historic = django_filters.BooleanFilter(label=_("Đơn vị cũ (trước 2025)"))
    province = IntegerFilter(label=_("Tỉnh"), field_name="province_id")
    code = django_filters.CharFilter(label=_("Mã"))

    class Meta:
        model = AdminUnit
        fields = ["q", "level", "kind", "historic", "province", "code"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
