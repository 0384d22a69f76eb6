"""The admission pipeline: candidates, their dossier documents, classes, and recorded rule exceptions.

A `Candidate` (quần chúng ưu tú) belongs to the cell that proposes them. It moves through the
stages of DOMAIN.md §Admission; every move is made by a service that checks the rules of the rule
set in force on the event's date (`coso.admission.rules`) and records the KNĐ form that makes it.
When the committee decides, the candidate becomes a `Member` (the register's first fact), and the
candidate row keeps the dates the worklist needs (cell vote, decision, ceremony, end of probation).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coso.common.models import TimeStampedModel
from coso.members.choices import Gender, GeneralEducation, ProfessionalEducation
from coso.members.models import Ethnicity, Member, Religion, citizen_id_validator
from coso.organizations.models import Organization, ResidentialUnit


class Source(models.TextChoices):
    """Where the candidate was introduced from (reports count admissions by source)."""

    YOUTH_UNION = "youth_union", _("Youth union")
    TRADE_UNION = "trade_union", _("Trade union")
    WOMEN_UNION = "women_union", _("Women's union")
    VETERANS = "veterans", _("Veterans' association")
    RESIDENCE = "residence", _("Residence")
    OTHER = "other", _("Other")


class ExceptionArea(models.TextChoices):
    """Areas where primary education suffices (the admission rule set's `exception_areas`)."""

    NONE = "", _("None")
    MOUNTAIN = "mountain", _("Mountain area")
    BORDER = "border", _("Border area")
    ISLAND = "island", _("Island")
    ETHNIC_MINORITY = "ethnic_minority", _("Ethnic-minority area")
    HARDSHIP = "hardship", _("Area of special hardship")
    FISHERMAN = "fisherman", _("Fisherman")


class Stage(models.TextChoices):
    PIPELINE = "pipeline", _("In the pipeline")
    CLASS_PASSED = "class_passed", _("Awareness class passed")
    DOSSIER = "dossier", _("Dossier being prepared")
    CELL_VOTED = "cell_voted", _("Cell voted")
    DECIDED = "decided", _("Committee decided")
    ADMITTED = "admitted", _("Admitted (ceremony held)")
    RECOGNIZED = "recognized", _("Recognized as official")
    NOT_RECOGNIZED = "not_recognized", _("Not recognized")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STAGES = (Stage.PIPELINE, Stage.CLASS_PASSED, Stage.DOSSIER, Stage.CELL_VOTED, Stage.DECIDED, Stage.ADMITTED)
BEFORE_VOTE_STAGES = (Stage.PIPELINE, Stage.CLASS_PASSED, Stage.DOSSIER)


class Candidate(TimeStampedModel):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("proposing cell"),
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    full_name = models.CharField(_("full name"), max_length=120)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"))
    ethnicity = models.ForeignKey(Ethnicity, verbose_name=_("ethnicity"), on_delete=models.PROTECT)
    religion = models.ForeignKey(Religion, verbose_name=_("religion"), on_delete=models.PROTECT)
    citizen_id = models.CharField(
        _("citizen ID"), max_length=12, blank=True, validators=[citizen_id_validator], db_index=True
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    general_education = models.CharField(_("general education"), max_length=10, choices=GeneralEducation.choices)
    professional_education = models.CharField(
        _("professional education"),
        max_length=20,
        choices=ProfessionalEducation.choices,
        default=ProfessionalEducation.NONE,
    )
    exception_area = models.CharField(
        _("education exception area"),
        max_length=20,
        choices=ExceptionArea.choices,
        blank=True,
        help_text=_("Mountain, border, island, ethnic-minority or hardship area, or a fisherman."),
    )
    permanent_address = models.CharField(_("permanent residence"), max_length=255, blank=True)
    current_address = models.CharField(_("current residence"), max_length=255, blank=True)
    residential_unit = models.ForeignKey(
        ResidentialUnit,
        verbose_name=_("residential unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
    )
    occupation = models.CharField(_("occupation"), max_length=150, blank=True)
    work_unit = models.CharField(_("work unit"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    registered_on = models.DateField(_("registered on"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PIPELINE, db_index=True)
    former_member = models.ForeignKey(
        Member,
        verbose_name=_("former party member (re-admission)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="readmission_candidacies",
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("party member record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacies",
        help_text=_("Created by the admission decision (the same record again for a re-admission)."),
    )
    # Dates of the stages, kept by the services (the worklist computes deadlines from them).
    cell_vote_on = models.DateField(_("cell's vote"), null=True, blank=True)
    decision_on = models.DateField(_("admission decision"), null=True, blank=True)
    ceremony_on = models.DateField(_("admission ceremony"), null=True, blank=True)
    probation_ends_on = models.DateField(
        _("official from"), null=True, blank=True, help_text=_("The day probation ends: official from this date.")
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False, help_text="Incremented by each edit of the candidate's record."
    )

    class Meta:
        ordering = ["full_name", "date_of_birth", "id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        indexes = [models.Index(fields=["organization", "stage"], name="candidate_org_stage_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ceremony_on__isnull=True)
                | Q(decision_on__isnull=True)
                | Q(ceremony_on__gte=F("decision_on")),
                name="candidate_ceremony_after_decision",
            ),
            models.CheckConstraint(
                condition=Q(decision_on__isnull=True)
                | Q(cell_vote_on__isnull=True)
                | Q(decision_on__gte=F("cell_vote_on")),
                name="candidate_decision_after_vote",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class Introducer(TimeStampedModel):
    """An official member who introduces the candidate (3-KNĐ), and since when they shared work or home."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="introducers")
    member = models.ForeignKey(Member, verbose_name=_("introducer"), on_delete=models.PROTECT, related_name="+")
    shared_since = models.DateField(
        _("worked or lived with the candidate since"),
        help_text=_("The day the introducer started working, studying or living with the candidate."),
    )

    class Meta:
        ordering = ["candidate_id", "id"]
        verbose_name = _("introducer")
        verbose_name_plural = _("introducers")
        constraints = [models.UniqueConstraint(fields=["candidate", "member"], name="introducer_unique")]

    def __str__(self) -> str:
        return f"{self.member} → {self.candidate}"


class Form(models.TextChoices):
    """The papers of an admission and recognition dossier (HD 12-HD/BTCTW forms, KNĐ series)."""

    APPLICATION = "1-KND", _("1-KNĐ Application to join the Party")
    BACKGROUND = "2-KND", _("2-KNĐ Background declaration")
    VERIFICATION = "2-KND-V", _("Verification of the background declaration")
    INTRODUCER_LETTER = "3-KND", _("3-KNĐ Introducer's letter")
    INTRODUCER_LETTER_JOINT = "3A-KND", _("3A-KNĐ Letter of two introducers")
    UNION_RESOLUTION = "4-KND", _("4-KNĐ Youth or trade union resolution")
    COMBINED_OPINIONS = "5-KND", _("5-KNĐ Combined opinions of organizations and the residence cell")
    CELL_RESOLUTION = "6-KND", _("6-KNĐ Cell resolution proposing admission")
    COMMITTEE_RESOLUTION = "8-KND", _("8-KNĐ Grassroots committee resolution")
    ADMISSION_DECISION = "9-KND", _("9-KNĐ Admission decision")
    NEW_MEMBERS_CERTIFICATE = "R-CLASS", _("New members' class certificate")
    SELF_REVIEW = "R-SELF", _("Probationary member's self-review")
    HELPER_OPINION = "R-HELPER", _("Opinion of the member assigned to help")
    RECOGNITION_OPINIONS = "R-OPINIONS", _("Combined opinions on the probationary member")
    RECOGNITION_CELL_RESOLUTION = "R-CELL", _("Cell resolution on recognition as official member")
    RECOGNITION_COMMITTEE_RESOLUTION = "R-COMMITTEE", _("Committee resolution on recognition")
    RECOGNITION_DECISION = "R-DECISION", _("Decision recognizing the official member")
    NON_RECOGNITION_DECISION = "R-REFUSAL", _("Decision not to recognize (removal)")


# Papers kept in more than one copy (two introducers, several verifications).
REPEATABLE_FORMS = (Form.INTRODUCER_LETTER, Form.VERIFICATION, Form.COMBINED_OPINIONS)
# Papers the cell needs before it votes (DOMAIN.md §Admission, the dossier "in order").
REQUIRED_BEFORE_VOTE = (Form.APPLICATION, Form.BACKGROUND, Form.INTRODUCER_LETTER)
# Papers recorded by the stage services, not by hand.
STAGE_FORMS = (
    Form.CELL_RESOLUTION,
    Form.ADMISSION_DECISION,
    Form.RECOGNITION_CELL_RESOLUTION,
    Form.RECOGNITION_DECISION,
    Form.NON_RECOGNITION_DECISION,
)


class DossierDocument(TimeStampedModel):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="documents")
    form = models.CharField(_("form"), max_length=12, choices=Form.choices)
    number = models.CharField(_("number"), max_length=60, blank=True)
    issued_on = models.DateField(_("date"))
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    official_members = models.PositiveSmallIntegerField(_("official members of the cell"), null=True, blank=True)
    in_favour = models.PositiveSmallIntegerField(_("in favour"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["candidate_id", "issued_on", "id"]
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "form"],
                condition=~Q(form__in=[f.value for f in REPEATABLE_FORMS]),
                name="dossierdocument_one_per_form",
            ),
            models.CheckConstraint(
                condition=Q(in_favour__isnull=True)
                | Q(official_members__isnull=True)
                | Q(in_favour__lte=F("official_members")),
                name="dossierdocument_votes_le_members",
            ),
        ]

    def __str__(self) -> str:
        label = self.get_form_display()
        return f"{label} {self.number}".strip()


class RuleCode(models.TextChoices):
    """The admission rules a service checks; their messages name the regulation (rules.py)."""

    AGE_MIN = "age_min", _("Minimum age")
    AGE_MAX = "age_max", _("Maximum age")
    EDUCATION = "education", _("General education")
    INTRODUCER = "introducer", _("Introducer")
    CERTIFICATE = "certificate", _("Awareness-class certificate")
    VOTE_SHARE = "vote_share", _("Share of the cell's vote")
    READMISSION_WAIT = "readmission_wait", _("Time since leaving (re-admission)")
    READMISSION_ONCE = "readmission_once", _("Re-admission only once")


# A vote is a vote: its share cannot be waived by a recorded exception.
EXCEPTABLE_RULES = [c for c in RuleCode if c != RuleCode.VOTE_SHARE]


class RuleException(TimeStampedModel):
    """A recorded exception to one rule for one candidate, with the document approving it.

    E.g. admission of a person over 60 with the written approval of the provincial standing
    committee (QĐ 24-QĐ/TW, 3.2). Only organization-board users and administrators record one.
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="rule_exceptions")
    rule = models.CharField(_("rule"), max_length=20, choices=[(c.value, c.label) for c in EXCEPTABLE_RULES])
    approval_number = models.CharField(_("approval number"), max_length=60)
    approval_date = models.DateField(_("approval date"))
    approval_issuer = models.CharField(_("approved by"), max_length=200)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["candidate_id", "rule"]
        verbose_name = _("rule exception")
        verbose_name_plural = _("rule exceptions")
        constraints = [models.UniqueConstraint(fields=["candidate", "rule"], name="ruleexception_unique")]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} — {self.approval_number}"
