"""Reads behind the organization tree pages, as the tree stood on a chosen date.

Member counts of a node are counts of its whole subtree. Asking the database once per node would
make a page of 80 communes cost 80 queries, so the counts of a list of nodes come from one grouped
query over the home spells of their subtrees (attached members do not count, DOMAIN.md §Member
history), summed up the materialized paths in Python.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet

from coso.accounts.actions import Action
from coso.accounts.models import READ_ROLES
from coso.accounts.scoping import assignments, is_admin, scope
from coso.common.dates import today
from coso.members.choices import SpellStatus
from coso.members.models import MembershipSpell
from coso.members.queries import spells_on, subtree_spells
from coso.organizations.models import (
    PATH_SEGMENT_WIDTH,
    KindRule,
    Organization,
    OrgVersion,
    Reorganization,
    ResidentialUnit,
)
from coso.organizations.queries import commune_units_on, in_subtree, subtree_versions, valid_on

SEGMENT = PATH_SEGMENT_WIDTH + 1


@dataclass
class Counts:
    official: int = 0
    probationary: int = 0

    @property
    def total(self) -> int:
        return self.official + self.probationary

    def add(self, status: str, n: int) -> None:
        if status == SpellStatus.OFFICIAL:
            self.official += n
        else:
            self.probationary += n


@dataclass
class TreeNode:
    """One organization as it stood on a date, with the members of its subtree that day."""

    version: OrgVersion
    organization: Organization
    counts: Counts
    has_children: bool
    children: list["TreeNode"] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.version.name


def _prefixes(path: str) -> list[str]:
    """'00000001/00000002/' → ['00000001/', '00000001/00000002/']."""
    return [path[:i] for i in range(SEGMENT, len(path) + 1, SEGMENT)]


def _path_ids(path: str) -> list[int]:
    """'00000001/00000002/' → [1, 2]."""
    return [int(segment) for segment in path.split("/") if segment]


@dataclass
class SubtreeIndex:
    """The versions under some nodes on one date and their members, grouped by path prefix."""

    counts_by_path: dict[str, Counts]
    parents_with_children: set[int]
    names: dict[int, str]

    def counts(self, path: str) -> Counts:
        return self.counts_by_path.get(path, Counts())


def subtree_index(versions: list[OrgVersion], on: date) -> SubtreeIndex:
    """Two queries whatever the number of nodes: the versions under them, then grouped spell counts."""
    if not versions:
        return SubtreeIndex({}, set(), {})
    rows = list(subtree_versions(versions, on).values_list("organization_id", "parent_id", "path", "name"))
    path_of = {org_id: path for org_id, _, path, _ in rows}
    parents = {parent_id for _, parent_id, _, _ in rows if parent_id}
    names = {org_id: name for org_id, _, _, name in rows}
    grouped = (
        spells_on(on)
        .filter(organization_id__in=list(path_of))
        .values_list("organization_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    totals: dict[str, Counts] = defaultdict(Counts)
    for org_id, status, n in grouped:
        for prefix in _prefixes(path_of[org_id]):
            totals[prefix].add(status, n)
    return SubtreeIndex(dict(totals), parents, names)


def nodes_for(versions: list[OrgVersion], on: date, index: SubtreeIndex | None = None) -> list[TreeNode]:
    """Nodes with their counts; pass the `index` of an enclosing subtree to reuse its counts."""
    index = index or subtree_index(versions, on)
    return [
        TreeNode(
            version=v,
            organization=v.organization,
            counts=index.counts(v.path),
            has_children=v.organization_id in index.parents_with_children,
        )
        for v in versions
    ]


def _versions_on(org_ids, on: date) -> QuerySet[OrgVersion]:
    return (
        OrgVersion.objects.filter(valid_on(on), organization_id__in=org_ids)
        .select_related("organization", "organization__org_type")
        .order_by("path")
    )


def visible_roots(user, on: date) -> list[OrgVersion]:
    """The topmost organizations of the user's scope that existed on `on` (the whole tree for admins)."""
    if is_admin(user):
        return list(
            OrgVersion.objects.filter(valid_on(on), parent__isnull=True)
            .select_related("organization", "organization__org_type")
            .order_by("name")
        )
    org_ids = {a.organization_id for a in assignments(user) if a.role in READ_ROLES and a.organization_id}
    if not org_ids:
        return []
    versions = list(_versions_on(org_ids, on))
    # A role on a district and another on one of its cells: the cell is already inside the district.
    return [v for v in versions if not any(o is not v and v.path.startswith(o.path) for o in versions)]


def tree_roots(user, on: date) -> list[TreeNode]:
    """Roots with their counts; a single root comes with its children already open."""
    versions = visible_roots(user, on)
    index = subtree_index(versions, on)
    roots = nodes_for(versions, on, index)
    if len(roots) == 1 and roots[0].has_children:
        roots[0].children = child_nodes(roots[0].organization, on, user, index)
    return roots


def child_versions(org: Organization, on: date, user) -> list[OrgVersion]:
    """Sub-units of `org` on `on` that the user may open."""
    return list(
        OrgVersion.objects.filter(valid_on(on), parent=org)
        .filter(organization__in=scope(Organization.objects.all(), user))
        .select_related("organization", "organization__org_type")
        .order_by("name")
    )


def child_nodes(org: Organization, on: date, user, index: SubtreeIndex | None = None) -> list[TreeNode]:
    """Sub-units of `org` on `on` with their subtree counts (from `index` when the caller has `org`'s)."""
    return nodes_for(child_versions(org, on, user), on, index)


@dataclass
class UnitRow:
    unit: ResidentialUnit
    active_members: int
    has_cell: bool


def residential_units_on(org: Organization, on: date) -> list[UnitRow]:
    """Residential units of a commune-level node on `on`: members living there and whether a cell exists.

    The figures behind "residential units with no member / with no cell" (DOMAIN.md §The organization tree).
    """
    units = list(commune_units_on(org, on).order_by("name"))
    if not units:
        return []
    unit_ids = [u.pk for u in units]
    residents = dict(
        spells_on(on)
        .filter(member__residential_unit__in=unit_ids)
        .values_list("member__residential_unit")
        .annotate(n=Count("member", distinct=True))
        .order_by()
    )
    with_cell = set(
        OrgVersion.objects.filter(valid_on(on), organization__residential_unit__in=unit_ids).values_list(
            "organization__residential_unit", flat=True
        )
    )
    return [UnitRow(unit=u, active_members=residents.get(u.pk, 0), has_cell=u.pk in with_cell) for u in units]


def ancestors_on(version: OrgVersion, on: date, user) -> list[tuple[OrgVersion, bool]]:
    """The chain from the root down to the parent, as named on `on`, each with whether the user may open it."""
    ids = _path_ids(version.path)[:-1]
    if not ids:
        return []
    by_id = {v.organization_id: v for v in OrgVersion.objects.filter(valid_on(on), organization_id__in=ids)}
    visible = set(scope(Organization.objects.filter(pk__in=ids), user).values_list("pk", flat=True))
    return [(by_id[i], i in visible) for i in ids if i in by_id]


def member_spells_on(org: Organization, on: date) -> QuerySet[MembershipSpell]:
    """Home spells in `org`'s subtree on `on`, one per member, for the paginated member list."""
    return subtree_spells(org, on).select_related("member", "organization").order_by("member__full_name", "member_id")


def reorganizations_of(org: Organization) -> QuerySet[Reorganization]:
    """Decisions where the organization was a source or a target, newest first."""
    return (
        Reorganization.objects.filter(Q(sources=org) | Q(targets=org))
        .distinct()
        .prefetch_related("sources", "targets")
        .order_by("-on", "-id")
    )


def versions_of(org: Organization) -> QuerySet[OrgVersion]:
    """Names and parents over time, oldest first."""
    return org.versions.select_related("parent", "reorganization").order_by("valid_from")


def child_kinds(parent: Organization | None) -> list[str]:
    """Kinds that may ever sit under `parent` (the service checks the rule in force on the date)."""
    parent_kind = parent.kind if parent else ""
    return list(KindRule.objects.filter(parent_kind=parent_kind).values_list("child_kind", flat=True).distinct())


def _ancestor_ids(org: Organization) -> list[int]:
    return _path_ids(org.path)[:-1]


def move_targets(org: Organization, user) -> QuerySet[Organization]:
    """Active organizations the user may write to, outside `org`'s own subtree."""
    active = Organization.objects.filter(dissolved_on__isnull=True).exclude(in_subtree(org, today(), field="pk"))
    return scope(active, user, action=Action.ORG_ESTABLISH).order_by("path")


def merge_sources(org: Organization, user) -> QuerySet[Organization]:
    """Active organizations the user may write to that could be merged into `org` (not itself nor its parents)."""
    active = Organization.objects.filter(dissolved_on__isnull=True).exclude(pk__in=[org.pk, *_ancestor_ids(org)])
    return scope(active, user, action=Action.ORG_MERGE).order_by("path")


def units_for_new_cell(parent: Organization | None, user) -> QuerySet[ResidentialUnit]:
    """Residential units of the parent commune, for the cell of a village or neighbourhood."""
    if parent is None:
        return ResidentialUnit.objects.none()
    return scope(ResidentialUnit.objects.filter(commune=parent, dissolved_on__isnull=True), user).order_by("name")
