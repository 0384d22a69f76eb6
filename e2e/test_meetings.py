"""Browser, on a phone-sized screen: a cell secretary plans a meeting, notifies it, takes attendance
with one tap per member, writes the minutes and closes them; the committee sees the share of its
cells that met every month and opens the list behind the figure."""

import re
from datetime import date, time

from playwright.sync_api import expect

from coso.common.dates import today
from coso.meetings import services
from coso.meetings.models import AttendanceStatus, Meeting, MeetingStatus
from coso.members.choices import EventKind
from coso.organizations.models import OrgKind
from coso.testing.factories import make_member, make_org
from e2e.conftest import login


def _official(org, name):
    return make_member(
        org=org,
        full_name=name,
        admitted_on=date(2015, 1, 10),
        first_event=EventKind.TRANSFERRED_IN,
        entry_status="official",
    )


def test_secretary_runs_a_meeting_on_a_phone(phone_page, e2e_world):
    page, world = phone_page, e2e_world
    chair = _official(world.cell, "Lê Văn Chủ")
    _official(world.cell, "Phạm Thị Thư")
    login(page, "secretary")

    page.goto(page.base_url + f"/meetings/cells/{world.cell.pk}/")
    page.click("[data-testid=new-meeting]")
    page.select_option("#id_kind", "regular")
    page.fill("#id_planned_on", today().strftime("%d/%m/%Y"))
    page.fill("#id_planned_time", "07:00")
    page.fill("#id_place", "Nhà văn hóa thôn Đông")
    page.fill("#id_draft_resolution", "Chi bộ thống nhất nhiệm vụ tháng tới.")
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=status]")).to_have_text(re.compile("Đã lên kế hoạch|Planned"))
    meeting = Meeting.objects.get(cell=world.cell)

    page.click("[data-testid=notify]")
    expect(page.locator("[data-testid=status]")).to_have_text(re.compile("Đã thông báo|Notified"))

    page.click("[data-testid=take-attendance]")
    rows = page.locator("[data-testid=roll-row]")
    expect(rows).to_have_count(3)
    for name in ("Lê Văn Chủ", "Phạm Thị Thư"):
        row = page.locator(f"[data-testid=roll-row][data-member='{name}']")
        row.locator("[data-testid=mark-present]").click()
        expect(page.locator(f"[data-testid=roll-row][data-member='{name}']")).to_have_attribute(
            "data-status", "present"
        )
    absent = page.locator("[data-testid=roll-row][data-member='Nguyễn Văn Tuấn']")
    absent.locator("[data-testid=mark-excused]").click()
    reason = page.locator("[data-testid=roll-row][data-member='Nguyễn Văn Tuấn'] [data-testid=reason]")
    reason.fill("Đi công tác")
    page.locator("[data-testid=roll-row][data-member='Nguyễn Văn Tuấn'] [data-testid=save-reason]").click()
    expect(page.locator("[data-testid=count-unrecorded]")).to_contain_text("0")
    expect(page.locator("[data-testid=count-present]")).to_contain_text("2")
    # Big enough to tap: each attendance button at least 44 px high.
    box = page.locator("[data-testid=mark-present]").first.bounding_box()
    assert box["height"] >= 44

    page.click("[data-testid=to-minutes]")
    page.fill("#id_started_at", "07:00")
    page.fill("#id_ended_at", "08:45")
    page.select_option("#id_chair", str(chair.pk))
    page.select_option("#id_minute_taker", label="Phạm Thị Thư")
    page.fill("#id_content", "Đánh giá kết quả tháng; thảo luận nhiệm vụ tháng tới.")
    page.click("[data-testid=save-minutes]")
    expect(page.locator(".alert-success")).to_be_visible()

    page.on("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=close]")
    expect(page.locator("[data-testid=status]")).to_have_text(re.compile("Đã khóa biên bản|Minutes closed"))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    assert meeting.resolution == "Chi bộ thống nhất nhiệm vụ tháng tới."
    assert meeting.attendance.get(member=world.member).reason == "Đi công tác"
    expect(page.locator("[data-testid=resolution]")).to_contain_text("Chi bộ thống nhất")


def _hold(cell, on, members_present=True):
    meeting = services.meeting_plan(cell=cell, kind="regular", planned_on=on, actor=None)
    services.meeting_open_roll(meeting=meeting, actor=None)
    for row in meeting.attendance.all():
        services.attendance_mark(attendance=row, status=AttendanceStatus.PRESENT, actor=None)
    services.meeting_record_minutes(
        meeting=meeting, data={"started_at": time(8), "ended_at": time(10)}, actor=None, today=date(2025, 12, 31)
    )


def test_committee_sees_share_of_cells_meeting_monthly(phone_page, e2e_world):
    page, world = phone_page, e2e_world
    second = make_org(name="Chi bộ thôn Bắc", kind=OrgKind.CELL, parent=world.commune, code="C01-02")
    _official(second, "Vũ Văn Bắc")
    for month in (1, 2, 3):
        _hold(world.cell, date(2025, month, 10))
        if month != 2:
            _hold(second, date(2025, month, 10))
    login(page, "board")
    page.goto(page.base_url + "/meetings/overview/?from=01/01/2025&to=31/03/2025")
    share = page.locator("[data-testid=share-monthly]")
    expect(share).to_contain_text("1/2")
    expect(share).to_contain_text("50,0%")
    page.click("[data-figure=cells-met-every-month]")
    expect(page.locator("[data-testid=figure-count]")).to_have_text("1")
    expect(page.locator(".figure-row")).to_have_count(1)
    expect(page.locator(".figure-row")).to_contain_text("Chi bộ thôn Đông")
    page.go_back()
    page.click("[data-figure=cells-missed-month]")
    expect(page.locator(".figure-row")).to_contain_text("Chi bộ thôn Bắc")
