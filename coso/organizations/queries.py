"""Reads of the organization tree, by date. Callers pass querysets already scoped by accounts.scoping."""

from datetime import date

from django.db.models import Q, QuerySet

from coso.organizations.models import Organization, OrgVersion, ResidentialUnit, UnitPlacement


def valid_on(on: date) -> Q:
    """Rows whose [valid_from, valid_to) interval contains `on`."""
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))


def version_on(org: Organization, on: date) -> OrgVersion | None:
    return OrgVersion.objects.filter(valid_on(on), organization=org).first()


def subtree_versions(org: Organization, on: date) -> QuerySet[OrgVersion]:
    """Versions (one per organization) of `org` and its descendants as the tree stood on `on`.

    One index range scan on the materialized path (`path LIKE 'prefix%'`).
    """
    version = version_on(org, on)
    if version is None:
        return OrgVersion.objects.none()
    return OrgVersion.objects.filter(valid_on(on), path__startswith=version.path)


def subtree_org_ids(org: Organization, on: date) -> QuerySet:
    """Ids of the organizations in `org`'s subtree on `on`, as a subquery."""
    return subtree_versions(org, on).values("organization_id")


def children_on(org: Organization, on: date) -> QuerySet[OrgVersion]:
    return OrgVersion.objects.filter(valid_on(on), parent=org).select_related("organization", "organization__org_type")


def current_subtree(org: Organization) -> QuerySet[Organization]:
    """Organizations under `org` in today's tree (dissolved ones keep their last place)."""
    return Organization.objects.filter(path__startswith=org.path)


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
