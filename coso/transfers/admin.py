"""Administrators add a transfer rule when a regulation changes the presentation limit.

Papers are read-only here: they change through `transfers.services` (history facts, audit).
"""

from django.contrib import admin

from coso.audit.services import audit_create, audit_update, snapshot
from coso.organizations.admin import ReadOnlyAdmin
from coso.transfers.models import TransferPaper, TransferRule


@admin.register(TransferRule)
class TransferRuleAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "regulation", "present_within_days", "working_days"]

    def save_model(self, request, obj, form, change):
        if change:
            before = snapshot(TransferRule.objects.get(pk=obj.pk))
            super().save_model(request, obj, form, change)
            audit_update(actor=request.user, obj=obj, before=before, service="admin")
        else:
            super().save_model(request, obj, form, change)
            audit_create(actor=request.user, obj=obj, service="admin")


@admin.register(TransferPaper)
class TransferPaperAdmin(ReadOnlyAdmin):
    list_display = ["number", "person_name", "kind", "direction", "issued_on", "present_by", "status"]
    list_filter = ["status", "kind", "direction"]
    search_fields = ["number", "person_name"]
