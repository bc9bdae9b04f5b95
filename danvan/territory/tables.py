import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from danvan.territory.models import AdminUnit


class AdminUnitTable(tables.Table):
    code = tables.Column(verbose_name=_("Mã"))
    name = tables.Column(linkify=True, order_by=("sort_key",), verbose_name=_("Tên"))
    kind = tables.Column(verbose_name=_("Loại"))
    province = tables.Column(verbose_name=_("Tỉnh/thành phố"), order_by=("province__sort_key",), default="—")
    successor = tables.Column(verbose_name=_("Nay là"), default="", orderable=False)

    class Meta:
        model = AdminUnit
        fields = ("code", "name", "kind", "province", "successor")
        empty_text = _("Không có đơn vị nào.")
