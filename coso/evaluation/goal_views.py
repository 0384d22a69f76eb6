"""Pages of goal registration: a member's goals for a year (their own, or entered on their behalf by
the secretary), and a unit's list of who has registered."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from coso.accounts.actions import Action
from coso.accounts.scoping import get_for_user, may, may_on, own_member_ids
from coso.common.dates import today
from coso.common.forms import add_errors
from coso.common.versions import StaleEdit
from coso.evaluation import services
from coso.evaluation.forms import GoalsForm
from coso.evaluation.models import GoalRegistration
from coso.members.models import Member
from coso.members.queries import members_on
from coso.organizations.models import Organization
from coso.reports.views import default_organization_id

PER_PAGE = 100


def _year(request) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    try:
        year = int(raw) if raw else today().year
    except ValueError:
        raise Http404 from None
    if not 1990 <= year <= today().year + 1:
        raise Http404
    return year


@login_required
def member_goals(request, member_id: int):
    member = get_for_user(Member, member_id, request.user)
    own = member.pk in own_member_ids(request.user)
    if not own and not may_on(request.user, Action.GOAL_REGISTER, member):
        raise PermissionDenied
    year = _year(request)
    existing = GoalRegistration.objects.filter(member=member, period_key=str(year)).prefetch_related("items").first()
    items = [(i.text, i.target) for i in existing.items.all()] if existing else []
    initial = {"year": year, "on": today(), "version": existing.version if existing else None}
    form = GoalsForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.goals_register(
                member=member,
                year=form.cleaned_data["year"],
                items=form.items(),
                on=form.cleaned_data["on"],
                on_behalf=not own,
                actor=request.user,
                version=form.loaded_version(),
            )
        except StaleEdit as exc:
            form.rebase(exc)
            add_errors(form, exc)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Goals for %(year)s saved.") % {"year": form.cleaned_data["year"]})
            return redirect("members:detail", member_id=member.pk)
    return render(
        request,
        "evaluation/member_goals.html",
        {"section": "evaluation", "member": member, "form": form, "year": year, "own": own, "existing": existing},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def goals_overview(request):
    """Who in a unit has registered goals for the year (the secretary's checklist)."""
    org_id = request.GET.get("org") or default_organization_id(request.user)
    if not org_id:
        raise Http404
    try:
        org = get_for_user(Organization, int(org_id), request.user)
    except ValueError:
        raise Http404 from None
    year = _year(request)
    registered = GoalRegistration.objects.filter(member=OuterRef("pk"), period_key=str(year))
    members = (
        members_on(org, min(today(), today().replace(year=year, month=12, day=31)))
        .annotate(has_goals=Exists(registered))
        .select_related("organization")
        .order_by("organization__path", "full_name")
    )
    page = Paginator(members, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/goals.html",
        {
            "section": "evaluation",
            "org": org,
            "year": year,
            "members": page.object_list,
            "page": page,
            "total": page.paginator.count,
            "registered": members.filter(has_goals=True).count(),
            "may_enter": may(request.user, Action.GOAL_REGISTER, org),
        },
    )


urlpatterns = [
    path("goals/", goals_overview, name="goals"),
    path("members/<int:member_id>/goals/", member_goals, name="member_goals"),
]
