from django.contrib import admin

from coso.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The log is append-only: visible to administrators, never edited."""

    list_display = ["at", "actor", "action", "model", "object_id", "object_repr", "service"]
    list_filter = ["action", "model", "service"]
    search_fields = ["object_repr", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
