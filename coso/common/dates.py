"""Parsing the as-of date that every report page accepts (`?on=21/07/2024` or ISO)."""

from datetime import date, datetime

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


def years_between(born: date, on: date) -> int:
    """Full years from `born` to `on` (age on a date)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
