from django.contrib import admin
from django.db import transaction
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from coso.audit.labels import service_label
from coso.audit.models import AuditEntry
from coso.audit.services import audit_create, audit_delete, audit_update, snapshot

# The admin's titles name the product in the user's language, not "Django administration".
admin.site.site_header = _("Cơ Sở — administration")
admin.site.site_title = _("Cơ Sở administration")
admin.site.index_title = _("System administration")


class ServiceFilter(admin.SimpleListFilter):
    """Filter by service, listed by their names in the user's language rather than their codes."""

    title = _("service")
    parameter_name = "service"

    def lookups(self, request, model_admin):
        rows = AuditEntry.objects.order_by().values_list("service", "model").distinct()
        labels = {service: service_label(service, model) for service, model in rows}
        return sorted(labels.items(), key=lambda item: item[1])

    def queryset(self, request, queryset):
        return queryset.filter(service=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The log is append-only: visible to administrators, never edited."""

    list_display = ["at", "actor", "action", "model", "object_id", "object_repr", "service_name"]
    list_filter = ["action", "model", ServiceFilter]
    search_fields = ["object_repr", "object_id"]
    date_hierarchy = "at"

    fields = [
        "at",
        "actor",
        "action",
        "model",
        "object_id",
        "object_repr",
        "service_name",
        "changes_list",
        "subject_model",
        "subject_id",
    ]
    readonly_fields = fields

    @admin.display(description=_("service"), ordering="service")
    def service_name(self, obj):
        return service_label(obj.service, obj.model)

    @admin.display(description=_("changes"))
    def changes_list(self, obj):
        """The changes as the record's trail shows them, not the stored JSON keyed by column names."""
        from coso.audit.templatetags.audit import readable_changes

        changes = readable_changes(obj)
        if not changes:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}: {} → {}</li>", ((c["field"], c["old"], c["new"]) for c in changes)),
        )

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
