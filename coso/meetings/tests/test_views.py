"""Pages of cell meetings: a secretary's month from plan to closed minutes, access by persona."""

import io
from datetime import date, time

import pytest
from django.urls import reverse
from docx import Document

from coso.meetings import services
from coso.meetings.models import AttendanceStatus, Meeting, MeetingStatus

pytestmark = pytest.mark.django_db


def planned(cw, on=date(2025, 3, 20)):
    return services.meeting_plan(cell=cw.cell, kind="regular", planned_on=on, place="Nhà văn hóa", actor=None)


def test_secretary_runs_a_month(client, cw):
    client.force_login(cw.world.secretary_user)
    response = client.post(
        reverse("meetings:create", kwargs={"org_id": cw.cell.pk}),
        {"kind": "regular", "planned_on": "20/03/2025", "planned_time": "19:30", "place": "Nhà văn hóa thôn Đông"},
    )
    meeting = Meeting.objects.get(cell=cw.cell)
    assert response.status_code == 302 and meeting.planned_time == time(19, 30)
    assert client.post(reverse("meetings:notify", kwargs={"meeting_id": meeting.pk})).status_code == 302
    client.post(reverse("meetings:roll_open", kwargs={"meeting_id": meeting.pk}))
    page = client.get(reverse("meetings:attendance", kwargs={"meeting_id": meeting.pk}))
    assert "Đỗ Thị Dung" in page.content.decode()  # transferred in on 15/03, before the meeting
    row = meeting.attendance.get(member=cw.official2)
    mark = reverse("meetings:attendance_mark", kwargs={"meeting_id": meeting.pk})
    response = client.post(mark, {"row": row.pk, "status": "excused"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and f'id="row-{row.pk}"' in response.content.decode()
    assert 'hx-swap-oob="true"' in response.content.decode()
    client.post(mark, {"row": row.pk, "status": "excused", "reason": "Ốm"}, HTTP_HX_REQUEST="true")
    row.refresh_from_db()
    assert (row.status, row.reason) == (AttendanceStatus.EXCUSED, "Ốm")
    client.post(reverse("meetings:all_present", kwargs={"meeting_id": meeting.pk}))
    assert not meeting.attendance.filter(status="").exists()
    response = client.post(
        reverse("meetings:minutes", kwargs={"meeting_id": meeting.pk}),
        {
            "started_at": "19:30",
            "ended_at": "21:10",
            "chair": cw.official.pk,
            "minute_taker": cw.newcomer.pk,
            "content": "Đánh giá tình hình tháng 3.",
            "resolution": "Chi bộ thống nhất các nhiệm vụ tháng 4.",
            "dues_collected": "150000",
        },
    )
    assert response.status_code == 302
    client.post(
        reverse("meetings:task", kwargs={"meeting_id": meeting.pk}),
        {
            "next-kind": "next",
            "next-text": "Ra quân vệ sinh môi trường",
            "next-owner": cw.official.pk,
            "next-due_on": "30/04/2025",
        },
    )
    assert meeting.tasks.count() == 1
    client.post(reverse("meetings:close", kwargs={"meeting_id": meeting.pk}))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    # Closed: the minutes page sends back to the meeting, marks are refused.
    assert client.get(reverse("meetings:minutes", kwargs={"meeting_id": meeting.pk})).status_code == 302
    client.post(mark, {"row": row.pk, "status": "present"})
    row.refresh_from_db()
    assert row.status == AttendanceStatus.EXCUSED


def test_docx_in_party_layout(client, cw, django_assert_max_num_queries):
    meeting = planned(cw)
    services.meeting_open_roll(meeting=meeting, actor=None)
    services.attendance_mark_all_present(meeting=meeting, actor=None)
    services.meeting_record_minutes(
        meeting=meeting,
        data={
            "started_at": time(19, 30),
            "ended_at": time(21),
            "chair": cw.official,
            "minute_taker": cw.official2,
            "resolution": "Chi bộ thống nhất.",
        },
        actor=None,
        today=date(2025, 12, 31),
    )
    client.force_login(cw.world.member_user)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("meetings:docx", kwargs={"meeting_id": meeting.pk}))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    header = "\n".join(c.text for t in doc.tables for c in t.rows[0].cells)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header and "CHI BỘ THÔN ĐÔNG" in header and "ĐẢNG BỘ XÃ AN LẠC" in header
    assert "Xã An Lạc, ngày 20 tháng 3 năm 2025" in header  # the commune, not the cell (issue 8)
    assert "BIÊN BẢN SINH HOẠT CHI BỘ" in text and "NGHỊ QUYẾT" in text
    assert "19 giờ 30 phút" in text and "Có mặt: 5 đồng chí." in text
    assert "Chi bộ thống nhất." in text
    signatures = "\n".join(c.text for t in doc.tables[1:] for c in t.rows[0].cells)
    assert "THƯ KÝ" in signatures and "Phạm Thị Bình" in signatures and "CHỦ TRÌ" in signatures


def test_access_by_persona(client, cw):
    meeting = planned(cw)
    detail = reverse("meetings:detail", kwargs={"meeting_id": meeting.pk})
    edit = reverse("meetings:edit", kwargs={"meeting_id": meeting.pk})
    client.force_login(cw.world.outsider_user)
    assert client.get(detail).status_code == 404
    assert client.post(reverse("meetings:notify", kwargs={"meeting_id": meeting.pk})).status_code == 404
    client.force_login(cw.world.member_user)
    assert client.get(detail).status_code == 200  # own cell's meeting, read-only
    assert client.get(edit).status_code == 403
    assert client.get(reverse("meetings:cell", kwargs={"org_id": cw.cell.pk})).status_code == 404
    other = services.meeting_plan(cell=cw.world.other_cell, kind="regular", planned_on=date(2025, 3, 20), actor=None)
    assert client.get(reverse("meetings:detail", kwargs={"meeting_id": other.pk})).status_code == 404
    client.force_login(cw.world.board_user)
    assert client.get(edit).status_code == 200


def test_member_sees_upcoming_meetings_of_own_cell(client, cw):
    from coso.common.dates import today

    soon = services.meeting_plan(cell=cw.cell, kind="regular", planned_on=today(), place="Nhà văn hóa", actor=None)
    services.meeting_plan(
        cell=cw.world.other_cell, kind="regular", planned_on=today(), place="Hội trường Tây", actor=None
    )
    client.force_login(cw.world.member_user)
    text = client.get(reverse("meetings:mine")).content.decode()
    assert reverse("meetings:detail", kwargs={"meeting_id": soon.pk}) in text
    assert "Hội trường Tây" not in text


def test_plan_year_and_cell_page(client, cw, django_assert_max_num_queries):
    client.force_login(cw.world.secretary_user)
    response = client.post(reverse("meetings:plan_year", kwargs={"org_id": cw.cell.pk}), {"year": 2025})
    assert response.status_code == 302 and response["Location"].endswith("?year=2025")
    assert Meeting.objects.filter(cell=cw.cell).count() == 16
    with django_assert_max_num_queries(20):
        page = client.get(reverse("meetings:cell", kwargs={"org_id": cw.cell.pk}), {"year": 2025})
    assert page.content.decode().count('data-testid="meeting-link"') == 16


def test_correction_page(client, cw):
    meeting = planned(cw)
    services.meeting_open_roll(meeting=meeting, actor=None)
    services.attendance_mark_all_present(meeting=meeting, actor=None)
    services.meeting_record_minutes(
        meeting=meeting,
        data={
            "started_at": time(19, 30),
            "ended_at": time(21),
            "chair": cw.official,
            "minute_taker": cw.official2,
            "resolution": "Chi bộ thống nhất.",
        },
        actor=None,
        today=date(2025, 12, 31),
    )
    services.meeting_close(meeting=meeting, actor=None)
    client.force_login(cw.world.secretary_user)
    url = reverse("meetings:correct", kwargs={"meeting_id": meeting.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "started_at": "19:30",
            "ended_at": "21:00",
            "chair": cw.official.pk,
            "minute_taker": cw.official2.pk,
            "resolution": "Chi bộ thống nhất, có sửa.",
            "reason": "Ghi sót",
        },
    )
    assert response.status_code == 302
    assert meeting.revisions.get().changes["resolution"][1] == "Chi bộ thống nhất, có sửa."


def test_visit_plan_page(client, cw):
    client.force_login(cw.world.board_user)
    url = reverse("meetings:visit_plan", kwargs={"org_id": cw.world.district.pk})
    client.post(url + "?year=2025")
    page = client.get(url, {"year": 2025})
    assert (page.context["visited_count"], len(page.context["items"])) == (0, 1)
    services.visit_record(cell=cw.cell, on=date(2025, 5, 5), visitor_name="Trần Văn Ủy", actor=None)
    assert client.get(url, {"year": 2025}).context["visited_count"] == 1
