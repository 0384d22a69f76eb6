from datetime import date
from decimal import Decimal

import pytest

from coso.common.dates import parse_date, years_between
from coso.common.text import fold, format_count, format_date, format_int, format_percent, percent


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Nguyễn Văn Tuấn", "nguyen van tuan"),
        ("NGUYỄN  VĂN   TUẤN", "nguyen van tuan"),
        ("Đặng Thị Đào", "dang thi dao"),
        ("đ Đ", "d d"),
        ("Hoàng Thị Ngọc Ánh", "hoang thi ngoc anh"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold(raw, folded):
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("value", "text"), [(4294, "4.294"), (0, "0"), (1234567, "1.234.567"), (-1200, "-1.200"), (None, "")]
)
def test_format_int(value, text):
    assert format_int(value) == text


@pytest.mark.parametrize(
    ("num", "den", "text"), [(248, 250, "99,2%"), (868, 750, "115,7%"), (9, 14, "64,3%"), (1, 0, "—")]
)
def test_format_percent(num, den, text):
    assert format_percent(num, den) == text


@pytest.mark.parametrize(
    ("num", "den", "text"),
    [
        # ties round half up, as Vietnamese reports do (float formatting gives 6,2% and 0,1%)
        (1, 16, "6,3%"),  # 6,25
        (3, 16, "18,8%"),  # 18,75
        (5, 16, "31,3%"),  # 31,25
        (1, 8, "12,5%"),  # exact
        (1, 400, "0,3%"),  # 0,25
        (1, 2000, "0,1%"),  # 0,05
        (5, 6, "83,3%"),  # 83,33...
        (1, 6, "16,7%"),  # 16,66...
        (2, 3, "66,7%"),
        (0, 7, "0,0%"),
        (7, 7, "100,0%"),
        (150, 100, "150,0%"),
        (None, 5, "—"),
        (5, None, "—"),
    ],
)
def test_format_percent_rounds_half_up_at_the_ties(num, den, text):
    assert format_percent(num, den) == text


def test_percent_is_an_exact_decimal_and_honours_digits():
    assert percent(1, 16) == Decimal("6.3")
    assert percent(1, 16, 0) == Decimal("6")
    assert percent(1, 160, 2) == Decimal("0.63")  # 0,625
    assert format_percent(1, 160, 2) == "0,63%"
    assert format_percent(1, 32, 0) == "3%"  # 3,125
    assert format_percent(1, 16, 0) == "6%"
    assert format_percent(0.5, 8) == "6,3%"  # a float numerator is read as written, not as its binary value
    assert percent(0, 0) is None


@pytest.mark.parametrize(("value", "text"), [(4294, "4.294"), (0, "0"), (1000000, "1.000.000"), (None, "")])
def test_format_count(value, text):
    assert format_count(value) == text


def test_format_and_parse_date():
    assert format_date(date(2024, 7, 21)) == "21/07/2024"
    assert parse_date("21/07/2024") == date(2024, 7, 21)
    assert parse_date("2024-07-21") == date(2024, 7, 21)
    assert parse_date("31/02/2024") is None
    assert parse_date("") is None


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2000, 5, 10), date(2018, 5, 10), 18),
        (date(2000, 5, 10), date(2018, 5, 9), 17),
        # Civil Code 2015 art. 148 cl. 3 (coso.common.dates): born 29/2, a full year on 28/2 of a common year.
        (date(2000, 2, 29), date(2001, 2, 28), 1),
        (date(2000, 2, 29), date(2001, 2, 27), 0),
    ],
)
def test_years_between(born, on, age):
    assert years_between(born, on) == age


def test_sheet_titles_excel_accepts():
    from coso.common.xlsx import sheet_title

    assert sheet_title("Đảng viên: 31/12/2024 [dự bị]") == "Đảng viên  31 12 2024  dự bị"[:31]
    assert len(sheet_title("x" * 40)) == 31
    assert sheet_title("///") == "Sheet1"
