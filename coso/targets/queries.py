"""Admission progress against the yearly targets, for a subtree and a year.

Counting rule (the definition every figure and its list share):
- An admission is an ADMITTED or READMITTED fact dated within the year, up to the report date.
- It counts for the organization where the fact happened (the fact's organization), placed in
  the tree **as it stands on the report date**: an admission in a cell counts for the commune and
  the district that hold the cell on that date. An organization no longer in the tree on the report
  date counts with the organization it was merged into (following merges), or else where it last
  stood. So a 2024 report shows the districts of 2024, and a 2025 year-end report shows a commune
  formed by merger with the admissions and targets of the communes it absorbed that year.
- Targets are placed the same way, so a target and the admissions it measures always meet in the
  same row.
- The report date is 31/12 of the year, or today for the current year.

Behind schedule: a unit with a target is behind when admitted / target is lower than the share of
the year elapsed on the report date minus a tolerance of 10 percentage points (`BEHIND_TOLERANCE`);
for a finished year that means under 90% of the target.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.common.dates import today
from coso.members.choices import EventKind, Gender, GeneralEducation
from coso.members.models import Member, MemberEvent
from coso.members.rules import AGE_BANDS, age_band
from coso.organizations.models import Organization, OrgVersion, Reorganization
from coso.organizations.queries import children_on, subtree_versions, valid_on, version_on
from coso.targets.models import AdmissionTarget

ADMISSION_KINDS = (EventKind.ADMITTED, EventKind.READMITTED)
BEHIND_TOLERANCE = 0.10
SELF = "self"


def report_date(year: int, now: date | None = None) -> date:
    """31/12 of a past year, today within the current year, 1/1 of a future year."""
    now = now or today()
    return min(max(now, date(year, 1, 1)), date(year, 12, 31))


def elapsed_share(year: int, on: date) -> float:
    first, last = date(year, 1, 1), date(year, 12, 31)
    return ((on - first).days + 1) / ((last - first).days + 1)


def is_behind(admitted: int, target: int | None, share: float) -> bool:
    if not target:
        return False
    return admitted / target < share - BEHIND_TOLERANCE


def places_on(org_ids: Iterable[int], on: date) -> dict[int, str]:
    """Path of each organization in the tree of `on`; merged-away ones take their successor's place,
    others no longer in the tree keep the last place they held. A few queries, whatever the count."""
    wanted = set(org_ids)
    places: dict[int, str] = dict(
        OrgVersion.objects.filter(valid_on(on), organization_id__in=wanted).values_list("organization_id", "path")
    )
    successor: dict[int, int] = {}
    missing = wanted - set(places)
    for _round in range(10):  # merges chain rarely; bounded to stay safe against cycles
        if not missing:
            break
        through_sources = Reorganization.sources.through
        through_targets = Reorganization.targets.through
        merged = dict(
            through_sources.objects.filter(
                organization_id__in=missing,
                reorganization__kind=Reorganization.Kind.MERGE,
                reorganization__on__lte=on,
            ).values_list("organization_id", "reorganization_id")
        )
        if not merged:
            break
        into = dict(
            through_targets.objects.filter(reorganization_id__in=set(merged.values())).values_list(
                "reorganization_id", "organization_id"
            )
        )
        new = {}
        for source, reorg in merged.items():
            if reorg in into:
                successor[source] = into[reorg]
                new[into[reorg]] = True
        found = dict(
            OrgVersion.objects.filter(valid_on(on), organization_id__in=set(new) - set(places)).values_list(
                "organization_id", "path"
            )
        )
        places.update(found)
        missing = {s for s in new if s not in places and s not in successor}
    for org_id in wanted - set(places):
        target = org_id
        seen = set()
        while target in successor and target not in places and target not in seen:
            seen.add(target)
            target = successor[target]
        if target in places:
            places[org_id] = places[target]
    last = wanted - set(places)
    if last:
        for org_id, path in (
            OrgVersion.objects.filter(organization_id__in=last, valid_from__lte=on)
            .order_by("organization_id", "valid_from")
            .values_list("organization_id", "path")
        ):
            places[org_id] = path  # ascending order: the last one wins
    return places


@dataclass(frozen=True)
class AdmissionFact:
    event_id: int
    member_id: int
    organization_id: int
    on: date
    kind: str
    path: str


def _gone_by(on: date) -> Q:
    return Q(organization__dissolved_on__isnull=False, organization__dissolved_on__lte=on)


def admission_facts(org: Organization, year: int, on: date, *, start: date | None = None) -> list[AdmissionFact]:
    """The admissions counted for `org`'s subtree in `year` up to `on` (see the module's rule).

    `start` narrows the period's beginning (1/1 of `year` by default). Never a fact after `on`.
    """
    root = version_on(org, on)
    if root is None:
        return []
    in_tree = dict(subtree_versions(org, on).values_list("organization_id", "path"))
    rows = list(
        MemberEvent.objects.filter(kind__in=ADMISSION_KINDS, on__gte=start or date(year, 1, 1), on__lte=on)
        .filter(Q(organization_id__in=list(in_tree)) | _gone_by(on))
        .order_by("on", "id")
        .values_list("pk", "member_id", "organization_id", "on", "kind")
    )
    gone = {r[2] for r in rows if r[2] not in in_tree}
    places = places_on(gone, on) if gone else {}
    result = []
    for pk, member_id, org_id, fact_on, kind in rows:
        path = in_tree.get(org_id) or places.get(org_id)
        if path and path.startswith(root.path):
            result.append(AdmissionFact(pk, member_id, org_id, fact_on, kind, path))
    return result


def targets_in(org: Organization, year: int, on: date) -> list[tuple[AdmissionTarget, str]]:
    """Targets of `year` placed in `org`'s subtree on `on`, with their place (path)."""
    root = version_on(org, on)
    if root is None:
        return []
    in_tree = dict(subtree_versions(org, on).values_list("organization_id", "path"))
    targets = list(
        AdmissionTarget.objects.filter(year=year)
        .filter(Q(organization_id__in=list(in_tree)) | _gone_by(on))
        .select_related("organization")
    )
    gone = {t.organization_id for t in targets if t.organization_id not in in_tree}
    places = places_on(gone, on) if gone else {}
    result = []
    for t in targets:
        path = in_tree.get(t.organization_id) or places.get(t.organization_id)
        if path and path.startswith(root.path):
            result.append((t, path))
    return result


# Breakdowns ------------------------------------------------------------------------------------

NOT_STATED = gettext_lazy("Not stated")
NOT_RECORDED = gettext_lazy("No candidacy recorded")
DIMENSIONS: dict[str, object] = {
    "ethnicity": gettext_lazy("Ethnicity"),
    "religion": gettext_lazy("Religion"),
    "gender": gettext_lazy("Gender"),
    "age_band": gettext_lazy("Age at admission"),
    "education": gettext_lazy("General education"),
    "occupation": gettext_lazy("Occupation"),
    "source": gettext_lazy("Source"),
}
_AGE_LABELS = {code: label for code, label, _min, _max in AGE_BANDS}
_AGE_ORDER = {code: i for i, (code, _label, _min, _max) in enumerate(AGE_BANDS)}
_EDU_ORDER = {code: i for i, code in enumerate(GeneralEducation.values)}


@dataclass(frozen=True)
class MemberTraits:
    gender: str
    ethnicity: tuple[str, str]
    religion: tuple[str, str]
    born: date
    education: str
    occupation: str
    sources: tuple[tuple[date, str], ...] = ()  # (registered on, source) of the person's candidacies

    def source_on(self, on: date) -> str:
        """Source of the candidacy that led to the admission of `on`: the latest registered by then."""
        chosen = ""
        for registered_on, source in self.sources:
            if registered_on <= on:
                chosen = source
        return chosen


def _traits(member_ids: set[int]) -> dict[int, MemberTraits]:
    rows = Member.objects.filter(pk__in=member_ids).values_list(
        "pk",
        "gender",
        "ethnicity__code",
        "ethnicity__name",
        "religion__code",
        "religion__name",
        "date_of_birth",
        "general_education",
        "occupation",
    )
    from coso.admission.models import Candidate  # the pipeline records where each candidate came from

    sources: dict[int, list[tuple[date, str]]] = {}
    for member_id, registered_on, source in (
        Candidate.objects.filter(member_id__in=member_ids)
        .order_by("member_id", "registered_on", "pk")
        .values_list("member_id", "registered_on", "source")
    ):
        sources.setdefault(member_id, []).append((registered_on, source))
    return {
        pk: MemberTraits(
            gender, (eth_code, eth_name), (rel_code, rel_name), born, edu, occ.strip(), tuple(sources.get(pk, ()))
        )
        for pk, gender, eth_code, eth_name, rel_code, rel_name, born, edu, occ in rows
    }


def dimension_value(dim: str, fact: AdmissionFact, traits: MemberTraits) -> tuple[str, str, object]:
    """(key used in list links, label, sort key) of a fact on one dimension."""
    if dim == "gender":
        return traits.gender, str(Gender(traits.gender).label), traits.gender
    if dim == "ethnicity":
        code, name = traits.ethnicity
        return code, name, code
    if dim == "religion":
        code, name = traits.religion
        return code, name, (code != "none", name)
    if dim == "age_band":
        code = age_band(traits.born, fact.on)
        return code, str(_AGE_LABELS[code]), _AGE_ORDER[code]
    if dim == "education":
        code = traits.education
        label = str(GeneralEducation(code).label) if code in GeneralEducation.values else code
        return code, label, _EDU_ORDER.get(code, 99)
    if dim == "occupation":
        if not traits.occupation:
            return "-", str(NOT_STATED), (1, "")
        return traits.occupation, traits.occupation, (0, traits.occupation.lower())
    if dim == "source":
        from coso.admission.models import Source

        code = traits.source_on(fact.on)
        if not code:
            return "-", str(NOT_RECORDED), (1, "")
        label = str(Source(code).label) if code in Source.values else code
        return code, label, (0, Source.values.index(code) if code in Source.values else 99)
    raise KeyError(dim)


# The report ------------------------------------------------------------------------------------


@dataclass
class UnitProgress:
    organization: Organization
    key: str  # the unit's key in list links: its id, or SELF for facts in the node itself
    target: int | None = None
    admitted: int = 0
    behind: bool = False


@dataclass
class BreakdownRow:
    key: str
    label: str
    count: int


@dataclass
class Progress:
    organization: Organization
    year: int
    on: date
    share_elapsed: float
    target: int | None
    admitted: int
    behind: bool
    units: list[UnitProgress]
    by_month: list[int]
    breakdowns: dict[str, list[BreakdownRow]] = field(default_factory=dict)

    @property
    def expected(self) -> int | None:
        """Admissions expected by now at an even pace."""
        return None if not self.target else round(self.target * self.share_elapsed)


def _unit_key_for(path: str, root_path: str, children: dict[str, Organization]) -> str:
    if path == root_path:
        return SELF
    segment_end = path.find("/", len(root_path))
    child_path = path[: segment_end + 1]
    child = children.get(child_path)
    return str(child.pk) if child else SELF


def progress(org: Organization, year: int, on: date | None = None) -> Progress:
    """Admissions against targets for `org`'s subtree in `year` up to `on`: totals, per sub-unit,
    per month, breakdowns — every number read from the catalogue figures of `targets.figures`
    over [1/1 of `year`, `on`], so an admission after `on` is never counted."""
    from coso.reports.catalogue import Reading
    from coso.targets import figures

    on = on or report_date(year)
    reading = Reading(org, on=on, start=date(year, 1, 1))
    scope = reading.scope(reading.figure(figures.ADMITTED))
    share = elapsed_share(year, on)
    admitted = reading.value(figures.ADMITTED)
    has_target = bool(reading.records(figures.TARGET))
    total_target = reading.value(figures.TARGET) if has_target else None
    breakdowns = {}
    for dim in DIMENSIONS:
        counts = reading.breakdown(figures.ADMITTED, dim)
        labels = dict(figures.dimension_choices(dim)(scope))
        breakdowns[dim] = [
            BreakdownRow(k, labels.get(k, k), counts[k]) for k in figures.dimension_order(scope, dim) if counts.get(k)
        ]
    return Progress(
        organization=org,
        year=year,
        on=on,
        share_elapsed=share,
        target=total_target,
        admitted=admitted,
        behind=is_behind(admitted, total_target, share),
        units=figures.units(scope),
        by_month=figures.month_counts(scope),
        breakdowns=breakdowns,
    )


@dataclass(frozen=True)
class FigureFilter:
    unit: str = ""  # a child's id, SELF, or "" for the whole subtree
    month: int | None = None
    dim: str = ""
    value: str = ""

    def describe(self, org: Organization, children: dict[str, Organization]) -> list[str]:
        parts = []
        if self.unit:
            parts.append(str(children[self.unit]) if self.unit in children else org.name)
        if self.month:
            parts.append(_("month %(month)d") % {"month": self.month})
        if self.dim in DIMENSIONS:
            parts.append(f"{DIMENSIONS[self.dim]}: {self.value}")
        return parts


def admitted_list(org: Organization, year: int, on: date, figure: FigureFilter) -> list:
    """The admissions behind one figure of `progress`: the records of the catalogue figure
    `targets-admitted` with the same parameters, so the list's length equals the figure."""
    from coso.reports.catalogue import Reading, UnknownParam
    from coso.targets import figures

    reading = Reading(org, on=on, start=date(year, 1, 1))
    params = {}
    if figure.unit:
        params["unit"] = figure.unit
    if figure.month:
        params["month"] = str(figure.month)
    if figure.dim:
        if figure.dim not in DIMENSIONS:
            return []
        params[figure.dim] = figure.value
    try:
        reading.figure(figures.ADMITTED).clean_params(reading.scope(reading.figure(figures.ADMITTED)), params)
    except UnknownParam:
        return []
    return list(reading.records(figures.ADMITTED, **params))


def month_labels() -> list[str]:
    return [_("Month %(month)d") % {"month": m} for m in range(1, 13)]


def units_by_key(org: Organization, on: date) -> dict[str, Organization]:
    return {str(v.organization.pk): v.organization for v in children_on(org, on)}


def grassroots_under(org: Organization, on: date) -> list[Organization]:
    """Grassroots organizations in `org`'s subtree on `on` (those that receive a target), by path."""
    from coso.organizations.models import GRASSROOTS_KINDS

    ids = subtree_versions(org, on).values("organization_id")
    return list(
        Organization.objects.filter(pk__in=ids, kind__in=GRASSROOTS_KINDS).order_by("path").select_related("parent")
    )


def target_versions(organizations: Iterable[Organization], year: int) -> dict[int, int]:
    """organization id → version of its target for `year` (absent: no target), for stale-edit checks."""
    return dict(
        AdmissionTarget.objects.filter(year=year, organization__in=list(organizations)).values_list(
            "organization_id", "version"
        )
    )


def current_targets(organizations: Iterable[Organization], year: int) -> dict[int, int]:
    """organization id → target already set for `year`, for the edit page's initial values."""
    return dict(
        AdmissionTarget.objects.filter(year=year, organization__in=list(organizations)).values_list(
            "organization_id", "target"
        )
    )
