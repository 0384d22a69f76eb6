"""The presentation limit of a referral, table-driven (QĐ 24-QĐ/TW 2021 and QĐ 294-QĐ/TW 2025 point 6.3.1)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from coso.rulesets.calendar import Calendar
from coso.transfers import queries, rules, services
from coso.transfers.models import TransferRule

CAL_2025 = Calendar(
    days_off=frozenset(
        [date(2025, 1, d) for d in (27, 28, 29, 30, 31)]  # Tết
        + [date(2025, 4, 7), date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2)]
    ),
    days_worked=frozenset({date(2025, 4, 26)}),
)
WORKING = rules.PresentationLimit
CAL = "calendar"


@pytest.mark.parametrize(
    ("issued_on", "days", "kind", "expected", "why"),
    [
        (date(2025, 3, 7), 1, WORKING, date(2025, 3, 10), "Friday + 1 working day → Monday"),
        (date(2025, 1, 24), 1, WORKING, date(2025, 2, 3), "the Friday before Tết → Monday after Tết"),
        (date(2025, 4, 29), 2, WORKING, date(2025, 5, 6), "30/4, 1/5 and 2/5 are days off"),
        (date(2025, 4, 25), 1, WORKING, date(2025, 4, 26), "the Saturday worked in exchange counts"),
        (date(2025, 3, 3), 30, WORKING, date(2025, 4, 15), "30 working days over Giỗ Tổ Hùng Vương (7/4)"),
        (date(2025, 3, 3), 4, CAL, date(2025, 3, 7), "calendar days ending on a Friday"),
        (date(2025, 3, 3), 5, CAL, date(2025, 3, 10), "calendar days ending on a Saturday → next Monday"),
        (date(2025, 1, 17), 10, CAL, date(2025, 2, 3), "calendar days ending in Tết → first day after it"),
        (date(2025, 4, 20), 10, CAL, date(2025, 5, 5), "calendar days ending on 30/4 → after the 30/4–1/5 break"),
    ],
)
def test_presentation_deadline(issued_on, days, kind, expected, why):
    limit = rules.PresentationLimit(days, working_days=kind is WORKING)
    assert rules.presentation_deadline(issued_on, limit, CAL_2025) == expected, why


@pytest.mark.parametrize(
    ("presented_on", "on", "overdue"),
    [
        (None, date(2025, 3, 9), False),
        (None, date(2025, 3, 10), False),  # the last day itself is still in time
        (None, date(2025, 3, 11), True),
        (date(2025, 3, 10), date(2025, 6, 1), False),
        (date(2025, 3, 12), date(2025, 6, 1), True),
    ],
)
def test_is_overdue(presented_on, on, overdue):
    assert rules.is_overdue(present_by=date(2025, 3, 10), presented_on=presented_on, on=on) is overdue


@pytest.mark.parametrize(
    ("presented_on", "gap"),
    [
        (None, None),
        (date(2025, 3, 1), None),
        (date(2025, 3, 10), None),
        (date(2025, 3, 11), (date(2025, 3, 11), date(2025, 3, 11))),
        (date(2025, 4, 2), (date(2025, 3, 11), date(2025, 4, 2))),
    ],
)
def test_late_gap(presented_on, gap):
    assert rules.late_gap(present_by=date(2025, 3, 10), presented_on=presented_on) == gap


@pytest.mark.parametrize(
    ("start", "end", "errors"),
    [
        (date(2025, 3, 1), date(2025, 9, 1), {}),
        (None, date(2025, 9, 1), {"period_from": "required"}),
        (date(2025, 3, 1), None, {"period_until": "required"}),
        (date(2025, 3, 1), date(2025, 3, 1), {"period_until": "order"}),
    ],
)
def test_temporary_period(start, end, errors):
    assert rules.temporary_period_errors(start, end) == errors


# The rule in force on the issue date, from the shipped data (with the holidays table) -------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("issued_on", "expected", "regulation"),
    [
        # 2021 rule, 30 working days; 2/9 and 3/9/2021 are days off.
        (date(2021, 8, 2), date(2021, 9, 15), "QĐ 24-QĐ/TW"),
        # The 2025 rule changed in this test to 20 working days: a 2025 paper is judged by it.
        (date(2025, 6, 2), date(2025, 6, 30), "QĐ 294-QĐ/TW"),
        # The day before QĐ 24 took effect: the 2016 rule (30 working days).
        (date(2021, 7, 29), date(2021, 9, 13), "QĐ 29-QĐ/TW"),
    ],
)
def test_rule_in_force_on_the_issue_date(issued_on, expected, regulation):
    TransferRule.objects.filter(effective_from=date(2025, 5, 26)).update(present_within_days=20)
    due, rule = queries.deadline_for(issued_on)
    assert (due, regulation in rule.regulation) == (expected, True)


@pytest.mark.django_db
def test_shipped_rules_cite_their_regulations():
    rows = list(TransferRule.objects.order_by("effective_from").values_list("effective_from", "present_within_days"))
    assert rows[-2:] == [(date(2021, 7, 30), 30), (date(2025, 5, 26), 30)]
    assert all(r.regulation for r in TransferRule.objects.all())


@pytest.mark.django_db
def test_no_rule_before_the_first_regulation(world):
    with pytest.raises(ValidationError) as exc:
        services.transfer_issue(
            member=world.member,
            kind="official",
            direction="out",
            to_place="Đảng bộ tỉnh Khác",
            issued_on=date(2011, 1, 10),
            issuer="Huyện ủy An Bình",
            actor=None,
        )
    assert "issued_on" in exc.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("issued_on", "regulation", "working_days"),
    [
        # QĐ 29-QĐ/TW 2016 point 6.3.1 c: "Trong vòng 30 ngày làm việc kể từ ngày giới thiệu chuyển đi".
        (date(2017, 3, 1), "QĐ 29-QĐ/TW", True),
        # QĐ 24-QĐ/TW 2021 and QĐ 294-QĐ/TW 2025 point 6.3.1: "30 ngày làm việc".
        (date(2022, 3, 1), "QĐ 24-QĐ/TW", True),
        (date(2025, 6, 2), "QĐ 294-QĐ/TW", True),
    ],
)
def test_the_unit_of_each_limit_is_data(issued_on, regulation, working_days):
    rule = queries.rule_in_force(issued_on)
    assert regulation in rule.regulation and rule.working_days is working_days
    if rule.effective_from == date(2016, 7, 25):
        assert "làm việc" in rule.note
