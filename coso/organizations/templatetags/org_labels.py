"""`{{ org|org_label }}`: an organization with its parent, where names repeat (coso.organizations.labels).

The list's queryset loads the parent with the organization (`select_related("organization__parent")`),
so the label costs no query."""

from django import template

from coso.organizations.labels import label

register = template.Library()


@register.filter
def org_label(org) -> str:
    return label(org)
