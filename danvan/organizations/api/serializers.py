from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from danvan.core.api.views import (
    ScopedPrimaryKeyRelatedField, UnknownIdIsRuleBroken, VersionedModelSerializer, rule_broken,
)
from danvan.organizations.forms import units_editable_by
from danvan.organizations.models import Organization
from danvan.territory.models import AdminUnit


class EditableUnitField(UnknownIdIsRuleBroken, serializers.PrimaryKeyRelatedField):
    """A current unit where the user may place an organisation (the same list as the edit form)."""

    def get_queryset(self):
        request = self.context.get("request")
        return units_editable_by(getattr(request, "user", None))


class OrganizationSerializer(VersionedModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit = EditableUnitField(
        queryset=AdminUnit.objects.none(), label=_("Đơn vị hành chính"),
        help_text=_("Đơn vị hành chính hiện hành thuộc phạm vi của bạn."),
    )
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    commune_name = serializers.CharField(source="commune.name", read_only=True, allow_null=True)
    province_name = serializers.CharField(source="province.name", read_only=True, allow_null=True)
    parent = ScopedPrimaryKeyRelatedField(
        Organization, queryset=Organization.objects.none(), required=False, allow_null=True,
        label=_("Tổ chức cấp trên"),
    )
    parent_name = serializers.CharField(source="parent.name", read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = [
            "id", "name", "kind", "kind_display", "unit", "unit_name", "commune", "commune_name", "province",
            "province_name", "parent", "parent_name", "version", "created_at", "updated_at",
        ]
        read_only_fields = ["commune", "province", "created_at", "updated_at"]

    def validate_parent(self, parent):
        if parent is not None and self.instance is not None and parent.pk == self.instance.pk:
            rule_broken("parent", _("Tổ chức cấp trên không được là chính nó."))
        return parent
