"""Users and their role assignments are managed by system administrators in the admin."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from coso.accounts.models import ApiToken, RoleAssignment

User = get_user_model()


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ["organization", "member"]


admin.site.unregister(User)


@admin.register(User)
class CosoUserAdmin(UserAdmin):
    inlines = [RoleAssignmentInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    readonly_fields = ["key_hash", "prefix", "last_used_at"]
