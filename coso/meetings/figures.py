"""Every figure of the committee's meetings view opens the list behind it (DESIGN.md idea 3).

A figure is a slug, a label and a function `(overview, params) -> rows`; the overview page shows
`count(overview, params)` and the figure page lists `rows(overview, params)`. The counts read the
overview's grouped numbers while the lists are queried afresh where they can be (meetings,
attendance rows, visits), and the tests hold the two equal for every figure.
Parameters narrow a figure to one cell (`cell`), one quarter (`quarter`, "2025-Q2") or one
member (`member`); an unknown value is refused (the view answers 404).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coso.meetings import queries, rules
from coso.meetings.models import THEMATIC_KINDS, AttendanceStatus


class BadParam(LookupError):
    pass


@dataclass(frozen=True)
class Figure:
    slug: str
    label: Promise
    record_kind: str  # cell / meeting / attendance / member / flag / quarter / visit
    rows: Callable[[queries.Overview, Mapping], list]
    count: Callable[[queries.Overview, Mapping], int]
    params: tuple[str, ...] = ()


def clean_params(figure: Figure, ov: queries.Overview, data: Mapping) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for name in figure.params:
        raw = data.get(name)
        if not raw:
            continue
        if name == "cell":
            try:
                value = int(raw)
            except ValueError:
                raise BadParam(name) from None
            if value not in ov.cell_ids:
                raise BadParam(name)
            params[name] = value
        elif name == "quarter":
            quarter = rules.parse_quarter(raw)
            if quarter is None or quarter not in ov.quarters:
                raise BadParam(name)
            params[name] = quarter
        elif name == "member":
            try:
                params[name] = int(raw)
            except ValueError:
                raise BadParam(name) from None
    unknown = set(data) - set(figure.params) - {"org", "from", "to", "page"}
    if unknown & {"cell", "quarter", "member"}:
        raise BadParam(", ".join(sorted(unknown)))
    return params


def _cells(ov, p):
    return [c for c in ov.cells if "cell" not in p or c.cell_id == p["cell"]]


def _meetings(ov, p, *, thematic=False):
    qs = (
        queries.held_meetings(_ids(ov, p), ov.start, ov.end).select_related("cell").order_by("cell__path", "planned_on")
    )
    if thematic:
        qs = qs.filter(kind__in=THEMATIC_KINDS)
    if "quarter" in p:
        year, q = p["quarter"]
        qs = qs.filter(planned_on__year=year, planned_on__month__in=[m for _y, m in rules.quarter_months(p["quarter"])])
    return list(qs)


def _ids(ov, p) -> list[int]:
    return [p["cell"]] if "cell" in p else ov.cell_ids


def _attendance(ov, p, status=None):
    qs = queries.counted_attendance(_ids(ov, p), ov.start, ov.end)
    if "member" in p:
        qs = qs.filter(member_id=p["member"])
    if status:
        qs = qs.filter(status=status)
    return list(
        qs.select_related("member", "meeting", "meeting__cell").order_by(
            "meeting__planned_on", "member__full_name", "id"
        )
    )


def _attendance_count(field: str):
    def count(ov, p):
        if "member" in p:
            return sum(
                getattr(r, field)
                for r in queries.member_rates(ov)
                if r.member_id == p["member"] and r.cell_id in _ids(ov, p)
            )
        return sum(getattr(c, field) for c in _cells(ov, p))

    return count


def _thematic_count(ov, p):
    total = 0
    for c in _cells(ov, p):
        total += sum(n for q, n in c.thematic.items() if "quarter" not in p or q == p["quarter"])
    return total


@dataclass(frozen=True)
class QuarterRow:
    cell: queries.CellRow
    quarter: rules.Quarter


def _missed_quarters(ov, p):
    return [
        QuarterRow(c, q) for c in _cells(ov, p) for q in c.missed_quarters if "quarter" not in p or q == p["quarter"]
    ]


@dataclass(frozen=True)
class MemberAbsence:
    member_id: int
    name: str
    cell_id: int
    absent: int


def _members_absent(ov, p):
    return [
        MemberAbsence(r.member_id, r.name, r.cell_id, r.absent)
        for r in queries.member_rates(ov)
        if r.absent and ("cell" not in p or r.cell_id == p["cell"])
    ]


def _visits(ov, p):
    return list(queries.visits_in(_ids(ov, p), ov.start, ov.end).select_related("cell", "meeting").order_by("on", "id"))


def _flags(ov, p):
    return [f for f in queries.removal_flags(ov) if "cell" not in p or f.cell_name in {c.name for c in _cells(ov, p)}]


FIGURES: dict[str, Figure] = {
    f.slug: f
    for f in [
        Figure(
            "cells",
            _("Cells in the period"),
            "cell",
            _cells,
            lambda ov, p: len(_cells(ov, p)),
            ("cell",),
        ),
        Figure(
            "cells-judged",
            _("Cells judged (existed for at least one whole month)"),
            "cell",
            lambda ov, p: [c for c in _cells(ov, p) if c.judged],
            lambda ov, p: ov.totals()["judged"] if "cell" not in p else len([c for c in _cells(ov, p) if c.judged]),
            ("cell",),
        ),
        Figure(
            "cells-met-every-month",
            _("Cells that met every month"),
            "cell",
            lambda ov, p: [c for c in _cells(ov, p) if c.met_every_month],
            lambda ov, p: (
                ov.totals()["met"] if "cell" not in p else len([c for c in _cells(ov, p) if c.met_every_month])
            ),
            ("cell",),
        ),
        Figure(
            "cells-missed-month",
            _("Cells that missed a month"),
            "cell",
            lambda ov, p: [c for c in _cells(ov, p) if c.missed],
            lambda ov, p: ov.totals()["missed"] if "cell" not in p else len([c for c in _cells(ov, p) if c.missed]),
            ("cell",),
        ),
        Figure(
            "cells-visited",
            _("Cells whose meetings higher levels attended"),
            "cell",
            lambda ov, p: [c for c in _cells(ov, p) if c.visits],
            lambda ov, p: ov.totals()["visited"] if "cell" not in p else len([c for c in _cells(ov, p) if c.visits]),
            ("cell",),
        ),
        Figure(
            "meetings-held",
            _("Meetings held"),
            "meeting",
            lambda ov, p: _meetings(ov, p),
            lambda ov, p: sum(c.held for c in _cells(ov, p)) if "quarter" not in p else len(_meetings(ov, p)),
            ("cell", "quarter"),
        ),
        Figure(
            "thematic-meetings",
            _("Thematic meetings held"),
            "meeting",
            lambda ov, p: _meetings(ov, p, thematic=True),
            _thematic_count,
            ("cell", "quarter"),
        ),
        Figure(
            "thematic-quarters-missed",
            _("Quarters without a thematic meeting"),
            "quarter",
            _missed_quarters,
            lambda ov, p: sum(
                len([q for q in c.missed_quarters if "quarter" not in p or q == p["quarter"]]) for c in _cells(ov, p)
            ),
            ("cell", "quarter"),
        ),
        Figure(
            "attendance-counted",
            _("Members expected at meetings (attendances counted)"),
            "attendance",
            lambda ov, p: _attendance(ov, p),
            _attendance_count("counted"),
            ("cell", "member"),
        ),
        Figure(
            "attendance-present",
            _("Attendances present"),
            "attendance",
            lambda ov, p: _attendance(ov, p, AttendanceStatus.PRESENT),
            _attendance_count("present"),
            ("cell", "member"),
        ),
        Figure(
            "attendance-excused",
            _("Absences with reason"),
            "attendance",
            lambda ov, p: _attendance(ov, p, AttendanceStatus.EXCUSED),
            _attendance_count("excused"),
            ("cell", "member"),
        ),
        Figure(
            "attendance-absent",
            _("Absences without reason"),
            "attendance",
            lambda ov, p: _attendance(ov, p, AttendanceStatus.ABSENT),
            _attendance_count("absent"),
            ("cell", "member"),
        ),
        Figure(
            "members-absent",
            _("Members absent without reason"),
            "member",
            _members_absent,
            lambda ov, p: len({(r.member_id, r.cell_id) for r in _members_absent(ov, p)}),
            ("cell",),
        ),
        Figure(
            "removal-flags",
            _("Members absent or without dues for 3 months in a year"),
            "flag",
            _flags,
            lambda ov, p: len(_flags(ov, p)),
            ("cell",),
        ),
        Figure(
            "visits",
            _("Visits by higher levels"),
            "visit",
            _visits,
            lambda ov, p: sum(c.visits for c in _cells(ov, p)),
            ("cell",),
        ),
    ]
}
