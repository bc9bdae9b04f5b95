from django.contrib import admin

from danvan.accounts.models import Assignment


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit", "organization")
    list_filter = ("role",)
    search_fields = ("user__username", "user__last_name")
    raw_id_fields = ("unit", "organization")
