from django.contrib import admin

from danvan.territory.models import AdminUnit, UnitLineage


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "province", "historic")
    list_filter = ("level", "historic", "kind")
    search_fields = ("code", "search_text")
    raw_id_fields = ("parent", "province", "successor")


@admin.register(UnitLineage)
class UnitLineageAdmin(admin.ModelAdmin):
    list_display = ("old", "new", "is_primary", "date")
    raw_id_fields = ("old", "new")
