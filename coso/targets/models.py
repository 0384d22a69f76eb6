"""Yearly admission targets (*chỉ tiêu kết nạp đảng viên*) per grassroots organization.

The committee directly above sets each grassroots organization's target for the year by a
decision (DOMAIN.md §Admission); progress is read from the admission facts of the register.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coso.common.models import DecisionFields, TimeStampedModel


class AdmissionTarget(TimeStampedModel, DecisionFields):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="admission_targets",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.PositiveIntegerField(_("target"))
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False, help_text="Incremented by each change of the target."
    )

    class Meta:
        ordering = ["-year", "organization__path"]
        verbose_name = _("admission target")
        verbose_name_plural = _("admission targets")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="admissiontarget_org_year_unique"),
            models.CheckConstraint(condition=Q(year__gte=1930) & Q(year__lte=2100), name="admissiontarget_year_range"),
        ]
        indexes = [models.Index(fields=["year", "organization"], name="admissiontarget_year_org_idx")]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}: {self.target}"
