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
from datetime import date, datetime, time
from itertools import islice

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from coso.accounts.actions import Action
from coso.accounts.scoping import scope
from coso.audit.services import audit_bulk_create
from coso.common.dates import today
from coso.common.text import fold, format_date, format_int
from coso.imports.columns import CODE, DATE, KEY, ORG, TEXT, Column, code_set
from coso.imports.parsing import CellError, RawRow, TooManyRows, find_sheet, read_date, read_key, read_sheet, read_text
from coso.imports.registry import PREVIEW_ROWS, Importer, ImportPlan, WriteConflict, WriteResult, register
from coso.imports.validation import Progress
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
from coso.members.models import Member, MembershipSpell
from coso.organizations.models import CELL_KINDS, Organization, OrgVersion
from coso.rulesets.queries import NoRuleSet

TIME = "time"
BATCH = 2000
SERVICE_MEETINGS = "import_meetings"
SERVICE_VISITS = "import_visits"

SHEET_MEETINGS = pgettext_lazy("import", "Meetings")
SHEET_ATTENDANCE = pgettext_lazy("import", "Attendance")
SHEET_VISITS = pgettext_lazy("import", "Visits")
SHEET_VALUES = pgettext_lazy("import", "Allowed values")

DATE_NOTE = pgettext_lazy("import", "A date cell, or text as dd/mm/yyyy.")
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
class Plan(ImportPlan):
    """What a checked file will write (nothing once it has an error); errors, summary and preview
    as the import registry's plan keeps them."""

    kind: str = ""
    meetings: list[Meeting] = field(default_factory=list)
    attendance: list[tuple[int, Attendance]] = field(default_factory=list)  # (meeting index, row)
    visits: list[Visit] = field(default_factory=list)
    shown: list[list] = field(default_factory=list)  # the first rows, for `set_preview`

    @property
    def rows_planned(self) -> int:
        return len(self.meetings) + len(self.attendance) + len(self.visits)

    def show(self, values: list) -> None:
        if len(self.shown) < PREVIEW_ROWS:
            self.shown.append(values)


def count_rows(wb, labels, *, up_to: int | None = None) -> int:
    """Rows below the header of the sheets an importer reads (counted, never trusted from the file);
    with `up_to`, counting stops once the total passes it."""
    total = 0
    for label in labels:
        ws = find_sheet(wb, label, fallback_first=False)
        if ws is None:
            continue
        rows = ws.iter_rows(values_only=True)
        if up_to is not None:
            rows = islice(rows, up_to - total + 2)
        total += max(0, sum(1 for _row in rows) - 1)
        if up_to is not None and total > up_to:
            break
    return total


def read_time(value) -> time | None:
    """A time cell, a fraction of a day (Excel), or text as 19:30, 19h30 or 19 giờ 30."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return time(minutes // 60 % 24, minutes % 60)
    text = fold(str(value)).replace("gio", ":").replace("h", ":").replace(" ", "").rstrip(":")
    hours, _sep, minutes = text.partition(":")
    try:
        return time(int(hours), int(minutes or 0))
    except ValueError:
        raise CellError(_("Not a time: write it as hh:mm (19:30).")) from None


class SheetChecker:
    """Reads the sheets of one file and turns each row's cells into typed values, noting bad cells."""

    def __init__(self, plan: Plan, user):
        self.plan = plan
        self.report = plan  # `ImportPlan.error`: sheet, row, column, value, reason
        self.user = user  # None: a system import from the command line, without scope limits
        self.today = today()
        self.codes = {}

    def read(self, wb, sheets: list[tuple[object, list[Column], bool]]):
        """The SheetData of each (label, columns, required) sheet, or None once the file is refused."""
        limit = settings.COSO_IMPORT_MAX_ROWS
        found = []
        for label, columns, required in sheets:
            ws = find_sheet(wb, label, fallback_first=False)
            if ws is None:
                if required:
                    self.report.error(
                        str(label),
                        "",
                        "",
                        "",
                        _("The file has no sheet “%(sheet)s”: use the template downloaded from this page.")
                        % {"sheet": label},
                    )
                found.append(None)
                continue
            try:
                data = read_sheet(ws, columns, max_rows=limit)
            except TooManyRows:
                self.report.error(
                    ws.title,
                    "",
                    "",
                    "",
                    _("The sheet has more than %(n)s data rows, the most one import takes: split the file.")
                    % {"n": format_int(limit)},
                )
                return None
            for row, column, value, reason in data.problems:
                self.report.error(data.title, row, column, value, reason)
            for column in columns:
                if column.type == CODE:
                    self.codes[column.key] = code_set(column.choices)
            found.append(data)
        if self.plan.error_count:
            return None
        total = sum(len(d.rows) for d in found if d is not None)
        if total > limit:
            self.report.error(
                "",
                "",
                "",
                "",
                _("The file has more than %(n)s data rows, the most one import takes: split the file.")
                % {"n": format_int(limit)},
            )
            return None
        self.plan.total_rows = total
        if not total:
            first = next(d for d in found if d is not None)
            self.report.error(first.title, 2, "", "", _("The sheet has no data rows."))
            return None
        return found

    def values(self, sheet, row: RawRow) -> tuple[dict, bool]:
        """Typed values of the row's cells; an unreadable or missing cell is an error of its own."""
        values, bad = {}, False
        for column in sheet.columns:
            raw = row.cells.get(column.key)
            try:
                value = self._typed(column, raw)
            except CellError as exc:
                self.report.error(sheet.title, row.number, column, raw, str(exc))
                bad = True
                continue
            if column.required and value in (None, "", []):
                self.report.error(sheet.title, row.number, column, raw, _("This column is required."))
                bad = True
                continue
            values[column.key] = value
        return values, bad

    def _typed(self, column: Column, raw):
        if column.type == DATE:
            return read_date(raw)
        if column.type == TIME:
            return read_time(raw)
        if column.type == KEY:
            return read_key(raw)
        text = read_text(raw)
        if column.type == CODE and text:
            code = self.codes[column.key].resolve(text)
            if code is None:
                raise CellError(_("Not an allowed value: see the sheet “%(sheet)s”.") % {"sheet": SHEET_VALUES})
            return code
        if column.type in (TEXT, ORG) and column.max_length and len(text) > column.max_length:
            raise CellError(_("Too long: at most %(n)d characters.") % {"n": column.max_length})
        return text


# The tree and the register, read once ------------------------------------------------------------


class Register:
    """The file's cells with their dated versions, their members' spells, and the keys they answer to."""

    def __init__(self, codes: set[str], user, actions: tuple[Action, ...], *, with_members: bool = True):
        codes = sorted(c for c in codes if c)
        self.orgs: dict[str, Organization] = {}
        self.writable: set[int] = set()
        self.versions: dict[int, list[OrgVersion]] = defaultdict(list)
        for chunk in _chunks(codes):
            orgs = list(Organization.objects.filter(code__in=chunk))
            self.orgs.update({o.code: o for o in orgs})
            qs = Organization.objects.filter(code__in=chunk)
            if user is not None:
                for action in actions:
                    qs = scope(qs, user, action=action)
            self.writable.update(qs.values_list("pk", flat=True))
            for version in OrgVersion.objects.filter(organization__in=orgs).order_by("valid_from"):
                self.versions[version.organization_id].append(version)
        self.spells: dict[tuple[int, int], list[MembershipSpell]] = defaultdict(list)
        self.names: dict[int, str] = {}
        self.keys: dict[str, int] = {}
        cells = [o.pk for o in self.orgs.values() if o.pk in self.writable and o.kind in CELL_KINDS]
        if not with_members:
            cells = []
        member_ids: set[int] = set()
        for chunk in _chunks(cells):
            for spell in MembershipSpell.objects.filter(organization_id__in=chunk).order_by("valid_from"):
                self.spells[(spell.organization_id, spell.member_id)].append(spell)
                member_ids.add(spell.member_id)
        for chunk in _chunks(sorted(member_ids)):
            for pk, name, cid, card in Member.objects.filter(pk__in=chunk).values_list(
                "pk", "full_name", "citizen_id", "party_card_number"
            ):
                self.names[pk] = name
                if cid:
                    self.keys[cid] = pk
                if card:
                    self.keys.setdefault(card, pk)

    def version_on(self, org: Organization, on: date) -> OrgVersion | None:
        for version in self.versions.get(org.pk, ()):
            if version.valid_from <= on and (version.valid_to is None or version.valid_to > on):
                return version
        return None

    def member(self, keys: list[str]) -> int | None:
        return next((self.keys[k] for k in keys if k in self.keys), None)

    def spell_on(self, cell: Organization, member_id: int, on: date, *, attached: bool | None = None):
        for spell in self.spells.get((cell.pk, member_id), ()):
            current = spell.valid_from <= on and (spell.valid_to is None or spell.valid_to > on)
            if current and (attached is None or spell.attached == attached):
                return spell
        return None

    def spells_text(self, cell: Organization, member_id: int) -> str:
        """When the member belonged to the cell, for the error that says the date is outside it."""
        parts = []
        for spell in self.spells.get((cell.pk, member_id), ()):
            end = format_date(spell.valid_to) if spell.valid_to else "…"
            parts.append(f"{format_date(spell.valid_from)} – {end}")
        return "; ".join(parts)


def _chunks(items, size: int = 500):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


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
    for chunk in _chunks(cell_ids):
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
    for chunk in _chunks(sorted(cells)):
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
    for chunk in _chunks(rows, 10 * BATCH):  # the audit rows of 180,000 marks are not all held at once
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
    for chunk in _chunks(cells):
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


def allowed_values(column: Column, user, action: Action) -> list[tuple[str, str]]:
    """(code, meaning) pairs a coded column accepts; organizations are those the user may import into
    for `action`, dissolved ones included (a past year's book names cells that no longer exist)."""
    if column.type == CODE:
        return [(code, str(label)) for code, label in column.choices]
    if column.type == ORG:
        qs = Organization.objects.all()
        if user is not None:
            qs = scope(scope(qs, user, action=Action.IMPORT), user, action=action)
        if column.key == "cell":
            qs = qs.filter(kind__in=CELL_KINDS)
        return list(qs.order_by("path").values_list("code", "name"))
    return []


def template_workbook(sheets: list[tuple[object, list[Column]]], user, action: Action) -> bytes:
    """A template: one data sheet per (title, columns), with the example row the parser skips, and
    the allowed-values sheet the coded columns' drop-downs point at (as `imports.workbooks`)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    from coso.common.xlsx import put, workbook_to_bytes
    from coso.imports.columns import example_display, header_text
    from coso.imports.workbooks import HEADER_FILL, REQUIRED_FILL, VALIDATED_ROWS, _note

    wb = Workbook()
    first = wb.active
    values_ws = None
    block = 1
    for position, (title, columns) in enumerate(sheets):
        ws = first if position == 0 else wb.create_sheet()
        ws.title = str(title)
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            cell = put(ws, row=1, column=index, value=header_text(column))
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            note = _note(column)
            if note:
                cell.comment = Comment(note, "Cơ Sở")
            ws.column_dimensions[letter].width = column.width
            if column.type != DATE:
                ws.column_dimensions[letter].number_format = "@"
            pairs = allowed_values(column, user, action) if column.is_coded else []
            # A coded example is shown by its meaning: no English code reaches the template.
            example = put(ws, row=2, column=index, value=example_display(column, pairs))
            example.font = Font(italic=True, color="7F7F7F")
            if isinstance(column.example, date):
                example.number_format = "DD/MM/YYYY"
            if not column.is_coded:
                continue
            if values_ws is None:
                values_ws = wb.create_sheet(str(SHEET_VALUES))
                put(
                    values_ws,
                    row=1,
                    column=1,
                    value=_("Allowed values of the coded columns: write the code or its meaning."),
                )
                values_ws.cell(row=1, column=1).font = Font(bold=True)
            code_col, label_col = get_column_letter(block), get_column_letter(block + 1)
            put(values_ws, row=3, column=block, value=f"{ws.title}: {column.header}").font = Font(bold=True)
            with_code = column.type == ORG  # the programme's own codes are English words: meanings only
            if with_code:
                put(values_ws, row=4, column=block, value=_("Code")).font = Font(bold=True, italic=True)
            put(values_ws, row=4, column=block + 1, value=_("Meaning")).font = Font(bold=True, italic=True)
            for offset, (code, label) in enumerate(pairs):
                if with_code:
                    put(values_ws, row=5 + offset, column=block, value=code).number_format = "@"
                put(values_ws, row=5 + offset, column=block + 1, value=label)
            values_ws.column_dimensions[code_col].width = 14 if with_code else 2
            values_ws.column_dimensions[label_col].width = 34
            if pairs:
                source = code_col if column.type == ORG else label_col
                dv = DataValidation(
                    type="list",
                    formula1=f"{quote_sheetname(values_ws.title)}!${source}$5:${source}${4 + len(pairs)}",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="warning",
                    errorTitle=str(column.header),
                    error=_("Not in the list of allowed values: the import will check it."),
                )
                dv.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
                ws.add_data_validation(dv)
            block += 3
        ws.freeze_panes = "A2"
        ws.row_dimensions[1].height = 42
    if values_ws is not None:  # after the data sheets, as in the member templates
        wb.move_sheet(values_ws, offset=len(wb.worksheets) - 1 - wb.worksheets.index(values_ws))
    return workbook_to_bytes(wb)


def meetings_template(user) -> bytes:
    return template_workbook(
        [(SHEET_MEETINGS, MEETING_COLUMNS), (SHEET_ATTENDANCE, ATTENDANCE_COLUMNS)], user, Action.MEETING_MINUTES
    )


def visits_template(user) -> bytes:
    return template_workbook([(SHEET_VISITS, VISIT_COLUMNS)], user, Action.VISIT_RECORD)


# The registry ------------------------------------------------------------------------------------


class MeetingsImporter(Importer):
    kind = "cell_meetings"
    label = gettext_lazy("Cell meetings of past years with their attendance")
    template_name = "mau-nhap-sinh-hoat-chi-bo.xlsx"
    order = 50

    def template(self, user) -> bytes:
        return meetings_template(user)

    def count_rows(self, wb, *, up_to=None) -> int:
        return count_rows(wb, (SHEET_MEETINGS, SHEET_ATTENDANCE), up_to=up_to)

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
        return count_rows(wb, (SHEET_VISITS,), up_to=up_to)

    def validate(self, wb, *, user, progress) -> Plan:
        return validate_visits(wb, user=user, progress=progress)

    def write(self, plan: Plan, *, actor) -> WriteResult:
        return WriteResult(created=write_visits(plan, actor=actor))


register(MeetingsImporter())
register(VisitsImporter())
