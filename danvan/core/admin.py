"""The Django admin reads the registry; it never writes it. Records are written only through the services
(their rules, locking, audit and counts); the admin's generic save() would bypass them all."""
from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin page that lists and shows records but cannot add, change or delete them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
