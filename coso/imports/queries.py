"""Reads of the imports app, already scoped: a user's jobs, and the register's duplicate groups."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet

from coso.accounts.scoping import get_for_user, is_admin, scope
from coso.imports.models import ImportJob
from coso.members.models import Member

MAX_GROUPS = 200


def jobs_for(user) -> QuerySet[ImportJob]:
    """The user's own jobs (an administrator sees every job), through `accounts.scoping`."""
    qs = ImportJob.objects.all() if is_admin(user) else ImportJob.objects.filter(user=user)
    return scope(qs, user)


def job_for_user(job_id, user) -> ImportJob:
    """A job its uploader (or an administrator) may open; 404 for anyone else."""
    return get_for_user(jobs_for(user).select_related("user", "organization"), job_id, user)


@dataclass
class DuplicateGroup:
    name_key: str
    date_of_birth: date
    members: list[Member] = field(default_factory=list)


@dataclass
class DuplicateReport:
    groups: list[DuplicateGroup]
    more_groups: bool
    bad_citizen_ids: list[Member]
    missing_keys: int


def register_duplicates(user) -> DuplicateReport:
    """Possible duplicates in the part of the register the user sees.

    Same folded name and date of birth (the usual dirty data of merged Excel files); citizen IDs
    that are not 12 digits (they cannot be matched with the national database); and how many
    records have neither a citizen ID nor a party card number to match on.
    """
    members = scope(Member.objects.all(), user)
    keys = list(
        members.values("name_key", "date_of_birth")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("name_key", "date_of_birth")[: MAX_GROUPS + 1]
    )
    more = len(keys) > MAX_GROUPS
    keys = keys[:MAX_GROUPS]
    groups = {(k["name_key"], k["date_of_birth"]): DuplicateGroup(k["name_key"], k["date_of_birth"]) for k in keys}
    if groups:
        condition = Q(pk__in=[])
        for name_key, born in groups:
            condition |= Q(name_key=name_key, date_of_birth=born)
        for member in (
            members.filter(condition).select_related("organization").order_by("name_key", "date_of_birth", "id")
        ):
            groups[(member.name_key, member.date_of_birth)].members.append(member)
    bad = list(
        members.exclude(citizen_id__isnull=True)
        .exclude(citizen_id__regex=r"^[0-9]{12}$")
        .select_related("organization")
        .order_by("name_key", "id")[:MAX_GROUPS]
    )
    missing = members.filter(Q(citizen_id__isnull=True) | Q(citizen_id=""), party_card_number__isnull=True).count()
    return DuplicateReport(groups=list(groups.values()), more_groups=more, bad_citizen_ids=bad, missing_keys=missing)
