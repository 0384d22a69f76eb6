"""Demo data: yearly admission targets for every grassroots organization of a province."""

from datetime import date
from random import Random

from coso.organizations.models import Organization
from coso.targets.queries import grassroots_under, report_date
from coso.targets.services import Decision, admission_target_set


def seed_targets_demo(*, province: Organization, year: int, rng: Random, actor) -> int:
    """Set a target for each grassroots organization of `province` in `year`, decided by the
    committee directly above in January. Targets scale loosely with the unit's size in the demo
    (2–12 new members a year). Returns how many targets were set."""
    on = report_date(year)
    count = 0
    for org in grassroots_under(province, on):
        issuer = org.parent.name if org.parent else province.name
        decision = Decision(
            number=f"{rng.randint(10, 199)}-QĐ/{'ĐU' if org.parent else 'TU'}",
            signed_on=min(date(year, 1, rng.randint(5, 25)), on),
            issuer=issuer,
        )
        admission_target_set(organization=org, year=year, target=rng.randint(2, 12), decision=decision, actor=actor)
        count += 1
    return count
