from django.contrib import admin

from danvan.core.admin import ReadOnlyAdmin
from danvan.organizations.models import Organization


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "unit")
    list_filter = ("kind",)
    search_fields = ("search_text",)
    raw_id_fields = ("unit", "parent")

    def get_queryset(self, request):
        return Organization.all_objects.visible_to(request.user)
