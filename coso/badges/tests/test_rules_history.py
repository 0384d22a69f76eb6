"""Party age with transfer gaps, the postponement after discipline and the posthumous award,
table-driven (DOMAIN.md §Member history; QĐ 29-QĐ/TW 2016 point 27.3 a; HD 01-HD/TW 2021 points
3 and 18).
"""

from datetime import date

import pytest

from coso.badges.rules import BadgeRules, PartyFact, badge_due, died_on, party_age, postponed_until
from coso.members.choices import DisciplineForm, EventKind

# QĐ 29-QĐ/TW 2016 point 27.3 a (repeated by the 2021 set): 6 months after a warning, 1 year after a
# dismissal from posts; HD 01-HD/TW 2021 point 18.2: posthumously up to 12 months early.
RULES_2021 = BadgeRules.from_values(
    {
        "milestones_years": [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90],
        "occasions": ["03/02", "19/05", "02/09", "07/11"],
        "early_months_below": 12,
        "early_months_from": 24,
        "early_threshold_years": 70,
        "discipline_postponement_months": {"warning": 6, "dismissal": 12},
        "posthumous_early_months": 12,
    }
)
# The 2006 set: a reprimand postpones 3 months too; no early posthumous award.
RULES_2006 = BadgeRules.from_values(
    {
        "milestones_years": [30, 40, 50, 60, 70, 80],
        "occasions": ["03/02", "19/05", "02/09", "07/11"],
        "early_months_below": 12,
        "early_months_from": 12,
        "early_threshold_years": 70,
        "discipline_postponement_months": {"reprimand": 3, "warning": 6, "dismissal": 12},
        "posthumous_early_months": 0,
    }
)


def admitted(on):
    return PartyFact(EventKind.ADMITTED, on)


def disciplined(on, form):
    return PartyFact(EventKind.DISCIPLINED, on, discipline_form=form)


@pytest.mark.parametrize(
    ("facts", "gaps", "on", "expected"),
    [
        # No gap: exactly 30 years.
        ([admitted(date(1994, 5, 19))], [], date(2024, 5, 19), (30, 0, 0)),
        # A referral presented two months late (1/1–1/3/2000) is deducted: 29 years 10 months.
        ([admitted(date(1994, 5, 19))], [(date(2000, 1, 1), date(2000, 3, 1))], date(2024, 5, 19), (29, 10, 0)),
        # Six days late (16–22/4/2015): six days short of 30 years on the occasion.
        ([admitted(date(1994, 5, 19))], [(date(2015, 4, 16), date(2015, 4, 22))], date(2024, 5, 19), (29, 11, 24)),
        # A gap inside a period outside the Party is not deducted twice (merged with it).
        (
            [
                admitted(date(1990, 1, 1)),
                PartyFact(EventKind.EXPELLED, date(2000, 1, 1)),
                PartyFact(EventKind.READMITTED, date(2005, 1, 1)),
            ],
            [(date(2004, 6, 1), date(2005, 3, 1))],
            date(2025, 3, 1),
            (30, 0, 0),
        ),
        # A gap before the admission is no interruption of party activity.
        ([admitted(date(1994, 5, 19))], [(date(1993, 1, 1), date(1993, 6, 1))], date(2024, 5, 19), (30, 0, 0)),
    ],
)
def test_party_age_deducts_transfer_gaps(facts, gaps, on, expected):
    age = party_age(facts, on, gaps)
    assert (age.years, age.months, age.days) == expected


@pytest.mark.parametrize(
    ("rules", "facts", "occasion", "expected"),
    [
        (RULES_2021, [disciplined(date(2024, 1, 10), DisciplineForm.WARNING)], date(2024, 5, 19), date(2024, 7, 10)),
        (RULES_2021, [disciplined(date(2024, 1, 10), DisciplineForm.WARNING)], date(2024, 9, 2), None),
        (RULES_2021, [disciplined(date(2024, 1, 10), DisciplineForm.DISMISSAL)], date(2024, 9, 2), date(2025, 1, 10)),
        (RULES_2021, [disciplined(date(2024, 1, 10), DisciplineForm.DISMISSAL)], date(2025, 2, 3), None),
        (RULES_2021, [disciplined(date(2024, 3, 1), DisciplineForm.REPRIMAND)], date(2024, 5, 19), None),
        (RULES_2006, [disciplined(date(2009, 3, 1), DisciplineForm.REPRIMAND)], date(2009, 5, 19), date(2009, 6, 1)),
        # A discipline after the occasion does not postpone it.
        (RULES_2021, [disciplined(date(2024, 6, 1), DisciplineForm.WARNING)], date(2024, 5, 19), None),
        # Two disciplines: the later end wins.
        (
            RULES_2021,
            [
                disciplined(date(2023, 10, 1), DisciplineForm.DISMISSAL),
                disciplined(date(2024, 4, 1), DisciplineForm.WARNING),
            ],
            date(2024, 5, 19),
            date(2024, 10, 1),
        ),
    ],
)
def test_discipline_postpones_the_award(rules, facts, occasion, expected):
    assert postponed_until([admitted(date(1990, 1, 1)), *facts], occasion, rules) == expected


@pytest.mark.parametrize(
    ("rules", "died", "occasion", "expected"),
    [
        # Died at 33 years of party age: posthumous 30-year badge.
        (RULES_2021, date(2023, 1, 1), date(2024, 5, 19), (30, True, False)),
        # Died at 29 years 5 months: within the 12 months of HD 01-HD/TW 2021 point 18.2.
        (RULES_2021, date(2019, 8, 1), date(2024, 5, 19), (30, True, True)),
        # The same death under the 2006 set (no early posthumous award): nothing.
        (RULES_2006, date(2019, 8, 1), date(2024, 5, 19), None),
        # Died at 35: the 30-year badge, not the 40 they would have reached by the occasion.
        (RULES_2021, date(2025, 1, 1), date(2031, 2, 3), (30, True, False)),
    ],
)
def test_posthumous_award_is_judged_on_the_party_age_at_death(rules, died, occasion, expected):
    facts = [admitted(date(1990, 1, 1)), PartyFact(EventKind.DIED, died)]
    age = party_age(facts, occasion)
    due = badge_due(counted_from=age.counted_from, occasion=occasion, rules=rules, died=died_on(facts))
    assert (due and (due.milestone, due.posthumous, due.early)) == expected
