"""Qualification shares of the cadres of a set of units as of a date (issue 10).

- `qualification-cadres`: the cadres (`cadres.Cadre`) holding at least one post in force on the
  date in an organization of the subtree (the tree as it stood that day). Parameter `tier`: the
  level of the units they hold posts in, by `cadres.rules.tier` on that day's tree — a cadre
  holding posts at two levels counts at the lowest ("commune cadres" are those holding a commune
  post, whatever else they hold).
- One figure per share of `rules.SHARES` — `qualification-lower-secondary`, `-trained`,
  `-intermediate`, `-theory`, `-state-management`: the cadres of `qualification-cadres` (their
  denominator, so the catalogue gives "74,5%") whose level on the date, in the share's field,
  reaches the share's floor (`rules.reaching`).

The level held on a date is read in SQL, as `rules.value_on` reads it: the latest fact of the
cadre's member (or of the cadre, when not a member) dated on or before the date, an undated fact
(held before records) yielding to any dated one, and of two facts of one day the later recorded.
"""

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from coso.cadres import rules as cadre_rules
from coso.cadres.models import Cadre, PostSpell
from coso.members.choices import GeneralEducation, PoliticalTheory, ProfessionalEducation, StateManagement
from coso.organizations.models import Organization
from coso.organizations.queries import valid_on
from coso.reports.catalogue import AS_OF, Column, Figure, Param, Scope, register
from coso.training import rules
from coso.training.models import Qualification

GROUP = _("Cadre work")
CADRES = "qualification-cadres"

TIER_LABELS = {
    cadre_rules.PROVINCE: _("Province level"),
    cadre_rules.UPPER: _("District level (above the grassroots)"),
    cadre_rules.COMMUNE: _("Commune level"),
}
#: The lowest tier first: a cadre counts at the lowest level they hold a post in.
TIER_ORDER = (cadre_rules.COMMUNE, cadre_rules.UPPER, cadre_rules.PROVINCE)

LABELS = {
    rules.GENERAL_EDUCATION: dict(GeneralEducation.choices),
    rules.PROFESSIONAL: dict(ProfessionalEducation.choices),
    rules.POLITICAL_THEORY: dict(PoliticalTheory.choices),
    rules.STATE_MANAGEMENT: dict(StateManagement.choices),
}
FIELD_LABELS = {
    rules.GENERAL_EDUCATION: _("General education"),
    rules.PROFESSIONAL: _("Professional education"),
    rules.POLITICAL_THEORY: _("Political theory"),
    rules.STATE_MANAGEMENT: _("State management"),
}


def _spells(scope: Scope) -> QuerySet[PostSpell]:
    """The posts in force on the date in an organization of the subtree."""
    return PostSpell.objects.filter(valid_on(scope.on), organization_id__in=scope.subtree_org_ids())


def tiers_on(scope: Scope) -> dict[int, str]:
    """{organization id: tier} of the organizations holding posts in force, on the date's tree."""

    def compute() -> dict[int, str]:
        org_ids = set(_spells(scope).values_list("organization_id", flat=True))
        paths = dict(
            scope.subtree_versions().filter(organization_id__in=org_ids).values_list("organization_id", "path")
        )
        chains = {pk: [int(seg) for seg in path.strip("/").split("/") if seg] for pk, path in paths.items()}
        ancestors = {pk for chain in chains.values() for pk in chain}
        rows = {
            pk: (kind, bool(is_commune))
            for pk, kind, is_commune in Organization.objects.filter(pk__in=ancestors).values_list(
                "pk", "kind", "org_type__is_commune_level"
            )
        }
        return {pk: cadre_rules.tier(rows[a] for a in chain if a in rows) for pk, chain in chains.items()}

    return scope.memo("qualification_tiers", compute)


def tier_key(scope: Scope):
    """The tier of each cadre: the lowest tier of the units they hold posts in on the date."""
    tiers = tiers_on(scope)
    whens = []
    for tier in TIER_ORDER[:-1]:
        ids = sorted(pk for pk, t in tiers.items() if t == tier)
        if ids:
            held = _spells(scope).filter(cadre_id=OuterRef("pk"), organization_id__in=ids)
            whens.append(When(Exists(held), then=Value(tier)))
    default = Value(TIER_ORDER[-1])
    return Case(*whens, default=default, output_field=CharField()) if whens else default


def level_on(field: str, on):
    """The value of `field` each cadre held on `on` (a subquery, NULL when no fact holds)."""
    facts = (
        Qualification.objects.filter(Q(member_id=OuterRef("member_id")) | Q(cadre_id=OuterRef("pk")), field=field)
        .filter(Q(since__isnull=True) | Q(since__lte=on))
        .order_by(F("since").desc(nulls_last=True), "-id")
        .values("value")[:1]
    )
    return Subquery(facts, output_field=CharField())


def cadres(scope: Scope) -> QuerySet[Cadre]:
    return Cadre.objects.filter(pk__in=_spells(scope).values("cadre_id"))


def _share(field: str, floor: str):
    def records(scope: Scope) -> QuerySet[Cadre]:
        return (
            cadres(scope)
            .annotate(qualification_level=level_on(field, scope.on))
            .filter(qualification_level__in=rules.reaching(field, floor))
        )

    return records


def _prepare(fields):
    def prepare(qs: QuerySet[Cadre], scope: Scope) -> QuerySet[Cadre]:
        posts = (
            _spells(scope).select_related("organization").order_by("valid_from", "id")
        )  # display only: the posts of the date
        return (
            qs.select_related("organization")
            .annotate(**{f"level_{field}": level_on(field, scope.on) for field in fields})
            .prefetch_related(Prefetch("posts", queryset=posts, to_attr="posts_on"))
        )

    return prepare


def _posts(cadre: Cadre) -> str:
    return "; ".join(f"{p.get_kind_display()}, {p.organization.name}" for p in getattr(cadre, "posts_on", []))


def _level_column(field: str) -> Column:
    def value(cadre: Cadre) -> str:
        code = getattr(cadre, f"level_{field}", None)
        return str(LABELS[field].get(code, code)) if code else ""

    return Column(field, FIELD_LABELS[field], value)


TIER_PARAM = Param(
    "tier",
    _("Level of the units"),
    lambda s: [(tier, str(TIER_LABELS[tier])) for tier in cadre_rules.TIERS],
    key=tier_key,
)
BASE_COLUMNS = (
    Column("name", _("Full name"), lambda c: c.full_name),
    Column("unit", _("Unit"), lambda c: c.organization.name),
    Column("post", _("Posts held on the date"), _posts),
)

register(
    Figure(
        slug=CADRES,
        label=_("Cadres holding posts"),
        group=GROUP,
        app="training",
        record_kind="cadre",
        record_label=_("cadres"),
        timing=AS_OF,
        records=cadres,
        columns=BASE_COLUMNS + tuple(_level_column(field) for field in rules.FIELDS),
        params=(TIER_PARAM,),
        prepare=_prepare(rules.FIELDS),
        description=_(
            "The cadres holding at least one post on the date in an organization of the subtree; "
            "the denominator of the qualification shares."
        ),
    )
)

SHARE_FIGURES = {
    "lower_secondary": ("qualification-lower-secondary", _("Cadres with lower-secondary education or higher")),
    "trained": ("qualification-trained", _("Cadres professionally trained")),
    "intermediate": ("qualification-intermediate", _("Cadres with intermediate professional education or higher")),
    "theory": ("qualification-theory", _("Cadres with political theory elementary or higher")),
    "state_management": ("qualification-state-management", _("Cadres trained in state management")),
}

for code, field, floor in rules.SHARES:
    slug, label = SHARE_FIGURES[code]
    register(
        Figure(
            slug=slug,
            label=label,
            group=GROUP,
            app="training",
            record_kind="cadre",
            record_label=_("cadres"),
            timing=AS_OF,
            records=_share(field, floor),
            columns=(*BASE_COLUMNS, _level_column(field)),
            params=(TIER_PARAM,),
            denominator=CADRES,
            prepare=_prepare((field,)),
            description=_("Of the cadres holding posts on the date, those whose level on that date reaches the share."),
        )
    )
