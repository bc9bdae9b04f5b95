import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from danvan.organizations.models import Organization


class OrganizationTable(tables.Table):
    name = tables.Column(linkify=True, order_by=("sort_key",), verbose_name=_("Tên tổ chức"))
    kind = tables.Column(verbose_name=_("Loại"))
    unit = tables.Column(verbose_name=_("Đơn vị"), order_by=("unit__sort_key",))
    parent = tables.Column(verbose_name=_("Cấp trên"), default="—", orderable=False)

    class Meta:
        model = Organization
        fields = ("name", "kind", "unit", "parent")
        empty_text = _("Không có tổ chức nào.")
