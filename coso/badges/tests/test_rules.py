"""Party age and badge rules, table-driven (QĐ 24-QĐ/TW 2021 art. 4; HD 01-HD/TW 2021 points 3–4)."""

from datetime import date

import pytest

from coso.badges.rules import BadgeRules, PartyFact, badge_due, occasion_dates, party_age
from coso.members.choices import DisciplineForm, EventKind

RULES_2021 = BadgeRules.from_values(
    {
        "milestones_years": [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90],
        "occasions": ["03/02", "19/05", "02/09", "07/11"],
        "early_months_below": 12,
        "early_months_from": 24,
        "early_threshold_years": 70,
    }
)
# A second rule set with different values, to show the values come from the set, not the code.
RULES_OTHER = BadgeRules(milestones=(25, 30, 40), early_months_below=6, early_months_from=18, early_threshold_years=40)


def admitted(on):
    return PartyFact(EventKind.ADMITTED, on)


@pytest.mark.parametrize(
    ("facts", "on", "expected"),
    [
        ([admitted(date(1994, 5, 19))], date(2024, 5, 19), (30, 0, 0)),
        ([admitted(date(1994, 5, 20))], date(2024, 5, 19), (29, 11, 29)),
        ([admitted(date(2020, 1, 31))], date(2020, 2, 29), (0, 1, 0)),  # month ends clip (add_months)
        ([admitted(date(2020, 1, 31))], date(2020, 2, 28), (0, 0, 28)),
        # Expelled 1/1/2000, re-admitted 1/1/2005: five years outside are deducted.
        (
            [
                admitted(date(1990, 1, 1)),
                PartyFact(EventKind.EXPELLED, date(2000, 1, 1)),
                PartyFact(EventKind.READMITTED, date(2005, 1, 1)),
            ],
            date(2025, 1, 1),
            (30, 0, 0),
        ),
        # Expulsion as a discipline form counts the same way.
        (
            [
                admitted(date(1990, 1, 1)),
                PartyFact(EventKind.DISCIPLINED, date(2000, 1, 1), discipline_form=DisciplineForm.EXPULSION),
                PartyFact(EventKind.READMITTED, date(2005, 1, 1)),
            ],
            date(2025, 1, 1),
            (30, 0, 0),
        ),
        # Still outside on the date: the age stopped growing on leaving.
        ([admitted(date(1990, 1, 1)), PartyFact(EventKind.LEFT, date(2000, 3, 1))], date(2024, 1, 1), (10, 2, 0)),
        # A reprimand or a transfer out of the system is no interruption.
        (
            [
                admitted(date(1990, 1, 1)),
                PartyFact(EventKind.DISCIPLINED, date(1995, 1, 1), discipline_form=DisciplineForm.REPRIMAND),
                PartyFact(EventKind.TRANSFERRED_OUT, date(1996, 1, 1)),
            ],
            date(2020, 1, 1),
            (30, 0, 0),
        ),
    ],
)
def test_party_age(facts, on, expected):
    age = party_age(facts, on)
    assert (age.years, age.months, age.days) == expected


def test_party_age_across_expulsion_and_readmission_moves_the_counting_date():
    facts = [
        admitted(date(1990, 1, 1)),
        PartyFact(EventKind.EXPELLED, date(2000, 1, 1)),
        PartyFact(EventKind.READMITTED, date(2005, 1, 1)),
    ]
    age = party_age(facts, date(2025, 1, 1))
    assert age.days_outside == (date(2005, 1, 1) - date(2000, 1, 1)).days == 1827
    assert age.counted_from == date(1995, 1, 1)
    assert age.periods_outside == ((date(2000, 1, 1), date(2005, 1, 1)),)


def test_no_party_age_before_admission_or_without_admission_fact():
    assert party_age([admitted(date(2000, 1, 1))], date(1999, 12, 31)) is None
    assert party_age([PartyFact(EventKind.TRANSFERRED_IN, date(2000, 1, 1))], date(2020, 1, 1)) is None


@pytest.mark.parametrize(
    ("rules", "counted_from", "occasion", "awarded", "ill", "expected"),
    [
        # Exactly on the occasion date: due.
        (RULES_2021, date(1994, 5, 19), date(2024, 5, 19), [], False, (30, False)),
        # One day short: not due.
        (RULES_2021, date(1994, 5, 20), date(2024, 5, 19), [], False, None),
        # Already awarded: excluded; a higher one awarded excludes the lower.
        (RULES_2021, date(1994, 5, 19), date(2024, 5, 19), [30], False, None),
        (RULES_2021, date(1980, 1, 1), date(2024, 5, 19), [40], False, None),
        # Missed milestones: the highest reached above the last award.
        (RULES_2021, date(1972, 1, 1), date(2024, 5, 19), [40], False, (50, False)),
        # Gravely ill, 30 years: up to 12 months early — exactly 12 months, and one day more.
        (RULES_2021, date(1995, 5, 19), date(2024, 5, 19), [], True, (30, True)),
        (RULES_2021, date(1995, 5, 20), date(2024, 5, 19), [], True, None),
        (RULES_2021, date(1995, 5, 19), date(2024, 5, 19), [], False, None),
        # 65 years is still below the threshold: 12 months.
        (RULES_2021, date(1960, 5, 19), date(2024, 5, 19), [60], True, (65, True)),
        (RULES_2021, date(1960, 5, 20), date(2024, 5, 19), [60], True, None),
        # From 70 years: up to 24 months early.
        (RULES_2021, date(1956, 5, 19), date(2024, 5, 19), [65], True, (70, True)),
        (RULES_2021, date(1956, 5, 20), date(2024, 5, 19), [65], True, None),
        (RULES_2021, date(1936, 5, 19), date(2024, 5, 19), [85], True, (90, True)),
        # The other rule set: a 25-year milestone, 6 months early below 40 years, 18 from 40.
        (RULES_OTHER, date(1999, 5, 19), date(2024, 5, 19), [], False, (25, False)),
        (RULES_OTHER, date(1999, 11, 19), date(2024, 5, 19), [], True, (25, True)),
        (RULES_OTHER, date(1999, 11, 20), date(2024, 5, 19), [], True, None),
        (RULES_OTHER, date(1985, 11, 19), date(2024, 5, 19), [30], True, (40, True)),
        (RULES_OTHER, date(1985, 11, 20), date(2024, 5, 19), [30], True, None),
    ],
)
def test_badge_due(rules, counted_from, occasion, awarded, ill, expected):
    due = badge_due(counted_from=counted_from, occasion=occasion, rules=rules, awarded=awarded, gravely_ill=ill)
    if expected is None:
        assert due is None
    else:
        assert (due.milestone, due.early) == expected
        if due.early:
            assert due.early_months == rules.early_months(due.milestone)


def test_occasion_dates_of_a_year():
    assert occasion_dates(2024, ["19/05", "03/02", "07/11", "02/09"]) == [
        date(2024, 2, 3),
        date(2024, 5, 19),
        date(2024, 9, 2),
        date(2024, 11, 7),
    ]
