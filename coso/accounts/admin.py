"""Users and their role assignments are managed by system administrators in the admin."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import pgettext_lazy

from coso.accounts.models import ApiToken, Competence, RoleAssignment
from coso.accounts.services import api_token_revoke
from coso.audit.admin import AuditedAdmin, AuditedAdminMixin
from coso.audit.services import audit_create, audit_delete, audit_update, snapshot

User = get_user_model()


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ["organization", "member"]


#: Django stores permission names in English when it creates them ("Can add party member"); they are
#: shown from their codename's verb and the model's name in the user's language instead.
PERMISSION_VERBS = {
    "add": pgettext_lazy("permission", "Add"),
    "change": pgettext_lazy("permission", "Change"),
    "delete": pgettext_lazy("permission", "Delete"),
    "view": pgettext_lazy("permission", "View"),
}


def permission_label(permission: Permission) -> str:
    verb, _sep, _rest = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if verb not in PERMISSION_VERBS or model is None:
        return str(permission)
    return f"{model._meta.app_config.verbose_name} | {PERMISSION_VERBS[verb]}: {model._meta.verbose_name}"


class PermissionLabels:
    """Permission pickers of the user and group pages, labelled in the user's language."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.related_model is Permission and field is not None:
            field.label_from_instance = permission_label
        return field


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(Group)
class CosoGroupAdmin(PermissionLabels, GroupAdmin):
    pass


@admin.register(User)
class CosoUserAdmin(PermissionLabels, AuditedAdminMixin, UserAdmin):
    """Users are audited like every record (password hashes are never copied into the log)."""

    inlines = [RoleAssignmentInline]

    def save_formset(self, request, form, formset, change):
        """Role assignments decide what a user may see: every change to them is audited."""
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit_delete(actor=request.user, obj=obj, service="admin_roleassignment")
            obj.delete()
        for obj in instances:
            before = snapshot(RoleAssignment.objects.get(pk=obj.pk)) if obj.pk else None
            obj.save()
            if before is None:
                audit_create(actor=request.user, obj=obj, service="admin_roleassignment")
            else:
                audit_update(actor=request.user, obj=obj, before=before, service="admin_roleassignment")
        formset.save_m2m()


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued by `manage.py create_api_token` (the raw key is shown once, there) and revoked
    here; both go through `accounts.services`, which audit them. A token added in the admin would have
    no key, so adding and editing are off."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    readonly_fields = ["key_hash", "prefix", "last_used_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        api_token_revoke(token=obj, actor=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token, actor=request.user)


@admin.register(Competence)
class CompetenceAdmin(AuditedAdmin):
    """Reference data: who may take which action where, by date. Edits are audited like every write;
    a changed regulation is a new row from its date (and the old row's end), never a rewrite."""

    list_display = ["action", "role", "holder_kind", "reach", "valid_from", "valid_to", "regulation"]
    list_filter = ["action", "role", "holder_kind", "reach"]
    search_fields = ["regulation", "note"]
