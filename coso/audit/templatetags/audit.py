"""`{% audit_trail obj %}`: who changed a record, when, through which service, old → new.

Shown to system administrators only: the trail holds old values (citizen IDs, addresses) that
the record's page may no longer show, and names every user who touched it.
"""

from django import template
from django.core.exceptions import FieldDoesNotExist

from coso.accounts.scoping import is_admin
from coso.audit.queries import trail_for

register = template.Library()

TRAIL_LIMIT = 100


def _label(obj, name: str) -> str:
    try:
        return str(obj._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _value(value) -> str:
    if value is None or value == "":
        return "—"
    return str(value)


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.inclusion_tag("audit/_trail.html", takes_context=True)
def audit_trail(context, obj, limit: int = TRAIL_LIMIT):
    if obj is None or not is_admin(_user(context)):
        return {"show": False}
    entries = list(trail_for(obj)[: limit + 1])
    rows = [
        {
            "entry": entry,
            "changes": [
                {"field": _label(obj, name), "old": _value(old), "new": _value(new), "created": old is None}
                for name, (old, new) in sorted(entry.changes.items())
            ],
        }
        for entry in entries[:limit]
    ]
    return {"show": True, "rows": rows, "truncated": len(entries) > limit, "limit": limit}
