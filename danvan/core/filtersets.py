"""Filters shared by every list, API endpoint and export: accent-insensitive search and unit."""
import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from danvan.core import search


def search_q(value: str, column: str = "search_text") -> Q:
    """Every folded word of the query must appear in the folded search column (indexed: core.search)."""
    return search.search_q(value, column)


class SearchFilter(django_filters.CharFilter):
    """`?q=dan van kheo` finds "Dân vận khéo": accents, case, đ/d and NFC/NFD are ignored."""

    def __init__(self, *args, column: str = "search_text", **kwargs):
        kwargs.setdefault("label", _("Tìm kiếm"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": _("Tìm (không cần dấu)…"), "type": "search"}))
        super().__init__(*args, **kwargs)
        self.column = column

    def filter(self, qs, value):
        if not value or not value.strip():
            return qs
        return qs.filter(search_q(value, self.column))


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    """A whole number (an id, a year): `?year=2025.5` or `?unit=0.5` is a 400, as the API schema says."""

    field_class = forms.IntegerField


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
        from danvan.territory.lineage import unit_q
        from danvan.territory.models import AdminUnit

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
            from danvan.territory.choices import unit_choices_for

            self.form.fields["unit"].widget.choices = [("", _("— Tất cả đơn vị —"))] + unit_choices_for(user)
