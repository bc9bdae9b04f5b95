from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from danvan.core.api.views import (
    VERSION_REQUIRED, ScopedPrimaryKeyRelatedField, UnknownIdIsRuleBroken, VersionedModelSerializer,
    VietnameseErrorsMixin, rule_broken,
)
from danvan.initiatives.forms import _steering_members_for
from danvan.initiatives.models import (
    Evidence, Exemplar, Indicator, IndicatorValue, Initiative, InitiativeTransition, MeasureUnit, ProgressUpdate,
    Status,
)
from danvan.initiatives.workflow import LIFECYCLE
from danvan.organizations.models import Organization


class PlacedMixin(serializers.Serializer):
    """Where a record counts: the unit as recorded and the current commune and province, with names."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    commune_name = serializers.CharField(source="commune.name", read_only=True, allow_null=True)
    province_name = serializers.CharField(source="province.name", read_only=True, allow_null=True)
    organization = ScopedPrimaryKeyRelatedField(
        Organization, queryset=Organization.objects.none(), label=_("Tổ chức"),
        help_text=_("Tổ chức thuộc phạm vi bạn được sửa."),
    )
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    field_display = serializers.CharField(source="get_field_display", read_only=True)


PLACED_FIELDS = ["organization", "organization_name", "unit", "unit_name", "commune", "commune_name", "province",
                 "province_name"]
PLACED_READ_ONLY = ["unit", "commune", "province", "created_at", "updated_at"]


class SteeringMemberField(UnknownIdIsRuleBroken, serializers.PrimaryKeyRelatedField):
    """A steering committee member the user can see (the same list as the edit form)."""

    def get_queryset(self):
        request = self.context.get("request")
        return _steering_members_for(getattr(request, "user", None))


class InitiativeSerializer(PlacedMixin, VersionedModelSerializer):
    scope_display = serializers.CharField(source="get_scope_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    organization = ScopedPrimaryKeyRelatedField(
        Organization, queryset=Organization.objects.none(), label=_("Tổ chức chủ trì"),
        help_text=_("Tổ chức thuộc phạm vi bạn được sửa."),
    )
    steering_member = SteeringMemberField(
        queryset=Initiative._meta.get_field("steering_member").related_model.objects.none(),
        required=False, allow_null=True, label=_("Thành viên BCĐ theo dõi"),
    )
    steering_member_name = serializers.SerializerMethodField()
    replicates = ScopedPrimaryKeyRelatedField(
        Initiative, action="view", queryset=Initiative.objects.none(), required=False, allow_null=True,
        label=_("Nhân rộng từ mô hình"),
    )
    replicates_title = serializers.CharField(source="replicates.title", read_only=True, allow_null=True)
    allowed_transitions = serializers.SerializerMethodField(
        help_text=_("Các trạng thái bạn có thể chuyển mô hình sang lúc này (POST …/transition/)."),
    )
    submit = serializers.BooleanField(
        write_only=True, required=False, default=False,
        help_text=_("Chỉ khi tạo: true để đăng ký ngay, false để lưu dự thảo."),
    )

    class Meta:
        model = Initiative
        fields = [
            "id", "title", "field", "field_display", "scope", "scope_display", *PLACED_FIELDS, "year",
            "description", "goals", "start_date", "steering_member", "steering_member_name", "status",
            "status_display", "status_changed_at", "allowed_transitions", "last_progress_at", "replicates",
            "replicates_title", "submit", "version", "created_at", "updated_at",
        ]
        read_only_fields = [*PLACED_READ_ONLY, "status", "status_changed_at", "last_progress_at"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_steering_member_name(self, obj):
        member = obj.steering_member
        if member is None:
            return None
        return member.get_full_name() or member.get_username()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_transitions(self, obj):
        request = self.context.get("request")
        return [step.target for step in LIFECYCLE.steps_for(obj, getattr(request, "user", None))]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        replicates = attrs.get("replicates")
        if replicates is not None and self.instance is not None and replicates.pk == self.instance.pk:
            rule_broken("replicates", _("Một mô hình không thể nhân rộng từ chính nó."))
        return attrs


class TransitionRequestSerializer(VietnameseErrorsMixin, serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Status.choices, label=_("Sang trạng thái"))
    reason = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text=_("Bắt buộc khi chuyển sang Không triển khai, Tạm dừng hoặc Kết thúc."),
    )
    date = serializers.DateField(required=False, allow_null=True, help_text=_("Mặc định hôm nay; không ở tương lai."))
    version = serializers.IntegerField(min_value=1, error_messages={"required": VERSION_REQUIRED})


class InitiativeTransitionSerializer(serializers.ModelSerializer):
    # Declared so the schema says the first step's from_status is "" (read-only model fields lose allow_blank).
    from_status = serializers.ChoiceField(choices=Status.choices, allow_blank=True, read_only=True,
                                          label=_("Từ trạng thái"))
    from_status_display = serializers.CharField(source="get_from_status_display", read_only=True)
    to_status_display = serializers.CharField(source="get_to_status_display", read_only=True)
    user_name = serializers.SerializerMethodField()

    class Meta:
        model = InitiativeTransition
        fields = ["id", "from_status", "from_status_display", "to_status", "to_status_display", "date", "reason",
                  "user", "user_name", "created_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_user_name(self, obj):
        if obj.user is None:
            return None
        return obj.user.get_full_name() or obj.user.get_username()


class ExemplarSerializer(PlacedMixin, VersionedModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    initiative = ScopedPrimaryKeyRelatedField(
        Initiative, action="view", queryset=Initiative.objects.none(), required=False, allow_null=True,
        label=_("Gắn với mô hình"),
    )
    initiative_title = serializers.CharField(source="initiative.title", read_only=True, allow_null=True)

    class Meta:
        model = Exemplar
        fields = [
            "id", "name", "kind", "kind_display", "field", "field_display", *PLACED_FIELDS, "year", "achievements",
            "initiative", "initiative_title", "decision_number", "decision_date", "recognition_level", "award_form",
            "version", "created_at", "updated_at",
        ]
        read_only_fields = PLACED_READ_ONLY


def _check_vnd(measure_unit, amount, field):
    if measure_unit == MeasureUnit.VND and amount is not None and amount != int(amount):
        rule_broken(field, _("Số tiền (VND) phải là số nguyên."))


class IndicatorSerializer(VersionedModelSerializer):
    initiative = ScopedPrimaryKeyRelatedField(
        Initiative, queryset=Initiative.objects.none(), label=_("Mô hình"),
        help_text=_("Mô hình bạn được sửa; không đổi được sau khi tạo."),
    )
    initiative_title = serializers.CharField(source="initiative.title", read_only=True)
    measure_unit_display = serializers.CharField(source="get_measure_unit_display", read_only=True)
    actual = serializers.DecimalField(
        max_digits=20, decimal_places=2, read_only=True, help_text=_("Tổng giá trị đã đạt (từ các lần cập nhật)."),
    )

    class Meta:
        model = Indicator
        fields = ["id", "initiative", "initiative_title", "name", "measure_unit", "measure_unit_display", "target",
                  "actual", "version", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        initiative = attrs.get("initiative")
        if self.instance is not None and initiative is not None and initiative.pk != self.instance.initiative_id:
            rule_broken("initiative", _("Không thể chuyển chỉ tiêu sang mô hình khác."))
        measure_unit = attrs.get("measure_unit", getattr(self.instance, "measure_unit", None))
        _check_vnd(measure_unit, attrs.get("target", getattr(self.instance, "target", None)), "target")
        return attrs


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    measure_unit = serializers.CharField(source="indicator.measure_unit", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "indicator_name", "measure_unit", "date", "value"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_at"]
        read_only_fields = fields


@extend_schema_field({
    "type": "object",
    "additionalProperties": {
        "oneOf": [{"type": "number", "minimum": 0, "maximum": 10 ** 16 - 1, "multipleOf": 0.01},
                  {"type": "string", "pattern": r"^\d{0,16}(?:\.\d{0,2})?$"}],
        "nullable": True,
    },
})
class IndicatorValuesField(serializers.DictField):
    """{"id of an indicator": value achieved}: a number (or numeric string) from 0, or null."""


class ProgressUpdateSerializer(VietnameseErrorsMixin, serializers.ModelSerializer):
    initiative = ScopedPrimaryKeyRelatedField(
        Initiative, queryset=Initiative.objects.none(), label=_("Mô hình"), help_text=_("Mô hình bạn được sửa."),
    )
    initiative_title = serializers.CharField(source="initiative.title", read_only=True)
    date = serializers.DateField(required=False, help_text=_("Mặc định hôm nay; không ở tương lai."))
    values = IndicatorValuesField(
        child=serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0, allow_null=True),
        write_only=True, required=False,
        help_text=_("Giá trị đạt được của từng chỉ tiêu: {\"id chỉ tiêu\": số}."),
    )
    indicator_values = IndicatorValueSerializer(source="values", many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = ["id", "initiative", "initiative_title", "date", "text", "values", "indicator_values", "evidence",
                  "version", "created_at"]
        read_only_fields = ["version", "created_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        initiative = attrs["initiative"]
        indicators = {i.pk: i for i in initiative.indicators.all()}
        values = {}
        for key, value in (attrs.get("values") or {}).items():
            try:
                indicator = indicators.get(int(key))
            except (TypeError, ValueError):
                indicator = None
            if indicator is None:
                rule_broken("values", _("Chỉ tiêu “%(id)s” không thuộc mô hình này.") % {"id": key})
            _check_vnd(indicator.measure_unit, value, "values")
            values[indicator.pk] = value
        attrs["values"] = values
        return attrs

    def create(self, validated_data):  # pragma: no cover - the viewset records progress through the service
        raise NotImplementedError
