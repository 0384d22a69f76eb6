"""Browser: the register's search finds a member typed without diacritics, in any case, and only
within the user's area of work."""

from datetime import date

import pytest
from playwright.sync_api import expect

from coso.testing.factories import make_member
from e2e.conftest import login


@pytest.mark.parametrize("typed", ["nguyen van tuan", "NGUYEN VAN TUAN"])
def test_search_without_diacritics_finds_the_member_in_scope_only(page, e2e_world, typed):
    world = e2e_world
    # Near misses in the district, and a namesake in the other district (out of the board's scope).
    make_member(org=world.cell, full_name="Nguyễn Văn Tú", admitted_on=date(2012, 4, 2))
    make_member(org=world.commune, full_name="Nguyễn Thị Tuấn Anh", admitted_on=date(2012, 4, 2), gender="female")
    make_member(org=world.other_cell, full_name="Nguyễn Văn Tuấn", date_of_birth=date(1970, 2, 3))

    login(page, "board")
    page.goto(page.base_url + "/members/")
    table = page.locator("table")
    # Before searching, the board user sees the district's members and not the other district's.
    expect(table.get_by_role("link", name="Nguyễn Văn Tú", exact=True)).to_be_visible()
    expect(page.get_by_text("Trần Thị Hoa")).to_have_count(0)

    filters = page.locator("#member-filters")
    filters.get_by_label("Tìm kiếm", exact=True).fill(typed)
    filters.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_load_state("networkidle")

    expect(page.locator("#result-count")).to_contain_text("Tìm thấy 1 đảng viên")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(1)
    found = rows.get_by_role("link", name="Nguyễn Văn Tuấn", exact=True)
    expect(found).to_be_visible()
    expect(rows).to_contain_text("Chi bộ thôn Đông")
    # Neither the near misses nor the other district's members are listed.
    expect(table).not_to_contain_text("Nguyễn Văn Tú")
    expect(table).not_to_contain_text("Tuấn Anh")
    expect(table).not_to_contain_text("Trần Thị Hoa")
    expect(table).not_to_contain_text("Chi bộ thôn Tây")
    # The search box keeps what was typed.
    expect(filters.get_by_label("Tìm kiếm", exact=True)).to_have_value(typed)

    found.click()
    page.wait_for_load_state("networkidle")
    assert f"/members/{world.member.pk}/" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Văn Tuấn")


def test_search_for_the_other_districts_member_finds_nothing(page, e2e_world):
    login(page, "board")
    page.goto(page.base_url + "/members/")
    filters = page.locator("#member-filters")
    filters.get_by_label("Tìm kiếm", exact=True).fill("tran thi hoa")
    filters.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_load_state("networkidle")

    expect(page.locator("#result-count")).to_contain_text("Tìm thấy 0 đảng viên")
    expect(page.get_by_text("Không có đảng viên nào phù hợp với bộ lọc.")).to_be_visible()
    expect(page.locator("table")).not_to_contain_text("Trần Thị Hoa")
