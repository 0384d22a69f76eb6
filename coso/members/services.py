"""Writes to the member register. Every function runs in a transaction and writes audit rows."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from coso.audit.services import audit_create, audit_delete, audit_update, snapshot
from coso.common.dates import today
from coso.common.text import fold, format_date
from coso.common.versions import lock_and_check
from coso.members.choices import EventKind
from coso.members.history import HistoryError, MemberState, derive_spells, facts_from_events
from coso.members.invariants import history_errors
from coso.members.models import Member, MemberEvent, MembershipSpell
from coso.organizations.models import Organization

PROFILE_FIELDS = [
    f.name
    for f in Member._meta.concrete_fields
    if f.name
    not in {
        "id",
        "created_at",
        "updated_at",
        "status",
        "organization",
        "admitted_on",
        "official_on",
        "search_text",
        "name_key",
        "version",
    }
]
STARTING_KINDS = (EventKind.ADMITTED, EventKind.TRANSFERRED_IN)


def search_text_for(member: Member) -> str:
    """What the diacritic-insensitive search matches: folded names, citizen ID and card number."""
    parts = [member.full_name, member.birth_name, member.citizen_id or "", member.party_card_number or ""]
    return fold(" ".join(p for p in parts if p))[:300]


def apply_state(member: Member, state: MemberState) -> None:
    member.status = state.status
    member.organization_id = state.organization_id
    member.admitted_on = state.admitted_on
    member.official_on = state.official_on


def spell_rows(member: Member, state: MemberState) -> list[MembershipSpell]:
    return [
        MembershipSpell(
            member=member,
            organization_id=s.organization_id,
            status=s.status,
            exempt=s.exempt,
            attached=s.attached,
            valid_from=s.valid_from,
            valid_to=s.valid_to,
        )
        for s in state.spells
    ]


def event_field_errors(*, kind: str, removal_ground: str = "", badge_years: int | None = None) -> dict[str, str]:
    """Fields a fact of this kind must carry (shared by the forms, imports and bulk writes)."""
    errors = {}
    if kind == EventKind.REMOVED and not removal_ground:
        errors["removal_ground"] = _("State the ground for removal from the roll.")
    if kind == EventKind.BADGE_AWARDED and not badge_years:
        errors["badge_years"] = _("State which badge (years of party age) was awarded.")
    return errors


def _check_organization_active(org: Organization | None, on: date) -> None:
    if org is not None and not org.is_active_on(on):
        raise ValidationError(
            {"organization": _("%(org)s did not exist on %(date)s.") % {"org": org.name, "date": format_date(on)}}
        )


def _rebuild(member: Member) -> None:
    """Replay the member's facts into spells and the cached state."""
    events = list(member.events.order_by("on", "id"))
    try:
        state = derive_spells(facts_from_events(events))
    except HistoryError as exc:
        raise ValidationError({"kind": exc.message}) from exc
    member.spells.all().delete()
    MembershipSpell.objects.bulk_create(spell_rows(member, state))
    apply_state(member, state)
    member.save(update_fields=["status", "organization", "admitted_on", "official_on", "updated_at"])


UNIQUE_MESSAGES = {
    "citizen_id": _lazy("The citizen ID %(value)s already belongs to another member on the register; not saved."),
    "party_card_number": _lazy(
        "The party card number %(value)s already belongs to another member on the register; not saved."
    ),
}


def _save_member(member: Member, update_fields: list[str] | None = None) -> None:
    """Save `member`, turning a clash on a unique field into the service's error.

    Two people registering the same citizen ID at the same moment both pass any check made before
    the insert; only the unique index decides. The insert runs in a savepoint so the clash leaves
    the caller's transaction usable, and the refusal names the field and the value (issue 7, HTTP 500
    on simultaneous creations).
    """
    try:
        with transaction.atomic():
            member.save(update_fields=update_fields)
    except IntegrityError as exc:
        errors = {}
        for name, message in UNIQUE_MESSAGES.items():
            value = getattr(member, name)
            if value and Member.objects.filter(**{name: value}).exclude(pk=member.pk).exists():
                errors[name] = str(message) % {"value": value}
        if not errors:
            raise
        raise ValidationError(errors, code="unique") from exc


def _check_invariants(member: Member, facts, *, field: str) -> None:
    """The register's invariants (`members.invariants`) for `facts` of `member`, reported on `field`."""
    errors = history_errors(date_of_birth=member.date_of_birth, facts=facts)
    if errors:
        raise ValidationError({field: [e.message for e in errors]})


def _validate_profile(member: Member) -> None:
    member.search_text = search_text_for(member)
    member.name_key = fold(member.full_name)[:120]
    # Uniqueness is left to the database (`_save_member`): a check here would race another save.
    member.full_clean(exclude=["status", "search_text", "name_key"], validate_unique=False)
    if member.date_of_birth and member.date_of_birth >= today():
        raise ValidationError({"date_of_birth": _("The date of birth must be in the past.")})


@transaction.atomic
def member_register(
    *,
    profile: dict,
    first_event: str,
    on: date,
    organization: Organization,
    entry_status: str = "",
    external_place: str = "",
    note: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    decision_issuer: str = "",
    actor,
) -> Member:
    """Put a person on the register with the fact that makes them a member (admission or transfer in)."""
    if first_event not in STARTING_KINDS:
        raise ValidationError({"kind": _("A new record starts with an admission or a transfer in.")})
    member = Member(**{k: v for k, v in profile.items() if k in PROFILE_FIELDS})
    member.status = entry_status or "probationary"
    _validate_profile(member)
    if member.date_of_birth and on <= member.date_of_birth:
        raise ValidationError({"on": _("The date of the fact must be after the date of birth.")})
    _save_member(member)
    audit_create(actor=actor, obj=member, service="member_register")
    member_record_event(
        member=member,
        kind=first_event,
        on=on,
        organization=organization,
        entry_status=entry_status,
        external_place=external_place,
        note=note,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_issuer=decision_issuer,
        actor=actor,
    )
    from coso.training.services import qualification_baseline

    # The education and qualifications on the new record: undated facts (held before it was kept).
    qualification_baseline([member], actor=actor)
    return member


#: The profile fields that are qualifications: their history is dated facts (`training.Qualification`).
QUALIFICATION_FIELDS = ("general_education", "professional_education", "political_theory", "state_management")


@transaction.atomic
def member_update_profile(
    *, member: Member, data: dict, version: int | None = None, qualification_since: date | None = None, actor
) -> Member:
    """Change profile fields. `version` is the one the form was loaded with: a stale one is refused
    with what changed meanwhile (`common.versions.StaleEdit`); only profile fields are written, so
    the history caches kept by `_rebuild` are never put back.

    A changed education or qualification level is written as a dated fact from
    `qualification_since` (empty: held before records) by `training.services.profile_changes`, in
    the same transaction; the profile column stays the cache of today's value."""
    lock_and_check(member, version, fields=PROFILE_FIELDS)
    before = snapshot(member)
    changed = {
        name: data[name]
        for name in QUALIFICATION_FIELDS
        if name in data and (data[name] or "") != (getattr(member, name) or "")
    }
    for key, value in data.items():
        if key in PROFILE_FIELDS:
            setattr(member, key, value)
    _validate_profile(member)
    if member.date_of_birth and member.date_of_birth.isoformat() != before.get("date_of_birth"):
        _check_invariants(member, list(member.events.order_by("on", "id")), field="date_of_birth")
    member.version += 1
    _save_member(member, update_fields=[*PROFILE_FIELDS, "search_text", "name_key", "version", "updated_at"])
    audit_update(actor=actor, obj=member, before=before, service="member_update_profile")
    if changed:
        from coso.training.services import profile_changes

        try:
            profile_changes(member, changed, since=qualification_since, actor=actor)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "since" in exc.error_dict:
                raise ValidationError({"qualification_since": exc.error_dict["since"]}) from exc
            raise
    return member


@transaction.atomic
def member_record_event(
    *,
    member: Member,
    kind: str,
    on: date,
    organization: Organization | None = None,
    external_place: str = "",
    entry_status: str = "",
    discipline_form: str = "",
    removal_ground: str = "",
    badge_years: int | None = None,
    decision_number: str = "",
    decision_date: date | None = None,
    decision_issuer: str = "",
    note: str = "",
    reorganization=None,
    actor,
) -> MemberEvent:
    """Add a dated fact to a member's history and re-derive the spells; refuse an impossible sequence."""
    _check_organization_active(organization, on)
    errors = event_field_errors(kind=kind, removal_ground=removal_ground, badge_years=badge_years)
    if errors:
        raise ValidationError(errors)
    if decision_date and decision_date > today():
        raise ValidationError({"decision_date": _("The decision date cannot be in the future.")})
    _check_invariants(member, [MemberEvent(kind=kind, on=on)], field="on")
    event = MemberEvent.objects.create(
        member=member,
        kind=kind,
        on=on,
        organization=organization,
        external_place=external_place,
        entry_status=entry_status,
        discipline_form=discipline_form,
        removal_ground=removal_ground,
        badge_years=badge_years,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_issuer=decision_issuer,
        note=note,
        reorganization=reorganization,
    )
    before = snapshot(member)
    _rebuild(member)
    audit_create(actor=actor, obj=event, service="member_record_event", subject=member)
    audit_update(actor=actor, obj=member, before=before, service="member_record_event")
    return event


@transaction.atomic
def member_delete_event(*, event: MemberEvent, actor) -> None:
    """Remove a fact recorded in error (the audit keeps what it was)."""
    member = event.member
    if member.events.count() == 1:
        raise ValidationError(_("The only fact of a record cannot be removed."))
    before = snapshot(member)
    audit_delete(actor=actor, obj=event, service="member_delete_event", subject=member)
    event.delete()
    _rebuild(member)
    audit_update(actor=actor, obj=member, before=before, service="member_delete_event")


@transaction.atomic
def members_move_for_reorganization(
    *, from_org: Organization, to_org: Organization, on: date, reorganization, actor, member_ids=None
) -> int:
    """Members of `from_org` on `on` follow a merge or split into `to_org` (one REORGANIZED fact each).

    Temporarily attached members at `from_org` are re-attached to `to_org`.
    """
    from coso.members.queries import spells_on  # local: queries imports this module's models only

    moved = 0
    spells = spells_on(on, attached=None).filter(organization=from_org).select_related("member")
    if member_ids is not None:
        spells = spells.filter(member_id__in=member_ids)
    for spell in spells.order_by("member_id"):
        kind = EventKind.ATTACHED if spell.attached else EventKind.REORGANIZED
        member_record_event(
            member=spell.member,
            kind=kind,
            on=on,
            organization=to_org,
            decision_number=reorganization.decision_number,
            decision_date=reorganization.decision_date,
            decision_issuer=reorganization.decision_issuer,
            reorganization=reorganization,
            actor=actor,
        )
        moved += 1
    return moved
