"""The admission-target figures, registered in the figure catalogue (`coso.reports.catalogue`).

All are PERIOD figures read for a subtree over [from, to] — by default [1/1 of the year, the date],
"admitted in the year up to the date" — with the counting rule of `targets.queries` (an admission
counts where it happened, placed in the tree of the period's end; never a fact after that date):

- `targets-admitted`: the admissions (ADMITTED / READMITTED facts), by sub-unit, month, and the
  breakdowns of the report (ethnicity, religion, gender, age at admission, education, occupation,
  source); its denominator is `targets-target`, so its percentage is the PROGRESS;
- `targets-target`: the yearly targets (the number is the SUM of the targets), by sub-unit;
- `targets-units-with-target` and `targets-units-behind` (its denominator): the sub-units with a
  target, and those behind schedule (`queries.is_behind`).

`targets.queries.progress` is built from these figures, so the targets page, its card on the
dashboard and the API progress read the catalogue.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from coso.members.models import Member
from coso.organizations.models import Organization
from coso.organizations.queries import children_on, version_on
from coso.reports.catalogue import PERIOD, Column, Figure, Param, Reading, Scope, register
from coso.targets import queries

GROUP = _("Admission targets")
ADMITTED = "targets-admitted"
TARGET = "targets-target"
UNITS_WITH_TARGET = "targets-units-with-target"
UNITS_BEHIND = "targets-units-behind"


@dataclass
class AdmissionRow:
    """One admission counted: the fact, the member (with `admitted_in`) and its keys per parameter."""

    fact: queries.AdmissionFact
    member: Member
    unit: str
    keys: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    sorts: dict[str, object] = field(default_factory=dict)


@dataclass
class TargetRow:
    organization: Organization
    unit: str
    target: int
    year: int


def _children(scope: Scope) -> dict[str, Organization]:
    return scope.memo(
        "targets.children", lambda: {v.path: v.organization for v in children_on(scope.org, scope.end).order_by("path")}
    )


def _root_path(scope: Scope) -> str | None:
    def compute():
        root = version_on(scope.org, scope.end)
        return root.path if root else None

    return scope.memo("targets.root", compute)


def _unit_of(scope: Scope, path: str) -> str:
    return queries._unit_key_for(path, _root_path(scope), _children(scope))


def admissions(scope: Scope) -> list[AdmissionRow]:
    def compute():
        if _root_path(scope) is None:
            return []
        facts = queries.admission_facts(scope.org, scope.end.year, scope.end, start=scope.period_start)
        traits = queries._traits({f.member_id for f in facts})
        members = Member.objects.in_bulk({f.member_id for f in facts})
        orgs = Organization.objects.in_bulk({f.organization_id for f in facts})
        rows = []
        for f in facts:
            member = members[f.member_id]
            member.admitted_in = orgs.get(f.organization_id)
            row = AdmissionRow(f, member, _unit_of(scope, f.path))
            for dim in queries.DIMENSIONS:
                row.keys[dim], row.labels[dim], row.sorts[dim] = queries.dimension_value(dim, f, traits[f.member_id])
            rows.append(row)
        return rows

    return scope.memo("targets.admissions", compute)


def targets(scope: Scope) -> list[TargetRow]:
    def compute():
        if _root_path(scope) is None:
            return []
        year = scope.end.year
        return [
            TargetRow(t.organization, _unit_of(scope, path), t.target, year)
            for t, path in queries.targets_in(scope.org, year, scope.end)
        ]

    return scope.memo("targets.targets", compute)


def units(scope: Scope) -> list[queries.UnitProgress]:
    """Each sub-unit (and the node itself when facts or targets sit there) with its admitted and
    target numbers, read from the two figures' grouped counts by unit."""

    def compute():
        reading = Reading.of(scope)
        admitted = reading.breakdown(ADMITTED, "unit")
        target_sum = reading.breakdown(TARGET, "unit")
        with_target = {row.unit for row in targets(scope)}
        share = queries.elapsed_share(scope.end.year, scope.end)
        rows = [queries.UnitProgress(organization=child, key=str(child.pk)) for child in _children(scope).values()]
        own = queries.UnitProgress(organization=scope.org, key=queries.SELF)
        if admitted.get(queries.SELF) or queries.SELF in with_target:
            rows.insert(0, own)
        for unit in rows:
            unit.admitted = admitted.get(unit.key, 0)
            unit.target = target_sum.get(unit.key, 0) if unit.key in with_target else None
            unit.behind = queries.is_behind(unit.admitted, unit.target, share)
        return rows

    return scope.memo("targets.units", compute)


def _unit_choices(scope: Scope) -> list[tuple[str, str]]:
    return [(queries.SELF, scope.org.name)] + [(str(o.pk), o.name) for o in _children(scope).values()]


def _month_choices(scope: Scope) -> list[tuple[str, str]]:
    return [(str(m), str(m)) for m in range(1, 13)]


def dimension_choices(dim: str):
    def choices(scope: Scope) -> list[tuple[str, str]]:
        rows = admissions(scope)
        seen = {r.keys[dim]: (r.sorts[dim], r.labels[dim]) for r in rows}
        return [(key, label) for key, (_sort, label) in sorted(seen.items(), key=lambda kv: kv[1][0])]

    return choices


def dimension_order(scope: Scope, dim: str) -> list[str]:
    return [code for code, _label in dimension_choices(dim)(scope)]


_UNIT = Param("unit", _("Unit"), _unit_choices, value_of=lambda r: r.unit)

ADMISSION_COLUMNS = (
    Column("full_name", _("Full name"), lambda r: r.member.full_name),
    Column("date_of_birth", _("Date of birth"), lambda r: r.member.date_of_birth),
    Column("gender", _("Gender"), lambda r: r.member.get_gender_display()),
    Column("kind", _("Fact"), lambda r: str(_("Re-admitted") if r.fact.kind == "readmitted" else _("Admitted"))),
    Column("on", _("Date"), lambda r: r.fact.on),
    Column("admitted_in", _("Admitted in"), lambda r: r.member.admitted_in.name if r.member.admitted_in else ""),
)
TARGET_COLUMNS = (
    Column("organization", _("Organization"), lambda r: r.organization.name),
    Column("year", _("Year"), lambda r: r.year),
    Column("target", _("Target"), lambda r: r.target),
)
UNIT_COLUMNS = (
    Column("organization", _("Unit"), lambda u: u.organization.name),
    Column("target", _("Target"), lambda u: u.target),
    Column("admitted", _("Admitted"), lambda u: u.admitted),
)

register(
    Figure(
        slug=ADMITTED,
        label=_("Admissions in the period"),
        group=GROUP,
        records=admissions,
        columns=ADMISSION_COLUMNS,
        app="targets",
        record_kind="admission",
        record_label=_("admissions"),
        timing=PERIOD,
        params=(
            _UNIT,
            Param("month", _("Month"), _month_choices, value_of=lambda r: r.fact.on.month),
            *(
                Param(dim, label, dimension_choices(dim), value_of=lambda r, dim=dim: r.keys[dim])
                for dim, label in queries.DIMENSIONS.items()
            ),
        ),
        denominator=TARGET,
        description=_(
            "Admitted and re-admitted facts dated in the period up to its last day, counted where they "
            "happened in the tree of that day; the percentage is the progress against the target."
        ),
    )
)
register(
    Figure(
        slug=TARGET,
        label=_("Admission target of the year"),
        group=GROUP,
        records=targets,
        columns=TARGET_COLUMNS,
        app="targets",
        record_kind="target",
        record_label=_("targets"),
        timing=PERIOD,
        params=(_UNIT,),
        total="target",
        description=_("The sum of the yearly targets set for the organizations of the subtree."),
    )
)
register(
    Figure(
        slug=UNITS_WITH_TARGET,
        label=_("Sub-units with a target"),
        group=GROUP,
        records=lambda s: [u for u in units(s) if u.target is not None],
        columns=UNIT_COLUMNS,
        app="targets",
        record_kind="unit",
        record_label=_("units"),
        timing=PERIOD,
    )
)
register(
    Figure(
        slug=UNITS_BEHIND,
        label=_("Sub-units behind schedule"),
        group=GROUP,
        records=lambda s: [u for u in units(s) if u.behind],
        columns=UNIT_COLUMNS,
        app="targets",
        record_kind="unit",
        record_label=_("units"),
        timing=PERIOD,
        denominator=UNITS_WITH_TARGET,
        description=_(
            "Sub-units whose admissions are below their target times the share of the year elapsed, less "
            "10 points. This is about the sub-units, not the progress of the organization itself."
        ),
    )
)


def month_counts(scope: Scope) -> list[int]:
    counts = Counter(Reading.of(scope).breakdown(ADMITTED, "month"))
    return [counts.get(str(m), 0) for m in range(1, 13)]
