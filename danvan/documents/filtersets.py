import django_filters
from django.utils.translation import gettext_lazy as _

from danvan.core.filtersets import IntegerFilter
from danvan.documents.models import DocumentKind, DocumentStatus, IssuedDocument
from danvan.territory.filtersets import ScopedFilterSet

ALL = _("— Tất cả —")


class IssuedDocumentFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Loại văn bản"), choices=DocumentKind.choices, empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("Tình trạng"), choices=DocumentStatus.choices, empty_label=ALL)
    year = IntegerFilter(label=_("Năm"))

    class Meta:
        model = IssuedDocument
        fields = ["q", "unit", "kind", "status", "year"]
