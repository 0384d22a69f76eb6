from django.contrib import admin

from coso.audit.admin import AuditedAdmin
from coso.members.models import Ethnicity, Member, Religion
from coso.organizations.admin import ReadOnlyAdmin


@admin.register(Ethnicity)
class EthnicityAdmin(AuditedAdmin):
    list_display = ["code", "name", "is_minority"]
    search_fields = ["name"]


@admin.register(Religion)
class ReligionAdmin(AuditedAdmin):
    list_display = ["code", "name", "sort_order"]


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    """Read-only: the register changes through the member services (history facts, audit)."""

    list_display = ["full_name", "date_of_birth", "citizen_id", "status", "organization"]
    list_filter = ["status", "gender"]
    search_fields = ["search_text", "citizen_id", "party_card_number"]
