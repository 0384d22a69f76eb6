"""Table-driven tests of the admission rules, across two rule sets with different values.

A 2021 event is judged by the 2021 set (QĐ 24-QĐ/TW values as shipped), a 2025 event by a 2025
set whose values differ (test values, so that every rule shows which set judged it). Each row
names the regulation the message must cite. No database: the rules are pure functions.
"""

from datetime import date

import pytest
from django.utils import translation

from coso.admission import rules
from coso.admission.rules import CandidateFacts, IntroducerFacts
from coso.rulesets.calendar import Calendar

REG_2021 = "QĐ 24-QĐ/TW (30/7/2021)"
REG_2025 = "QĐ 294-QĐ/TW (26/5/2025)"
VALUES_2021 = {
    "min_age_months": 216,
    "max_age_months": 720,
    "min_general_education": "9/12",
    "exception_general_education": "5/12",
    "exception_areas": ["mountain", "border", "island", "ethnic_minority", "hardship", "fisherman"],
    "introducer_shared_months": 12,
    "awareness_certificate_valid_months": 60,
    "cell_vote_share": [2, 3],
    "decision_working_days": 60,
    "decision_extension_working_days": 30,
    "ceremony_working_days": 30,
    "probation_months": 12,
    "recognition_vote_working_days": 30,
    "recognition_decision_working_days": 30,
    "readmission_min_months": 36,
    "readmission_max_times": 1,
}
VALUES_2025 = {
    **VALUES_2021,
    "max_age_months": 744,
    "exception_areas": ["mountain", "border", "island"],
    "introducer_shared_months": 24,
    "awareness_certificate_valid_months": 36,
    "cell_vote_share": [3, 4],
    "decision_working_days": 30,
    "ceremony_working_days": 15,
    "recognition_vote_working_days": 20,
    "readmission_min_months": 48,
}
RULE_SETS = [(date(2021, 7, 30), VALUES_2021, REG_2021), (date(2025, 5, 26), VALUES_2025, REG_2025)]

# Days off (from the shipped holiday table): Tết, Hùng Kings, 30/4, 1/5, 2/9.
CALENDAR = Calendar(
    days_off=frozenset(
        [date(2021, 1, 1), date(2021, 4, 21), date(2021, 4, 30), date(2021, 5, 1), date(2021, 9, 2), date(2021, 9, 3)]
        + [date(2021, 2, d) for d in (10, 11, 12, 15, 16)]
        + [date(2025, 1, 1), date(2025, 4, 7), date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2)]
        + [date(2025, 9, 1), date(2025, 9, 2)]
        + [date(2025, 1, d) for d in (27, 28, 29, 30, 31)]
        + [date(2022, 1, 31)]
        + [date(2022, 2, d) for d in (1, 2, 3, 4)]
        + [date(2026, 2, d) for d in (16, 17, 18, 19, 20)]
    ),
    days_worked=frozenset([date(2025, 4, 26)]),
)


def in_force(on: date) -> tuple[dict, str]:
    """The set whose effective date is the latest on or before `on` (as rulesets.queries does)."""
    chosen = None
    for start, values, regulation in RULE_SETS:
        if start <= on:
            chosen = (values, regulation)
    assert chosen is not None
    return chosen


def facts(**kw) -> CandidateFacts:
    base = {
        "date_of_birth": date(1995, 1, 1),
        "general_education": "12/12",
        "introducers": (IntroducerFacts("Nguyễn Văn Tuấn", True, date(2015, 1, 1)),),
        "awareness_certificate_on": date(2020, 3, 6),
    }
    base.update(kw)
    return CandidateFacts(**base)


def codes(violations) -> list[str]:
    return [v.code for v in violations]


# Age: fully 18 to fully 60 at the vote, in months -----------------------------------------------

AGE_CASES = [
    # (vote date, date of birth, expected codes, why)
    (date(2021, 8, 20), date(2003, 9, 15), ["age_min"], "17 years 11 months: not yet 18"),
    (date(2021, 8, 20), date(2003, 8, 20), [], "exactly 18 years (216 months) on the vote day"),
    (date(2021, 8, 20), date(2003, 8, 21), ["age_min"], "18 the day after the vote"),
    (date(2021, 8, 20), date(1961, 7, 10), ["age_max"], "60 years 1 month under the 2021 limit of 720 months"),
    (date(2021, 8, 20), date(1961, 8, 20), [], "exactly 60 years (720 months)"),
    (date(2021, 8, 20), date(1961, 7, 21), [], "60 years 0 months 30 days: still 720 full months"),
    (date(2025, 7, 10), date(1965, 6, 10), [], "60 years 1 month under the 2025 limit of 744 months"),
    (date(2025, 7, 10), date(1963, 6, 10), ["age_max"], "62 years 1 month over the 2025 limit"),
    (date(2025, 7, 10), date(2007, 8, 1), ["age_min"], "17 years 11 months in 2025 too"),
]


@pytest.mark.parametrize(("vote_on", "born", "expected", "why"), AGE_CASES, ids=[c[3] for c in AGE_CASES])
def test_age_in_months_at_the_vote(vote_on, born, expected, why):
    values, regulation = in_force(vote_on)
    violations = rules.check_age(facts(date_of_birth=born), vote_on, values, regulation)
    assert codes(violations) == expected, why
    for v in violations:
        assert v.message.endswith(regulation), "the refusal names the regulation that judged it"


def test_age_message_names_the_limit_and_the_age():
    values, regulation = in_force(date(2021, 8, 20))
    with translation.override("vi"):
        [violation] = rules.check_age(facts(date_of_birth=date(2003, 9, 15)), date(2021, 8, 20), values, regulation)
    assert violation.message == (
        "Chưa đủ 18 tuổi (216 tháng) tại ngày chi bộ xét: 17 tuổi 11 tháng — QĐ 24-QĐ/TW (30/7/2021)"
    )
    with translation.override("en"):
        [violation] = rules.check_age(facts(date_of_birth=date(2003, 9, 15)), date(2021, 8, 20), values, regulation)
    assert "18 years old (216 months)" in violation.message and "17 years 11 months" in violation.message


# Education with the area exceptions ---------------------------------------------------------------

EDUCATION_CASES = [
    (date(2021, 8, 20), "9/12", "", [], "lower secondary suffices"),
    (date(2021, 8, 20), "7/10", "", [], "lower secondary of the old system"),
    (date(2021, 8, 20), "5/12", "", ["education"], "primary only, outside the exception areas"),
    (date(2021, 8, 20), "5/12", "mountain", [], "primary in a mountain area"),
    (date(2021, 8, 20), "5/12", "fisherman", [], "primary for a fisherman (2021 list)"),
    (date(2025, 7, 10), "5/12", "fisherman", ["education"], "fishermen not in the 2025 test list"),
    (date(2025, 7, 10), "5/12", "island", [], "primary on an island (2025 list)"),
]


@pytest.mark.parametrize(
    ("vote_on", "education", "area", "expected", "why"), EDUCATION_CASES, ids=[c[4] for c in EDUCATION_CASES]
)
def test_education_with_area_exceptions(vote_on, education, area, expected, why):
    values, regulation = in_force(vote_on)
    violations = rules.check_education(facts(general_education=education, exception_area=area), values, regulation)
    assert codes(violations) == expected, why
    assert all(regulation in v.message for v in violations)


# Introducers --------------------------------------------------------------------------------------

INTRODUCER_CASES = [
    (date(2021, 8, 20), [("A", True, date(2020, 8, 20))], [], "official, exactly 12 months shared"),
    (date(2021, 8, 20), [("A", True, date(2020, 9, 21))], ["introducer"], "11 months shared"),
    (date(2021, 8, 20), [("A", False, date(2015, 1, 1))], ["introducer"], "a probationary member cannot introduce"),
    (date(2021, 8, 20), [], ["introducer"], "no introducer"),
    (
        date(2021, 8, 20),
        [("A", True, date(2015, 1, 1)), ("B", True, date(2015, 1, 1)), ("C", True, date(2015, 1, 1))],
        ["introducer"],
        "three introducers",
    ),
    (date(2025, 7, 10), [("A", True, date(2023, 11, 10))], ["introducer"], "20 months: short of the 2025 24 months"),
    (date(2025, 7, 10), [("A", True, date(2023, 7, 10))], [], "24 months in 2025"),
]


@pytest.mark.parametrize(("vote_on", "rows", "expected", "why"), INTRODUCER_CASES, ids=[c[3] for c in INTRODUCER_CASES])
def test_introducer_is_official_and_shared_enough_months(vote_on, rows, expected, why):
    values, regulation = in_force(vote_on)
    introducers = tuple(IntroducerFacts(name, official, since) for name, official, since in rows)
    violations = rules.check_introducers(facts(introducers=introducers), vote_on, values, regulation)
    assert codes(violations) == expected, why
    assert all(regulation in v.message for v in violations)


# Awareness certificate ----------------------------------------------------------------------------

CERTIFICATE_CASES = [
    (date(2021, 8, 20), date(2016, 8, 21), [], "60 months less a day: still valid"),
    (date(2021, 8, 20), date(2016, 8, 20), ["certificate"], "exactly 60 months: expired that day"),
    (date(2021, 8, 20), None, ["certificate"], "no certificate"),
    (date(2021, 8, 20), date(2021, 8, 21), ["certificate"], "issued after the vote"),
    (date(2025, 7, 10), date(2022, 7, 1), ["certificate"], "older than the 2025 36 months"),
    (date(2025, 7, 10), date(2022, 7, 11), [], "within 36 months"),
]


@pytest.mark.parametrize(
    ("vote_on", "cert", "expected", "why"), CERTIFICATE_CASES, ids=[c[3] for c in CERTIFICATE_CASES]
)
def test_awareness_certificate_still_valid_on_the_vote(vote_on, cert, expected, why):
    values, regulation = in_force(vote_on)
    violations = rules.check_certificate(facts(awareness_certificate_on=cert), vote_on, values, regulation)
    assert codes(violations) == expected, why
    assert all(regulation in v.message for v in violations)


# The cell's vote ----------------------------------------------------------------------------------

VOTE_CASES = [
    (date(2021, 8, 20), 12, 8, [], "exactly 2/3 in 2021"),
    (date(2021, 8, 20), 12, 7, ["vote_share"], "below 2/3"),
    (date(2021, 8, 20), 10, 7, [], "7/10 above 2/3"),
    (date(2021, 8, 20), 10, 6, ["vote_share"], "6/10 below 2/3"),
    (date(2021, 8, 20), 0, 0, ["vote_share"], "no official member"),
    (date(2021, 8, 20), 5, 6, ["vote_share"], "more in favour than members"),
    (date(2025, 7, 10), 12, 8, ["vote_share"], "2/3 is short of the 2025 3/4"),
    (date(2025, 7, 10), 12, 9, [], "exactly 3/4 in 2025"),
]


@pytest.mark.parametrize(("vote_on", "total", "yes", "expected", "why"), VOTE_CASES, ids=[c[4] for c in VOTE_CASES])
def test_share_of_official_members_in_favour(vote_on, total, yes, expected, why):
    values, regulation = in_force(vote_on)
    violations = rules.check_vote_share(total, yes, values, regulation)
    assert codes(violations) == expected, why
    assert all(regulation in v.message for v in violations)


def test_vote_message_gives_the_votes_needed():
    values, regulation = in_force(date(2021, 8, 20))
    with translation.override("vi"):
        [violation] = rules.check_vote_share(12, 7, values, regulation)
    assert violation.message.startswith("7/12 đảng viên chính thức tán thành; cần ít nhất 2/3 (8 đồng chí)")


# Re-admission -------------------------------------------------------------------------------------

READMISSION_CASES = [
    (date(2021, 8, 20), date(2018, 8, 20), 0, [], "exactly 36 months after leaving"),
    (date(2021, 8, 20), date(2018, 9, 1), 0, ["readmission_wait"], "35 months"),
    (date(2021, 8, 20), date(2010, 1, 1), 1, ["readmission_once"], "already re-admitted once"),
    (date(2025, 7, 10), date(2021, 8, 1), 0, ["readmission_wait"], "47 months: short of the 2025 48"),
    (date(2025, 7, 10), date(2021, 7, 10), 0, [], "48 months in 2025"),
]


@pytest.mark.parametrize(
    ("vote_on", "left_on", "before", "expected", "why"), READMISSION_CASES, ids=[c[4] for c in READMISSION_CASES]
)
def test_readmission_after_the_wait_and_only_once(vote_on, left_on, before, expected, why):
    values, regulation = in_force(vote_on)
    f = facts(is_readmission=True, left_party_on=left_on, readmissions_before=before)
    violations = rules.check_readmission(f, vote_on, values, regulation)
    assert codes(violations) == expected, why
    assert all(regulation in v.message for v in violations)


def test_readmission_rules_do_not_apply_to_a_first_admission():
    values, regulation = in_force(date(2021, 8, 20))
    assert rules.check_readmission(facts(left_party_on=date(2021, 1, 1)), date(2021, 8, 20), values, regulation) == []


def test_check_admission_gathers_every_rule_in_order():
    values, regulation = in_force(date(2021, 8, 20))
    f = facts(date_of_birth=date(2003, 9, 15), general_education="5/12", introducers=(), awareness_certificate_on=None)
    violations = rules.check_admission(
        f, vote_on=date(2021, 8, 20), official_members=9, in_favour=5, values=values, regulation=regulation
    )
    assert codes(violations) == ["age_min", "education", "introducer", "certificate", "vote_share"]


# Deadlines in working days ---------------------------------------------------------------------

DEADLINE_CASES = [
    # (function, start, expected, why)
    ("ceremony_due", date(2022, 1, 24), date(2022, 3, 14), "30 working days (2021 set) across Tết 2022"),
    ("ceremony_due", date(2026, 2, 9), date(2026, 3, 9), "15 working days (2025 set) across Tết 2026"),
    (
        "ceremony_due",
        date(2025, 4, 21),
        date(2025, 6, 4),
        "April 2025 is judged by the 2021 set: 30 working days across 30/4-2/5 with a Saturday worked",
    ),
    ("decision_due", date(2025, 8, 25), date(2025, 10, 8), "30 working days (2025 set) across 2/9"),
    ("recognition_vote_due", date(2025, 9, 2), date(2025, 9, 30), "20 working days (2025) from a holiday"),
    ("recognition_vote_due", date(2021, 9, 2), date(2021, 10, 15), "30 working days (2021) from 2/9"),
]


@pytest.mark.parametrize(("function", "start", "expected", "why"), DEADLINE_CASES, ids=[c[3] for c in DEADLINE_CASES])
def test_deadlines_in_working_days(function, start, expected, why):
    values, _regulation = in_force(start)
    assert getattr(rules, function)(start, values, CALENDAR) == expected, why


def test_decision_deadline_extension():
    values, _ = in_force(date(2021, 8, 20))
    plain = rules.decision_due(date(2021, 8, 20), values, CALENDAR)
    extended = rules.decision_due(date(2021, 8, 20), values, CALENDAR, extended=True)
    assert CALENDAR.working_days_between(plain, extended) == 30


PROBATION_CASES = [
    (date(2024, 9, 2), date(2025, 9, 2), "ends on 2/9, a holiday: official from that very day"),
    (date(2024, 2, 29), date(2025, 2, 28), "from 29/2: 12 months end on 28/2"),
    (date(2021, 9, 20), date(2022, 9, 20), "the same day a year later"),
]


@pytest.mark.parametrize(("ceremony", "expected", "why"), PROBATION_CASES, ids=[c[2] for c in PROBATION_CASES])
def test_probation_ends_exactly_twelve_months_after_the_ceremony(ceremony, expected, why):
    values, _ = in_force(ceremony)
    assert rules.probation_end(ceremony, values) == expected, why


def test_probation_ending_on_a_holiday_then_the_vote_counts_working_days():
    values, _ = in_force(date(2024, 9, 2))
    ends = rules.probation_end(date(2024, 9, 2), values)
    assert ends == date(2025, 9, 2) and not CALENDAR.is_working_day(ends)
    # The vote's deadline is judged by the set in force when probation ends (2025: 20 working days).
    values_then, _ = in_force(ends)
    assert rules.recognition_vote_due(ends, values_then, CALENDAR) == date(2025, 9, 30)
    # Under the 2021 values it would have been 30 working days from Tuesday 2/9/2025.
    assert rules.recognition_vote_due(ends, VALUES_2021, CALENDAR) == date(2025, 10, 14)
