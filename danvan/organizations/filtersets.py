import django_filters
from django.utils.translation import gettext_lazy as _

from danvan.core.filtersets import IntegerFilter
from danvan.territory.filtersets import ScopedFilterSet
from danvan.organizations.models import Organization, OrganizationKind


class OrganizationFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Loại tổ chức"), choices=OrganizationKind.choices, empty_label=_("— Tất cả —"))
    parent = IntegerFilter(label=_("Tổ chức cấp trên"))

    class Meta:
        model = Organization
        fields = ["q", "unit", "kind"]
