"""Filters shared by every list, API endpoint and export: accent-insensitive search, whole numbers.

The unit filter and the base FilterSet of placed records live with the units (territory.filtersets)."""
import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from danvan.core import search


def search_q(value: str, column: str = "search_text") -> Q:
    """Every folded word of the query must appear in the folded search column (indexed: core.search)."""
    return search.search_q(value, column)


class SearchFilter(django_filters.CharFilter):
    """`?q=dan van kheo` finds "Dân vận khéo": accents, case, đ/d and NFC/NFD are ignored; the results come best
    match first ("hội nông dân" puts "Hội Nông dân …" before "Hộ nông dân …")."""

    def __init__(self, *args, column: str = "search_text", **kwargs):
        kwargs.setdefault("label", _("Tìm kiếm"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": _("Tìm (không cần dấu)…"), "type": "search"}))
        super().__init__(*args, **kwargs)
        self.column = column

    def filter(self, qs, value):
        if not value or not value.strip():
            return qs
        # Best matches first (exact accents, whole phrase: search.rank); an explicit ?ordering= (whichever
        # filter runs first) or a table's ?sort= still orders the list as asked.
        qs = qs.filter(search_q(value, self.column))
        data = getattr(getattr(self, "parent", None), "data", None) or {}
        if data.get("ordering"):
            return qs
        return search.ranked(qs, value, self.column)


@extend_schema_field({"type": "integer", "format": "int64", "minimum": -(2**63 - 1), "maximum": 2**63 - 1})
class IntegerFilter(django_filters.NumberFilter):
    """A whole number (an id, a year): `?year=2025.5` or `?unit=0.5` is a 400, as the API schema says."""

    field_class = forms.IntegerField
