import django_filters
from django.utils.translation import gettext_lazy as _

from danvan.core.filtersets import IntegerFilter, SearchFilter
from danvan.territory.models import AdminUnit, UnitKind, UnitLevel


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
