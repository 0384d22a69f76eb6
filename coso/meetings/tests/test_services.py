"""Services of cell meetings: plan, notify, roll as of the meeting date, minutes, close, correct, visits."""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coso.audit.models import AuditEntry
from coso.meetings import services
from coso.meetings.models import (
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesRevision,
    TaskKind,
    TaskStatus,
    Visit,
    VisitPlanItem,
)
from coso.organizations.models import OrgKind
from coso.testing.factories import make_org

pytestmark = pytest.mark.django_db
TODAY = date(2025, 12, 31)


def aware(y, m, d, hh=8, mm=0):
    return timezone.make_aware(datetime(y, m, d, hh, mm))


def plan(cw, on=date(2025, 3, 20), kind=MeetingKind.REGULAR, **kw):
    return services.meeting_plan(cell=cw.cell, kind=kind, planned_on=on, actor=cw.world.secretary_user, **kw)


def held(cw, on=date(2025, 3, 20), **kw):
    """A meeting with its roll all present and complete minutes."""
    meeting = plan(cw, on=on, **kw)
    services.meeting_open_roll(meeting=meeting, actor=None)
    services.attendance_mark_all_present(meeting=meeting, actor=None)
    services.meeting_record_minutes(
        meeting=meeting,
        data={
            "started_at": time(19, 30),
            "ended_at": time(21, 15),
            "chair": cw.official,
            "minute_taker": cw.official2,
            "content": "Kiểm điểm tháng.",
            "resolution": "Chi bộ thống nhất.",
        },
        actor=None,
        today=TODAY,
    )
    return meeting


def test_plan_writes_audit_and_refuses_a_committee(cw):
    meeting = plan(cw, topic="", place="Nhà văn hóa thôn")
    assert meeting.status == MeetingStatus.PLANNED
    assert AuditEntry.objects.filter(
        model="meetings.meeting", object_id=str(meeting.pk), service="meeting_plan"
    ).exists()
    with pytest.raises(ValidationError) as exc:
        services.meeting_plan(cell=cw.world.commune, kind="regular", planned_on=date(2025, 3, 1), actor=None)
    assert "cell" in exc.value.message_dict


def test_thematic_needs_a_topic_and_preparer_must_be_a_member(cw):
    with pytest.raises(ValidationError) as exc:
        plan(cw, kind=MeetingKind.THEMATIC)
    assert "topic" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        plan(cw, preparer=cw.newcomer, on=date(2025, 3, 10))  # transferred in on 15/03
    assert "preparer" in exc.value.message_dict
    assert plan(cw, preparer=cw.newcomer, on=date(2025, 3, 20)).preparer == cw.newcomer


def test_plan_year_follows_rule_set_and_existence(world):
    cell = make_org(name="Chi bộ Mới", kind=OrgKind.CELL, parent=world.commune, on=date(2025, 3, 10))
    created = services.meetings_plan_year(cell=cell, year=2025, actor=None)
    regular = [m for m in created if m.kind == MeetingKind.REGULAR]
    thematic = [m for m in created if m.kind == MeetingKind.THEMATIC]
    assert [m.planned_on.month for m in regular] == list(range(4, 13))  # 05/03 is before the cell existed
    assert [m.planned_on.month for m in thematic] == [5, 8, 11]
    # Running it again adds nothing: each month already has its meeting.
    assert services.meetings_plan_year(cell=cell, year=2025, actor=None) == []


def test_notify_records_time_and_warns_when_late(cw):
    meeting = plan(cw)
    notice = services.meeting_notify(meeting=meeting, at=aware(2025, 3, 20, 7), actor=None)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.NOTIFIED and meeting.notified_at == aware(2025, 3, 20, 7)
    assert notice.late and notice.days_given == 0 and notice.minimum == 1
    assert "12-HD/BTCTW" in notice.regulation
    on_time = services.meeting_notify(meeting=plan(cw, on=date(2025, 4, 20)), at=aware(2025, 4, 18), actor=None)
    assert not on_time.late and on_time.days_given == 2


def test_roll_as_of_meeting_date(cw):
    before = plan(cw, on=date(2025, 3, 10))
    after = plan(cw, on=date(2025, 3, 20))
    rows_before = {a.member: a for a in services.meeting_open_roll(meeting=before, actor=None)}
    rows_after = {a.member: a for a in services.meeting_open_roll(meeting=after, actor=None)}
    assert cw.newcomer not in rows_before and cw.newcomer in rows_after  # transferred in on 15/03
    assert rows_after[cw.probationary].probationary and not rows_after[cw.probationary].voting
    assert rows_after[cw.official].voting and not rows_after[cw.official].probationary
    assert rows_after[cw.exempt].exempt
    attached = rows_after[cw.attached]
    assert attached.attached and not attached.voting and not attached.counted


def test_roll_rerun_follows_a_changed_date_and_keeps_marks(cw):
    meeting = plan(cw, on=date(2025, 3, 20))
    rows = {a.member: a for a in services.meeting_open_roll(meeting=meeting, actor=None)}
    services.attendance_mark(attendance=rows[cw.official], status=AttendanceStatus.PRESENT, actor=None)
    services.meeting_update(meeting=meeting, data={"planned_on": date(2025, 3, 10)}, actor=None)
    rows = {a.member: a for a in services.meeting_open_roll(meeting=meeting, actor=None)}
    assert cw.newcomer not in rows
    assert rows[cw.official].status == AttendanceStatus.PRESENT


def test_review_tasks_carry_over_from_the_previous_meeting(cw):
    first = held(cw, on=date(2025, 2, 20))
    services.task_add(meeting=first, kind=TaskKind.NEXT, text="Vận động đóng đảng phí", owner=cw.official, actor=None)
    second = plan(cw, on=date(2025, 3, 20))
    services.meeting_open_roll(meeting=second, actor=None)
    review = second.tasks.get(kind=TaskKind.REVIEW)
    assert review.text == "Vận động đóng đảng phí" and review.owner == cw.official


def test_minutes_warn_when_short_and_refuse_future(cw):
    meeting = plan(cw, on=date(2025, 3, 20), kind=MeetingKind.COMBINED, topic="Học tập chuyên đề")
    result = services.meeting_record_minutes(
        meeting=meeting, data={"started_at": time(8), "ended_at": time(9, 45)}, actor=None, today=TODAY
    )
    assert result.too_short and result.minutes == 105 and result.minimum == 120
    assert meeting.status == MeetingStatus.HELD
    future = plan(cw, on=date(2026, 3, 20))
    with pytest.raises(ValidationError):
        services.meeting_record_minutes(meeting=future, data={}, actor=None, today=TODAY)
    with pytest.raises(ValidationError) as exc:
        services.meeting_record_minutes(
            meeting=meeting, data={"started_at": time(9), "ended_at": time(8)}, actor=None, today=TODAY
        )
    assert "ended_at" in exc.value.message_dict


def test_close_lists_what_is_missing_then_locks(cw):
    meeting = plan(cw)
    services.meeting_open_roll(meeting=meeting, actor=None)
    with pytest.raises(ValidationError) as exc:
        services.meeting_close(meeting=meeting, actor=None)
    text = " ".join(exc.value.messages)
    assert "Lê Văn An" in text  # attendance not recorded, by name
    meeting = held(cw, on=date(2025, 4, 20))
    row = meeting.attendance.get(member=cw.official2)
    services.attendance_mark(attendance=row, status=AttendanceStatus.EXCUSED, reason="", actor=None)
    with pytest.raises(ValidationError) as exc:
        services.meeting_close(meeting=meeting, actor=None)
    assert "Phạm Thị Bình" in " ".join(exc.value.messages)
    services.attendance_mark(attendance=row, status=AttendanceStatus.EXCUSED, reason="Ốm", actor=None)
    services.meeting_close(meeting=meeting, actor=cw.world.secretary_user)
    assert meeting.status == MeetingStatus.CLOSED and meeting.closed_by == cw.world.secretary_user
    with pytest.raises(ValidationError):
        services.attendance_mark(attendance=row, status=AttendanceStatus.PRESENT, actor=None)
    with pytest.raises(ValidationError):
        services.guest_add(meeting=meeting, name="Khách", actor=None)
    with pytest.raises(ValidationError):
        services.meeting_record_minutes(meeting=meeting, data={"resolution": "x"}, actor=None, today=TODAY)


def test_close_needs_reviewed_tasks(cw):
    first = held(cw, on=date(2025, 2, 20))
    services.task_add(meeting=first, kind=TaskKind.NEXT, text="Việc A", actor=None)
    services.meeting_close(meeting=first, actor=None)
    second = held(cw, on=date(2025, 3, 20))
    with pytest.raises(ValidationError):
        services.meeting_close(meeting=second, actor=None)
    services.task_review(task=second.tasks.get(kind=TaskKind.REVIEW), status=TaskStatus.DONE, actor=None)
    services.meeting_close(meeting=second, actor=None)


def test_correction_is_an_audited_revision(cw):
    meeting = held(cw)
    services.meeting_close(meeting=meeting, actor=None)
    with pytest.raises(ValidationError) as exc:
        services.meeting_correct(meeting=meeting, data={"resolution": "Mới"}, reason="", actor=None)
    assert "reason" in exc.value.message_dict
    row = meeting.attendance.get(member=cw.official2)
    revision = services.meeting_correct(
        meeting=meeting,
        data={"resolution": "Chi bộ thống nhất, bổ sung."},
        reason="Thư ký ghi thiếu",
        attendance={row.pk: (AttendanceStatus.ABSENT, "")},
        actor=cw.world.secretary_user,
    )
    assert revision.number == 1
    assert revision.changes["resolution"] == ["Chi bộ thống nhất.", "Chi bộ thống nhất, bổ sung."]
    assert "attendance:Phạm Thị Bình" in revision.changes
    row.refresh_from_db()
    assert row.status == AttendanceStatus.ABSENT
    assert AuditEntry.objects.filter(service="meeting_correct", model="meetings.minutesrevision").count() == 1
    second = services.meeting_correct(meeting=meeting, data={"place": "Hội trường"}, reason="Sai địa điểm", actor=None)
    assert second.number == 2
    with pytest.raises(ValidationError):
        services.meeting_correct(meeting=meeting, data={"place": "Hội trường"}, reason="Không đổi", actor=None)
    assert MinutesRevision.objects.filter(meeting=meeting).count() == 2


def test_vote_cannot_exceed_voting_members_present(cw):
    meeting = held(cw)
    voters = meeting.attendance.filter(status=AttendanceStatus.PRESENT, voting=True).count()
    assert voters == 4  # officials incl. the exempted one who came; not the probationary, not the attached
    services.vote_record(meeting=meeting, subject="Nghị quyết", in_favour=4, against=0, abstained=0, actor=None)
    with pytest.raises(ValidationError):
        services.vote_record(meeting=meeting, subject="Nghị quyết", in_favour=5, against=0, abstained=0, actor=None)


def test_visit_adds_a_higher_level_guest_and_plan_covers_every_cell(cw):
    meeting = plan(cw)
    visit = services.visit_record(
        cell=cw.cell,
        meeting=meeting,
        on=date(2000, 1, 1),
        visitor_name="Trần Văn Ủy",
        visitor_position="Ủy viên Ban Thường vụ",
        findings="Chuẩn bị chu đáo.",
        actor=None,
    )
    assert visit.on == meeting.planned_on
    assert meeting.guests.get().is_higher_level
    make_org(name="Chi bộ thôn Nam", kind=OrgKind.CELL, parent=cw.world.commune)
    vplan = services.visit_plan_create(committee=cw.world.district, year=2025, actor=None)
    assert VisitPlanItem.objects.filter(plan=vplan).count() == 2
    with pytest.raises(ValidationError):
        services.visit_plan_create(committee=cw.world.district, year=2025, actor=None)
    assert Visit.objects.count() == 1


def test_cancel_only_unheld(cw):
    meeting = plan(cw)
    services.meeting_cancel(meeting=meeting, actor=None)
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=held(cw), actor=None)
