from django.db import models
from django.utils.translation import gettext_lazy as _

from coso.common.text import format_date


class TimeStampedModel(models.Model):
    """Every table records when a row was created and last changed (house rule)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class DecisionFields(models.Model):
    """The decision behind a dated fact: number, date, issuing body (e.g. 125-QĐ/HU, 12/03/2021)."""

    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_issuer = models.CharField(_("issuing body"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def decision_label(self) -> str:
        parts = [self.decision_number]
        if self.decision_date:
            parts.append(format_date(self.decision_date))
        if self.decision_issuer:
            parts.append(self.decision_issuer)
        return ", ".join(p for p in parts if p)
