"""Pure rules of the member register.

Age groups follow the reporting practice of the Central Organization Commission's statistical
forms (Biểu thống kê của Ban Tổ chức Trung ương, e.g. the member-body table "chất lượng đội ngũ
đảng viên"): members are counted "under 30, 30 to 40, 41 to 50, 51 to 60, over 60", the age being
full years on the report date. The same bands serve the register filter, the reports and the API,
so they live here once.
"""

from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from coso.common.dates import latest_birth_date, years_between

#: (code, label, min_age, max_age) — ages in full years, both ends inclusive, None = open end.
AGE_BANDS: list[tuple[str, StrOrPromise, int | None, int | None]] = [
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


def birth_date_range_for_band(code: str, on: date) -> tuple[date | None, date | None]:
    """(earliest, latest) date of birth, both inclusive, of people in band `code` on `on`.

    Lets a report filter a band in SQL (`date_of_birth__range`) instead of computing ages in
    Python. Someone is at least N full years old on `on` when born on or before
    `latest_birth_date(on, N)`; at most M years old when born after `latest_birth_date(on, M+1)` —
    the one convention of `coso.common.dates` (born 29/2: fully N on 28/2 of a common year).
    None marks an open end (no lower bound for "over 60", no upper bound for "under 30").
    """
    if code not in _BY_CODE:
        raise KeyError(code)
    min_age, max_age = _BY_CODE[code]
    latest = latest_birth_date(on, min_age) if min_age is not None else None
    earliest = latest_birth_date(on, max_age + 1) + timedelta(days=1) if max_age is not None else None
    return earliest, latest
