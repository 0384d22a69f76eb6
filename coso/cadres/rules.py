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
from datetime import date

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
