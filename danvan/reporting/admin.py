from django.contrib import admin

from danvan.core.admin import ReadOnlyAdmin
from danvan.reporting.models import PeriodicReport, ReportingRound


@admin.register(ReportingRound)
class ReportingRoundAdmin(ReadOnlyAdmin):
    list_display = ("title", "issuing_unit", "period_code", "deadline", "status")
    list_filter = ("status", "period_kind")
    search_fields = ("search_text",)
    raw_id_fields = ("issuing_unit", "opened_by")
    readonly_fields = ("version",)

    def get_queryset(self, request):
        return ReportingRound.objects.visible_to(request.user)


@admin.register(PeriodicReport)
class PeriodicReportAdmin(ReadOnlyAdmin):
    list_display = ("round", "unit", "status", "is_late", "submitted_at")
    list_filter = ("status", "is_late")
    raw_id_fields = ("round", "unit", "organization")
    readonly_fields = ("status", "commune", "province", "snapshot", "is_late", "submitted_at", "submitted_by",
                       "reviewed_at", "reviewed_by", "review_comment", "version")

    def get_queryset(self, request):
        return PeriodicReport.objects.visible_to(request.user)
