"""Working days and month arithmetic used by the deadlines (QĐ 24-QĐ/TW counts in working days)."""

from datetime import date

import pytest

from coso.rulesets.calendar import Calendar, add_months, months_between

TET_2025 = Calendar(
    days_off=frozenset(date(2025, 1, d) for d in (27, 28, 29, 30, 31)), days_worked=frozenset({date(2025, 4, 26)})
)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2025, 1, 20), 5, date(2025, 2, 3)),  # Mon + 5 working days spans Tết: 21–24/1, then 3/2
        (date(2025, 1, 24), 1, date(2025, 2, 3)),  # Friday before Tết → Monday after it
        (date(2025, 4, 25), 1, date(2025, 4, 26)),  # the swapped Saturday is a working day
        (date(2025, 3, 7), 0, date(2025, 3, 7)),
        (date(2025, 3, 7), 1, date(2025, 3, 10)),  # Friday → Monday
    ],
)
def test_add_working_days(start, days, expected):
    assert TET_2025.add_working_days(start, days) == expected


def test_working_days_between_is_the_inverse():
    start = date(2025, 1, 2)
    for n in range(0, 40):
        assert TET_2025.working_days_between(start, TET_2025.add_working_days(start, n)) == n


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 3, 15), 12, date(2025, 3, 15)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("born", "on", "months"),
    [
        (date(2007, 6, 15), date(2025, 5, 15), 215),  # 17 years 11 months
        (date(2007, 6, 15), date(2025, 6, 14), 215),
        (date(2007, 6, 15), date(2025, 6, 15), 216),  # fully 18
        (date(1965, 4, 10), date(2025, 5, 10), 721),  # 60 years 1 month
        (date(2024, 1, 31), date(2024, 2, 29), 1),
    ],
)
def test_months_between(born, on, months):
    assert months_between(born, on) == months
