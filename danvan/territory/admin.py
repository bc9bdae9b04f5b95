from django.contrib import admin

from danvan.territory.models import AdminUnit, UnitLineage


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "province", "historic")
    list_filter = ("level", "historic", "kind")
    search_fields = ("code", "search_text")
    raw_id_fields = ("parent", "province", "successor")

    def save_model(self, request, obj, form, change):
        from danvan.territory.services import save_unit

        save_unit(obj)  # re-places the records under the unit when its lineage or parent changes


@admin.register(UnitLineage)
class UnitLineageAdmin(admin.ModelAdmin):
    list_display = ("old", "new", "is_primary", "date")
    raw_id_fields = ("old", "new")
