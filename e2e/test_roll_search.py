"""Browser, on a phone: the cell secretary logs in and lands on the cell's next meeting, and on a
long roll types part of a name, without its tone marks, to find the member to mark."""

import re
from datetime import date

from playwright.sync_api import expect

from coso.common.dates import today
from coso.meetings import services
from coso.members.choices import EventKind
from coso.testing.factories import make_member
from e2e.conftest import login


def test_secretary_lands_on_the_next_meeting_and_searches_a_long_roll(phone_page, e2e_world):
    page, world = phone_page, e2e_world
    for i in range(16):
        make_member(
            org=world.cell,
            full_name=f"Trần Văn Số {i:02d}",
            admitted_on=date(2015, 1, 10),
            first_event=EventKind.TRANSFERRED_IN,
            entry_status="official",
        )
    make_member(
        org=world.cell,
        full_name="Đặng Thị Tươi",
        admitted_on=date(2015, 1, 10),
        first_event=EventKind.TRANSFERRED_IN,
        entry_status="official",
    )
    meeting = services.meeting_plan(cell=world.cell, kind="regular", planned_on=today(), actor=None)
    services.meeting_open_roll(meeting=meeting, actor=None)

    login(page, "secretary")
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting.pk}/$"))  # straight to the next meeting

    page.click("[data-testid=take-attendance]")
    rows = page.locator("[data-testid=roll-row]:visible")
    total = rows.count()
    assert total >= 17
    page.fill("[data-testid=roll-search]", "dang thi tuoi")  # no tone marks, no capitals
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-member", "Đặng Thị Tươi")
    rows.first.locator("[data-testid=mark-present]").click()
    expect(page.locator("[data-testid=roll-row][data-member='Đặng Thị Tươi']")).to_have_attribute(
        "data-status", "present"
    )
    expect(rows).to_have_count(1)  # the row swapped in by htmx stays filtered in
    page.fill("[data-testid=roll-search]", "")
    expect(rows).to_have_count(total)
