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
