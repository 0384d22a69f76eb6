"""Working days on the Vietnamese calendar: Monday–Friday, minus public holidays and Tết, plus
weekend days worked in exchange (the `Holiday` table). Deadlines in the Party's regulations are
counted in working days ("trong thời hạn 60 ngày làm việc").

The pure functions take the exceptions as arguments so they can be tested without a database;
`Calendar.load()` reads them once for a range of years.
"""

import calendar as _month_calendar
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Calendar:
    days_off: frozenset[date] = field(default_factory=frozenset)
    days_worked: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if day in self.days_worked:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself not counted)."""
        if days < 0:
            raise ValueError("days must be >= 0")
        current, left = start, days
        while left:
            current += timedelta(days=1)
            if self.is_working_day(current):
                left -= 1
        return current

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
        from coso.rulesets.models import Holiday

        off, worked = set(), set()
        for day, is_working in Holiday.objects.values_list("date", "is_working_day"):
            (worked if is_working else off).add(day)
        return cls(days_off=frozenset(off), days_worked=frozenset(worked))


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
