"""Writes of admission targets: set by the committee directly above, by decision, audited."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.audit.services import (
    audit_bulk_create,
    audit_bulk_update,
    audit_create,
    audit_delete,
    audit_update,
    snapshot,
)
from coso.common.dates import today
from coso.common.versions import Change, StaleEdit, changes_since
from coso.organizations.models import GRASSROOTS_KINDS, Organization
from coso.targets.models import AdmissionTarget


@dataclass(frozen=True)
class Decision:
    number: str = ""
    signed_on: date | None = None
    issuer: str = ""


def _check(organization: Organization, year: int, target: int, decision: Decision) -> None:
    errors = {}
    if organization.kind not in GRASSROOTS_KINDS:
        errors["organization"] = _(
            "%(org)s is not a grassroots organization: targets are set per grassroots organization."
        ) % {"org": organization.name}
    elif organization.established_on > date(year, 12, 31) or (
        organization.dissolved_on is not None and organization.dissolved_on <= date(year, 1, 1)
    ):
        errors["organization"] = _("%(org)s did not exist in %(year)d.") % {"org": organization.name, "year": year}
    if not 1930 <= year <= 2100:
        errors["year"] = _("The year %(year)d is out of range.") % {"year": year}
    if target < 0:
        errors["target"] = _("The target of %(org)s cannot be negative.") % {"org": organization.name}
    if decision.signed_on and decision.signed_on > today():
        errors["decision_date"] = _("The decision date cannot be in the future.")
    if errors:
        raise ValidationError(errors)


def target_errors(organization: Organization, year: int, target: int, decision: Decision) -> dict[str, list[str]]:
    """Why this target cannot be set, by field (the service's own check), for a caller checking many rows."""
    try:
        _check(organization, year, target, decision)
    except ValidationError as exc:
        return exc.message_dict
    return {}


@transaction.atomic
def admission_target_set(
    *, organization: Organization, year: int, target: int, decision: Decision, note: str = "", actor
) -> AdmissionTarget:
    """Create or change a grassroots organization's admission target for `year`."""
    _check(organization, year, target, decision)
    existing = AdmissionTarget.objects.select_for_update().filter(organization=organization, year=year).first()
    fields = {
        "target": target,
        "decision_number": decision.number.strip(),
        "decision_date": decision.signed_on,
        "decision_issuer": decision.issuer.strip(),
        "note": note,
    }
    if existing is None:
        created = AdmissionTarget.objects.create(organization=organization, year=year, **fields)
        audit_create(actor=actor, obj=created, service="admission_target_set")
        return created
    before = snapshot(existing)
    for key, value in fields.items():
        setattr(existing, key, value)
    existing.version += 1
    existing.save()
    audit_update(actor=actor, obj=existing, before=before, service="admission_target_set")
    return existing


def _check_versions(values: dict, current: dict, versions: dict) -> None:
    """Refuse the whole form when a target it shows was set, changed or cleared since it was loaded.

    `now` carries the current versions so the re-shown form saves over them once the person has seen
    what changed."""
    changes, now = [], {}
    for organization in values:
        loaded = versions.get(organization.pk)
        existing = current.get(organization.pk)
        version = existing.version if existing is not None else 0
        now[f"version_{organization.pk}"] = version
        if loaded is None or loaded == version:
            continue
        old = None
        if existing is not None and loaded:
            earlier = changes_since(existing, loaded, fields=["target"])
            old = earlier[0].old if earlier else existing.target
        elif existing is None:
            old = "?"
        new = existing.target if existing is not None else None
        if old == new:  # only the decision fields changed: the form's decision applies to all rows
            continue
        changes.append(
            Change(
                field=f"target_{organization.pk}",
                label=organization.name,
                old=old,
                new=new,
                old_display="—" if old is None else str(old),
                new_display="—" if new is None else str(new),
            )
        )
    if changes:
        raise StaleEdit(changes=changes, current_version=0, extra=now)


@transaction.atomic
def admission_target_clear(*, organization: Organization, year: int, actor) -> bool:
    """Remove a target set in error (the audit keeps it). False when there was none."""
    existing = AdmissionTarget.objects.filter(organization=organization, year=year).first()
    if existing is None:
        return False
    audit_delete(actor=actor, obj=existing, service="admission_target_clear")
    existing.delete()
    return True


@transaction.atomic
def admission_targets_set_many(
    *,
    year: int,
    values: dict[Organization, int | None],
    decision: Decision,
    versions: dict[int, int | None] | None = None,
    actor,
) -> int:
    """Set the targets of several grassroots organizations under one decision; None clears one.

    Only changed values are written. Returns how many targets changed. `versions` maps each
    organization id to the version of its target the form was loaded with (0: there was none); if
    any target changed meanwhile nothing is written and `StaleEdit` names those changes.
    """
    current = {
        t.organization_id: t
        for t in AdmissionTarget.objects.select_for_update().filter(year=year, organization__in=list(values))
    }
    if versions is not None:
        _check_versions(values, current, versions)
    changed = 0
    for organization, value in values.items():
        existing = current.get(organization.pk)
        if value is None:
            changed += admission_target_clear(organization=organization, year=year, actor=actor)
            continue
        if existing is not None and existing.target == value and existing.decision_number == decision.number.strip():
            continue
        admission_target_set(organization=organization, year=year, target=value, decision=decision, actor=actor)
        changed += 1
    return changed


@dataclass(frozen=True)
class TargetRow:
    """One target of an import: a grassroots organization, a year, a value, its own decision."""

    organization: Organization
    year: int
    target: int
    decision: Decision
    note: str = ""


@transaction.atomic
def admission_targets_import(rows: list[TargetRow], *, actor) -> tuple[int, int]:
    """Create or change many targets at once (an import), each checked as `admission_target_set` does.

    The same checks and the same audit rows as one target at a time, written in bulk: thousands of
    targets of years past arrive in one file. The existing targets are locked first. Refuses the
    whole list (nothing written) on the first row that fails. Returns (created, changed).
    """
    for row in rows:
        _check(row.organization, row.year, row.target, row.decision)
    org_ids = sorted({row.organization.pk for row in rows})
    years = sorted({row.year for row in rows})
    current = {}
    for start in range(0, len(org_ids), 500):
        for existing in AdmissionTarget.objects.select_for_update().filter(
            organization_id__in=org_ids[start : start + 500], year__in=years
        ):
            current[(existing.organization_id, existing.year)] = existing
    new, changed, before = [], [], {}
    for row in rows:
        fields = {
            "target": row.target,
            "decision_number": row.decision.number.strip(),
            "decision_date": row.decision.signed_on,
            "decision_issuer": row.decision.issuer.strip(),
            "note": row.note,
        }
        existing = current.get((row.organization.pk, row.year))
        if existing is None:
            new.append(AdmissionTarget(organization=row.organization, year=row.year, **fields))
            continue
        before[existing.pk] = snapshot(existing)
        for key, value in fields.items():
            setattr(existing, key, value)
        existing.version += 1
        changed.append(existing)
    AdmissionTarget.objects.bulk_create(new, batch_size=1000)
    fields = ["target", "decision_number", "decision_date", "decision_issuer", "note", "version", "updated_at"]
    now = timezone.now()
    for existing in changed:
        existing.updated_at = now
    AdmissionTarget.objects.bulk_update(changed, fields, batch_size=1000)
    audit_bulk_create(actor=actor, objs=new, service="admission_target_set")
    audit_bulk_update(actor=actor, objs=changed, before=before, service="admission_target_set")
    return len(new), len(changed)
