"""`{% audit_trail obj %}`: who changed a record, when, through which service, old → new.

Shown to system administrators only: the trail holds old values (citizen IDs, addresses) that
the record's page may no longer show, and names every user who touched it.
"""

from datetime import date

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext, gettext_noop, pgettext, pgettext_lazy

from coso.accounts.scoping import is_admin
from coso.audit.labels import service_label
from coso.audit.queries import trail_for
from coso.common.text import format_date

register = template.Library()

TRAIL_LIMIT = 100

#: Names Django derives from attribute names when a model gives no verbose_name; listed so that
#: makemessages keeps their Vietnamese in this app's catalogue. They carry a context: a bare
#: msgid "kind" here would override every other app's "kind" (catalogues merge by app order).
FIELD_CONTEXT = "audit field name"
DERIVED_FIELD_NAMES = (
    pgettext_lazy(FIELD_CONTEXT, "ID"),
    pgettext_lazy(FIELD_CONTEXT, "code"),
    pgettext_lazy(FIELD_CONTEXT, "name"),
    pgettext_lazy(FIELD_CONTEXT, "kind"),
    pgettext_lazy(FIELD_CONTEXT, "org type"),
    pgettext_lazy(FIELD_CONTEXT, "established on"),
    pgettext_lazy(FIELD_CONTEXT, "dissolved on"),
    pgettext_lazy(FIELD_CONTEXT, "residential unit"),
    pgettext_lazy(FIELD_CONTEXT, "parent"),
    pgettext_lazy(FIELD_CONTEXT, "path"),
    pgettext_lazy(FIELD_CONTEXT, "depth"),
    pgettext_lazy(FIELD_CONTEXT, "unit kind"),
    pgettext_lazy(FIELD_CONTEXT, "commune"),
    pgettext_lazy(FIELD_CONTEXT, "valid from"),
    pgettext_lazy(FIELD_CONTEXT, "valid to"),
    pgettext_lazy(FIELD_CONTEXT, "on"),
    pgettext_lazy(FIELD_CONTEXT, "note"),
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
    text = str(field.verbose_name) if field is not None else name
    in_context = pgettext(FIELD_CONTEXT, text)
    return in_context if in_context != text else gettext(text)


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
            "service": service_label(entry.service, entry.model),
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
