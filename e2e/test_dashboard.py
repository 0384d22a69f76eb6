"""Browser: the as-of-date dashboard of a district changes with the date picked, and each figure
opens the list of the members behind it, whose count is the figure."""

import re
from datetime import date

from playwright.sync_api import expect

from coso.members.choices import EventKind
from coso.members.services import member_record_event
from coso.testing.factories import make_member
from e2e.conftest import login


def _card(page, label: str):
    """The headline card whose label is exactly `label`."""
    return page.locator(".stat-card").filter(has=page.locator(".stat-label", has_text=re.compile(f"^{label}$")))


def _show(page, iso_date: str) -> None:
    form = page.get_by_role("search", name="Tổ chức và ngày")
    form.get_by_label("Tính đến ngày").fill(iso_date)
    form.get_by_role("button", name="Xem").click()
    page.wait_for_load_state("networkidle")


def _names(page) -> list[str]:
    """Full names listed on a figure's page (the column after the row number)."""
    return page.locator("table tbody tr td:nth-child(2)").all_inner_texts()


def test_dashboard_as_of_a_date_and_its_figures_open_their_lists(page, e2e_world):
    world = e2e_world
    # Before 2024: Nguyễn Văn Tuấn alone, official since 2011. In 2024 a probationary member joins
    # the cell; a member admitted in the other district the same year must not count.
    member_record_event(member=world.member, kind=EventKind.RECOGNIZED, on=date(2011, 3, 15), actor=None)
    make_member(org=world.cell, full_name="Phạm Thị Mai", admitted_on=date(2024, 5, 10), gender="female")
    make_member(org=world.other_cell, full_name="Vũ Văn Ngoài", admitted_on=date(2024, 5, 10))

    login(page, "board")
    page.goto(page.base_url + "/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đảng bộ huyện An Bình")

    # 31/12/2023: one member, official.
    _show(page, "2023-12-31")
    expect(page.get_by_text("Số liệu tính đến ngày 31/12/2023.")).to_be_visible()
    expect(_card(page, "Đảng viên").locator(".figure-link")).to_have_text("1")
    expect(_card(page, "Đảng viên chính thức").locator(".figure-link")).to_have_text("1")
    expect(_card(page, "Đảng viên dự bị").locator(".figure-link")).to_have_text("0")

    # 31/12/2024: the member admitted in May 2024 is counted, as probationary.
    _show(page, "2024-12-31")
    expect(page.get_by_text("Số liệu tính đến ngày 31/12/2024.")).to_be_visible()
    total = _card(page, "Đảng viên").locator(".figure-link")
    expect(total).to_have_text("2")
    expect(_card(page, "Đảng viên chính thức").locator(".figure-link")).to_have_text("1")
    probationary = _card(page, "Đảng viên dự bị").locator(".figure-link")
    expect(probationary).to_have_text("1")

    # The total opens its list: as many rows as the figure, with the expected names.
    total.click()
    page.wait_for_load_state("networkidle")
    assert "/reports/figures/members_total/" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Đảng viên — Đảng bộ huyện An Bình — tính đến ngày 31/12/2024"
    )
    expect(page.locator("[data-figure-count]")).to_have_text("2")
    expect(page.locator("table tbody tr")).to_have_count(2)
    assert sorted(_names(page)) == ["Nguyễn Văn Tuấn", "Phạm Thị Mai"]
    expect(page.locator("table")).not_to_contain_text("Vũ Văn Ngoài")

    # Back on the dashboard, the probationary figure lists only the new member.
    page.get_by_role("link", name="Về bảng số liệu").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Số liệu tính đến ngày 31/12/2024.")).to_be_visible()
    _card(page, "Đảng viên dự bị").locator(".figure-link").click()
    page.wait_for_load_state("networkidle")
    assert "/reports/figures/members_probationary/" in page.url
    expect(page.locator("[data-figure-count]")).to_have_text("1")
    expect(page.locator("table tbody tr")).to_have_count(1)
    assert _names(page) == ["Phạm Thị Mai"]
    expect(page.locator("table tbody tr").first).to_contain_text("Chi bộ thôn Đông")

    # The same list on 31/12/2023 is empty: the figure and its list agree on every date.
    page.goto(page.url.replace("31%2F12%2F2024", "31%2F12%2F2023").replace("31/12/2024", "31/12/2023"))
    expect(page.locator("[data-figure-count]")).to_have_text("0")
    expect(page.get_by_text("Không có bản ghi nào tại ngày này.")).to_be_visible()
