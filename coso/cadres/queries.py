"""Reads of cadre work. Callers pass organizations already checked against the user's scope."""

from datetime import date

from django.db.models import Q, QuerySet

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


def committee_posts_on(committee: Organization, on: date) -> QuerySet[PostSpell]:
    """The committee posts (`rules.COMMITTEE_POSTS`) of `committee` in force on `on`."""
    return PostSpell.objects.filter(valid_on(on), organization=committee, kind__in=rules.COMMITTEE_POSTS)


def committee_members(committee: Organization) -> QuerySet:
    """Cadres who ever held a committee post of `committee` (the visit form's and the supervision
    form's choices; the services check the post on the day)."""
    from coso.cadres.models import Cadre

    return (
        Cadre.objects.filter(posts__organization=committee, posts__kind__in=rules.COMMITTEE_POSTS)
        .distinct()
        .order_by("full_name", "id")
    )


def planning_on(org: Organization, on: date, term: str | None = None) -> QuerySet:
    """The planning list of `org` as of `on`: entries added by then and not removed by then."""
    from coso.cadres.models import PlanningEntry

    qs = PlanningEntry.objects.filter(organization=org, added_on__lte=on).filter(
        Q(removed_on__isnull=True) | Q(removed_on__gt=on)
    )
    if term:
        qs = qs.filter(term=term)
    return qs.select_related("cadre", "cadre__organization").order_by("term", "kind", "cadre__full_name", "id")


def supervisions_on(committee: Organization, on: date) -> QuerySet:
    """The supervision assignments of `committee` in force on `on`."""
    from coso.cadres.models import SupervisionAssignment

    return (
        SupervisionAssignment.objects.filter(valid_on(on), committee=committee)
        .select_related("cadre", "supervised")
        .order_by("supervised__path", "cadre__full_name", "id")
    )


def visits_by_assignment(assignments, start: date, end: date) -> dict[int, list[date]]:
    """{assignment id: dates of visits by its cadre to its organization (or a cell inside it, on
    the tree of the visit's day) between `start` and `end`}, in three queries."""
    from coso.meetings.models import Visit
    from coso.organizations.models import OrgVersion

    assignments = list(assignments)
    if not assignments:
        return {}
    rows = list(
        Visit.objects.filter(cadre_id__in={a.cadre_id for a in assignments}, on__gte=start, on__lte=end).values_list(
            "cadre_id", "cell_id", "on"
        )
    )
    org_ids = {cell_id for _c, cell_id, _on in rows} | {a.supervised_id for a in assignments}
    versions: dict[int, list[tuple[date, date | None, str]]] = {}
    for org_id, v_from, v_to, path in OrgVersion.objects.filter(organization_id__in=org_ids).values_list(
        "organization_id", "valid_from", "valid_to", "path"
    ):
        versions.setdefault(org_id, []).append((v_from, v_to, path))

    def path_on(org_id: int, on: date) -> str | None:
        return next((p for f, t, p in versions.get(org_id, ()) if f <= on and (t is None or on < t)), None)

    out: dict[int, list[date]] = {}
    for a in assignments:
        out[a.pk] = []
        for cadre_id, cell_id, on in rows:
            if cadre_id != a.cadre_id:
                continue
            cell_path, supervised_path = path_on(cell_id, on), path_on(a.supervised_id, on)
            if cell_path and supervised_path and cell_path.startswith(supervised_path):
                out[a.pk].append(on)
    return out
