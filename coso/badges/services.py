"""Writes of the badges app: grave-illness flags, and awarding badges as history facts."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from coso.audit.services import audit_create, audit_update, snapshot
from coso.badges.models import GravelyIllFlag
from coso.members.choices import EventKind
from coso.members.models import Member, MemberEvent
from coso.members.services import member_record_event


@transaction.atomic
def gravely_ill_flag_create(
    *, member: Member, valid_from: date, valid_to: date | None = None, document: str, note: str = "", actor
) -> GravelyIllFlag:
    """Record that a member is gravely ill from a date, with the document that attests it.

    Drives the early award of the badge (QĐ 24-QĐ/TW 2021 art. 4): periods may not overlap.
    """
    if not document.strip():
        raise ValidationError({"document": _("Name the document that attests the grave illness.")})
    if valid_to is not None and valid_to <= valid_from:
        raise ValidationError({"valid_to": _("The end date must be after the start date.")})
    overlap = GravelyIllFlag.objects.filter(member=member).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=valid_from))
    if valid_to is not None:
        overlap = overlap.filter(valid_from__lt=valid_to)
    if overlap.exists():
        raise ValidationError(
            {
                "valid_from": _("%(member)s already has a grave-illness record covering this period.")
                % {"member": member}
            }
        )
    flag = GravelyIllFlag(member=member, valid_from=valid_from, valid_to=valid_to, document=document, note=note)
    flag.full_clean()
    flag.save()
    audit_create(actor=actor, obj=flag, service="gravely_ill_flag_create")
    return flag


@transaction.atomic
def gravely_ill_flag_end(*, flag: GravelyIllFlag, on: date, actor) -> GravelyIllFlag:
    if flag.valid_to is not None:
        raise ValidationError({"valid_to": _("This record is already closed.")})
    if on <= flag.valid_from:
        raise ValidationError({"valid_to": _("The end date must be after the start date.")})
    before = snapshot(flag)
    flag.valid_to = on
    flag.save(update_fields=["valid_to", "updated_at"])
    audit_update(actor=actor, obj=flag, before=before, service="gravely_ill_flag_end")
    return flag


@dataclass(frozen=True)
class Award:
    member: Member
    milestone: int


@transaction.atomic
def badges_award(
    *,
    awards: list[Award],
    on: date,
    decision_number: str,
    decision_date: date | None,
    decision_issuer: str = "",
    actor,
) -> list[MemberEvent]:
    """Record a BADGE_AWARDED fact for each member on the occasion date, with the awarding decision.

    Each fact goes through `member_record_event`, which checks the history and writes the audit rows.
    """
    errors = {}
    if not decision_number.strip():
        errors["decision_number"] = _("Enter the number of the awarding decision.")
    if decision_date is None:
        errors["decision_date"] = _("Enter the date of the awarding decision.")
    if not awards:
        errors["members"] = _("Select at least one member.")
    if errors:
        raise ValidationError(errors)
    held = set(
        MemberEvent.objects.filter(member__in=[a.member for a in awards], kind=EventKind.BADGE_AWARDED).values_list(
            "member_id", "badge_years"
        )
    )
    events = []
    for award in awards:
        if (award.member.pk, award.milestone) in held:
            raise ValidationError(
                {
                    "members": _("%(member)s already holds the %(years)d-year badge.")
                    % {"member": award.member.full_name, "years": award.milestone}
                }
            )
        events.append(
            member_record_event(
                member=award.member,
                kind=EventKind.BADGE_AWARDED,
                on=on,
                badge_years=award.milestone,
                decision_number=decision_number.strip(),
                decision_date=decision_date,
                decision_issuer=decision_issuer.strip(),
                actor=actor,
            )
        )
        held.add((award.member.pk, award.milestone))
    return events
