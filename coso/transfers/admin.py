"""Administrators add a transfer rule when a regulation changes the presentation limit.

Papers are read-only here: they change through `transfers.services` (history facts, audit).
"""

from django.contrib import admin

from coso.audit.admin import AuditedAdmin
from coso.organizations.admin import ReadOnlyAdmin
from coso.transfers.models import TransferPaper, TransferRule


@admin.register(TransferRule)
class TransferRuleAdmin(AuditedAdmin):
    list_display = ["effective_from", "regulation", "present_within_days", "working_days"]


@admin.register(TransferPaper)
class TransferPaperAdmin(ReadOnlyAdmin):
    list_display = ["number", "person_name", "kind", "direction", "issued_on", "present_by", "status"]
    list_filter = ["status", "kind", "direction"]
    search_fields = ["number", "person_name"]
