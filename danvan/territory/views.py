from danvan.core.views import ObjectDetailView, ObjectListView
from danvan.territory.filtersets import AdminUnitFilterSet
from danvan.territory.models import AdminUnit
from danvan.territory.tables import AdminUnitTable


class AdminUnitListView(ObjectListView):
    model = AdminUnit
    filterset_class = AdminUnitFilterSet
    table_class = AdminUnitTable
    export_name = "don-vi-hanh-chinh"

    def get_queryset(self):
        return super().get_queryset().select_related("province", "successor").order_by("historic", "level", "sort_key")


class AdminUnitDetailView(ObjectDetailView):
    model = AdminUnit
    template_name = "territory/unit_detail.html"

    def get_object(self):
        return super().get_object()

    def extra_context(self, obj):
        return {
            "became": obj.successor_links.select_related("new", "new__province"),
            "came_from": obj.predecessor_links.select_related("old", "old__province").order_by("old__level", "old__sort_key"),
            "children": obj.children.order_by("sort_key")[:500],
        }
