"""Stale edits: a version on each edited row, checked in the service (issue 7, lost updates).

Two people open the same record's form; the first saves; the second saves a form loaded before,
and without a check silently puts back every value the first had changed. Each edited model has
an integer `version`; the form carries it in a hidden field; the service locks the row
(`select_for_update`, so two saves at once cannot both pass), compares, and on a mismatch raises
`StaleEdit`, which says what changed meanwhile (field labels, old → new, read from the audit
trail, which records every saved change with the version it produced). The view then re-shows the
second person's form with their input kept and, for the fields they had not touched, the values
saved meanwhile, with the new version: saving again loses neither edit.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.common.text import format_date


@dataclass(frozen=True)
class Change:
    """One field changed by someone else since the form was loaded; values as stored (audit form)."""

    field: str
    label: str
    old: object
    new: object
    old_display: str
    new_display: str


class StaleEdit(ValidationError):
    """The form's version is older than the row's. `changes` lists what changed meanwhile."""

    def __init__(self, *, changes: list[Change], current_version: int, extra: Mapping | None = None):
        self.changes = changes
        self.current_version = current_version
        self.extra = dict(extra or {})  # e.g. per-row versions of a form editing several rows
        listed = "; ".join(f"{c.label}: {c.old_display} → {c.new_display}" for c in changes) or _(
            "no field you can see"
        )
        super().__init__(
            _(
                "Someone else saved this record after you opened the form. Changed meanwhile: %(changes)s. "
                "Your input is kept below and the fields you had not changed now show the saved values: "
                "check them and save again."
            )
            % {"changes": listed},
            code="stale",
        )


def display(model: type[models.Model], name: str, value) -> str:
    """A stored (audit-form) value as a person reads it: choice labels, names, dd/mm/yyyy."""
    if value in (None, ""):
        return "—"
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a name that is not a model field: show it as is
        return str(value)
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        try:
            moment = timezone.localtime(datetime.fromisoformat(str(value)))
        except ValueError:
            return str(value)
        return f"{moment:%H:%M} {format_date(moment.date())}"
    if isinstance(field, models.DateField):
        try:
            return format_date(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    return str(value)


def changes_since(obj: models.Model, version: int, *, fields: Iterable[str] | None = None) -> list[Change]:
    """What changed on `obj`'s row after `version`, from its audit trail: first old value → value now."""
    from coso.audit.models import AuditEntry
    from coso.audit.services import snapshot

    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    entries = AuditEntry.objects.filter(model=label, object_id=str(obj.pk), action=AuditEntry.Action.UPDATE)
    first_old: dict[str, object] = {}
    for entry in entries.order_by("at", "id"):
        versions = entry.changes.get("version")
        if not versions or versions[0] is None or versions[0] < version:
            continue
        for name, (old, _new) in entry.changes.items():
            if name not in ("version",) and name not in first_old:
                first_old[name] = old
    now = snapshot(obj)
    wanted = set(fields) if fields is not None else None
    result = []
    for name, old in first_old.items():
        if (wanted is not None and name not in wanted) or now.get(name) == old:
            continue
        field = obj._meta.get_field(name)
        result.append(
            Change(
                field=name,
                label=str(field.verbose_name)[:1].upper() + str(field.verbose_name)[1:],
                old=old,
                new=now.get(name),
                old_display=display(type(obj), name, old),
                new_display=display(type(obj), name, now.get(name)),
            )
        )
    return result


def lock_and_check(obj: models.Model, expected: int | None, *, fields: Iterable[str] | None = None) -> None:
    """Lock `obj`'s row and refuse a stale `expected` version.

    `expected` is the version the form was loaded with; None (a caller without a form: an import, a
    reorganization moving sub-units, a script) only locks. Either way `obj` is refreshed from the
    locked row, so the caller applies its changes to the row as it is now, then increments
    `obj.version` before saving (so the audit row records the version it produced, which
    `changes_since` reads).
    """
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if expected is not None and locked.version != expected:
        raise StaleEdit(changes=changes_since(locked, expected, fields=fields), current_version=locked.version)
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(locked, field.attname))


def _local_time(value):
    if not value:
        return None
    try:
        return timezone.localtime(datetime.fromisoformat(str(value))).time()
    except ValueError:
        return None


class VersionedFormMixin(forms.Form):
    """A hidden `version` field: the version of the row the form was loaded from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def init_version(self, version: int) -> None:
        self.fields["version"].initial = version

    def loaded_version(self) -> int | None:
        return self.cleaned_data.get("version")

    def rebase(self, exc: StaleEdit, *, prefix_for=None) -> None:
        """Re-show this bound form after `exc`: the user's input stays; the fields they had not changed
        take the values saved meanwhile; the hidden version becomes the current one."""
        data = self.data.copy()
        for change in exc.changes:
            name = prefix_for(change) if prefix_for else change.field
            if name not in self.fields or name not in self.cleaned_data:
                continue
            submitted = self.cleaned_data[name]
            submitted = getattr(submitted, "pk", submitted)
            old, value = change.old, change.new
            if isinstance(self.fields[name], forms.TimeField):  # stored as a datetime on the day
                old, value = (_local_time(v) for v in (old, value))
            elif isinstance(submitted, date):
                submitted = submitted.isoformat()
            if submitted in ("", None) and old in ("", None) or submitted == old:
                if isinstance(self.fields[name], forms.DateField) and value:
                    value = date.fromisoformat(str(value))
                data[self.add_prefix(name)] = "" if value is None else value
        data[self.add_prefix("version")] = exc.current_version
        for name, value in exc.extra.items():
            data[self.add_prefix(name)] = value
        self.data = data
