"""The rules of cadre work, table-driven (DOMAIN.md §Training and cadre work; issue 10)."""

from datetime import date

import pytest

from coso.cadres import rules
from coso.cadres.rules import COMMUNE, PROVINCE, UPPER


@pytest.mark.parametrize(
    ("chain", "expected"),
    [
        ([("province", False)], PROVINCE),  # a board of the provincial committee
        ([("province", False), ("cell", False)], PROVINCE),  # a provincial agency's cell
        ([("province", False), ("upper", False)], UPPER),  # the district committee (until 2025)
        ([("province", False), ("upper", False), ("cell", False)], UPPER),  # a district agency's cell
        ([("province", False), ("upper", False), ("grassroots_committee", True)], COMMUNE),
        ([("province", False), ("grassroots_committee", True), ("cell", False)], COMMUNE),  # after 2025
        ([("province", False), ("grassroots_committee", False)], PROVINCE),  # an enterprise's committee
    ],
)
def test_the_tier_of_a_unit(chain, expected):
    assert rules.tier(chain) == expected


# "30 cadres: 6 town→commune, 12 commune↔commune, 1 commune→town, 11 between town-level boards"
@pytest.mark.parametrize(
    ("from_tier", "to_tier", "expected"),
    [
        (UPPER, COMMUNE, rules.TO_COMMUNE),
        (PROVINCE, COMMUNE, rules.TO_COMMUNE),
        (COMMUNE, COMMUNE, rules.BETWEEN_COMMUNES),
        (COMMUNE, UPPER, rules.FROM_COMMUNE),
        (COMMUNE, PROVINCE, rules.FROM_COMMUNE),
        (UPPER, UPPER, rules.BETWEEN_BOARDS),
        (PROVINCE, PROVINCE, rules.BETWEEN_BOARDS),
        (PROVINCE, UPPER, rules.BETWEEN_LEVELS),
        (UPPER, PROVINCE, rules.BETWEEN_LEVELS),
    ],
)
def test_the_direction_of_a_move(from_tier, to_tier, expected):
    assert rules.direction(from_tier, to_tier) == expected


def test_an_unknown_tier_is_an_error():
    with pytest.raises(ValueError):
        rules.direction("district", COMMUNE)


D = date


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((D(2020, 1, 1), D(2025, 1, 1)), (D(2025, 1, 1), None), False),  # the next holder from the end day
        ((D(2020, 1, 1), D(2025, 1, 1)), (D(2024, 12, 31), None), True),
        ((D(2020, 1, 1), None), (D(2030, 1, 1), None), True),  # still held
        ((D(2020, 1, 1), D(2021, 1, 1)), (D(2019, 1, 1), D(2020, 1, 1)), False),
        ((D(2020, 1, 1), D(2021, 1, 1)), (D(2019, 1, 1), D(2020, 1, 2)), True),
    ],
)
def test_spells_overlap_on_a_shared_day(a, b, expected):
    assert rules.overlaps(*a, *b) is expected
    assert rules.overlaps(*b, *a) is expected


def test_a_clash_names_the_spell():
    spells = [(D(2015, 1, 1), D(2020, 1, 1)), (D(2020, 1, 1), None)]
    assert rules.clash(spells, D(2021, 5, 1), None) == (D(2020, 1, 1), None)
    assert rules.clash(spells[:1], D(2020, 1, 1), None) is None


@pytest.mark.parametrize(
    ("previous_end", "on", "too_early"),
    [(None, D(2025, 7, 1), True), (D(2025, 7, 1), D(2025, 7, 1), False), (D(2025, 7, 2), D(2025, 7, 1), True)],
)
def test_a_rotation_follows_the_end_of_the_previous_post(previous_end, on, too_early):
    assert rules.rotation_too_early(previous_end, on) is too_early


D = date


# QĐ 50-QĐ/TW 2021: one entry per cadre, post and term while in force; a removal after the addition.
@pytest.mark.parametrize(
    ("entries", "added_on", "expected"),
    [
        ([], D(2024, 6, 1), None),
        ([(D(2024, 6, 1), None)], D(2025, 6, 1), (D(2024, 6, 1), None)),  # still in force
        ([(D(2024, 6, 1), D(2025, 5, 1))], D(2025, 6, 1), None),  # removed, planned again
        ([(D(2024, 6, 1), D(2025, 5, 1))], D(2025, 4, 1), (D(2024, 6, 1), D(2025, 5, 1))),  # overlaps
        ([(D(2025, 9, 1), None)], D(2025, 6, 1), (D(2025, 9, 1), None)),  # a later entry runs into it
    ],
)
def test_a_cadre_is_planned_once_for_a_post_and_term(entries, added_on, expected):
    assert rules.planned_twice(entries, added_on) == expected


@pytest.mark.parametrize(
    ("added_on", "removed_on", "refused"),
    [
        (D(2024, 6, 1), D(2024, 5, 31), True),
        (D(2024, 6, 1), D(2024, 6, 1), True),
        (D(2024, 6, 1), D(2024, 6, 2), False),
    ],
)
def test_a_removal_follows_the_addition(added_on, removed_on, refused):
    assert rules.removal_too_early(added_on, removed_on) is refused


# The committee's working regulation: the committee assigns its own members.
@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["secretary"], True),
        (["deputy_secretary"], True),
        (["standing_member"], True),
        (["committee_member"], True),
        (["board_head", "peoples_committee_chair"], False),
        ([], False),
    ],
)
def test_a_supervisor_holds_a_committee_post(kinds, expected):
    assert rules.holds_committee_post(kinds) is expected


@pytest.mark.parametrize(
    ("committee", "supervised", "expected"),
    [
        ("0001/0002/", "0001/0002/0003/", True),
        ("0001/0002/", "0001/0002/0003/0004/", True),
        ("0001/0002/", "0001/0002/", False),  # the committee itself
        ("0001/0002/", "0001/0005/", False),  # a sibling
    ],
)
def test_the_organization_followed_lies_strictly_inside(committee, supervised, expected):
    assert rules.strictly_inside(committee, supervised) is expected


@pytest.mark.parametrize(
    ("start", "end", "valid_from", "valid_to", "expected"),
    [
        # the whole year, an assignment from before: four quarters
        (D(2025, 1, 1), D(2025, 12, 31), D(2024, 1, 1), None, [(2025, q) for q in (1, 2, 3, 4)]),
        # assigned on 15/05: the second quarter from that day on
        (D(2025, 1, 1), D(2025, 12, 31), D(2025, 5, 15), None, [(2025, 2), (2025, 3), (2025, 4)]),
        # ended on 01/07: the third quarter is not covered
        (D(2025, 1, 1), D(2025, 12, 31), D(2024, 1, 1), D(2025, 7, 1), [(2025, 1), (2025, 2)]),
        # a period across the year's end
        (D(2024, 11, 1), D(2025, 2, 28), D(2024, 1, 1), None, [(2024, 4), (2025, 1)]),
    ],
)
def test_the_quarters_an_assignment_covers(start, end, valid_from, valid_to, expected):
    assert [(y, q) for y, q, _f, _l in rules.covered_quarters(start, end, valid_from, valid_to)] == expected


def test_the_days_of_a_covered_quarter():
    quarters = rules.covered_quarters(D(2025, 1, 1), D(2025, 12, 31), D(2025, 5, 15), D(2025, 8, 1))
    assert [(f, last) for _y, _q, f, last in quarters] == [
        (D(2025, 5, 15), D(2025, 6, 30)),
        (D(2025, 7, 1), D(2025, 7, 31)),
    ]


# "every cell visited by its assigned committee member at least once a quarter"
@pytest.mark.parametrize(
    ("valid_from", "valid_to", "visits", "expected"),
    [
        (D(2024, 1, 1), None, [D(2025, 2, 1), D(2025, 5, 1)], True),  # first half year: Q1 and Q2
        (D(2024, 1, 1), None, [D(2025, 2, 1), D(2025, 3, 1)], False),  # Q2 without a visit
        (D(2025, 4, 10), None, [D(2025, 5, 1)], True),  # Q1 not covered
        (D(2025, 4, 10), None, [D(2025, 4, 1)], False),  # a visit before the assignment does not count
        (D(2024, 1, 1), D(2025, 3, 1), [D(2025, 2, 1)], True),  # ended in Q1
        (D(2024, 1, 1), None, [], False),
    ],
)
def test_visited_every_quarter(valid_from, valid_to, visits, expected):
    assert rules.visited_every_quarter(D(2025, 1, 1), D(2025, 6, 30), valid_from, valid_to, visits) is expected
