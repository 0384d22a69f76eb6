"""The rules of quality evaluation as pure functions (DOMAIN.md §Yearly goals and quality evaluation).

The values come from the rule set of topic "evaluation" in force on the period's end — QĐ
132-QĐ/TW (08/3/2018) with its guidance, QĐ 124-QĐ/TW (04/10/2023) with HD 25-HD/BTCTW, then QĐ
366-QĐ/TW (30/8/2025) with HD 43-HD/BTCTW (31/10/2025) — passed in as a mapping; nothing here
reads the database, so the tests feed tables of values and facts.

- Four levels; QĐ 366 adds a 100-point score whose bands give the level (`score_bands`:
  excellent ≥ 90, good 70 to < 90, completed 50 to < 70, not completed < 50).
- "Excellent" may not exceed `excellent_share_of_good` (1/5: 20%) of those rated "good" among
  comparable subjects (the decisions of one committee, members and organizations apart).
- A member disciplined in the period is rated at most `discipline_max_grade` ("completed").
- A member exempted from party work is rated only if `exempt_rated`.
- A member rated "not completed" `failing_years_for_removal` (2) years running is considered for
  removal (Điều lệ Đảng, Điều 8); an organization rated "not completed" `weak_years` (2) years
  running is "weak for a long time" (configurable).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

GRADES = ("excellent", "good", "completed", "not_completed")  # best first, as models.GRADE_ORDER
AT_LEAST_COMPLETED = ("excellent", "good", "completed")


def rank(grade: str) -> int:
    """0 for excellent … 3 for not completed."""
    return GRADES.index(grade)


def periods_allowed(values: Mapping) -> list[str]:
    """The period kinds a campaign may have under the set ("year", and "quarter", "term" from 2025)."""
    return list(values.get("periods", ["year"]))


def is_scored(values: Mapping) -> bool:
    return bool(values.get("scored", False))


def grade_for_score(score: Decimal | int | float, values: Mapping) -> str:
    """The level a score gives under a scored set (bands are lower bounds, inclusive)."""
    bands = values["score_bands"]
    for grade in ("excellent", "good", "completed"):
        if score >= bands[grade]:
            return grade
    return "not_completed"


def score_error(score, values: Mapping) -> str | None:
    """Why a score cannot be taken ("out_of_range"), or None. Scores run from 0 to `max_score`."""
    if score is None:
        return "missing" if is_scored(values) else None
    if not 0 <= score <= values.get("max_score", 100):
        return "out_of_range"
    return None


def grade_matches_score(grade: str, score, values: Mapping) -> bool:
    """Under a scored set the level is the score's band; under the others any level goes."""
    if not is_scored(values) or score is None:
        return True
    return grade_for_score(score, values) == grade


def max_grade_for(*, disciplined: bool, values: Mapping) -> str:
    """The best level a subject may get: capped for a member disciplined in the period."""
    return values.get("discipline_max_grade", "completed") if disciplined else "excellent"


def grade_allowed(grade: str, *, disciplined: bool, values: Mapping) -> bool:
    return rank(grade) >= rank(max_grade_for(disciplined=disciplined, values=values))


def rated(*, exempt: bool, values: Mapping) -> bool:
    """Whether a member is rated at all: members exempted from party work are not, unless the set says."""
    return not exempt or bool(values.get("exempt_rated", False))


@dataclass(frozen=True)
class QuotaState:
    """ "Excellent" against its cap in one group of comparable subjects."""

    excellent: int
    good: int
    numerator: int
    denominator: int

    @property
    def cap(self) -> int:
        """The most "excellent" the group's "good" allow: floor(good × share)."""
        return self.good * self.numerator // self.denominator

    @property
    def ok(self) -> bool:
        return self.excellent <= self.cap

    @property
    def room(self) -> int:
        return self.cap - self.excellent


def quota_state(grades: Sequence[str], values: Mapping) -> QuotaState:
    """The quota of a group whose decided levels are `grades` (QĐ 124: excellent ≤ 20% of good).

    "Excellent ≤ 20% of good" compared as integers (excellent × 5 ≤ good), so 2 excellent need 10
    good and 3 need 15: no rounding decides a boundary.
    """
    num, den = values.get("excellent_share_of_good", [1, 5])
    return QuotaState(
        excellent=sum(1 for g in grades if g == "excellent"),
        good=sum(1 for g in grades if g == "good"),
        numerator=num,
        denominator=den,
    )


def quota_after(current: Sequence[str], changes: Mapping[object, tuple[str, str]], values: Mapping) -> QuotaState:
    """The quota once `changes` ({key: (old grade or "", new grade)}) replace grades of `current`.

    `current` are the group's decided grades now; each change removes its old grade (if any) and
    adds the new one, so a bulk page is judged as a whole, not decision by decision.
    """
    grades = list(current)
    for old, new in changes.values():
        if old:
            grades.remove(old)
        grades.append(new)
    return quota_state(grades, values)


def consecutive_not_completed(grades_by_period: Mapping[int, str], year: int) -> int:
    """How many yearly ratings in a row, ending with `year`, were "not completed" (0 when `year`'s was not)."""
    count = 0
    while grades_by_period.get(year - count) == "not_completed":
        count += 1
    return count


def failing_for_removal(grades_by_year: Mapping[int, str], year: int, values: Mapping) -> bool:
    """A member rated "not completed" `failing_years_for_removal` years running up to `year`."""
    return consecutive_not_completed(grades_by_year, year) >= values.get("failing_years_for_removal", 2)


def weak_for_long(grades_by_year: Mapping[int, str], year: int, values: Mapping) -> bool:
    """An organization rated "not completed" `weak_years` years running up to `year`."""
    return consecutive_not_completed(grades_by_year, year) >= values.get("weak_years", 2)


def commendable(grade: str, values: Mapping) -> bool:
    """Whether a level may be proposed for commendation (excellent only, unless the set says)."""
    return grade in values.get("commendable_grades", ["excellent"])
