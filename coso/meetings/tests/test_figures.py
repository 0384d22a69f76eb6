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
from coso.meetings.models import AttendanceStatus, Meeting, MeetingKind
from coso.organizations.models import OrgKind
from coso.organizations.services import organization_merge
from coso.reports.catalogue import Reading, figures_of
from coso.testing.factories import make_org

FIGURES = {f.slug: f for f in figures_of("meetings")}

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


def reading(org, start=START, end=END) -> Reading:
    return Reading(org, on=end, start=start)


def test_overview_numbers(district):
    r = reading(district["world"].district)
    totals = [r.value(slug) for slug in ("cells", "cells-judged", "cells-met-every-month", "cells-missed-month")]
    assert totals == [4, 4, 3, 1]
    assert r.percent("cells-met-every-month") == "75,0%"
    ov = queries.overview(district["world"].district, START, END)
    by_name = {c.name: c for c in ov.cells}
    assert by_name["Chi bộ thôn Bắc"].missed == [(2025, 3)]
    assert by_name["Chi bộ thôn Nam"].judged == [(2025, m) for m in range(4, 7)]  # established 15/03
    assert by_name["Chi bộ thôn Giữa"].judged == [(2025, m) for m in range(1, 5)]  # merged 01/05
    assert by_name["Chi bộ thôn Đông"].thematic == {(2025, 1): 1, (2025, 2): 1}
    assert r.value("cells-visited") == 1
    assert r.value("attendance-absent", cell=str(district["a"].pk)) == 3


def test_overview_as_of_a_past_date(district):
    """As of 31/03/2025 the new cell C exists but no whole month of it has ended; D is still there."""
    ov = queries.overview(district["world"].district, START, date(2025, 3, 31))
    by_name = {c.name: c for c in ov.cells}
    assert by_name["Chi bộ thôn Nam"].judged == []
    assert by_name["Chi bộ thôn Giữa"].judged == [(2025, 1), (2025, 2), (2025, 3)]
    r = reading(district["world"].district, end=date(2025, 3, 31))
    assert r.value("cells-judged") == 3 and r.value("cells-met-every-month") == 2


def test_removal_flag_three_months(district):
    flags = queries.removal_flags(queries.overview(district["world"].district, START, END))
    assert [(f.name, f.absent_months) for f in flags] == [("Lê Văn An", ((2025, 1), (2025, 2), (2025, 4)))]


def test_removal_flags_of_a_cell_are_filtered_by_identity_not_by_name(district):
    """A cell named like cell A in another commune: its flagged member must not appear under A.

    Before the fix the list kept every flag whose cell NAME was among the chosen cells' names.
    """
    w = district["world"]
    twin = make_org(name=district["a"].name, kind=OrgKind.CELL, parent=w.commune, code="C01-09")
    from coso.meetings.tests.conftest import official_member

    official_member(twin, "Trịnh Văn Song")
    for month in (1, 2, 4):
        hold(twin, date(2025, month, 12), absent=("Trịnh Văn Song",))
    r = reading(w.district)
    everyone = [(f.name, f.cell_id) for f in r.records("removal-flags")]
    assert ("Trịnh Văn Song", twin.pk) in everyone and ("Lê Văn An", district["a"].pk) in everyone
    in_a = [f.name for f in r.records("removal-flags", cell=str(district["a"].pk))]
    in_twin = [f.name for f in r.records("removal-flags", cell=str(twin.pk))]
    assert in_a == ["Lê Văn An"]
    assert in_twin == ["Trịnh Văn Song"]
    assert r.value("removal-flags", cell=str(district["a"].pk)) == 1


def _param_sets(r, slug):
    figure = FIGURES[slug]
    scope = r.scope(figure)
    names = [p.name for p in figure.params]
    sets = [{}]
    for p in figure.params:
        sets += [{p.name: code} for code, _label in p.choices(scope)]
    if "cell" in names and "quarter" in names:
        cells = figure.param_named("cell").choices(scope)
        quarters = figure.param_named("quarter").choices(scope)
        sets += [{"cell": c, "quarter": q} for c, _l in cells for q, _m in quarters]
    return sets


@pytest.mark.parametrize("slug", sorted(FIGURES))
def test_every_figure_count_equals_its_list(district, slug):
    r = reading(district["world"].district)
    nonzero = 0
    for params in _param_sets(r, slug):
        count = r.value(slug, **params)
        assert count == len(list(r.records(slug, **params))), (slug, params)
        nonzero += bool(count)
    assert nonzero, f"{slug}: the scenario should give it at least one non-zero value"


@pytest.mark.parametrize("slug", sorted(FIGURES))
def test_figure_page_lists_the_count(client, district, slug):
    client.force_login(district["world"].board_user)
    org = district["world"].district
    query = {"org": org.pk, "from": "01/01/2025", "to": "30/06/2025"}
    response = client.get(reverse("meetings:figure", kwargs={"figure": slug}), query)
    assert response.status_code == 200
    count = reading(org).value(slug)
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
    # The overview reads ~14 catalogue figures: plain ones in one query, each breakdown in one.
    with django_assert_max_num_queries(24):
        assert client.get(reverse("meetings:overview"), {"from": "01/01/2025", "to": "30/06/2025"}).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("meetings:worklist"), {"to": "30/06/2025"}).status_code == 200
    with django_assert_max_num_queries(20):
        response = client.get(reverse("meetings:figure", kwargs={"figure": "attendance-counted"}), {"to": "30/06/2025"})
        assert response.status_code == 200
