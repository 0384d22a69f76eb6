"""Reads of the register, by date. Pass organizations already checked against the user's scope."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from coso.common.text import fold
from coso.members.models import Member, MembershipSpell
from coso.organizations.models import Organization, OrgVersion
from coso.organizations.queries import in_subtree, in_subtree_before, valid_on


def spells_on(on: date, *, attached: bool | None = False) -> QuerySet[MembershipSpell]:
    """Spells in force on `on`. By default home spells only: attached members do not count."""
    qs = MembershipSpell.objects.filter(valid_on(on))
    if attached is not None:
        qs = qs.filter(attached=attached)
    return qs


def subtree_spells(
    org: Organization | OrgVersion | Iterable[Organization | OrgVersion], on: date, *, attached: bool | None = False
) -> QuerySet[MembershipSpell]:
    """Home spells in `org`'s subtree as the tree and the register stood on `on`."""
    return spells_on(on, attached=attached).filter(in_subtree(org, on))


def members_on(
    org: Organization | OrgVersion | Iterable[Organization | OrgVersion],
    on: date,
    *,
    status: str | None = None,
    exempt: bool | None = None,
) -> QuerySet[Member]:
    """Members of `org`'s subtree on `on` (optionally one spell status), as a Member queryset.

    The dashboard's "party members" figure and the register's default list are this queryset.
    """
    spells = subtree_spells(org, on)
    if status:
        spells = spells.filter(status=status)
    if exempt is not None:
        spells = spells.filter(exempt=exempt)
    return Member.objects.filter(Exists(spells.filter(member=OuterRef("pk"))))


def former_members(
    org: Organization | OrgVersion | Iterable[Organization | OrgVersion], on: date, *, status: str | None = None
) -> QuerySet[Member]:
    """People whose membership had ended by `on` and whose last home spell was in `org`'s subtree.

    "Former members of X on d": no home spell in force on `on`, and the home spell that ended last
    before it lay in X's subtree as the tree stood on its last day (`in_subtree_before`), so one who
    died in a cell since moved away from X is X's, and one who left a commune before it merged into
    X is not. A person re-admitted after `on` was still a former member on `on`. `status` narrows
    to the status the history ended with (the cached one: left, removed, expelled, died...).
    """
    roots = [org] if isinstance(org, Organization | OrgVersion) else list(org)
    later = MembershipSpell.objects.filter(
        member=OuterRef("member"), attached=False, valid_from__gte=OuterRef("valid_to"), valid_from__lte=on
    )
    inside = Q(pk__in=[])
    for root in roots:
        inside |= in_subtree_before(root, "valid_to")
    ended = MembershipSpell.objects.filter(inside, member=OuterRef("pk"), attached=False, valid_to__lte=on).filter(
        ~Exists(later)
    )
    qs = Member.objects.filter(Exists(ended)).filter(~Exists(spells_on(on).filter(member=OuterRef("pk"))))
    if status:
        qs = qs.filter(status=status)
    return qs


def annotate_on(qs: QuerySet[Member], on: date) -> QuerySet[Member]:
    """Each member's home organization (its name that day) and spell status on `on`, for a dated list.

    A list as of a past date shows where the member stood then, not the cached current organization.
    """
    spell = spells_on(on).filter(member=OuterRef("pk")).order_by("-valid_from")
    name = OrgVersion.objects.filter(valid_on(on), organization_id=OuterRef("on_org_id")).values("name")[:1]
    return qs.annotate(
        on_org_id=Subquery(spell.values("organization_id")[:1]),
        on_status=Subquery(spell.values("status")[:1]),
        on_exempt=Subquery(spell.values("exempt")[:1]),
    ).annotate(on_org_name=Subquery(name))


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
