"""Registering many members at once (imports, the demo, benchmarks) with the same rules as one.

Each new member comes with its facts; the facts are replayed by `history.derive_spells` exactly as
the single-record services do, then members, facts, spells and audit rows are written with
bulk_create inside one transaction: all or nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from coso.audit.services import audit_bulk_create
from coso.common.text import fold
from coso.members.history import HistoryError, derive_spells, facts_from_events
from coso.members.invariants import AgeBounds, history_errors
from coso.members.models import Member, MemberEvent, MembershipSpell
from coso.members.services import apply_state, event_field_errors, search_text_for, spell_rows


@dataclass
class NewMember:
    member: Member  # unsaved, profile fields set
    events: list[MemberEvent] = field(default_factory=list)  # unsaved, in date order, member unset


class BulkHistoryError(ValueError):
    def __init__(self, position: int, fact_index: int, message: str):
        super().__init__(message)
        self.position, self.fact_index, self.message = position, fact_index, message


def prepare(items: Sequence[NewMember], *, bounds: AgeBounds | None = None) -> None:
    """Fill caches (status, organization, search keys) from the facts; raise on the first bad history.

    The register's invariants (`members.invariants`: dates after birth, not in the future, minimum
    age at admission) are checked here as in the single-record services.
    """
    bounds = bounds or AgeBounds.load()
    for position, item in enumerate(items):
        item.events.sort(key=lambda e: e.on)
        invalid = history_errors(date_of_birth=item.member.date_of_birth, facts=item.events, bounds=bounds)
        if invalid:
            raise BulkHistoryError(position, invalid[0].index, invalid[0].message)
        for fact_index, event in enumerate(item.events):
            errors = event_field_errors(
                kind=event.kind, removal_ground=event.removal_ground, badge_years=event.badge_years
            )
            if errors:
                raise BulkHistoryError(position, fact_index, " ".join(errors.values()))
        try:
            state = derive_spells(facts_from_events(item.events))
        except HistoryError as exc:
            raise BulkHistoryError(position, exc.index, exc.message) from exc
        apply_state(item.member, state)
        item.member.search_text = search_text_for(item.member)
        item.member.name_key = fold(item.member.full_name)[:120]
        item._state = state  # type: ignore[attr-defined]


@transaction.atomic
def bulk_register(
    items: Sequence[NewMember], *, actor, service: str, audit: bool = True, batch_size: int = 2000
) -> list[Member]:
    """Write prepared members with their facts and spells. Call `prepare` first (it validates)."""
    for item in items:
        if not hasattr(item, "_state"):
            prepare(items)
            break
    members = Member.objects.bulk_create([i.member for i in items], batch_size=batch_size)
    events, spells = [], []
    for item, member in zip(items, members, strict=True):
        for event in item.events:
            event.member = member
            events.append(event)
        spells.extend(spell_rows(member, item._state))
    MemberEvent.objects.bulk_create(events, batch_size=batch_size)
    MembershipSpell.objects.bulk_create(spells, batch_size=batch_size)
    if audit:
        audit_bulk_create(actor=actor, objs=members, service=service)
        audit_bulk_create(actor=actor, objs=events, service=service, subject_attr="member")
    from coso.training.services import qualification_baseline

    # The education and qualifications of the new records, as undated facts (held before them).
    qualification_baseline(members, actor=actor, service=service, audit=audit, batch_size=batch_size)
    return members
