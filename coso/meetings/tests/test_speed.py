"""The pages people wait on: the overview summarizes per cell and pages, the meeting lists export
what they list, the secretary's phone path, the roll's search box, and bounded query counts
(the timings themselves are measured by bench/pages.py, never asserted here)."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coso.common.dates import today
from coso.meetings import services
from coso.meetings import views as meeting_views
from coso.meetings.models import Meeting
from coso.meetings.tests.conftest import official_member
from coso.meetings.tests.test_figures import district, hold  # noqa: F401 - the fixture and its helper
from coso.reports.catalogue import Reading

pytestmark = pytest.mark.django_db
PERIOD = {"from": "01/01/2025", "to": "30/06/2025"}


def _sheet(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    title, *rest = rows  # the title row names the list; the header and the rows follow
    assert title[0] and not any(title[1:])
    assert ws.freeze_panes == "A3"
    return rest


def test_overview_lists_cells_not_members(client, district):  # noqa: F811
    client.force_login(district["world"].board_user)
    response = client.get(reverse("meetings:overview"), PERIOD)
    text = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="members-table"' not in text  # no row per member any more
    assert text.count('data-testid="cell-line"') == 4
    lines = {line.row.name: line.numbers for line in response.context["lines"]}
    r = Reading(district["world"].district, on=date(2025, 6, 30), start=date(2025, 1, 1))
    a = str(district["a"].pk)
    assert lines["Chi bộ thôn Đông"] == {
        "counted": r.value("attendance-counted", cell=a),
        "present": r.value("attendance-present", cell=a),
        "excused": r.value("attendance-excused", cell=a),
        "absent": r.value("attendance-absent", cell=a),
        "visits": 0,
    }
    assert lines["Chi bộ thôn Đông"]["absent"] == 3
    assert sum(n["counted"] for n in lines.values()) == r.value("attendance-counted")


def test_overview_page_two_shows_the_next_cells(client, district, monkeypatch):  # noqa: F811
    monkeypatch.setattr(meeting_views, "CELLS_PER_PAGE", 3)
    client.force_login(district["world"].board_user)
    first = client.get(reverse("meetings:overview"), PERIOD)
    second = client.get(reverse("meetings:overview"), {**PERIOD, "page": 2})
    names = [c.name for c in first.context["ov"].cells]
    assert [line.row.name for line in first.context["lines"]] == names[:3]
    assert [line.row.name for line in second.context["lines"]] == names[3:] and len(names) == 4
    assert "page=2" in first.content.decode() and 'data-testid="pagination"' in first.content.decode()
    assert second.context["totals"] == first.context["totals"]  # the figures are the subtree's, not the page's


def test_overview_xlsx_holds_the_cells_the_page_lists(client, district):  # noqa: F811
    client.force_login(district["world"].board_user)
    page = client.get(reverse("meetings:overview"), PERIOD)
    response = client.get(reverse("meetings:overview_export"), PERIOD)
    assert 'filename="sinh-hoat-chi-bo-' in response["Content-Disposition"]  # named in Vietnamese, folded
    rows = _sheet(response)
    quarters = len(page.context["ov"].quarters)
    assert [r[0] for r in rows[1:]] == [line.row.name for line in page.context["lines"]]
    for row, line in zip(rows[1:], page.context["lines"], strict=True):
        n = line.numbers
        assert row[1] == len(line.row.judged)
        assert row[3 + quarters :] == [n["present"], n["counted"], n["excused"], n["absent"], n["visits"]]


def test_overview_xlsx_needs_the_export_action(client, district):  # noqa: F811
    client.force_login(district["world"].observer_user)
    response = client.get(reverse("meetings:overview_export"), {**PERIOD, "org": district["world"].district.pk})
    assert response.status_code == 403


def test_cell_xlsx_holds_the_meetings_the_page_lists(client, district):  # noqa: F811
    client.force_login(district["world"].secretary_user)
    cell = district["a"]
    page = client.get(reverse("meetings:cell", kwargs={"org_id": cell.pk}), {"year": 2025})
    listed = [m for _month, meetings in page.context["months"] for m in meetings]
    assert 'data-testid="cell-export"' in page.content.decode()
    rows = _sheet(client.get(reverse("meetings:cell_export", kwargs={"org_id": cell.pk}), {"year": 2025}))
    assert len(rows) == 1 + len(listed) and len(listed) >= 6
    assert [r[0].date() for r in rows[1:]] == [m.planned_on for m in listed]
    assert [r[5] for r in rows[1:]] == [m.get_status_display() for m in listed]


def test_visits_paginate_and_export_what_they_list(client, district, monkeypatch):  # noqa: F811
    monkeypatch.setattr(meeting_views, "PAGE_SIZE", 2)
    for day in (11, 12):
        services.visit_record(cell=district["a"], on=date(2025, 4, day), visitor_name=f"Khách {day}", actor=None)
    client.force_login(district["world"].board_user)
    first = client.get(reverse("meetings:visits"), {"year": 2025})
    second = client.get(reverse("meetings:visits"), {"year": 2025, "page": 2})
    assert [v.on.day for v in first.context["visits"]] == [12, 11]
    assert [v.on.day for v in second.context["visits"]] == [10]
    rows = _sheet(client.get(reverse("meetings:visits_export"), {"year": 2025}))
    assert [(r[0].day, r[2]) for r in rows[1:]] == [(12, "Khách 12"), (11, "Khách 11"), (10, "Trần Văn Ủy")]


def test_cell_secretary_lands_on_the_next_meeting(client, cw):
    on = today()
    later = services.meeting_plan(cell=cw.cell, kind="regular", planned_on=on + timedelta(days=20), actor=None)
    sooner = services.meeting_plan(cell=cw.cell, kind="regular", planned_on=on + timedelta(days=3), actor=None)
    services.meeting_plan(cell=cw.cell, kind="regular", planned_on=on - timedelta(days=30), actor=None)
    client.force_login(cw.world.secretary_user)
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home["Location"] == reverse("meetings:next")
    landed = client.get(reverse("meetings:next"))
    assert landed["Location"] == reverse("meetings:detail", kwargs={"meeting_id": sooner.pk})
    mine = client.get(reverse("meetings:mine"))
    assert mine.context["next_up"] == sooner and later.pk != sooner.pk
    assert reverse("meetings:detail", kwargs={"meeting_id": sooner.pk}) in mine.content.decode()


def test_cell_secretary_without_a_meeting_goes_to_the_cell(client, cw):
    client.force_login(cw.world.secretary_user)
    assert client.get(reverse("meetings:next"))["Location"] == reverse("meetings:cell", kwargs={"org_id": cw.cell.pk})


def test_committee_users_still_land_on_the_dashboard(client, cw):
    for user in (cw.world.board_user, cw.world.commune_secretary_user):
        client.force_login(user)
        assert client.get(reverse("home"))["Location"] == reverse("reports:dashboard")
        assert client.get(reverse("meetings:next"))["Location"] == reverse("meetings:mine")


def test_a_long_roll_has_a_search_box(client, cw):
    meeting = services.meeting_plan(cell=cw.cell, kind="regular", planned_on=date(2025, 6, 10), actor=None)
    services.meeting_open_roll(meeting=meeting, actor=None)
    client.force_login(cw.world.secretary_user)
    url = reverse("meetings:attendance", kwargs={"meeting_id": meeting.pk})
    short = client.get(url).content.decode()
    assert "data-roll-search" not in short  # six members fit on a phone screen
    for i in range(meeting_views.ROLL_SEARCH_FROM):
        official_member(cw.cell, f"Trần Văn Số {i}")
    long_meeting = services.meeting_plan(cell=cw.cell, kind="regular", planned_on=date(2025, 7, 10), actor=None)
    services.meeting_open_roll(meeting=long_meeting, actor=None)
    text = client.get(reverse("meetings:attendance", kwargs={"meeting_id": long_meeting.pk})).content.decode()
    assert "data-roll-search" in text and 'data-testid="roll-search"' in text
    assert "meetings/roll_search.js" in text and "<script>" not in text  # a static file, no inline script


def test_query_counts_of_the_pages_people_wait_on(client, district, django_assert_max_num_queries):  # noqa: F811
    world = district["world"]
    client.force_login(world.board_user)
    with django_assert_max_num_queries(24):
        assert client.get(reverse("meetings:overview"), PERIOD).status_code == 200
    with django_assert_max_num_queries(24):
        assert client.get(reverse("meetings:overview_export"), PERIOD).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("meetings:visits"), {"year": 2025}).status_code == 200
    client.force_login(world.secretary_user)
    meeting = Meeting.objects.filter(cell=district["a"]).order_by("planned_on").last()
    with django_assert_max_num_queries(10):
        assert client.get(reverse("meetings:attendance", kwargs={"meeting_id": meeting.pk})).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("meetings:next")).status_code == 302
    with django_assert_max_num_queries(12):
        assert client.get(reverse("meetings:mine")).status_code == 200
    with django_assert_max_num_queries(10):
        response = client.get(reverse("meetings:cell_export", kwargs={"org_id": district["a"].pk}), {"year": 2025})
        assert response.status_code == 200
