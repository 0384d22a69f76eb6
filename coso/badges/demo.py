"""Demo data: badges already awarded on last year's occasions, and a few gravely ill members, so
this year's lists show members still due, early awards and awarded ones excluded."""

from datetime import date, timedelta
from random import Random

from coso.badges.queries import badge_list, occasions_for_year
from coso.badges.services import Award, badges_award, gravely_ill_flag_create
from coso.common.dates import today
from coso.members.choices import ACTIVE_STATUSES, EventKind
from coso.members.models import Member
from coso.organizations.models import Organization
from coso.organizations.queries import in_subtree
from coso.rulesets.queries import NoRuleSet


def seed_badges_demo(*, province: Organization, rng: Random, actor) -> dict[str, int]:
    """Award most due badges on last year's occasions (the rest stay due), and flag a few long-
    standing members as gravely ill. Returns counts by kind."""
    counts = {"awarded": 0, "gravely_ill": 0}
    now = today()
    for occasion in occasions_for_year(now.year - 1):
        if occasion >= now:
            continue
        try:
            due = badge_list(province, occasion)
        except NoRuleSet:
            continue
        awards = [Award(member=row.member, milestone=row.due.milestone) for row in due.rows if rng.random() < 0.8]
        if awards:
            badges_award(
                awards=awards,
                on=occasion,
                decision_number=f"{rng.randint(100, 999)}-QĐ/TU",
                decision_date=occasion - timedelta(days=rng.randint(5, 20)),
                decision_issuer=province.name,
                actor=actor,
            )
            counts["awarded"] += len(awards)
    veterans = list(
        Member.objects.filter(
            in_subtree(province, now),
            status__in=ACTIVE_STATUSES,
            events__kind=EventKind.ADMITTED,
            events__on__lte=date(now.year - 28, 12, 31),
        )
        .distinct()
        .order_by("pk")[:200]
    )
    for member in rng.sample(veterans, k=min(3, len(veterans))):
        gravely_ill_flag_create(
            member=member,
            valid_from=now - timedelta(days=rng.randint(30, 300)),
            document=f"Giấy xác nhận của bệnh viện số {rng.randint(10, 999)}/GXN và đề nghị của chi bộ",
            actor=actor,
        )
        counts["gravely_ill"] += 1
    return counts
