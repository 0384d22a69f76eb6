"""One convention for ages and periods in months and years, 29 February included
(`coso.common.dates`; Civil Code 2015 art. 148 cl. 3: "if the month ending the period has no
corresponding day, the period ends on the last day of that month").

Before, the admission age (months) said a person born 29/2/2008 was fully 18 on 28/2/2026 while the
register's age groups (years) said 1/3/2026. Now every path says 28/2.
"""

from datetime import date

import pytest

from coso.admission.rules import CandidateFacts, check_age
from coso.common.dates import latest_birth_date, months_between, years_between
from coso.members.rules import age_band, birth_date_range_for_band

ADMISSION = {"min_age_months": 216, "max_age_months": 720}
BORN = date(2008, 2, 29)


@pytest.mark.parametrize(
    ("on", "months", "years", "fully_18"),
    [
        (date(2026, 2, 27), 215, 17, False),
        (date(2026, 2, 28), 216, 18, True),  # a common year: the last day of February
        (date(2026, 3, 1), 216, 18, True),
        (date(2028, 2, 28), 239, 19, True),  # a leap year: 29 February exists, the birthday is then
        (date(2028, 2, 29), 240, 20, True),
    ],
)
def test_born_on_29_february(on, months, years, fully_18):
    assert months_between(BORN, on) == months
    assert years_between(BORN, on) == years
    admission_ok = not check_age(CandidateFacts(date_of_birth=BORN, general_education="12/12"), on, ADMISSION, "QĐ")
    assert admission_ok is fully_18
    earliest, latest = birth_date_range_for_band("u30", on)
    assert latest is None and earliest <= BORN and age_band(BORN, on) == "u30"


@pytest.mark.parametrize(
    ("on", "years", "latest"),
    [
        (date(2026, 2, 28), 18, date(2008, 2, 29)),  # born 29/2/2008 is fully 18 that day
        (date(2026, 2, 27), 18, date(2008, 2, 27)),
        (date(2024, 2, 29), 30, date(1994, 2, 28)),
        (date(2025, 6, 15), 40, date(1985, 6, 15)),
    ],
)
def test_latest_birth_date(on, years, latest):
    assert latest_birth_date(on, years) == latest
    assert years_between(latest, on) >= years


def test_the_age_group_filter_agrees_with_the_admission_age():
    """A person fully 30 by the admission rule's months is in the 30–40 group on the same day."""
    born, on = date(1996, 2, 29), date(2026, 2, 28)
    assert months_between(born, on) == 360
    earliest, latest = birth_date_range_for_band("30_40", on)
    assert earliest <= born <= latest and age_band(born, on) == "30_40"
