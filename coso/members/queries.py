"""Reads of the register, by date. Pass organizations already checked against the user's scope."""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from coso.common.text import fold
from coso.members.models import Member, MembershipSpell
from coso.organizations.models import Organization
from coso.organizations.queries import subtree_org_ids, valid_on


def spells_on(on: date, *, attached: bool | None = False) -> QuerySet[MembershipSpell]:
    """Spells in force on `on`. By default home spells only: attached members do not count."""
    qs = MembershipSpell.objects.filter(valid_on(on))
    if attached is not None:
        qs = qs.filter(attached=attached)
    return qs


def subtree_spells(org: Organization, on: date, *, attached: bool | None = False) -> QuerySet[MembershipSpell]:
    """Home spells in `org`'s subtree as the tree and the register stood on `on`."""
    return spells_on(on, attached=attached).filter(organization_id__in=subtree_org_ids(org, on))


def members_on(
    org: Organization, on: date, *, status: str | None = None, exempt: bool | None = None
) -> QuerySet[Member]:
    """Members of `org`'s subtree on `on` (optionally one spell status), as a Member queryset."""
    spells = subtree_spells(org, on)
    if status:
        spells = spells.filter(status=status)
    if exempt is not None:
        spells = spells.filter(exempt=exempt)
    return Member.objects.filter(Exists(spells.filter(member=OuterRef("pk"))))


def search(qs: QuerySet[Member], text: str) -> QuerySet[Member]:
    """Diacritic-insensitive search: every folded word must appear (trigram-indexed on PostgreSQL)."""
    words = fold(text).split()
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    return qs.filter(condition)


def facts_after_in(orgs: list[Organization], on: date, *, member_ids=None):
    """Facts dated after `on` of the members who are (home or attached) in `orgs` on or after `on`.

    A reorganization dated `on` that moves these members or ends these organizations would slide a
    REORGANIZED fact (or the end of the organization) under facts recorded later, so the guard in
    `organizations.services` refuses it and names them.
    """
    from coso.members.models import MemberEvent

    spells = MembershipSpell.objects.filter(organization__in=orgs).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    if member_ids is not None:
        spells = spells.filter(member_id__in=member_ids)
    return (
        MemberEvent.objects.filter(on__gt=on, member_id__in=spells.values("member_id"))
        .select_related("member")
        .order_by("member__full_name", "member_id", "on", "id")
    )
