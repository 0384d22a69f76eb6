"""Classes of every kind, their students, and qualifications as dated facts (issue 10).

- `TrainingClass`: one model for every class — the awareness and new members' classes of
  admission, political theory (elementary, intermediate with or without *hành chính*, advanced),
  state management (specialist grades), cadre-source, professional and other courses. A class has
  a mode (full-time or in-service) and an organizer: our committee's political centre (`OWN`) or an
  outside school (`OUTSIDE`: the provincial school, the national academy), where the committee
  records the cadres it **sends to study**. `organization` is the committee that holds the class
  or sends its students; reports scope by it.
- `ClassStudent`: a candidate, a party member or a cadre who is not a member, in a class, with the
  result and certificate; for an outside class, the sending decision (`DecisionFields`).
- `Qualification`: a person's education or qualification in one field (general education,
  professional level, political theory, state management) from a date — a dated fact, so the
  figures as of a past date read the value held then. A certificate writes one; the profile form
  and the imports write them too. `since` is empty for a value known before records were kept
  (the register's first import): it holds on every date.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coso.common.models import DecisionFields, TimeStampedModel


class ClassKind(models.TextChoices):
    AWARENESS = "awareness", _("Party awareness class")
    NEW_MEMBERS = "new_members", _("New members' class")
    THEORY_ELEMENTARY = "theory_elementary", _("Political theory, elementary")
    THEORY_INTERMEDIATE = "theory_intermediate", _("Political theory, intermediate")
    THEORY_INTERMEDIATE_ADMIN = "theory_intermediate_admin", _("Political theory and administration, intermediate")
    THEORY_ADVANCED = "theory_advanced", _("Political theory, advanced")
    SM_SPECIALIST = "sm_specialist", _("State management, specialist")
    SM_PRINCIPAL = "sm_principal", _("State management, principal specialist")
    SM_SENIOR = "sm_senior", _("State management, senior specialist")
    CADRE_SOURCE = "cadre_source", _("Cadre-source class")
    PROFESSIONAL = "professional", _("Professional course")
    OTHER = "other", pgettext_lazy("class kind", "Other course")


#: The kinds admission runs for its candidates and new members.
ADMISSION_KINDS = (ClassKind.AWARENESS, ClassKind.NEW_MEMBERS)


class Mode(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    IN_SERVICE = "in_service", _("In-service")


class Organizer(models.TextChoices):
    OWN = "own", _("Our committee (its political centre)")
    OUTSIDE = "outside", _("An outside school (cadres sent to study)")


class TrainingClass(TimeStampedModel):
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organizing or sending committee"), on_delete=models.PROTECT,
        related_name="training_classes",
    )  # fmt: skip
    kind = models.CharField(_("kind of class"), max_length=30, choices=ClassKind.choices)
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.IN_SERVICE)
    organizer_kind = models.CharField(
        _("organized by"), max_length=10, choices=Organizer.choices, default=Organizer.OWN
    )
    name = models.CharField(_("name"), max_length=200)
    organizer = models.CharField(
        _("held by"), max_length=200, blank=True, help_text=_("e.g. the political centre that teaches it")
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        indexes = [models.Index(fields=["organization", "ends_on"], name="class_org_ends_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="trainingclass_dates_order"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_outside(self) -> bool:
        return self.organizer_kind == Organizer.OUTSIDE


class Result(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")


class ClassStudent(TimeStampedModel, DecisionFields):
    """A candidate, a member or a cadre who is not a member, in a class, with the result."""

    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="students")
    candidate = models.ForeignKey(
        "admission.Candidate", null=True, blank=True, on_delete=models.CASCADE, related_name="class_results"
    )
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="class_results"
    )
    cadre = models.ForeignKey(
        "cadres.Cadre", null=True, blank=True, on_delete=models.CASCADE, related_name="class_results"
    )
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, default=Result.ENROLLED)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)

    class Meta:
        ordering = ["training_class_id", "id"]
        verbose_name = _("student")
        verbose_name_plural = _("students")
        constraints = [
            models.CheckConstraint(
                condition=(Q(candidate__isnull=False) & Q(member__isnull=True) & Q(cadre__isnull=True))
                | (Q(candidate__isnull=True) & Q(member__isnull=False) & Q(cadre__isnull=True))
                | (Q(candidate__isnull=True) & Q(member__isnull=True) & Q(cadre__isnull=False)),
                name="training_student_one_person",
            ),
            models.CheckConstraint(
                condition=~Q(result="passed") | Q(certificate_date__isnull=False),
                name="training_student_passed_has_certificate",
            ),
            models.UniqueConstraint(fields=["training_class", "candidate"], name="training_student_unique_candidate"),
            models.UniqueConstraint(fields=["training_class", "member"], name="training_student_unique_member"),
            models.UniqueConstraint(fields=["training_class", "cadre"], name="training_student_unique_cadre"),
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def person(self):
        return self.candidate or self.member or self.cadre


class Field(models.TextChoices):
    GENERAL_EDUCATION = "general_education", _("General education")
    PROFESSIONAL = "professional_education", _("Professional education")
    POLITICAL_THEORY = "political_theory", _("Political theory")
    STATE_MANAGEMENT = "state_management", _("State management")


class Qualification(TimeStampedModel):
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="qualifications"
    )
    cadre = models.ForeignKey(
        "cadres.Cadre", null=True, blank=True, on_delete=models.CASCADE, related_name="qualifications"
    )
    #: The unit the fact is scoped by (the member's or the cadre's, when it was written).
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    field = models.CharField(_("field"), max_length=30, choices=Field.choices)
    value = models.CharField(_("level"), max_length=20)
    since = models.DateField(_("since"), null=True, blank=True, help_text=_("Empty: held before records were kept."))
    source = models.ForeignKey(
        ClassStudent, verbose_name=_("certificate"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="qualifications",
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["field", "since", "id"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        indexes = [
            models.Index(fields=["member", "field", "since"], name="qual_member_idx"),
            models.Index(fields=["cadre", "field", "since"], name="qual_cadre_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(cadre__isnull=True))
                | (Q(member__isnull=True) & Q(cadre__isnull=False)),
                name="qualification_one_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.value}"
