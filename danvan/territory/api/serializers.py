from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from danvan.territory.models import AdminUnit, UnitLineage


class LineageTargetSerializer(serializers.ModelSerializer):
    """One unit a historic unit became (part of) in the 2025 reorganisation."""

    id = serializers.IntegerField(source="new_id", read_only=True)
    code = serializers.CharField(source="new.code", read_only=True)
    name = serializers.CharField(source="new.name", read_only=True)

    class Meta:
        model = UnitLineage
        fields = ["id", "code", "name", "is_primary", "date", "note"]


class AdminUnitSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    parent_name = serializers.CharField(source="parent.name", read_only=True, allow_null=True)
    province_name = serializers.CharField(source="province.name", read_only=True, allow_null=True)
    successor_name = serializers.CharField(source="successor.name", read_only=True, allow_null=True)
    lineage = serializers.SerializerMethodField(
        help_text=_("Với đơn vị cũ: các đơn vị hiện hành nó đã trở thành; rỗng với đơn vị hiện hành."),
    )

    class Meta:
        model = AdminUnit
        fields = [
            "id", "code", "name", "short_name", "kind", "kind_display", "level", "level_display", "historic",
            "parent", "parent_name", "province", "province_name", "successor", "successor_name", "lineage",
            "valid_from", "valid_to", "latitude", "longitude", "area_km2",
        ]
        read_only_fields = fields

    @extend_schema_field(LineageTargetSerializer(many=True))
    def get_lineage(self, unit):
        if not unit.historic:
            return []
        # The viewset prefetches successor_links with their target unit.
        links = sorted(unit.successor_links.all(), key=lambda link: (not link.is_primary, link.new.code))
        return LineageTargetSerializer(links, many=True).data
