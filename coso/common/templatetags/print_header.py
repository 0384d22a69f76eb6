"""The committee's header that a printed page carries (print.css shows it, the screen never does):
the committee the user works for on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date the
page was printed on the right — the head of a Party document (HD 36-HD/VPTW), so a printed list can
be filed as the board's paper."""

from django import template

from coso.accounts.scoping import assignments, is_admin
from coso.common.dates import today
from coso.common.party_docx import date_line, place_of
from coso.organizations.models import Organization

register = template.Library()
PAGE_ORGANIZATIONS = ("organization", "org", "cell", "committee")


def _page_org(context) -> Organization | None:
    for name in PAGE_ORGANIZATIONS:
        value = context.get(name)
        if isinstance(value, Organization):
            return value
    return None


@register.simple_tag(takes_context=True)
def print_header(context) -> dict | None:
    """The user's top organization (the highest in the tree the user holds a role at), else the
    page's organization; None when there is neither (the login page, an administrator's home)."""
    user = context.get("user")
    # An administrator holds no role (and the menu never reads their assignments): the page's
    # organization, without a query. Anyone else's assignments are cached by the menu already.
    held = [] if is_admin(user) else [a.organization for a in assignments(user) if a.organization is not None]
    org = min(held, key=lambda o: (o.depth, o.path)) if held else _page_org(context)
    if org is None:
        return None
    return {"committee": org.name, "place_date": date_line(place_of(org.name), today())}
