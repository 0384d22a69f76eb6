"""The working-day calendar seeded from the `holidays` package (Vietnam), the table on top, and the
refusal to count across a year it does not cover (`coso.rulesets.calendar`, README §Rules).

Days off: Labour Code 2019 art. 112 (Tết: five days; the government's yearly notice fixes which,
the package carries it); deadlines in working days: QĐ 24-QĐ/TW 2021 / QĐ 294-QĐ/TW 2025 ("60
ngày làm việc").
"""

from datetime import date

import pytest

from coso.rulesets.calendar import PACKAGE_LAST_YEAR, Calendar, CalendarNotCovered
from coso.rulesets.services import holiday_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        (date(2020, 1, 23), False, "29 Tết Canh Tý"),
        (date(2020, 1, 24), False, "Giao thừa 2020"),
        (date(2020, 1, 27), False, "Mùng 3 Tết 2020 (Monday)"),
        (date(2020, 1, 29), False, "Mùng 5 Tết 2020"),
        (date(2020, 1, 30), True, "back to work after Tết 2020"),
        (date(2020, 4, 2), False, "Giỗ Tổ Hùng Vương 2020"),
        (date(2022, 1, 3), False, "New Year 2022 falls on a Saturday: Monday off"),
        (date(2026, 11, 24), False, "Ngày Văn hóa Việt Nam, from 2026"),
        (date(2027, 2, 4), False, "29 Tết Đinh Mùi"),
        (date(2027, 2, 5), False, "Giao thừa 2027"),
        (date(2027, 2, 8), False, "Tết 2027, Monday"),
        (date(2027, 2, 10), False, "Mùng 5 Tết 2027"),
        (date(2027, 2, 11), True, "back to work after Tết 2027"),
        (date(2025, 4, 26), True, "Saturday worked in exchange for 2/5/2025"),
        (date(2025, 5, 2), False, "the day off it bought"),
        (date(2009, 1, 26), False, "Tết 2009, for deadlines of the 2006–2011 rule sets"),
    ],
)
def test_days_off_come_from_the_package(day, working, why):
    assert Calendar.load().is_working_day(day) is working, why


def test_a_deadline_crossing_into_2027_counts_tet_2027():
    # 40 working days from 15/12/2026: December 16–31 (12), 1/1 off, January 4–29 (20), 1–3/2 (3),
    # Tết 4–10/2 off, then 11, 12, 15, 16, 17/2. Without Tết 2027 the count ended on 10/2, five
    # working days early (the defect).
    assert Calendar.load().add_working_days(date(2026, 12, 15), 40) == date(2027, 2, 17)


def test_a_deadline_into_a_year_not_covered_is_refused_naming_the_year():
    calendar = Calendar.load()
    assert PACKAGE_LAST_YEAR == 2027
    with pytest.raises(CalendarNotCovered) as exc:
        calendar.add_working_days(date(2027, 12, 1), 60)
    assert exc.value.year == 2028
    assert "2028" in exc.value.messages[0]
    with pytest.raises(CalendarNotCovered):
        calendar.is_working_day(date(1990, 5, 2))


def test_a_year_the_table_holds_is_covered_and_its_rows_apply():
    holiday_create(day=date(2028, 1, 3), name="Nghỉ bù Tết Dương lịch 2028 (thông báo)", actor=None)
    holiday_create(day=date(2028, 1, 8), name="Làm bù (thông báo)", is_working_day=True, actor=None)
    calendar = Calendar.load()
    assert not calendar.is_working_day(date(2028, 1, 3))
    assert calendar.is_working_day(date(2028, 1, 8))  # a Saturday worked in exchange
    assert not calendar.is_working_day(date(2028, 1, 26))  # Tết Mậu Thân 2028 from the package
    assert calendar.add_working_days(date(2027, 12, 30), 3) == date(2028, 1, 5)  # 31/12, 1/1 off, 3/1 off


def test_a_table_row_marking_a_package_day_off_as_worked_wins():
    holiday_create(day=date(2027, 9, 3), name="Làm việc theo thông báo riêng", is_working_day=True, actor=None)
    assert Calendar.load().is_working_day(date(2027, 9, 3))  # the package has 3/9/2027 off
