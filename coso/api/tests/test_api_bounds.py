"""Refused API input is a 400 with `[{field, code, message}]` in Vietnamese, never a 500 (coso.api.params;
issue 7, security review: each URL below answered 500)."""

import pytest

from coso.api.params import MAX_LIMIT

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def board(client, world):
    client.force_login(world.board_user)
    return client


def refused(response, field, code):
    assert response.status_code == 400, response.content
    body = response.json()
    assert {"field": field, "code": code} == {k: body["errors"][0][k] for k in ("field", "code")}
    assert body["detail"] == " ".join(e["message"] for e in body["errors"])
    return body["errors"][0]["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/organizations/{org}/counts?on=0041-03-07",
        "/admission/worklist?on=9999-12-31",
        "/members/{member}/party-age?on=9999-12-31",
        "/organizations?on=1929-12-31",
        "/members?on=9999-12-31",
        "/transfers?on=9999-12-31",
        "/badges?occasion=9999-05-19",
    ],
)
def test_out_of_range_dates_are_a_400_naming_the_parameter(board, world, url):
    response = board.get(API + url.format(org=world.district.pk, member=world.member.pk))
    message = refused(response, url.rsplit("?", 1)[1].split("=")[0], "date_out_of_range")
    assert message.startswith("“")
    assert "nằm ngoài khoảng ngày hệ thống chấp nhận" in message


def test_huge_offset_is_a_400(board):
    message = refused(board.get(f"{API}/members?offset=99999999999999999999"), "offset", "less_than_equal")
    assert "Không được lớn hơn 10.000.000" in message


def test_large_limit_is_cut_to_the_page_bound(board):
    assert MAX_LIMIT == 500
    assert board.get(f"{API}/members?limit=99999999999999999999").status_code == 200


@pytest.mark.parametrize("endpoint", ["/members", "/candidates", "/transfers"])
def test_nul_character_in_search_is_a_400(board, endpoint):
    message = refused(board.get(f"{API}{endpoint}", {"q": "Nguyễn\x00"}), "q", "null_character")
    assert "NUL" in message


def test_overlong_search_is_a_400(board):
    message = refused(board.get(f"{API}/members", {"q": "a" * 201}), "q", "string_too_long")
    assert message


def test_malformed_date_is_a_400_in_vietnamese(board):
    message = refused(board.get(f"{API}/organizations?on=31/12/2009"), "on", "date_from_datetime_parsing")
    assert "YYYY-MM-DD" in message and "Phải là một ngày" in message


def test_unknown_code_stays_a_400_with_the_list(board):
    response = board.get(f"{API}/members", {"ethnicity": "zz"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "ethnicity"
    assert "không có trong danh mục" in response.json()["detail"]


@pytest.mark.parametrize("param", ["ethnicity", "gender", "religion", "status", "q"])
def test_a_nul_in_any_filter_is_a_400_naming_it(board, param):
    """PostgreSQL refuses NUL in a text: the fuzz found `?ethnicity=%00` answering 500 there."""
    message = refused(board.get(f"{API}/members", {param: "\x00"}), param, "null_character")
    assert f"“{param}”" in message and "NUL" in message


def test_a_nul_in_a_page_parameter_is_the_vietnamese_400_page(board):
    response = board.get("/members/", {"ethnicity": "a\x00b"})
    assert response.status_code == 400
    assert "“ethnicity”" in response.content.decode()
