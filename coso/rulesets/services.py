from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.audit.services import audit_create
from coso.common.text import format_date
from coso.rulesets.models import Holiday, RuleSet
from coso.rulesets.schemas import validate_values


@transaction.atomic
def ruleset_create(
    *, topic: str, effective_from: date, regulation: str, values: dict, note: str = "", actor
) -> RuleSet:
    """Add the rule set of a new regulation; events from `effective_from` on are judged by it."""
    errors = validate_values(topic, values)
    if not regulation.strip():
        errors["regulation"] = _("Cite the regulation (number and date).")
    if RuleSet.objects.filter(topic=topic, effective_from=effective_from).exists():
        errors["effective_from"] = _("A rule set of this topic already takes effect on %(date)s.") % {
            "date": format_date(effective_from)
        }
    if errors:
        raise ValidationError(errors)
    rule_set = RuleSet.objects.create(
        topic=topic, effective_from=effective_from, regulation=regulation.strip(), values=values, note=note
    )
    audit_create(actor=actor, obj=rule_set, service="ruleset_create")
    return rule_set


@transaction.atomic
def holiday_create(*, day: date, name: str, is_working_day: bool = False, actor) -> Holiday:
    if Holiday.objects.filter(date=day).exists():
        raise ValidationError({"date": _("%(date)s is already in the calendar.") % {"date": format_date(day)}})
    holiday = Holiday.objects.create(date=day, name=name.strip(), is_working_day=is_working_day)
    audit_create(actor=actor, obj=holiday, service="holiday_create")
    return holiday
