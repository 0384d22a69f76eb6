"""Parsing the as-of date that every report page accepts (`?on=21/07/2024` or ISO), and the one
way the system counts ages and periods in months and years.

Ages and periods in months or years follow the Civil Code 2015 art. 148 cl. 3: "a period counted
in months ends on the corresponding day of its last month; if that month has no corresponding day,
it ends on the last day of that month". So one convention holds everywhere — the admission age
"counted in months" (QĐ 24-QĐ/TW point 3.1), the register's age groups and the party age: a person
born on 29 February is fully N years old on 28 February of a common year (and fully N months old
on the 28th or 29th of a February for a birth on the 29th, 30th or 31st). `months_between` is the
only function that decides it; `years_between` is its whole years.
"""

import calendar as _month_calendar
from datetime import date, datetime, timedelta

from django.utils import timezone

#: What people type for a date, Vietnamese order first; forms' `input_formats` use the same list.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


def today() -> date:
    return timezone.localdate()


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    for fmt in DATE_INPUT_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    return None


def add_months(day: date, months: int) -> date:
    """Same day `months` later; the 31st becomes the last day of a shorter month (29/2 → 28/2)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, _month_calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    """Full months from `start` to `end` (age in months at a vote: 17 years 11 months = 215)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day and add_months(start, months) > end:
        months -= 1
    return months


def years_between(born: date, on: date) -> int:
    """Full years from `born` to `on` (age on a date): whole years of `months_between`."""
    return months_between(born, on) // 12


def latest_birth_date(on: date, years: int) -> date:
    """The latest date of birth of a person fully `years` old on `on` (the same convention: born
    29/2/2008 is fully 18 on 28/2/2026, so the latest date for 28/2/2026 is 29/2/2008)."""
    latest = add_months(on, -12 * years)
    while months_between(latest + timedelta(days=1), on) >= 12 * years:
        latest += timedelta(days=1)
    return latest
