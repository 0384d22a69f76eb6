"""Referrals of party activity (giấy giới thiệu sinh hoạt đảng) and the rule that limits them.

A `TransferPaper` is the paper a committee issues when a member's party activity moves, officially
or temporarily, within the system's tree, out to an organization the system does not hold, or in
from one. The paper is a worklist item until the member presents it at the receiving organization;
the history facts it causes are written to the member register (`members.services`) by
`transfers.services`, so the as-of-date counts follow the papers without reading them.

`TransferRule` holds the presentation limit by effective date (DOMAIN.md §Rules change): a paper is
judged by the rule in force on its issue date.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coso.common.models import TimeStampedModel
from coso.members.choices import Gender, GeneralEducation, SpellStatus


class TransferRule(TimeStampedModel):
    """How long a member has to present a referral at the receiving organization, from a date on.

    QĐ 24-QĐ/TW (2021) point 6.3.1 and QĐ 294-QĐ/TW (2025): "within 30 working days from the date of
    the referral the member must present it to the receiving cell committee" (configurable).
    """

    effective_from = models.DateField(_("effective from"), unique=True)
    regulation = models.CharField(_("regulation"), max_length=255, help_text=_("e.g. QĐ 24-QĐ/TW (30/7/2021)"))
    present_within_days = models.PositiveSmallIntegerField(_("days to present the referral"))
    working_days = models.BooleanField(
        _("counted in working days"),
        default=True,
        help_text=_("Untick when the regulation counts calendar days."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("transfer rule")
        verbose_name_plural = _("transfer rules")
        constraints = [
            models.CheckConstraint(condition=Q(present_within_days__gt=0), name="transferrule_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.regulation} ({self.effective_from:%d/%m/%Y})"


class TransferKind(models.TextChoices):
    OFFICIAL = "official", _("Official transfer")
    TEMPORARY = "temporary", _("Temporary transfer")


class Direction(models.TextChoices):
    WITHIN = "within", _("Within the system")
    OUT = "out", _("Out to an organization outside the system")
    IN = "in", _("In from an organization outside the system")


class PaperStatus(models.TextChoices):
    ISSUED = "issued", _("Issued, not yet presented")
    PRESENTED = "presented", _("Presented")
    OVERDUE = "overdue", _("Overdue")
    ENDED = "ended", _("Temporary activity ended")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (PaperStatus.ISSUED, PaperStatus.OVERDUE)


class TransferPaper(TimeStampedModel):
    """One referral of one member's party activity (official or temporary).

    `member` is empty for a paper arriving from outside until the person is registered (official) —
    a temporary arrival from outside never joins the register: the host neither counts the person
    nor gives them a vote, so the `person_*` fields are all the host keeps.
    """

    kind = models.CharField(_("kind of transfer"), max_length=10, choices=TransferKind.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=PaperStatus.choices, default=PaperStatus.ISSUED, db_index=True
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfer_papers",
    )
    # The person, as written on a paper arriving from outside.
    person_name = models.CharField(_("full name"), max_length=120, blank=True)
    person_gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    person_date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    person_citizen_id = models.CharField(_("citizen ID"), max_length=12, blank=True)
    person_party_card = models.CharField(_("party card number"), max_length=20, blank=True)
    person_ethnicity = models.ForeignKey(
        "members.Ethnicity", verbose_name=_("ethnicity"), null=True, blank=True, on_delete=models.PROTECT
    )
    person_religion = models.ForeignKey(
        "members.Religion", verbose_name=_("religion"), null=True, blank=True, on_delete=models.PROTECT
    )
    person_education = models.CharField(
        _("general education"), max_length=10, choices=GeneralEducation.choices, blank=True
    )
    entry_status = models.CharField(
        _("status on entry"),
        max_length=20,
        choices=SpellStatus.choices,
        blank=True,
        help_text=_("For a transfer in: probationary or official."),
    )
    # The two ends.
    from_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("from organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfer_papers_out",
    )
    from_place = models.CharField(_("from (outside the system)"), max_length=255, blank=True)
    to_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("to organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfer_papers_in",
    )
    to_place = models.CharField(_("to (outside the system)"), max_length=255, blank=True)
    # The paper.
    number = models.CharField(_("paper number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"))
    issuer = models.CharField(_("issued by"), max_length=200)
    rule = models.ForeignKey(
        TransferRule, verbose_name=_("rule applied"), null=True, blank=True, on_delete=models.PROTECT
    )
    present_by = models.DateField(_("present by"))
    presented_on = models.DateField(_("presented on"), null=True, blank=True)
    received_by = models.CharField(_("received by"), max_length=200, blank=True)
    # Temporary transfers.
    period_from = models.DateField(_("temporary from"), null=True, blank=True)
    period_until = models.DateField(_("temporary until"), null=True, blank=True)
    ended_on = models.DateField(_("temporary activity ended on"), null=True, blank=True)
    # Cancellation.
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=255, blank=True)
    # The history facts the paper wrote (kept so a cancellation can take them back).
    event = models.ForeignKey(
        "members.MemberEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    end_event = models.ForeignKey(
        "members.MemberEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("transfer paper")
        verbose_name_plural = _("transfer papers")
        indexes = [
            models.Index(fields=["status", "present_by"], name="transferpaper_status_due_idx"),
            models.Index(fields=["to_organization", "status"], name="transferpaper_to_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(presented_on__isnull=True) | Q(presented_on__gte=F("issued_on")),
                name="transferpaper_presented_after_issue",
            ),
            models.CheckConstraint(condition=Q(present_by__gte=F("issued_on")), name="transferpaper_due_after_issue"),
            models.CheckConstraint(
                condition=Q(period_until__isnull=True)
                | Q(period_from__isnull=True)
                | Q(period_until__gt=F("period_from")),
                name="transferpaper_period_order",
            ),
            models.CheckConstraint(
                condition=(
                    Q(direction="within", from_organization__isnull=False, to_organization__isnull=False)
                    | Q(direction="out", from_organization__isnull=False, to_organization__isnull=True)
                    | Q(direction="in", from_organization__isnull=True, to_organization__isnull=False)
                ),
                name="transferpaper_ends_match_direction",
            ),
            models.CheckConstraint(
                condition=Q(kind="official") | Q(period_from__isnull=False, period_until__isnull=False),
                name="transferpaper_temporary_has_period",
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status__in=["issued", "overdue"]),
                name="transferpaper_one_open_per_member",
            ),
        ]

    def __str__(self) -> str:
        who = self.member.full_name if self.member_id else self.person_name
        number = f"{self.number} " if self.number else ""
        return f"{number}{self.get_kind_display()} — {who} ({self.issued_on:%d/%m/%Y})"

    @property
    def from_label(self) -> str:
        return self.from_organization.name if self.from_organization_id else self.from_place

    @property
    def to_label(self) -> str:
        return self.to_organization.name if self.to_organization_id else self.to_place

    @property
    def person_label(self) -> str:
        return self.member.full_name if self.member_id else self.person_name

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
