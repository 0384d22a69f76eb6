"""Yearly goals and quality evaluation of members and organizations (DOMAIN.md §Yearly goals).

- `GoalRegistration` (+ `GoalItem`): what a member or an organization undertakes for a period
  (*đăng ký phấn đấu*), registered at its start, shown beside the self-assessment at its end.
- `Campaign`: a committee's evaluation of a period (a year; a quarter or a term under rules that
  have them) over a subtree. Opening it creates one `Evaluation` per member and per organization in
  the subtree as it stood on the period's end.
- `Evaluation`: one subject's review through its dated, authored steps — self-assessment →
  opinions (`Opinion`) → the cell's or committee's proposal → the competent committee's decision.

A subject is evaluated once per period: `period_key` ("2025", "2025-Q3", "2020-2025") is stored on
the campaign and on each record, and a unique constraint holds it, so two campaigns over nested
subtrees cannot rate the same member twice. The rule set (topic "evaluation") in force on the
period's end is the campaign's; its values (scale, score bands, quota, caps) judge every step.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coso.common.models import DecisionFields, TimeStampedModel


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    TERM = "term", _("Term")


class Grade(models.TextChoices):
    """The four quality levels (QĐ 124-QĐ/TW 2023, QĐ 366-QĐ/TW 2025), best first."""

    EXCELLENT = "excellent", _("Excellently completed duties")
    GOOD = "good", _("Well completed duties")
    COMPLETED = "completed", _("Completed duties")
    NOT_COMPLETED = "not_completed", _("Did not complete duties")


#: Best first: a lower index is a higher grade (caps compare indexes).
GRADE_ORDER = [Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED, Grade.NOT_COMPLETED]


class SubjectKind(models.TextChoices):
    MEMBER = "member", _("Party member")
    ORGANIZATION = "organization", _("Party organization")


class Stage(models.TextChoices):
    """Where a record stands; each later stage keeps the earlier steps' data."""

    PENDING = "pending", _("Awaiting self-assessment")
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    PROPOSED = "proposed", _("Proposed")
    DECIDED = "decided", _("Decided")
    NOT_RATED = "not_rated", _("Not rated")


class OpinionSource(models.TextChoices):
    CELL = "cell", _("Cell or party group")
    MASS_ORGANIZATION = "mass_organization", _("Mass organization")
    RESIDENCE = "residence", _("Party cell of the place of residence")
    COMMITTEE = "committee", _("Committee")
    OTHER = "other", _("Other")


def period_key(kind: str, year: int, quarter: int | None = None, end_year: int | None = None) -> str:
    """ "2025" for a year, "2025-Q3" for a quarter, "2020-2025" for a term."""
    if kind == PeriodKind.QUARTER:
        return f"{year}-Q{quarter}"
    if kind == PeriodKind.TERM:
        return f"{year}-{end_year}"
    return str(year)


class GoalRegistration(TimeStampedModel):
    """A member's or an organization's goals for a period, visible to those who will judge them."""

    subject_kind = models.CharField(_("subject"), max_length=20, choices=SubjectKind.choices)
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="goal_registrations",
    )  # fmt: skip
    # The member's home organization when registering, or the organization registering.
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT,
        related_name="goal_registrations",
    )  # fmt: skip
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    period_key = models.CharField(_("period"), max_length=12)
    registered_on = models.DateField(_("registered on"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf = models.BooleanField(
        _("entered by the secretary"), default=False, help_text=_("Entered for a member without access.")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-period_key", "organization__path", "member__full_name"]
        verbose_name = _("goal registration")
        verbose_name_plural = _("goal registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "period_key"], condition=Q(member__isnull=False), name="goals_member_period_unique"
            ),
            models.UniqueConstraint(
                fields=["organization", "period_key"],
                condition=Q(subject_kind="organization"),
                name="goals_org_period_unique",
            ),
            models.CheckConstraint(
                condition=(Q(subject_kind="member") & Q(member__isnull=False))
                | (Q(subject_kind="organization") & Q(member__isnull=True)),
                name="goals_subject_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member or self.organization} {self.period_key}"


class GoalItem(TimeStampedModel):
    registration = models.ForeignKey(GoalRegistration, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("goal"))
    target = models.CharField(_("measurable target"), max_length=255, blank=True)

    class Meta:
        ordering = ["registration_id", "order", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text[:60]


class JobState(models.TextChoices):
    """Where the creation of a campaign's records stands (a province's runs on the job queue)."""

    QUEUED = "queued", _("Waiting for the job queue")
    RUNNING = "running", _("Creating the records")
    DONE = "done", _("Records created")
    FAILED = "failed", _("Creating the records failed")


class Campaign(TimeStampedModel):
    """A committee's evaluation of one period over a subtree (`root`, the committee's own by default)."""

    committee = models.ForeignKey(
        "organizations.Organization", verbose_name=_("committee"), on_delete=models.PROTECT,
        related_name="evaluation_campaigns",
    )  # fmt: skip
    root = models.ForeignKey(
        "organizations.Organization", verbose_name=_("subtree"), on_delete=models.PROTECT, related_name="+"
    )
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("last year of the term"), null=True, blank=True)
    period_key = models.CharField(_("period"), max_length=12)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    rule_set = models.ForeignKey("rulesets.RuleSet", verbose_name=_("rule set"), on_delete=models.PROTECT)
    opened_on = models.DateField(_("opened on"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Creating the records: its state and counters, committed as it goes so the page's bar moves.
    job_state = models.CharField(_("records"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    job_total = models.PositiveIntegerField(default=0)
    job_done = models.PositiveIntegerField(default=0)
    job_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-period_end", "root__path"]
        verbose_name = _("evaluation campaign")
        verbose_name_plural = _("evaluation campaigns")
        constraints = [
            models.UniqueConstraint(fields=["root", "period_key"], name="campaign_root_period_unique"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="campaign_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.root} {self.period_key}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def is_ready(self) -> bool:
        return self.job_state == JobState.DONE

    @property
    def job_percent(self) -> int:
        return 100 if self.is_ready else (self.job_done * 100 // self.job_total if self.job_total else 0)


class Evaluation(TimeStampedModel, DecisionFields):
    """One member's or organization's review for a campaign's period, step by step."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="evaluations"
    )
    subject_kind = models.CharField(_("subject"), max_length=20, choices=SubjectKind.choices)
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="evaluations",
    )  # fmt: skip
    # The member's home organization on the period's end (as the tree stood), or the organization rated.
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT,
        related_name="evaluations",
    )  # fmt: skip
    # The committee competent to decide (the member's grassroots organization, the organization's
    # parent on the period's end): the quota is counted within its decisions.
    deciding_committee = models.ForeignKey(
        "organizations.Organization", verbose_name=_("deciding committee"), on_delete=models.PROTECT, related_name="+"
    )
    period_key = models.CharField(_("period"), max_length=12)
    period_end = models.DateField(_("period end"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PENDING, db_index=True)
    exempt = models.BooleanField(_("exempt from party work"), default=False)
    disciplined = models.BooleanField(_("disciplined in the period"), default=False)
    not_rated_reason = models.CharField(_("why not rated"), max_length=255, blank=True)
    # Self-assessment.
    self_text = models.TextField(_("self-assessment"), blank=True)
    self_grade = models.CharField(_("self-rating"), max_length=20, choices=Grade.choices, blank=True)
    self_score = models.DecimalField(_("self-assessed score"), max_digits=5, decimal_places=2, null=True, blank=True)
    self_on = models.DateField(_("self-assessed on"), null=True, blank=True)
    self_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The cell's (or committee's) proposal.
    proposed_grade = models.CharField(_("proposed rating"), max_length=20, choices=Grade.choices, blank=True)
    proposed_score = models.DecimalField(_("proposed score"), max_digits=5, decimal_places=2, null=True, blank=True)
    proposed_on = models.DateField(_("proposed on"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposal_note = models.TextField(_("proposal note"), blank=True)
    # The competent committee's decision (number, date and issuer in DecisionFields).
    grade = models.CharField(_("rating"), max_length=20, choices=Grade.choices, blank=True, db_index=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Commendation proposed from the result.
    commended_on = models.DateField(_("proposed for commendation on"), null=True, blank=True)
    commendation_note = models.CharField(_("commendation"), max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["campaign_id", "organization__path", "subject_kind", "member__full_name", "id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "period_key"],
                condition=Q(member__isnull=False),
                name="evaluation_member_period_unique",
            ),
            models.UniqueConstraint(
                fields=["organization", "period_key"],
                condition=Q(subject_kind="organization"),
                name="evaluation_org_period_unique",
            ),
            models.CheckConstraint(
                condition=(Q(subject_kind="member") & Q(member__isnull=False))
                | (Q(subject_kind="organization") & Q(member__isnull=True)),
                name="evaluation_subject_consistent",
            ),
            models.CheckConstraint(
                condition=Q(grade="") | Q(decided_on__isnull=False), name="evaluation_grade_has_date"
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "stage"], name="evaluation_stage_idx"),
            models.Index(fields=["deciding_committee", "period_key"], name="evaluation_committee_idx"),
            models.Index(fields=["period_key", "subject_kind", "grade"], name="evaluation_grade_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member or self.organization} {self.period_key}"


class Opinion(TimeStampedModel):
    """An opinion on a record: which body gave it, in its words, on which day."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="opinions")
    source = models.CharField(_("source"), max_length=20, choices=OpinionSource.choices)
    source_name = models.CharField(_("given by"), max_length=255, blank=True)
    text = models.TextField(_("opinion"))
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["evaluation_id", "given_on", "id"]
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.given_on:%d/%m/%Y}"
