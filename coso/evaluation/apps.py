from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "coso.evaluation"
    label = "evaluation"
    verbose_name = _("Goals and quality evaluation")

    def ready(self):
        from coso.accounts.scoping import register
        from coso.evaluation.models import Campaign, Evaluation, GoalItem, GoalRegistration, Opinion

        # A campaign is seen from its subtree's root down; a record (and its opinions) by whoever
        # sees the organization it belongs to, and by the member it is about.
        register(Campaign, path="root__path")
        register(Evaluation, path="organization__path", member="member_id")
        register(Opinion, path="evaluation__organization__path", member="evaluation__member_id")
        register(GoalRegistration, path="organization__path", member="member_id")
        register(GoalItem, path="registration__organization__path", member="registration__member_id")
