"""The unit of each admission deadline is data: working days (QĐ 24-QĐ/TW 2021 point 3.4, "60 ngày
làm việc") unless the rule set lists the deadline under `calendar_day_deadlines`, for a regulation
that counts calendar days (then a limit ending on a day off runs to the next working day, Civil Code
2015 art. 148 cl. 5)."""

from datetime import date

import pytest

from coso.admission import rules
from coso.rulesets.calendar import Calendar
from coso.rulesets.schemas import validate_values

TET_2025 = Calendar(days_off=frozenset(date(2025, 1, d) for d in (27, 28, 29, 30, 31)))
BASE = {
    "decision_working_days": 60,
    "decision_extension_working_days": 30,
    "ceremony_working_days": 30,
    "recognition_vote_working_days": 30,
    "recognition_decision_working_days": 30,
}


@pytest.mark.parametrize(
    ("function", "start", "calendar_days", "expected"),
    [
        (rules.ceremony_due, date(2025, 1, 2), [], date(2025, 2, 20)),  # 30 working days over Tết
        (rules.ceremony_due, date(2025, 1, 2), ["ceremony_working_days"], date(2025, 2, 3)),  # 1/2 is a Saturday
        (rules.recognition_vote_due, date(2025, 3, 3), [], date(2025, 4, 14)),
        (rules.recognition_vote_due, date(2025, 3, 3), ["recognition_vote_working_days"], date(2025, 4, 2)),
        (rules.decision_due, date(2025, 3, 3), ["ceremony_working_days"], date(2025, 5, 26)),  # others unchanged
        (rules.decision_due, date(2025, 3, 3), ["decision_working_days"], date(2025, 5, 2)),
    ],
)
def test_deadline_unit_comes_from_the_rule_set(function, start, calendar_days, expected):
    values = {**BASE, "calendar_day_deadlines": calendar_days}
    assert function(start, values, TET_2025) == expected


def test_the_unit_list_is_validated():
    from coso.rulesets.schemas import TOPIC_KEYS

    values = {key.name: 1 for key in TOPIC_KEYS["admission"] if key.kind == "int"}
    values |= {"min_general_education": "9/12", "exception_general_education": "5/12", "exception_areas": []}
    values |= {"cell_vote_share": [2, 3]}
    assert validate_values("admission", values) == {}
    assert validate_values("admission", {**values, "calendar_day_deadlines": ["ceremony_working_days"]}) == {}
    assert "calendar_day_deadlines" in validate_values("admission", {**values, "calendar_day_deadlines": [3]})
