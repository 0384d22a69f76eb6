"""Working days on the Vietnamese calendar: Monday–Friday, minus public holidays and Tết, plus
weekend days worked in exchange. Deadlines in the Party's regulations are counted in working days
("trong thời hạn 60 ngày làm việc").

Where the days off come from:
- the maintained `holidays` package (Vietnam: Labour Code 1994 art. 73, 2012 art. 115, 2019
  art. 112 — New Year, five days of Tết since 2013, Hùng Kings, 30/4, 1/5, 2/9 and its second day
  since 2021, 24/11 since 2026 — with the compensatory days and the government's yearly swaps it
  carries), pinned in `requirements.txt`;
- the `Holiday` table, which administrators keep for what the package does not know: the days
  off and swapped weekend days the Party's or the state's notice announces for a year (a row with
  "working day" ticked turns a day off into a working day).

Coverage — which years a deadline may run through (`Calendar.load()`):
- the years the package is trusted for, `PACKAGE_FIRST_YEAR`..`PACKAGE_LAST_YEAR` (1995, when the
  package starts applying the 1994 Labour Code's compensatory days, to the last year the pinned
  version carries the days off of: 2027 for holidays 0.109 — raise it with the pin), plus
- every year that has at least one row in the `Holiday` table (an administrator entered that year's
  notice).
A deadline that would run through any other year is refused (`CalendarNotCovered`, a
ValidationError naming the year) rather than computed as if that year had no holidays.

The pure functions take the exceptions as arguments so they can be tested without a database.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coso.common.dates import add_months, months_between

__all__ = ["Calendar", "CalendarNotCovered", "add_months", "months_between", "package_days"]

#: The years the pinned `holidays` package (0.109) is trusted for (see the module docstring).
PACKAGE_FIRST_YEAR = 1995
PACKAGE_LAST_YEAR = 2027


class CalendarNotCovered(ValidationError):
    """A deadline would run through a year the working-day calendar does not cover."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _(
                "The working-day calendar does not cover %(year)s: the days off of %(year)s are not known, so "
                "a deadline running into that year cannot be computed. An administrator must enter the "
                "government's notice of days off for %(year)s (Rule sets → Holidays and swapped days)."
            )
            % {"year": year},
            code="calendar_not_covered",
        )


@dataclass(frozen=True)
class Calendar:
    days_off: frozenset[date] = field(default_factory=frozenset)
    days_worked: frozenset[date] = field(default_factory=frozenset)
    #: Years the calendar knows; None = the caller gave every exception (tests of the pure rules).
    covered_years: frozenset[int] | None = None

    def covers(self, day: date) -> bool:
        return self.covered_years is None or day.year in self.covered_years

    def is_working_day(self, day: date) -> bool:
        if not self.covers(day):
            raise CalendarNotCovered(day.year)
        if day in self.days_worked:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself not counted).

        Raises CalendarNotCovered when the count runs into a year the calendar does not cover.
        """
        if days < 0:
            raise ValueError("days must be >= 0")
        current, left = start, days
        while left:
            current += timedelta(days=1)
            if self.is_working_day(current):
                left -= 1
        return current

    def add_days(self, start: date, days: int) -> date:
        """The last day of a limit of `days` calendar days from `start` (start not counted): the Nth
        day after it, or the next working day when that is a day off (Civil Code 2015 art. 147 cl. 2
        and art. 148 cl. 5). For the regulations that say "ngày", not "ngày làm việc"."""
        if days < 0:
            raise ValueError("days must be >= 0")
        due = start + timedelta(days=days)
        while not self.is_working_day(due):
            due += timedelta(days=1)
        return due

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count

    @classmethod
    def load(cls) -> "Calendar":
        """The package's days off for the covered years, with the `Holiday` table's rows on top."""
        from coso.rulesets.models import Holiday

        rows = list(Holiday.objects.values_list("date", "is_working_day"))
        years = set(range(PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR + 1)) | {day.year for day, _worked in rows}
        off: set[date] = set()
        worked: set[date] = set()
        for year in years:
            year_off, year_worked = package_days(year)
            off |= year_off
            worked |= year_worked
        for day, is_working in rows:
            if is_working:
                worked.add(day)
                off.discard(day)
            else:
                off.add(day)
                worked.discard(day)
        return cls(days_off=frozenset(off), days_worked=frozenset(worked), covered_years=frozenset(years))


@lru_cache(maxsize=256)
def package_days(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, weekend days worked in exchange) of Vietnam in `year` from the `holidays` package:
    the statutory days with their compensatory days, and the swaps of the notices it carries. Pure
    and deterministic for a pinned version, so computed once per year."""
    import holidays

    vietnam = holidays.country_holidays("VN", years=year, language="vi")
    # A swap may reach into the year before (2/1/2015 off for Saturday 27/12/2014 worked).
    worked = frozenset(getattr(vietnam, "weekend_workdays", ()))
    return frozenset(day for day in vietnam if day.year == year), worked
