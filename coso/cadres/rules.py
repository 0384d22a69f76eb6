"""The rules of cadre work as pure functions (DOMAIN.md §Training and cadre work; issue 10).

- **Direction of a rotation or transfer** (*luân chuyển, điều động*): derived from the tiers of the
  two units — the province, the level directly above the grassroots (districts until 2025) and the
  commune level (communes, wards, special zones and what lies inside them). Reports count
  "from the higher level to communes", "between communes", "from a commune to the higher level",
  and "between boards of the same level"; a move between the province and a district is "between
  levels".
- **A single post is held by one person at a time** (a secretary, a chair): two spells of the same
  single post of one organization may not overlap. Spells are [start, end) intervals, end open when None.
- **A rotation starts after the previous post ended**: the previous spell must have ended on or
  before the rotation's date.
"""

from collections.abc import Iterable
from datetime import date, timedelta

PROVINCE, UPPER, COMMUNE = "province", "upper", "commune"
TIERS = (PROVINCE, UPPER, COMMUNE)

TO_COMMUNE = "to_commune"
BETWEEN_COMMUNES = "between_communes"
FROM_COMMUNE = "from_commune"
BETWEEN_BOARDS = "between_boards"
BETWEEN_LEVELS = "between_levels"
DIRECTIONS = (TO_COMMUNE, BETWEEN_COMMUNES, FROM_COMMUNE, BETWEEN_BOARDS, BETWEEN_LEVELS)


def tier(ancestor_kinds: Iterable[tuple[str, bool]]) -> str:
    """The tier of a unit from its ancestors, root first, itself last: (kind, commune-level type).

    A unit inside a commune-level organization is at the commune level; else inside an upper
    committee, at the upper level; else at the province.
    """
    chain = list(ancestor_kinds)
    if any(is_commune for _kind, is_commune in chain):
        return COMMUNE
    if any(kind == "upper" for kind, _is_commune in chain):
        return UPPER
    return PROVINCE


def direction(from_tier: str, to_tier: str) -> str:
    """The reports' direction of a move between two tiers."""
    if from_tier not in TIERS or to_tier not in TIERS:
        raise ValueError(f"unknown tier: {from_tier!r} → {to_tier!r}")
    if from_tier == COMMUNE and to_tier == COMMUNE:
        return BETWEEN_COMMUNES
    if to_tier == COMMUNE:
        return TO_COMMUNE
    if from_tier == COMMUNE:
        return FROM_COMMUNE
    return BETWEEN_BOARDS if from_tier == to_tier else BETWEEN_LEVELS


def overlaps(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    """Whether two [from, to) spells share a day (an open end runs on)."""
    return (a_to is None or b_from < a_to) and (b_to is None or a_from < b_to)


def clash(spells: Iterable[tuple[date, date | None]], start: date, end: date | None) -> tuple[date, date | None] | None:
    """The first of `spells` a new spell [start, end) would overlap, or None."""
    for s_from, s_to in spells:
        if overlaps(s_from, s_to, start, end):
            return s_from, s_to
    return None


def rotation_too_early(previous_end: date | None, on: date) -> bool:
    """A rotation dated before the previous post ended (or while it is still open) is refused."""
    return previous_end is None or on < previous_end


# Planning lists (*quy hoạch*, QĐ 50-QĐ/TW of 27/12/2021, art. 7–9) -----------------------------
# A cadre is planned for a post of a committee for a term; the yearly review adds and removes people.
# One entry per cadre, post and term while in force (a removed cadre may be planned again later),
# and a removal is dated after the addition it ends. Entries are [added_on, removed_on) intervals.


def planned_twice(entries: Iterable[tuple[date, date | None]], added_on: date) -> tuple[date, date | None] | None:
    """The entry of the same cadre, post and term that a new entry from `added_on` would overlap
    (the new entry runs on until removed), or None."""
    return clash(entries, added_on, None)


def removal_too_early(added_on: date, removed_on: date) -> bool:
    """A removal dated on or before the addition it ends is refused."""
    return removed_on <= added_on


# Supervision assignments (*phân công cấp ủy viên phụ trách*; the committee's working regulation,
# QĐ 24-QĐ/TW 2021 art. 9 and the model working regulations of grassroots committees) ---------------

#: The committee posts: a committee assigns its own members (secretary, deputies, standing members
#: and committee members) to follow the organizations under it.
COMMITTEE_POSTS = ("secretary", "deputy_secretary", "standing_member", "committee_member")


def holds_committee_post(kinds: Iterable[str]) -> bool:
    """Whether any of the posts held (on the day) is a committee post."""
    return any(kind in COMMITTEE_POSTS for kind in kinds)


def strictly_inside(committee_path: str, supervised_path: str) -> bool:
    """Whether an organization (its materialized path) lies strictly inside a committee's subtree."""
    return supervised_path != committee_path and supervised_path.startswith(committee_path)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """The first and last day of a quarter."""
    first = date(year, 3 * quarter - 2, 1)
    last = date(year, 12, 31) if quarter == 4 else date(year, 3 * quarter + 1, 1) - timedelta(days=1)
    return first, last


def covered_quarters(
    start: date, end: date, valid_from: date, valid_to: date | None
) -> list[tuple[int, int, date, date]]:
    """The quarters of the period [start, end] (inclusive) that an assignment [valid_from, valid_to)
    covers on at least one day, each with the days of the quarter inside both (first, last)."""
    result = []
    year, quarter = quarter_of(start)
    while (year, quarter) <= quarter_of(end):
        q_first, q_last = quarter_bounds(year, quarter)
        first = max(q_first, start, valid_from)
        last = min(q_last, end)
        if valid_to is not None:
            last = min(last, valid_to - timedelta(days=1))
        if first <= last:
            result.append((year, quarter, first, last))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return result


def visited_every_quarter(
    start: date, end: date, valid_from: date, valid_to: date | None, visits: Iterable[date]
) -> bool:
    """ "Every cell visited by its assigned committee member at least once a quarter": every quarter
    of the period the assignment covers holds a visit dated on a day of it the assignment covers.
    An assignment covering no day of the period is not counted as visited."""
    quarters = covered_quarters(start, end, valid_from, valid_to)
    days = list(visits)
    return bool(quarters) and all(any(first <= d <= last for d in days) for _y, _q, first, last in quarters)
