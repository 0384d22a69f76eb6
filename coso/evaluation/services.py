"""Writes of goals and quality evaluation: register goals, open a campaign, the steps, decisions.

Every service runs in a transaction and writes its audit rows; a refused call writes nothing and
raises a `ValidationError` naming the field, the member or the quota. The rules (scale, score
bands, quota, discipline cap, exemption) are `rules.py` fed with the values of the campaign's rule
set — the one in force on the period's end (QĐ 132, QĐ 124 or QĐ 366) — so a 2024 campaign is
judged by the 2023 rules and a 2025 one by the 2025 rules, whatever today is.

Opening a campaign (`campaign_create`, then `campaign_populate`) finds its subjects on the dated
tree as it stood on the period's end: members by their home spell that day (a temporarily attached
member is evaluated by their home cell; the host gives an opinion), organizations by their version
that day, so a commune merged in June is evaluated where it stood on 31/12. A subject already
evaluated for the period (a nested campaign) is skipped, which also makes a retried or refreshed
population add only what is missing. The records are written in batches, each committed with its
audit rows and the counter the progress bar reads; a failure deletes what the run wrote and marks
the campaign failed, so a campaign is either fully populated or holds no records.
"""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.audit.services import (
    audit_bulk_create,
    audit_bulk_update,
    audit_create,
    audit_delete,
    audit_update,
    snapshot,
)
from coso.common.text import format_count, format_date
from coso.common.versions import lock_and_check
from coso.evaluation import queries, rules
from coso.evaluation.models import (
    Campaign,
    Evaluation,
    GoalItem,
    GoalRegistration,
    Grade,
    JobState,
    Opinion,
    OpinionSource,
    PeriodKind,
    Stage,
    SubjectKind,
    period_key,
)
from coso.members.models import Member, MemberEvent
from coso.members.queries import spells_on
from coso.organizations.models import GRASSROOTS_KINDS, Organization, OrgKind
from coso.organizations.queries import subtree_versions, version_on
from coso.rulesets.models import Topic
from coso.rulesets.queries import NoRuleSet, rules_in_force

logger = logging.getLogger(__name__)

#: The kinds of organization rated each year (a party group is not rated as an organization).
RATED_ORG_KINDS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL, OrgKind.PARTIAL_COMMITTEE, OrgKind.CELL)
BATCH = 2000
MAX_GOALS = 30
DECIDED_STAGES = (Stage.DECIDED, Stage.NOT_RATED)
DECISION_FIELDS = [
    "grade", "score", "decided_on", "decided_by", "decision_number", "decision_issuer", "decision_date", "stage",
    "version", "updated_at",
]  # fmt: skip


def _grade_label(grade: str) -> str:
    return str(Grade(grade).label) if grade in Grade.values else grade


def _subject_name(evaluation: Evaluation) -> str:
    if evaluation.member_id:
        return evaluation.member.full_name
    return evaluation.organization.name


# Periods ---------------------------------------------------------------------------------------


def period_bounds(kind: str, year: int, quarter: int | None = None, end_year: int | None = None) -> tuple[date, date]:
    """First and last day of a year, a quarter or a term (a term runs from 1/1 of its first year)."""
    if kind == PeriodKind.QUARTER:
        if quarter not in (1, 2, 3, 4):
            raise ValidationError({"quarter": _("Choose a quarter from 1 to 4.")})
        first_month = 3 * (quarter - 1) + 1
        last = date(year + 1, 1, 1) if quarter == 4 else date(year, first_month + 3, 1)
        return date(year, first_month, 1), date.fromordinal(last.toordinal() - 1)
    if kind == PeriodKind.TERM:
        if not end_year or end_year <= year or end_year - year > 10:
            raise ValidationError(
                {
                    "end_year": _("A term ends in a later year than it starts, at most ten years on: %(year)s.")
                    % {"year": end_year or ""}
                }
            )
        return date(year, 1, 1), date(end_year, 12, 31)
    if kind != PeriodKind.YEAR:
        raise ValidationError({"period_kind": _("Unknown kind of period: %(kind)s.") % {"kind": kind}})
    return date(year, 1, 1), date(year, 12, 31)


def _rule_set_for(period_end: date):
    try:
        return rules_in_force(Topic.EVALUATION, period_end)
    except NoRuleSet as exc:
        raise ValidationError({"year": str(exc)}) from exc


# Campaigns -------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    committee: Organization,
    root: Organization | None = None,
    period_kind: str = PeriodKind.YEAR,
    year: int,
    quarter: int | None = None,
    end_year: int | None = None,
    opened_on: date,
    note: str = "",
    actor,
) -> Campaign:
    """A campaign with no records yet (`campaign_populate` creates them, inline or on the queue)."""
    root = root or committee
    if not root.path.startswith(committee.path):
        raise ValidationError(
            {
                "root": _("%(root)s is not in the subtree of %(committee)s.")
                % {"root": root.name, "committee": committee.name}
            }
        )
    if committee.kind == OrgKind.PARTY_GROUP:
        raise ValidationError({"committee": _("A party group does not open an evaluation campaign.")})
    start, end = period_bounds(period_kind, year, quarter, end_year)
    rule_set = _rule_set_for(end)
    if period_kind not in rules.periods_allowed(rule_set.values):
        raise ValidationError(
            {
                "period_kind": _("%(rules)s has no evaluation by %(kind)s: evaluate by year.")
                % {"rules": rule_set.regulation.split(";")[0], "kind": PeriodKind(period_kind).label.lower()}
            }
        )
    if opened_on < start:
        raise ValidationError(
            {
                "opened_on": _("A campaign opens within or after its period: on or after %(date)s.")
                % {"date": format_date(start)}
            }
        )
    if version_on(root, end) is None and version_on(root, start) is None:
        raise ValidationError({"root": _("%(org)s did not exist during the period.") % {"org": root.name}})
    key = period_key(period_kind, year, quarter, end_year)
    if Campaign.objects.filter(root=root, period_key=key).exists():
        raise ValidationError(
            {"year": _("%(org)s already has a campaign for %(period)s.") % {"org": root.name, "period": key}}
        )
    campaign = Campaign.objects.create(
        committee=committee,
        root=root,
        period_kind=period_kind,
        year=year,
        quarter=quarter if period_kind == PeriodKind.QUARTER else None,
        end_year=end_year if period_kind == PeriodKind.TERM else None,
        period_key=key,
        period_start=start,
        period_end=end,
        rule_set=rule_set,
        opened_on=opened_on,
        opened_by=actor if getattr(actor, "pk", None) else None,
        note=(note or "").strip(),
    )
    audit_create(actor=actor, obj=campaign, service="evaluation_campaign_open")
    return campaign


@dataclass(frozen=True)
class Subject:
    kind: str
    organization_id: int
    deciding_id: int
    member_id: int | None = None
    exempt: bool = False
    disciplined: bool = False


def campaign_subjects(campaign: Campaign) -> list[Subject]:
    """The members and organizations the campaign rates that have no record for its period yet.

    Read on the tree and the register as they stood on the period's end: members by their home
    spell (so a member moved between cells is rated by the cell they ended the year in), the
    organizations of the rated kinds strictly below the committee. A member is decided by their
    grassroots organization (the nearest grassroots ancestor that day), an organization by its parent.
    """
    on = campaign.period_end
    root_version = version_on(campaign.root, on) or version_on(campaign.root, campaign.period_start)
    if root_version is None:
        return []
    versions = list(
        subtree_versions(root_version, on if version_on(campaign.root, on) else campaign.period_start).values_list(
            "organization_id", "parent_id", "path", "organization__kind"
        )
    )
    kind_of = {org_id: kind for org_id, _p, _path, kind in versions}
    path_of = {org_id: path for org_id, _p, path, _k in versions}
    # Kinds of the ancestors above the root, for a member whose grassroots organization lies above it.
    above_ids = {int(seg) for path in path_of.values() for seg in path.strip("/").split("/") if seg} - set(kind_of)
    kind_of.update(dict(Organization.objects.filter(pk__in=above_ids).values_list("pk", "kind")))

    def grassroots_of(org_id: int) -> int:
        path = path_of.get(org_id)
        if path is None:
            return org_id
        for seg in reversed([s for s in path.strip("/").split("/") if s]):
            if kind_of.get(int(seg)) in GRASSROOTS_KINDS:
                return int(seg)
        return org_id

    subjects: list[Subject] = []
    taken_orgs = set(
        Evaluation.objects.filter(period_key=campaign.period_key, subject_kind=SubjectKind.ORGANIZATION).values_list(
            "organization_id", flat=True
        )
    )
    for org_id, parent_id, _path, kind in versions:
        if kind in RATED_ORG_KINDS and org_id != campaign.committee_id and parent_id and org_id not in taken_orgs:
            subjects.append(Subject(SubjectKind.ORGANIZATION, org_id, parent_id))
    taken = Evaluation.objects.filter(period_key=campaign.period_key, member__isnull=False).values("member_id")
    spells = (
        spells_on(on)
        .filter(organization_id__in=list(kind_of.keys() & path_of.keys()))
        .exclude(member_id__in=taken)
        .values_list("member_id", "organization_id", "exempt")
        .order_by("member_id")
    )
    disciplined = set(
        MemberEvent.objects.filter(
            kind="disciplined", on__gte=campaign.period_start, on__lte=campaign.period_end
        ).values_list("member_id", flat=True)
    )
    seen: set[int] = set()
    for member_id, org_id, exempt in spells.iterator(chunk_size=5000):
        if member_id in seen:  # two home spells on one day cannot happen; guard the unique constraint
            continue
        seen.add(member_id)
        subjects.append(
            Subject(
                SubjectKind.MEMBER, org_id, grassroots_of(org_id), member_id, bool(exempt), member_id in disciplined
            )
        )
    return subjects


def _record(campaign: Campaign, subject: Subject, values) -> Evaluation:
    rated = subject.kind == SubjectKind.ORGANIZATION or rules.rated(exempt=subject.exempt, values=values)
    return Evaluation(
        campaign=campaign,
        subject_kind=subject.kind,
        member_id=subject.member_id,
        organization_id=subject.organization_id,
        deciding_committee_id=subject.deciding_id,
        period_key=campaign.period_key,
        period_end=campaign.period_end,
        exempt=subject.exempt,
        disciplined=subject.disciplined,
        stage=Stage.PENDING if rated else Stage.NOT_RATED,
        not_rated_reason="" if rated else _("Exempted from party work and activities"),
        decided_on=None if rated else campaign.opened_on,
    )


def campaign_populate(campaign: Campaign, *, actor, progress=None) -> int:
    """Create the campaign's missing records in committed batches; how many were created.

    Not one transaction on purpose: each batch commits with its audit rows and the counter, so the
    page's progress bar moves while a province's half million records are written. On any failure
    the records this run wrote are deleted and the campaign is marked failed (nothing half-made
    stays); running it again continues from what exists.
    """
    Campaign.objects.filter(pk=campaign.pk).update(job_state=JobState.RUNNING, job_error="")
    values = campaign.rule_set.values
    created_ids: list[int] = []
    try:
        subjects = campaign_subjects(campaign)
        total = len(subjects)
        Campaign.objects.filter(pk=campaign.pk).update(job_total=total, job_done=0)
        if progress:
            progress.start(total)
        for i in range(0, total, BATCH):
            with transaction.atomic():
                objs = Evaluation.objects.bulk_create([_record(campaign, s, values) for s in subjects[i : i + BATCH]])
                created_ids += [o.pk for o in objs]
                audit_bulk_create(actor=actor, objs=objs, service="evaluation_campaign_open")
                Campaign.objects.filter(pk=campaign.pk).update(job_done=min(total, i + BATCH))
            if progress:
                progress.advance(len(objs))
    except Exception as exc:
        logger.exception("Creating the records of campaign %s failed", campaign.pk)
        for i in range(0, len(created_ids), 5000):
            Evaluation.objects.filter(pk__in=created_ids[i : i + 5000]).delete()
        Campaign.objects.filter(pk=campaign.pk).update(job_state=JobState.FAILED, job_error=str(exc)[:2000], job_done=0)
        campaign.refresh_from_db()
        raise
    Campaign.objects.filter(pk=campaign.pk).update(job_state=JobState.DONE, job_done=total)
    campaign.refresh_from_db()
    return total


def campaign_open(*, actor, progress=None, **fields) -> Campaign:
    """Create a campaign and its records now (tests, the demo, a small subtree)."""
    campaign = campaign_create(actor=actor, **fields)
    campaign_populate(campaign, actor=actor, progress=progress)
    return campaign


def campaign_start(campaign: Campaign, *, actor) -> bool:
    """Populate a small campaign inside the request, a large one on the job queue; True when queued."""
    estimate = queries.estimate_subjects(campaign)
    if estimate <= settings.COSO_EVALUATION_INLINE_MAX:
        campaign_populate(campaign, actor=actor)
        return False
    from coso.evaluation.tasks import populate_campaign

    populate_campaign.enqueue(campaign.pk, getattr(actor, "pk", None))
    return True


def campaign_refresh(campaign: Campaign, *, actor) -> int:
    """Add the records of subjects that appeared since opening (a late admission, a late fact)."""
    _require_open(campaign)
    return campaign_populate(campaign, actor=actor)


@transaction.atomic
def campaign_close(campaign: Campaign, *, closed_on: date, actor) -> Campaign:
    """Close a campaign whose every record is decided (or marked not rated); refused otherwise."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_open(campaign)
    if closed_on < campaign.opened_on:
        raise ValidationError(
            {
                "closed_on": _("A campaign closes on or after it opened (%(date)s).")
                % {"date": format_date(campaign.opened_on)}
            }
        )
    open_records = campaign.evaluations.exclude(stage__in=DECIDED_STAGES)
    remaining = open_records.count()
    if remaining:
        units = list(
            open_records.order_by("organization__path").values_list("organization__name", flat=True).distinct()[:3]
        )
        raise ValidationError(
            _("%(count)s records are not decided yet (%(units)s…): decide them or mark them not rated first.")
            % {"count": format_count(remaining), "units": ", ".join(units)}
        )
    before = snapshot(campaign)
    campaign.closed_on = closed_on
    campaign.save(update_fields=["closed_on", "updated_at"])
    audit_update(actor=actor, obj=campaign, before=before, service="evaluation_campaign_close")
    return campaign


def _require_open(campaign: Campaign) -> None:
    if not campaign.is_open:
        raise ValidationError(
            _("The campaign %(campaign)s was closed on %(date)s: its records are read-only.")
            % {"campaign": campaign, "date": format_date(campaign.closed_on)}
        )
    if not campaign.is_ready:
        raise ValidationError(
            _("The records of campaign %(campaign)s are still being created.") % {"campaign": campaign}
        )


# The steps -------------------------------------------------------------------------------------


def parse_score(raw, *, field: str = "score") -> Decimal | None:
    """A score typed as "85", "85,5" or "85.5"; None when empty; a ValidationError naming it otherwise."""
    if raw is None or str(raw).strip() == "":
        return None
    if isinstance(raw, Decimal | int):
        return Decimal(raw)
    try:
        return Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError({field: _("“%(value)s” is not a score.") % {"value": raw}}) from None


def check_rating(evaluation: Evaluation, grade: str, score, *, field: str = "grade") -> tuple[str, Decimal | None]:
    """The level and score a step may record for this record under the campaign's rules.

    Under a scored set (QĐ 366) the score is required and gives the level (`rules.grade_for_score`);
    a level typed beside it must be the score's band. A disciplined member is capped
    (`rules.grade_allowed`). Errors name the member or organization.
    """
    values = evaluation.campaign.rule_set.values
    name = _subject_name(evaluation)
    score = parse_score(score, field=f"{field}_score" if field != "grade" else "score")
    problem = rules.score_error(score, values)
    if problem == "missing" and grade and not rules.is_scored(values):
        problem = None
    if problem == "missing":
        raise ValidationError(
            {
                "score": _("%(name)s: the rules in force score out of %(max)s; enter the score.")
                % {"name": name, "max": values.get("max_score", 100)}
            }
        )
    if problem == "out_of_range":
        raise ValidationError(
            {
                "score": _("%(name)s: the score %(score)s is outside 0–%(max)s.")
                % {"name": name, "score": score, "max": values.get("max_score", 100)}
            }
        )
    if rules.is_scored(values) and score is not None and not grade:
        grade = rules.grade_for_score(score, values)
    if grade not in Grade.values:
        raise ValidationError({field: _("%(name)s: choose a rating.") % {"name": name}})
    if not rules.grade_matches_score(grade, score, values):
        raise ValidationError(
            {
                field: _("%(name)s: a score of %(score)s gives “%(band)s”, not “%(grade)s”.")
                % {
                    "name": name,
                    "score": score,
                    "band": _grade_label(rules.grade_for_score(score, values)),
                    "grade": _grade_label(grade),
                }
            }
        )
    if evaluation.subject_kind == SubjectKind.MEMBER and not rules.grade_allowed(
        grade, disciplined=evaluation.disciplined, values=values
    ):
        raise ValidationError(
            {
                field: _("%(name)s was disciplined in the period: the rating may be at most “%(max)s”.")
                % {"name": name, "max": _grade_label(rules.max_grade_for(disciplined=True, values=values))}
            }
        )
    return grade, score


def _require_steppable(evaluation: Evaluation) -> None:
    _require_open(evaluation.campaign)
    if evaluation.stage in DECIDED_STAGES:
        raise ValidationError(
            _("%(name)s: the rating has been decided; only the deciding committee may change it.")
            % {"name": _subject_name(evaluation)}
        )


def _check_day(evaluation: Evaluation, on: date, field: str) -> None:
    if on < evaluation.campaign.period_start:
        raise ValidationError(
            {
                field: _("The date %(date)s is before the period (from %(start)s).")
                % {"date": format_date(on), "start": format_date(evaluation.campaign.period_start)}
            }
        )


@transaction.atomic
def self_assess(
    evaluation: Evaluation, *, text: str, grade: str = "", score=None, on: date, actor, version: int | None = None
) -> Evaluation:
    """The member's (or the organization's) own review and the level it gives itself."""
    lock_and_check(evaluation, version, fields=("self_text", "self_grade", "self_score"))
    _require_steppable(evaluation)
    _check_day(evaluation, on, "self_on")
    if not (text or "").strip():
        raise ValidationError({"self_text": _("Write the self-assessment.")})
    grade, score = check_rating(evaluation, grade, score, field="self_grade")
    before = snapshot(evaluation)
    evaluation.self_text, evaluation.self_grade, evaluation.self_score = text.strip(), grade, score
    evaluation.self_on, evaluation.self_by = on, actor if getattr(actor, "pk", None) else None
    if evaluation.stage == Stage.PENDING:
        evaluation.stage = Stage.SELF_ASSESSED
    evaluation.version += 1
    evaluation.save()
    audit_update(actor=actor, obj=evaluation, before=before, service="evaluation_self_assess")
    return evaluation


@transaction.atomic
def opinion_add(
    evaluation: Evaluation, *, source: str, source_name: str = "", text: str, given_on: date, actor
) -> Opinion:
    """An opinion given on the record (the cell, a mass organization, the residence cell...)."""
    _require_steppable(evaluation)
    if source not in OpinionSource.values:
        raise ValidationError({"source": _("Unknown source of opinion: %(value)s.") % {"value": source}})
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the opinion.")})
    _check_day(evaluation, given_on, "given_on")
    opinion = Opinion.objects.create(
        evaluation=evaluation,
        source=source,
        source_name=(source_name or "").strip(),
        text=text.strip(),
        given_on=given_on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_create(actor=actor, obj=opinion, service="evaluation_opinion_add", subject=evaluation)
    return opinion


@transaction.atomic
def propose(
    evaluation: Evaluation, *, grade: str = "", score=None, note: str = "", on: date, actor, version: int | None = None
) -> Evaluation:
    """The cell's (or, for an organization, the committee's) proposed level."""
    lock_and_check(evaluation, version, fields=("proposed_grade", "proposed_score", "proposal_note"))
    _require_steppable(evaluation)
    _check_day(evaluation, on, "proposed_on")
    grade, score = check_rating(evaluation, grade, score, field="proposed_grade")
    before = snapshot(evaluation)
    evaluation.proposed_grade, evaluation.proposed_score = grade, score
    evaluation.proposal_note = (note or "").strip()
    evaluation.proposed_on, evaluation.proposed_by = on, actor if getattr(actor, "pk", None) else None
    evaluation.stage = Stage.PROPOSED
    evaluation.version += 1
    evaluation.save()
    audit_update(actor=actor, obj=evaluation, before=before, service="evaluation_propose")
    return evaluation


@dataclass(frozen=True)
class Decision:
    evaluation_id: int
    grade: str = ""
    score: object = None


def quota_message(committee_name: str, kind: str, state: rules.QuotaState) -> str:
    """ "Excellent" over its cap, said with the numbers of the group (what the page shows too)."""
    who = _("members") if kind == SubjectKind.MEMBER else _("organizations")
    return _(
        "Quota of %(committee)s (%(who)s): %(excellent)s rated “excellent” but at most %(cap)s are "
        "allowed — %(num)s/%(den)s of the %(good)s rated “well completed”."
    ) % {
        "committee": committee_name,
        "who": who,
        "excellent": state.excellent,
        "cap": state.cap,
        "num": state.numerator,
        "den": state.denominator,
        "good": state.good,
    }


@transaction.atomic
def decide_many(
    campaign: Campaign,
    decisions: Sequence[Decision],
    *,
    on: date,
    decision_number: str = "",
    decision_issuer: str = "",
    actor,
) -> list[Evaluation]:
    """The competent committee's decisions on several records at once: all taken, or none.

    Every decision is checked (the campaign open, the level against the score and the discipline
    cap), then the quota of each group of comparable subjects (one committee's decisions, members
    and organizations apart) is judged on the group as it will stand after the whole page — so a
    page that moves one member from "excellent" to "good" and another the other way is judged once.
    """
    campaign = Campaign.objects.select_related("rule_set").get(pk=campaign.pk)
    _require_open(campaign)
    if on < campaign.period_start:
        raise ValidationError(
            {
                "decided_on": _("A decision for %(period)s is dated on or after %(date)s.")
                % {"period": campaign.period_key, "date": format_date(campaign.period_start)}
            }
        )
    wanted = {d.evaluation_id: d for d in decisions}
    records = {
        e.pk: e
        for e in Evaluation.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, pk__in=list(wanted))
        .select_related("member", "organization", "deciding_committee")
    }
    errors: list[str] = []
    changes: dict[tuple[int, str], dict[int, tuple[str, str]]] = {}
    checked: dict[int, tuple[str, Decimal | None]] = {}
    for pk, d in wanted.items():
        e = records.get(pk)
        if e is None:
            errors.append(_("Record %(id)s is not in this campaign.") % {"id": pk})
            continue
        e.campaign = campaign
        if e.stage == Stage.NOT_RATED:
            errors.append(
                _("%(name)s is not rated this period (%(reason)s).")
                % {"name": _subject_name(e), "reason": e.not_rated_reason}
            )
            continue
        try:
            grade, score = check_rating(e, d.grade, d.score)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        checked[pk] = (grade, score)
        changes.setdefault((e.deciding_committee_id, e.subject_kind), {})[pk] = (e.grade, grade)
    if errors:
        raise ValidationError(errors)
    values = campaign.rule_set.values
    for (committee_id, kind), group in changes.items():
        current = queries.decided_grades(committee_id, campaign.period_key, kind)
        state = rules.quota_after(current, group, values)
        if not state.ok:
            committee = next(records[pk].deciding_committee for pk in group)
            errors.append(quota_message(committee.name, kind, state))
    if errors:
        raise ValidationError(errors)
    # One UPDATE per batch and one audit row per changed record (a December page of a cell, or a
    # committee's whole list, is written at once rather than row by row).
    before: dict[int, dict] = {}
    now = timezone.now()
    for pk, (grade, score) in checked.items():
        e = records[pk]
        before[pk] = snapshot(e)
        e.grade, e.score, e.decided_on = grade, score, on
        e.decided_by = actor if getattr(actor, "pk", None) else None
        e.decision_number = (decision_number or "").strip()
        e.decision_issuer = (decision_issuer or "").strip()
        e.decision_date = on
        e.stage = Stage.DECIDED
        e.version += 1
        e.updated_at = now
    saved = [records[pk] for pk in checked]
    Evaluation.objects.bulk_update(saved, DECISION_FIELDS, batch_size=500)
    audit_bulk_update(actor=actor, objs=saved, before=before, service="evaluation_decide")
    return saved


def decide(
    evaluation: Evaluation, *, grade: str = "", score=None, on: date, actor, version: int | None = None, **decision
) -> Evaluation:
    """One decision (the record page): `decide_many` with one row, after the stale-edit check."""
    with transaction.atomic():
        lock_and_check(evaluation, version, fields=("grade", "score"))
        return decide_many(
            evaluation.campaign, [Decision(evaluation.pk, grade, score)], on=on, actor=actor, **decision
        )[0]


@transaction.atomic
def not_rate(evaluation: Evaluation, *, reason: str, on: date, actor) -> Evaluation:
    """Mark a record not rated this period (long illness, exemption recorded late...), with the reason."""
    _require_open(evaluation.campaign)
    if not (reason or "").strip():
        raise ValidationError(
            {"not_rated_reason": _("Say why %(name)s is not rated.") % {"name": _subject_name(evaluation)}}
        )
    before = snapshot(evaluation)
    evaluation.stage, evaluation.not_rated_reason = Stage.NOT_RATED, reason.strip()
    evaluation.grade, evaluation.score, evaluation.decided_on = "", None, on
    evaluation.version += 1
    evaluation.save()
    audit_update(actor=actor, obj=evaluation, before=before, service="evaluation_not_rate")
    return evaluation


@transaction.atomic
def commend(evaluation: Evaluation, *, on: date, note: str = "", actor) -> Evaluation:
    """Propose a member or an organization for praise from its decided level (excellent by default)."""
    values = evaluation.campaign.rule_set.values
    if evaluation.stage != Stage.DECIDED or not rules.commendable(evaluation.grade, values):
        raise ValidationError(
            _("%(name)s is rated “%(grade)s”: only %(levels)s may be proposed for commendation.")
            % {
                "name": _subject_name(evaluation),
                "grade": _grade_label(evaluation.grade) if evaluation.grade else _("not decided"),
                "levels": ", ".join(f"“{_grade_label(g)}”" for g in values.get("commendable_grades", ["excellent"])),
            }
        )
    if evaluation.decided_on and on < evaluation.decided_on:
        raise ValidationError(
            {
                "commended_on": _("A commendation follows the decision (%(date)s).")
                % {"date": format_date(evaluation.decided_on)}
            }
        )
    before = snapshot(evaluation)
    evaluation.commended_on, evaluation.commendation_note = on, (note or "").strip()
    evaluation.version += 1
    evaluation.save()
    audit_update(actor=actor, obj=evaluation, before=before, service="evaluation_commend")
    return evaluation


# Goals -----------------------------------------------------------------------------------------


def _clean_items(items: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    cleaned = [((text or "").strip(), (target or "").strip()) for text, target in items]
    cleaned = [(t, g) for t, g in cleaned if t or g]
    if not cleaned:
        raise ValidationError({"items": _("Register at least one goal.")})
    if len(cleaned) > MAX_GOALS:
        raise ValidationError({"items": _("At most %(max)s goals.") % {"max": MAX_GOALS}})
    for i, (text, target) in enumerate(cleaned, start=1):
        if not text:
            raise ValidationError({"items": _("Goal %(n)s has a target but no text.") % {"n": i}})
        if len(target) > 255:
            raise ValidationError({"items": _("The target of goal %(n)s is longer than 255 characters.") % {"n": i}})
    return cleaned


@transaction.atomic
def goals_register(
    *,
    member: Member | None = None,
    organization: Organization | None = None,
    period_kind: str = PeriodKind.YEAR,
    year: int,
    quarter: int | None = None,
    items: Iterable[tuple[str, str]],
    on: date,
    on_behalf: bool = False,
    actor,
    version: int | None = None,
) -> GoalRegistration:
    """Register (or replace) a member's or an organization's goals for a period."""
    if (member is None) == (organization is None):
        raise ValueError("goals_register takes a member or an organization")
    key = period_key(period_kind, year, quarter)
    period_bounds(period_kind, year, quarter)
    cleaned = _clean_items(items)
    if member is not None:
        spell = spells_on(on).filter(member=member).first()
        if spell is None:
            raise ValidationError(
                {
                    "member": _("%(name)s is not a party member on %(date)s.")
                    % {"name": member.full_name, "date": format_date(on)}
                }
            )
        home = spell.organization
        existing = GoalRegistration.objects.select_for_update().filter(member=member, period_key=key).first()
    else:
        home = organization
        existing = (
            GoalRegistration.objects.select_for_update()
            .filter(organization=organization, subject_kind=SubjectKind.ORGANIZATION, period_key=key)
            .first()
        )
    if existing is None:
        reg = GoalRegistration.objects.create(
            subject_kind=SubjectKind.MEMBER if member else SubjectKind.ORGANIZATION,
            member=member,
            organization=home,
            period_kind=period_kind,
            period_key=key,
            registered_on=on,
            registered_by=actor if getattr(actor, "pk", None) else None,
            on_behalf=on_behalf,
        )
        audit_create(actor=actor, obj=reg, service="goals_register", subject=member)
    else:
        lock_and_check(existing, version, fields=("registered_on",))
        reg = existing
        before = snapshot(reg)
        for item in reg.items.all():
            audit_delete(actor=actor, obj=item, service="goals_register", subject=reg)
        reg.items.all().delete()
        reg.registered_on, reg.on_behalf = on, on_behalf
        reg.registered_by = actor if getattr(actor, "pk", None) else None
        reg.version += 1
        reg.save()
        audit_update(actor=actor, obj=reg, before=before, service="goals_register")
    objs = GoalItem.objects.bulk_create(
        [GoalItem(registration=reg, order=i, text=text, target=target) for i, (text, target) in enumerate(cleaned)]
    )
    audit_bulk_create(actor=actor, objs=objs, service="goals_register", subject_attr="registration")
    return reg
