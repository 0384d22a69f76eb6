"""The register's figures (members, organizations, residential units), registered in the catalogue.

Each figure is defined once here, in `coso.reports.catalogue` terms: its records for `org`'s subtree
on the tree of the date asked, its parameter (the column a breakdown groups by), its denominator
and its columns. The dashboard, the figure pages, their exports, the API and
`reports.queries.member_counts` all read these definitions; nothing else counts them.
"""

from datetime import date

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from coso.members.choices import (
    Gender,
    GeneralEducation,
    PoliticalTheory,
    ProfessionalEducation,
    SpellStatus,
)
from coso.members.models import Ethnicity, Member, Religion
from coso.members.queries import spells_on
from coso.members.rules import AGE_BAND_CHOICES, AGE_BANDS, birth_date_range_for_band
from coso.organizations.models import (
    GRASSROOTS_KINDS,
    Organization,
    OrganizationType,
    OrgKind,
    OrgVersion,
    ResidentialUnit,
)
from coso.organizations.queries import subtree_versions, units_on, valid_on
from coso.reports.catalogue import FIGURES, Column, Figure, Param, Scope, UnknownParam, get_figure, register

# "Organizations below the grassroots" of the statistical forms: partial committees and cells
# (DOMAIN.md §The organization tree). Party groups sit inside a cell and are not counted there.
BELOW_GRASSROOTS_REPORTED = (OrgKind.PARTIAL_COMMITTEE, OrgKind.CELL)
NO_RELIGION = "none"

__all__ = ["FIGURES", "Figure", "RecordKind", "UnknownParam", "get_figure"]


class RecordKind:
    MEMBER = "member"
    ORGANIZATION = "organization"
    RESIDENTIAL_UNIT = "residential_unit"

    labels = {
        MEMBER: _("party members"),
        ORGANIZATION: _("party organizations"),
        RESIDENTIAL_UNIT: _("residential units"),
    }


# Parameter choices (each takes the scope asked, as the catalogue's Param.choices does) ---------


def _choices(text_choices):
    return lambda scope=None: [(code, str(label)) for code, label in text_choices.choices]


def ethnicity_choices(scope: Scope | None = None) -> list[tuple[str, str]]:
    return list(Ethnicity.objects.order_by("code").values_list("code", "name"))


def religion_choices(scope: Scope | None = None) -> list[tuple[str, str]]:
    return list(Religion.objects.order_by("sort_order", "name").values_list("code", "name"))


def org_type_choices(scope: Scope | None = None) -> list[tuple[str, str]]:
    return list(OrganizationType.objects.order_by("sort_order", "name").values_list("code", "name"))


def age_band_choices(scope: Scope | None = None) -> list[tuple[str, str]]:
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


def _member_rows(qs: QuerySet[Member], scope: Scope) -> QuerySet[Member]:
    on = scope.on
    spell = (
        spells_on(on).filter(organization_id__in=scope.subtree_org_ids(), member=OuterRef("pk")).order_by("-valid_from")
    )
    return qs.select_related("ethnicity", "religion").annotate(
        on_org_id=Subquery(spell.values("organization_id")[:1]),
        on_status=Subquery(spell.values("status")[:1]),
        on_exempt=Subquery(spell.values("exempt")[:1]),
        on_org_name=_version_name_on(on, "on_org_id"),
    )


def _org_rows(qs: QuerySet[OrgVersion], scope: Scope) -> QuerySet[OrgVersion]:
    on = scope.on
    return (
        qs.select_related("organization", "organization__org_type")
        .annotate(parent_name_on=_version_name_on(on, "parent_id"))
        .order_by("path", "organization_id")
    )


def _unit_rows(qs: QuerySet[ResidentialUnit], scope: Scope) -> QuerySet[ResidentialUnit]:
    on = scope.on
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


def age_band_case(on: date) -> Case:
    """A member's statistical age band on `on` (members.rules), as one expression for the breakdown."""
    whens = [When(age_band_filter(code, on), then=Value(code)) for code, *_rest in AGE_BANDS]
    return Case(*whens, default=Value(""), output_field=CharField())


# The figures -----------------------------------------------------------------------------------

MEMBERS = _("Party members")
ORGANIZATIONS = _("Party organizations")
UNITS = _("Residential units")
M, ORG, U = RecordKind.MEMBER, RecordKind.ORGANIZATION, RecordKind.RESIDENTIAL_UNIT


def _figure(slug, label, group, kind, records, *, param=None, denominator=None, description=""):
    return register(
        Figure(
            slug=slug,
            label=label,
            group=group,
            records=records,
            columns=DEFAULT_COLUMNS[kind],
            app="reports",
            record_kind=kind,
            record_label=RecordKind.labels[kind],
            params=(param,) if param else (),
            denominator=denominator,
            prepare=ROW_PREPARERS[kind],
            description=description,
        )
    )


def _members(scope: Scope, **spell_filters) -> QuerySet[Member]:
    """Members with a home spell in the subtree on the date (`members.queries.members_on`'s rule:
    `spells_on` within `subtree_org_ids`), the subtree looked up once for the whole scope."""
    spells = spells_on(scope.on).filter(organization_id__in=scope.subtree_org_ids(), **spell_filters)
    return Member.objects.filter(Exists(spells.filter(member=OuterRef("pk"))))


def _sub_units(scope: Scope) -> QuerySet[OrgVersion]:
    """`sub_units_on` with the scope's subtree (looked up once)."""
    return scope.subtree_versions().exclude(organization_id=scope.org.pk)


def _field(name: str):
    return lambda scope: F(name)


TOTAL = "members_total"
_figure(
    TOTAL,
    _("Party members"),
    MEMBERS,
    M,
    _members,
    denominator=TOTAL,
    description=_(
        "Members with a home spell in the subtree on the date: the dead, the expelled, those who left "
        "and members attached from elsewhere are not counted."
    ),
)
_figure(
    "members_probationary",
    _("Probationary members"),
    MEMBERS,
    M,
    lambda s: _members(s, status=SpellStatus.PROBATIONARY),
    denominator=TOTAL,
)
_figure(
    "members_official",
    _("Official members"),
    MEMBERS,
    M,
    lambda s: _members(s, status=SpellStatus.OFFICIAL),
    denominator=TOTAL,
)
_figure(
    "members_exempted",
    _("Exempted from party work and activities"),
    MEMBERS,
    M,
    lambda s: _members(s, exempt=True),
    denominator=TOTAL,
)
_figure(
    "members_gender",
    _("Party members by gender"),
    MEMBERS,
    M,
    _members,
    param=Param("gender", _("Gender"), _choices(Gender), key=_field("gender")),
    denominator=TOTAL,
)
_figure(
    "members_ethnicity",
    _("Party members by ethnicity"),
    MEMBERS,
    M,
    _members,
    param=Param("ethnicity", _("Ethnicity"), ethnicity_choices, key=_field("ethnicity__code")),
    denominator=TOTAL,
)
_figure(
    "members_ethnic_minority",
    _("Party members of ethnic minorities"),
    MEMBERS,
    M,
    lambda s: _members(s).filter(ethnicity__is_minority=True),
    denominator=TOTAL,
)
_figure(
    "members_religion",
    _("Party members by religion"),
    MEMBERS,
    M,
    _members,
    param=Param("religion", _("Religion"), religion_choices, key=_field("religion__code")),
    denominator=TOTAL,
)
_figure(
    "members_with_religion",
    _("Party members following a religion"),
    MEMBERS,
    M,
    lambda s: _members(s).exclude(religion__code=NO_RELIGION),
    denominator=TOTAL,
)
_figure(
    "members_age_band",
    _("Party members by age"),
    MEMBERS,
    M,
    _members,
    param=Param("band", _("Age"), age_band_choices, key=lambda s: age_band_case(s.on)),
    denominator=TOTAL,
)
_figure(
    "members_general_education",
    _("Party members by general education"),
    MEMBERS,
    M,
    _members,
    param=Param("level", _("General education"), _choices(GeneralEducation), key=_field("general_education")),
    denominator=TOTAL,
)
_figure(
    "members_professional_education",
    _("Party members by professional education"),
    MEMBERS,
    M,
    _members,
    param=Param(
        "level", _("Professional education"), _choices(ProfessionalEducation), key=_field("professional_education")
    ),
    denominator=TOTAL,
)
_figure(
    "members_political_theory",
    _("Party members by political theory"),
    MEMBERS,
    M,
    _members,
    param=Param("level", _("Political theory"), _choices(PoliticalTheory), key=_field("political_theory")),
    denominator=TOTAL,
)
_figure(
    "orgs_kind",
    _("Sub-units by kind"),
    ORGANIZATIONS,
    ORG,
    lambda s: _sub_units(s),
    param=Param("kind", _("Kind"), _choices(OrgKind), key=_field("organization__kind")),
)
GRASSROOTS = "orgs_grassroots"
_figure(
    GRASSROOTS,
    _("Grassroots party organizations"),
    ORGANIZATIONS,
    ORG,
    lambda s: _sub_units(s).filter(organization__kind__in=GRASSROOTS_KINDS),
)
_figure(
    "orgs_grassroots_type",
    _("Grassroots party organizations by type"),
    ORGANIZATIONS,
    ORG,
    lambda s: _sub_units(s).filter(organization__kind__in=GRASSROOTS_KINDS),
    param=Param("org_type", _("Organization type"), org_type_choices, key=_field("organization__org_type__code")),
    denominator=GRASSROOTS,
)
_figure(
    "orgs_below_grassroots",
    _("Party organizations below the grassroots"),
    ORGANIZATIONS,
    ORG,
    lambda s: _sub_units(s).filter(organization__kind__in=BELOW_GRASSROOTS_REPORTED),
)
UNITS_TOTAL = "units_total"
_figure(UNITS_TOTAL, _("Residential units"), UNITS, U, lambda s: units_on(s.org, s.on))
_figure(
    "units_without_member",
    _("Residential units with no party member"),
    UNITS,
    U,
    lambda s: _units_without_member(s.org, s.on),
    denominator=UNITS_TOTAL,
)
_figure(
    "units_without_cell",
    _("Residential units with no party cell"),
    UNITS,
    U,
    lambda s: _units_without_cell(s.org, s.on),
    denominator=UNITS_TOTAL,
)
