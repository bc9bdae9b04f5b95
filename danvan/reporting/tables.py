import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from danvan.reporting.models import PeriodicReport, ReportingRound

# Columns a phone hides: the title, deadline and progress are what a cadre scans for.
WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}


class RoundTable(tables.Table):
    title = tables.Column(linkify=True, order_by=("sort_key",), verbose_name=_("Đợt báo cáo"))
    issuing_unit = tables.Column(verbose_name=_("Cấp mở"), default=_("Toàn quốc"), orderable=False, attrs=WIDE_ONLY)
    deadline = tables.DateColumn(format="d/m/Y", verbose_name=_("Hạn nộp"))
    progress = tables.TemplateColumn(template_name="reporting/_round_progress.html", verbose_name=_("Đã nộp"),
                                     orderable=False)
    status = tables.TemplateColumn(
        '<span class="badge {% if record.is_open %}text-bg-success{% else %}text-bg-secondary{% endif %}">'
        '{{ record.get_status_display }}</span>',
        verbose_name=_("Trạng thái"), attrs=WIDE_ONLY,
    )

    class Meta:
        model = ReportingRound
        fields = ("title", "issuing_unit", "deadline", "progress", "status")
        empty_text = _("Chưa có đợt báo cáo nào.")


class ReportTable(tables.Table):
    unit = tables.Column(
        linkify=lambda record: record.get_absolute_url(), verbose_name=_("Đơn vị báo cáo"), order_by=("unit__sort_key",),
    )
    state = tables.TemplateColumn(template_name="reporting/_report_state.html", verbose_name=_("Tình trạng"),
                                  orderable=False)
    submitted_at = tables.DateTimeColumn(format="d/m/Y H:i", verbose_name=_("Nộp lúc"), default="—")
    reviewed_at = tables.DateTimeColumn(format="d/m/Y", verbose_name=_("Xem xét"), default="—", attrs=WIDE_ONLY)

    class Meta:
        model = PeriodicReport
        fields = ("unit", "state", "submitted_at", "reviewed_at")
        empty_text = _("Không có báo cáo nào.")
