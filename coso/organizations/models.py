"""The tree of party organizations, kept as dated versions.

An organization's place in the tree (parent, materialized path) and its name are held in
`OrgVersion` rows with a validity interval. A reorganization closes versions and opens new ones,
so a question asked "as of 31/12/2009" reads the versions valid then: the past is never rewritten.
`Organization.path`/`parent`/`name` cache the latest version for everyday pages.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coso.common.models import DecisionFields, TimeStampedModel

PATH_SEGMENT_WIDTH = 8


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}/"


class OrgKind(models.TextChoices):
    PROVINCE = "province", _("Province-level committee")
    UPPER = "upper", _("Committee directly above the grassroots")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots committee")
    GRASSROOTS_CELL = "grassroots_cell", _("Grassroots cell")
    PARTIAL_COMMITTEE = "partial_committee", _("Partial committee")
    CELL = "cell", _("Cell under a committee")
    PARTY_GROUP = "party_group", _("Party group")


GRASSROOTS_KINDS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)
CELL_KINDS = (OrgKind.GRASSROOTS_CELL, OrgKind.CELL)
BELOW_GRASSROOTS_KINDS = (OrgKind.PARTIAL_COMMITTEE, OrgKind.CELL, OrgKind.PARTY_GROUP)
# Kinds whose members are counted directly (party groups sit inside a cell's membership).
MEMBERSHIP_KINDS = (
    OrgKind.PROVINCE,
    OrgKind.UPPER,
    OrgKind.GRASSROOTS_COMMITTEE,
    OrgKind.GRASSROOTS_CELL,
    OrgKind.PARTIAL_COMMITTEE,
    OrgKind.CELL,
)


class OrganizationType(TimeStampedModel):
    """Loại hình tổ chức — a configurable list used by the reports (DOMAIN.md §The organization tree)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=150)
    is_commune_level = models.BooleanField(
        default=False, help_text=_("Commune, ward or special zone: residential units belong to such nodes.")
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("organization type")
        verbose_name_plural = _("organization types")

    def __str__(self) -> str:
        return self.name


class KindRule(TimeStampedModel):
    """Which kind may sit under which, in force from `valid_from` (rules changed in 2025, QĐ 294-QĐ/TW).

    A row with an empty parent kind allows the child kind at the root of the tree.
    """

    parent_kind = models.CharField(max_length=30, choices=OrgKind.choices, blank=True)
    child_kind = models.CharField(max_length=30, choices=OrgKind.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    regulation = models.CharField(max_length=200)

    class Meta:
        ordering = ["valid_from", "parent_kind", "child_kind"]
        verbose_name = _("allowed parent kind")
        verbose_name_plural = _("allowed parent kinds")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")), name="kindrule_dates_order"
            ),
        ]

    def __str__(self) -> str:
        parent = self.get_parent_kind_display() if self.parent_kind else "—"
        return f"{parent} → {self.get_child_kind_display()} ({self.valid_from:%d/%m/%Y})"


class Organization(TimeStampedModel):
    code = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=30, choices=OrgKind.choices)
    org_type = models.ForeignKey(OrganizationType, on_delete=models.PROTECT, related_name="organizations")
    established_on = models.DateField()
    dissolved_on = models.DateField(null=True, blank=True)
    residential_unit = models.ForeignKey(
        "organizations.ResidentialUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cells",
        help_text=_("For a cell of a village or neighbourhood."),
    )
    # Cache of the latest version (kept by services).
    name = models.CharField(max_length=255)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, db_index=True)
    depth = models.PositiveSmallIntegerField(default=1)

    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False, help_text="Incremented by each reorganization that changes it."
    )

    class Meta:
        ordering = ["path"]
        verbose_name = _("party organization")
        verbose_name_plural = _("party organizations")
        indexes = [
            models.Index(fields=["path"], name="org_path_like_idx", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=F("established_on")),
                name="org_dissolved_after_established",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, on) -> bool:
        return self.established_on <= on and (self.dissolved_on is None or self.dissolved_on > on)


class Reorganization(TimeStampedModel, DecisionFields):
    """A dated decision that changes the tree: establish, rename, move, merge, split, dissolve."""

    class Kind(models.TextChoices):
        ESTABLISH = "establish", _("Established")
        RENAME = "rename", _("Renamed")
        MOVE = "move", _("Moved under another organization")
        MERGE = "merge", _("Merged")
        SPLIT = "split", _("Split")
        DISSOLVE = "dissolve", _("Dissolved")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    on = models.DateField()
    note = models.TextField(blank=True)
    sources = models.ManyToManyField(Organization, related_name="reorganizations_as_source", blank=True)
    targets = models.ManyToManyField(Organization, related_name="reorganizations_as_target", blank=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("reorganization")
        verbose_name_plural = _("reorganizations")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d/%m/%Y}"


class OrgVersion(TimeStampedModel):
    """An organization's name and place in the tree over [valid_from, valid_to)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="versions")
    parent = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=255)
    path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    reorganization = models.ForeignKey(Reorganization, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["organization_id", "valid_from"]
        verbose_name = _("organization version")
        verbose_name_plural = _("organization versions")
        indexes = [
            models.Index(fields=["path"], name="orgversion_path_like_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["organization", "valid_from"], name="orgversion_org_from_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")), name="orgversion_dates_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.valid_from} – {self.valid_to or '…'})"


class ResidentialUnit(TimeStampedModel):
    """Thôn, bản, ấp, tổ dân phố — belongs to a commune-level node."""

    class UnitKind(models.TextChoices):
        VILLAGE = "village", _("Village (thôn)")
        HAMLET = "hamlet", _("Hamlet (bản)")
        AP = "ap", _("Hamlet (ấp)")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood (tổ dân phố)")

    commune = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="residential_units")
    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=150)
    unit_kind = models.CharField(max_length=20, choices=UnitKind.choices, default=UnitKind.VILLAGE)
    established_on = models.DateField(null=True, blank=True)
    dissolved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["commune_id", "name"]
        verbose_name = _("residential unit")
        verbose_name_plural = _("residential units")

    def __str__(self) -> str:
        return self.name


class UnitPlacement(TimeStampedModel):
    """Which commune a residential unit belonged to over [valid_from, valid_to).

    Mergers and splits of communes move their units; a report as of an earlier date must still
    place each unit in the commune it belonged to then. An empty `valid_from` means "since always".
    `ResidentialUnit.commune` caches the latest placement.
    """

    unit = models.ForeignKey(ResidentialUnit, on_delete=models.CASCADE, related_name="placements")
    commune = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="unit_placements")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    reorganization = models.ForeignKey(Reorganization, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["unit_id", "valid_from"]
        verbose_name = _("residential unit placement")
        verbose_name_plural = _("residential unit placements")
        indexes = [models.Index(fields=["commune", "valid_from"], name="unitplacement_commune_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="unitplacement_dates_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}@{self.commune_id} [{self.valid_from or '…'} – {self.valid_to or '…'})"
