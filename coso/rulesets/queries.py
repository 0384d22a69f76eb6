"""The rule set in force on a date, per topic."""

from datetime import date

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from coso.rulesets.models import RuleSet


class NoRuleSet(ObjectDoesNotExist):
    pass


def rules_in_force(topic: str, on: date) -> RuleSet:
    """The latest rule set of `topic` whose effective date is on or before `on`."""
    rule_set = RuleSet.objects.filter(topic=topic, effective_from__lte=on).order_by("-effective_from").first()
    if rule_set is None:
        raise NoRuleSet(
            _("No %(topic)s rule set is in force on %(date)s; an administrator must add one.")
            % {"topic": topic, "date": f"{on:%d/%m/%Y}"}
        )
    return rule_set
