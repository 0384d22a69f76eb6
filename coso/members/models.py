"""The member register: profiles, the dated facts of each member's history, and spells.

`MemberEvent` rows are the truth. `MembershipSpell` rows (member in organization X with status S
over [valid_from, valid_to)) are derived from them by `history.derive_spells` and rebuilt by the
services whenever a fact is recorded; counts "as of a date" are range queries over spells.
`Member.status` and `Member.organization` cache the latest state for everyday pages.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coso.common.models import DecisionFields, TimeStampedModel
from coso.common.text import format_date
from coso.members.choices import (
    AcademicTitle,
    DisciplineForm,
    EventKind,
    Gender,
    GeneralEducation,
    MemberStatus,
    PoliticalTheory,
    ProfessionalEducation,
    RemovalGround,
    SpellStatus,
    StateManagement,
)
from coso.organizations.models import Organization, ResidentialUnit

citizen_id_validator = RegexValidator(r"^\d{12}$", _("A citizen ID has exactly 12 digits."))


class Ethnicity(TimeStampedModel):
    """The 54 ethnic groups of Vietnam (code as in the General Statistics Office list)."""

    code = models.CharField(max_length=4, unique=True)
    name = models.CharField(max_length=60, unique=True)
    is_minority = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ethnicity")
        verbose_name_plural = _("ethnicities")

    def __str__(self) -> str:
        return self.name


class Religion(TimeStampedModel):
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("religion")
        verbose_name_plural = _("religions")

    def __str__(self) -> str:
        return self.name


class Member(TimeStampedModel):
    # Identity
    full_name = models.CharField(_("full name"), max_length=120)
    birth_name = models.CharField(_("birth name"), max_length=120, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"))
    place_of_birth = models.CharField(_("place of birth"), max_length=255, blank=True)
    hometown = models.CharField(_("hometown"), max_length=255, blank=True)
    permanent_address = models.CharField(_("permanent residence"), max_length=255, blank=True)
    current_address = models.CharField(_("current residence"), max_length=255, blank=True)
    residential_unit = models.ForeignKey(
        ResidentialUnit,
        verbose_name=_("residential unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
    )
    ethnicity = models.ForeignKey(Ethnicity, verbose_name=_("ethnicity"), on_delete=models.PROTECT)
    religion = models.ForeignKey(Religion, verbose_name=_("religion"), on_delete=models.PROTECT)
    citizen_id = models.CharField(
        _("citizen ID"), max_length=12, null=True, blank=True, unique=True, validators=[citizen_id_validator]
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    party_card_number = models.CharField(_("party card number"), max_length=20, null=True, blank=True, unique=True)
    party_card_date = models.DateField(_("party card date"), null=True, blank=True)
    # Work
    occupation = models.CharField(_("occupation"), max_length=150, blank=True)
    work_unit = models.CharField(_("work unit"), max_length=255, blank=True)
    party_position = models.CharField(_("party position"), max_length=150, blank=True)
    government_position = models.CharField(_("state position"), max_length=150, blank=True)
    mass_org_position = models.CharField(_("mass organization position"), max_length=150, blank=True)
    # Education
    general_education = models.CharField(_("general education"), max_length=10, choices=GeneralEducation.choices)
    professional_education = models.CharField(
        _("professional education"),
        max_length=20,
        choices=ProfessionalEducation.choices,
        default=ProfessionalEducation.NONE,
    )
    academic_title = models.CharField(_("academic title"), max_length=30, choices=AcademicTitle.choices, blank=True)
    political_theory = models.CharField(
        _("political theory"), max_length=20, choices=PoliticalTheory.choices, default=PoliticalTheory.NONE
    )
    state_management = models.CharField(
        _("state management"), max_length=20, choices=StateManagement.choices, default=StateManagement.NONE
    )
    foreign_language = models.CharField(_("foreign language"), max_length=100, blank=True)
    it_skill = models.CharField(_("IT skill"), max_length=100, blank=True)
    minority_language = models.CharField(_("minority language"), max_length=100, blank=True)
    # Party dates (admission details; the authoritative dates are the history facts)
    youth_union_joined_on = models.DateField(_("joined the youth union"), null=True, blank=True)
    admission_place = models.CharField(_("place of admission"), max_length=255, blank=True)
    introducers = models.CharField(_("introducers"), max_length=255, blank=True)
    # Caches of the history, kept by services.
    status = models.CharField(_("status"), max_length=20, choices=MemberStatus.choices, db_index=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    official_on = models.DateField(_("official on"), null=True, blank=True)
    search_text = models.CharField(max_length=300, editable=False)
    name_key = models.CharField(max_length=120, editable=False, help_text="Folded full name, for duplicates.")
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False, help_text="Incremented by each profile edit (coso.common.versions)."
    )

    class Meta:
        ordering = ["full_name", "date_of_birth", "id"]
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        indexes = [
            models.Index(fields=["name_key", "date_of_birth"], name="member_namekey_dob_idx"),
            models.Index(fields=["organization", "status"], name="member_org_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(official_on__isnull=True)
                | Q(admitted_on__isnull=True)
                | Q(official_on__gte=F("admitted_on")),
                name="member_official_after_admitted",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.status in (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL)


class MemberEvent(TimeStampedModel, DecisionFields):
    """A dated fact of a member's history, with the decision that made it."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    on = models.DateField(_("date"))
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the member is from this date (admission, transfer, attachment)."),
    )
    external_place = models.CharField(
        _("organization outside the system"),
        max_length=255,
        blank=True,
        help_text=_("For transfers in from or out to an organization this system does not hold."),
    )
    entry_status = models.CharField(
        _("status on entry"),
        max_length=20,
        choices=SpellStatus.choices,
        blank=True,
        help_text=_("For a transfer in: probationary or official."),
    )
    discipline_form = models.CharField(_("discipline form"), max_length=20, choices=DisciplineForm.choices, blank=True)
    removal_ground = models.CharField(_("ground for removal"), max_length=20, choices=RemovalGround.choices, blank=True)
    badge_years = models.PositiveSmallIntegerField(_("badge (years of party age)"), null=True, blank=True)
    reorganization = models.ForeignKey(
        "organizations.Reorganization", null=True, blank=True, on_delete=models.SET_NULL, related_name="member_events"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["member_id", "on", "id"]
        verbose_name = _("history fact")
        verbose_name_plural = _("history facts")
        indexes = [
            models.Index(fields=["kind", "on"], name="memberevent_kind_on_idx"),
            models.Index(fields=["member", "on"], name="memberevent_member_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {format_date(self.on)}"


class MembershipSpell(models.Model):
    """A member in one organization with one status over [valid_from, valid_to). Derived data.

    `attached` spells record temporary activity elsewhere: such a member neither votes nor counts
    in the host's membership (DOMAIN.md §Member history), so counts exclude them.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="spells")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="spells")
    status = models.CharField(max_length=20, choices=SpellStatus.choices)
    exempt = models.BooleanField(default=False)
    attached = models.BooleanField(default=False)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["member_id", "valid_from", "id"]
        indexes = [
            models.Index(fields=["organization", "valid_from", "valid_to"], name="spell_org_dates_idx"),
            models.Index(fields=["member", "valid_from"], name="spell_member_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")), name="spell_dates_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.organization_id} {self.status} [{self.valid_from} – {self.valid_to or '…'})"
