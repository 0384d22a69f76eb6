"""Dates the system accepts: parsing what people type, and the one bound on every date and period.

Every date that comes in — a form field, a `?on=` or `?from=&to=` parameter of a page, a date of the
API — goes through `check_date` (and a period through `check_period`), so no input can ask for the
year 41 or 9999. Such a date is never a real record (the Party was founded on 03/02/1930) and made
pages compute for minutes over centuries of calendar (security review, issue 7: `?from=31/12/9999`
ran six minutes on a server thread). A refused date is a `ValidationError` with a Vietnamese
message naming the field: forms show it on the field, pages answer 400 (`BadInput`), the API 400.

The bounds are settings: `COSO_DATE_MIN` (default 01/01/1930), `COSO_DATE_YEARS_AHEAD` (the last
accepted date is 31/12 of the current year plus that many years; default 5) and
`COSO_PERIOD_MAX_YEARS` (the longest period a page computes; default 50).

Ages and periods in months or years follow the Civil Code 2015 art. 148 cl. 3: "a period counted
in months ends on the corresponding day of its last month; if that month has no corresponding day,
it ends on the last day of that month". So one convention holds everywhere — the admission age
"counted in months" (QĐ 24-QĐ/TW point 3.1), the register's age groups and the party age: a person
born on 29 February is fully N years old on 28 February of a common year (and fully N months old
on the 28th or 29th of a February for a birth on the 29th, 30th or 31st). `months_between` is the
only function that decides it; `years_between` is its whole years.
"""

import calendar as _month_calendar
import re
from collections.abc import Mapping
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import BadRequest, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: What people type for a date, Vietnamese order first; forms' `input_formats` use the same list.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


def today() -> date:
    return timezone.localdate()


def date_min() -> date:
    """The earliest date accepted anywhere (the year the Party was founded, unless configured)."""
    value = getattr(settings, "COSO_DATE_MIN", date(1930, 1, 1))
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def date_max() -> date:
    """The latest date accepted anywhere: 31/12 of the current year plus `COSO_DATE_YEARS_AHEAD`."""
    return date(today().year + int(getattr(settings, "COSO_DATE_YEARS_AHEAD", 5)), 12, 31)


def period_max_years() -> int:
    return int(getattr(settings, "COSO_PERIOD_MAX_YEARS", 50))


def _fmt(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def check_date(value: date | None, *, field: str = "") -> date | None:
    """`value` if it lies within [date_min(), date_max()]; else a ValidationError naming the field."""
    if value is None:
        return None
    low, high = date_min(), date_max()
    if low <= value <= high:
        return value
    params = {"field": field, "value": _fmt(value), "min": _fmt(low), "max": _fmt(high)}
    if field:
        message = _("“%(field)s”: the date %(value)s is outside the dates the system accepts (%(min)s to %(max)s).")
    else:
        message = _("The date %(value)s is outside the dates the system accepts (%(min)s to %(max)s).")
    raise ValidationError(message, code="date_out_of_range", params=params)


def check_period(start: date, end: date, *, field: str = "") -> tuple[date, date]:
    """Both ends within the bounds and the period at most `COSO_PERIOD_MAX_YEARS` long."""
    check_date(start, field=field)
    check_date(end, field=field)
    low, high = min(start, end), max(start, end)
    years = period_max_years()
    if (high.year - low.year) * 12 + high.month - low.month > years * 12:
        raise ValidationError(
            _("The period %(start)s – %(end)s is too long: at most %(years)s years."),
            code="period_too_long",
            params={"start": _fmt(low), "end": _fmt(high), "years": years},
        )
    return start, end


#: What may stand between day, month and year: people type 10/12/2026, 10-12-2026, 10.12.2026, 10 12 2026.
_SEPARATORS = re.compile(r"[\s/.\-,]+")
_TYPED = re.compile(r"[\d\s/.\-,]+")


def two_digit_year(yy: int, latest_year: int) -> int:
    """The century rule for a year typed with two digits: the latest year ending in those digits that
    is not after `latest_year` (the last year the system accepts). With 2031 as the latest year, 26
    is 2026, 31 is 2031, 32 is 1932 and 85 is 1985 — a birth year or a recent decision both read right.
    """
    return latest_year - (latest_year - yy) % 100


def read_typed_date(text: str | None, *, latest_year: int) -> date | None:
    """The calendar date a person typed, None when the text is not one date without doubt.

    Day first, as on every Party document, whatever the interface language:
    - digits only: 8 digits are ddmmyyyy (``10122026``), 6 digits ddmmyy (``101226``, century by
      `two_digit_year`); any other count is refused, since ``1012026`` could be 1/01/2026 or 10/1/2026;
    - with separators (``/ - . ,`` or spaces, any of them, repeated or mixed): day, month and year,
      day and month with one or two digits, the year with four or two (``1/2/2026``, ``10 12 26``);
    - a four-digit year first is ISO order (``2026-12-10``), as browsers and the API send.
    A date that does not exist (31/02/2026) is None. No range check here: `check_date` bounds it.
    """
    if not text:
        return None
    text = text.strip()
    if not _TYPED.fullmatch(text):
        return None
    parts = [p for p in _SEPARATORS.split(text) if p]
    if len(parts) == 1:
        digits = parts[0]
        if len(digits) not in (6, 8):
            return None
        parts = [digits[:2], digits[2:4], digits[4:]]
    if len(parts) != 3:
        return None
    if len(parts[0]) == 4 and len(parts[1]) <= 2 and len(parts[2]) <= 2:
        year_text, month_text, day_text = parts
    else:
        day_text, month_text, year_text = parts
    if len(day_text) > 2 or len(month_text) > 2 or len(year_text) not in (2, 4):
        return None
    year = int(year_text) if len(year_text) == 4 else two_digit_year(int(year_text), latest_year)
    try:
        return date(year, int(month_text), int(day_text))
    except ValueError:
        return None


def parse_date(value: str | None) -> date | None:
    """The date typed in `value` (by `read_typed_date`: dd/mm/yyyy, digits only, any separator, or
    ISO), None when it is not a date.

    Out-of-range dates are parsed as they are; callers that take input bound them with `check_date`
    (`date_param` does both).
    """
    if not value:
        return None
    return read_typed_date(str(value), latest_year=date_max().year)


class BadInput(BadRequest):
    """A request parameter the system refuses; `coso.common.middleware.BadInputMiddleware` answers 400
    with its (Vietnamese) messages."""

    def __init__(self, messages: list[str]):
        self.messages = [str(m) for m in messages]
        super().__init__(" ".join(self.messages))

    @classmethod
    def from_validation_error(cls, exc: ValidationError) -> "BadInput":
        return cls(exc.messages)


def date_param(query: Mapping, name: str, *, label: str = "", default: date | None = None) -> date | None:
    """A date of the query string (`?on=21/07/2024`): `default` when absent or unreadable (as the pages
    always did), `BadInput` (400) when it is outside the accepted dates."""
    value = parse_date(query.get(name))
    if value is None:
        return default
    try:
        return check_date(value, field=label or name)
    except ValidationError as exc:
        raise BadInput.from_validation_error(exc) from None


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
