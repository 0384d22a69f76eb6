"""Importing meeting books and visits: a good file imports exactly, every kind of bad row is named
and nothing is written, the scope is the uploader's, and a member's history decides their cell.

The test world: cell C01-01 "Chi bộ thôn Đông" under commune C01 under district D01, where
`board_user` holds the board role; `secretary_user` is secretary of C01-01 only. Cell C01-02 is
added here, and Lê Văn Chuyển moves from C01-01 to C01-02 on 01/06/2020.
"""

from datetime import date, datetime, time
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from coso.audit.models import AuditEntry
from coso.imports.columns import header_text
from coso.imports.parsing import CellError, read_time
from coso.meetings import importer
from coso.meetings.models import Attendance, AttendanceStatus, Guest, Meeting, MeetingKind, MeetingStatus, Visit
from coso.members.choices import EventKind
from coso.members.services import member_record_event
from coso.organizations.models import OrgKind
from coso.reports.catalogue import Reading
from coso.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db

AN, BINH, MOVER, BAC = "001080000011", "001080000012", "001080000013", "001080000014"


def book(sheets: dict, *, as_bytes: bool = False) -> object:
    """A workbook with one sheet per (label, columns) → rows of {column key: value}."""
    wb = Workbook()
    wb.remove(wb.active)
    for (label, columns), rows in sheets.items():
        ws = wb.create_sheet(str(label))
        ws.append([header_text(c) for c in columns])
        for row in rows:
            ws.append([row.get(c.key) for c in columns])
    buffer = BytesIO()
    wb.save(buffer)
    if as_bytes:
        return buffer.getvalue()
    buffer.seek(0)
    return load_workbook(buffer, read_only=True)


def meetings_book(meetings, attendance=(), *, as_bytes=False):
    return book(
        {
            (importer.SHEET_MEETINGS, tuple(importer.MEETING_COLUMNS)): meetings,
            (importer.SHEET_ATTENDANCE, tuple(importer.ATTENDANCE_COLUMNS)): attendance,
        },
        as_bytes=as_bytes,
    )


def meeting(on="05/03/2019", cell="C01-01", kind="regular", **extra):
    return {"cell": cell, "on": on, "kind": kind, **extra}


def mark(key, on="05/03/2019", cell="C01-01", status="present", **extra):
    return {"cell": cell, "on": on, "member": key, "status": status, **extra}


@pytest.fixture
def bloc(world):
    north = make_org(name="Chi bộ thôn Bắc", kind=OrgKind.CELL, parent=world.commune, code="C01-02")
    an = make_member(org=world.cell, full_name="Lê Văn An", citizen_id=AN, admitted_on=date(2012, 1, 10))
    binh = make_member(org=world.cell, full_name="Phạm Thị Bình", citizen_id=BINH, admitted_on=date(2012, 1, 10))
    mover = make_member(org=world.cell, full_name="Lê Văn Chuyển", citizen_id=MOVER, admitted_on=date(2012, 1, 10))
    bac = make_member(org=north, full_name="Vũ Văn Bắc", citizen_id=BAC, admitted_on=date(2012, 1, 10))
    member_record_event(member=mover, kind=EventKind.TRANSFERRED, on=date(2020, 6, 1), organization=north, actor=None)
    return {"world": world, "north": north, "an": an, "binh": binh, "mover": mover, "bac": bac}


def reasons(plan) -> list[tuple[str, int, str, str]]:
    return [(e["sheet"], e["row"], e["column"], e["reason"]) for e in plan.errors]


def test_a_good_book_imports_exactly_and_the_figures_read_it(bloc):
    w = bloc["world"]
    meetings = [meeting(f"05/{m:02d}/2019", started_at="19:30", ended_at=time(21, 30), chair=AN) for m in range(1, 7)]
    meetings.append(meeting("20/02/2019", kind="thematic", topic="Học tập Nghị quyết"))
    meetings.append(meeting("06/03/2019", cell="C01-02", content="Bàn kế hoạch", minute_taker=BAC))
    attendance = []
    for m in range(1, 7):
        on = f"05/{m:02d}/2019"
        attendance += [
            mark(AN, on),
            mark(int(BINH), on, status="excused" if m == 2 else "present", reason="Đi công tác"),
            mark(MOVER, on, status="absent" if m in (1, 3) else "present"),
        ]
    plan = importer.validate_meetings(meetings_book(meetings, attendance), user=w.board_user)
    assert plan.ok, plan.errors
    assert (plan.total_rows, plan.rows_planned) == (26, 26)
    assert plan.summary == {"Sinh hoạt chi bộ": 8, "Lượt điểm danh": 18}
    assert plan.preview["rows"][0] == ["C01-01", "Chi bộ thôn Đông", "05/01/2019", "Sinh hoạt thường kỳ", ""]
    assert Meeting.objects.count() == 0  # the check writes nothing

    assert importer.write_meetings(plan, actor=w.board_user) == 8
    assert Meeting.objects.filter(cell=w.cell).count() == 7
    assert Meeting.objects.filter(status=MeetingStatus.HELD).count() == 8
    assert Attendance.objects.count() == 18
    assert Attendance.objects.filter(status=AttendanceStatus.ABSENT).count() == 2
    excused = Attendance.objects.get(status=AttendanceStatus.EXCUSED)
    assert (excused.member, excused.reason, excused.meeting.planned_on) == (
        bloc["binh"],
        "Đi công tác",
        date(2019, 2, 5),
    )
    assert Attendance.objects.get(member=bloc["an"], meeting__planned_on=date(2019, 1, 5)).reason == ""
    first = Meeting.objects.get(cell=w.cell, planned_on=date(2019, 1, 5))
    assert (first.started_time, first.ended_time, first.chair) == (time(19, 30), time(21, 30), bloc["an"])
    assert Meeting.objects.get(cell=bloc["north"]).minute_taker == bloc["bac"]
    assert Meeting.objects.get(kind=MeetingKind.THEMATIC).topic == "Học tập Nghị quyết"
    assert AuditEntry.objects.filter(service=importer.SERVICE_MEETINGS).count() == 26

    reading = Reading(w.district, on=date(2019, 6, 30), start=date(2019, 1, 1))
    assert reading.value("meetings-held") == 8
    assert reading.value("thematic-meetings") == 1
    assert reading.value("attendance-absent", cell=str(w.cell.pk)) == 2
    assert reading.value("attendance-present") == 15
    assert reading.value("cells-met-every-month") == 1  # C01-01 met every month; C01-02 did not


def test_the_import_job_dry_runs_then_writes(bloc, settings, tmp_path):
    """Through the registry and the job runner: the dry run shows counts and rows, the confirmed
    run writes them."""
    from coso.imports.models import JobStatus
    from coso.imports.tests.factories import run_kind

    settings.MEDIA_ROOT = tmp_path
    w = bloc["world"]
    content = meetings_book([meeting()], [mark(AN), mark(BINH, status="absent")], as_bytes=True)
    dry = run_kind(w.board_user, "cell_meetings", content, confirmed=False)
    assert (dry.status, dry.summary) == (JobStatus.READY, {"Sinh hoạt chi bộ": 1, "Lượt điểm danh": 2})
    assert Meeting.objects.count() == 0
    job = run_kind(w.board_user, "cell_meetings", content)
    assert (job.status, job.rows_written, job.created_count) == (JobStatus.SUCCEEDED, 3, 1)
    assert Attendance.objects.filter(meeting__cell=w.cell).count() == 2


def test_the_roll_flags_come_from_the_spell(bloc, cw):
    """Probationary members do not vote; an attached member is listed apart, without a vote; exempt is marked."""
    w = bloc["world"]
    rows = [
        mark(w.member.citizen_id, "05/03/2025"),
        mark(cw.attached.citizen_id, "05/03/2025"),
        mark(cw.exempt.citizen_id, "05/03/2025"),
        mark(AN, "05/03/2025"),
    ]
    plan = importer.validate_meetings(meetings_book([meeting("05/03/2025")], rows), user=w.board_user)
    assert plan.ok, plan.errors
    importer.write_meetings(plan, actor=None)
    flags = {
        a.member_id: (a.probationary, a.voting, a.attached, a.exempt)
        for a in Attendance.objects.filter(meeting__planned_on=date(2025, 3, 5))
    }
    assert flags == {
        w.member.pk: (True, False, False, False),
        cw.attached.pk: (True, False, True, False),
        cw.exempt.pk: (False, True, False, True),
        bloc["an"].pk: (True, False, False, False),  # admitted in 2012, never recognized in the test data
    }


def test_a_member_who_moved_counts_for_the_old_cell_before_the_move_only(bloc):
    w = bloc["world"]
    before = meetings_book(
        [meeting("05/03/2020"), meeting("05/09/2020", cell="C01-02")],
        [mark(MOVER, "05/03/2020"), mark(MOVER, "05/09/2020", cell="C01-02")],
    )
    plan = importer.validate_meetings(before, user=w.board_user)
    assert plan.ok, plan.errors

    after = meetings_book([meeting("05/09/2020")], [mark(MOVER, "05/09/2020")])
    plan = importer.validate_meetings(after, user=w.board_user)
    assert reasons(plan) == [
        (
            "Điểm danh",
            2,
            "Số CCCD hoặc số thẻ đảng viên",
            "Lê Văn Chuyển không phải là đảng viên của Chi bộ thôn Đông vào ngày 05/09/2020 "
            "(thời gian sinh hoạt ở chi bộ: 10/01/2012 – 01/06/2020).",
        )
    ]
    assert plan.error_count == 1 and plan.rows_planned == 0


@pytest.mark.parametrize(
    ("meetings", "attendance", "where", "needle"),
    [
        ([meeting(cell="X99")], [], ("Cuộc họp", 2, "cell"), "X99"),
        ([meeting(on="05/03/2099")], [], ("Cuộc họp", 2, "on"), ""),
        ([meeting(on="05/03/1999")], [], ("Cuộc họp", 2, "cell"), "1999"),
        ([meeting(kind="weekly")], [], ("Cuộc họp", 2, "kind"), ""),
        ([meeting(kind="thematic")], [], ("Cuộc họp", 2, "topic"), ""),
        ([meeting(), meeting(on="25/03/2019")], [], ("Cuộc họp", 3, "kind"), "03/2019"),
        ([meeting(), meeting()], [], ("Cuộc họp", 3, "on"), ""),
        ([meeting(started_at="21:00", ended_at="19:00")], [], ("Cuộc họp", 2, "ended_at"), ""),
        ([meeting(started_at="7 giờ sáng")], [], ("Cuộc họp", 2, "started_at"), ""),
        ([meeting(chair="009999999999")], [], ("Cuộc họp", 2, "chair"), ""),
        ([meeting()], [mark("009999999999")], ("Điểm danh", 2, "member"), ""),
        ([meeting()], [mark(AN, status="late")], ("Điểm danh", 2, "status"), ""),
        ([meeting()], [mark(AN, status="excused")], ("Điểm danh", 2, "reason"), ""),
        ([meeting()], [mark(AN), mark(AN)], ("Điểm danh", 3, "member"), ""),
        ([meeting()], [mark(AN, on="06/03/2019")], ("Điểm danh", 2, "on"), ""),
        ([meeting()], [mark(None)], ("Điểm danh", 2, "member"), ""),
    ],
    ids=[
        "unknown-cell",
        "future",
        "cell-not-yet-established",
        "unknown-kind",
        "thematic-without-topic",
        "second-regular-in-a-month",
        "two-meetings-one-day",
        "ends-before-start",
        "unreadable-time",
        "unknown-chair",
        "unknown-member",
        "unknown-attendance-status",
        "excused-without-reason",
        "marked-twice",
        "no-such-meeting",
        "missing-member",
    ],
)
def test_each_bad_row_is_named_and_nothing_is_written(bloc, meetings, attendance, where, needle):
    w = bloc["world"]
    good = meeting("05/04/2019")  # a good row beside the bad one: all or nothing
    plan = importer.validate_meetings(meetings_book([*meetings, good], attendance), user=w.board_user)
    assert not plan.ok
    sheet, row, key = where
    columns = {c.key: c for c in (*importer.MEETING_COLUMNS, *importer.ATTENDANCE_COLUMNS)}
    named = [(e["sheet"], e["row"], e["column"]) for e in plan.errors]
    assert (sheet, row, str(columns[key].header)) in named, plan.errors
    assert all(e["reason"] for e in plan.errors)
    assert needle in " ".join(e["reason"] + e["value"] for e in plan.errors)
    assert plan.meetings == [] and plan.attendance == []
    with pytest.raises(ValueError):
        importer.write_meetings(plan, actor=w.board_user)
    assert Meeting.objects.count() == 0 and Attendance.objects.count() == 0


def test_a_meeting_already_recorded_is_refused(bloc):
    w = bloc["world"]
    importer.write_meetings(importer.validate_meetings(meetings_book([meeting()]), user=w.board_user), actor=None)
    plan = importer.validate_meetings(meetings_book([meeting()]), user=w.board_user)
    assert [(e["row"], e["reason"]) for e in plan.errors] == [
        (2, "Buổi sinh hoạt của chi bộ này vào ngày này đã được ghi nhận.")
    ]
    assert Meeting.objects.count() == 1


def test_a_cell_outside_the_uploaders_scope_is_refused(bloc):
    """The secretary of C01-01 may write its minutes, not those of C01-02 nor another district's."""
    w = bloc["world"]
    ok = importer.validate_meetings(meetings_book([meeting()], [mark(AN)]), user=w.secretary_user)
    assert ok.ok, ok.errors
    for code in ("C01-02", "C02-01"):
        plan = importer.validate_meetings(meetings_book([meeting(cell=code)]), user=w.secretary_user)
        assert [(e["row"], e["value"]) for e in plan.errors] == [(2, code)]
    outsider = importer.validate_meetings(meetings_book([meeting()]), user=w.outsider_user)
    assert outsider.error_count == 1
    # Unknown and out of scope read alike.
    unknown = importer.validate_meetings(meetings_book([meeting(cell="NOPE")]), user=w.secretary_user)
    assert unknown.errors[0]["reason"] == outsider.errors[0]["reason"]


def test_a_member_outside_the_files_cells_reads_as_unknown(bloc):
    """Another district's member is not named: the file learns nothing about other committees."""
    w = bloc["world"]
    plan = importer.validate_meetings(meetings_book([meeting()], [mark(w.other_member.citizen_id)]), user=w.board_user)
    unknown = importer.validate_meetings(meetings_book([meeting()], [mark("009999999999")]), user=w.board_user)
    assert plan.errors[0]["reason"] == unknown.errors[0]["reason"]
    assert "Trần Thị Hoa" not in plan.errors[0]["reason"]


def test_the_template_reads_back_as_an_empty_book(bloc):
    w = bloc["world"]
    wb = load_workbook(BytesIO(importer.meetings_template(w.board_user)), read_only=True)
    assert [ws.title for ws in wb.worksheets] == ["Cuộc họp", "Điểm danh", "Giá trị hợp lệ"]
    values = list(wb["Giá trị hợp lệ"].iter_rows(values_only=True))
    codes = {value for row in values for value in row if value}
    assert {"C01-01", "C01-02", "Sinh hoạt thường kỳ", "Vắng có lý do"} <= codes and "C02-01" not in codes
    assert not {"regular", "excused"} & codes  # no English code reaches the template
    assert [c.value for c in next(wb["Cuộc họp"].iter_rows(min_row=2, max_row=2))][:3] == [
        "C01-01",
        datetime(2016, 3, 5),
        "Sinh hoạt thường kỳ",
    ]
    plan = importer.validate_meetings(wb, user=w.board_user)
    assert plan.errors[0]["reason"] == "Trang tính không có dòng dữ liệu nào."
    assert importer.MeetingsImporter().count_rows(wb) == 2  # the example rows, skipped by the check


# Visits ------------------------------------------------------------------------------------------


def visits_book(rows):
    return book({(importer.SHEET_VISITS, tuple(importer.VISIT_COLUMNS)): rows})


def visit(on="05/03/2019", cell="C01-01", **extra):
    return {"cell": cell, "on": on, "visitor_name": "Trần Văn Ủy", "visitor_position": "Huyện ủy viên", **extra}


def test_visits_import_and_join_the_meeting_of_that_day(bloc):
    w = bloc["world"]
    importer.write_meetings(importer.validate_meetings(meetings_book([meeting()]), user=w.board_user), actor=None)
    rows = [visit(committee="C01", findings="Sinh hoạt nền nếp"), visit("10/05/2019", cell="C01-02", committee="D01")]
    plan = importer.validate_visits(visits_book(rows), user=w.board_user)
    assert plan.ok, plan.errors
    assert importer.write_visits(plan, actor=w.board_user) == 2
    first = Visit.objects.get(cell=w.cell)
    assert (first.meeting.planned_on, first.committee, first.findings) == (
        date(2019, 3, 5),
        w.commune,
        "Sinh hoạt nền nếp",
    )
    assert Visit.objects.get(cell=bloc["north"]).meeting is None
    assert list(Guest.objects.values_list("name", "is_higher_level")) == [("Trần Văn Ủy", True)]
    assert Reading(w.district, on=date(2019, 12, 31), start=date(2019, 1, 1)).value("visits") == 2


@pytest.mark.parametrize(
    ("row", "key"),
    [
        (visit(cell="C02-01"), "cell"),
        (visit(on="05/03/2099"), "on"),
        (visit(visitor_name=""), "visitor_name"),
        (visit(committee="C02"), "committee"),
        (visit(committee="C01-01"), "committee"),
        (visit(committee="NOPE"), "committee"),
    ],
    ids=[
        "out-of-scope-cell",
        "future",
        "no-visitor",
        "committee-elsewhere",
        "committee-is-the-cell",
        "unknown-committee",
    ],
)
def test_each_bad_visit_is_named_and_nothing_is_written(bloc, row, key):
    w = bloc["world"]
    plan = importer.validate_visits(visits_book([visit("06/06/2019"), row]), user=w.board_user)
    header = str(next(c for c in importer.VISIT_COLUMNS if c.key == key).header)
    assert [(e["row"], e["column"]) for e in plan.errors][:1] == [(3, header if key != "visitor_name" else header + "")]
    assert plan.visits == []
    assert Visit.objects.count() == 0


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (time(19, 30), time(19, 30)),
        (0.8125, time(19, 30)),  # Excel stores a time as a fraction of the day
        ("19:30", time(19, 30)),
        ("19h30", time(19, 30)),
        ("19 giờ 30", time(19, 30)),
        ("8h", time(8, 0)),
        ("", None),
        (None, None),
    ],
)
def test_times_are_read_as_people_write_them(cell, expected):
    assert read_time(cell) == expected


@pytest.mark.parametrize("cell", ["25:00", "sáng", "19:75"])
def test_an_unreadable_time_is_refused(cell):
    with pytest.raises(CellError):
        read_time(cell)
