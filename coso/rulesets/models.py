from django.db import models
from django.utils.translation import gettext_lazy as _

from coso.common.models import TimeStampedModel


class Topic(models.TextChoices):
    ADMISSION = "admission", _("Admission and probation")
    BADGES = "badges", _("Party badges")
    MEETINGS = "meetings", _("Cell meetings")
    EVALUATION = "evaluation", _("Quality evaluation")


class RuleSet(TimeStampedModel):
    """The values a topic's rules need, in force from `effective_from` until the next set of that topic.

    An event is judged by the set in force on the event's date (DOMAIN.md §Rules change).
    """

    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    effective_from = models.DateField(_("effective from"))
    regulation = models.CharField(_("regulation"), max_length=255, help_text=_("e.g. QĐ 24-QĐ/TW (30/7/2021)"))
    values = models.JSONField(_("values"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["topic", "-effective_from"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        constraints = [models.UniqueConstraint(fields=["topic", "effective_from"], name="ruleset_topic_date_unique")]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} — {self.regulation} ({self.effective_from:%d/%m/%Y})"


class Holiday(TimeStampedModel):
    """A day off or a weekend day worked in exchange, on top of the `holidays` package's days.

    The package gives the statutory days off (Tết by the lunar calendar, compensatory days, the
    swaps it knows); administrators enter here what a notice of the Party or the state adds for a
    year. A year with a row here is covered by the working-day calendar (`rulesets.calendar`).
    """

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    is_working_day = models.BooleanField(
        _("working day"), default=False, help_text=_("Tick for a weekend day worked in exchange for a day off.")
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday or swapped day")
        verbose_name_plural = _("holidays and swapped days")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"
