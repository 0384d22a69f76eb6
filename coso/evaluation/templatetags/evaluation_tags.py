"""Template helpers of evaluation: a level's label, and the panel on a member's page."""

from django import template

from coso.accounts.actions import Action
from coso.accounts.scoping import may_on, own_member_ids
from coso.common.dates import today
from coso.evaluation import queries
from coso.evaluation.models import GoalRegistration, Grade

register = template.Library()


@register.filter
def grade_label(code: str) -> str:
    return str(Grade(code).label) if code in Grade.values else (code or "")


@register.inclusion_tag("evaluation/_member_panel.html", takes_context=True)
def evaluation_panel(context, member):
    """Goals and evaluations on a member's page: the member's own (to register and self-assess),
    or, for a secretary, with the link to enter goals on the member's behalf."""
    user = context["request"].user
    own = member.pk in own_member_ids(user)
    records = list(queries.own_records([member.pk])[:6])
    year = today().year
    return {
        "member": member,
        "own": own,
        "records": records,
        "year": year,
        "has_goals_this_year": GoalRegistration.objects.filter(member=member, period_key=str(year)).exists(),
        "may_enter_goals": own or may_on(user, Action.GOAL_REGISTER, member),
    }
