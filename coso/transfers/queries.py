"""Reads of referrals, always through the user's scope.

A paper concerns two organizations. `accounts.scoping` knows it by its sending organization (the
registered path); a paper arriving in the user's subtree is reached through the user's scope on
`Organization` — so both boards see it, and a board outside both sees nothing (404).
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from coso.accounts.actions import Action
from coso.accounts.scoping import is_admin, scope
from coso.common.text import fold, format_date
from coso.members.models import Member, MembershipSpell
from coso.organizations.models import Organization
from coso.organizations.queries import valid_on
from coso.rulesets.calendar import Calendar
from coso.transfers import rules
from coso.transfers.models import OPEN_STATUSES, Direction, PaperStatus, TransferKind, TransferPaper, TransferRule


class NoTransferRule(LookupError):
    pass


def rule_in_force(on: date) -> TransferRule:
    """The transfer rule whose effective date is the latest on or before `on`."""
    rule = TransferRule.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    if rule is None:
        raise NoTransferRule(
            _("No transfer rule is in force on %(date)s; an administrator must add one.") % {"date": format_date(on)}
        )
    return rule


def deadline_for(issued_on: date, *, calendar: Calendar | None = None) -> tuple[date, TransferRule]:
    rule = rule_in_force(issued_on)
    limit = rules.PresentationLimit(rule.present_within_days, rule.working_days, rule.regulation)
    return rules.presentation_deadline(issued_on, limit, calendar or Calendar.load()), rule


def papers_for(user, *, for_write: bool = False, action: Action | None = None) -> QuerySet[TransferPaper]:
    """Papers leaving from or arriving in the user's subtree (or the member's own, read-only); with
    `action`, those where the user's role may take it at either end (`for_write` is deprecated)."""
    qs = TransferPaper.objects.all()
    if is_admin(user):
        return qs
    leaving = scope(qs, user, for_write=for_write, action=action).values("pk")
    arriving = scope(Organization.objects.all(), user, for_write=for_write, action=action).values("pk")
    return qs.filter(Q(pk__in=leaving) | Q(to_organization__in=arriving))


def paper_for_user(pk, user, *, for_write: bool = False, action: Action | None = None) -> TransferPaper:
    """The paper if `user` may see it (404 otherwise); with for_write, 403 when seen but read-only."""
    qs = papers_for(user).select_related(
        "member", "from_organization", "to_organization", "rule", "person_ethnicity", "person_religion"
    )
    try:
        paper = qs.get(pk=pk)
    except (TransferPaper.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action is not None:
        if not papers_for(user, action=action).filter(pk=paper.pk).exists():
            raise PermissionDenied
    elif for_write and not papers_for(user, for_write=True).filter(pk=paper.pk).exists():
        raise PermissionDenied
    return paper


def filter_papers(
    qs: QuerySet[TransferPaper], *, status: str = "", direction: str = "", kind: str = "", text: str = "", on: date
) -> QuerySet[TransferPaper]:
    """The worklist's filters. "overdue" also finds issued papers past their limit not yet marked."""
    if status == PaperStatus.OVERDUE:
        qs = qs.filter(Q(status=PaperStatus.OVERDUE) | Q(status=PaperStatus.ISSUED, present_by__lt=on))
    elif status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if direction:
        qs = qs.filter(direction=direction)
    if kind:
        qs = qs.filter(kind=kind)
    for word in fold(text).split():
        qs = qs.filter(
            Q(member__search_text__contains=word) | Q(person_name__icontains=word) | Q(number__icontains=word)
        )
    return qs


def worklist_rows(qs: QuerySet[TransferPaper], *, on: date) -> list[TransferPaper]:
    """Papers with `late` (open and past the limit on `on`) set, in one query."""
    rows = list(qs.select_related("member", "from_organization", "to_organization"))
    for paper in rows:
        paper.late = paper.status in OPEN_STATUSES and on > paper.present_by
    return rows


def open_paper(member: Member) -> TransferPaper | None:
    """The member's paper still in transit (issued or overdue), if any."""
    return member.transfer_papers.filter(status__in=OPEN_STATUSES).first()


def active_temporary(member: Member) -> TransferPaper | None:
    """The member's temporary transfer presented and not yet ended, if any."""
    return member.transfer_papers.filter(kind=TransferKind.TEMPORARY, status=PaperStatus.PRESENTED).first()


def home_spell_on(member: Member, on: date) -> MembershipSpell | None:
    return MembershipSpell.objects.filter(valid_on(on), member=member, attached=False).first()


@dataclass(frozen=True)
class AttachedPerson:
    """A person temporarily active at the host on the date: from our register or from outside."""

    name: str
    home: str
    since: date
    until: date | None
    member: Member | None
    paper: TransferPaper | None


def attached_at(org: Organization, on: date) -> list[AttachedPerson]:
    """Who is temporarily attached to `org` on `on` — they do not vote there nor count in its membership.

    Members of the register come from their attached spells (whatever created them: a paper, a
    reorganization, a fact typed in the register); people from outside the system from the
    temporary papers presented at `org` and not ended.
    """
    spells = (
        MembershipSpell.objects.filter(valid_on(on), organization=org, attached=True)
        .select_related("member", "member__organization")
        .order_by("member__full_name")
    )
    papers = {
        p.member_id: p
        for p in TransferPaper.objects.filter(
            kind=TransferKind.TEMPORARY,
            to_organization=org,
            member_id__in=[s.member_id for s in spells],
            presented_on__lte=on,
        ).order_by("presented_on")
    }
    people = [
        AttachedPerson(
            name=s.member.full_name,
            home=s.member.organization.name if s.member.organization_id else "",
            since=s.valid_from,
            until=s.valid_to or (papers[s.member_id].period_until if s.member_id in papers else None),
            member=s.member,
            paper=papers.get(s.member_id),
        )
        for s in spells
    ]
    outside = TransferPaper.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on),
        kind=TransferKind.TEMPORARY,
        direction=Direction.IN,
        to_organization=org,
        presented_on__lte=on,
        status__in=(PaperStatus.PRESENTED, PaperStatus.ENDED),
    ).order_by("person_name")
    people += [
        AttachedPerson(
            name=p.person_name, home=p.from_place, since=p.presented_on, until=p.period_until, member=None, paper=p
        )
        for p in outside
    ]
    return people


def transfer_gaps(member_ids) -> dict[int, list[tuple[date, date]]]:
    """Interruptions of party activity caused by late presentation, per member: [start, end) intervals.

    For the party-age computation (badges): a referral presented within its limit leaves no gap, a
    late one interrupts activity from the day after the limit to the presentation date. An official
    transfer out of the system is not a gap — the member's activity continues elsewhere; the
    register simply stops following them (status "transferred out").
    """
    gaps: dict[int, list[tuple[date, date]]] = {}
    papers = TransferPaper.objects.filter(
        member_id__in=member_ids, presented_on__isnull=False, presented_on__gt=F("present_by")
    ).order_by("member_id", "presented_on")
    for paper in papers.only("member_id", "present_by", "presented_on"):
        gap = rules.late_gap(present_by=paper.present_by, presented_on=paper.presented_on)
        if gap:
            gaps.setdefault(paper.member_id, []).append(gap)
    return gaps


def writable_organizations(user) -> QuerySet[Organization]:
    """Organizations the user may record a paper for (the receiving end of an arrival)."""
    return scope(Organization.objects.exclude(kind="party_group"), user, action=Action.TRANSFER_ISSUE).filter(
        dissolved_on__isnull=True
    )


def counts_by_status(qs: QuerySet[TransferPaper], *, on: date) -> dict[str, int]:
    """How many papers of the worklist are open (in transit) and late (open and past the limit on `on`)."""
    return {
        "open": qs.filter(status__in=OPEN_STATUSES).count(),
        "late": qs.filter(status__in=OPEN_STATUSES, present_by__lt=on).count(),
    }
