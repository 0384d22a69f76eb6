"""`{% audit_trail obj %}`: who changed a record, when, through which service, old → new.

Shown to system administrators only: the trail holds old values (citizen IDs, addresses) that
the record's page may no longer show, and names every user who touched it.
"""

from datetime import date

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext, gettext_noop

from coso.accounts.scoping import is_admin
from coso.audit.queries import trail_for
from coso.common.text import format_date

register = template.Library()

TRAIL_LIMIT = 100

#: Names Django derives from attribute names when a model gives no verbose_name; listed so that
#: makemessages keeps their Vietnamese in this app's catalogue.
DERIVED_FIELD_NAMES = (
    gettext_noop("ID"),
    gettext_noop("code"),
    gettext_noop("name"),
    gettext_noop("kind"),
    gettext_noop("org type"),
    gettext_noop("established on"),
    gettext_noop("dissolved on"),
    gettext_noop("residential unit"),
    gettext_noop("parent"),
    gettext_noop("path"),
    gettext_noop("depth"),
    gettext_noop("unit kind"),
    gettext_noop("commune"),
    gettext_noop("valid from"),
    gettext_noop("valid to"),
    gettext_noop("on"),
    gettext_noop("note"),
    gettext_noop("yes"),
    gettext_noop("no"),
)


def _field(obj, name: str):
    try:
        return obj._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(obj, name: str) -> str:
    """The field's name in the user's language: a verbose_name Django derived from the attribute
    name ("established on") is plain English, so it is looked up in the catalogue here."""
    field = _field(obj, name)
    return gettext(str(field.verbose_name)) if field is not None else gettext(name)


def _related_names(obj) -> dict[tuple[str, str], str]:
    """Names of the records that the object's foreign keys point to now, when the page already
    loaded them ("org type: 1" tells an administrator nothing). Only relations already in the
    object's cache are used: the trail must not add queries to the page it sits on."""
    names: dict[tuple[str, str], str] = {}
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.is_cached(obj):
            related = field.get_cached_value(obj)
            if related is not None:
                names[(field.name, str(related.pk))] = str(related)
    return names


def _value(obj, name: str, value, related: dict[tuple[str, str], str]) -> str:
    """A stored value as the user reads it: the label of a choice, a date as dd/mm/yyyy, yes/no,
    the name of a related record."""
    if value is None or value == "":
        return "—"
    if (name, str(value)) in related:
        return related[(name, str(value))]
    field = _field(obj, name)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        try:
            return format_date(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.inclusion_tag("audit/_trail.html", takes_context=True)
def audit_trail(context, obj, limit: int = TRAIL_LIMIT):
    if obj is None or not is_admin(_user(context)):
        return {"show": False}
    entries = list(trail_for(obj)[: limit + 1])
    related = _related_names(obj)
    rows = [
        {
            "entry": entry,
            "changes": [
                {
                    "field": _label(obj, name),
                    "old": _value(obj, name, old, related),
                    "new": _value(obj, name, new, related),
                    "created": old is None,
                }
                for name, (old, new) in sorted(entry.changes.items())
            ],
        }
        for entry in entries[:limit]
    ]
    return {"show": True, "rows": rows, "truncated": len(entries) > limit, "limit": limit}
