"""Browser: a board member browses the dated organization tree from the district down to a cell
(sub-units load with htmx when a node is opened) and opens the cell's page to see its members."""

from datetime import date

from playwright.sync_api import expect

from coso.members.choices import EventKind
from coso.members.services import member_record_event
from coso.testing.factories import make_member
from e2e.conftest import login


def _row(page, name: str):
    """The row (summary or leaf) of one node of the tree, found by the link with its name."""
    link = page.get_by_role("link", name=name, exact=True)
    return page.locator("summary, .org-leaf").filter(has=link)


def test_board_user_browses_the_tree_down_to_a_cell_and_sees_its_member(page, e2e_world):
    world = e2e_world
    # One official member (recognized) and one probationary member in the cell, one in the
    # other district: the district shows 2 = 1 official + 1 probationary.
    member_record_event(member=world.member, kind=EventKind.RECOGNIZED, on=date(2011, 3, 15), actor=None)
    make_member(org=world.cell, full_name="Lê Thị Lan", admitted_on=date(2020, 5, 19), gender="female")
    make_member(org=world.other_cell, full_name="Đỗ Văn Bắc", admitted_on=date(2020, 5, 19))

    login(page, "board")
    page.goto(page.base_url + "/organizations/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hệ thống tổ chức đảng")

    tree = page.get_by_role("list", name="Hệ thống tổ chức đảng")
    # The board user's area of work is the district only: the other district is not shown.
    expect(tree.get_by_role("link", name="Đảng bộ huyện An Bình", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Đảng bộ huyện Bắc Sơn")).to_have_count(0)

    district = _row(page, "Đảng bộ huyện An Bình")
    expect(district.locator(".org-counts .total")).to_have_text("2")
    expect(district.locator(".org-counts .split")).to_have_text("1 chính thức · 1 dự bị")

    # A single root comes open with its children: the commune is listed, the cell not yet loaded.
    commune = _row(page, "Đảng bộ xã An Lạc")
    expect(commune).to_be_visible()
    expect(commune.locator(".org-counts .total")).to_have_text("2")
    cell_link = page.get_by_role("link", name="Chi bộ thôn Đông", exact=True)
    expect(cell_link).to_have_count(0)

    # Opening the commune fetches its sub-units with htmx.
    with page.expect_response(lambda r: f"/organizations/{world.commune.pk}/children/" in r.url) as response:
        commune.locator(".twisty").click()
    assert response.value.status == 200
    expect(cell_link).to_be_visible()
    cell = _row(page, "Chi bộ thôn Đông")
    expect(cell.locator(".org-counts .total")).to_have_text("2")
    expect(cell.locator(".org-counts .split")).to_have_text("1 chính thức · 1 dự bị")

    # The cell's page lists its members on today's date.
    cell_link.click()
    page.wait_for_load_state("networkidle")
    assert f"/organizations/{world.cell.pk}/" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Chi bộ thôn Đông")
    breadcrumb = page.get_by_role("navigation", name="Đường dẫn")
    expect(breadcrumb).to_contain_text("Đảng bộ xã An Lạc")
    members = page.locator("#members")
    expect(members).to_contain_text("Đảng viên ngày")
    expect(members.get_by_role("link", name="Nguyễn Văn Tuấn", exact=True)).to_be_visible()
    expect(members.get_by_role("link", name="Lê Thị Lan", exact=True)).to_be_visible()
    expect(members.locator("tbody tr")).to_have_count(2)
    expect(members).not_to_contain_text("Đỗ Văn Bắc")

    # The member's name opens the record.
    members.get_by_role("link", name="Nguyễn Văn Tuấn", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert f"/members/{world.member.pk}/" in page.url
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nguyễn Văn Tuấn")
