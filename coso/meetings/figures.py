"""The committee's meeting figures, registered in the figure catalogue (`coso.reports.catalogue`).

Every figure is a PERIOD figure: its records for `org`'s subtree over [from, to], the cells being
those that belonged to the subtree during the period on the dated tree (`queries.cells_in_period`).
The overview page, the figure pages, their exports and the API all read these definitions:

- cells (met every month, missed a month, judged, visited): rows of the overview the meeting
  rules compute (`rules.judged_months`, `rules.missed_months`: HD 12-HD/BTCTW and the rule set in
  force), counted with `len()`;
- meetings held and thematic meetings, attendance rows and visits: querysets, counted and grouped
  (by cell, quarter or member) in the database;
- quarters without a thematic meeting, members absent without reason, and the removal flags
  (Điều lệ Đảng, Điều 8; HD 12): rows computed by the rules.

Parameters narrow a figure to one cell (`cell`, by the cell's id — never by its name, which another
commune may share), one quarter (`quarter`, "2025-Q2") or one member (`member`); a value not in the
period's choices is refused (404 on the pages, 400 in the API).
"""

from dataclasses import dataclass

from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat, ExtractQuarter, ExtractYear
from django.utils.translation import gettext_lazy as _

from coso.meetings import queries, rules
from coso.meetings.models import THEMATIC_KINDS, AttendanceStatus
from coso.reports.catalogue import PERIOD, Column, Figure, Param, Scope, register

GROUP = _("Cell meetings")


def overview(scope: Scope) -> queries.Overview:
    """The rules' view of the period, computed once for every figure of the scope."""
    return scope.memo("meetings.overview", lambda: queries.overview(scope.org, scope.period_start, scope.end))


def member_rates(scope: Scope) -> list[queries.MemberRate]:
    return scope.memo("meetings.member_rates", lambda: queries.member_rates(overview(scope)))


def cell_names(scope: Scope) -> dict[int, str]:
    return {c.cell_id: c.name for c in overview(scope).cells}


def _months(months) -> str:
    return ", ".join(f"{m:02d}/{y}" for y, m in months)


def _quarter_text(quarter) -> str:
    return _("Q%(q)s/%(year)s") % {"q": quarter[1], "year": quarter[0]}


# Parameters ------------------------------------------------------------------------------------


def _cell_choices(scope: Scope) -> list[tuple[str, str]]:
    return [(str(c.cell_id), c.name) for c in overview(scope).cells]


def _quarter_choices(scope: Scope) -> list[tuple[str, str]]:
    return [(rules.quarter_label(q), str(_quarter_text(q))) for q in overview(scope).quarters]


def _member_choices(scope: Scope) -> list[tuple[str, str]]:
    return [(str(r.member_id), r.name) for r in member_rates(scope)]


def _planned_quarter(prefix: str = ""):
    """ "2025-Q2" of a meeting's planned date, as `rules.quarter_label` writes it."""
    on = f"{prefix}planned_on"
    return lambda scope: Concat(
        Cast(ExtractYear(on), CharField()), Value("-Q"), Cast(ExtractQuarter(on), CharField()), output_field=CharField()
    )


def cell_param(key=None, value_of=None) -> Param:
    return Param("cell", _("Cell"), _cell_choices, key=key, value_of=value_of)


def quarter_param(key=None, value_of=None) -> Param:
    return Param("quarter", _("Quarter"), _quarter_choices, key=key, value_of=value_of)


def member_param(key) -> Param:
    return Param("member", _("Member"), _member_choices, key=key)


# Records ---------------------------------------------------------------------------------------


def _cells(scope: Scope, keep=lambda c: True) -> list[queries.CellRow]:
    return [c for c in overview(scope).cells if keep(c)]


def _held(scope: Scope):
    ov = overview(scope)
    return queries.held_meetings(ov.cell_ids, ov.start, ov.end)


def _attendance(scope: Scope, status: str | None = None):
    ov = overview(scope)
    qs = queries.counted_attendance(ov.cell_ids, ov.start, ov.end)
    return qs.filter(status=status) if status else qs


@dataclass(frozen=True)
class QuarterRow:
    cell: queries.CellRow
    quarter: rules.Quarter


def _missed_quarters(scope: Scope) -> list[QuarterRow]:
    return [QuarterRow(c, q) for c in overview(scope).cells for q in c.missed_quarters]


@dataclass(frozen=True)
class MemberAbsence:
    member_id: int
    name: str
    cell_id: int
    cell_name: str
    absent: int


def _members_absent(scope: Scope) -> list[MemberAbsence]:
    names = cell_names(scope)
    return [
        MemberAbsence(r.member_id, r.name, r.cell_id, names.get(r.cell_id, ""), r.absent)
        for r in member_rates(scope)
        if r.absent
    ]


def _flags(scope: Scope) -> list[queries.FlagRow]:
    return scope.memo("meetings.flags", lambda: queries.removal_flags(overview(scope)))


def _visits(scope: Scope):
    ov = overview(scope)
    return queries.visits_in(ov.cell_ids, ov.start, ov.end)


# Rows for display ------------------------------------------------------------------------------


def _meeting_rows(qs, scope):
    return qs.select_related("cell").order_by("cell__path", "planned_on", "id")


# The fields an attendance row is shown and exported with: a province's year is tens of thousands
# of rows, so the export reads these columns only (not every column of four joined tables).
ATTENDANCE_ROW_FIELDS = (
    "id",
    "status",
    "reason",
    "meeting_id",
    "member_id",
    "meeting__planned_on",
    "meeting__cell_id",
    "meeting__cell__name",
    "member__full_name",
)


def _attendance_rows(qs, scope):
    return (
        qs.select_related("member", "meeting", "meeting__cell")
        .only(*ATTENDANCE_ROW_FIELDS)
        .order_by("meeting__planned_on", "member__full_name", "id")
    )


def _status_label(status: str) -> str:
    """The status as shown, without Django's per-row choices lookup (`get_status_display`)."""
    return str(ATTENDANCE_LABELS.get(status, status))


ATTENDANCE_LABELS = dict(AttendanceStatus.choices)


def _visit_rows(qs, scope):
    return qs.select_related("cell", "meeting").order_by("on", "id")


CELL_COLUMNS = (
    Column("cell", _("Cell"), lambda c: c.name),
    Column("months_judged", _("Months judged"), lambda c: len(c.judged)),
    Column("months_missed", _("Months missed"), lambda c: _months(c.missed)),
    Column("held", _("Meetings held"), lambda c: c.held),
    Column("visits", _("Visits"), lambda c: c.visits),
)
MEETING_COLUMNS = (
    Column("date", _("Date"), lambda m: m.planned_on),
    Column("cell", _("Cell"), lambda m: m.cell.name),
    Column("kind", _("Kind of meeting"), lambda m: m.get_kind_display()),
    Column("topic", _("Topic"), lambda m: m.topic),
)
ATTENDANCE_COLUMNS = (
    Column("date", _("Date"), lambda a: a.meeting.planned_on),
    Column("member", _("Member"), lambda a: a.member.full_name),
    Column("cell", _("Cell"), lambda a: a.meeting.cell.name),
    Column("status", _("Attendance"), lambda a: _status_label(a.status)),
    Column("reason", _("Reason"), lambda a: a.reason),
)
QUARTER_COLUMNS = (
    Column("cell", _("Cell"), lambda r: r.cell.name),
    Column("quarter", _("Quarter"), lambda r: str(_quarter_text(r.quarter))),
)
ABSENCE_COLUMNS = (
    Column("member", _("Member"), lambda r: r.name),
    Column("cell", _("Cell"), lambda r: r.cell_name),
    Column("absent", _("Absences without reason"), lambda r: r.absent),
)
FLAG_COLUMNS = (
    Column("member", _("Member"), lambda r: r.name),
    Column("cell", _("Cell"), lambda r: r.cell_name),
    Column("year", _("Year"), lambda r: r.year),
    Column("absent_months", _("Months absent without reason"), lambda r: _months(r.absent_months)),
    Column("unpaid_months", _("Months without dues"), lambda r: _months(r.unpaid_months)),
)
VISIT_COLUMNS = (
    Column("date", _("Date"), lambda v: v.on),
    Column("cell", _("Cell"), lambda v: v.cell.name),
    Column("visitor", _("Visitor"), lambda v: ", ".join(p for p in (v.visitor_name, v.visitor_position) if p)),
    Column("findings", _("Findings"), lambda v: v.findings),
)


def _register(slug, label, kind, records, columns, params=(), *, denominator=None, prepare=None, labels=None):
    return register(
        Figure(
            slug=slug,
            label=label,
            group=GROUP,
            records=records,
            columns=columns,
            app="meetings",
            record_kind=kind,
            record_label=labels or "",
            timing=PERIOD,
            params=params,
            denominator=denominator,
            prepare=prepare,
        )
    )


_CELL = cell_param(value_of=lambda c: c.cell_id)
_register("cells", _("Cells in the period"), "cell", _cells, CELL_COLUMNS, (_CELL,), labels=_("cells"))
_register(
    "cells-judged",
    _("Cells judged (existed for at least one whole month)"),
    "cell",
    lambda s: _cells(s, lambda c: c.judged),
    CELL_COLUMNS,
    (_CELL,),
    denominator="cells",
    labels=_("cells"),
)
_register(
    "cells-met-every-month",
    _("Cells that met every month"),
    "cell",
    lambda s: _cells(s, lambda c: c.met_every_month),
    CELL_COLUMNS,
    (_CELL,),
    denominator="cells-judged",
    labels=_("cells"),
)
_register(
    "cells-missed-month",
    _("Cells that missed a month"),
    "cell",
    lambda s: _cells(s, lambda c: c.missed),
    CELL_COLUMNS,
    (_CELL,),
    denominator="cells-judged",
    labels=_("cells"),
)
_register(
    "cells-visited",
    _("Cells whose meetings higher levels attended"),
    "cell",
    lambda s: _cells(s, lambda c: c.visits),
    CELL_COLUMNS,
    (_CELL,),
    denominator="cells",
    labels=_("cells"),
)
_MEETING_PARAMS = (cell_param(key=lambda s: F("cell_id")), quarter_param(key=_planned_quarter()))
_register(
    "meetings-held",
    _("Meetings held"),
    "meeting",
    _held,
    MEETING_COLUMNS,
    _MEETING_PARAMS,
    prepare=_meeting_rows,
    labels=_("meetings"),
)
_register(
    "thematic-meetings",
    _("Thematic meetings held"),
    "meeting",
    lambda s: _held(s).filter(kind__in=THEMATIC_KINDS),
    MEETING_COLUMNS,
    _MEETING_PARAMS,
    prepare=_meeting_rows,
    labels=_("meetings"),
)
_register(
    "thematic-quarters-missed",
    _("Quarters without a thematic meeting"),
    "quarter",
    _missed_quarters,
    QUARTER_COLUMNS,
    (
        cell_param(value_of=lambda r: r.cell.cell_id),
        quarter_param(value_of=lambda r: rules.quarter_label(r.quarter)),
    ),
    labels=_("quarters"),
)
_ATTENDANCE_PARAMS = (cell_param(key=lambda s: F("meeting__cell_id")), member_param(key=lambda s: F("member_id")))
_register(
    "attendance-counted",
    _("Members expected at meetings (attendances counted)"),
    "attendance",
    _attendance,
    ATTENDANCE_COLUMNS,
    _ATTENDANCE_PARAMS,
    prepare=_attendance_rows,
    labels=_("attendances"),
)
for _slug, _label, _status in (
    ("attendance-present", _("Attendances present"), AttendanceStatus.PRESENT),
    ("attendance-excused", _("Absences with reason"), AttendanceStatus.EXCUSED),
    ("attendance-absent", _("Absences without reason"), AttendanceStatus.ABSENT),
):
    _register(
        _slug,
        _label,
        "attendance",
        lambda s, status=_status: _attendance(s, status),
        ATTENDANCE_COLUMNS,
        _ATTENDANCE_PARAMS,
        denominator="attendance-counted",
        prepare=_attendance_rows,
        labels=_("attendances"),
    )
_register(
    "members-absent",
    _("Members absent without reason"),
    "member",
    _members_absent,
    ABSENCE_COLUMNS,
    (cell_param(value_of=lambda r: r.cell_id),),
    labels=_("party members"),
)
_register(
    "removal-flags",
    _("Members absent or without dues for 3 months in a year"),
    "flag",
    _flags,
    FLAG_COLUMNS,
    (cell_param(value_of=lambda r: r.cell_id),),
    labels=_("party members"),
)
_register(
    "visits",
    _("Visits by higher levels"),
    "visit",
    _visits,
    VISIT_COLUMNS,
    (cell_param(key=lambda s: F("cell_id")),),
    prepare=_visit_rows,
    labels=_("visits"),
)
