"""Table-driven tests of the cell-meeting rules (HD 12-HD/BTCTW, 18/01/2018, values as shipped).

A 2018 set (regular 1/month, thematic 1/quarter, 90/120 minutes, 1 day notice, 3 months) and a
later test set with different values, so each row shows which set judged it. No database.
"""

from datetime import date, time

import pytest

from coso.meetings import rules
from coso.meetings.rules import AbsenceFact, HeldMeeting

HD_12_2018 = {
    "regular_per_month": 1,
    "thematic_per_quarter": 1,
    "min_minutes": 90,
    "combined_min_minutes": 120,
    "notice_days": 1,
    "removal_absence_months": 3,
}
LATER = {**HD_12_2018, "thematic_per_quarter": 2, "min_minutes": 100, "notice_days": 3, "removal_absence_months": 2}


def values_on(day: date):
    return LATER if day >= date(2026, 1, 1) else HD_12_2018


Y = 2025


@pytest.mark.parametrize(
    ("case", "spans", "start", "end", "expected"),
    [
        ("whole year", [(date(2000, 1, 1), None)], date(Y, 1, 1), date(Y, 12, 31), [(Y, m) for m in range(1, 13)]),
        # Established mid-month: judged from the next month (HD 12: a cell is judged for the months it existed).
        ("established 15/03", [(date(Y, 3, 15), None)], date(Y, 1, 1), date(Y, 12, 31), [(Y, m) for m in range(4, 13)]),
        ("established 01/03", [(date(Y, 3, 1), None)], date(Y, 1, 1), date(Y, 12, 31), [(Y, m) for m in range(3, 13)]),
        # Merged away on 01/07 (version ends that day): judged up to June; merged 15/07: July not judged.
        (
            "merged 01/07",
            [(date(2000, 1, 1), date(Y, 7, 1))],
            date(Y, 1, 1),
            date(Y, 12, 31),
            [(Y, m) for m in range(1, 7)],
        ),
        (
            "merged 15/07",
            [(date(2000, 1, 1), date(Y, 7, 15))],
            date(Y, 1, 1),
            date(Y, 12, 31),
            [(Y, m) for m in range(1, 7)],
        ),
        # As of 20/05: May has not ended, the cell may still meet.
        ("as of 20/05", [(date(2000, 1, 1), None)], date(Y, 1, 1), date(Y, 5, 20), [(Y, m) for m in range(1, 5)]),
        ("as of 31/05", [(date(2000, 1, 1), None)], date(Y, 1, 1), date(Y, 5, 31), [(Y, m) for m in range(1, 6)]),
        # Renamed on 10/04: two versions, no gap, April still judged.
        (
            "renamed 10/04",
            [(date(2000, 1, 1), date(Y, 4, 10)), (date(Y, 4, 10), None)],
            date(Y, 3, 1),
            date(Y, 5, 31),
            [(Y, 3), (Y, 4), (Y, 5)],
        ),
        # Moved out of the subtree on 01/05 and back on 01/06: May not judged for this subtree.
        (
            "away in May",
            [(date(2000, 1, 1), date(Y, 5, 1)), (date(Y, 6, 1), None)],
            date(Y, 4, 1),
            date(Y, 6, 30),
            [(Y, 4), (Y, 6)],
        ),
        ("period starts mid-month", [(date(2000, 1, 1), None)], date(Y, 2, 10), date(Y, 4, 30), [(Y, 3), (Y, 4)]),
    ],
)
def test_judged_months(case, spans, start, end, expected):
    assert rules.judged_months(spans, start, end) == expected, case


@pytest.mark.parametrize(
    ("case", "meetings", "expected"),
    [
        ("all months", [HeldMeeting(date(Y, m, 5), "regular") for m in range(1, 7)], []),
        ("March missing", [HeldMeeting(date(Y, m, 5), "regular") for m in (1, 2, 4, 5, 6)], [(Y, 3)]),
        ("combined counts as regular", [HeldMeeting(date(Y, m, 5), "combined") for m in range(1, 7)], []),
        (
            "thematic alone is not regular",
            [HeldMeeting(date(Y, m, 5), "thematic") for m in range(1, 7)],
            [(Y, m) for m in range(1, 7)],
        ),
        (
            "two in one month do not fill another",
            [HeldMeeting(date(Y, 1, d), "regular") for d in (5, 20)],
            [(Y, m) for m in range(2, 7)],
        ),
    ],
)
def test_missed_months(case, meetings, expected):
    months = [(Y, m) for m in range(1, 7)]
    assert rules.missed_months(months, meetings, values_on) == expected, case


@pytest.mark.parametrize(
    ("case", "spans", "meetings", "expected"),
    [
        (
            "one thematic each quarter (2025 set: 1)",
            [(date(2000, 1, 1), None)],
            [HeldMeeting(date(Y, m, 20), "thematic") for m in (2, 5, 8, 11)],
            [],
        ),
        (
            "Q3 missed",
            [(date(2000, 1, 1), None)],
            [HeldMeeting(date(Y, m, 20), "thematic") for m in (2, 5, 11)],
            [(Y, 3)],
        ),
        (
            "combined counts as thematic",
            [(date(2000, 1, 1), None)],
            [HeldMeeting(date(Y, m, 20), "combined") for m in (1, 4, 7, 10)],
            [],
        ),
        # Established 15/02: Q1 not judged (February and March only partly or wholly, January not).
        (
            "established mid-Q1",
            [(date(Y, 2, 15), None)],
            [HeldMeeting(date(Y, m, 20), "thematic") for m in (5, 8, 11)],
            [],
        ),
    ],
)
def test_missed_thematic_quarters(case, spans, meetings, expected):
    quarters = rules.judged_quarters(spans, date(Y, 1, 1), date(Y, 12, 31))
    assert rules.missed_thematic_quarters(quarters, meetings, values_on) == expected, case


def test_thematic_frequency_comes_from_the_set_in_force():
    """2026 test set asks 2 a quarter: one thematic meeting in Q1/2026 is a miss, in Q1/2025 it is not."""
    spans = [(date(2000, 1, 1), None)]
    for year, expected in ((2025, []), (2026, [(2026, 1)])):
        quarters = rules.judged_quarters(spans, date(year, 1, 1), date(year, 3, 31))
        held = [HeldMeeting(date(year, 2, 20), "thematic")]
        assert rules.missed_thematic_quarters(quarters, held, values_on) == expected


@pytest.mark.parametrize(
    ("kind", "start", "end", "values", "short"),
    [
        ("regular", time(19, 30), time(21, 0), HD_12_2018, False),  # exactly 90
        ("regular", time(19, 30), time(20, 59), HD_12_2018, True),
        ("combined", time(8, 0), time(9, 45), HD_12_2018, True),  # 105 < 120
        ("combined", time(8, 0), time(10, 0), HD_12_2018, False),
        ("thematic", time(8, 0), time(9, 30), LATER, True),  # 90 < 100 under the later set
        ("regular", None, time(9, 30), HD_12_2018, False),  # not recorded: nothing to judge
    ],
)
def test_too_short(kind, start, end, values, short):
    assert rules.too_short(kind, start, end, values) is short


@pytest.mark.parametrize(
    ("meeting_on", "notified_on", "values", "late"),
    [
        (date(Y, 3, 5), date(Y, 3, 4), HD_12_2018, False),  # a day ahead
        (date(Y, 3, 5), date(Y, 3, 5), HD_12_2018, True),  # same day
        (date(Y, 3, 5), None, HD_12_2018, True),  # never notified
        (date(2026, 3, 5), date(2026, 3, 3), LATER, True),  # 2 days, 3 required
        (date(2026, 3, 5), date(2026, 3, 2), LATER, False),
    ],
)
def test_late_notice(meeting_on, notified_on, values, late):
    assert rules.late_notice(meeting_on, notified_on, values) is late


@pytest.mark.parametrize(
    ("case", "facts", "flagged"),
    [
        ("three months, not consecutive", [AbsenceFact(1, date(Y, m, 5), True) for m in (1, 4, 9)], [(1, Y)]),
        ("two months only", [AbsenceFact(1, date(Y, m, 5), True) for m in (1, 4)], []),
        ("three absences in one month count once", [AbsenceFact(1, date(Y, 1, d), True) for d in (5, 12, 20)], []),
        (
            "across two years",
            [
                AbsenceFact(1, date(Y, 11, 5), True),
                AbsenceFact(1, date(Y, 12, 5), True),
                AbsenceFact(1, date(Y + 1, 1, 5), True),
            ],
            [],
        ),
        (
            "dues unpaid three months",
            [AbsenceFact(2, date(Y, m, 5), False, dues_unpaid=True) for m in (2, 3, 4)],
            [(2, Y)],
        ),
        ("absent with reason is not counted", [AbsenceFact(3, date(Y, m, 5), False) for m in (1, 2, 3)], []),
        ("later set: two months suffice", [AbsenceFact(4, date(2026, m, 5), True) for m in (1, 2)], [(4, 2026)]),
    ],
)
def test_removal_flags(case, facts, flagged):
    assert [(f.member_id, f.year) for f in rules.removal_flags(facts, values_on)] == flagged, case


def test_year_plan_follows_existence_and_frequency():
    plan = rules.year_plan_dates(Y, [(date(Y, 3, 10), date(Y, 10, 1))], values_on)
    regular = [d for d, k in plan if k == "regular"]
    thematic = [d for d, k in plan if k == "thematic"]
    assert [d.month for d in regular] == [4, 5, 6, 7, 8, 9]  # 05/03 is before the cell existed
    assert [d.month for d in thematic] == [5, 8]
    later = rules.year_plan_dates(2026, [(date(2000, 1, 1), None)], values_on)
    assert sum(1 for d, k in later if k == "thematic") == 8  # two a quarter under the later set


def test_quarter_helpers():
    assert rules.parse_quarter("2025-Q3") == (2025, 3)
    assert rules.parse_quarter("2025-Q5") is None
    assert rules.parse_quarter("x") is None
    assert rules.quarter_months((2025, 4)) == [(2025, 10), (2025, 11), (2025, 12)]
