"""Writing audit rows. Every service that creates, updates or deletes calls one of these."""

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

from django.db import models
from django.db.models.fields.files import FieldFile

from coso.audit.models import AuditEntry


def _plain(value):
    if isinstance(value, FieldFile):
        # A stored file is recorded by its name in storage (the bytes are not the log's business).
        return value.name or ""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# Never copied into the log: a password hash or a token hash would make the log itself a secret.
SECRET_FIELDS = {"password", "key_hash"}
# Bookkeeping that changes on every save or login, not a change anyone made.
NOISE_FIELDS = {"created_at", "updated_at", "last_login"}


def snapshot(obj: models.Model) -> dict:
    """Field values of a model instance, JSON-ready (foreign keys as ids), without secrets."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in NOISE_FIELDS or field.name in SECRET_FIELDS:
            continue
        data[field.name] = _plain(getattr(obj, field.attname))
    return data


def diff(before: dict, after: dict) -> dict:
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def _label(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def _subject(subject: models.Model | None) -> dict:
    if subject is None:
        return {}
    return {"subject_model": _label(subject), "subject_id": str(subject.pk)}


def audit_create(*, actor, obj: models.Model, service: str, subject: models.Model | None = None) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=_user(actor),
        action=AuditEntry.Action.CREATE,
        model=_label(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        service=service,
        changes=diff({}, snapshot(obj)),
        **_subject(subject),
    )


def audit_update(*, actor, obj: models.Model, before: dict, service: str) -> AuditEntry | None:
    changes = diff(before, snapshot(obj))
    if not changes:
        return None
    return AuditEntry.objects.create(
        actor=_user(actor),
        action=AuditEntry.Action.UPDATE,
        model=_label(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        service=service,
        changes=changes,
    )


def audit_delete(*, actor, obj: models.Model, service: str, subject: models.Model | None = None) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=_user(actor),
        action=AuditEntry.Action.DELETE,
        model=_label(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        service=service,
        changes=diff(snapshot(obj), {}),
        **_subject(subject),
    )


def audit_bulk_create(
    *, actor, objs: Iterable[models.Model], service: str, batch_size: int = 2000, subject_attr: str | None = None
) -> None:
    """Audit rows for objects saved by bulk_create (imports): one create entry each.

    `subject_attr` names the attribute holding the record each object belongs to (e.g. "member").
    """
    user = _user(actor)
    rows = [
        AuditEntry(
            actor=user,
            action=AuditEntry.Action.CREATE,
            model=_label(o),
            object_id=str(o.pk),
            object_repr=str(o)[:300],
            service=service,
            changes=diff({}, snapshot(o)),
            **_subject(getattr(o, subject_attr) if subject_attr else None),
        )
        for o in objs
    ]
    AuditEntry.objects.bulk_create(rows, batch_size=batch_size)


def audit_bulk_update(
    *, actor, objs: Iterable[models.Model], before: dict, service: str, batch_size: int = 2000
) -> None:
    """Audit rows for objects saved by bulk_update (imports): one update entry per changed object.

    `before` maps each object's pk to its `snapshot` taken before the change; unchanged objects get no row.
    """
    user = _user(actor)
    rows = []
    for o in objs:
        changes = diff(before[o.pk], snapshot(o))
        if changes:
            rows.append(
                AuditEntry(
                    actor=user,
                    action=AuditEntry.Action.UPDATE,
                    model=_label(o),
                    object_id=str(o.pk),
                    object_repr=str(o)[:300],
                    service=service,
                    changes=changes,
                )
            )
    AuditEntry.objects.bulk_create(rows, batch_size=batch_size)


def _user(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor
