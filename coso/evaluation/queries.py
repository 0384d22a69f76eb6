"""Reads of goals and quality evaluation. Callers pass campaigns and records already scoped.

The figures of the catalogue (`evaluation/figures.py`) read `period_records`; the pages read the
completion per unit, the quota of a group and each member's ratings by year from here.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from coso.evaluation import rules
from coso.evaluation.models import Campaign, Evaluation, GoalRegistration, PeriodKind, Stage, SubjectKind
from coso.members.queries import spells_on
from coso.organizations.models import Organization, OrgVersion
from coso.organizations.queries import subtree_org_ids, subtree_versions, valid_on

DONE_STAGES = (Stage.DECIDED, Stage.NOT_RATED)


def campaigns_for(user) -> QuerySet[Campaign]:
    from coso.accounts.scoping import scope

    return scope(Campaign.objects.select_related("committee", "root", "rule_set"), user)


def estimate_subjects(campaign: Campaign) -> int:
    """About how many records opening the campaign creates (members of the subtree that day)."""
    return (
        spells_on(campaign.period_end)
        .filter(organization_id__in=subtree_org_ids(campaign.root, campaign.period_end))
        .count()
    )


def decided_grades(committee_id: int, key: str, kind: str) -> list[str]:
    """The levels one committee has decided for a period and kind of subject (a quota group)."""
    return list(
        Evaluation.objects.filter(deciding_committee_id=committee_id, period_key=key, subject_kind=kind)
        .exclude(grade="")
        .values_list("grade", flat=True)
    )


def quota_for(committee_id: int, key: str, kind: str, values) -> rules.QuotaState:
    return rules.quota_state(decided_grades(committee_id, key, kind), values)


@dataclass
class UnitProgress:
    """How far one unit's records have gone, for the campaign's completion table."""

    organization_id: int
    name: str
    path: str
    parent: str = ""  # the name of the organization above it, told apart from same-named cells
    total: int = 0
    self_assessed: int = 0
    proposed: int = 0
    decided: int = 0
    not_rated: int = 0

    @property
    def done(self) -> int:
        return self.decided + self.not_rated

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


def _names_on(org_ids, on: date) -> dict[int, tuple[str, str, int | None]]:
    """(name, path, parent id) of each organization as it stood on `on` (else as it stands now)."""
    info = {
        org_id: (name, path, parent_id)
        for org_id, name, path, parent_id in OrgVersion.objects.filter(
            valid_on(on), organization_id__in=org_ids
        ).values_list("organization_id", "name", "path", "parent_id")
    }
    missing = set(org_ids) - set(info)
    info.update(
        {
            pk: (name, path, parent_id)
            for pk, name, path, parent_id in Organization.objects.filter(pk__in=missing).values_list(
                "pk", "name", "path", "parent_id"
            )
        }
    )
    return info


def completion_by_unit(campaign: Campaign, records: QuerySet[Evaluation] | None = None) -> list[UnitProgress]:
    """Per unit (the member's cell, or the organization rated), the records at each stage; one query."""
    qs = records if records is not None else campaign.evaluations.all()
    rows = qs.values("organization_id", "stage").annotate(n=Count("id")).order_by()
    rows = list(rows)
    org_ids = {row["organization_id"] for row in rows}
    info = _names_on(org_ids, campaign.period_end)
    parents = {pid for _name, _path, pid in info.values() if pid}
    parent_names = {pk: name for pk, (name, _path, _pid) in _names_on(parents - set(info), campaign.period_end).items()}
    parent_names.update({pk: name for pk, (name, _path, _pid) in info.items()})
    units: dict[int, UnitProgress] = {}
    for row in rows:
        org_id = row["organization_id"]
        name, path, parent_id = info[org_id]
        unit = units.setdefault(org_id, UnitProgress(org_id, name, path, parent_names.get(parent_id, "")))
        unit.total += row["n"]
        stage = row["stage"]
        if stage in (Stage.SELF_ASSESSED, Stage.PROPOSED, Stage.DECIDED):
            unit.self_assessed += row["n"]
        if stage in (Stage.PROPOSED, Stage.DECIDED):
            unit.proposed += row["n"]
        if stage == Stage.DECIDED:
            unit.decided += row["n"]
        if stage == Stage.NOT_RATED:
            unit.not_rated += row["n"]
    return sorted(units.values(), key=lambda u: u.path)


def stage_counts(records: QuerySet[Evaluation]) -> dict[str, int]:
    counts = dict.fromkeys(Stage.values, 0)
    for row in records.values("stage").annotate(n=Count("id")).order_by():
        counts[row["stage"]] = row["n"]
    return counts


def grades_by_year(member_ids, *, up_to: int) -> dict[int, dict[int, str]]:
    """Each member's decided yearly levels {member: {year: grade}}, from their own history.

    Read by member, whatever cell rated them: a member rated "not completed" in one cell in 2024
    and in another in 2025, after a transfer, has failed two years running.
    """
    out: dict[int, dict[int, str]] = defaultdict(dict)
    rows = (
        Evaluation.objects.filter(
            member_id__in=member_ids, campaign__period_kind=PeriodKind.YEAR, campaign__year__lte=up_to
        )
        .exclude(grade="")
        .values_list("member_id", "campaign__year", "grade")
    )
    for member_id, year, grade in rows:
        out[member_id][year] = grade
    return out


def org_grades_by_year(org_ids, *, up_to: int) -> dict[int, dict[int, str]]:
    out: dict[int, dict[int, str]] = defaultdict(dict)
    rows = (
        Evaluation.objects.filter(
            organization_id__in=org_ids,
            subject_kind=SubjectKind.ORGANIZATION,
            campaign__period_kind=PeriodKind.YEAR,
            campaign__year__lte=up_to,
        )
        .exclude(grade="")
        .values_list("organization_id", "campaign__year", "grade")
    )
    for org_id, year, grade in rows:
        out[org_id][year] = grade
    return out


def period_records(org, start: date, end: date, kind: str, *, subtree=None) -> QuerySet[Evaluation]:
    """Records of yearly campaigns whose year starts within [start, end], for `org`'s subtree.

    Each year's records are placed on the tree as it stood on that year's end (or on `end`, when
    the period asked stops earlier), so a report for 2024 counts the cells of 2024 even if a
    commune has merged since. A campaign opened after `end` does not exist yet for the report.
    `subtree(on)` gives the subtree's ids on a date (the figures pass their scope's memo, so the
    root is looked up once for all the figures of a page).
    """
    subtree = subtree or (lambda on: subtree_org_ids(org, on))
    years = range(start.year if start.month == 1 and start.day == 1 else start.year + 1, end.year + 1)
    condition = Q(pk__in=[])
    for year in years:
        condition |= Q(campaign__year=year, organization_id__in=subtree(min(date(year, 12, 31), end)))
    return Evaluation.objects.filter(
        condition, campaign__period_kind=PeriodKind.YEAR, campaign__opened_on__lte=end, subject_kind=kind
    )


def decided_by(end: date) -> Q:
    """Decided (a level given) on or before `end`."""
    return ~Q(grade="") & Q(decided_on__lte=end)


def goals_of(evaluation: Evaluation) -> GoalRegistration | None:
    """The goals registered for the record's period (or its year), shown beside its self-assessment."""
    year_key = str(evaluation.campaign.year)
    qs = GoalRegistration.objects.filter(period_key__in=[evaluation.period_key, year_key]).prefetch_related("items")
    if evaluation.member_id:
        qs = qs.filter(member_id=evaluation.member_id)
    else:
        qs = qs.filter(organization_id=evaluation.organization_id, subject_kind=SubjectKind.ORGANIZATION)
    found = {g.period_key: g for g in qs}
    return found.get(evaluation.period_key) or found.get(year_key)


def own_records(member_ids: list[int]) -> QuerySet[Evaluation]:
    """A member's own records, newest first (the member's home page)."""
    return (
        Evaluation.objects.filter(member_id__in=member_ids)
        .select_related("campaign", "organization")
        .order_by("-period_end")
    )


def own_goals(member_ids: list[int]) -> QuerySet[GoalRegistration]:
    return GoalRegistration.objects.filter(member_id__in=member_ids).prefetch_related("items").order_by("-period_key")


def subtree_records(campaign: Campaign, org) -> QuerySet[Evaluation]:
    """The campaign's records of organizations in `org`'s subtree on the period's end."""
    return campaign.evaluations.filter(
        organization_id__in=subtree_versions(org, campaign.period_end).values("organization_id")
    )


def visible_campaigns(user) -> QuerySet[Campaign]:
    """Campaigns a user follows: those over their subtree, and those over a subtree holding their node.

    A cell's secretary follows the commune's campaign (to enter the cell's part) without seeing
    the other cells: the pages narrow the records to the user's scope. Writes on the campaign itself
    (close, refresh) go through `accounts.scoping` on its root instead.
    """
    from coso.accounts.scoping import is_admin, scoped_paths

    qs = Campaign.objects.select_related("committee", "root", "rule_set")
    if is_admin(user):
        return qs
    paths = scoped_paths(user)
    if not paths:
        return qs.none()
    condition = Q(pk__in=[])
    ancestors: set[str] = set()
    for path in paths:
        condition |= Q(root__path__startswith=path)
        segments = [s for s in path.split("/") if s]
        ancestors |= {"/".join(segments[:i]) + "/" for i in range(1, len(segments))}
    if ancestors:
        condition |= Q(root__path__in=ancestors)
    return qs.filter(condition)


def records_for(user, campaign: Campaign) -> QuerySet[Evaluation]:
    """The campaign's records the user may see (`accounts.scoping` on each record's organization)."""
    from coso.accounts.scoping import scope

    return scope(campaign.evaluations.all(), user)
