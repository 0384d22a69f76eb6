"""The cadre work figures, registered in the figure catalogue (`coso.reports.catalogue`).

- `cadres-rotations`: rotations and transfers dated within the period whose origin or destination
  lies in the subtree (as the tree stood on the period's end), by direction — "30 cadres: 6 to
  communes, 12 between communes, 1 from a commune, 11 between boards of the same level".
- `cadres-posts` (as of a date): the post spells in force on the date in organizations of the
  subtree (the tree of that date), by post — the leading cadres table.
- `cadres-vacant` (as of a date): the organizations of the subtree where a single post has no
  holder on the date, by post. Decided here: the **secretary** is required of every organization
  that has one (all but party groups, as on the organization page); the other single posts
  (inspection chair, people's council and committee chairs, Front chair) count as vacant where the
  organization has had the post (a spell started on or before the date) and nobody holds it on the
  date. A board's head is told apart by title, not by kind, so it is left out.
- `cadres-appointed` (over a period): spells starting within the period, by how they were held
  (elected or appointed) and post.
- `cadres-planned` (as of a date): planning entries in force on the date (added by then, not
  removed by then), by post and term.
- `cadres-supervision` (over a period): supervision assignments in force on the period's end whose
  organization followed lies in the subtree; `cadres-supervision-visited`: those whose
  organization (or a cell inside it) had a visit by the assigned cadre in every quarter of the
  period the assignment covered (`rules.visited_every_quarter`), out of the first.
"""

from dataclasses import dataclass

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coso.cadres import queries, rules
from coso.cadres.models import (
    SINGLE_POSTS,
    Direction,
    HowHeld,
    PlanningEntry,
    PostKind,
    PostSpell,
    Rotation,
    SupervisionAssignment,
)
from coso.organizations.models import OrgKind
from coso.organizations.queries import valid_on
from coso.reports.catalogue import AS_OF, PERIOD, Column, Figure, Param, Scope, register

GROUP = _("Cadre work")


def _rotations(scope: Scope):
    inside = scope.subtree_org_ids()
    return Rotation.objects.filter(
        Q(to_organization_id__in=inside) | Q(from_organization_id__in=inside),
        on__gte=scope.period_start,
        on__lte=scope.end,
    )


register(
    Figure(
        slug="cadres-rotations",
        label=_("Cadres rotated or transferred"),
        group=GROUP,
        app="cadres",
        record_kind="rotation",
        record_label=_("rotations and transfers"),
        timing=PERIOD,
        records=_rotations,
        columns=(
            Column("name", _("Full name"), lambda r: r.cadre.full_name),
            Column("on", _("Date"), lambda r: r.on),
            Column("kind", pgettext_lazy("rotation", "Kind"), lambda r: r.get_kind_display()),
            Column("from", pgettext_lazy("rotation", "From"), lambda r: r.from_organization.name),
            Column("to", pgettext_lazy("rotation", "To"), lambda r: r.to_organization.name),
            Column("direction", _("Direction"), lambda r: r.get_direction_display()),
            Column("decision", _("Decision"), lambda r: r.decision_label),
        ),
        params=(
            Param(
                "direction",
                _("Direction"),
                lambda s: [(c, str(label)) for c, label in Direction.choices],
                key=lambda s: F("direction"),
            ),
        ),  # fmt: skip
        prepare=lambda qs, s: qs.select_related("cadre", "from_organization", "to_organization"),
    )
)


def _kinds(scope: Scope) -> list[tuple[str, str]]:
    return [(c, str(label)) for c, label in PostKind.choices]


KIND = Param("kind", _("Post"), _kinds, key=lambda s: F("kind"))


def _spell_columns():
    return (
        Column("name", _("Full name"), lambda r: r.cadre.full_name),
        Column("post", _("Post"), lambda r: r.title or r.get_kind_display()),
        Column("organization", _("Organization"), lambda r: r.organization.name),
        Column("term", _("Term"), lambda r: r.term),
        Column("how", _("How held"), lambda r: r.get_how_display()),
        Column("from", _("From"), lambda r: r.valid_from),
        Column("source", _("Congress or decision"), lambda r: r.election or r.decision_label),
    )


def _posts(scope: Scope):
    return PostSpell.objects.filter(valid_on(scope.on), organization_id__in=scope.subtree_org_ids())


register(
    Figure(
        slug="cadres-posts",
        label=_("Posts held"),
        group=GROUP,
        app="cadres",
        record_kind="post",
        record_label=_("posts held"),
        timing=AS_OF,
        records=_posts,
        columns=_spell_columns(),
        params=(KIND,),
        prepare=lambda qs, s: qs.select_related("cadre", "organization").order_by(
            "organization__path", "kind", "cadre__full_name", "id"
        ),
    )
)


# Vacancies ----------------------------------------------------------------------------------------

#: The single posts whose vacancy is counted where the organization has had them (see the docstring).
OTHER_SINGLE_POSTS = tuple(k for k in SINGLE_POSTS if k not in (PostKind.SECRETARY, PostKind.BOARD_HEAD))
VACANCY_POSTS = (PostKind.SECRETARY, *OTHER_SINGLE_POSTS)


@dataclass(frozen=True)
class Vacancy:
    organization_id: int
    code: str
    name: str
    kind: str

    def get_kind_display(self) -> str:
        return str(PostKind(self.kind).label)


def _vacancies(scope: Scope) -> list[Vacancy]:
    versions = list(
        scope.subtree_versions()
        .exclude(organization__kind=OrgKind.PARTY_GROUP)
        .order_by("path")
        .values_list("organization_id", "organization__code", "name")
    )
    ids = [pk for pk, _code, _name in versions]
    held = set(
        PostSpell.objects.filter(valid_on(scope.on), organization_id__in=ids, kind__in=VACANCY_POSTS).values_list(
            "organization_id", "kind"
        )
    )
    had = set(
        PostSpell.objects.filter(
            organization_id__in=ids, kind__in=OTHER_SINGLE_POSTS, valid_from__lte=scope.on
        ).values_list("organization_id", "kind")
    )
    out = []
    for pk, code, name in versions:
        for kind in VACANCY_POSTS:
            required = kind == PostKind.SECRETARY or (pk, kind) in had
            if required and (pk, kind) not in held:
                out.append(Vacancy(pk, code, name, kind))
    return out


register(
    Figure(
        slug="cadres-vacant",
        label=_("Posts without a holder"),
        group=GROUP,
        app="cadres",
        record_kind="organization",
        record_label=_("organizations"),
        timing=AS_OF,
        records=_vacancies,
        columns=(
            Column("code", _("Code"), lambda v: v.code),
            Column("organization", _("Organization"), lambda v: v.name),
            Column("post", _("Post"), lambda v: v.get_kind_display()),
        ),
        params=(
            Param(
                "kind",
                _("Post"),
                lambda s: [(str(k), str(PostKind(k).label)) for k in VACANCY_POSTS],
                value_of=lambda v: v.kind,
            ),
        ),  # fmt: skip
        description=_(
            "The secretary is required of every organization but a party group; the other single posts "
            "count where the organization has had them."
        ),
    )
)


# Appointments and elections -------------------------------------------------------------------------


def _appointed(scope: Scope):
    return PostSpell.objects.filter(
        organization_id__in=scope.subtree_org_ids(), valid_from__gte=scope.period_start, valid_from__lte=scope.end
    )


register(
    Figure(
        slug="cadres-appointed",
        label=_("Posts taken up"),
        group=GROUP,
        app="cadres",
        record_kind="post",
        record_label=_("posts held"),
        timing=PERIOD,
        records=_appointed,
        columns=_spell_columns(),
        params=(
            Param(
                "how",
                _("How held"),
                lambda s: [(c, str(label)) for c, label in HowHeld.choices],
                key=lambda s: F("how"),
            ),
            KIND,
        ),  # fmt: skip
        prepare=lambda qs, s: qs.select_related("cadre", "organization").order_by("valid_from", "id"),
    )
)


# Planning lists -----------------------------------------------------------------------------------


def _planned(scope: Scope):
    return PlanningEntry.objects.filter(organization_id__in=scope.subtree_org_ids(), added_on__lte=scope.on).filter(
        Q(removed_on__isnull=True) | Q(removed_on__gt=scope.on)
    )


def _terms(scope: Scope) -> list[tuple[str, str]]:
    terms = (
        PlanningEntry.objects.filter(organization_id__in=scope.subtree_org_ids())
        .order_by("term")
        .values_list("term", flat=True)
        .distinct()
    )
    return [(t, t) for t in terms]


register(
    Figure(
        slug="cadres-planned",
        label=_("Cadres on the planning lists"),
        group=GROUP,
        app="cadres",
        record_kind="planning",
        record_label=_("planning entries"),
        timing=AS_OF,
        records=_planned,
        columns=(
            Column("name", _("Full name"), lambda r: r.cadre.full_name),
            Column("post", _("Planned post"), lambda r: r.get_kind_display()),
            Column("organization", _("Organization"), lambda r: r.organization.name),
            Column("term", _("Term"), lambda r: r.term),
            Column("added_on", _("Added on"), lambda r: r.added_on),
            Column("decision", _("Decision"), lambda r: r.decision_label),
        ),
        params=(KIND, Param("term", _("Term"), _terms, key=lambda s: F("term"))),
        prepare=lambda qs, s: qs.select_related("cadre", "organization").order_by(
            "organization__path", "term", "kind", "cadre__full_name", "id"
        ),
    )
)


# Supervision assignments ------------------------------------------------------------------------


def _supervision(scope: Scope):
    return SupervisionAssignment.objects.filter(valid_on(scope.end), supervised_id__in=scope.subtree_org_ids())


def _visited_ids(scope: Scope) -> list[int]:
    def compute():
        assignments = list(_supervision(scope).select_related("supervised"))
        visits = queries.visits_by_assignment(assignments, scope.period_start, scope.end)
        return [
            a.pk
            for a in assignments
            if rules.visited_every_quarter(scope.period_start, scope.end, a.valid_from, a.valid_to, visits[a.pk])
        ]

    return scope.memo("cadres-supervision-visited", compute)


def _supervision_columns():
    return (
        Column("name", _("Committee member"), lambda r: r.cadre.full_name),
        Column("committee", _("Assigning committee"), lambda r: r.committee.name),
        Column("supervised", _("Organization followed"), lambda r: r.supervised.name),
        Column("from", _("From"), lambda r: r.valid_from),
        Column("decision", _("Decision"), lambda r: r.decision_label),
    )


def _prepare_supervision(qs, scope):
    return qs.select_related("cadre", "committee", "supervised").order_by("supervised__path", "id")


register(
    Figure(
        slug="cadres-supervision",
        label=_("Supervision assignments"),
        group=GROUP,
        app="cadres",
        record_kind="supervision",
        record_label=_("supervision assignments"),
        timing=PERIOD,
        records=_supervision,
        columns=_supervision_columns(),
        prepare=_prepare_supervision,
        description=_("Assignments in force on the last day of the period."),
    )
)

register(
    Figure(
        slug="cadres-supervision-visited",
        label=_("Organizations visited by their assigned committee member every quarter"),
        group=GROUP,
        app="cadres",
        record_kind="supervision",
        record_label=_("supervision assignments"),
        timing=PERIOD,
        records=lambda s: _supervision(s).filter(pk__in=_visited_ids(s)),
        columns=_supervision_columns(),
        denominator="cadres-supervision",
        prepare=_prepare_supervision,
        description=_(
            "At least one visit by the assigned committee member to the organization (or a cell in it) in "
            "every quarter of the period the assignment covered."
        ),
    )
)
