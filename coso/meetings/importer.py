"""Importing the meeting books of past years, and the visits of higher levels, from workbooks.

A committee arriving with ten years of one bloc's meetings (about 6,000 meetings and 180,000
attendance marks) cannot wait for a service call per row, so the check reads everything it needs
in a fixed number of queries (the cells' dated versions, their membership spells, the meetings
already recorded) and judges each row in memory by the same rules the single-record services
apply (`meetings.services`: the cell existed on the date, the roll is the cell's spells on the
meeting date, a thematic meeting names its topic, chair and minute-taker are home members of the
cell); the write is a handful of `bulk_create`s in one transaction, audited by the bulk helpers.

Rules kept here that a form cannot break either:

- a meeting belongs to a cell that existed on its date (the tree as it stood, `OrgVersion`) and
  is not in the future; one meeting per cell and day (a regular and a thematic meeting on one
  day is a combined meeting); no more regular meetings in a month than the rule set in force asks
  (`regular_per_month`, HD 12-HD/BTCTW), counting those already recorded;
- an attendance mark names a member of that cell on that date, as their membership spells say
  (the member's history decides, not their cell today), with a status from the model's choices and
  a reason for an absence with reason; the roll flags (probationary, voting, attached, exempt) come
  from the spell, as `meeting_open_roll` writes them;
- every cell is inside the uploader's scope for writing minutes (`Action.MEETING_MINUTES`, and
  `Action.IMPORT`) or recording visits (`Action.VISIT_RECORD`).

Members are named by citizen ID or party card number, the register's unique keys. A key is looked
up only among the members who ever belonged to the file's cells in the uploader's scope, so a row
cannot tell whether a person is recorded elsewhere (the "membership oracle" of
`imports.validation`): outside those cells, every key is simply unknown.

Imported meetings are stored as held (their minutes can still be completed and closed by hand);
only the members listed on the Attendance sheet are put on a meeting's roll.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from coso.accounts.actions import Action
from coso.audit.services import audit_bulk_create
from coso.common.text import fold, format_date
from coso.imports.columns import CODE, DATE, DATE_NOTE, KEY, ORG, TIME, Column
from coso.imports.parsing import read_text
from coso.imports.register import Register, chunks
from coso.imports.registry import Importer, WriteConflict, WriteResult, register
from coso.imports.sheets import SheetChecker, SheetsPlan, count_sheets_rows
from coso.imports.validation import Progress
from coso.imports.workbooks import sheets_template
from coso.meetings.models import (
    REGULAR_KINDS,
    Attendance,
    AttendanceStatus,
    Guest,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Visit,
)
from coso.meetings.queries import meeting_values
from coso.meetings.rules import month_last
from coso.meetings.services import at_on
from coso.members.choices import SpellStatus
from coso.organizations.models import CELL_KINDS, Organization
from coso.rulesets.queries import NoRuleSet

BATCH = 2000
SERVICE_MEETINGS = "import_meetings"
SERVICE_VISITS = "import_visits"

SHEET_MEETINGS = pgettext_lazy("import", "Meetings")
SHEET_ATTENDANCE = pgettext_lazy("import", "Attendance")
SHEET_VISITS = pgettext_lazy("import", "Visits")

TIME_NOTE = pgettext_lazy("import", "A time cell, or text as hh:mm (19:30).")
KEY_NOTE = pgettext_lazy("import", "The member's citizen ID or party card number.")
MEETING_KINDS = tuple(MeetingKind.choices)
MARKS = tuple((v, label) for v, label in AttendanceStatus.choices if v)

MEETING_COLUMNS: list[Column] = [
    Column("cell", pgettext_lazy("import", "Cell code"), ORG, True, example="C01-01", width=14),
    Column("on", pgettext_lazy("import", "Meeting date"), DATE, True, example=date(2016, 3, 5), note=DATE_NOTE),
    Column("kind", pgettext_lazy("import", "Kind of meeting"), CODE, True, MEETING_KINDS, example="regular", width=20),
    Column(
        "topic",
        pgettext_lazy("import", "Topic"),
        max_length=255,
        width=28,
        note=pgettext_lazy("import", "Required for a thematic or combined meeting."),
    ),
    Column("place", pgettext_lazy("import", "Place"), max_length=255, width=24),
    Column("started_at", pgettext_lazy("import", "Start time"), TIME, example="19:30", width=10, note=TIME_NOTE),
    Column("ended_at", pgettext_lazy("import", "End time"), TIME, example="21:30", width=10, note=TIME_NOTE),
    Column("chair", pgettext_lazy("import", "Chair"), KEY, width=16, note=KEY_NOTE),
    Column("minute_taker", pgettext_lazy("import", "Minute-taker"), KEY, width=16, note=KEY_NOTE),
    Column("content", pgettext_lazy("import", "Minutes summary"), width=40),
    Column("resolution", pgettext_lazy("import", "Resolution"), width=40),
]

ATTENDANCE_COLUMNS: list[Column] = [
    Column("cell", pgettext_lazy("import", "Cell code"), ORG, True, example="C01-01", width=14),
    Column("on", pgettext_lazy("import", "Meeting date"), DATE, True, example=date(2016, 3, 5), note=DATE_NOTE),
    Column(
        "member",
        pgettext_lazy("import", "Citizen ID or party card number"),
        KEY,
        True,
        example="001090012345",
        width=18,
        note=KEY_NOTE,
    ),
    Column("status", pgettext_lazy("import", "Attendance"), CODE, True, MARKS, example="present", width=20),
    Column(
        "reason",
        pgettext_lazy("import", "Reason of absence"),
        max_length=255,
        width=28,
        note=pgettext_lazy("import", "Required for an absence with reason."),
    ),
]

VISIT_COLUMNS: list[Column] = [
    Column("cell", pgettext_lazy("import", "Cell code"), ORG, True, example="C01-01", width=14),
    Column("on", pgettext_lazy("import", "Meeting date"), DATE, True, example=date(2016, 3, 5), note=DATE_NOTE),
    Column("visitor_name", pgettext_lazy("import", "Visitor"), required=True, max_length=150, example="Trần Văn Ủy"),
    Column("visitor_position", pgettext_lazy("import", "Visitor's position"), max_length=255, width=24),
    Column(
        "committee",
        pgettext_lazy("import", "Visiting committee code"),
        ORG,
        width=16,
        note=pgettext_lazy("import", "A committee above the cell, as the tree stood on the date."),
    ),
    Column("findings", pgettext_lazy("import", "Findings"), width=40),
]


# Plans and errors --------------------------------------------------------------------------------


@dataclass
class Plan(SheetsPlan):
    """What a checked meeting book or visit list will write (nothing once it has an error)."""

    meetings: list[Meeting] = field(default_factory=list)
    attendance: list[tuple[int, Attendance]] = field(default_factory=list)  # (meeting index, row)
    visits: list[Visit] = field(default_factory=list)

    @property
    def rows_planned(self) -> int:
        return len(self.meetings) + len(self.attendance) + len(self.visits)


# The tree and the register, read once ------------------------------------------------------------


def _cell_error(register: Register, org: Organization | None, code: str, on: date | None) -> str | None:
    """Why `code` cannot take a meeting on `on`, or None (the service's `_require_cell`, and scope)."""
    if org is None or org.pk not in register.writable:
        # Unknown and out of scope read alike: the file learns nothing about other committees' tree.
        return _("No cell with this code in the part of the tree where you may record this.")
    if org.kind not in CELL_KINDS:
        return _("%(org)s is not a party cell.") % {"org": org.name}
    if on is not None and register.version_on(org, on) is None:
        return _("%(org)s did not exist on %(date)s.") % {"org": org.name, "date": format_date(on)}
    return None


# Meetings ----------------------------------------------------------------------------------------


def validate_meetings(wb, *, user, progress: Progress | None = None) -> Plan:
    """Check a meeting book (Meetings and Attendance sheets) as a whole; the plan writes nothing yet."""
    progress = progress or Progress()
    plan = Plan(kind="meetings")
    checker = SheetChecker(plan, user)
    sheets = checker.read(wb, [(SHEET_MEETINGS, MEETING_COLUMNS, True), (SHEET_ATTENDANCE, ATTENDANCE_COLUMNS, False)])
    if sheets is None:
        return plan
    meetings_sheet, attendance_sheet = sheets
    progress.start(plan.total_rows)
    codes = {read_text(r.cells.get("cell")) for s in sheets if s for r in s.rows}
    register = Register(codes, user, (Action.IMPORT, Action.MEETING_MINUTES))
    values_on = meeting_values()
    report = checker.report
    cols = {c.key: c for c in MEETING_COLUMNS}
    by_day: dict[tuple[int, date], int] = {}  # (cell, date) → index in plan.meetings
    regular: dict[tuple[int, int, int], int] = defaultdict(int)  # (cell, year, month) → regular meetings
    recorded: set[tuple[int, date]] = set()
    cell_ids = [o.pk for o in register.orgs.values() if o.pk in register.writable]
    for chunk in chunks(cell_ids):
        for cell_id, on, kind in Meeting.objects.filter(cell_id__in=chunk).values_list("cell_id", "planned_on", "kind"):
            recorded.add((cell_id, on))
            if kind in REGULAR_KINDS:
                regular[(cell_id, on.year, on.month)] += 1
    title = meetings_sheet.title
    for position, row in enumerate(meetings_sheet.rows, start=1):
        if position % 500 == 0:
            progress.advance(500)
        values, bad = checker.values(meetings_sheet, row)
        n = row.number

        def fail(key, reason, n=n, row=row):
            report.error(title, n, cols[key], row.cells.get(key), reason)

        code, on, kind = values.get("cell", ""), values.get("on"), values.get("kind")
        org = register.orgs.get(code)
        if code:
            problem = _cell_error(register, org, code, on)
            if problem:
                fail("cell", problem)
                bad = True
        if on and on > checker.today:
            fail("on", _("The meeting date cannot be in the future: only meetings already held are imported."))
            bad = True
        if kind and kind != MeetingKind.REGULAR and not values.get("topic"):
            fail("topic", _("A thematic meeting needs its topic."))
            bad = True
        start, end = values.get("started_at"), values.get("ended_at")
        if start and end and end <= start:
            fail("ended_at", _("The meeting must end after it starts."))
            bad = True
        people = {}
        for key in ("chair", "minute_taker"):
            keys = values.get(key) or []
            if not keys or bad:
                continue
            member_id = register.member(keys)
            if member_id is None or register.spell_on(org, member_id, on, attached=False) is None:
                name = register.names.get(member_id) if member_id else None
                if name:
                    fail(
                        key,
                        _("%(name)s is not a member of %(cell)s on %(date)s.")
                        % {"name": name, "cell": org.name, "date": format_date(on)},
                    )
                else:
                    fail(key, _("No member with this citizen ID or party card number in this cell."))
                bad = True
            people[key] = member_id
        if not bad:
            if (org.pk, on) in by_day:
                fail(
                    "on",
                    _(
                        "This cell already has a meeting on this date in the file (row %(row)s): "
                        "a regular and a thematic meeting held together are one combined meeting."
                    )
                    % {"row": plan.meetings[by_day[(org.pk, on)]]._import_row},
                )
                bad = True
            elif (org.pk, on) in recorded:
                fail("on", _("A meeting of this cell on this date is already recorded."))
                bad = True
        if not bad and kind in REGULAR_KINDS:
            month = (org.pk, on.year, on.month)
            try:
                allowed = values_on(month_last((on.year, on.month)))["regular_per_month"]
            except NoRuleSet as exc:
                fail("on", str(exc))
                bad = True
                allowed = 0
            if not bad and regular[month] >= allowed:
                fail(
                    "kind",
                    _("%(cell)s already has its regular meeting of %(month)s; the rules ask for %(n)s a month.")
                    % {"cell": org.name, "month": f"{on.month:02d}/{on.year}", "n": allowed},
                )
                bad = True
            regular[month] += 1
        if bad:
            continue
        meeting = Meeting(
            cell=org,
            kind=kind,
            planned_on=on,
            planned_at=at_on(on, start),
            place=values.get("place", ""),
            topic=values.get("topic", ""),
            status=MeetingStatus.HELD,
            started_at=at_on(on, start),
            ended_at=at_on(on, end),
            chair_id=people.get("chair"),
            minute_taker_id=people.get("minute_taker"),
            content=values.get("content", ""),
            resolution=values.get("resolution", ""),
        )
        meeting._import_row = n
        by_day[(org.pk, on)] = len(plan.meetings)
        plan.meetings.append(meeting)
        plan.show([org.code, org.name, on, MeetingKind(kind).label, meeting.topic])
    progress.advance(len(meetings_sheet.rows) % 500)
    if attendance_sheet is not None:
        _attendance(plan, checker, register, attendance_sheet, by_day, progress)
    if not plan.ok:
        plan.meetings, plan.attendance = [], []
        return plan
    plan.summary = {_("Meetings"): len(plan.meetings), _("Attendance marks"): len(plan.attendance)}
    plan.set_preview([_("Code"), _("Cell"), _("Date"), _("Kind of meeting"), _("Topic")], plan.shown)
    return plan


def _attendance(plan: Plan, checker: SheetChecker, register: Register, sheet, by_day: dict, progress: Progress) -> None:
    report = checker.report
    cols = {c.key: c for c in ATTENDANCE_COLUMNS}
    seen: dict[tuple[int, int], int] = {}  # (meeting index, member) → row
    title = sheet.title
    for position, row in enumerate(sheet.rows, start=1):
        if position % 500 == 0:
            progress.advance(500)
        values, bad = checker.values(sheet, row)
        n = row.number

        def fail(key, reason, n=n, row=row):
            report.error(title, n, cols[key], row.cells.get(key), reason)

        code, on, status = values.get("cell", ""), values.get("on"), values.get("status")
        if status == AttendanceStatus.EXCUSED and not values.get("reason"):
            fail("reason", _("Give the reason of the absence."))
            bad = True
        org = register.orgs.get(code)
        if code:
            problem = _cell_error(register, org, code, on)
            if problem:
                fail("cell", problem)
                continue
        if bad:
            continue
        index = by_day.get((org.pk, on))
        if index is None:
            fail(
                "on",
                _("No meeting of %(cell)s on %(date)s on the sheet “%(sheet)s” (or that row has an error).")
                % {"cell": org.name, "date": format_date(on), "sheet": SHEET_MEETINGS},
            )
            continue
        member_id = register.member(values["member"])
        if member_id is None:
            fail(
                "member",
                _("No member with this citizen ID or party card number has belonged to %(cell)s.") % {"cell": org.name},
            )
            continue
        spell = register.spell_on(org, member_id, on)
        if spell is None:
            fail(
                "member",
                _("%(name)s was not a member of %(cell)s on %(date)s (member of it: %(spells)s).")
                % {
                    "name": register.names[member_id],
                    "cell": org.name,
                    "date": format_date(on),
                    "spells": register.spells_text(org, member_id),
                },
            )
            continue
        if (index, member_id) in seen:
            fail(
                "member",
                _("This member is already marked for this meeting (row %(row)s).") % {"row": seen[(index, member_id)]},
            )
            continue
        seen[(index, member_id)] = n
        plan.attendance.append(
            (
                index,
                Attendance(
                    member_id=member_id,
                    status=status,
                    reason=values.get("reason", "") if status == AttendanceStatus.EXCUSED else "",
                    probationary=spell.status == SpellStatus.PROBATIONARY,
                    voting=spell.status == SpellStatus.OFFICIAL and not spell.attached,
                    attached=spell.attached,
                    exempt=spell.exempt,
                ),
            )
        )
    progress.advance(len(sheet.rows) % 500)


@transaction.atomic
def write_meetings(plan: Plan, *, actor) -> int:
    """Write a checked plan in one transaction: meetings, then their rolls, each audited in bulk.

    A meeting recorded by someone else since the check, on a day the file also has, rolls the whole
    write back (the check is run again and names it).
    """
    if not plan.ok:
        raise ValueError("A plan with errors is never written.")
    cells = {m.cell_id for m in plan.meetings}
    days = {(m.cell_id, m.planned_on) for m in plan.meetings}
    list(Organization.objects.select_for_update().filter(pk__in=cells).values_list("pk", flat=True))
    for chunk in chunks(sorted(cells)):
        for cell_id, on in Meeting.objects.filter(cell_id__in=chunk).values_list("cell_id", "planned_on"):
            if (cell_id, on) in days:
                raise WriteConflict(
                    _("A meeting was recorded in one of the file's cells since the check: check the file again.")
                )
    now = timezone.now()
    for meeting in plan.meetings:
        meeting.created_at = meeting.updated_at = now
    Meeting.objects.bulk_create(plan.meetings, batch_size=BATCH)
    rows = []
    for index, row in plan.attendance:
        row.meeting = plan.meetings[index]
        row.created_at = row.updated_at = now
        rows.append(row)
    audit_bulk_create(actor=actor, objs=plan.meetings, service=SERVICE_MEETINGS)
    for chunk in chunks(rows, 10 * BATCH):  # the audit rows of 180,000 marks are not all held at once
        Attendance.objects.bulk_create(chunk, batch_size=BATCH)
        audit_bulk_create(actor=actor, objs=chunk, service=SERVICE_MEETINGS, subject_attr="meeting")
    return len(plan.meetings)


# Visits ------------------------------------------------------------------------------------------


def validate_visits(wb, *, user, progress: Progress | None = None) -> Plan:
    """Check a sheet of visits by higher levels to cell meetings; each names the cell and the day."""
    progress = progress or Progress()
    plan = Plan(kind="visits")
    checker = SheetChecker(plan, user)
    sheets = checker.read(wb, [(SHEET_VISITS, VISIT_COLUMNS, True)])
    if sheets is None:
        return plan
    (sheet,) = sheets
    progress.start(plan.total_rows)
    codes = {read_text(r.cells.get(k)) for r in sheet.rows for k in ("cell", "committee")}
    register = Register(codes, user, (Action.IMPORT, Action.VISIT_RECORD), with_members=False)
    cells = [o.pk for o in register.orgs.values() if o.pk in register.writable]
    meetings: dict[tuple[int, date], Meeting] = {}
    recorded: set[tuple[int, date, str]] = set()
    for chunk in chunks(cells):
        for meeting in Meeting.objects.filter(cell_id__in=chunk).order_by("planned_on", "id"):
            meetings.setdefault((meeting.cell_id, meeting.planned_on), meeting)
        for cell_id, on, name in Visit.objects.filter(cell_id__in=chunk).values_list("cell_id", "on", "visitor_name"):
            recorded.add((cell_id, on, fold(name)))
    report = checker.report
    cols = {c.key: c for c in VISIT_COLUMNS}
    title = sheet.title
    seen: dict[tuple[int, date, str], int] = {}
    for position, row in enumerate(sheet.rows, start=1):
        if position % 500 == 0:
            progress.advance(500)
        values, bad = checker.values(sheet, row)
        n = row.number

        def fail(key, reason, n=n, row=row):
            report.error(title, n, cols[key], row.cells.get(key), reason)

        code, on, name = values.get("cell", ""), values.get("on"), values.get("visitor_name", "")
        org = register.orgs.get(code)
        if code:
            problem = _cell_error(register, org, code, on)
            if problem:
                fail("cell", problem)
                bad = True
        if on and on > checker.today:
            fail("on", _("The date of the visit cannot be in the future."))
            bad = True
        committee = None
        if values.get("committee"):
            committee = register.orgs.get(values["committee"])
            if committee is None:
                fail("committee", _("No organization has this code."))
                bad = True
            elif not bad and not _above(register, committee, org, on):
                fail(
                    "committee",
                    _("%(org)s was not a committee above %(cell)s on %(date)s.")
                    % {"org": committee.name, "cell": org.name, "date": format_date(on)},
                )
                bad = True
        if bad:
            continue
        key = (org.pk, on, fold(name))
        if key in seen:
            fail("visitor_name", _("This visit is already in the file (row %(row)s).") % {"row": seen[key]})
            continue
        if key in recorded:
            fail("visitor_name", _("This visit is already recorded."))
            continue
        seen[key] = n
        meeting = meetings.get((org.pk, on))
        visit = Visit(
            cell=org,
            meeting=meeting,
            committee=committee,
            on=on,
            visitor_name=name,
            visitor_position=values.get("visitor_position", ""),
            findings=values.get("findings", ""),
            recorded_by=user if getattr(user, "is_authenticated", False) else None,
        )
        plan.visits.append(visit)
        plan.show([org.code, org.name, on, name, visit.visitor_position, committee.code if committee else ""])
    progress.advance(len(sheet.rows) % 500)
    if not plan.ok:
        plan.visits = []
        return plan
    plan.summary = {_("Visits"): len(plan.visits)}
    plan.set_preview(
        [_("Code"), _("Cell"), _("Date"), _("Visitor"), _("Position"), _("Visiting committee")], plan.shown
    )
    return plan


def _above(register: Register, committee: Organization, cell: Organization, on: date) -> bool:
    """Whether `committee` stood above `cell` on `on` (both paths as the tree stood that day)."""
    mine, theirs = register.version_on(cell, on), register.version_on(committee, on)
    return bool(mine and theirs and mine.path.startswith(theirs.path) and mine.path != theirs.path)


@transaction.atomic
def write_visits(plan: Plan, *, actor) -> int:
    """Write the visits, audited; a visit to a meeting whose minutes are open joins its guests, as
    `visit_record` does."""
    if not plan.ok:
        raise ValueError("A plan with errors is never written.")
    now = timezone.now()
    visits = plan.visits
    for visit in visits:
        visit.created_at = visit.updated_at = now
    Visit.objects.bulk_create(visits, batch_size=BATCH)
    audit_bulk_create(actor=actor, objs=visits, service=SERVICE_VISITS)
    open_meetings = [v.meeting_id for v in visits if v.meeting is not None and not v.meeting.is_closed]
    present = set(Guest.objects.filter(meeting_id__in=open_meetings).values_list("meeting_id", "name"))
    guests = []
    for visit in visits:
        if visit.meeting is None or visit.meeting.is_closed or (visit.meeting_id, visit.visitor_name) in present:
            continue
        present.add((visit.meeting_id, visit.visitor_name))
        guests.append(
            Guest(
                meeting=visit.meeting,
                name=visit.visitor_name,
                position=visit.visitor_position,
                is_higher_level=True,
                user=visit.recorded_by,
                created_at=now,
                updated_at=now,
            )
        )
    Guest.objects.bulk_create(guests, batch_size=BATCH)
    audit_bulk_create(actor=actor, objs=guests, service=SERVICE_VISITS, subject_attr="meeting")
    return len(visits)


# Templates ---------------------------------------------------------------------------------------


def meetings_template(user) -> bytes:
    return sheets_template(
        [(SHEET_MEETINGS, MEETING_COLUMNS), (SHEET_ATTENDANCE, ATTENDANCE_COLUMNS)], user, Action.MEETING_MINUTES
    )


def visits_template(user) -> bytes:
    return sheets_template([(SHEET_VISITS, VISIT_COLUMNS)], user, Action.VISIT_RECORD)


# The registry ------------------------------------------------------------------------------------


class MeetingsImporter(Importer):
    kind = "cell_meetings"
    label = gettext_lazy("Cell meetings of past years with their attendance")
    template_name = "mau-nhap-sinh-hoat-chi-bo.xlsx"
    order = 50

    def template(self, user) -> bytes:
        return meetings_template(user)

    def count_rows(self, wb, *, up_to=None) -> int:
        return count_sheets_rows(wb, (SHEET_MEETINGS, SHEET_ATTENDANCE), up_to=up_to)

    def validate(self, wb, *, user, progress) -> Plan:
        return validate_meetings(wb, user=user, progress=progress)

    def write(self, plan: Plan, *, actor) -> WriteResult:
        return WriteResult(created=write_meetings(plan, actor=actor))


class VisitsImporter(Importer):
    kind = "meeting_visits"
    label = gettext_lazy("Visits by higher levels to cell meetings")
    template_name = "mau-nhap-du-sinh-hoat-chi-bo.xlsx"
    order = 55

    def template(self, user) -> bytes:
        return visits_template(user)

    def count_rows(self, wb, *, up_to=None) -> int:
        return count_sheets_rows(wb, (SHEET_VISITS,), up_to=up_to)

    def validate(self, wb, *, user, progress) -> Plan:
        return validate_visits(wb, user=user, progress=progress)

    def write(self, plan: Plan, *, actor) -> WriteResult:
        return WriteResult(created=write_visits(plan, actor=actor))


register(MeetingsImporter())
register(VisitsImporter())
