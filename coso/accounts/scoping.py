"""The one door to data: every view, export and API call reads through `scope` or `get_for_user`.

A user sees the subtrees of the organizations they hold a role on (by the current tree), a member
sees their own record, a system administrator sees everything. Each scoped model registers how to
reach an organization path (and, optionally, the member it belongs to). An object out of scope is
a 404, never a 403, so its existence does not leak.

Competence: an `Action` (accounts.actions) may be taken where a `Competence` row in force lets the
user's role, held on an organization of some kind, reach the organization the action is taken on
(the scoped model's registered path). Seen but not competent is a 403 that writes nothing;
`may(user, action, org)` answers the same question for buttons and create forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from coso.accounts.actions import Action, Reach
from coso.accounts.models import READ_ROLES, WRITE_ROLES, Competence, Role, RoleAssignment

if TYPE_CHECKING:
    from coso.organizations.models import Organization


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
    return [a.organization.path for a in assignments(user) if a.role in roles and a.organization is not None]


def own_member_ids(user) -> list[int]:
    return [a.member_id for a in assignments(user) if a.role == Role.MEMBER and a.member_id]


def competences(user, on: date | None = None) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(action, role) -> [(holder_kind, reach)] of the rows in force on `on` (today by default).

    Cached on the user object for the request, like the assignments.
    """
    from coso.common.dates import today

    on = on or today()
    cache = getattr(user, "_coso_competences", None)
    if cache is None or cache[0] != on:
        table: dict[tuple[str, str], list[tuple[str, str]]] = {}
        rows = Competence.objects.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        for action, role, kind, reach in rows.values_list("action", "role", "holder_kind", "reach"):
            table.setdefault((action, role), []).append((kind, reach))
        cache = (on, table)
        if getattr(user, "is_authenticated", False):
            user._coso_competences = cache
    return cache[1]


def competent_nodes(user, action: Action | str, on: date | None = None) -> list[tuple[Organization, str]]:
    """(organization the role is held on, reach) for every role of the user competent for `action`."""
    table = competences(user, on)
    found: list[tuple[Organization, str]] = []
    for a in assignments(user):
        org = a.organization
        if org is None:
            continue
        for kind, reach in table.get((str(action), a.role), ()):
            if not kind or kind == org.kind:
                found.append((org, reach))
    return found


def reach_q(lookup: str, path: str, reach: str) -> Q:
    if reach == Reach.OWN:
        return Q(**{lookup: path})
    if reach == Reach.BELOW:
        return Q(**{f"{lookup}__startswith": path}) & ~Q(**{lookup: path})
    return Q(**{f"{lookup}__startswith": path})


def _condition(model: type[Model], user, for_write: bool, action: Action | str | None = None, on=None) -> Q | None:
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
    if action is not None:
        if rule.path:
            for org, reach in competent_nodes(user, action, on):
                condition |= reach_q(rule.path, org.path, reach)
        return condition
    if rule.path:
        for path in scoped_paths(user, for_write=for_write):
            condition |= Q(**{f"{rule.path}__startswith": path})
    if rule.member and not for_write:
        member_ids = own_member_ids(user)
        if member_ids:
            condition |= Q(**{f"{rule.member}__in": member_ids})
    return condition


def scope(qs: QuerySet, user, *, for_write: bool = False, action: Action | str | None = None, on=None) -> QuerySet:
    """Limit `qs` to what `user` may see, or, with `action`, to where the user may take it.

    `for_write` (any write role, anywhere in its subtree) is deprecated: pass the action instead.
    """
    condition = _condition(qs.model, user, for_write, action, on)
    return qs if condition is None else qs.filter(condition)


def get_for_user(model_or_qs, pk, user, *, for_write: bool = False, action: Action | str | None = None, on=None):
    """The object if `user` may see it; 404 otherwise. With `action`, 403 if the user's role at that
    level may not take it (Competence rows in force on `on`, today by default).

    `for_write=True` (403 if seen but read-only) is deprecated: it ignores competence; pass `action=`.
    """
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs._default_manager.all()
    try:
        obj = scope(qs, user).get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action is not None:
        if not scope(qs, user, action=action, on=on).filter(pk=obj.pk).exists():
            raise PermissionDenied
    elif for_write and not scope(qs, user, for_write=True).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def _reaches(nodes, path: str | None) -> bool:
    if not path:
        return False
    for node, reach in nodes:
        if reach == Reach.OWN and path == node.path:
            return True
        if reach == Reach.BELOW and path.startswith(node.path) and path != node.path:
            return True
        if reach == Reach.SUBTREE and path.startswith(node.path):
            return True
    return False


def may(user, action: Action | str, org=None, on: date | None = None) -> bool:
    """Whether `user` may take `action` on organization `org` (for buttons and create forms).

    Without `org`: whether the user may take it anywhere (a "new" button on a list page).
    """
    if is_admin(user):
        return True
    nodes = competent_nodes(user, action, on)
    if org is None:
        return bool(nodes)
    return _reaches(nodes, org.path)


def may_at_path(user, action: Action | str, path: str | None, on: date | None = None) -> bool:
    """Whether `user` may take `action` on the organization at this path (bulk checks, e.g. imports)."""
    return is_admin(user) or _reaches(competent_nodes(user, action, on), path)


def _path_of(obj: Model) -> str | None:
    """The organization path a scoped record is reached by (its registered lookup, followed in Python)."""
    rule = _REGISTRY.get(type(obj))
    if rule is None:
        raise LookupError(f"{type(obj).__name__} is not registered with accounts.scoping")
    if not rule.path:
        return None
    value: Any = obj
    for part in rule.path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def may_on(user, action: Action | str, obj: Model, on: date | None = None) -> bool:
    """Whether `user` may take `action` on this scoped record (the organization its registered path
    reaches: a member's cell, a meeting's cell...). No query beyond the record's own relations."""
    if is_admin(user):
        return True
    return _reaches(competent_nodes(user, action, on), _path_of(obj))


def require(user, action: Action | str, org=None, on: date | None = None) -> None:
    """403 unless `user` may take `action` (on `org`, or somewhere): the create views' gate."""
    if not may(user, action, org, on):
        raise PermissionDenied


def can_write(user, obj: Model) -> bool:
    """Deprecated: any write role over the record; use `may_on(user, action, obj)`."""
    return scope(type(obj)._default_manager.all(), user, for_write=True).filter(pk=obj.pk).exists()


def may_write_somewhere(user) -> bool:
    """Whether the user may create anything at all (shows or hides "new" buttons and upload forms)."""
    return is_admin(user) or bool(scoped_paths(user, for_write=True))


def require_writer(user) -> None:
    """Views that create things at the top of a form (no object yet) need some write role.

    Deprecated: use `require(user, action)`."""
    if not may_write_somewhere(user):
        raise PermissionDenied
