import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from danvan.documents.models import IssuedDocument


class IssuedDocumentTable(tables.Table):
    number_text = tables.Column(verbose_name=_("Số, ký hiệu"), linkify=True, order_by=("year", "number"))
    issued_on = tables.DateColumn(format="d/m/Y")

    class Meta:
        model = IssuedDocument
        fields = ("number_text", "issued_on", "kind", "title", "issuer_name", "signer", "status")
        order_by = ("-issued_on",)
