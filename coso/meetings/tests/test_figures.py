"""The committee's figures: right numbers for a subtree and period (as the tree stood then), every
figure equal to the length of its list, and a bounded number of queries on the overview and worklist.

District D01 in the first half of 2025: cell A (C01-01) meets every month, cell B misses March,
cell C is established on 15/03 and meets from April, cell D meets until it is merged into A on
01/05. So 3 of 4 cells met every month they existed: "3/4 — 75,0%".
"""

from datetime import date, time

import pytest
from django.urls import reverse

from coso.meetings import queries, services
from coso.meetings.figures import FIGURES
from coso.meetings.models import AttendanceStatus, Meeting, MeetingKind
from coso.organizations.models import OrgKind
from coso.organizations.services import organization_merge
from coso.testing.factories import make_org

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 6, 30)


def hold(cell, on, kind=MeetingKind.REGULAR, *, absent=(), excused=(), minutes=120, notified=True):
    meeting = services.meeting_plan(
        cell=cell, kind=kind, planned_on=on, topic="Chuyên đề" if kind != "regular" else "", actor=None
    )
    if notified:
        from datetime import datetime

        from django.utils import timezone

        services.meeting_notify(
            meeting=meeting, at=timezone.make_aware(datetime.combine(on.replace(day=on.day - 2), time(8))), actor=None
        )
    services.meeting_open_roll(meeting=meeting, actor=None)
    for row in meeting.attendance.select_related("member"):
        status = AttendanceStatus.ABSENT if row.member.full_name in absent else AttendanceStatus.PRESENT
        if row.member.full_name in excused:
            status = AttendanceStatus.EXCUSED
        services.attendance_mark(attendance=row, status=status, reason="Đi công tác", actor=None)
    services.meeting_record_minutes(
        meeting=meeting,
        data={"started_at": time(8), "ended_at": time(8 + minutes // 60, minutes % 60)},
        actor=None,
        today=date(2025, 12, 31),
    )
    return meeting


@pytest.fixture
def district(cw):
    w = cw.world
    b = make_org(name="Chi bộ thôn Bắc", kind=OrgKind.CELL, parent=w.commune, code="C01-02")
    c = make_org(name="Chi bộ thôn Nam", kind=OrgKind.CELL, parent=w.commune, code="C01-03", on=date(2025, 3, 15))
    d = make_org(name="Chi bộ thôn Giữa", kind=OrgKind.CELL, parent=w.commune, code="C01-04")
    from coso.meetings.tests.conftest import official_member

    official_member(b, "Vũ Văn Bắc")
    official_member(c, "Vũ Văn Nam", on=date(2025, 3, 15))
    official_member(d, "Vũ Văn Giữa")
    for month in range(1, 7):
        absent = ("Lê Văn An",) if month in (1, 2, 4) else ()
        kind = MeetingKind.COMBINED if month in (2, 5) else MeetingKind.REGULAR
        excused = ("Phạm Thị Bình",) if month == 3 else ()
        hold(cw.cell, date(2025, month, 10), kind, absent=absent, excused=excused)
        if month != 3:
            hold(b, date(2025, month, 10), minutes=60 if month == 1 else 120)
        if month >= 4:
            hold(c, date(2025, month, 10))
        if month <= 4:
            hold(d, date(2025, month, 10))
    organization_merge(sources=[d], target=cw.cell, on=date(2025, 5, 1), actor=None)
    services.visit_record(cell=b, on=date(2025, 4, 10), visitor_name="Trần Văn Ủy", actor=None)
    return {"a": cw.cell, "b": b, "c": c, "d": d, "world": w}


def test_overview_numbers(district):
    ov = queries.overview(district["world"].district, START, END)
    totals = ov.totals()
    assert (totals["cells"], totals["judged"], totals["met"], totals["missed"]) == (4, 4, 3, 1)
    by_name = {c.name: c for c in ov.cells}
    assert by_name["Chi bộ thôn Bắc"].missed == [(2025, 3)]
    assert by_name["Chi bộ thôn Nam"].judged == [(2025, m) for m in range(4, 7)]  # established 15/03
    assert by_name["Chi bộ thôn Giữa"].judged == [(2025, m) for m in range(1, 5)]  # merged 01/05
    assert by_name["Chi bộ thôn Đông"].thematic == {(2025, 1): 1, (2025, 2): 1}
    assert totals["visited"] == 1
    assert by_name["Chi bộ thôn Đông"].absent == 3


def test_overview_as_of_a_past_date(district):
    """As of 31/03/2025 the new cell C exists but no whole month of it has ended; D is still there."""
    ov = queries.overview(district["world"].district, START, date(2025, 3, 31))
    by_name = {c.name: c for c in ov.cells}
    assert by_name["Chi bộ thôn Nam"].judged == []
    assert by_name["Chi bộ thôn Giữa"].judged == [(2025, 1), (2025, 2), (2025, 3)]
    assert ov.totals()["judged"] == 3 and ov.totals()["met"] == 2


def test_removal_flag_three_months(district):
    flags = queries.removal_flags(queries.overview(district["world"].district, START, END))
    assert [(f.name, f.absent_months) for f in flags] == [("Lê Văn An", ((2025, 1), (2025, 2), (2025, 4)))]


def _param_sets(ov, slug):
    figure = FIGURES[slug]
    sets = [{}]
    if "cell" in figure.params:
        sets += [{"cell": c.cell_id} for c in ov.cells]
    if "quarter" in figure.params:
        sets += [{"quarter": q} for q in ov.quarters]
        sets += [{"cell": c.cell_id, "quarter": q} for c in ov.cells for q in ov.quarters]
    if "member" in figure.params:
        sets += [{"member": r.member_id} for r in queries.member_rates(ov)]
    return sets


@pytest.mark.parametrize("slug", sorted(FIGURES))
def test_every_figure_count_equals_its_list(district, slug):
    ov = queries.overview(district["world"].district, START, END)
    figure = FIGURES[slug]
    nonzero = 0
    for params in _param_sets(ov, slug):
        count = figure.count(ov, params)
        assert count == len(figure.rows(ov, params)), (slug, params)
        nonzero += bool(count)
    assert nonzero, f"{slug}: the scenario should give it at least one non-zero value"


@pytest.mark.parametrize("slug", sorted(FIGURES))
def test_figure_page_lists_the_count(client, district, slug):
    client.force_login(district["world"].board_user)
    org = district["world"].district
    query = {"org": org.pk, "from": "01/01/2025", "to": "30/06/2025"}
    response = client.get(reverse("meetings:figure", kwargs={"figure": slug}), query)
    assert response.status_code == 200
    ov = queries.overview(org, START, END)
    count = FIGURES[slug].count(ov, {})
    assert response.context["count"] == count
    assert response.content.decode().count('class="figure-row"') == min(count, 100)


def test_figure_refuses_a_cell_outside_the_subtree(client, district):
    client.force_login(district["world"].board_user)
    url = reverse("meetings:figure", kwargs={"figure": "cells"})
    other = district["world"].other_cell.pk
    assert client.get(url, {"cell": other, "from": "01/01/2025", "to": "30/06/2025"}).status_code == 404
    assert client.get(reverse("meetings:figure", kwargs={"figure": "nope"})).status_code == 404


def test_overview_page_shows_the_share(client, district):
    client.force_login(district["world"].board_user)
    response = client.get(reverse("meetings:overview"), {"from": "01/01/2025", "to": "30/06/2025"})
    text = response.content.decode()
    assert "75,0%" in text
    assert 'data-figure="cells-met-every-month">3</a>/' in text


def test_worklist(client, district):
    items = queries.worklist(district["world"].district, date(2025, 4, 5))
    assert [i.cell_name for i in items["no_meeting"]] == ["Chi bộ thôn Bắc"]  # March missed
    assert [i.cell_name for i in items["too_short"]] == ["Chi bộ thôn Bắc"]  # 60 minutes in January
    assert [i.detail["name"] for i in items["removal"]] == []  # only Jan and Feb by 05/04
    items = queries.worklist(district["world"].district, date(2025, 6, 30))
    assert [i.detail["name"] for i in items["removal"]] == ["Lê Văn An"]
    assert {(i.cell_name, i.detail["quarter"]) for i in items["thematic_missed"]} >= {("Chi bộ thôn Bắc", (2025, 1))}
    late = Meeting.objects.filter(cell=district["b"]).first()
    late.notified_at = None
    late.save()
    items = queries.worklist(district["world"].district, date(2025, 6, 30))
    assert [i.meeting_id for i in items["late_notice"]] == [late.pk]


def test_overview_and_worklist_query_counts(client, district, django_assert_max_num_queries):
    client.force_login(district["world"].board_user)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("meetings:overview"), {"from": "01/01/2025", "to": "30/06/2025"}).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("meetings:worklist"), {"to": "30/06/2025"}).status_code == 200
    with django_assert_max_num_queries(20):
        response = client.get(reverse("meetings:figure", kwargs={"figure": "attendance-counted"}), {"to": "30/06/2025"})
        assert response.status_code == 200
