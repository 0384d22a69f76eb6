"""Cadres and the posts they hold (DOMAIN.md §Training and cadre work; issue 10, groundwork).

- `Cadre`: a person who holds posts — a party member (linked to the register) or not (a commune
  official, a mass organization's leader) — belonging to a unit for scoping.
- `PostSpell`: one post of one organization held over [valid_from, valid_to) — secretary, deputy,
  standing committee or committee member for a term, the head or deputy of a board, a commune
  government post — elected (by a congress or election) or appointed (by a decision). A single
  post (`SINGLE_POSTS`) has one holder at a time; vacancies are the days no spell covers.
- `Rotation`: a move of a cadre from one post and unit to another (*luân chuyển*, *điều động*),
  dated, with its decision; its direction is derived from the tiers of the two units on that day
  (`rules.direction`) and stored, so the reports group by it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coso.common.models import DecisionFields, TimeStampedModel


class PostKind(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    STANDING_MEMBER = "standing_member", _("Standing committee member")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    INSPECTION_CHAIR = "inspection_chair", _("Chair of the inspection committee")
    BOARD_HEAD = "board_head", _("Head of a board of the committee")
    BOARD_DEPUTY = "board_deputy", _("Deputy head of a board of the committee")
    COUNCIL_CHAIR = "council_chair", _("Chair of the people's council")
    PEOPLES_COMMITTEE_CHAIR = "peoples_committee_chair", _("Chair of the people's committee")
    PEOPLES_COMMITTEE_VICE = "peoples_committee_vice", _("Vice chair of the people's committee")
    FRONT_CHAIR = "front_chair", _("Chair of the Fatherland Front committee")
    OTHER = "other", _("Other post")


#: Posts one person holds at a time in an organization (the heads of a board are told apart by title).
SINGLE_POSTS = (
    PostKind.SECRETARY,
    PostKind.INSPECTION_CHAIR,
    PostKind.COUNCIL_CHAIR,
    PostKind.PEOPLES_COMMITTEE_CHAIR,
    PostKind.FRONT_CHAIR,
    PostKind.BOARD_HEAD,
)


class HowHeld(models.TextChoices):
    ELECTED = "elected", _("Elected")
    APPOINTED = "appointed", _("Appointed")


class Direction(models.TextChoices):
    TO_COMMUNE = "to_commune", _("From the higher level to a commune")
    BETWEEN_COMMUNES = "between_communes", _("Between communes")
    FROM_COMMUNE = "from_commune", _("From a commune to the higher level")
    BETWEEN_BOARDS = "between_boards", _("Between boards of the same level")
    BETWEEN_LEVELS = "between_levels", _("Between the province and a district")


class Cadre(TimeStampedModel):
    full_name = models.CharField(pgettext_lazy("cadre", "full name"), max_length=255)
    member = models.OneToOneField(
        "members.Member", verbose_name=_("party member"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="cadre",
    )  # fmt: skip
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="cadres"
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")

    def __str__(self) -> str:
        return self.full_name


class PostSpell(TimeStampedModel, DecisionFields):
    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="posts")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT,
        related_name="post_spells",
    )  # fmt: skip
    kind = models.CharField(_("post"), max_length=30, choices=PostKind.choices)
    title = models.CharField(_("title"), max_length=255, blank=True, help_text=_("As written in the decision."))
    term = models.CharField(_("term"), max_length=20, blank=True, help_text=_("For example 2020-2025."))
    how = models.CharField(_("how held"), max_length=10, choices=HowHeld.choices, default=HowHeld.ELECTED)
    election = models.CharField(_("congress or election"), max_length=255, blank=True)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organization_id", "kind", "valid_from", "id"]
        verbose_name = _("post held")
        verbose_name_plural = _("posts held")
        indexes = [models.Index(fields=["organization", "kind", "valid_from"], name="postspell_org_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")), name="postspell_dates_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} — {self.get_kind_display()}"


class Rotation(TimeStampedModel, DecisionFields):
    class Kind(models.TextChoices):
        ROTATION = "rotation", _("Rotation")
        TRANSFER = "transfer", _("Transfer")

    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="rotations")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ROTATION)
    on = models.DateField(_("date"))
    from_organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    to_organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    from_post = models.ForeignKey(PostSpell, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    to_post = models.ForeignKey(PostSpell, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(_("direction of the move"), max_length=20, choices=Direction.choices)

    class Meta:
        ordering = ["-on", "id"]
        verbose_name = _("rotation or transfer")
        verbose_name_plural = _("rotations and transfers")

    def __str__(self) -> str:
        return f"{self.cadre} {self.on:%d/%m/%Y}"


class PlanningEntry(TimeStampedModel, DecisionFields):
    """A cadre planned for a post of an organization for a term (*quy hoạch*, QĐ 50-QĐ/TW 2021).

    Added by the approving decision (`DecisionFields`) on `added_on`; a yearly review may remove the
    cadre on `removed_on` with its own decision. The list as of a date is the entries added on or
    before it and not removed by then.
    """

    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="plans")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT,
        related_name="planning_entries",
    )  # fmt: skip
    kind = models.CharField(_("post"), max_length=30, choices=PostKind.choices)
    term = models.CharField(_("term"), max_length=20, help_text=_("For example 2025-2030."))
    added_on = models.DateField(_("added on"))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_decision = models.CharField(_("removal decision"), max_length=255, blank=True)
    removal_reason = models.CharField(_("reason for removal"), max_length=255, blank=True)

    class Meta:
        ordering = ["organization_id", "term", "kind", "added_on", "id"]
        verbose_name = _("planning entry")
        verbose_name_plural = _("planning list")
        indexes = [models.Index(fields=["organization", "term"], name="planning_org_term_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | Q(removed_on__gt=F("added_on")), name="planning_dates_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} — {self.get_kind_display()} {self.term}"


class SupervisionAssignment(TimeStampedModel, DecisionFields):
    """A committee member assigned to follow an organization (*phân công cấp ủy viên phụ trách*).

    Dated [valid_from, valid_to); the visits to cell meetings recorded with the cadre as visitor
    count for the assignment.
    """

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("committee member"), on_delete=models.CASCADE, related_name="supervisions"
    )
    committee = models.ForeignKey(
        "organizations.Organization", verbose_name=_("assigning committee"), on_delete=models.PROTECT,
        related_name="supervision_assignments",
    )  # fmt: skip
    supervised = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization followed"), on_delete=models.PROTECT,
        related_name="supervisors",
    )  # fmt: skip
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["committee_id", "supervised_id", "valid_from", "id"]
        verbose_name = _("supervision assignment")
        verbose_name_plural = _("supervision assignments")
        indexes = [models.Index(fields=["supervised", "valid_from"], name="supervision_org_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")), name="supervision_dates_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} → {self.supervised}"
