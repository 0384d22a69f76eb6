"""Table-driven tests of `coso.training.rules` (the regulations are named in its docstring).

- A certificate grants its theory level (QĐ 57-QĐ/TW 2007, HD 01-HD/BTGTW) or state-management
  grade (Nghị định 101/2017/NĐ-CP); never lowers what is held.
- Qualification as of a date: the latest dated fact on or before it; undated facts (held before
  records) hold on every date and yield to any dated one; of two facts of one day the later
  recorded wins.
- The shares (Hướng dẫn thống kê công tác tổ chức xây dựng Đảng) with the old ten-year system's
  7/10 and 10/10 (Nghị quyết 14-NQ/TW 1979) ranked with 9/12 and 12/12.
"""

from datetime import date

import pytest

from coso.training import rules
from coso.training.rules import GENERAL_EDUCATION, POLITICAL_THEORY, PROFESSIONAL, STATE_MANAGEMENT

D2019, D2020, D2021, D2022 = date(2019, 6, 1), date(2020, 6, 1), date(2021, 6, 1), date(2022, 6, 1)


VALUE_ON = [
    # (facts as (since, id, value), on, expected, why)
    ([], D2020, None, "no fact: no value"),
    ([(None, 1, "elementary")], date(1900, 1, 1), "elementary", "an undated fact holds on every date"),
    ([(None, 1, "elementary")], D2022, "elementary", "an undated fact holds today too"),
    ([(None, 9, "advanced"), (D2020, 1, "elementary")], D2021, "elementary", "undated yields to dated"),
    ([(None, 9, "advanced"), (D2020, 1, "elementary")], D2019, "advanced", "before the dated fact, undated"),
    ([(D2020, 1, "elementary"), (D2022, 2, "intermediate")], D2019, None, "before any dated, no undated"),
    ([(D2020, 1, "elementary"), (D2022, 2, "intermediate")], D2020, "elementary", "on its date a fact holds"),
    ([(D2020, 1, "elementary"), (D2022, 2, "intermediate")], D2021, "elementary", "between: the earlier"),
    ([(D2020, 1, "elementary"), (D2022, 2, "intermediate")], D2022, "intermediate", "on the later date"),
    ([(D2022, 2, "intermediate"), (D2020, 1, "elementary")], D2022, "intermediate", "order of input is moot"),
    ([(D2020, 5, "advanced"), (D2020, 7, "intermediate")], D2020, "intermediate", "same day: later recorded"),
    ([(D2020, 7, "intermediate"), (D2020, 5, "advanced")], D2021, "intermediate", "same day, input reversed"),
    ([(None, 3, "none"), (None, 4, "elementary")], D2020, "elementary", "two undated: later recorded"),
    ([(date.min, 1, "elementary"), (None, 9, "advanced")], D2020, "elementary", "dated 1/1/1 still beats undated"),
]


@pytest.mark.parametrize(("facts", "on", "expected", "why"), VALUE_ON, ids=[row[-1] for row in VALUE_ON])
def test_value_on(facts, on, expected, why):
    assert rules.value_on(facts, on) == expected, why


AT_LEAST = [
    # (field, value, floor, expected)
    (GENERAL_EDUCATION, "9/12", "9/12", True),
    (GENERAL_EDUCATION, "12/12", "9/12", True),
    (GENERAL_EDUCATION, "5/12", "9/12", False),
    (GENERAL_EDUCATION, "7/10", "9/12", True),  # the old system's lower secondary
    (GENERAL_EDUCATION, "10/10", "9/12", True),
    (GENERAL_EDUCATION, "10/10", "12/12", True),  # the old system's upper secondary
    (GENERAL_EDUCATION, "7/10", "12/12", False),
    (GENERAL_EDUCATION, "9/12", "10/10", False),
    (GENERAL_EDUCATION, "7/10", "5/12", True),
    (GENERAL_EDUCATION, None, "5/12", False),
    (GENERAL_EDUCATION, "", "5/12", False),
    (GENERAL_EDUCATION, "8/12", "5/12", False),  # not a code of the field
    (PROFESSIONAL, "none", "elementary", False),
    (PROFESSIONAL, "elementary", "elementary", True),
    (PROFESSIONAL, "elementary", "intermediate", False),
    (PROFESSIONAL, "college", "intermediate", True),
    (PROFESSIONAL, "doctor", "intermediate", True),
    (POLITICAL_THEORY, "none", "elementary", False),
    (POLITICAL_THEORY, "elementary", "elementary", True),
    (POLITICAL_THEORY, "bachelor", "elementary", True),
    (POLITICAL_THEORY, "intermediate", "advanced", False),
    (STATE_MANAGEMENT, "none", "specialist", False),
    (STATE_MANAGEMENT, "senior", "specialist", True),
    (STATE_MANAGEMENT, "specialist", "principal", False),
    (STATE_MANAGEMENT, "specialist", "bogus", False),  # an unknown floor is reached by nothing
]


@pytest.mark.parametrize(("field", "value", "floor", "expected"), AT_LEAST)
def test_at_least(field, value, floor, expected):
    assert rules.at_least(field, value, floor) is expected


REACHING = [
    (GENERAL_EDUCATION, "9/12", {"7/10", "9/12", "10/10", "12/12"}),
    (GENERAL_EDUCATION, "12/12", {"10/10", "12/12"}),
    (PROFESSIONAL, "elementary", {"elementary", "intermediate", "college", "university", "master", "doctor"}),
    (PROFESSIONAL, "intermediate", {"intermediate", "college", "university", "master", "doctor"}),
    (POLITICAL_THEORY, "elementary", {"elementary", "intermediate", "advanced", "bachelor"}),
    (STATE_MANAGEMENT, "specialist", {"specialist", "principal", "senior"}),
]


@pytest.mark.parametrize(("field", "floor", "expected"), REACHING)
def test_reaching_is_what_at_least_accepts(field, floor, expected):
    assert set(rules.reaching(field, floor)) == expected
    assert all(rules.at_least(field, v, floor) == (v in expected) for v in rules.RANKS[field])


def test_every_share_names_a_field_and_a_value_of_it():
    assert [code for code, _f, _v in rules.SHARES] == [
        "lower_secondary",
        "trained",
        "intermediate",
        "theory",
        "state_management",
    ]
    for _code, field, floor in rules.SHARES:
        assert floor in rules.RANKS[field]


GRANT = [
    ("theory_elementary", (POLITICAL_THEORY, "elementary")),
    ("theory_intermediate", (POLITICAL_THEORY, "intermediate")),
    ("theory_intermediate_admin", (POLITICAL_THEORY, "intermediate")),  # "with hành chính" is intermediate
    ("theory_advanced", (POLITICAL_THEORY, "advanced")),
    ("sm_specialist", (STATE_MANAGEMENT, "specialist")),
    ("sm_principal", (STATE_MANAGEMENT, "principal")),
    ("sm_senior", (STATE_MANAGEMENT, "senior")),
    ("awareness", None),
    ("new_members", None),
    ("cadre_source", None),
    ("professional", None),
    ("other", None),
]


@pytest.mark.parametrize(("kind", "expected"), GRANT)
def test_grant(kind, expected):
    assert rules.grant(kind) == expected


def test_every_grant_is_a_value_of_its_field():
    for field, value in rules.GRANTS.values():
        assert value in rules.RANKS[field]


RAISES = [
    # (field, held, new, expected)
    (POLITICAL_THEORY, None, "elementary", True),
    (POLITICAL_THEORY, "none", "elementary", True),
    (POLITICAL_THEORY, "elementary", "intermediate", True),
    (POLITICAL_THEORY, "intermediate", "intermediate", False),  # the same level again
    (POLITICAL_THEORY, "advanced", "elementary", False),  # never lowered by a lower certificate
    (POLITICAL_THEORY, "bachelor", "advanced", False),
    (STATE_MANAGEMENT, "none", "specialist", True),
    (STATE_MANAGEMENT, "principal", "specialist", False),
    (STATE_MANAGEMENT, "principal", "senior", True),
    (GENERAL_EDUCATION, "10/10", "12/12", False),  # the same level in the other system
    (GENERAL_EDUCATION, "7/10", "12/12", True),
]


@pytest.mark.parametrize(("field", "held", "new", "expected"), RAISES)
def test_raises(field, held, new, expected):
    assert rules.raises(field, held, new) is expected


CERTIFICATE = [
    (date(2024, 3, 1), date(2024, 3, 1), False),
    (date(2024, 6, 30), date(2024, 3, 1), False),
    (date(2024, 2, 29), date(2024, 3, 1), True),
]


@pytest.mark.parametrize(("certificate", "starts", "expected"), CERTIFICATE)
def test_certificate_too_early(certificate, starts, expected):
    assert rules.certificate_too_early(certificate, starts) is expected
