"""The rules of cell meetings as pure functions (HD 12-HD/BTCTW, 18/01/2018; before it Chỉ thị
10-CT/TW, 30/3/2007, and its guidance — the rule set in force on the date judged; DOMAIN.md §Cell
meetings).

- A cell holds a regular meeting every month and a thematic meeting at least once a quarter
  (`regular_per_month`, `thematic_per_quarter`); a combined meeting counts as both.
- A meeting lasts at least `min_minutes` (90), a combined one `combined_min_minutes` (120).
- Documents go out at least `notice_days` (1) before the meeting.
- A member absent without reason (or without paying dues) for `removal_absence_months` (3) months
  in a year is considered for removal from the roll (Điều lệ Đảng, Điều 8; QĐ 24-QĐ/TW).

A cell is judged only for the months it existed throughout (established mid-month: judged from the
next month; merged or dissolved mid-month: that month is not judged), and a month is judged only
once it has ended by the as-of date, since the cell may still meet later that month. The values
come from the rule set in force on the date judged: callers pass `values_on(day) -> Mapping`.
Nothing here reads the database; the tests feed tables of facts.
"""

import calendar
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

Month = tuple[int, int]  # (year, month)
Quarter = tuple[int, int]  # (year, quarter 1..4)
Span = tuple[date, date | None]  # [start, end): end is the first day it no longer exists
ValuesOn = Callable[[date], Mapping]


def month_first(month: Month) -> date:
    return date(month[0], month[1], 1)


def month_last(month: Month) -> date:
    return date(month[0], month[1], calendar.monthrange(*month)[1])


def quarter_of(month: Month) -> Quarter:
    return (month[0], (month[1] - 1) // 3 + 1)


def quarter_months(quarter: Quarter) -> list[Month]:
    first = (quarter[1] - 1) * 3 + 1
    return [(quarter[0], m) for m in range(first, first + 3)]


def quarter_label(quarter: Quarter) -> str:
    return f"{quarter[0]}-Q{quarter[1]}"


def parse_quarter(text: str) -> Quarter | None:
    """ "2025-Q3" → (2025, 3); None for anything else."""
    try:
        year, q = text.split("-Q")
        quarter = (int(year), int(q))
    except (AttributeError, ValueError):
        return None
    return quarter if 1 <= quarter[1] <= 4 and 1930 <= quarter[0] <= 2200 else None


def months_between(start: date, end: date) -> list[Month]:
    """Every month touching [start, end], in order."""
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _covers(spans: Iterable[Span], first: date, last: date) -> bool:
    """True when the spans, taken together, cover every day of [first, last]."""
    day = first
    for start, end in sorted(spans, key=lambda s: s[0]):
        if start > day:
            return False
        if end is None:
            return True
        if end > day:
            day = end
        if day > last:
            return True
    return day > last


def judged_months(existed: Sequence[Span], period_start: date, period_end: date) -> list[Month]:
    """Months of [period_start, period_end] in which a cell must have met.

    A month is judged when it lies within the period, has ended by `period_end`, and the cell
    existed (in the subtree asked about) on every day of it.
    """
    months = []
    for month in months_between(period_start, period_end):
        first, last = month_first(month), month_last(month)
        if first < period_start or last > period_end:
            continue
        if _covers(existed, first, last):
            months.append(month)
    return months


def judged_quarters(existed: Sequence[Span], period_start: date, period_end: date) -> list[Quarter]:
    """Quarters whose three months are all judged (the cell existed throughout and it has ended)."""
    months = set(judged_months(existed, period_start, period_end))
    quarters = []
    for month in sorted(months):
        quarter = quarter_of(month)
        if quarter not in quarters and all(m in months for m in quarter_months(quarter)):
            quarters.append(quarter)
    return quarters


@dataclass(frozen=True)
class HeldMeeting:
    on: date
    kind: str  # regular / thematic / combined


def missed_months(months: Sequence[Month], meetings: Iterable[HeldMeeting], values_on: ValuesOn) -> list[Month]:
    """Judged months with fewer regular (or combined) meetings than `regular_per_month`."""
    held: dict[Month, int] = {}
    for m in meetings:
        if m.kind in ("regular", "combined"):
            key = (m.on.year, m.on.month)
            held[key] = held.get(key, 0) + 1
    return [month for month in months if held.get(month, 0) < values_on(month_last(month))["regular_per_month"]]


def thematic_counts(meetings: Iterable[HeldMeeting]) -> dict[Quarter, int]:
    counts: dict[Quarter, int] = {}
    for m in meetings:
        if m.kind in ("thematic", "combined"):
            quarter = quarter_of((m.on.year, m.on.month))
            counts[quarter] = counts.get(quarter, 0) + 1
    return counts


def missed_thematic_quarters(
    quarters: Sequence[Quarter], meetings: Iterable[HeldMeeting], values_on: ValuesOn
) -> list[Quarter]:
    """Judged quarters with fewer thematic (or combined) meetings than `thematic_per_quarter`."""
    counts = thematic_counts(meetings)
    return [
        q for q in quarters if counts.get(q, 0) < values_on(month_last(quarter_months(q)[-1]))["thematic_per_quarter"]
    ]


def duration_minutes(started_at: time | datetime | None, ended_at: time | datetime | None) -> int | None:
    if started_at is None or ended_at is None:
        return None
    if isinstance(started_at, datetime) and isinstance(ended_at, datetime):
        return int((ended_at - started_at).total_seconds() // 60)
    start = started_at.hour * 60 + started_at.minute
    end = ended_at.hour * 60 + ended_at.minute
    return end - start


def minimum_minutes(kind: str, values: Mapping) -> int:
    return values["combined_min_minutes"] if kind == "combined" else values["min_minutes"]


def too_short(kind: str, started_at: time | datetime | None, ended_at: time | datetime | None, values: Mapping) -> bool:
    """Shorter than the rule's minimum (90 minutes, 120 for a combined meeting)."""
    minutes = duration_minutes(started_at, ended_at)
    return minutes is not None and minutes < minimum_minutes(kind, values)


def notice_days_given(meeting_on: date, notified_on: date | None) -> int | None:
    if notified_on is None:
        return None
    return (meeting_on - notified_on).days


def late_notice(meeting_on: date, notified_on: date | None, values: Mapping) -> bool:
    """Documents went out fewer than `notice_days` days before the meeting (counted by calendar date).

    A meeting held without any notice recorded is late too.
    """
    given = notice_days_given(meeting_on, notified_on)
    return given is None or given < values["notice_days"]


def local_date(moment: datetime | None) -> date | None:
    """The calendar date of an aware datetime in the project's time zone (Asia/Ho_Chi_Minh)."""
    if moment is None:
        return None
    from django.utils import timezone

    return timezone.localtime(moment).date()


@dataclass(frozen=True)
class AbsenceFact:
    member_id: int
    on: date
    absent_without_reason: bool
    dues_unpaid: bool = False


@dataclass(frozen=True)
class RemovalFlag:
    member_id: int
    year: int
    absent_months: tuple[Month, ...]
    unpaid_months: tuple[Month, ...]


def removal_flags(facts: Iterable[AbsenceFact], values_on: ValuesOn) -> list[RemovalFlag]:
    """Members absent without reason, or without dues, in `removal_absence_months` months of a year.

    The months need not be consecutive ("ba tháng trong năm"); several absences in one month count
    once. The threshold is the rule in force at the end of that year, or on the latest fact.
    """
    absent: dict[tuple[int, int], set[Month]] = {}
    unpaid: dict[tuple[int, int], set[Month]] = {}
    latest: dict[tuple[int, int], date] = {}
    for f in facts:
        key = (f.member_id, f.on.year)
        latest[key] = max(latest.get(key, f.on), f.on)
        if f.absent_without_reason:
            absent.setdefault(key, set()).add((f.on.year, f.on.month))
        if f.dues_unpaid:
            unpaid.setdefault(key, set()).add((f.on.year, f.on.month))
    flags = []
    for key in sorted(set(absent) | set(unpaid)):
        threshold = values_on(latest[key])["removal_absence_months"]
        a, u = sorted(absent.get(key, ())), sorted(unpaid.get(key, ()))
        if len(a) >= threshold or len(u) >= threshold:
            flags.append(RemovalFlag(member_id=key[0], year=key[1], absent_months=tuple(a), unpaid_months=tuple(u)))
    return flags


def year_plan_dates(
    year: int, existed: Sequence[Span], values_on: ValuesOn, *, regular_day: int = 5, thematic_day: int = 20
) -> list[tuple[date, str]]:
    """Dates of a year's plan: `regular_per_month` regular meetings each month the cell exists,
    and `thematic_per_quarter` thematic meetings in each quarter (from the middle month), spaced a
    week apart. Months before the cell exists, or after it ends, are left out."""
    plan: list[tuple[date, str]] = []
    for month in months_between(date(year, 1, 1), date(year, 12, 31)):
        last = month_last(month)
        values = values_on(last)
        for i in range(values["regular_per_month"]):
            day = date(month[0], month[1], min(regular_day + 7 * i, last.day))
            if _covers(existed, day, day):
                plan.append((day, "regular"))
        if month[1] % 3 == 2:
            for i in range(values["thematic_per_quarter"]):
                day = date(month[0], month[1], min(thematic_day, last.day)) + timedelta(days=7 * i)
                if _covers(existed, day, day):
                    plan.append((day, "thematic"))
    return sorted(plan)
