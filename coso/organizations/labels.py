"""How an organization is named where names repeat: with its parent.

Every commune has its "Chi bộ Tổ dân phố số 1" and every district its "Đảng bộ xã Tân Lập"; a picker,
a choice list or a table mixing organizations of several parents is only readable as
"Chi bộ Tổ dân phố số 1 — Đảng ủy phường X" (issue 8). One function makes that label, for the tree
as it stands (the cached `parent` of each organization, loaded with `select_related("parent")`) or
as it stood on a date (the versions of that date, one query for any number of organizations).
"""

from collections.abc import Iterable
from datetime import date

from django.db.models import OuterRef, Subquery

from coso.organizations.models import Organization, OrgVersion
from coso.organizations.queries import valid_on

SEPARATOR = " — "


def org_label(name: str, parent_name: str | None = None) -> str:
    """ "Chi bộ Tổ dân phố số 1 — Đảng ủy phường X"; a root organization is its name alone."""
    return f"{name}{SEPARATOR}{parent_name}" if parent_name else name


def label(org: Organization | None) -> str:
    """The label on today's tree. Load `parent` with the organization (`select_related("parent")`),
    or each label costs a query."""
    if org is None:
        return ""
    return org_label(org.name, org.parent.name if org.parent_id else None)


def labels_on(org_ids: Iterable[int], on: date) -> dict[int, str]:
    """Labels of these organizations on the tree as it stood on `on`: their names and their parents'
    names of that date, in one query. An organization without a version on `on` (not yet established,
    or dissolved) keeps its current name and parent (one more query, only then)."""
    ids = set(org_ids)
    if not ids:
        return {}
    parent_name = OrgVersion.objects.filter(valid_on(on), organization_id=OuterRef("parent_id")).values("name")[:1]
    rows = (
        OrgVersion.objects.filter(valid_on(on), organization_id__in=ids)
        .annotate(parent_name=Subquery(parent_name))
        .values_list("organization_id", "name", "parent_name")
    )
    labels = {pk: org_label(name, parent) for pk, name, parent in rows}
    missing = ids - labels.keys()
    if missing:
        labels.update({o.pk: label(o) for o in Organization.objects.filter(pk__in=missing).select_related("parent")})
    return labels
