"""The registry of report figures: each one is a query that both counts and lists its records.

DESIGN.md idea 3, "every figure opens its list": a figure is defined once, by a function
`(org, on, **params) -> QuerySet` returning exactly the records behind it for `org`'s subtree as
the tree and the register stood on `on`. The dashboard shows the number (read from the grouped
counts of `reports.queries`, which the tests hold equal to these lists), the figure page lists the
records and the export writes the same rows. Adding a figure here puts it under the tests that
compare the three automatically.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coso.members.choices import (
    Gender,
    GeneralEducation,
    PoliticalTheory,
    ProfessionalEducation,
    SpellStatus,
)
from coso.members.models import Ethnicity, Member, Religion
from coso.members.queries import members_on, spells_on, subtree_spells
from coso.members.rules import AGE_BAND_CHOICES, birth_date_range_for_band
from coso.organizations.models import (
    GRASSROOTS_KINDS,
    Organization,
    OrganizationType,
    OrgKind,
    OrgVersion,
    ResidentialUnit,
)
from coso.organizations.queries import subtree_versions, units_on, valid_on

# "Organizations below the grassroots" of the statistical forms: partial committees and cells
# (DOMAIN.md §The organization tree). Party groups sit inside a cell and are not counted there.
BELOW_GRASSROOTS_REPORTED = (OrgKind.PARTIAL_COMMITTEE, OrgKind.CELL)
NO_RELIGION = "none"


class RecordKind:
    MEMBER = "member"
    ORGANIZATION = "organization"
    RESIDENTIAL_UNIT = "residential_unit"

    labels = {
        MEMBER: _("party members"),
        ORGANIZATION: _("party organizations"),
        RESIDENTIAL_UNIT: _("residential units"),
    }


class UnknownParam(LookupError):
    """A figure was asked for with a missing or unknown parameter value (the views answer 404)."""


@dataclass(frozen=True)
class Column:
    """One column of a figure's list and of its export. `value` maps a row object to a cell."""

    key: str
    label: Promise
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Param:
    """The one parameter of a parametrised figure (`?gender=female`), with its valid values."""

    name: str
    label: Promise
    choices: Callable[[], list[tuple[str, str]]]

    def label_for(self, value: str) -> str:
        return str(dict(self.choices()).get(value, value))


@dataclass(frozen=True)
class Figure:
    slug: str
    label: Promise
    group: str
    record_kind: str
    records: Callable[..., QuerySet]
    # Where the grouped counts (`reports.queries`) hold this figure's value; with a param, the
    # param value is one more key under this path.
    count_path: tuple[str, ...]
    param: Param | None = None
    columns: tuple[Column, ...] = field(default=())

    def param_values(self) -> list[str | None]:
        return [code for code, _label in self.param.choices()] if self.param else [None]

    def clean_params(self, data: Mapping) -> dict[str, str]:
        """The keyword arguments for `records`, read from a query string; UnknownParam if invalid."""
        if self.param is None:
            return {}
        value = data.get(self.param.name)
        if not value or value not in dict(self.param.choices()):
            raise UnknownParam(self.param.name)
        return {self.param.name: value}

    def title(self, params: Mapping) -> str:
        if self.param is None:
            return str(self.label)
        return f"{self.label}: {self.param.label_for(params[self.param.name])}"

    def value_from(self, counts: Mapping, params: Mapping) -> int:
        """This figure's number in the dict returned by member_counts / organization_counts."""
        node: Any = counts
        for key in self.count_path:
            node = node[key]
        if self.param is not None:
            return int(node.get(params[self.param.name], 0))
        return int(node)

    def rows(self, qs: QuerySet, org: Organization, on: date) -> QuerySet:
        """`qs` with what the columns show (the organization and status on `on`, names on `on`)."""
        return ROW_PREPARERS[self.record_kind](qs, org, on)


FIGURES: dict[str, Figure] = {}


def register(figure: Figure) -> Figure:
    if figure.slug in FIGURES:
        raise ValueError(f"figure {figure.slug} registered twice")
    if not figure.columns:
        figure = replace(figure, columns=DEFAULT_COLUMNS[figure.record_kind])
    FIGURES[figure.slug] = figure
    return figure


def get_figure(slug: str) -> Figure | None:
    return FIGURES.get(slug)


# Parameter choices -----------------------------------------------------------------------------


def _choices(text_choices) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(code, str(label)) for code, label in text_choices.choices]


def ethnicity_choices() -> list[tuple[str, str]]:
    return list(Ethnicity.objects.order_by("code").values_list("code", "name"))


def religion_choices() -> list[tuple[str, str]]:
    return list(Religion.objects.order_by("sort_order", "name").values_list("code", "name"))


def org_type_choices() -> list[tuple[str, str]]:
    return list(OrganizationType.objects.order_by("sort_order", "name").values_list("code", "name"))


def age_band_choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in AGE_BAND_CHOICES]


# Record sets -----------------------------------------------------------------------------------


def age_band_filter(band: str, on: date, *, member: str = "") -> Q:
    """Members in statistical age band `band` on `on`, as a date-of-birth range (members.rules).

    `member` is the lookup prefix to the member ("member__" from a spell), so the grouped counts
    and the lists draw the bands with the same condition.
    """
    earliest, latest = birth_date_range_for_band(band, on)
    condition = Q()
    if earliest is not None:
        condition &= Q(**{f"{member}date_of_birth__gte": earliest})
    if latest is not None:
        condition &= Q(**{f"{member}date_of_birth__lte": latest})
    return condition


def sub_units_on(org: Organization, on: date) -> QuerySet[OrgVersion]:
    """The organizations under `org` on `on` (the organization itself excluded), one version each."""
    return subtree_versions(org, on).exclude(organization_id=org.pk)


def resident_member_exists(on: date) -> Exists:
    """A party member living in the unit (OuterRef pk) on `on`, whatever organization holds their membership.

    A villager may belong to the cell of an agency or enterprise anywhere, so the question is asked
    of the whole register — the same rule as the residential units on a node's page.
    """
    home_spells = spells_on(on).filter(member=OuterRef("pk"))
    return Exists(Member.objects.filter(residential_unit=OuterRef("pk")).filter(Exists(home_spells)))


def unit_cell_exists(on: date) -> Exists:
    """An organization active on `on` attached to the unit (OuterRef pk): the unit's cell."""
    return Exists(OrgVersion.objects.filter(valid_on(on), organization__residential_unit=OuterRef("pk")))


def _units_without_member(org: Organization, on: date) -> QuerySet[ResidentialUnit]:
    return units_on(org, on).filter(~resident_member_exists(on))


def _units_without_cell(org: Organization, on: date) -> QuerySet[ResidentialUnit]:
    return units_on(org, on).filter(~unit_cell_exists(on))


# Rows for display ------------------------------------------------------------------------------


def _version_name_on(on: date, org_ref: str) -> Subquery:
    return Subquery(OrgVersion.objects.filter(valid_on(on), organization_id=OuterRef(org_ref)).values("name")[:1])


def _member_rows(qs: QuerySet[Member], org: Organization, on: date) -> QuerySet[Member]:
    spell = subtree_spells(org, on).filter(member=OuterRef("pk")).order_by("-valid_from")
    return qs.select_related("ethnicity", "religion").annotate(
        on_org_id=Subquery(spell.values("organization_id")[:1]),
        on_status=Subquery(spell.values("status")[:1]),
        on_exempt=Subquery(spell.values("exempt")[:1]),
        on_org_name=_version_name_on(on, "on_org_id"),
    )


def _org_rows(qs: QuerySet[OrgVersion], org: Organization, on: date) -> QuerySet[OrgVersion]:
    return (
        qs.select_related("organization", "organization__org_type")
        .annotate(parent_name_on=_version_name_on(on, "parent_id"))
        .order_by("path", "organization_id")
    )


def _unit_rows(qs: QuerySet[ResidentialUnit], org: Organization, on: date) -> QuerySet[ResidentialUnit]:
    return (
        qs.select_related("commune")
        .annotate(commune_name_on=_version_name_on(on, "commune_id"))
        .order_by("commune_name_on", "name", "pk")
    )


ROW_PREPARERS = {
    RecordKind.MEMBER: _member_rows,
    RecordKind.ORGANIZATION: _org_rows,
    RecordKind.RESIDENTIAL_UNIT: _unit_rows,
}


def _status_on(member) -> str:
    if not member.on_status:
        return ""
    label = str(SpellStatus(member.on_status).label)
    if not member.on_exempt:
        return label
    return "{} ({})".format(label, _("exempted"))


DEFAULT_COLUMNS: dict[str, tuple[Column, ...]] = {
    RecordKind.MEMBER: (
        Column("full_name", _("Full name"), lambda m: m.full_name),
        Column("date_of_birth", _("Date of birth"), lambda m: m.date_of_birth),
        Column("gender", _("Gender"), lambda m: m.get_gender_display()),
        Column("ethnicity", _("Ethnicity"), lambda m: m.ethnicity.name),
        Column("religion", _("Religion"), lambda m: m.religion.name),
        Column("organization", _("Organization on that date"), lambda m: m.on_org_name or ""),
        Column("status", _("Status on that date"), _status_on),
        Column("general_education", _("General education"), lambda m: m.get_general_education_display()),
        Column("professional_education", _("Professional education"), lambda m: m.get_professional_education_display()),
        Column("political_theory", _("Political theory"), lambda m: m.get_political_theory_display()),
    ),
    RecordKind.ORGANIZATION: (
        Column("code", _("Code"), lambda v: v.organization.code),
        Column("name", _("Name on that date"), lambda v: v.name),
        Column("kind", _("Kind"), lambda v: v.organization.get_kind_display()),
        Column("org_type", _("Organization type"), lambda v: v.organization.org_type.name),
        Column("parent", _("Directly under (on that date)"), lambda v: v.parent_name_on or ""),
        Column("established_on", _("Established on"), lambda v: v.organization.established_on),
    ),
    RecordKind.RESIDENTIAL_UNIT: (
        Column("code", _("Code"), lambda u: u.code),
        Column("name", _("Name"), lambda u: u.name),
        Column("unit_kind", _("Type of unit"), lambda u: u.get_unit_kind_display()),
        Column("commune", _("Commune"), lambda u: u.commune_name_on or u.commune.name),
    ),
}


# The figures -----------------------------------------------------------------------------------

MEMBERS = _("Party members")
ORGANIZATIONS = _("Party organizations")
UNITS = _("Residential units")
M, ORG, U = RecordKind.MEMBER, RecordKind.ORGANIZATION, RecordKind.RESIDENTIAL_UNIT

register(Figure("members_total", _("Party members"), MEMBERS, M, lambda org, on: members_on(org, on), ("total",)))
register(
    Figure(
        "members_probationary",
        _("Probationary members"),
        MEMBERS,
        M,
        lambda org, on: members_on(org, on, status=SpellStatus.PROBATIONARY),
        ("status", SpellStatus.PROBATIONARY),
    )
)
register(
    Figure(
        "members_official",
        _("Official members"),
        MEMBERS,
        M,
        lambda org, on: members_on(org, on, status=SpellStatus.OFFICIAL),
        ("status", SpellStatus.OFFICIAL),
    )
)
register(
    Figure(
        "members_exempted",
        _("Exempted from party work and activities"),
        MEMBERS,
        M,
        lambda org, on: members_on(org, on, exempt=True),
        ("exempted",),
    )
)
register(
    Figure(
        "members_gender",
        _("Party members by gender"),
        MEMBERS,
        M,
        lambda org, on, gender: members_on(org, on).filter(gender=gender),
        ("gender",),
        Param("gender", _("Gender"), _choices(Gender)),
    )
)
register(
    Figure(
        "members_ethnicity",
        _("Party members by ethnicity"),
        MEMBERS,
        M,
        lambda org, on, ethnicity: members_on(org, on).filter(ethnicity__code=ethnicity),
        ("ethnicity",),
        Param("ethnicity", _("Ethnicity"), ethnicity_choices),
    )
)
register(
    Figure(
        "members_ethnic_minority",
        _("Party members of ethnic minorities"),
        MEMBERS,
        M,
        lambda org, on: members_on(org, on).filter(ethnicity__is_minority=True),
        ("ethnic_minority",),
    )
)
register(
    Figure(
        "members_religion",
        _("Party members by religion"),
        MEMBERS,
        M,
        lambda org, on, religion: members_on(org, on).filter(religion__code=religion),
        ("religion",),
        Param("religion", _("Religion"), religion_choices),
    )
)
register(
    Figure(
        "members_with_religion",
        _("Party members following a religion"),
        MEMBERS,
        M,
        lambda org, on: members_on(org, on).exclude(religion__code=NO_RELIGION),
        ("with_religion",),
    )
)
register(
    Figure(
        "members_age_band",
        _("Party members by age"),
        MEMBERS,
        M,
        lambda org, on, band: members_on(org, on).filter(age_band_filter(band, on)),
        ("age_band",),
        Param("band", _("Age"), age_band_choices),
    )
)
register(
    Figure(
        "members_general_education",
        _("Party members by general education"),
        MEMBERS,
        M,
        lambda org, on, level: members_on(org, on).filter(general_education=level),
        ("general_education",),
        Param("level", _("General education"), _choices(GeneralEducation)),
    )
)
register(
    Figure(
        "members_professional_education",
        _("Party members by professional education"),
        MEMBERS,
        M,
        lambda org, on, level: members_on(org, on).filter(professional_education=level),
        ("professional_education",),
        Param("level", _("Professional education"), _choices(ProfessionalEducation)),
    )
)
register(
    Figure(
        "members_political_theory",
        _("Party members by political theory"),
        MEMBERS,
        M,
        lambda org, on, level: members_on(org, on).filter(political_theory=level),
        ("political_theory",),
        Param("level", _("Political theory"), _choices(PoliticalTheory)),
    )
)
register(
    Figure(
        "orgs_kind",
        _("Sub-units by kind"),
        ORGANIZATIONS,
        ORG,
        lambda org, on, kind: sub_units_on(org, on).filter(organization__kind=kind),
        ("kind",),
        Param("kind", _("Kind"), _choices(OrgKind)),
    )
)
register(
    Figure(
        "orgs_grassroots",
        _("Grassroots party organizations"),
        ORGANIZATIONS,
        ORG,
        lambda org, on: sub_units_on(org, on).filter(organization__kind__in=GRASSROOTS_KINDS),
        ("grassroots",),
    )
)
register(
    Figure(
        "orgs_grassroots_type",
        _("Grassroots party organizations by type"),
        ORGANIZATIONS,
        ORG,
        lambda org, on, org_type: sub_units_on(org, on).filter(
            organization__kind__in=GRASSROOTS_KINDS, organization__org_type__code=org_type
        ),
        ("grassroots_type",),
        Param("org_type", _("Organization type"), org_type_choices),
    )
)
register(
    Figure(
        "orgs_below_grassroots",
        _("Party organizations below the grassroots"),
        ORGANIZATIONS,
        ORG,
        lambda org, on: sub_units_on(org, on).filter(organization__kind__in=BELOW_GRASSROOTS_REPORTED),
        ("below_grassroots",),
    )
)
register(
    Figure(
        "units_total",
        _("Residential units"),
        UNITS,
        U,
        lambda org, on: units_on(org, on),
        ("units", "total"),
    )
)
register(
    Figure(
        "units_without_member",
        _("Residential units with no party member"),
        UNITS,
        U,
        _units_without_member,
        ("units", "without_member"),
    )
)
register(
    Figure(
        "units_without_cell",
        _("Residential units with no party cell"),
        UNITS,
        U,
        _units_without_cell,
        ("units", "without_cell"),
    )
)
