"""Data the badge lists need beyond the member history: who is gravely ill, from when.

A gravely ill member may receive the badge early (QĐ 24-QĐ/TW 2021 art. 4, HD 01-HD/TW 2021
point 4); the flag keeps the fact and its supporting document so early awards are driven by data,
never by someone ticking a box on the list.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coso.common.models import TimeStampedModel


class GravelyIllFlag(TimeStampedModel):
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="gravely_ill_flags"
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True, help_text=_("Leave empty while it lasts."))
    document = models.CharField(
        _("supporting document"),
        max_length=255,
        help_text=_("e.g. the hospital's certificate and the cell's proposal, with number and date"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["member_id", "-valid_from"]
        verbose_name = _("grave illness")
        verbose_name_plural = _("grave illnesses")
        indexes = [models.Index(fields=["member", "valid_from"], name="gravelyill_member_from_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")), name="gravelyill_dates_order"
            ),
        ]

    def __str__(self) -> str:
        end = f"{self.valid_to:%d/%m/%Y}" if self.valid_to else "…"
        return f"{self.member} — {self.valid_from:%d/%m/%Y} – {end}"

    def active_on(self, on) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to > on)
