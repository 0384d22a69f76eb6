"""Dates as people type them (issue 8, "forms that fit the hand"): digits only, any separator, ISO.

The rules (`coso.common.dates.read_typed_date`): day first as on every Party document; 8 digits are
ddmmyyyy, 6 digits ddmmyy; 7 digits are refused as ambiguous (1012026 is 1/01/2026 or 10/1/2026); a
two-digit year is the latest year ending in those digits not after the last accepted year.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from coso.common.dates import date_max, parse_date, read_typed_date, two_digit_year
from coso.common.forms import DateInput, date_field
from coso.training.models import TrainingClass

LATEST = 2031  # the last accepted year in 2026 (COSO_DATE_YEARS_AHEAD = 5)

TYPED = [
    ("10122026", date(2026, 12, 10)),
    ("01012000", date(2000, 1, 1)),
    ("101226", date(2026, 12, 10)),
    ("150385", date(1985, 3, 15)),
    ("10/12/2026", date(2026, 12, 10)),
    ("10-12-2026", date(2026, 12, 10)),
    ("10.12.2026", date(2026, 12, 10)),
    ("10 12 2026", date(2026, 12, 10)),
    ("10 / 12 / 2026", date(2026, 12, 10)),
    ("10,12,2026", date(2026, 12, 10)),
    ("1/2/2026", date(2026, 2, 1)),
    ("1.2.26", date(2026, 2, 1)),
    ("  21/07/2024 ", date(2024, 7, 21)),
    ("2024-07-21", date(2024, 7, 21)),  # ISO, as tests, browsers and the API send
    ("2024/7/21", date(2024, 7, 21)),
    ("29022024", date(2024, 2, 29)),
    # refused
    ("1012026", None),  # 7 digits: 1/01/2026 or 10/1/2026?
    ("10126", None),
    ("2026", None),
    ("", None),
    ("   ", None),
    ("31022026", None),  # no 31 February
    ("29022025", None),
    ("32/01/2026", None),
    ("10/13/2026", None),
    ("10/12/026", None),  # a three-digit year
    ("10/12", None),
    ("10/12/2026/1", None),
    ("100/12/2026", None),
    ("10/12/2026 10:00", None),
    ("mười/12/2026", None),
    ("10a12a2026", None),
]


@pytest.mark.parametrize(("text", "expected"), TYPED)
def test_read_typed_date(text, expected):
    assert read_typed_date(text, latest_year=LATEST) == expected


@pytest.mark.parametrize(
    ("yy", "latest", "year"),
    [(26, 2031, 2026), (31, 2031, 2031), (32, 2031, 1932), (85, 2031, 1985), (0, 2031, 2000), (99, 2031, 1999)],
)
def test_two_digit_year_century_rule(yy, latest, year):
    assert two_digit_year(yy, latest) == year


def test_parse_date_of_pages_reads_the_same_rules():
    assert parse_date("10122026") == date(2026, 12, 10)
    assert parse_date("nonsense") is None


def test_bad_date_error_names_the_field_and_the_value_in_vietnamese():
    field = date_field("Ngày sinh")
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        field.clean("31022026")
    message = info.value.messages[0]
    assert "“Ngày sinh”" in message and "“31022026”" in message and "ngày/tháng/năm" in message


def test_date_input_has_the_vietnamese_placeholder_and_the_picker():
    with translation.override("vi"):
        html = DateInput().render("on", date(2026, 12, 10))
    assert 'placeholder="ngày/tháng/năm"' in html
    assert "data-datepicker" in html and 'value="10/12/2026"' in html
    assert f'data-latest-year="{date_max().year}"' in html


@pytest.mark.django_db
def test_a_form_posted_with_digits_saves_the_date(client, world):
    client.force_login(world.board_user)
    response = client.post(
        reverse("training:class_create"),
        {
            "organization": world.commune.pk,
            "kind": "awareness",
            "name": "Lớp cảm tình Đảng 12/2026",
            "starts_on": "10122026",
            "ends_on": "15.12.26",
        },
    )
    training_class = TrainingClass.objects.get(name="Lớp cảm tình Đảng 12/2026")
    assert response.status_code == 302
    assert training_class.starts_on == date(2026, 12, 10) and training_class.ends_on == date(2026, 12, 15)


@pytest.mark.django_db
def test_a_form_posted_with_a_bad_date_names_the_field(client, world):
    client.force_login(world.board_user)
    response = client.post(
        reverse("training:class_create"),
        {"organization": world.commune.pk, "kind": "awareness", "name": "Lớp X", "starts_on": "1012026"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    text = response.content.decode()
    assert response.status_code == 400 and not TrainingClass.objects.filter(name="Lớp X").exists()
    assert "“Ngày khai giảng”: “1012026” không phải là ngày. Nhập ngày theo dạng ngày/tháng/năm" in text
