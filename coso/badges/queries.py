"""Badge lists and party age, read in a bounded number of queries.

A list for a province reads: the rule set, the members of the subtree on the occasion date who
were admitted early enough to be due (and the members who died in it, for a posthumous award),
their relevant history facts, their transfer gaps and the grave-illness flags — one query each —
then computes party age and the badge due in Python (`rules`). A member whose award a discipline
postpones on the occasion is left off that occasion's list (`rules.postponed_until`).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from coso.badges.models import GravelyIllFlag
from coso.badges.rules import (
    RELEVANT_KINDS,
    BadgeDue,
    BadgeRules,
    PartyAge,
    PartyFact,
    badge_due,
    died_on,
    occasion_dates,
    party_age,
    postponed_until,
)
from coso.common.dates import today
from coso.members.choices import EventKind
from coso.members.models import Member, MemberEvent, MembershipSpell
from coso.members.queries import subtree_spells
from coso.organizations.models import Organization
from coso.organizations.queries import subtree_org_ids
from coso.rulesets.calendar import add_months
from coso.rulesets.models import RuleSet
from coso.rulesets.queries import rules_in_force
from coso.transfers.queries import transfer_gaps


def occasions_for_year(year: int) -> list[date]:
    """Occasions of `year`: each date listed by the rule set in force on that date."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    sets = list(RuleSet.objects.filter(topic="badges", effective_from__lte=last).order_by("effective_from"))
    result = []
    for index, rule_set in enumerate(sets):
        until = sets[index + 1].effective_from if index + 1 < len(sets) else None
        for day in occasion_dates(year, rule_set.values.get("occasions", [])):
            if rule_set.effective_from <= day and (until is None or day < until) and first <= day <= last:
                result.append(day)
    return sorted(result)


@dataclass
class BadgeRow:
    member: Member
    age: PartyAge
    due: BadgeDue


@dataclass
class BadgeGroup:
    milestone: int
    rows: list[BadgeRow] = field(default_factory=list)


@dataclass
class BadgeList:
    organization: Organization
    occasion: date
    rule_set: RuleSet
    groups: list[BadgeGroup]

    @property
    def rows(self) -> list[BadgeRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def total(self) -> int:
        return sum(len(g.rows) for g in self.groups)

    @property
    def early_count(self) -> int:
        return sum(1 for row in self.rows if row.due.early and not row.due.posthumous)


def _facts_by_member(member_ids_qs: QuerySet) -> dict[int, list[PartyFact]]:
    facts: dict[int, list[PartyFact]] = defaultdict(list)
    rows = (
        MemberEvent.objects.filter(member_id__in=member_ids_qs, kind__in=RELEVANT_KINDS)
        .order_by("member_id", "on", "id")
        .values_list("member_id", "kind", "on", "badge_years", "discipline_form")
    )
    for member_id, kind, on, badge_years, discipline_form in rows:
        facts[member_id].append(PartyFact(kind=kind, on=on, badge_years=badge_years, discipline_form=discipline_form))
    return facts


def candidates(org: Organization, occasion: date, rules: BadgeRules) -> QuerySet[Member]:
    """Members of `org`'s subtree on the occasion date (home spells: a temporarily attached member is
    listed by their own organization) first admitted early enough to reach the first milestone, early
    award included. Expelled, removed and departed members have no spell on that date.

    Members who died on or before the occasion are candidates for a posthumous award when their last
    home spell (ending on the day of death) was in an organization of the subtree as it stands on the
    occasion (QĐ 29-QĐ/TW 2016 point 27.3 a; HD 01-HD/TW 2021 point 18).
    """
    first = rules.milestones[0]
    latest_admission = add_months(occasion, -12 * first + max(rules.early_months(first), rules.posthumous_early_months))
    spells = subtree_spells(org, occasion).filter(member=OuterRef("pk"))
    admitted = MemberEvent.objects.filter(member=OuterRef("pk"), kind=EventKind.ADMITTED, on__lte=latest_admission)
    death = MemberEvent.objects.filter(member=OuterRef("pk"), kind=EventKind.DIED, on__lte=occasion).values("on")[:1]
    died_here = MembershipSpell.objects.filter(
        member=OuterRef("pk"),
        attached=False,
        valid_to=OuterRef("died_on"),
        organization_id__in=subtree_org_ids(org, occasion),
    )
    return (
        Member.objects.annotate(died_on=Subquery(death))
        .filter(Exists(admitted))
        .filter(Exists(spells) | Exists(died_here))
    )


def badge_list(org: Organization, occasion: date) -> BadgeList:
    """Members of `org`'s subtree due a badge on `occasion`, grouped by milestone (DOMAIN.md §Party badges)."""
    rule_set = rules_in_force("badges", occasion)
    rules = BadgeRules.from_values(rule_set.values)
    members_qs = candidates(org, occasion, rules)
    ids = members_qs.values("pk")
    facts = _facts_by_member(ids)
    gaps = transfer_gaps(ids)
    ill = set(
        GravelyIllFlag.objects.filter(member_id__in=ids, valid_from__lte=occasion)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=occasion))
        .values_list("member_id", flat=True)
    )
    groups: dict[int, BadgeGroup] = {}
    for member in members_qs.select_related("organization").order_by("full_name", "date_of_birth", "pk"):
        member_facts = facts.get(member.pk, [])
        age = party_age(member_facts, occasion, gaps.get(member.pk, ()))
        if age is None or postponed_until(member_facts, occasion, rules):
            continue
        awarded = [f.badge_years for f in member_facts if f.kind == EventKind.BADGE_AWARDED and f.badge_years]
        due = badge_due(
            counted_from=age.counted_from,
            occasion=occasion,
            rules=rules,
            awarded=awarded,
            gravely_ill=member.pk in ill,
            died=died_on(member_facts),
        )
        if due is not None:
            groups.setdefault(due.milestone, BadgeGroup(due.milestone)).rows.append(BadgeRow(member, age, due))
    return BadgeList(org, occasion, rule_set, [groups[m] for m in sorted(groups)])


@dataclass
class MemberBadges:
    member: Member
    age: PartyAge | None
    awarded: list[MemberEvent]
    next_due: BadgeDue | None
    next_occasion: date | None
    flags: list[GravelyIllFlag]
    postponed_until: date | None = None


def next_occasion_after(on: date) -> date | None:
    for year in (on.year, on.year + 1):
        for day in occasions_for_year(year):
            if day >= on:
                return day
    return None


def member_badges(member: Member, on: date | None = None) -> MemberBadges:
    """A member's party age today, the badges awarded and the next one due, for the member page."""
    on = on or today()
    events = list(member.events.filter(kind__in=RELEVANT_KINDS).order_by("on", "id"))
    facts = [PartyFact(e.kind, e.on, e.badge_years, e.discipline_form) for e in events]
    age = party_age(facts, on, transfer_gaps([member.pk]).get(member.pk, ()))
    awarded = [e for e in events if e.kind == EventKind.BADGE_AWARDED]
    flags = list(member.gravely_ill_flags.all())
    occasion = next_occasion_after(on)
    due = postponed = None
    if age is not None and occasion is not None and member.is_active:
        rules = BadgeRules.from_values(rules_in_force("badges", occasion).values)
        due = badge_due(
            counted_from=age.counted_from,
            occasion=occasion,
            rules=rules,
            awarded=[e.badge_years for e in awarded if e.badge_years],
            gravely_ill=any(f.active_on(occasion) for f in flags),
        )
        postponed = postponed_until(facts, occasion, rules) if due else None
    return MemberBadges(member, age, awarded, due, occasion, flags, postponed)
