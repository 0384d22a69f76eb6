from django import template
from django.http import QueryDict

from coso.accounts.actions import Action
from coso.accounts.scoping import is_admin, may, own_member_ids, scoped_paths
from coso.common.text import format_count, format_date, format_percent

register = template.Library()


@register.filter
def vn_int(value):
    """A count as printed everywhere: 4294 → 4.294 (common.text.format_count)."""
    return format_count(value)


@register.filter
def vn_date(value):
    return format_date(value)


@register.simple_tag
def vn_percent(numerator, denominator, digits=1):
    return format_percent(numerator, denominator, digits)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (for paging and filter links)."""
    params: QueryDict = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def person_name(user) -> str:
    """A user's name in Vietnamese order: family and middle names (`last_name`) before the given
    name (`first_name`). Django's `get_full_name()` puts the given name first ("Trọng Phạm Văn")."""
    if user is None:
        return ""
    name = " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)
    return name or user.get_username()


@register.simple_tag
def user_reach(user) -> dict:
    """What the menu offers: `scoped` when the user reads some organizations (or is an
    administrator), `own_member_id` when the user holds a member role on their own record only."""
    if is_admin(user):
        return {"scoped": True, "own_member_id": None, "manage_users": True}
    own = own_member_ids(user)
    return {
        "scoped": bool(scoped_paths(user)),
        "own_member_id": own[0] if own else None,
        "manage_users": may(user, Action.USERS_MANAGE),
    }
