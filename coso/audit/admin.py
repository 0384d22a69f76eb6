from django.contrib import admin
from django.db import transaction

from coso.audit.models import AuditEntry
from coso.audit.services import audit_create, audit_delete, audit_update, snapshot


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


class AuditedAdminMixin:
    """Writes made in the admin leave the same audit rows as the services' writes."""

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        service = f"admin_{obj._meta.model_name}"
        if change:
            audit_update(actor=request.user, obj=obj, before=before, service=service)
        else:
            audit_create(actor=request.user, obj=obj, service=service)

    @transaction.atomic
    def delete_model(self, request, obj):
        audit_delete(actor=request.user, obj=obj, service=f"admin_{obj._meta.model_name}")
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        """The admin's bulk "delete selected" action: one audit row per deleted record."""
        for obj in queryset:
            audit_delete(actor=request.user, obj=obj, service=f"admin_{obj._meta.model_name}")
        super().delete_queryset(request, queryset)


class AuditedAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass
