"""The Party's rules for referrals of party activity, as pure functions (no database).

- Presentation limit: within N days of the referral the member presents it to the receiving
  organization (QĐ 24-QĐ/TW 2021 point 6.3.1; QĐ 294-QĐ/TW 2025 point 6.3.1: 30 working days).
  N and whether it counts working or calendar days come from the `TransferRule` in force on the
  issue date.
- A temporary transfer has a period; the temporarily attached member neither votes nor counts in
  the host's membership (QĐ 24-QĐ/TW point 6.3.2) — the register's spells carry that rule.
- Party age and transfers: a referral presented within its limit leaves no gap (the member stays on
  the sending organization's roll until presented); the days between the limit and a late
  presentation are a gap of party activity (`late_gap`), which the party-age computation subtracts
  like the other interruptions (DOMAIN.md §Member history: "gaps in a transfer").
"""

from dataclasses import dataclass
from datetime import date, timedelta

from coso.rulesets.calendar import Calendar


@dataclass(frozen=True)
class PresentationLimit:
    days: int
    working_days: bool
    regulation: str = ""


def presentation_deadline(issued_on: date, limit: PresentationLimit, calendar: Calendar) -> date:
    """The last day to present a referral issued on `issued_on`.

    Working days: the Nth working day after the issue date (weekends, holidays and Tết skipped).
    Calendar days: the Nth day after; when it falls on a day off the limit runs to the next working
    day, as for every time limit counted in days (Civil Code 2015, art. 148).
    """
    if limit.working_days:
        return calendar.add_working_days(issued_on, limit.days)
    return calendar.add_days(issued_on, limit.days)


def is_overdue(*, present_by: date, presented_on: date | None, on: date) -> bool:
    """A referral not presented by the end of its last day is overdue from the next day on."""
    if presented_on is not None:
        return presented_on > present_by
    return on > present_by


def late_gap(*, present_by: date, presented_on: date | None) -> tuple[date, date] | None:
    """[start, end) of the interruption a late presentation causes, or None when on time."""
    if presented_on is None or presented_on <= present_by:
        return None
    return (present_by + timedelta(days=1), presented_on)


def temporary_period_errors(period_from: date | None, period_until: date | None) -> dict[str, str]:
    """Field → message key for a temporary transfer's period (both dates, in order)."""
    errors = {}
    if period_from is None:
        errors["period_from"] = "required"
    if period_until is None:
        errors["period_until"] = "required"
    if period_from and period_until and period_until <= period_from:
        errors["period_until"] = "order"
    return errors
