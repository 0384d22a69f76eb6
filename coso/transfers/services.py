"""Writes for referrals of party activity. Each runs in a transaction and writes audit rows.

The paper is the board's worklist item; the member's history is changed only through
`members.services` (which re-derives spells), at the moments the regulations give:

- official, within the tree: the member stays on the sending organization's roll until the paper is
  presented; presentation records TRANSFERRED into the receiving organization on that date;
- official, out of the system: TRANSFERRED_OUT on the issue date (the member leaves our register
  the day the committee hands over the paper; cancelling the paper takes the fact back);
- official, in from outside: TRANSFERRED_IN (probationary or official on entry) on the date of
  presentation, registering the person (or re-opening a former member's record found by citizen ID);
- temporary, within the tree: ATTACHED at the host on presentation, ATTACHMENT_ENDED at the end; the
  attached member neither votes nor counts at the host (the register's spells carry that rule);
- temporary, out or in from outside: no fact — the member stays counted at home, and a guest from
  outside never joins the register.

Party age: a paper presented within its limit leaves no gap; a late presentation leaves the
interval from the day after the limit to the presentation date (`rules.late_gap`, read by
`queries.transfer_gaps`) for the party-age computation to subtract.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.audit.services import audit_create, audit_update, snapshot
from coso.common.dates import today
from coso.common.text import format_date
from coso.members.choices import ACTIVE_STATUSES, EventKind, MemberStatus, SpellStatus
from coso.members.models import Member, citizen_id_validator
from coso.members.services import member_delete_event, member_record_event, member_register
from coso.organizations.models import Organization, OrgKind
from coso.rulesets.calendar import CalendarNotCovered
from coso.transfers import queries, rules
from coso.transfers.models import OPEN_STATUSES, Direction, PaperStatus, TransferKind, TransferPaper


def _not_future(errors: dict, field: str, day: date | None) -> None:
    if day and day > today():
        errors[field] = _("The date %(date)s is in the future.") % {"date": format_date(day)}


def _period_errors(kind: str, period_from: date | None, period_until: date | None) -> dict[str, str]:
    if kind != TransferKind.TEMPORARY:
        return {}
    messages = {
        "required": _("A temporary transfer needs its period (from and until)."),
        "order": _("The end of the temporary period must be after its start."),
    }
    return {k: messages[v] for k, v in rules.temporary_period_errors(period_from, period_until).items()}


def _check_receiving(org: Organization | None, on: date, errors: dict) -> None:
    if org is None:
        errors["to_organization"] = _("Choose the receiving organization.")
    elif org.kind == OrgKind.PARTY_GROUP:
        errors["to_organization"] = _("A party group is not a receiving organization; choose its cell.")
    elif not org.is_active_on(on):
        errors["to_organization"] = _("%(org)s did not exist on %(date)s.") % {"org": org.name, "date": format_date(on)}


def _deadline(paper: TransferPaper) -> None:
    try:
        paper.present_by, paper.rule = queries.deadline_for(paper.issued_on)
    except queries.NoTransferRule as exc:
        raise ValidationError({"issued_on": str(exc)}) from exc
    except CalendarNotCovered as exc:
        raise ValidationError({"issued_on": exc.messages}) from exc


def _decision(paper: TransferPaper) -> dict:
    return {
        "decision_number": paper.number,
        "decision_date": paper.issued_on,
        "decision_issuer": paper.issuer,
    }


@transaction.atomic
def transfer_issue(
    *,
    member: Member,
    kind: str,
    direction: str,
    issued_on: date,
    issuer: str,
    number: str = "",
    to_organization: Organization | None = None,
    to_place: str = "",
    from_organization: Organization | None = None,
    period_from: date | None = None,
    period_until: date | None = None,
    note: str = "",
    actor,
) -> TransferPaper:
    """Issue a referral for a member of the register, to an organization of the tree or outside.

    Refused when the member is not an active member of `from_organization` on the issue date (a
    probationary member may be transferred), when another paper of theirs is still in transit, or
    when a temporary transfer of theirs is under way. Official out-transfers leave the register on
    the issue date.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    errors: dict[str, str] = {}
    if direction not in (Direction.WITHIN, Direction.OUT):
        errors["direction"] = _("A paper issued here goes within the system or out of it.")
    if kind not in TransferKind.values:
        errors["kind"] = _("Choose official or temporary transfer.")
    if not issuer.strip():
        errors["issuer"] = _("State the committee that issues the paper.")
    _not_future(errors, "issued_on", issued_on)
    errors.update(_period_errors(kind, period_from, period_until))
    spell = queries.home_spell_on(member, issued_on)
    if member.status not in ACTIVE_STATUSES or spell is None:
        errors["member"] = _("%(name)s is not an active party member on %(date)s.") % {
            "name": member.full_name,
            "date": format_date(issued_on),
        }
    elif from_organization is not None and spell.organization_id != from_organization.pk:
        errors["member"] = _("%(name)s was not in %(org)s on %(date)s.") % {
            "name": member.full_name,
            "org": from_organization.name,
            "date": format_date(issued_on),
        }
    pending = queries.open_paper(member)
    if pending is not None:
        errors["member"] = _("%(name)s already has a paper in transit (issued %(date)s to %(to)s).") % {
            "name": member.full_name,
            "date": format_date(pending.issued_on),
            "to": pending.to_label,
        }
    if kind == TransferKind.TEMPORARY and queries.active_temporary(member) is not None:
        errors["member"] = _("%(name)s is already in temporary activity elsewhere; end it first.") % {
            "name": member.full_name
        }
    if direction == Direction.WITHIN:
        _check_receiving(to_organization, issued_on, errors)
        if spell is not None and to_organization is not None and to_organization.pk == spell.organization_id:
            errors["to_organization"] = _("The member is already in %(org)s.") % {"org": to_organization.name}
        to_place = ""
    elif direction == Direction.OUT:
        if not to_place.strip():
            errors["to_place"] = _("Name the organization outside the system that receives the member.")
        to_organization = None
    if errors:
        raise ValidationError(errors)

    paper = TransferPaper(
        kind=kind,
        direction=direction,
        member=member,
        person_name=member.full_name,
        from_organization_id=spell.organization_id,
        to_organization=to_organization,
        to_place=to_place.strip(),
        number=number.strip(),
        issued_on=issued_on,
        issuer=issuer.strip(),
        period_from=period_from if kind == TransferKind.TEMPORARY else None,
        period_until=period_until if kind == TransferKind.TEMPORARY else None,
        note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _deadline(paper)
    paper.save()
    audit_create(actor=actor, obj=paper, service="transfer_issue")
    if kind == TransferKind.OFFICIAL and direction == Direction.OUT:
        paper.event = member_record_event(
            member=member,
            kind=EventKind.TRANSFERRED_OUT,
            on=issued_on,
            external_place=paper.to_place,
            note=_("Referral of party activity to %(to)s.") % {"to": paper.to_place},
            actor=actor,
            **_decision(paper),
        )
        paper.save(update_fields=["event", "updated_at"])
    return paper


@transaction.atomic
def transfer_record_incoming(
    *,
    kind: str,
    to_organization: Organization,
    from_place: str,
    issued_on: date,
    issuer: str,
    number: str = "",
    person: dict,
    entry_status: str = "",
    period_from: date | None = None,
    period_until: date | None = None,
    presented_on: date | None = None,
    received_by: str = "",
    note: str = "",
    actor,
) -> TransferPaper:
    """Record a referral arriving from an organization outside the system (and its presentation).

    `person` holds name, gender, date_of_birth, citizen_id, party_card, ethnicity, religion,
    education. An official arrival needs what the register needs to open a record; when the citizen
    ID belongs to a former member (who once transferred out), their record is re-opened instead.
    """
    errors: dict[str, str] = {}
    if kind not in TransferKind.values:
        errors["kind"] = _("Choose official or temporary transfer.")
    if not from_place.strip():
        errors["from_place"] = _("Name the organization outside the system that issued the paper.")
    if not issuer.strip():
        errors["issuer"] = _("State the committee that issued the paper.")
    _not_future(errors, "issued_on", issued_on)
    errors.update(_period_errors(kind, period_from, period_until))
    _check_receiving(to_organization, issued_on, errors)
    name = (person.get("name") or "").strip()
    if not name:
        errors["person_name"] = _("Enter the member's full name as on the paper.")
    citizen_id = (person.get("citizen_id") or "").strip()
    existing = None
    if citizen_id:
        try:
            citizen_id_validator(citizen_id)
        except ValidationError:
            errors["person_citizen_id"] = _("A citizen ID has exactly 12 digits.")
        existing = Member.objects.filter(citizen_id=citizen_id).first()
    if kind == TransferKind.OFFICIAL:
        if entry_status not in SpellStatus.values:
            errors["entry_status"] = _("Say whether the member arrives as probationary or official.")
        required = {
            "gender": ("person_gender", _("Choose the gender.")),
            "date_of_birth": ("person_date_of_birth", _("Enter the date of birth.")),
            "ethnicity": ("person_ethnicity", _("Choose the ethnicity.")),
            "religion": ("person_religion", _("Choose the religion.")),
            "education": ("person_education", _("Choose the general education.")),
        }
        if existing is None:
            for key, (field, message) in required.items():
                if not person.get(key):
                    errors[field] = message
        elif existing.status in ACTIVE_STATUSES:
            errors["person_citizen_id"] = _(
                "Citizen ID %(id)s belongs to %(name)s, an active member of the register: "
                "transfer them within the system instead."
            ) % {"id": citizen_id, "name": existing.full_name}
        elif existing.status != MemberStatus.TRANSFERRED_OUT:
            errors["person_citizen_id"] = _(
                "Citizen ID %(id)s belongs to %(name)s, whose record ended (%(status)s); "
                "a transfer in cannot re-open it."
            ) % {"id": citizen_id, "name": existing.full_name, "status": existing.get_status_display()}
        elif queries.open_paper(existing) is not None:
            errors["person_citizen_id"] = _("%(name)s already has a paper in transit.") % {"name": existing.full_name}
    else:
        existing = None  # a temporary guest stays outside the register
    if errors:
        raise ValidationError(errors)

    paper = TransferPaper(
        kind=kind,
        direction=Direction.IN,
        member=existing,
        person_name=name,
        person_gender=person.get("gender") or "",
        person_date_of_birth=person.get("date_of_birth"),
        person_citizen_id=citizen_id,
        person_party_card=(person.get("party_card") or "").strip(),
        person_ethnicity=person.get("ethnicity"),
        person_religion=person.get("religion"),
        person_education=person.get("education") or "",
        entry_status=entry_status if kind == TransferKind.OFFICIAL else "",
        from_place=from_place.strip(),
        to_organization=to_organization,
        number=number.strip(),
        issued_on=issued_on,
        issuer=issuer.strip(),
        period_from=period_from if kind == TransferKind.TEMPORARY else None,
        period_until=period_until if kind == TransferKind.TEMPORARY else None,
        note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _deadline(paper)
    paper.save()
    audit_create(actor=actor, obj=paper, service="transfer_record_incoming")
    if presented_on is not None:
        paper = transfer_present(paper=paper, presented_on=presented_on, received_by=received_by, actor=actor)
    return paper


@transaction.atomic
def transfer_present(*, paper: TransferPaper, presented_on: date, received_by: str = "", actor) -> TransferPaper:
    """Record that the member presented the paper at the receiving organization (late is allowed).

    A late presentation is still recorded — the regulation asks the member or organization at fault
    to report the reason — and the paper keeps its limit, so the late days show as a gap.
    """
    paper = TransferPaper.objects.select_for_update().get(pk=paper.pk)
    errors: dict[str, str] = {}
    if paper.status not in OPEN_STATUSES:
        raise ValidationError(
            _("This paper is %(status)s; only a paper in transit can be presented.")
            % {"status": paper.get_status_display().lower()}
        )
    if presented_on < paper.issued_on:
        errors["presented_on"] = _("The paper cannot be presented before it was issued (%(date)s).") % {
            "date": format_date(paper.issued_on)
        }
    _not_future(errors, "presented_on", presented_on)
    if errors:
        raise ValidationError(errors)
    before = snapshot(paper)
    common = {"actor": actor, **_decision(paper)}
    if paper.direction == Direction.WITHIN and paper.kind == TransferKind.OFFICIAL:
        paper.event = member_record_event(
            member=paper.member,
            kind=EventKind.TRANSFERRED,
            on=presented_on,
            organization=paper.to_organization,
            note=_("Referral presented at %(to)s.") % {"to": paper.to_organization.name},
            **common,
        )
        _end_temporary_at(paper.member, paper.to_organization, presented_on, actor)
    elif paper.direction == Direction.WITHIN:
        paper.event = member_record_event(
            member=paper.member,
            kind=EventKind.ATTACHED,
            on=presented_on,
            organization=paper.to_organization,
            note=_("Temporary activity until %(date)s.") % {"date": format_date(paper.period_until)},
            **common,
        )
    elif paper.direction == Direction.IN and paper.kind == TransferKind.OFFICIAL:
        if paper.member_id:
            paper.event = member_record_event(
                member=paper.member,
                kind=EventKind.TRANSFERRED_IN,
                on=presented_on,
                organization=paper.to_organization,
                external_place=paper.from_place,
                entry_status=paper.entry_status,
                **common,
            )
        else:
            paper.member = member_register(
                profile={
                    "full_name": paper.person_name,
                    "gender": paper.person_gender,
                    "date_of_birth": paper.person_date_of_birth,
                    "citizen_id": paper.person_citizen_id or None,
                    "party_card_number": paper.person_party_card or None,
                    "ethnicity": paper.person_ethnicity,
                    "religion": paper.person_religion,
                    "general_education": paper.person_education,
                },
                first_event=EventKind.TRANSFERRED_IN,
                on=presented_on,
                organization=paper.to_organization,
                entry_status=paper.entry_status,
                external_place=paper.from_place,
                **common,
            )
            paper.event = paper.member.events.order_by("id").first()
    paper.status = PaperStatus.PRESENTED
    paper.presented_on = presented_on
    paper.received_by = received_by.strip()
    paper.save()
    audit_update(actor=actor, obj=paper, before=before, service="transfer_present")
    return paper


def _end_temporary_at(member: Member, host: Organization, on: date, actor) -> None:
    """An official transfer into the host ends a temporary activity there (the history closes it too)."""
    for paper in member.transfer_papers.filter(
        kind=TransferKind.TEMPORARY, status=PaperStatus.PRESENTED, to_organization=host
    ):
        before = snapshot(paper)
        paper.status = PaperStatus.ENDED
        paper.ended_on = on
        paper.save()
        audit_update(actor=actor, obj=paper, before=before, service="transfer_present")


@transaction.atomic
def transfer_end_temporary(*, paper: TransferPaper, ended_on: date, actor) -> TransferPaper:
    """End a temporary transfer: the member returns to activity at home only (ATTACHMENT_ENDED)."""
    paper = TransferPaper.objects.select_for_update().get(pk=paper.pk)
    if paper.kind != TransferKind.TEMPORARY or paper.status != PaperStatus.PRESENTED:
        raise ValidationError(_("Only a temporary transfer under way can be ended."))
    errors: dict[str, str] = {}
    if ended_on <= paper.presented_on:
        errors["ended_on"] = _("The end must be after the presentation (%(date)s).") % {
            "date": format_date(paper.presented_on)
        }
    _not_future(errors, "ended_on", ended_on)
    if errors:
        raise ValidationError(errors)
    before = snapshot(paper)
    if paper.direction == Direction.WITHIN:
        paper.end_event = member_record_event(
            member=paper.member,
            kind=EventKind.ATTACHMENT_ENDED,
            on=ended_on,
            organization=paper.to_organization,
            actor=actor,
            **_decision(paper),
        )
    paper.status = PaperStatus.ENDED
    paper.ended_on = ended_on
    paper.save()
    audit_update(actor=actor, obj=paper, before=before, service="transfer_end_temporary")
    return paper


@transaction.atomic
def transfer_cancel(*, paper: TransferPaper, cancelled_on: date, reason: str, actor) -> TransferPaper:
    """Cancel a paper still in transit (issued in error, transfer called off, paper lost and re-issued).

    An official transfer out already took the member off the register on the issue date; cancelling
    takes that fact back, so the member counts again from the issue date on.
    """
    paper = TransferPaper.objects.select_for_update().get(pk=paper.pk)
    if paper.status not in OPEN_STATUSES:
        raise ValidationError(
            _("This paper is %(status)s; only a paper in transit can be cancelled.")
            % {"status": paper.get_status_display().lower()}
        )
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("State why the paper is cancelled.")
    if cancelled_on < paper.issued_on:
        errors["cancelled_on"] = _("A paper cannot be cancelled before it was issued (%(date)s).") % {
            "date": format_date(paper.issued_on)
        }
    _not_future(errors, "cancelled_on", cancelled_on)
    if errors:
        raise ValidationError(errors)
    before = snapshot(paper)
    if paper.event_id:
        event = paper.event
        paper.event = None
        paper.save(update_fields=["event", "updated_at"])
        member_delete_event(event=event, actor=actor)
    paper.status = PaperStatus.CANCELLED
    paper.cancelled_on = cancelled_on
    paper.cancel_reason = reason.strip()
    paper.save()
    audit_update(actor=actor, obj=paper, before=before, service="transfer_cancel")
    return paper


@transaction.atomic
def transfers_mark_overdue(*, on: date, actor, papers=None) -> int:
    """Mark the papers issued and not presented by the end of their limit as overdue (on `on`).

    `papers` narrows the run (a scoped queryset from a view); the nightly command runs it for all.
    """
    qs = TransferPaper.objects.all() if papers is None else papers
    count = 0
    for paper in qs.filter(status=PaperStatus.ISSUED, present_by__lt=on).select_for_update().order_by("id"):
        before = snapshot(paper)
        paper.status = PaperStatus.OVERDUE
        paper.save(update_fields=["status", "updated_at"])
        audit_update(actor=actor, obj=paper, before=before, service="transfers_mark_overdue")
        count += 1
    return count
