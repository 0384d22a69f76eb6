"""Party age and party badges — pure functions over a member's history facts.

Regulations applied (DOMAIN.md §Member history):
- Party age (*tuổi đảng*) counts from the date in the admission decision, minus the time not in
  party activity — from expulsion, removal from the roll, voluntary leaving or non-recognition
  until re-admission, and the gaps in a transfer (a referral presented after its limit: from the
  day after the limit to the presentation, `transfers.rules.late_gap`) (Party Statutes art. 5;
  QĐ 24-QĐ/TW 2021 point 4; HD 01-HD/TW 2021 point 3; DOMAIN.md §Member history). The history's
  first ADMITTED fact carries that date.
- Party badges (*Huy hiệu Đảng*) at 30, 40, 45 … 90 years of party age, awarded on 3/2, 19/5, 2/9
  and 7/11; a gravely ill member may receive the badge up to 12 months early (30–65 years) or 24
  months early (70–90) — QĐ 45-QĐ/TW 2011, QĐ 24-QĐ/TW 2021 art. 4 and HD 01-HD/TW 2021 point 4.
  Milestones, occasions and early margins come from the rule set in force on the occasion date.
- Discipline postpones the award: "at the time of consideration a member under party discipline of
  warning or above is not yet considered; after 6 months (warning) or 1 year (dismissal from
  posts), having corrected the shortcomings well, the member is considered" (QĐ 29-QĐ/TW 2016
  point 27.3 a, as quoted by the legal press; the 2021 and 2025 sets repeat it, configurable). The
  months per discipline form are the rule set's `discipline_postponement_months`.
- Posthumous award: "a member who has died, whose time in party activity reached the party age
  above, is awarded the badge posthumously" (same point); HD 01-HD/TW 2021 point 18 allows it up to
  12 months early (`posthumous_early_months`). The milestone is judged on the party age at death.

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


def periods_outside(
    facts: Sequence[PartyFact], gaps: Iterable[tuple[date, date]] = ()
) -> tuple[date | None, list[tuple[date, date | None]]]:
    """(first admission date, periods outside the Party as [from, to) with None for "still outside").

    Death closes the record: it opens a period with no end, so party age stops growing. `gaps` are
    further [from, to) interruptions of party activity (a transfer presented late); overlapping
    periods are merged so no day is deducted twice.
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
    if admitted_on is not None:
        periods += [(max(start, admitted_on), stop) for start, stop in gaps if stop > admitted_on and stop > start]
    return admitted_on, _merged(periods)


def _merged(periods: list[tuple[date, date | None]]) -> list[tuple[date, date | None]]:
    merged: list[tuple[date, date | None]] = []
    for start, stop in sorted(periods, key=lambda p: p[0]):
        if merged and (merged[-1][1] is None or start <= merged[-1][1]):
            last_start, last_stop = merged[-1]
            merged[-1] = (last_start, None if stop is None or last_stop is None else max(last_stop, stop))
        else:
            merged.append((start, stop))
    return merged


def party_age(facts: Sequence[PartyFact], on: date, gaps: Iterable[tuple[date, date]] = ()) -> PartyAge | None:
    """Party age on `on` as years, months and days; None before admission or without an ADMITTED fact.

    `gaps`: the transfer gaps of the member (`transfers.queries.transfer_gaps`), deducted like the
    other periods outside party activity.
    """
    admitted_on, periods = periods_outside(facts, gaps)
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
    #: Discipline form → months the award is postponed after the discipline's date.
    discipline_postponement_months: tuple[tuple[str, int], ...] = ()
    #: How many months before the milestone a deceased member may be awarded posthumously.
    posthumous_early_months: int = 0

    @classmethod
    def from_values(cls, values: dict) -> "BadgeRules":
        return cls(
            milestones=tuple(sorted(values["milestones_years"])),
            early_months_below=values["early_months_below"],
            early_months_from=values["early_months_from"],
            early_threshold_years=values["early_threshold_years"],
            discipline_postponement_months=tuple(sorted(values.get("discipline_postponement_months", {}).items())),
            posthumous_early_months=values.get("posthumous_early_months", 0),
        )

    def postponement_months(self, discipline_form: str) -> int:
        return dict(self.discipline_postponement_months).get(discipline_form, 0)

    def early_months(self, milestone: int) -> int:
        return self.early_months_from if milestone >= self.early_threshold_years else self.early_months_below


@dataclass(frozen=True)
class BadgeDue:
    milestone: int
    reached_on: date
    early: bool = False
    early_months: int = 0
    posthumous: bool = False


def died_on(facts: Sequence[PartyFact]) -> date | None:
    return min((f.on for f in facts if f.kind == EventKind.DIED), default=None)


def postponed_until(facts: Sequence[PartyFact], occasion: date, rules: BadgeRules) -> date | None:
    """The day the award stops being postponed by a discipline, when that day is after `occasion`.

    Each discipline on or before the occasion postpones the award by its form's months from its
    date (QĐ 29-QĐ/TW 2016 point 27.3 a: 6 months after a warning, 1 year after a dismissal);
    the latest end wins.
    """
    ends = [
        add_months(f.on, rules.postponement_months(f.discipline_form))
        for f in facts
        if f.kind == EventKind.DISCIPLINED and f.on <= occasion and rules.postponement_months(f.discipline_form)
    ]
    latest = max(ends, default=None)
    return latest if latest is not None and latest > occasion else None


def badge_due(
    *,
    counted_from: date,
    occasion: date,
    rules: BadgeRules,
    awarded: Iterable[int] = (),
    gravely_ill: bool = False,
    died: date | None = None,
) -> BadgeDue | None:
    """The badge a member should receive on `occasion`, or None.

    - The highest milestone reached on or before the occasion and above every badge already
      awarded (a member who missed an occasion stays on the lists until awarded).
    - Otherwise, for a gravely ill member, the next milestone if it falls within the early margin
      of the rule set (12 months below the threshold, 24 from it).
    - A member who died (`died`) before the occasion: the highest milestone reached by the day of
      death, or reached within `posthumous_early_months` after it — a posthumous award.
    """
    top_awarded = max(awarded, default=0)
    open_milestones = [m for m in rules.milestones if m > top_awarded]
    if died is not None and died <= occasion:
        limit = add_months(died, rules.posthumous_early_months)
        reached = [m for m in open_milestones if milestone_reached_on(counted_from, m) <= limit]
        if not reached:
            return None
        milestone = max(reached)
        reached_on = milestone_reached_on(counted_from, milestone)
        early = reached_on > died
        return BadgeDue(
            milestone=milestone,
            reached_on=reached_on,
            early=early,
            early_months=rules.posthumous_early_months if early else 0,
            posthumous=True,
        )
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
