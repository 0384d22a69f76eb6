"""The rule set in force on a date, per topic."""

from datetime import date

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from coso.common.text import format_date
from coso.rulesets.models import RuleSet, Topic


class NoRuleSet(ObjectDoesNotExist):
    pass


def rules_in_force(topic: str, on: date) -> RuleSet:
    """The latest rule set of `topic` whose effective date is on or before `on`.

    The refusal reaches users (meeting pages show it), so it names the topic by its label.
    """
    rule_set = RuleSet.objects.filter(topic=topic, effective_from__lte=on).order_by("-effective_from").first()
    if rule_set is None:
        raise NoRuleSet(
            _("No rule set for “%(topic)s” is in force on %(date)s; an administrator must add one.")
            % {"topic": Topic(topic).label if topic in Topic.values else topic, "date": format_date(on)}
        )
    return rule_set
