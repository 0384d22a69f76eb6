"""Reads of cell meetings: a cell's year, the roll as of a date, and the committee's figures.

The figures of the overview (cells meeting every month, thematic quarters, attendance, visits)
are computed for a subtree and a period from a fixed number of queries, whatever the size of the
subtree: the cells that belonged to the subtree during the period come from the dated tree
(`OrgVersion`), so a cell established mid-year is judged from then, a cell merged away stops at
the merger, and a past period reads the tree as it stood then. Callers pass organizations
already checked against the user's scope (`accounts.scoping.get_for_user`).
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from coso.accounts.scoping import scope
from coso.meetings import rules
from coso.meetings.models import (
    HELD_STATUSES,
    OPEN_STATUSES,
    Attendance,
    AttendanceStatus,
    Meeting,
    Visit,
)
from coso.meetings.rules import HeldMeeting, Month, Quarter, Span
from coso.members.models import MembershipSpell
from coso.members.queries import spells_on
from coso.organizations.models import CELL_KINDS, Organization, OrgVersion
from coso.rulesets.models import RuleSet
from coso.rulesets.queries import rules_in_force

# Values and rule helpers ------------------------------------------------------------------------


def meeting_values() -> rules.ValuesOn:
    """`values_on(day)`: the meetings rule set in force on `day`, all sets read in one query."""
    sets = list(
        RuleSet.objects.filter(topic="meetings").order_by("effective_from").values_list("effective_from", "values")
    )

    def values_on(day: date) -> Mapping:
        chosen = None
        for effective_from, values in sets:
            if effective_from <= day:
                chosen = values
        if chosen is None:
            rules_in_force("meetings", day)  # raises NoRuleSet with its message
        return chosen

    return values_on


# A cell ------------------------------------------------------------------------------------------


def meetings_for(user) -> QuerySet[Meeting]:
    return scope(Meeting.objects.select_related("cell"), user)


def cell_year(cell: Organization, year: int) -> list[Meeting]:
    return list(
        Meeting.objects.filter(cell=cell, planned_on__year=year)
        .select_related("preparer")
        .annotate(visit_count=Count("visits"))
        .order_by("planned_on", "planned_at", "id")
    )


def cell_spans(cell: Organization) -> list[Span]:
    """When the cell existed: the union of its versions (a rename or move keeps it in existence)."""
    return [(v.valid_from, v.valid_to) for v in OrgVersion.objects.filter(organization=cell).order_by("valid_from")]


def roll_spells(cell: Organization, on: date) -> QuerySet[MembershipSpell]:
    """The cell's members on the meeting date, attached ones included (they are listed apart)."""
    return (
        spells_on(on, attached=None)
        .filter(organization=cell)
        .select_related("member")
        .order_by("attached", "member__full_name", "member_id")
    )


def cell_members(cell: Organization, on: date):
    """Members who may prepare, chair or take minutes: home members of the cell on `on`."""
    from coso.members.models import Member

    return Member.objects.filter(pk__in=spells_on(on).filter(organization=cell).values("member_id")).order_by(
        "full_name", "pk"
    )


def roll(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.select_related("member").order_by("attached", "member__full_name", "id"))


@dataclass
class RollSummary:
    total: int = 0  # home members on the roll (attached ones excluded)
    official: int = 0
    probationary: int = 0
    exempt: int = 0
    attached: int = 0
    present: int = 0
    excused: int = 0
    absent: int = 0
    unrecorded: int = 0
    voting_present: int = 0

    @property
    def expected(self) -> int:
        """Members expected to attend: home members not exempted."""
        return self.total - self.exempt


def roll_summary(rows: list[Attendance]) -> RollSummary:
    s = RollSummary()
    for row in rows:
        if row.attached:
            s.attached += 1
            continue
        s.total += 1
        s.probationary += row.probationary
        s.official += not row.probationary
        s.exempt += row.exempt
        if row.status == AttendanceStatus.PRESENT:
            s.present += 1
            s.voting_present += row.voting
        elif row.status == AttendanceStatus.EXCUSED:
            s.excused += 1
        elif row.status == AttendanceStatus.ABSENT:
            s.absent += 1
        else:
            s.unrecorded += 1
    return s


def secretary_cells(user) -> list[Organization]:
    """The cells a user is secretary of (the phone path's cells); none for any other role."""
    from coso.accounts.models import Role
    from coso.accounts.scoping import assignments

    return [
        a.organization
        for a in assignments(user)
        if a.role == Role.SECRETARY and a.organization is not None and a.organization.kind in CELL_KINDS
    ]


def next_meeting(cell_ids: list[int], on: date) -> Meeting | None:
    """The first meeting still to hold or to finish from `on` on: what a secretary opens on the day."""
    return (
        Meeting.objects.filter(cell_id__in=cell_ids, planned_on__gte=on, status__in=OPEN_STATUSES)
        .select_related("cell")
        .order_by("planned_on", "planned_at", "id")
        .first()
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(cell_id=meeting.cell_id, planned_on__lt=meeting.planned_on, status__in=HELD_STATUSES)
        .order_by("-planned_on", "-id")
        .first()
    )


def upcoming_for_member(member_ids: list[int], on: date) -> QuerySet[Meeting]:
    """Meetings from `on` on of the cells the member belongs to on `on` (or later, for a transfer)."""
    cells = MembershipSpell.objects.filter(member_id__in=member_ids).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )
    return (
        Meeting.objects.filter(cell_id__in=cells.values("organization_id"), planned_on__gte=on)
        .select_related("cell")
        .prefetch_related("documents")
        .order_by("planned_on", "planned_at")
    )


# The committee's overview ----------------------------------------------------------------------


@dataclass
class CellRow:
    cell_id: int
    name: str
    path: str
    spans: list[Span]
    judged: list[Month] = field(default_factory=list)
    missed: list[Month] = field(default_factory=list)
    quarters: list[Quarter] = field(default_factory=list)
    thematic: dict[Quarter, int] = field(default_factory=dict)
    missed_quarters: list[Quarter] = field(default_factory=list)
    held: int = 0
    visits: int = 0  # visits recorded in the period: the rule input of "cells visited"

    @property
    def met_every_month(self) -> bool:
        return bool(self.judged) and not self.missed


@dataclass
class Overview:
    org: Organization
    start: date
    end: date
    cells: list[CellRow]
    quarters: list[Quarter]
    values_on: rules.ValuesOn

    @property
    def cell_ids(self) -> list[int]:
        return [c.cell_id for c in self.cells]

    def judged(self) -> list[CellRow]:
        return [c for c in self.cells if c.judged]

    def met_every_month(self) -> list[CellRow]:
        return [c for c in self.cells if c.met_every_month]

    def missed_a_month(self) -> list[CellRow]:
        return [c for c in self.cells if c.missed]

    def visited(self) -> list[CellRow]:
        return [c for c in self.cells if c.visits]


def cells_in_period(org: Organization, start: date, end: date) -> list[CellRow]:
    """Cells in `org`'s subtree at any time in [start, end], each with the spans it was there.

    Two queries: the versions of `org` overlapping the period, then the versions of cells under
    those paths overlapping it; a cell's span is the overlap of its version with the root's.
    """
    overlap = Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gt=start))
    roots = list(OrgVersion.objects.filter(overlap, organization=org))
    if not roots:
        return []
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
    versions = (
        OrgVersion.objects.filter(overlap, condition, organization__kind__in=CELL_KINDS)
        .order_by("organization_id", "valid_from")
        .values("organization_id", "name", "path", "valid_from", "valid_to")
    )
    rows: dict[int, CellRow] = {}
    for v in versions:
        for root in roots:
            if not v["path"].startswith(root.path):
                continue
            lo = max(v["valid_from"], root.valid_from)
            ends = [e for e in (v["valid_to"], root.valid_to) if e is not None]
            hi = min(ends) if ends else None
            if hi is not None and hi <= lo:
                continue
            row = rows.setdefault(v["organization_id"], CellRow(v["organization_id"], v["name"], v["path"], []))
            row.spans.append((lo, hi))
            row.name, row.path = v["name"], v["path"]  # the latest version in the period names it
    return sorted(rows.values(), key=lambda r: (r.path, r.cell_id))


def held_meetings(cell_ids: list[int], start: date, end: date) -> QuerySet[Meeting]:
    return Meeting.objects.filter(cell_id__in=cell_ids, planned_on__gte=start, planned_on__lte=end).filter(
        status__in=HELD_STATUSES
    )


def counted_attendance(cell_ids: list[int], start: date, end: date) -> QuerySet[Attendance]:
    """Roll rows that attendance rates count: held meetings of the period, home members not exempted."""
    return Attendance.objects.filter(
        meeting__cell_id__in=cell_ids,
        meeting__planned_on__gte=start,
        meeting__planned_on__lte=end,
        meeting__status__in=HELD_STATUSES,
        attached=False,
        exempt=False,
    )


def _rate_counts() -> dict:
    """The counts an attendance rate is made of, for `.annotate()` over roll rows."""
    return {
        "counted": Count("id"),
        "present": Count("id", filter=Q(status=AttendanceStatus.PRESENT)),
        "excused": Count("id", filter=Q(status=AttendanceStatus.EXCUSED)),
        "absent": Count("id", filter=Q(status=AttendanceStatus.ABSENT)),
    }


def visits_in(cell_ids: list[int], start: date, end: date) -> QuerySet[Visit]:
    return Visit.objects.filter(cell_id__in=cell_ids, on__gte=start, on__lte=end)


def overview(org: Organization, start: date, end: date) -> Overview:
    """The cells of `org`'s subtree over [start, end] judged by the meeting rules (4 queries).

    The numbers shown are catalogue figures (`meetings.figures`), which read these rows and the
    same held-meeting, attendance and visit querysets.
    """
    values_on = meeting_values()
    cells = cells_in_period(org, start, end)
    by_id = {c.cell_id: c for c in cells}
    ids = list(by_id)
    meetings: dict[int, list[HeldMeeting]] = defaultdict(list)
    for cell_id, on, kind in held_meetings(ids, start, end).values_list("cell_id", "planned_on", "kind"):
        meetings[cell_id].append(HeldMeeting(on, kind))
    for v in visits_in(ids, start, end).values("cell_id").annotate(n=Count("id")).order_by():
        by_id[v["cell_id"]].visits = v["n"]
    quarters: list[Quarter] = []
    for row in cells:
        held = meetings.get(row.cell_id, [])
        row.held = len(held)
        row.judged = rules.judged_months(row.spans, start, end)
        row.missed = rules.missed_months(row.judged, held, values_on)
        row.quarters = rules.judged_quarters(row.spans, start, end)
        row.thematic = rules.thematic_counts(held)
        row.missed_quarters = rules.missed_thematic_quarters(row.quarters, held, values_on)
    for month in rules.months_between(start, end):
        quarter = rules.quarter_of(month)
        if quarter not in quarters:
            quarters.append(quarter)
    return Overview(org=org, start=start, end=end, cells=cells, quarters=quarters, values_on=values_on)


@dataclass
class MemberRate:
    member_id: int
    name: str
    cell_id: int
    counted: int
    present: int
    excused: int
    absent: int


def member_rates(ov: Overview) -> list[MemberRate]:
    rows = (
        counted_attendance(ov.cell_ids, ov.start, ov.end)
        .values("member_id", "member__full_name", "meeting__cell_id")
        .annotate(**_rate_counts())
        .order_by("member__full_name", "member_id", "meeting__cell_id")
    )
    return [
        MemberRate(
            r["member_id"],
            r["member__full_name"],
            r["meeting__cell_id"],
            r["counted"],
            r["present"],
            r["excused"],
            r["absent"],
        )
        for r in rows
    ]


@dataclass
class FlagRow:
    member_id: int
    name: str
    cell_id: int  # the cell of the member's latest counted fact: figures filter by this id, never by name
    cell_name: str
    year: int
    absent_months: tuple[Month, ...]
    unpaid_months: tuple[Month, ...]


def removal_flags(ov: Overview) -> list[FlagRow]:
    """Members absent without reason, or without dues, in enough months of a year (HD 12; Điều lệ, Điều 8).

    Judged per calendar year over the years the period touches, so a flag raised by absences in
    January–March stays visible in a period that starts later in that year.
    """
    year_start = date(ov.start.year, 1, 1)
    facts = (
        counted_attendance(ov.cell_ids, year_start, ov.end)
        .filter(Q(status=AttendanceStatus.ABSENT) | Q(dues_paid=False))
        .values_list(
            "member_id",
            "member__full_name",
            "meeting__cell_id",
            "meeting__cell__name",
            "meeting__planned_on",
            "status",
            "dues_paid",
        )
        .order_by("meeting__planned_on", "id")
    )
    names: dict[int, tuple[str, int, str]] = {}
    absence = []
    for member_id, name, cell_id, cell_name, on, status, dues_paid in facts:
        names[member_id] = (name, cell_id, cell_name)
        absence.append(
            rules.AbsenceFact(member_id, on, status == AttendanceStatus.ABSENT, dues_unpaid=dues_paid is False)
        )
    flags = rules.removal_flags(absence, ov.values_on)
    return sorted(
        (FlagRow(f.member_id, *names[f.member_id], f.year, f.absent_months, f.unpaid_months) for f in flags),
        key=lambda r: (r.cell_name, r.name, r.member_id, r.year),
    )


# The worklist ----------------------------------------------------------------------------------


@dataclass
class WorkItem:
    kind: str  # no_meeting / thematic_missed / too_short / late_notice / removal
    cell_id: int | None
    cell_name: str
    meeting_id: int | None = None
    member_id: int | None = None
    detail: dict = field(default_factory=dict)


WORK_KINDS = ("no_meeting", "thematic_missed", "too_short", "late_notice", "removal")


def worklist(org: Organization, on: date) -> dict[str, list[WorkItem]]:
    """Problems a committee follows up, as of `on`, over the year of `on` (and last month)."""
    last_month_day = on.replace(day=1) - timedelta(days=1)
    start = min(date(on.year, 1, 1), last_month_day.replace(day=1))
    ov = overview(org, start, on)
    names = {c.cell_id: c.name for c in ov.cells}
    items: dict[str, list[WorkItem]] = {k: [] for k in WORK_KINDS}
    last_month = (last_month_day.year, last_month_day.month)
    for c in ov.cells:
        if last_month in c.missed:
            items["no_meeting"].append(WorkItem("no_meeting", c.cell_id, c.name, detail={"month": last_month}))
        for q in c.missed_quarters:
            if q[0] == on.year:
                items["thematic_missed"].append(WorkItem("thematic_missed", c.cell_id, c.name, detail={"quarter": q}))
    meetings = held_meetings(ov.cell_ids, date(on.year, 1, 1), on).order_by("planned_on", "id")
    for m in meetings.only("id", "cell_id", "kind", "planned_on", "started_at", "ended_at", "notified_at"):
        values = ov.values_on(m.planned_on)
        if rules.too_short(m.kind, m.started_at, m.ended_at, values):
            items["too_short"].append(
                WorkItem(
                    "too_short",
                    m.cell_id,
                    names[m.cell_id],
                    m.pk,
                    detail={
                        "on": m.planned_on,
                        "minutes": rules.duration_minutes(m.started_at, m.ended_at),
                        "minimum": rules.minimum_minutes(m.kind, values),
                    },
                )
            )
        if rules.late_notice(m.planned_on, rules.local_date(m.notified_at), values):
            items["late_notice"].append(
                WorkItem(
                    "late_notice",
                    m.cell_id,
                    names[m.cell_id],
                    m.pk,
                    detail={
                        "on": m.planned_on,
                        "days": rules.notice_days_given(m.planned_on, rules.local_date(m.notified_at)),
                        "minimum": values["notice_days"],
                    },
                )
            )
    for flag in removal_flags(ov):
        if flag.year == on.year:
            items["removal"].append(
                WorkItem(
                    "removal",
                    None,
                    flag.cell_name,
                    member_id=flag.member_id,
                    detail={"name": flag.name, "absent": flag.absent_months, "unpaid": flag.unpaid_months},
                )
            )
    return items


def visits_for(user) -> QuerySet[Visit]:
    return scope(Visit.objects.select_related("cell", "meeting", "committee"), user)
