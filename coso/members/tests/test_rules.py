"""Age groups of the Central Organization Commission's statistical forms (rules.AGE_BANDS)."""

from datetime import date, timedelta

import pytest

from coso.common.dates import years_between
from coso.members.rules import AGE_BANDS, age_band, birth_date_range_for_band

ON = date(2024, 12, 31)


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        (date(2006, 1, 1), ON, "u30"),  # 18
        (date(1995, 1, 1), ON, "u30"),  # 29 full years
        (date(1995, 1, 1), date(2024, 12, 31), "u30"),
        (date(1994, 12, 31), ON, "30_40"),  # 30th birthday on the report date
        (date(1995, 1, 1), date(2025, 1, 1), "30_40"),
        (date(1984, 1, 1), ON, "30_40"),  # 40 full years
        (date(1983, 12, 31), ON, "41_50"),  # 41 on the day
        (date(1974, 1, 1), ON, "41_50"),  # 50
        (date(1973, 12, 31), ON, "51_60"),  # 51 on the day
        (date(1964, 1, 1), ON, "51_60"),  # 60
        (date(1963, 12, 31), ON, "o60"),  # 61 on the day
        (date(1930, 5, 19), ON, "o60"),
        # Leap-day birth: fully 30 on 28 February of a common year, the same day the admission rule's
        # age in months says so (Civil Code 2015 art. 148 cl. 3; coso.common.dates).
        (date(2000, 2, 29), date(2030, 2, 27), "u30"),
        (date(2000, 2, 29), date(2030, 2, 28), "30_40"),
        (date(2000, 2, 29), date(2030, 3, 1), "30_40"),
    ],
)
def test_age_band(born, on, expected):
    assert age_band(born, on) == expected


def test_bands_are_ordered_and_contiguous():
    assert [code for code, *_ in AGE_BANDS] == ["u30", "30_40", "41_50", "51_60", "o60"]
    assert AGE_BANDS[0][2] is None and AGE_BANDS[-1][3] is None
    for (_c1, _l1, _lo1, hi1), (_c2, _l2, lo2, _hi2) in zip(AGE_BANDS, AGE_BANDS[1:], strict=False):
        assert lo2 == hi1 + 1


@pytest.mark.parametrize(
    ("code", "on", "earliest", "latest"),
    [
        ("u30", ON, date(1995, 1, 1), None),
        ("30_40", ON, date(1984, 1, 1), date(1994, 12, 31)),
        ("41_50", ON, date(1974, 1, 1), date(1983, 12, 31)),
        ("51_60", ON, date(1964, 1, 1), date(1973, 12, 31)),
        ("o60", ON, None, date(1963, 12, 31)),
        # report date on a leap day: the same day in a common year is 28 February
        ("30_40", date(2024, 2, 29), date(1983, 3, 1), date(1994, 2, 28)),
    ],
)
def test_birth_date_range_for_band(code, on, earliest, latest):
    assert birth_date_range_for_band(code, on) == (earliest, latest)


def _within(day, earliest, latest):
    return (earliest is None or earliest <= day) and (latest is None or day <= latest)


@pytest.mark.parametrize("on", [date(2024, 2, 29), date(2024, 3, 1), date(2023, 2, 28), date(2025, 6, 15)])
def test_range_agrees_with_age_band_around_the_edges(on):
    """The SQL range and the Python age must classify every birth date alike."""
    for code, *_ in AGE_BANDS:
        earliest, latest = birth_date_range_for_band(code, on)
        for edge in (earliest, latest):
            if edge is None:
                continue
            assert age_band(edge, on) == code
        if earliest is not None:
            assert age_band(earliest - timedelta(days=1), on) != code
        if latest is not None:
            assert age_band(latest + timedelta(days=1), on) != code
    # Sweep a span of birth dates: exactly one band's range contains each one.
    day = date(on.year - 70, 1, 1)
    while day <= date(on.year, 1, 1):
        hits = [code for code, *_ in AGE_BANDS if _within(day, *birth_date_range_for_band(code, on))]
        assert hits == [age_band(day, on)], (day, years_between(day, on))
        day += timedelta(days=13)


def test_unknown_band():
    with pytest.raises(KeyError):
        birth_date_range_for_band("nope", ON)
