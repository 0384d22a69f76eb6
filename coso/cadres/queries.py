"""Reads of cadre work. Callers pass organizations already checked against the user's scope."""

from datetime import date

from django.db.models import QuerySet

from coso.cadres import rules
from coso.cadres.models import PostSpell
from coso.organizations.models import Organization
from coso.organizations.queries import valid_on, version_on


def tier_on(org: Organization, on: date) -> str:
    """The tier of `org` on the tree as it stood on `on` (`rules.tier`), read from its path."""
    version = version_on(org, on)
    path = version.path if version else org.path
    ids = [int(seg) for seg in path.strip("/").split("/") if seg]
    rows = {
        pk: (kind, is_commune)
        for pk, kind, is_commune in Organization.objects.filter(pk__in=ids).values_list(
            "pk", "kind", "org_type__is_commune_level"
        )
    }
    return rules.tier(rows[pk] for pk in ids if pk in rows)


def holders_on(org: Organization, on: date) -> QuerySet[PostSpell]:
    """Who held which post of `org` on `on` (the committee page's list as of a date)."""
    return PostSpell.objects.filter(valid_on(on), organization=org).select_related("cadre").order_by("kind", "id")


def spells_of_post(org: Organization, kind: str, *, exclude_pk: int | None = None) -> QuerySet[PostSpell]:
    qs = PostSpell.objects.filter(organization=org, kind=kind)
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs
