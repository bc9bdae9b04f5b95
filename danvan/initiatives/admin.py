from django.contrib import admin

from danvan.core.admin import ReadOnlyAdmin
from danvan.initiatives.models import Evidence, Exemplar, Indicator, Initiative, InitiativeTransition, ProgressUpdate


class TransitionInline(admin.TabularInline):
    model = InitiativeTransition
    extra = 0
    readonly_fields = ("from_status", "to_status", "date", "reason", "user", "created_at")
    can_delete = False


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    list_display = ("title", "field", "status", "organization", "commune", "year")
    list_filter = ("field", "status", "scope", "year")
    search_fields = ("search_text",)
    raw_id_fields = ("organization", "unit", "steering_member", "replicates")
    readonly_fields = ("status", "commune", "province", "version")
    inlines = [TransitionInline]

    def get_queryset(self, request):
        return Initiative.all_objects.visible_to(request.user)


@admin.register(Exemplar)
class ExemplarAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "field", "organization", "year")
    list_filter = ("field", "kind", "year")
    search_fields = ("search_text",)
    raw_id_fields = ("organization", "unit", "initiative")

    def get_queryset(self, request):
        return Exemplar.all_objects.visible_to(request.user)


admin.site.register(Indicator, ReadOnlyAdmin, raw_id_fields=("initiative",))
admin.site.register(ProgressUpdate, ReadOnlyAdmin, raw_id_fields=("initiative",))
admin.site.register(Evidence, ReadOnlyAdmin, raw_id_fields=("progress_update",))
