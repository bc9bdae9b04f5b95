from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from danvan.core.api.views import (
    VERSION_REQUIRED, UnknownIdIsRuleBroken, VersionedModelSerializer, VietnameseErrorsMixin,
)
from danvan.reporting.models import PeriodicReport, ReportingRound
from danvan.stats.periods import PERIOD_CODE_HELP, PERIOD_CODE_PATTERN
from danvan.reporting.workflow import REPORTS, ROUNDS
from danvan.territory.models import AdminUnit


def _requester(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class ReportingRoundSerializer(VietnameseErrorsMixin, serializers.ModelSerializer):
    issuing_unit_name = serializers.SerializerMethodField()
    period_label = serializers.CharField(source="period.display_label", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    allowed_steps = serializers.SerializerMethodField(
        help_text=_("Các bước bạn có thể làm lúc này: close (POST …/close/)."))

    class Meta:
        model = ReportingRound
        fields = ["id", "title", "issuing_unit", "issuing_unit_name", "period_kind", "period_code", "period_label",
                  "deadline", "target_level", "status", "status_display", "allowed_steps", "opened_by", "opened_at",
                  "closed_at", "version"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_issuing_unit_name(self, obj):
        return obj.issuer_name

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_steps(self, obj):
        return [step.name for step in ROUNDS.steps_for(obj, _requester(self))]


class UnitField(UnknownIdIsRuleBroken, serializers.PrimaryKeyRelatedField):
    pass


class OpenRoundSerializer(VietnameseErrorsMixin, serializers.Serializer):
    issuing_unit = UnitField(
        queryset=AdminUnit.objects.provinces(), required=False, allow_null=True, label=_("Cấp mở đợt báo cáo"),
        help_text=_("Mã (id) tỉnh hiện nay; để trống (null) cho đợt toàn quốc."),
    )
    period = serializers.RegexField(
        PERIOD_CODE_PATTERN, trim_whitespace=False, max_length=9,
        help_text=_("Kỳ: 2025, 2025-H1, 2025-Q3, 2025-07, 2016-2025."),
        error_messages={"invalid": _("Kỳ báo cáo không hợp lệ. %(help)s") % {"help": PERIOD_CODE_HELP}},
    )
    deadline = serializers.DateField(help_text=_("Hạn nộp, dạng YYYY-MM-DD."))
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class PeriodicReportSerializer(VersionedModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    round_title = serializers.CharField(source="round.title", read_only=True)
    deadline = serializers.DateField(source="round.deadline", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True, help_text=_("Chưa nộp, đợt còn mở và đã quá hạn nộp."))
    allowed_steps = serializers.SerializerMethodField(
        help_text=_("Các bước bạn có thể làm lúc này: submit, accept, return (POST …/submit/, …/accept/, …/return/)."))

    class Meta:
        model = PeriodicReport
        fields = ["id", "round", "round_title", "deadline", "unit", "unit_name", "commune", "province",
                  "organization", "status", "status_display", "allowed_steps", "is_late", "is_overdue", "results",
                  "limitations", "causes", "directions", "snapshot", "first_submitted_at", "submitted_at",
                  "submitted_by", "reviewed_at", "reviewed_by", "review_comment", "version", "created_at", "updated_at"]
        read_only_fields = ["round", "unit", "commune", "province", "organization", "status", "is_late", "snapshot",
                            "first_submitted_at", "submitted_at", "submitted_by", "reviewed_at", "reviewed_by",
                            "review_comment", "created_at", "updated_at"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_steps(self, obj):
        return [step.name for step in REPORTS.steps_for(obj, _requester(self))]


class WorkflowStepSerializer(VietnameseErrorsMixin, serializers.Serializer):
    version = serializers.IntegerField(min_value=1, error_messages={"required": VERSION_REQUIRED})
    comment = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text=_("Ý kiến của cấp trên; bắt buộc khi trả lại."))


class ChangeSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    frozen = serializers.DecimalField(max_digits=20, decimal_places=2, help_text=_("Số liệu chốt khi nộp"))
    current = serializers.DecimalField(max_digits=20, decimal_places=2, help_text=_("Số liệu hiện tại"))
    delta = serializers.DecimalField(max_digits=20, decimal_places=2)
    url = serializers.CharField(help_text=_("Danh sách hồ sơ của số liệu hiện tại"))
