"""Reads on accounts: the users a board manages, and their roles."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404

from coso.accounts.actions import Action
from coso.accounts.models import RoleAssignment
from coso.accounts.scoping import competent_nodes, is_admin, reach_q

User = get_user_model()


def _inside(actor) -> Q:
    """Role assignments on a node the actor may manage (a member role: by the member's organization)."""
    condition = Q(pk__in=[])
    for org, reach in competent_nodes(actor, Action.USERS_MANAGE):
        condition |= reach_q("organization__path", org.path, reach)
        condition |= reach_q("member__organization__path", org.path, reach)
    return condition


def managed_users(actor) -> QuerySet:
    """Users whose every role lies inside the actor's reach (Action.USERS_MANAGE), never an
    administrator, never the actor: a board does not reset the password of a colleague above it
    or of someone who also holds a role elsewhere."""
    users = User.objects.filter(is_superuser=False)
    if is_admin(actor):
        return users
    inside_rows = RoleAssignment.objects.filter(_inside(actor))
    inside = inside_rows.values("user_id")
    outside = RoleAssignment.objects.exclude(pk__in=inside_rows.values("pk")).values("user_id")
    return users.filter(pk__in=inside).exclude(pk__in=outside).exclude(pk=actor.pk)


def managed_user_for(actor, pk) -> object:
    """The user if the actor manages them; 404 otherwise (their existence does not leak)."""
    try:
        return managed_users(actor).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def roles_of(users) -> dict[int, list[RoleAssignment]]:
    rows: dict[int, list[RoleAssignment]] = {}
    for a in RoleAssignment.objects.filter(user__in=users).select_related("organization", "member"):
        rows.setdefault(a.user_id, []).append(a)
    return rows
