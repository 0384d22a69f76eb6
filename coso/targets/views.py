"""Admission targets and progress: overview with its figures, the list behind each figure, and the
page where the committee above sets the targets of its grassroots organizations."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coso.accounts.actions import Action
from coso.accounts.scoping import get_for_user, is_admin, may
from coso.common.dates import parse_date, today
from coso.common.versions import StaleEdit
from coso.organizations.models import Organization
from coso.targets.forms import FigureForm, TargetsForm, bound_org_year_form
from coso.targets.queries import (
    DIMENSIONS,
    FigureFilter,
    admitted_list,
    current_targets,
    grassroots_under,
    month_labels,
    progress,
    report_date,
    target_versions,
    units_by_key,
)
from coso.targets.services import Decision, admission_targets_set_many


def settable_orgs(user, org: Organization, year: int) -> list[Organization]:
    """Grassroots organizations under `org` whose target this user may set (Action.TARGET_SET: by
    the shipped accounts.Competence rows, the level above sets them, not the unit itself)."""
    orgs = grassroots_under(org, report_date(year))
    if is_admin(user):
        return orgs
    return [o for o in orgs if may(user, Action.TARGET_SET, o)]


def _list_base(report) -> str:
    """The start of the links from a figure to the members behind it (the figure's filter is appended)."""
    base = {"org": report.organization.pk, "year": report.year, "on": report.on.isoformat()}
    return reverse("targets:list") + "?" + urlencode(base) + "&"


@login_required
@require_GET
def overview(request):
    form = bound_org_year_form(request)
    report = None
    if form.is_valid():
        org, year = form.cleaned_data["org"], form.cleaned_data["year"]
        report = progress(org, year)
    context = {"form": form, "report": report, "dimensions": DIMENSIONS}
    if report is not None:
        context.update(
            list_base=_list_base(report),
            months=list(zip(month_labels(), report.by_month, range(1, 13), strict=True)),
            can_edit=bool(settable_orgs(request.user, report.organization, report.year)),
            breakdowns=[(key, DIMENSIONS[key], rows) for key, rows in report.breakdowns.items()],
        )
    return render(request, "targets/overview.html", context)


def summary_date(raw: str | None, year: int):
    """The date the card is read as of: the page's own date (`?on=`, the dashboard's as-of date)
    when it falls in `year`, else the year's report date. Never a date after the one asked, so the
    card cannot count an admission the dashboard's date has not reached."""
    on = parse_date(raw)
    return on if on is not None and on.year == year else report_date(year)


@login_required
@require_GET
def summary(request):
    """The progress card shown inside the dashboard and the admission worklist (loaded by htmx):
    admitted against target for the chosen organization and year, and the sub-units behind schedule."""
    form = bound_org_year_form(request)
    if not form.is_valid():
        return render(request, "targets/_summary.html", {"report": None})
    year = form.cleaned_data["year"]
    report = progress(form.cleaned_data["org"], year, summary_date(request.GET.get("on"), year))
    return render(
        request,
        "targets/_summary.html",
        {
            "report": report,
            "behind": [u for u in report.units if u.behind],
            "with_target": [u for u in report.units if u.target is not None],
            "list_base": _list_base(report),
            "overview_url": reverse("targets:overview")
            + "?"
            + urlencode({"org": report.organization.pk, "year": report.year}),
        },
    )


@login_required
@require_GET
def figure_list(request):
    form = FigureForm(request.GET)
    if not form.is_valid():
        return render(request, "targets/list.html", {"form": form, "rows": None})
    data = form.cleaned_data
    org = get_for_user(Organization, data["org"], request.user)
    year = data["year"]
    on = data["on"] or report_date(year)
    if on.year != year:
        raise Http404
    figure = FigureFilter(unit=data["unit"], month=data["month"], dim=data["dim"], value=data["value"])
    rows = admitted_list(org, year, on, figure)
    context = {
        "form": form,
        "org": org,
        "year": year,
        "on": on,
        "rows": rows,
        "described": figure.describe(org, units_by_key(org, on)),
        "back": reverse("targets:overview") + "?" + urlencode({"org": org.pk, "year": year}),
    }
    return render(request, "targets/list.html", context)


@login_required
def edit(request, org_id: int):
    org = get_for_user(Organization, org_id, request.user)
    try:
        year = int(request.POST.get("year") or request.GET.get("year") or today().year)
    except ValueError:
        year = today().year
    year = min(max(year, 1930), 2100)
    organizations = settable_orgs(request.user, org, year)
    if not organizations and not may(request.user, Action.TARGET_SET, org):
        raise PermissionDenied
    form = TargetsForm(
        request.POST or None,
        organizations=organizations,
        current=current_targets(organizations, year),
        versions=target_versions(organizations, year),
    )
    if request.method == "POST" and form.is_valid():
        decision = Decision(
            number=form.cleaned_data["decision_number"],
            signed_on=form.cleaned_data["decision_date"],
            issuer=form.cleaned_data["decision_issuer"],
        )
        try:
            changed = admission_targets_set_many(
                year=year, values=form.values(), decision=decision, versions=form.versions(), actor=request.user
            )
        except StaleEdit as exc:
            form.rebase(exc)
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("%(n)d targets saved for %(year)d.") % {"n": changed, "year": year})
            return redirect(reverse("targets:overview") + "?" + urlencode({"org": org.pk, "year": year}))
    return render(request, "targets/edit.html", {"org": org, "year": year, "form": form})
