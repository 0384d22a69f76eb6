"""`{% audit_trail obj %}`: who changed a record, when, through which service, old → new.

Shown to system administrators only: the trail holds old values (citizen IDs, addresses) that
the record's page may no longer show, and names every user who touched it.
"""

from datetime import date

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext, pgettext

from coso.accounts.scoping import is_admin
from coso.audit.field_names import FIELD_CONTEXT
from coso.audit.labels import service_label
from coso.audit.queries import trail_for
from coso.common.text import format_date

register = template.Library()

TRAIL_LIMIT = 100

#: Columns the system keeps for itself (search keys, the optimistic-lock counter): no person wrote
#: them, and their names mean nothing to the reader of the trail.
BOOKKEEPING_FIELDS = {"name_key", "search_text", "version"}


def _model(label: str):
    """The model class an entry's "app_label.model_name" names, or None for one since removed."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


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


def readable_changes(entry, target=None, related=None) -> list[dict]:
    """An entry's changes as a person reads them: field names and values in the user's language,
    the system's bookkeeping columns left out. `target` is the model (or record) the fields belong to."""
    target = target if target is not None else _model(entry.model)
    related = related or {}
    if target is None:
        return [
            {"field": name, "old": str(old), "new": str(new), "created": old is None}
            for name, (old, new) in sorted(entry.changes.items())
        ]
    return [
        {
            "field": _label(target, name),
            "old": _value(target, name, old, related),
            "new": _value(target, name, new, related),
            "created": old is None,
        }
        for name, (old, new) in sorted(entry.changes.items())
        if name not in BOOKKEEPING_FIELDS
    ]


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.inclusion_tag("audit/_trail.html", takes_context=True)
def audit_trail(context, obj, limit: int = TRAIL_LIMIT):
    if obj is None or not is_admin(_user(context)):
        return {"show": False}
    entries = list(trail_for(obj)[: limit + 1])
    related = _related_names(obj)
    own = f"{obj._meta.app_label}.{obj._meta.model_name}"
    rows = []
    for entry in entries[:limit]:
        # A part of the record (a member's history fact) names its fields after its own model.
        target, names = (obj, related) if entry.model == own else (_model(entry.model) or obj, {})
        changes = readable_changes(entry, target, names)
        rows.append({"entry": entry, "service": service_label(entry.service, entry.model), "changes": changes})
    return {"show": True, "rows": rows, "truncated": len(entries) > limit, "limit": limit}
