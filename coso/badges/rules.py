"""Party age and party badges — pure functions over a member's history facts.

Regulations applied (DOMAIN.md §Member history):
- Party age (*tuổi đảng*) counts from the date in the admission decision, minus the time spent
  outside the Party — from expulsion, removal from the roll, voluntary leaving or non-recognition
  until re-admission (Party Statutes art. 5; QĐ 24-QĐ/TW 2021 point 4; HD 01-HD/TW 2021 point 3).
  The history's first ADMITTED fact carries that date.
- Party badges (*Huy hiệu Đảng*) at 30, 40, 45 … 90 years of party age, awarded on 3/2, 19/5, 2/9
  and 7/11; a gravely ill member may receive the badge up to 12 months early (30–65 years) or 24
  months early (70–90) — QĐ 45-QĐ/TW 2011, QĐ 24-QĐ/TW 2021 art. 4 and HD 01-HD/TW 2021 point 4.
  Milestones, occasions and early margins come from the rule set in force on the occasion date.

A member reaches N years of party age on the same calendar day N years after the date the
party age counts from; that date is the admission date pushed forward by the time spent outside
(in calendar months, then days).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coso.members.choices import DisciplineForm, EventKind
from coso.rulesets.calendar import add_months, months_between

LEAVING_KINDS = frozenset({EventKind.EXPELLED, EventKind.REMOVED, EventKind.LEFT, EventKind.NOT_RECOGNIZED})
#: Facts party age and badge lists read (a query loads only these).
RELEVANT_KINDS = (
    EventKind.ADMITTED,
    EventKind.READMITTED,
    EventKind.DIED,
    EventKind.DISCIPLINED,
    EventKind.BADGE_AWARDED,
    *sorted(LEAVING_KINDS),
)


@dataclass(frozen=True)
class PartyFact:
    kind: str
    on: date
    badge_years: int | None = None
    discipline_form: str = ""


@dataclass(frozen=True)
class PartyAge:
    years: int
    months: int
    days: int
    admitted_on: date
    counted_from: date  # the admission date pushed forward by the days spent outside the Party
    days_outside: int
    periods_outside: tuple[tuple[date, date | None], ...]

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months


def _leaves(fact: PartyFact) -> bool:
    if fact.kind in LEAVING_KINDS:
        return True
    return fact.kind == EventKind.DISCIPLINED and fact.discipline_form == DisciplineForm.EXPULSION


def periods_outside(facts: Sequence[PartyFact]) -> tuple[date | None, list[tuple[date, date | None]]]:
    """(first admission date, periods outside the Party as [from, to) with None for "still outside").

    Death closes the record: it opens a period with no end, so party age stops growing.
    """
    admitted_on: date | None = None
    periods: list[tuple[date, date | None]] = []
    out_since: date | None = None
    for fact in sorted(facts, key=lambda f: f.on):
        if admitted_on is None:
            if fact.kind == EventKind.ADMITTED:
                admitted_on = fact.on
            continue
        if out_since is None and (_leaves(fact) or fact.kind == EventKind.DIED):
            out_since = fact.on
        elif out_since is not None and fact.kind == EventKind.READMITTED:
            periods.append((out_since, fact.on))
            out_since = None
    if out_since is not None:
        periods.append((out_since, None))
    return admitted_on, periods


def party_age(facts: Sequence[PartyFact], on: date) -> PartyAge | None:
    """Party age on `on` as years, months and days; None before admission or without an ADMITTED fact."""
    admitted_on, periods = periods_outside(facts)
    if admitted_on is None or on < admitted_on:
        return None
    end = on
    outside = outside_months = outside_days = 0
    for start, stop in periods:
        if start >= end:
            break
        if stop is None or stop > end:
            end = start  # outside the Party on `on`: the age stopped growing when they left
            break
        outside += (stop - start).days
        months = months_between(start, stop)
        outside_months += months
        outside_days += (stop - add_months(start, months)).days
    # Shift by calendar months then days, so "5 years outside" moves the date by exactly 5 years.
    counted_from = add_months(admitted_on, outside_months) + timedelta(days=outside_days)
    total = months_between(counted_from, end)
    days = (end - add_months(counted_from, total)).days
    return PartyAge(
        years=total // 12,
        months=total % 12,
        days=days,
        admitted_on=admitted_on,
        counted_from=counted_from,
        days_outside=outside,
        periods_outside=tuple(periods),
    )


def milestone_reached_on(counted_from: date, years: int) -> date:
    return add_months(counted_from, 12 * years)


@dataclass(frozen=True)
class BadgeRules:
    """The badge values of a rule set (`rulesets` topic "badges")."""

    milestones: tuple[int, ...]
    early_months_below: int
    early_months_from: int
    early_threshold_years: int

    @classmethod
    def from_values(cls, values: dict) -> "BadgeRules":
        return cls(
            milestones=tuple(sorted(values["milestones_years"])),
            early_months_below=values["early_months_below"],
            early_months_from=values["early_months_from"],
            early_threshold_years=values["early_threshold_years"],
        )

    def early_months(self, milestone: int) -> int:
        return self.early_months_from if milestone >= self.early_threshold_years else self.early_months_below


@dataclass(frozen=True)
class BadgeDue:
    milestone: int
    reached_on: date
    early: bool = False
    early_months: int = 0


def badge_due(
    *,
    counted_from: date,
    occasion: date,
    rules: BadgeRules,
    awarded: Iterable[int] = (),
    gravely_ill: bool = False,
) -> BadgeDue | None:
    """The badge a member should receive on `occasion`, or None.

    - The highest milestone reached on or before the occasion and above every badge already
      awarded (a member who missed an occasion stays on the lists until awarded).
    - Otherwise, for a gravely ill member, the next milestone if it falls within the early margin
      of the rule set (12 months below the threshold, 24 from it).
    """
    top_awarded = max(awarded, default=0)
    open_milestones = [m for m in rules.milestones if m > top_awarded]
    reached = [m for m in open_milestones if milestone_reached_on(counted_from, m) <= occasion]
    if reached:
        milestone = max(reached)
        return BadgeDue(milestone=milestone, reached_on=milestone_reached_on(counted_from, milestone))
    if gravely_ill and open_milestones:
        milestone = open_milestones[0]
        reached_on = milestone_reached_on(counted_from, milestone)
        margin = rules.early_months(milestone)
        if add_months(reached_on, -margin) <= occasion:
            return BadgeDue(milestone=milestone, reached_on=reached_on, early=True, early_months=margin)
    return None


def occasion_dates(year: int, occasions: Iterable[str]) -> list[date]:
    """Award dates of `year` from the rule set's "dd/mm" occasions, in calendar order."""
    result = []
    for text in occasions:
        day, month = (int(part) for part in text.split("/"))
        result.append(date(year, month, day))
    return sorted(set(result))
