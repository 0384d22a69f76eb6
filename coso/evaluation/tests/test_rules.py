"""The rules of quality evaluation, table-driven, each row citing its regulation.

The values are the sets `rulesets/0005` ships, looked up by date as `rules_in_force` does (the
latest set whose effective date is on or before the period's end), without the database.
"""

from datetime import date
from decimal import Decimal
from importlib import import_module

import pytest

from coso.evaluation import rules
from coso.rulesets.schemas import validate_values

SHIPPED = import_module("coso.rulesets.migrations.0005_ship_evaluation_rule_sets").RULE_SETS


def in_force(on: date) -> tuple[str, dict]:
    """(regulation, values) of the shipped set in force on `on` — the pure twin of `rules_in_force`."""
    start, regulation, values, _note = max((s for s in SHIPPED if s[0] <= on), key=lambda s: s[0])
    return regulation, values


QD_132 = in_force(date(2019, 12, 31))[1]
QD_124 = in_force(date(2024, 12, 31))[1]
QD_366 = in_force(date(2025, 12, 31))[1]


def test_shipped_sets_fit_the_topic():
    for _start, _regulation, values, _note in SHIPPED:
        assert validate_values("evaluation", values) == {}


@pytest.mark.parametrize(
    ("on", "regulation"),
    [
        (date(2018, 3, 8), "QĐ 132-QĐ/TW"),
        (date(2023, 10, 3), "QĐ 132-QĐ/TW"),
        (date(2023, 10, 4), "QĐ 124-QĐ/TW"),
        (date(2024, 12, 31), "QĐ 124-QĐ/TW"),  # a 2024 campaign: the 2023 rules
        (date(2025, 8, 29), "QĐ 124-QĐ/TW"),
        (date(2025, 8, 30), "QĐ 366-QĐ/TW"),
        (date(2025, 12, 31), "QĐ 366-QĐ/TW"),  # a 2025 campaign: the 2025 rules
    ],
)
def test_the_set_in_force_on_the_period_end(on, regulation):
    assert in_force(on)[0].startswith(regulation)


def test_a_2024_record_is_judged_by_qd_124_and_a_2025_one_by_qd_366():
    # QĐ 124 (2023): four levels, no score, yearly only.
    assert not rules.is_scored(QD_124)
    assert rules.periods_allowed(QD_124) == ["year"]
    assert rules.grade_matches_score("excellent", None, QD_124)
    assert rules.score_error(None, QD_124) is None
    # QĐ 366 (2025), HD 43: scored out of 100, also by quarter and by term.
    assert rules.is_scored(QD_366)
    assert rules.periods_allowed(QD_366) == ["year", "quarter", "term"]
    assert rules.score_error(None, QD_366) == "missing"
    assert rules.grade_matches_score("good", Decimal("85"), QD_366)
    assert not rules.grade_matches_score("excellent", Decimal("85"), QD_366)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        # QĐ 366 / HD 43: excellent ≥ 90, good 70 to < 90, completed 50 to < 70, not completed < 50.
        (Decimal("100"), "excellent"),
        (Decimal("90"), "excellent"),
        (Decimal("89.99"), "good"),
        (Decimal("70"), "good"),
        (Decimal("69.99"), "completed"),
        (Decimal("50"), "completed"),
        (Decimal("49.99"), "not_completed"),
        (Decimal("0"), "not_completed"),
    ],
)
def test_score_bands_at_their_boundaries(score, grade):
    assert rules.grade_for_score(score, QD_366) == grade
    assert rules.grade_matches_score(grade, score, QD_366)


@pytest.mark.parametrize(
    ("score", "error"),
    [
        (Decimal("-0.01"), "out_of_range"),
        (Decimal("100.01"), "out_of_range"),
        (Decimal("0"), None),
        (Decimal("100"), None),
    ],
)
def test_scores_run_from_0_to_max_score(score, error):
    # QĐ 366: the 100-point scale.
    assert rules.score_error(score, QD_366) == error


@pytest.mark.parametrize("values", [QD_132, QD_124, QD_366], ids=["QĐ 132", "QĐ 124", "QĐ 366"])
@pytest.mark.parametrize(
    ("good", "excellent", "ok"),
    [
        # "Excellent" at most 20% of "good" (QĐ 132, QĐ 124; QĐ 366 configurable): compared as integers.
        (10, 2, True),
        (10, 3, False),
        (14, 2, True),
        (14, 3, False),
        (15, 3, True),
        (0, 0, True),
        (0, 1, False),
        (4, 0, True),
        (4, 1, False),
    ],
)
def test_quota_at_its_exact_boundary(values, good, excellent, ok):
    state = rules.quota_state(["good"] * good + ["excellent"] * excellent + ["completed"] * 3, values)
    assert (state.good, state.excellent) == (good, excellent)
    assert state.ok is ok
    assert state.room == state.cap - excellent


def test_quota_after_judges_a_page_of_changes_as_a_whole():
    # QĐ 124: the cap of a group moves with the "good" the same page adds or removes.
    current = ["good"] * 9 + ["excellent"]
    assert rules.quota_state(current, QD_124).cap == 1
    # One more "good" and one more "excellent" together: 10 good allow 2.
    after = rules.quota_after(current, {"a": ("", "good"), "b": ("", "excellent")}, QD_124)
    assert (after.good, after.excellent, after.cap, after.ok) == (10, 2, 2, True)
    # Turning a "good" into "excellent": 8 good allow 1, 2 excellent break it.
    after = rules.quota_after(current, {"c": ("good", "excellent")}, QD_124)
    assert (after.good, after.excellent, after.ok) == (8, 2, False)
    # Lowering the "excellent" to "good" frees the quota.
    after = rules.quota_after(current, {"d": ("excellent", "good")}, QD_124)
    assert (after.good, after.excellent, after.ok) == (10, 0, True)


@pytest.mark.parametrize("values", [QD_132, QD_124, QD_366], ids=["QĐ 132", "QĐ 124", "QĐ 366"])
@pytest.mark.parametrize(
    ("grade", "disciplined", "allowed"),
    [
        # A member disciplined in the year is rated at most "completed" (QĐ 132, QĐ 124, QĐ 366).
        ("excellent", True, False),
        ("good", True, False),
        ("completed", True, True),
        ("not_completed", True, True),
        ("excellent", False, True),
    ],
)
def test_discipline_caps_the_rating(values, grade, disciplined, allowed):
    assert rules.grade_allowed(grade, disciplined=disciplined, values=values) is allowed


@pytest.mark.parametrize("values", [QD_132, QD_124, QD_366], ids=["QĐ 132", "QĐ 124", "QĐ 366"])
def test_members_exempted_from_party_work_are_not_rated(values):
    # Not confirmed against the texts (configurable): exempt members are not rated.
    assert rules.rated(exempt=True, values=values) is False
    assert rules.rated(exempt=False, values=values) is True
    assert rules.rated(exempt=True, values={**values, "exempt_rated": True}) is True


@pytest.mark.parametrize(
    ("grades", "year", "failing"),
    [
        # Điều lệ Đảng, Điều 8: "not completed" two years running → considered for removal.
        ({2023: "not_completed", 2024: "not_completed"}, 2024, True),
        ({2024: "not_completed", 2025: "not_completed"}, 2025, True),
        ({2024: "not_completed"}, 2024, False),
        ({2023: "not_completed", 2024: "completed", 2025: "not_completed"}, 2025, False),
        ({2022: "not_completed", 2024: "not_completed"}, 2024, False),  # a gap year (not rated) breaks the run
        ({2023: "not_completed", 2024: "not_completed"}, 2025, False),  # 2025 not (yet) rated
    ],
)
def test_failing_two_years_running(grades, year, failing):
    assert rules.failing_for_removal(grades, year, QD_124) is failing
    assert rules.failing_for_removal(grades, year, QD_366) is failing


@pytest.mark.parametrize(
    ("grades", "year", "weak"),
    [
        # Weak for a long time: "not completed" `weak_years` (2, configurable) years running.
        ({2024: "not_completed", 2025: "not_completed"}, 2025, True),
        ({2023: "not_completed", 2024: "not_completed", 2025: "not_completed"}, 2025, True),
        ({2024: "completed", 2025: "not_completed"}, 2025, False),
        ({2023: "not_completed", 2025: "not_completed"}, 2025, False),
    ],
)
def test_weak_for_a_long_time(grades, year, weak):
    assert rules.weak_for_long(grades, year, QD_366) is weak
    assert rules.weak_for_long(grades, year, {**QD_366, "weak_years": 3}) is (weak and len(grades) == 3)


@pytest.mark.parametrize(("grade", "ok"), [("excellent", True), ("good", False), ("completed", False)])
def test_only_excellent_is_commendable(grade, ok):
    # Configurable: the levels proposed for commendation.
    assert rules.commendable(grade, QD_124) is ok
