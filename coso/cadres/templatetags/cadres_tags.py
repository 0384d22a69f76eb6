"""The posts of an organization on its page: who held which post on the date shown, and the
secretary's post when nobody held it (a vacancy)."""

from django import template

from coso.cadres import queries
from coso.cadres.models import PostKind
from coso.organizations.models import OrgKind

register = template.Library()

#: Organizations that have a secretary (every committee and cell; not a party group).
WITH_SECRETARY = tuple(k for k in OrgKind.values if k != OrgKind.PARTY_GROUP)


@register.inclusion_tag("cadres/_post_holders.html")
def post_holders(org, on):
    """One query: the spells of `org` in force on `on` (the organization is already in the viewer's scope)."""
    holders = list(queries.holders_on(org, on))
    return {
        "org": org,
        "holders": holders,
        "on": on,
        "secretary_vacant": org.kind in WITH_SECRETARY and not any(h.kind == PostKind.SECRETARY for h in holders),
    }
