"""The quality evaluation figures, registered in the figure catalogue (`coso.reports.catalogue`).

Every figure is a PERIOD figure over the records of the yearly campaigns whose year starts within
the period asked (a report "for 2025" is [01/01/2025, 31/12/2025]), each year's records placed on
the tree as it stood on that year's end (`queries.period_records`). A record counts at a level
only if it was decided on or before the period's end, so a report as of 20/12 does not show the
decisions of 28/12, and the list shows each record's level as it stood then (`prepare`).

- members and organizations at each level, rated, not rated, pending (denominators named, so the
  shares "99,2% completed or above" come from the same definitions);
- members rated "not completed" `failing_years_for_removal` years running, read from each
  member's own history whatever cell rated them (Điều lệ Đảng, Điều 8), and organizations
  "weak for a long time" (`weak_years` running): normally zero, and the reports say so;
- disciplined members, and those proposed for commendation.

Every figure takes `org_type` (the type of the cell or organization rated), for "by organization type".
"""

from django.db.models import Case, CharField, DateField, Exists, F, OuterRef, Q, QuerySet, When
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from coso.evaluation import queries, rules
from coso.evaluation.models import Evaluation, Grade, Stage, SubjectKind
from coso.organizations.queries import subtree_org_ids
from coso.reports.catalogue import PERIOD, Column, Figure, Param, Scope, register
from coso.reports.figures import org_type_choices
from coso.rulesets.models import Topic
from coso.rulesets.queries import NoRuleSet, rules_in_force

GROUP = _("Quality evaluation")
MEMBER, ORG = SubjectKind.MEMBER, SubjectKind.ORGANIZATION


def _subtree(scope: Scope, on):
    """The subtree's ids on `on`, looked up once for every figure of the scope."""
    if on == scope.end:
        return scope.subtree_org_ids()
    return scope.memo(f"evaluation.subtree.{on.isoformat()}", lambda: subtree_org_ids(scope.org, on))


def _base(scope: Scope, kind: str) -> QuerySet[Evaluation]:
    return queries.period_records(
        scope.org, scope.period_start, scope.end, kind, subtree=lambda on: _subtree(scope, on)
    )


def _decided(scope: Scope) -> Q:
    return queries.decided_by(scope.end)


def _values(scope: Scope) -> dict:
    def read():
        try:
            return rules_in_force(Topic.EVALUATION, scope.end).values
        except NoRuleSet:
            return {}

    return scope.memo("evaluation.values", read)


def _running(scope: Scope, kind: str, years: int) -> QuerySet[Evaluation]:
    """Rated "not completed" this year and in each of the `years - 1` years before, by the same subject."""
    qs = _base(scope, kind).filter(_decided(scope), grade=Grade.NOT_COMPLETED)
    subject = "member_id" if kind == MEMBER else "organization_id"
    for back in range(1, years):
        # A yearly record's period key is its year ("2024"): matching on it walks the unique
        # (subject, period_key) index instead of joining every earlier campaign.
        earlier = Evaluation.objects.filter(
            **{subject: OuterRef(subject)},
            subject_kind=kind,
            period_key=Cast(OuterRef("campaign__year") - back, output_field=CharField()),
            grade=Grade.NOT_COMPLETED,
            decided_on__lte=scope.end,
        )
        qs = qs.filter(Exists(earlier))
    return qs


def _prepare(qs: QuerySet[Evaluation], scope: Scope) -> QuerySet[Evaluation]:
    """The level and decision date as they stood on the period's end (a later decision is not shown)."""
    decided = Q(decided_on__lte=scope.end)
    return qs.select_related("member", "organization", "organization__org_type", "campaign").annotate(
        as_of_grade=Case(When(decided, then=F("grade")), default=None),
        as_of_decided_on=Case(When(decided, then=F("decided_on")), default=None, output_field=DateField()),
        as_of_commended_on=Case(
            When(commended_on__lte=scope.end, then=F("commended_on")), default=None, output_field=DateField()
        ),
    )


def _grade_text(e) -> str:
    grade = getattr(e, "as_of_grade", None)
    if grade:
        return str(Grade(grade).label)
    if e.stage == Stage.NOT_RATED and getattr(e, "as_of_decided_on", None):
        return str(_("Not rated"))
    return ""


def _score(e):
    return e.score if getattr(e, "as_of_grade", None) else None


MEMBER_COLUMNS = (
    Column("name", _("Full name"), lambda e: e.member.full_name),
    Column("organization", _("Party cell"), lambda e: e.organization.name),
    Column("org_type", _("Organization type"), lambda e: e.organization.org_type.name),
    Column("year", _("Year"), lambda e: e.campaign.year),
    Column("grade", _("Rating"), _grade_text),
    Column("score", _("Score"), _score),
    Column("decided_on", _("Decided on"), lambda e: getattr(e, "as_of_decided_on", None)),
    Column("disciplined", _("Disciplined in the period"), lambda e: _("Yes") if e.disciplined else ""),
    Column("commended_on", _("Proposed for commendation on"), lambda e: getattr(e, "as_of_commended_on", None)),
)
ORG_COLUMNS = (
    Column("name", _("Organization"), lambda e: e.organization.name),
    Column("org_type", _("Organization type"), lambda e: e.organization.org_type.name),
    Column("year", _("Year"), lambda e: e.campaign.year),
    Column("grade", _("Rating"), _grade_text),
    Column("score", _("Score"), _score),
    Column("decided_on", _("Decided on"), lambda e: getattr(e, "as_of_decided_on", None)),
    Column("commended_on", _("Proposed for commendation on"), lambda e: getattr(e, "as_of_commended_on", None)),
)
ORG_TYPE = Param("org_type", _("Organization type"), org_type_choices, key=lambda s: F("organization__org_type__code"))


def _register(slug, label, kind, records, *, denominator=None, description=""):
    is_member = kind == MEMBER
    return register(
        Figure(
            slug=slug,
            label=label,
            group=GROUP,
            records=records,
            columns=MEMBER_COLUMNS if is_member else ORG_COLUMNS,
            app="evaluation",
            record_kind="evaluation",
            record_label=_("party members") if is_member else _("party organizations"),
            timing=PERIOD,
            params=(ORG_TYPE,),
            denominator=denominator,
            prepare=_prepare,
            description=description,
        )
    )


def _register_kind(prefix: str, kind: str, labels: dict) -> None:
    """The figures members and organizations share: to evaluate, rated, each level, pending, commended."""
    total, rated = prefix, f"{prefix}-rated"
    _register(total, labels["total"], kind, lambda s: _base(s, kind))
    _register(rated, labels["rated"], kind, lambda s: _base(s, kind).filter(_decided(s)), denominator=total)
    for grade in Grade.values:
        _register(
            f"{prefix}-{grade.replace('_', '-')}", labels[grade], kind,
            lambda s, g=grade: _base(s, kind).filter(_decided(s), grade=g), denominator=rated,
        )  # fmt: skip
    _register(
        f"{prefix}-pending", labels["pending"], kind,
        lambda s: _base(s, kind).filter(Q(decided_on__isnull=True) | Q(decided_on__gt=s.end)), denominator=total,
    )  # fmt: skip
    _register(
        f"{prefix}-commended", labels["commended"], kind,
        lambda s: _base(s, kind).filter(commended_on__lte=s.end), denominator=rated,
    )  # fmt: skip


_register_kind(
    "evaluation-members",
    MEMBER,
    {
        "total": _("Party members to evaluate"),
        "rated": _("Party members rated"),
        Grade.EXCELLENT: _("Party members rated “excellently completed duties”"),
        Grade.GOOD: _("Party members rated “well completed duties”"),
        Grade.COMPLETED: _("Party members rated “completed duties”"),
        Grade.NOT_COMPLETED: _("Party members rated “did not complete duties”"),
        "pending": _("Party members not yet decided"),
        "commended": _("Party members proposed for commendation"),
    },
)
_register(
    "evaluation-members-completed-or-above", _("Party members rated “completed duties” or above"), MEMBER,
    lambda s: _base(s, MEMBER).filter(_decided(s), grade__in=rules.AT_LEAST_COMPLETED),
    denominator="evaluation-members-rated",
)  # fmt: skip
_register(
    "evaluation-members-not-rated", _("Party members not rated (exempted, or for a stated reason)"), MEMBER,
    lambda s: _base(s, MEMBER).filter(stage=Stage.NOT_RATED, decided_on__lte=s.end), denominator="evaluation-members",
)  # fmt: skip
_register(
    "evaluation-members-failing-twice",
    _("Party members rated “did not complete duties” two years running (to consider for removal)"),
    MEMBER,
    lambda s: _running(s, MEMBER, int(_values(s).get("failing_years_for_removal", 2))),
    denominator="evaluation-members-rated",
    description=_("Read from each member's own history, whatever cell rated them (Party Statute, art. 8)."),
)
_register(
    "evaluation-members-disciplined", _("Party members disciplined in the year (rating capped)"), MEMBER,
    lambda s: _base(s, MEMBER).filter(disciplined=True), denominator="evaluation-members",
)  # fmt: skip

_register_kind(
    "evaluation-orgs",
    ORG,
    {
        "total": _("Party organizations to evaluate"),
        "rated": _("Party organizations rated"),
        Grade.EXCELLENT: _("Party organizations rated “excellently completed duties”"),
        Grade.GOOD: _("Party organizations rated “well completed duties”"),
        Grade.COMPLETED: _("Party organizations rated “completed duties”"),
        Grade.NOT_COMPLETED: _("Party organizations rated “did not complete duties”"),
        "pending": _("Party organizations not yet decided"),
        "commended": _("Party organizations proposed for commendation"),
    },
)
_register(
    "evaluation-orgs-weak-long",
    _("Party organizations “weak for a long time” (did not complete duties years running)"),
    ORG,
    lambda s: _running(s, ORG, int(_values(s).get("weak_years", 2))),
    denominator="evaluation-orgs-rated",
)

#: The summary table's rows (report page, xlsx): the figures of one subject kind, in order.
MEMBER_SUMMARY = [
    "evaluation-members",
    "evaluation-members-rated",
    "evaluation-members-excellent",
    "evaluation-members-good",
    "evaluation-members-completed",
    "evaluation-members-not-completed",
    "evaluation-members-completed-or-above",
    "evaluation-members-not-rated",
    "evaluation-members-pending",
    "evaluation-members-failing-twice",
    "evaluation-members-disciplined",
    "evaluation-members-commended",
]
ORG_SUMMARY = [
    "evaluation-orgs",
    "evaluation-orgs-rated",
    "evaluation-orgs-excellent",
    "evaluation-orgs-good",
    "evaluation-orgs-completed",
    "evaluation-orgs-not-completed",
    "evaluation-orgs-pending",
    "evaluation-orgs-weak-long",
    "evaluation-orgs-commended",
]
