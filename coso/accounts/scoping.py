"""The one door to data: every view, export and API call reads through `scope` or `get_for_user`.

A user sees the subtrees of the organizations they hold a role on (by the current tree), a member
sees their own record, a system administrator sees everything. Each scoped model registers how to
reach an organization path (and, optionally, the member it belongs to). An object out of scope is
a 404, never a 403, so its existence does not leak.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from coso.accounts.models import READ_ROLES, WRITE_ROLES, Role, RoleAssignment


@dataclass(frozen=True)
class ScopeRule:
    path: str | None  # lookup to an organization path, e.g. "organization__path"
    member: str | None = None  # lookup to a member id, for the member role
    owner: str | None = None  # lookup to a user: the record is its owner's alone (e.g. an upload)


_REGISTRY: dict[type[Model], ScopeRule] = {}


def register(model: type[Model], *, path: str | None, member: str | None = None, owner: str | None = None) -> None:
    _REGISTRY[model] = ScopeRule(path=path, member=member, owner=owner)


def assignments(user) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_coso_assignments", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("organization"))
        user._coso_assignments = cached
    return cached


def is_admin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def scoped_paths(user, *, for_write: bool = False) -> list[str]:
    roles = WRITE_ROLES if for_write else READ_ROLES
    return [a.organization.path for a in assignments(user) if a.role in roles and a.organization_id]


def own_member_ids(user) -> list[int]:
    return [a.member_id for a in assignments(user) if a.role == Role.MEMBER and a.member_id]


def _condition(model: type[Model], user, for_write: bool) -> Q | None:
    """None = everything; an empty Q() is never returned (a no-access user gets a false condition)."""
    if is_admin(user):
        return None
    rule = _REGISTRY.get(model)
    if rule is None:
        raise LookupError(f"{model.__name__} is not registered with accounts.scoping")
    if rule.owner:
        if not getattr(user, "is_authenticated", False):
            return Q(pk__in=[])
        return Q(**{rule.owner: user.pk})
    condition = Q(pk__in=[])
    if rule.path:
        for path in scoped_paths(user, for_write=for_write):
            condition |= Q(**{f"{rule.path}__startswith": path})
    if rule.member and not for_write:
        member_ids = own_member_ids(user)
        if member_ids:
            condition |= Q(**{f"{rule.member}__in": member_ids})
    return condition


def scope(qs: QuerySet, user, *, for_write: bool = False) -> QuerySet:
    """Limit `qs` to what `user` may see (or change, with for_write)."""
    condition = _condition(qs.model, user, for_write)
    return qs if condition is None else qs.filter(condition)


def get_for_user(model_or_qs, pk, user, *, for_write: bool = False):
    """The object if `user` may see it; 404 otherwise. With for_write, 403 if seen but read-only."""
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs._default_manager.all()
    try:
        obj = scope(qs, user).get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if for_write and not scope(qs, user, for_write=True).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def can_write(user, obj: Model) -> bool:
    return scope(type(obj)._default_manager.all(), user, for_write=True).filter(pk=obj.pk).exists()


def may_write_somewhere(user) -> bool:
    """Whether the user may create anything at all (shows or hides "new" buttons and upload forms)."""
    return is_admin(user) or bool(scoped_paths(user, for_write=True))


def require_writer(user) -> None:
    """Views that create things at the top of a form (no object yet) need some write role."""
    if not may_write_somewhere(user):
        raise PermissionDenied
