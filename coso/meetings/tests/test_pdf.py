"""The minutes as PDF: a real PDF with the same lines as the .docx, the commune on the date line,
and the meeting's scope (404 outside)."""

from datetime import date, time

import pytest
from django.urls import reverse

from coso.meetings import documents, services
from coso.organizations.services import organization_rename
from coso.testing.papers import assert_same_lines, docx_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(cw):
    meeting = services.meeting_plan(
        cell=cw.cell, kind="regular", planned_on=date(2025, 3, 20), place="Nhà văn hóa", actor=None
    )
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
    return meeting


def test_minutes_pdf_has_the_lines_of_the_docx(client, cw, held):
    client.force_login(cw.world.member_user)
    response = client.get(reverse("meetings:minutes_pdf", kwargs={"meeting_id": held.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "BIÊN BẢN SINH HOẠT CHI BỘ" in text and "CHI BỘ THÔN ĐÔNG" in text and "Phạm Thị Bình" in text
    assert "Xã An Lạc, ngày 20 tháng 3 năm 2025" in text
    paper = documents.minutes_paper(held)
    docx = client.get(reverse("meetings:docx", kwargs={"meeting_id": held.pk})).content
    assert "Xã An Lạc, ngày 20 tháng 3 năm 2025" in docx_text(docx)
    assert_same_lines(paper, docx, response.content)
    page = client.get(reverse("meetings:detail", kwargs={"meeting_id": held.pk})).content.decode()
    assert reverse("meetings:minutes_pdf", kwargs={"meeting_id": held.pk}) in page


def test_the_place_is_the_commune_as_the_tree_stood(cw):
    """The commune renamed into a ward after the meeting: the minutes keep the name of the day."""
    organization_rename(organization=cw.world.commune, name="Đảng bộ phường An Lạc", on=date(2025, 7, 1), actor=None)
    assert documents.place_on(cw.cell, date(2025, 3, 20)) == "Xã An Lạc"
    assert documents.place_on(cw.cell, date(2025, 8, 1)) == "Phường An Lạc"


def test_an_outsider_gets_404(client, cw, held):
    client.force_login(cw.world.outsider_user)
    assert client.get(reverse("meetings:minutes_pdf", kwargs={"meeting_id": held.pk})).status_code == 404
