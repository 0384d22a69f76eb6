"""The one bound on every date and period the system accepts (coso.common.dates; issue 7, security review:
`?from=31/12/9999` ran six minutes, `?on=31/12/9999` and `?on=0041-03-07` answered 500)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from coso.common.dates import BadInput, check_date, check_period, date_max, date_min, date_param, today
from coso.common.forms import date_field
from coso.organizations.forms import VnDateField


def test_bounds_default_to_1930_and_five_years_ahead():
    assert date_min() == date(1930, 1, 1)
    assert date_max() == date(today().year + 5, 12, 31)


@override_settings(COSO_DATE_MIN="1945-09-02", COSO_DATE_YEARS_AHEAD=1)
def test_bounds_are_settings():
    assert date_min() == date(1945, 9, 2)
    assert date_max() == date(today().year + 1, 12, 31)


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        (date(1930, 1, 1), True),
        (date(1929, 12, 31), False),
        (date(41, 3, 7), False),
        (date(9999, 12, 31), False),
        ("max", True),
        ("max+1", False),
    ],
)
def test_check_date(value, accepted):
    if value == "max":
        value = date_max()
    elif value == "max+1":
        value = date(date_max().year + 1, 1, 1)
    if accepted:
        assert check_date(value) == value
    else:
        with pytest.raises(ValidationError) as info:
            check_date(value, field="Ngày")
        assert info.value.code == "date_out_of_range"
        assert "nằm ngoài khoảng ngày hệ thống chấp nhận" in info.value.messages[0]
        assert info.value.messages[0].startswith("“Ngày”")


def test_period_length_is_bounded():
    assert check_period(date(1980, 1, 1), date(2029, 12, 31)) == (date(1980, 1, 1), date(2029, 12, 31))
    with pytest.raises(ValidationError) as info:
        check_period(date(1930, 1, 1), date(2025, 12, 31))
    assert info.value.code == "period_too_long"
    assert "tối đa 50 năm" in info.value.messages[0]


def test_date_param_defaults_for_unreadable_and_refuses_out_of_range():
    assert date_param({}, "on", default=date(2024, 1, 1)) == date(2024, 1, 1)
    assert date_param({"on": "nonsense"}, "on", default=date(2024, 1, 1)) == date(2024, 1, 1)
    assert date_param({"on": "21/07/2024"}, "on") == date(2024, 7, 21)
    with pytest.raises(BadInput) as info:
        date_param({"on": "31/12/9999"}, "on")
    assert "31/12/9999" in info.value.messages[0]


@pytest.mark.parametrize("field", [date_field("Ngày sinh"), VnDateField(label="Ngày sinh")])
def test_form_date_fields_refuse_out_of_range_dates_naming_the_field(field):
    assert field.clean("21/07/2024") == date(2024, 7, 21)
    with pytest.raises(ValidationError) as info:
        field.clean("07/03/0041")
    assert "“Ngày sinh”" in info.value.messages[0]


# Pages answer 400 with the message, never 500 --------------------------------------------------

PAGES = [
    "/admission/worklist/?on=31/12/9999",
    "/organizations/?on=31/12/9999",
    "/transfers/?on=01/01/0041",
    "/reports/?on=31/12/9999",
    "/members/?on=31/12/9999",
    "/meetings/overview/?from=31/12/9999",
    "/meetings/overview/?to=31/12/2400",
    "/meetings/overview/?from=01/01/1930&to=31/12/2025",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_pages_refuse_out_of_range_dates_with_a_400(client, world, url):
    client.force_login(world.board_user)
    response = client.get(url)
    assert response.status_code == 400
    text = response.content.decode()
    assert "nằm ngoài khoảng ngày hệ thống chấp nhận" in text or "quá dài" in text


@pytest.mark.django_db
def test_meetings_overview_period_param_refused_even_with_org(client, world):
    client.force_login(world.board_user)
    response = client.get(f"/meetings/overview/?org={world.district.pk}&from=31/12/9999")
    assert response.status_code == 400
