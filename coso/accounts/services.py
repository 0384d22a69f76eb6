"""Writes on accounts: API tokens, users and their roles. Each write is audited like any other business
operation; a board manages users and roles inside its own subtree only (Action.USERS_MANAGE)."""

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.accounts.actions import Action
from coso.accounts.models import ApiToken, Role, RoleAssignment
from coso.accounts.scoping import may
from coso.audit.models import AuditEntry
from coso.audit.services import audit_create, audit_delete, audit_update, snapshot

User = get_user_model()

TOKEN_NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


@transaction.atomic
def api_token_create(*, user, name: str, actor) -> tuple[ApiToken, str]:
    """Issue a bearer token for the read API and return it with its raw key.

    Only the SHA-256 of the key is stored, so the raw key is returned once, here, and cannot be
    shown again; a lost key is revoked and replaced.
    """
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("The token name is required.")})
    if len(name) > TOKEN_NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("The token name has at most %(n)d characters.") % {"n": TOKEN_NAME_MAX_LENGTH}}
        )
    if not user.is_active:
        raise ValidationError({"user": _("User %(user)s is inactive.") % {"user": user.get_username()}})
    raw_key = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash(raw_key), prefix=raw_key[:8])
    audit_create(actor=actor, obj=token, service="api_token_create")
    return token, raw_key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> None:
    """Delete a token: requests bearing its key are refused from now on (the audit keeps who and when)."""
    audit_delete(actor=actor, obj=token, service="api_token_revoke")
    token.delete()


def api_token_touch(token: ApiToken) -> None:
    """Stamp the token's last use, so an administrator can spot and revoke forgotten tokens.

    Not audited: it runs on every API request and changes nothing the token may do; the audit
    keeps the token's issue and revocation.
    """
    token.last_used_at = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)


# Users and role assignments, managed by a board inside its subtree ------------------------------

ORG_ROLES = (Role.BOARD, Role.SECRETARY, Role.OBSERVER)


def _require_manage(actor, organization) -> None:
    """The board's reach: a role is granted on a node of its own subtree, never above it."""
    if actor is not None and not may(actor, Action.USERS_MANAGE, organization):
        raise PermissionDenied(_("You may not grant roles on this organization."))


def _require_managed(actor, user) -> None:
    """A user is the board's to manage only when all of the user's roles are inside its subtree."""
    from coso.accounts.queries import managed_users

    if actor is not None and not managed_users(actor).filter(pk=user.pk).exists():
        raise PermissionDenied(_("This user is not managed from your organization."))


def _audit_password(*, actor, user, service: str) -> None:
    """The change of a password is audited by its fact alone (the hash is never copied to the log)."""
    AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=AuditEntry.Action.UPDATE,
        model="auth.user",
        object_id=str(user.pk),
        object_repr=str(user)[:300],
        service=service,
        changes={"password": ["***", "***"]},
    )


def _check_password(password: str, user, field: str = "password") -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


@transaction.atomic
def role_grant(*, user, role: str, organization, actor) -> RoleAssignment:
    """Give `user` a role on a node of the actor's subtree (Action.USERS_MANAGE), audited."""
    if role not in ORG_ROLES:
        raise ValidationError({"role": _("Choose the board, secretary or observer role.")})
    if organization is None:
        raise ValidationError({"organization": _("Choose the organization of the role.")})
    _require_manage(actor, organization)
    if user.is_superuser:
        raise PermissionDenied(_("A system administrator is managed by the administrators only."))
    if user.role_assignments.exists():
        _require_managed(actor, user)
    if RoleAssignment.objects.filter(user=user, role=role, organization=organization).exists():
        raise ValidationError({"role": _("%(user)s already holds this role here.") % {"user": user.get_username()}})
    assignment = RoleAssignment.objects.create(user=user, role=role, organization=organization)
    audit_create(actor=actor, obj=assignment, service="role_grant", subject=user)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor) -> None:
    """Take a role back; the audit keeps who held it, where, and who revoked it."""
    target = assignment.organization or (assignment.member.organization if assignment.member_id else None)
    if target is None:
        raise PermissionDenied(_("You may not revoke this role."))
    _require_manage(actor, target)
    audit_delete(actor=actor, obj=assignment, service="role_revoke", subject=assignment.user)
    assignment.delete()


@transaction.atomic
def user_create(
    *, username: str, first_name: str, last_name: str, password: str, role: str, organization, actor
) -> object:
    """A new user with a first role inside the actor's subtree (never a staff or superuser flag)."""
    username = (username or "").strip()
    errors = {}
    if not username:
        errors["username"] = _("The user name is required.")
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("The user name %(name)s is taken.") % {"name": username}
    if errors:
        raise ValidationError(errors)
    _require_manage(actor, organization)
    user = User(username=username, first_name=first_name.strip(), last_name=last_name.strip())
    _check_password(password, user)
    user.set_password(password)
    user.is_staff = False
    user.is_superuser = False
    user.save()
    audit_create(actor=actor, obj=user, service="user_create")
    role_grant(user=user, role=role, organization=organization, actor=actor)
    return user


@transaction.atomic
def user_set_password(*, user, password: str, actor) -> None:
    """A board resets the password of a user it manages (the user then changes it)."""
    _require_managed(actor, user)
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    _audit_password(actor=actor, user=user, service="user_set_password")


@transaction.atomic
def user_deactivate(*, user, actor) -> None:
    """The user can no longer log in; the history of what they did stays attributed to them."""
    _require_managed(actor, user)
    before = snapshot(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_update(actor=actor, obj=user, before=before, service="user_deactivate")


def own_password_changed(*, user) -> None:
    """Every user changes their own password (Django's form checks the old one); audited."""
    _audit_password(actor=user, user=user, service="own_password_change")
