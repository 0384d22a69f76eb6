"""Reads of the organization tree, by date. Callers pass querysets already scoped by accounts.scoping."""

from collections.abc import Iterable
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q, QuerySet

from coso.common.dates import today
from coso.organizations.models import Organization, OrgVersion, ResidentialUnit, UnitPlacement


def valid_on(on: date) -> Q:
    """Rows whose [valid_from, valid_to) interval contains `on`."""
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))


def version_on(org: Organization, on: date) -> OrgVersion | None:
    return OrgVersion.objects.filter(valid_on(on), organization=org).first()


def _roots(org: Organization | OrgVersion | Iterable[Organization | OrgVersion]) -> list[Organization | OrgVersion]:
    if isinstance(org, Organization | OrgVersion):
        return [org]
    return list(org)


def _paths_on(roots: list[Organization | OrgVersion], on: date) -> list[str]:
    """Each root's path on `on` (an OrgVersion is taken as the caller's version of that date)."""
    versions = [r for r in roots if isinstance(r, OrgVersion)]
    org_ids = [r.pk for r in roots if isinstance(r, Organization)]
    if org_ids:
        versions += list(OrgVersion.objects.filter(valid_on(on), organization_id__in=org_ids))
    return [v.path for v in versions]


def subtree_versions(
    org: Organization | OrgVersion | Iterable[Organization | OrgVersion], on: date
) -> QuerySet[OrgVersion]:
    """Versions (one per organization) of `org` and its descendants as the tree stood on `on`.

    One index range scan on the materialized path (`path LIKE 'prefix%'`) per root.
    """
    paths = _paths_on(_roots(org), on)
    if not paths:
        return OrgVersion.objects.none()
    return OrgVersion.objects.filter(valid_on(on)).filter(reduce(or_, (Q(path__startswith=p) for p in paths)))


def subtree_org_ids(org: Organization | OrgVersion | Iterable[Organization | OrgVersion], on: date) -> QuerySet:
    """Ids of the organizations in `org`'s subtree on `on`, as a subquery."""
    return subtree_versions(org, on).values("organization_id")


def in_subtree(
    org: Organization | OrgVersion | Iterable[Organization | OrgVersion], on: date, *, field: str = "organization"
) -> Q:
    """Rows whose organization `field` was in `org`'s subtree as the tree stood on `on`.

    The one subtree filter of the system (issue 7, "the dated tree everywhere"): a list, a figure,
    an export or a form asking "under X" asks it of the tree on the date it is about, so a member
    or a cell moved away since is still found under X in the past, and a commune merged into X is
    found under X only from the merger. Today's questions pass `today()`.

    `field` is the lookup to an Organization from the filtered model: "organization" (spells,
    members' cached organization, candidates), "member__organization", or "pk" for Organization
    itself. `org` may be several roots (their union); an OrgVersion stands for its own path on
    `on`. An organization that did not exist on `on` has no subtree: the condition matches nothing.
    """
    return Q(**{f"{field}__in": subtree_org_ids(org, on)})


def in_subtree_before(org: Organization | OrgVersion, end_field: str, *, field: str = "organization") -> Q:
    """Rows whose organization `field` was in `org`'s subtree on the last day before the row's
    `end_field` (an exclusive end such as a spell's `valid_to`).

    Who left a subtree is asked of the tree of the day they left: a member who died in 2019 in a
    commune merged into X in 2025 was never X's member, and one who died in a cell moved away from
    X since was X's. The same rule as `in_subtree`, with the date taken from each row; a row
    without an end matches nothing. One OR-branch per version of `org` (a handful); an OrgVersion
    stands for its organization, whose every version is read.
    """
    org_id = org.organization_id if isinstance(org, OrgVersion) else org.pk
    condition = Q(pk__in=[])
    for version in OrgVersion.objects.filter(organization_id=org_id):
        # the day before the end, d = end - 1, lies in [valid_from, valid_to) ⇔ valid_from < end ≤ valid_to
        in_version = Q(**{f"{end_field}__gt": version.valid_from})
        if version.valid_to is not None:
            in_version &= Q(**{f"{end_field}__lte": version.valid_to})
        under = OrgVersion.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef(end_field)),
            organization=OuterRef(field),
            path__startswith=version.path,
            valid_from__lt=OuterRef(end_field),
        )
        condition |= in_version & Q(Exists(under))
    return condition


def in_subtree_now(org: Organization, *, field: str = "organization") -> Q:
    """Rows whose organization is in `org`'s subtree today, or was on its last day if dissolved.

    For records that stay attached to where they were made (a candidate of a cell since merged):
    each is read on the tree of the latest day its organization existed. Both halves are the
    dated rule above.
    """
    dissolved_on = "dissolved_on" if field == "pk" else f"{field}__dissolved_on"
    return in_subtree(org, today(), field=field) | in_subtree_before(org, dissolved_on, field=field)


def children_on(org: Organization, on: date) -> QuerySet[OrgVersion]:
    return OrgVersion.objects.filter(valid_on(on), parent=org).select_related("organization", "organization__org_type")


def ancestors(org: Organization) -> QuerySet[Organization]:
    """The chain from the root down to `org`'s parent, read off the current path."""
    width = len(org.path.split("/")[0]) + 1
    prefixes = [org.path[:i] for i in range(width, len(org.path), width)]
    return Organization.objects.filter(path__in=prefixes).order_by("depth")


def _units_placed_on(on: date, commune_ids) -> QuerySet[ResidentialUnit]:
    """Residential units existing on `on` whose commune on that date was one of `commune_ids`."""
    placements = UnitPlacement.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gt=on),
        commune_id__in=commune_ids,
    )
    return ResidentialUnit.objects.filter(
        Q(established_on__isnull=True) | Q(established_on__lte=on),
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on),
        pk__in=placements.values("unit_id"),
    )


def units_on(org: Organization, on: date) -> QuerySet[ResidentialUnit]:
    """Residential units existing on `on` whose commune on that date was in `org`'s subtree."""
    return _units_placed_on(on, subtree_org_ids(org, on))


def commune_units_on(commune: Organization, on: date) -> QuerySet[ResidentialUnit]:
    """Residential units of `commune` itself on `on` (a merger since then does not move them back)."""
    return _units_placed_on(on, [commune.pk])
