import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from danvan.initiatives.models import Exemplar, Initiative


# Columns a phone hides: the title, status and commune are what a cadre scans for.
WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}


class InitiativeTable(tables.Table):
    # On a phone each row is a card: title, status, unit, date (core/_cards.html)
    card_columns = ("title", "status", "commune", "registered_on")
    title = tables.Column(linkify=True, order_by=("sort_key",), verbose_name=_("Tên mô hình"))
    field = tables.Column(verbose_name=_("Lĩnh vực"), attrs=WIDE_ONLY)
    status = tables.Column(verbose_name=_("Trạng thái"))
    organization = tables.Column(verbose_name=_("Tổ chức"), order_by=("organization__sort_key",), attrs=WIDE_ONLY)
    commune = tables.Column(verbose_name=_("Xã/phường"), order_by=("commune__sort_key",), default="—")
    year = tables.Column(verbose_name=_("Năm"), attrs=WIDE_ONLY)

    def render_status(self, record):
        # format_html instead of a TemplateColumn: no template compiled per cell on big lists
        return format_html('<span class="badge status-{}">{}</span>', record.status, record.get_status_display())

    class Meta:
        model = Initiative
        fields = ("title", "field", "status", "organization", "commune", "year")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("Không có mô hình nào.")


class ExemplarTable(tables.Table):
    card_columns = ("name", "kind", "commune", "year")
    name = tables.Column(linkify=True, order_by=("sort_key",), verbose_name=_("Tên điển hình"))
    kind = tables.Column(verbose_name=_("Loại"))
    field = tables.Column(verbose_name=_("Lĩnh vực"), attrs=WIDE_ONLY)
    organization = tables.Column(verbose_name=_("Tổ chức"), order_by=("organization__sort_key",), attrs=WIDE_ONLY)
    commune = tables.Column(verbose_name=_("Xã/phường"), order_by=("commune__sort_key",), default="—")
    year = tables.Column(verbose_name=_("Năm"))

    class Meta:
        model = Exemplar
        fields = ("name", "kind", "field", "organization", "commune", "year")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("Không có điển hình nào.")
