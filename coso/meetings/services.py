"""Writes of cell meetings: plan, notify, take the roll, write and close the minutes, correct, visits.

Every service runs in a transaction and writes its audit rows. Rules come from the meetings rule
set in force on the meeting date (HD 12-HD/BTCTW): a late notice or a short meeting is recorded
with a warning (the meeting did happen), while structural faults are refused with a
`ValidationError` naming the field. Closed minutes are read-only; `meeting_correct` is the only
way to change them and it leaves a numbered `MinutesRevision` with its reason.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.audit.services import audit_bulk_create, audit_create, audit_delete, audit_update, snapshot
from coso.common.files import delete_stored_file_on_failure
from coso.common.text import format_date
from coso.common.versions import lock_and_check
from coso.meetings import queries, rules
from coso.meetings.models import (
    Attendance,
    AttendanceStatus,
    Guest,
    Meeting,
    MeetingDocument,
    MeetingKind,
    MeetingStatus,
    MinutesRevision,
    TaskItem,
    TaskKind,
    TaskStatus,
    Visit,
    VisitPlan,
    VisitPlanItem,
    Vote,
)
from coso.members.choices import SpellStatus
from coso.members.models import Member
from coso.organizations.models import CELL_KINDS, Organization
from coso.organizations.queries import subtree_versions, version_on
from coso.rulesets.queries import rules_in_force

PLAN_FIELDS = ("kind", "planned_on", "place", "topic", "preparer", "draft_resolution")
MINUTES_FIELDS = ("started_at", "ended_at", "chair", "minute_taker", "content", "resolution", "dues_collected")
CORRECTABLE_FIELDS = (*MINUTES_FIELDS, "topic", "place")
TIME_FIELDS = ("started_at", "ended_at")


def at_on(day: date, value: time | datetime | None) -> datetime | None:
    """A time of day on the meeting date as an aware datetime (Asia/Ho_Chi_Minh)."""
    if value is None or isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(day, value))


def _require_cell(cell: Organization, on: date) -> None:
    if cell.kind not in CELL_KINDS:
        raise ValidationError({"cell": _("%(org)s is not a party cell.") % {"org": cell.name}})
    if version_on(cell, on) is None:
        raise ValidationError(
            {"planned_on": _("%(org)s does not exist on %(date)s.") % {"org": cell.name, "date": format_date(on)}}
        )


def _require_open(meeting: Meeting) -> None:
    if meeting.is_closed:
        raise ValidationError(
            _("The minutes of %(meeting)s are closed and read-only; record a correction instead.")
            % {"meeting": meeting}
        )


def _require_member_of_cell(field: str, member: Member | None, cell: Organization, on: date) -> None:
    if member is None:
        return
    if not queries.cell_members(cell, on).filter(pk=member.pk).exists():
        raise ValidationError(
            {
                field: _("%(name)s is not a member of %(cell)s on %(date)s.")
                % {"name": member.full_name, "cell": cell.name, "date": format_date(on)}
            }
        )


# Planning ----------------------------------------------------------------------------------------


@transaction.atomic
def meeting_plan(
    *,
    cell: Organization,
    kind: str,
    planned_on: date,
    planned_time: time | None = None,
    place: str = "",
    topic: str = "",
    preparer: Member | None = None,
    draft_resolution: str = "",
    actor,
) -> Meeting:
    """Plan one meeting of `cell` (the secretary assigns the content and the draft resolution)."""
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Unknown kind of meeting: %(kind)s.") % {"kind": kind}})
    _require_cell(cell, planned_on)
    if kind != MeetingKind.REGULAR and not (topic or "").strip():
        raise ValidationError({"topic": _("A thematic meeting needs its topic.")})
    _require_member_of_cell("preparer", preparer, cell, planned_on)
    meeting = Meeting.objects.create(
        cell=cell,
        kind=kind,
        planned_on=planned_on,
        planned_at=at_on(planned_on, planned_time),
        place=(place or "").strip(),
        topic=(topic or "").strip(),
        preparer=preparer,
        draft_resolution=draft_resolution or "",
    )
    audit_create(actor=actor, obj=meeting, service="meeting_plan")
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict, version: int | None = None, actor) -> Meeting:
    """Change the plan of a meeting not yet held (date, time, place, topic, preparer, draft).

    `version` is the one the form was loaded with; a stale one is refused (`common.versions`)."""
    lock_and_check(meeting, version, fields=(*PLAN_FIELDS, "planned_at"))
    _require_open(meeting)
    if meeting.is_held:
        raise ValidationError(_("The meeting has been held: change the minutes, not the plan."))
    before = snapshot(meeting)
    planned_time = data.get("planned_time", meeting.planned_time)
    for name in PLAN_FIELDS:
        if name in data:
            setattr(meeting, name, data[name])
    meeting.planned_at = at_on(meeting.planned_on, planned_time)
    _require_cell(meeting.cell, meeting.planned_on)
    if meeting.kind != MeetingKind.REGULAR and not (meeting.topic or "").strip():
        raise ValidationError({"topic": _("A thematic meeting needs its topic.")})
    _require_member_of_cell("preparer", meeting.preparer, meeting.cell, meeting.planned_on)
    meeting.version += 1
    meeting.save()
    audit_update(actor=actor, obj=meeting, before=before, service="meeting_update")
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor) -> None:
    """Remove a planned meeting that has not been held (a plan made in error)."""
    if meeting.is_held:
        raise ValidationError(_("A meeting that has been held cannot be removed."))
    audit_delete(actor=actor, obj=meeting, service="meeting_cancel")
    meeting.delete()


@transaction.atomic
def meetings_plan_year(*, cell: Organization, year: int, place: str = "", actor) -> list[Meeting]:
    """Plan the year: the regular meetings of every month and the thematic meetings of every
    quarter the rule set in force asks for, in the months the cell exists. Months that already
    have a meeting of that kind keep it."""
    if cell.kind not in CELL_KINDS:
        raise ValidationError({"cell": _("%(org)s is not a party cell.") % {"org": cell.name}})
    values_on = queries.meeting_values()
    existing: dict[tuple[int, str], int] = {}
    for on, kind in Meeting.objects.filter(cell=cell, planned_on__year=year).values_list("planned_on", "kind"):
        for counted in ("regular", "thematic"):
            if kind in (counted, MeetingKind.COMBINED):
                key = (on.month if counted == "regular" else (on.month - 1) // 3, counted)
                existing[key] = existing.get(key, 0) + 1
    created = []
    seen: dict[tuple[int, str], int] = {}
    for on, kind in rules.year_plan_dates(year, queries.cell_spans(cell), values_on):
        key = (on.month if kind == "regular" else (on.month - 1) // 3, kind)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= existing.get(key, 0):
            continue
        meeting = Meeting.objects.create(
            cell=cell,
            kind=kind,
            planned_on=on,
            planned_at=at_on(on, time(19, 30) if kind == "regular" else time(8, 0)),
            place=place,
            topic=""
            if kind == "regular"
            else _("Thematic meeting, quarter %(q)s/%(year)s") % {"q": (on.month - 1) // 3 + 1, "year": year},
        )
        audit_create(actor=actor, obj=meeting, service="meetings_plan_year")
        created.append(meeting)
    return created


def meeting_document_add(*, meeting: Meeting, name: str, file, actor) -> MeetingDocument:
    """Attach a document to the notice of a meeting, audited.

    The file reaches storage when the row is saved, before the transaction commits; if anything after
    that fails (the audit row, the commit itself), the stored file is deleted, so a refused or failed
    write leaves nothing behind — no row and no orphan file on disk (issue 7, security review).
    """
    if not file:
        raise ValidationError({"file": _("Choose a file to attach.")})
    name = (name or "").strip() or getattr(file, "name", "")
    with delete_stored_file_on_failure() as stored, transaction.atomic():
        _require_open(meeting)
        document = MeetingDocument(meeting=meeting, name=name[:255], file=file)
        stored.append(document.file)
        document.save()
        audit_create(actor=actor, obj=document, service="meeting_document_add")
    return document


@dataclass
class Notice:
    meeting: Meeting
    late: bool
    days_given: int
    minimum: int
    regulation: str


@transaction.atomic
def meeting_notify(*, meeting: Meeting, at: datetime | None = None, notified_to: str = "", actor) -> Notice:
    """Record that time, place, content and documents went to the members and the committee above.

    The notice is recorded even when late; the result says whether the rule's minimum was met.
    """
    _require_open(meeting)
    if meeting.is_held:
        raise ValidationError(_("The meeting has already been held."))
    at = at or timezone.now()
    rule_set = rules_in_force("meetings", meeting.planned_on)
    notified_on = rules.local_date(at)
    if notified_on > meeting.planned_on:
        raise ValidationError(
            {
                "notified_at": _("The notice (%(at)s) cannot come after the meeting (%(on)s).")
                % {"at": format_date(notified_on), "on": format_date(meeting.planned_on)}
            }
        )
    before = snapshot(meeting)
    meeting.notified_at = at
    meeting.notified_to = (notified_to or "").strip() or _("Members of the cell and the committee above")
    meeting.status = MeetingStatus.NOTIFIED
    meeting.save(update_fields=["notified_at", "notified_to", "status", "updated_at"])
    audit_update(actor=actor, obj=meeting, before=before, service="meeting_notify")
    return Notice(
        meeting=meeting,
        late=rules.late_notice(meeting.planned_on, notified_on, rule_set.values),
        days_given=rules.notice_days_given(meeting.planned_on, notified_on),
        minimum=rule_set.values["notice_days"],
        regulation=rule_set.regulation,
    )


# The roll ----------------------------------------------------------------------------------------


@transaction.atomic
def meeting_open_roll(*, meeting: Meeting, actor) -> list[Attendance]:
    """Write the roll from the cell's members on the meeting date; re-running it follows a changed
    date or membership (rows already marked are kept).

    Official and probationary members are listed; probationary members do not vote (Điều lệ Đảng,
    Điều 5); temporarily attached members are listed apart, without a vote and not counted;
    exempted members are marked. Last meeting's next-month tasks become this meeting's review.
    """
    _require_open(meeting)
    spells = list(queries.roll_spells(meeting.cell, meeting.planned_on))
    on_roll = {s.member_id: s for s in spells}
    current = {a.member_id: a for a in meeting.attendance.all()}
    for member_id, row in current.items():
        if member_id not in on_roll and not row.status:
            audit_delete(actor=actor, obj=row, service="meeting_open_roll")
            row.delete()
    for spell in spells:
        fields = {
            "probationary": spell.status == SpellStatus.PROBATIONARY,
            "voting": spell.status == SpellStatus.OFFICIAL and not spell.attached,
            "attached": spell.attached,
            "exempt": spell.exempt,
        }
        row = current.get(spell.member_id)
        if row is None:
            row = Attendance.objects.create(meeting=meeting, member_id=spell.member_id, **fields)
            audit_create(actor=actor, obj=row, service="meeting_open_roll")
        elif any(getattr(row, k) != v for k, v in fields.items()):
            before = snapshot(row)
            for k, v in fields.items():
                setattr(row, k, v)
            row.save()
            audit_update(actor=actor, obj=row, before=before, service="meeting_open_roll")
    if not meeting.tasks.filter(kind=TaskKind.REVIEW).exists():
        previous = queries.previous_meeting(meeting)
        if previous is not None:
            for task in previous.tasks.filter(kind=TaskKind.NEXT).order_by("id"):
                review = TaskItem.objects.create(
                    meeting=meeting,
                    kind=TaskKind.REVIEW,
                    text=task.text,
                    owner_id=task.owner_id,
                    due_on=task.due_on,
                    source=task,
                )
                audit_create(actor=actor, obj=review, service="meeting_open_roll")
    return queries.roll(meeting)


@transaction.atomic
def attendance_mark(
    *, attendance: Attendance, status: str, reason: str | None = None, dues_paid: bool | None = None, actor
) -> Attendance:
    """Mark one member present, absent with reason (and why), or absent without reason."""
    _require_open(attendance.meeting)
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("Unknown attendance value: %(v)s.") % {"v": status}})
    before = snapshot(attendance)
    attendance.status = status
    if reason is not None:
        attendance.reason = reason.strip()[:255]
    if status != AttendanceStatus.EXCUSED:
        attendance.reason = ""
    if dues_paid is not None:
        attendance.dues_paid = dues_paid
    attendance.save()
    audit_update(actor=actor, obj=attendance, before=before, service="attendance_mark")
    return attendance


@transaction.atomic
def attendance_mark_all_present(*, meeting: Meeting, actor) -> int:
    """Mark everyone on the roll not yet recorded present (most attend; absences are then edited)."""
    _require_open(meeting)
    count = 0
    for row in meeting.attendance.filter(status=AttendanceStatus.UNRECORDED):
        attendance_mark(attendance=row, status=AttendanceStatus.PRESENT, actor=actor)
        count += 1
    return count


@transaction.atomic
def guest_add(
    *, meeting: Meeting, name: str, position: str = "", is_higher_level: bool = False, user=None, actor
) -> Guest:
    _require_open(meeting)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("The guest's name is required.")})
    guest = Guest.objects.create(
        meeting=meeting, name=name, position=(position or "").strip(), is_higher_level=is_higher_level, user=user
    )
    audit_create(actor=actor, obj=guest, service="guest_add")
    return guest


@transaction.atomic
def guest_remove(*, guest: Guest, actor) -> None:
    _require_open(guest.meeting)
    audit_delete(actor=actor, obj=guest, service="guest_remove")
    guest.delete()


@transaction.atomic
def task_add(
    *,
    meeting: Meeting,
    kind: str,
    text: str,
    owner: Member | None = None,
    due_on: date | None = None,
    status: str = "",
    actor,
) -> TaskItem:
    _require_open(meeting)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Describe the task.")})
    if kind not in TaskKind.values:
        raise ValidationError({"kind": _("Unknown kind of task: %(v)s.") % {"v": kind}})
    if status not in TaskStatus.values:
        raise ValidationError({"status": _("Unknown task result: %(v)s.") % {"v": status}})
    if kind == TaskKind.NEXT and due_on is not None and due_on < meeting.planned_on:
        raise ValidationError(
            {
                "due_on": _("The due date %(due)s is before the meeting (%(on)s).")
                % {"due": format_date(due_on), "on": format_date(meeting.planned_on)}
            }
        )
    _require_member_of_cell("owner", owner, meeting.cell, meeting.planned_on)
    task = TaskItem.objects.create(meeting=meeting, kind=kind, text=text, owner=owner, due_on=due_on, status=status)
    audit_create(actor=actor, obj=task, service="task_add")
    return task


@transaction.atomic
def task_review(*, task: TaskItem, status: str, actor) -> TaskItem:
    """Record how far a task of last month went (done, in progress, not done)."""
    _require_open(task.meeting)
    if status not in TaskStatus.values:
        raise ValidationError({"status": _("Unknown task result: %(v)s.") % {"v": status}})
    before = snapshot(task)
    task.status = status
    task.save(update_fields=["status", "updated_at"])
    audit_update(actor=actor, obj=task, before=before, service="task_review")
    return task


@transaction.atomic
def task_remove(*, task: TaskItem, actor) -> None:
    _require_open(task.meeting)
    audit_delete(actor=actor, obj=task, service="task_remove")
    task.delete()


@transaction.atomic
def vote_record(*, meeting: Meeting, subject: str, in_favour: int, against: int, abstained: int, actor) -> Vote:
    """A vote at the meeting: only official members present vote (probationary and attached do not)."""
    _require_open(meeting)
    subject = (subject or "").strip()
    if not subject:
        raise ValidationError({"subject": _("Say what was voted on.")})
    voters = meeting.attendance.filter(status=AttendanceStatus.PRESENT, voting=True).count()
    total = in_favour + against + abstained
    if voters and total > voters:
        raise ValidationError(
            {
                "in_favour": _("%(total)s votes counted but only %(voters)s voting members are present.")
                % {"total": total, "voters": voters}
            }
        )
    vote = Vote.objects.create(
        meeting=meeting, subject=subject, in_favour=in_favour, against=against, abstained=abstained
    )
    audit_create(actor=actor, obj=vote, service="vote_record")
    return vote


# Minutes -----------------------------------------------------------------------------------------


@dataclass
class MinutesResult:
    meeting: Meeting
    too_short: bool
    minutes: int | None
    minimum: int
    regulation: str


def _check_times(meeting: Meeting) -> None:
    if meeting.started_at and meeting.ended_at and meeting.ended_at <= meeting.started_at:
        raise ValidationError({"ended_at": _("The meeting must end after it starts.")})


def _check_people(meeting: Meeting) -> None:
    _require_member_of_cell("chair", meeting.chair, meeting.cell, meeting.planned_on)
    _require_member_of_cell("minute_taker", meeting.minute_taker, meeting.cell, meeting.planned_on)


def _duration_result(meeting: Meeting) -> MinutesResult:
    rule_set = rules_in_force("meetings", meeting.planned_on)
    return MinutesResult(
        meeting=meeting,
        too_short=rules.too_short(meeting.kind, meeting.started_at, meeting.ended_at, rule_set.values),
        minutes=rules.duration_minutes(meeting.started_at, meeting.ended_at),
        minimum=rules.minimum_minutes(meeting.kind, rule_set.values),
        regulation=rule_set.regulation,
    )


@transaction.atomic
def meeting_record_minutes(
    *, meeting: Meeting, data: dict, version: int | None = None, actor, today: date | None = None
) -> MinutesResult:
    """Write the minutes of a meeting that took place: times, chair, minute-taker, proceedings,
    resolution, dues. A meeting shorter than the rule's minimum is recorded with a warning.

    `version` is the one the form was loaded with: two people writing the same minutes from forms
    loaded before either saved must not silently revert each other (`common.versions.StaleEdit`)."""
    lock_and_check(meeting, version, fields=MINUTES_FIELDS)
    _require_open(meeting)
    today = today or timezone.localdate()
    if meeting.planned_on > today:
        raise ValidationError(
            {
                "planned_on": _("The meeting is on %(on)s: its minutes can be written from that day.")
                % {"on": format_date(meeting.planned_on)}
            }
        )
    before = snapshot(meeting)
    for name in MINUTES_FIELDS:
        if name in data:
            value = data[name]
            setattr(meeting, name, at_on(meeting.planned_on, value) if name in TIME_FIELDS else value)
    _check_times(meeting)
    _check_people(meeting)
    meeting.status = MeetingStatus.HELD
    meeting.version += 1
    meeting.save()
    audit_update(actor=actor, obj=meeting, before=before, service="meeting_record_minutes")
    return _duration_result(meeting)


@transaction.atomic
def meeting_close(*, meeting: Meeting, actor) -> Meeting:
    """Sign off the minutes: from now on they are read-only (corrections become revisions).

    Refused while something the minutes must hold is missing, each listed: start and end time,
    chair, minute-taker, resolution, a mark for every member, a reason for every excused absence.
    """
    _require_open(meeting)
    problems = []
    if not meeting.is_held:
        problems.append(_("Write the minutes first."))
    if not meeting.started_at or not meeting.ended_at:
        problems.append(_("Record when the meeting started and ended."))
    if not meeting.chair_id:
        problems.append(_("Name the chair."))
    if not meeting.minute_taker_id:
        problems.append(_("Name the minute-taker."))
    if not meeting.resolution.strip():
        problems.append(_("Write the resolution passed."))
    rows = list(meeting.attendance.select_related("member"))
    if not rows:
        problems.append(_("Take attendance first."))
    unmarked = [a.member.full_name for a in rows if not a.status]
    if unmarked:
        problems.append(_("Attendance not recorded for: %(names)s.") % {"names": ", ".join(unmarked)})
    no_reason = [a.member.full_name for a in rows if a.status == AttendanceStatus.EXCUSED and not a.reason]
    if no_reason:
        problems.append(_("Give the reason of the absence of: %(names)s.") % {"names": ", ".join(no_reason)})
    open_reviews = meeting.tasks.filter(kind=TaskKind.REVIEW, status="").count()
    if open_reviews:
        problems.append(_("%(n)s of last month's tasks are not reviewed yet.") % {"n": open_reviews})
    if problems:
        raise ValidationError(problems)
    before = snapshot(meeting)
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = timezone.now()
    meeting.closed_by = actor if getattr(actor, "is_authenticated", False) else None
    meeting.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    audit_update(actor=actor, obj=meeting, before=before, service="meeting_close")
    return meeting


@transaction.atomic
def meeting_correct(
    *,
    meeting: Meeting,
    data: dict,
    reason: str,
    attendance: dict[int, tuple[str, str]] | None = None,
    version: int | None = None,
    actor,
) -> MinutesRevision:
    """Correct closed minutes: a new numbered revision records the old and new values and why.

    `attendance` maps roll rows (ids) to their corrected (status, reason); `version` is the one the
    form was loaded with (a stale one is refused, `common.versions`).
    """
    lock_and_check(meeting, version, fields=CORRECTABLE_FIELDS)
    if not meeting.is_closed:
        raise ValidationError(_("Only closed minutes are corrected by revision; edit open minutes directly."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    changes: dict = {}
    before = snapshot(meeting)
    for name in CORRECTABLE_FIELDS:
        if name not in data:
            continue
        value = at_on(meeting.planned_on, data[name]) if name in TIME_FIELDS else data[name]
        if getattr(meeting, name) != value:
            setattr(meeting, name, value)
            changes[name] = [before.get(name), _plain(value.pk if isinstance(value, Member) else value)]
    _check_times(meeting)
    _check_people(meeting)
    rows = {a.pk: a for a in meeting.attendance.select_related("member")}
    for row_id, (status, why) in (attendance or {}).items():
        row = rows.get(row_id)
        if row is None:
            raise ValidationError({"attendance": _("Row %(id)s is not on this meeting's roll.") % {"id": row_id}})
        if status not in AttendanceStatus.values or not status:
            raise ValidationError({"attendance": _("Unknown attendance value: %(v)s.") % {"v": status}})
        why = (why or "").strip() if status == AttendanceStatus.EXCUSED else ""
        if status == AttendanceStatus.EXCUSED and not why:
            raise ValidationError(
                {"attendance": _("Give the reason of the absence of %(name)s.") % {"name": row.member.full_name}}
            )
        if (row.status, row.reason) != (status, why):
            row_before = snapshot(row)
            changes[f"attendance:{row.member.full_name}"] = [[row.status, row.reason], [status, why]]
            row.status, row.reason = status, why
            row.save(update_fields=["status", "reason", "updated_at"])
            audit_update(actor=actor, obj=row, before=row_before, service="meeting_correct")
    if not changes:
        raise ValidationError(_("Nothing was changed."))
    meeting.version += 1
    meeting.save()
    audit_update(actor=actor, obj=meeting, before=before, service="meeting_correct")
    number = (meeting.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = MinutesRevision.objects.create(
        meeting=meeting,
        number=number,
        reason=reason,
        changes=changes,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_create(actor=actor, obj=revision, service="meeting_correct")
    return revision


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


# Visits by higher levels -------------------------------------------------------------------------


def _check_visiting_member(cadre, committee: Organization | None, on: date) -> None:
    from coso.cadres.queries import committee_posts_on

    if committee is None or not committee_posts_on(committee, on).filter(cadre=cadre).exists():
        raise ValidationError(
            {
                "cadre": _("%(name)s holds no post of the visiting committee on %(date)s.")
                % {"name": cadre.full_name, "date": format_date(on)}
            }
        )


@transaction.atomic
def visit_record(
    *,
    cell: Organization,
    on: date,
    visitor_name: str,
    visitor_position: str = "",
    findings: str = "",
    meeting: Meeting | None = None,
    committee: Organization | None = None,
    add_guest: bool = True,
    cadre=None,
    actor,
) -> Visit:
    """A higher-level official attended a meeting of `cell` (who, which meeting, what they found).

    When the meeting's minutes are still open the visitor is added to its guests as well. When the
    visitor is named as a committee member (`cadre`), they hold a committee post of the visiting
    committee on the day (the visit then counts for their supervision assignment).
    """
    if cell.kind not in CELL_KINDS:
        raise ValidationError({"cell": _("%(org)s is not a party cell.") % {"org": cell.name}})
    visitor_name = (visitor_name or "").strip() or (cadre.full_name if cadre is not None else "")
    if not visitor_name:
        raise ValidationError({"visitor_name": _("Name the official who attended.")})
    if meeting is not None:
        if meeting.cell_id != cell.pk:
            raise ValidationError({"meeting": _("The meeting belongs to another cell.")})
        on = meeting.planned_on
    if version_on(cell, on) is None:
        raise ValidationError(
            {"on": _("%(org)s does not exist on %(date)s.") % {"org": cell.name, "date": format_date(on)}}
        )
    if cadre is not None:
        _check_visiting_member(cadre, committee, on)
    visit = Visit.objects.create(
        cell=cell,
        meeting=meeting,
        committee=committee,
        cadre=cadre,
        on=on,
        visitor_name=visitor_name,
        visitor_position=(visitor_position or "").strip(),
        findings=findings or "",
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_create(actor=actor, obj=visit, service="visit_record")
    if (
        meeting is not None
        and add_guest
        and not meeting.is_closed
        and not meeting.guests.filter(name=visitor_name).exists()
    ):
        guest_add(
            meeting=meeting,
            name=visitor_name,
            position=visitor_position,
            is_higher_level=True,
            user=visit.recorded_by,
            actor=actor,
        )
    return visit


@transaction.atomic
def visit_plan_create(*, committee: Organization, year: int, note: str = "", actor) -> VisitPlan:
    """Plan to attend every cell under `committee` at least once in `year`, spread over the months."""
    if VisitPlan.objects.filter(committee=committee, year=year).exists():
        raise ValidationError(
            {"year": _("%(org)s already has a plan for %(year)s.") % {"org": committee.name, "year": year}}
        )
    on = max(date(year, 1, 1), committee.established_on)
    cells = list(
        subtree_versions(committee, on)
        .filter(organization__kind__in=CELL_KINDS)
        .order_by("path")
        .values_list("organization_id", flat=True)
    )
    if not cells:
        raise ValidationError(
            {"committee": _("%(org)s has no cells on %(date)s.") % {"org": committee.name, "date": format_date(on)}}
        )
    plan = VisitPlan.objects.create(committee=committee, year=year, note=note or "")
    audit_create(actor=actor, obj=plan, service="visit_plan_create")
    items = [VisitPlanItem(plan=plan, cell_id=cell_id, month=(i % 12) + 1) for i, cell_id in enumerate(cells)]
    VisitPlanItem.objects.bulk_create(items)
    audit_bulk_create(actor=actor, objs=plan.items.all(), service="visit_plan_create")
    return plan


@transaction.atomic
def visit_plan_item_update(*, item: VisitPlanItem, month: int, visitor_name: str, actor) -> VisitPlanItem:
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("The month must be between 1 and 12.")})
    before = snapshot(item)
    item.month, item.visitor_name = month, (visitor_name or "").strip()
    item.save(update_fields=["month", "visitor_name", "updated_at"])
    audit_update(actor=actor, obj=item, before=before, service="visit_plan_item_update")
    return item
