from django.contrib import admin

from danvan.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "recipient", "created_at", "read_at")
    list_filter = ("kind", "read_at")
    search_fields = ("title", "recipient__username")
    raw_id_fields = ("recipient",)
