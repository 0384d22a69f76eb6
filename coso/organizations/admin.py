"""Administrators maintain the configurable lists here (types, allowed kinds by date).

The tree itself changes only through the reorganization services (dated, audited), so organizations
and their versions are read-only in the admin.
"""

from django.contrib import admin

from coso.audit.admin import AuditedAdmin
from coso.organizations.models import (
    KindRule,
    Organization,
    OrganizationType,
    OrgVersion,
    Reorganization,
    ResidentialUnit,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrganizationType)
class OrganizationTypeAdmin(AuditedAdmin):
    list_display = ["code", "name", "is_commune_level", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["code", "name"]


@admin.register(KindRule)
class KindRuleAdmin(AuditedAdmin):
    list_display = ["parent_kind", "child_kind", "valid_from", "valid_to", "regulation"]
    list_filter = ["child_kind", "parent_kind"]


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "org_type", "established_on", "dissolved_on"]
    list_filter = ["kind", "org_type"]
    search_fields = ["code", "name"]


@admin.register(OrgVersion)
class OrgVersionAdmin(ReadOnlyAdmin):
    list_display = ["organization", "name", "parent", "valid_from", "valid_to"]
    search_fields = ["name"]


@admin.register(Reorganization)
class ReorganizationAdmin(ReadOnlyAdmin):
    list_display = ["kind", "on", "decision_number", "decision_issuer"]
    list_filter = ["kind"]


@admin.register(ResidentialUnit)
class ResidentialUnitAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "unit_kind", "commune"]
    search_fields = ["code", "name"]
