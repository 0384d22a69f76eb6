"""Pure rules of the member register.

Age groups follow the reporting practice of the Central Organization Commission's statistical
forms (Biểu thống kê của Ban Tổ chức Trung ương, e.g. the member-body table "chất lượng đội ngũ
đảng viên"): members are counted "under 30, 30 to 40, 41 to 50, 51 to 60, over 60", the age being
full years on the report date. The same bands serve the register filter, the reports and the API,
so they live here once.
"""

from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from coso.common.dates import years_between

#: (code, label, min_age, max_age) — ages in full years, both ends inclusive, None = open end.
AGE_BANDS: list[tuple[str, str, int | None, int | None]] = [
    ("u30", _("Under 30"), None, 29),
    ("30_40", _("30 to 40"), 30, 40),
    ("41_50", _("41 to 50"), 41, 50),
    ("51_60", _("51 to 60"), 51, 60),
    ("o60", _("Over 60"), 61, None),
]

AGE_BAND_CHOICES = [(code, label) for code, label, _min, _max in AGE_BANDS]
_BY_CODE = {code: (min_age, max_age) for code, _label, min_age, max_age in AGE_BANDS}


def age_band(born: date, on: date) -> str:
    """Code of the statistical age group a person born on `born` falls into on `on`."""
    age = years_between(born, on)
    for code, _label, min_age, max_age in AGE_BANDS:
        if (min_age is None or age >= min_age) and (max_age is None or age <= max_age):
            return code
    raise ValueError(f"no age band for age {age}")  # unreachable while the bands cover 0..∞


def _years_before(on: date, years: int) -> date:
    """Same calendar day `years` earlier; 29 February falls back to the 28th in common years."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def birth_date_range_for_band(code: str, on: date) -> tuple[date | None, date | None]:
    """(earliest, latest) date of birth, both inclusive, of people in band `code` on `on`.

    Lets a report filter a band in SQL (`date_of_birth__range`) instead of computing ages in
    Python. Someone is at least N full years old on `on` when born on or before the same day N
    years earlier; at most M years old when born after the same day M+1 years earlier.
    None marks an open end (no lower bound for "over 60", no upper bound for "under 30").
    """
    if code not in _BY_CODE:
        raise KeyError(code)
    min_age, max_age = _BY_CODE[code]
    latest = _years_before(on, min_age) if min_age is not None else None
    earliest = _years_before(on, max_age + 1) + timedelta(days=1) if max_age is not None else None
    return earliest, latest
