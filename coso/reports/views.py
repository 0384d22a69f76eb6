"""The as-of-date dashboard and the list behind each of its figures.

Access is decided on the organization: `?org=` must be in the user's scope (`get_for_user`,
404 otherwise). A figure then lists the records of that organization's subtree as it stood on
the date asked, which is the history the user is responsible for, even for members who have
since moved elsewhere.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coso.accounts.actions import Action
from coso.accounts.models import READ_ROLES
from coso.accounts.scoping import (
    assignments,
    get_for_user,
    is_admin,
    may,
    own_member_ids,
    require,
    scope,
    scoped_paths,
)
from coso.common.dates import BadInput, check_period, date_param, today
from coso.common.text import fold, format_date
from coso.common.xlsx import export_title, xlsx_response
from coso.organizations.models import Organization, OrgKind, OrgVersion
from coso.organizations.queries import children_on, valid_on, version_on
from coso.reports import dashboard as dashboard_builder
from coso.reports.catalogue import AS_OF, Figure, Reading, UnknownParam, export_rows, get_figure
from coso.reports.forms import AsOfForm

PAGE_SIZE = 50
PICKER_LIMIT = 500


@login_required
def home(request):
    """The landing page: the dashboard for those who hold a role on an organization; a cell
    secretary (on a phone, on the meeting day) goes straight to the cell's next meeting."""
    if not is_admin(request.user) and _only_cell_secretary(request.user):
        return redirect("meetings:next")
    if is_admin(request.user) or scoped_paths(request.user):
        return redirect("reports:dashboard")
    own = own_member_ids(request.user)
    if own:
        return redirect("members:detail", member_id=own[0])
    return redirect("organizations:tree")


def _only_cell_secretary(user) -> bool:
    from coso.meetings.queries import secretary_cells

    held = [a for a in assignments(user) if a.role in READ_ROLES]
    return bool(held) and len(secretary_cells(user)) == len(held)


@dataclass
class AsOf:
    org: Organization | None
    on: date
    form: AsOfForm
    version: OrgVersion | None = None


def default_organization_id(user) -> int | None:
    """The user's topmost assigned organization; for an administrator, the root of the tree."""
    if is_admin(user):
        return Organization.objects.filter(parent__isnull=True).order_by("path").values_list("pk", flat=True).first()
    held = [a.organization for a in assignments(user) if a.role in READ_ROLES and a.organization_id]
    if not held:
        return None
    return min(held, key=lambda o: (o.depth, o.path)).pk


def resolve_as_of(request, data=None) -> AsOf:
    """Read `org` and `on`; 404 for an organization out of scope, today for an invalid date."""
    form = AsOfForm(request.GET if data is None else data)
    form.is_valid()
    if "org" in form.errors:
        raise Http404
    if form.has_error("on", "date_out_of_range"):
        raise BadInput(form.errors["on"])
    on = form.cleaned_data.get("on") or today()
    org_id = form.cleaned_data.get("org") or default_organization_id(request.user)
    if org_id is None:
        if is_admin(request.user):
            return AsOf(org=None, on=on, form=form)
        raise Http404
    org = get_for_user(Organization, org_id, request.user)
    return AsOf(org=org, on=on, form=form, version=version_on(org, on))


def _quick_dates(on_today: date) -> list[tuple[str, date]]:
    return [
        (_("Today"), on_today),
        (_("31/12 last year"), date(on_today.year - 1, 12, 31)),
        (_("30/06/2025 (before the 2025 reorganization)"), date(2025, 6, 30)),
    ]


def _navigation(request, as_of: AsOf) -> dict:
    """Ancestors, sub-units and the organization picker, all as the tree stood on the date."""
    org, on, user = as_of.org, as_of.on, request.user
    path = as_of.version.path if as_of.version else org.path
    ancestor_ids = [int(seg) for seg in path.split("/") if seg][:-1]
    ancestors = list(
        scope(OrgVersion.objects.filter(valid_on(on), organization_id__in=ancestor_ids), user).order_by("depth")
    )
    children = list(scope(children_on(org, on), user).order_by("path"))
    picker = list(
        scope(
            OrgVersion.objects.filter(valid_on(on)).exclude(organization__kind__in=[OrgKind.CELL, OrgKind.PARTY_GROUP]),
            user,
        )
        .order_by("path")
        .values("organization_id", "name", "depth")[:PICKER_LIMIT]
    )
    if not any(p["organization_id"] == org.pk for p in picker):
        picker.insert(
            0, {"organization_id": org.pk, "name": as_of.version.name if as_of.version else org.name, "depth": 1}
        )
    top = min((p["depth"] for p in picker), default=1)
    for p in picker:
        p["indent"] = "\u2003" * (p["depth"] - top)
    return {"ancestors": ancestors, "children": children, "picker": picker}


def _common(as_of: AsOf) -> dict:
    on_today = today()
    return {
        "as_of": as_of,
        "org": as_of.org,
        "on": as_of.on,
        "org_name": (as_of.version.name if as_of.version else as_of.org.name) if as_of.org else "",
        "quick_dates": [(label, d, format_date(d)) for label, d in _quick_dates(on_today)],
    }


@login_required
def dashboard(request):
    as_of = resolve_as_of(request)
    context = _common(as_of)
    if as_of.org is None:
        return render(request, "reports/dashboard.html", context)
    context.update(_navigation(request, as_of))
    context.update(dashboard_builder.build(as_of.org, as_of.on))
    return render(request, "reports/dashboard.html", context)


def _period_start(request, figure: Figure, on: date) -> date | None:
    """`?from=` of a period figure (the period ends on `on`, read from `?to=` or `?on=`)."""
    if figure.timing == AS_OF:
        return None
    start = date_param(request.GET, "from", label=str(_("From")))
    if start is None or start > on:
        return date(on.year, 1, 1)
    try:
        check_period(start, on, field=str(_("From")))
    except ValidationError as exc:
        raise BadInput.from_validation_error(exc) from None
    return start


def _figure_and_rows(request, slug: str):
    """The figure, the scope asked (in the user's scope, else 404), its parameters and its rows.

    An as-of figure reads `?on=`; a period figure reads `?from=&to=` (`to` defaults to `on`, then
    today; `from` to 1/1 of that year).
    """
    figure = get_figure(slug)
    if figure is None:
        raise Http404
    data = request.GET.copy()
    if figure.timing != AS_OF and data.get("to") and not data.get("on"):
        data["on"] = data["to"]
    as_of = resolve_as_of(request, data)
    if as_of.org is None:
        raise Http404
    reading = Reading(as_of.org, on=as_of.on, start=_period_start(request, figure, as_of.on))
    scope = reading.scope(figure)
    try:
        params = figure.clean_params(scope, request.GET, required=figure.app == "reports")
    except UnknownParam:
        raise Http404 from None
    return figure, as_of, params, reading, reading.rows(slug, **params)


def _figure_heading(figure: Figure, reading: Reading, params: dict, org_name: str, on: date) -> str:
    scope = reading.scope(figure)
    if figure.timing == AS_OF:
        return _("%(figure)s — %(org)s — as of %(date)s") % {
            "figure": figure.title(scope, params),
            "org": org_name,
            "date": format_date(on),
        }
    return _("%(figure)s — %(org)s — from %(start)s to %(end)s") % {
        "figure": figure.title(scope, params),
        "org": org_name,
        "start": format_date(scope.period_start),
        "end": format_date(scope.end),
    }


@login_required
def figure(request, figure):
    figure_def, as_of, params, reading, rows = _figure_and_rows(request, figure)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = _common(as_of)
    table = [(obj, [column.value(obj) for column in figure_def.columns]) for obj in page.object_list]
    scope = reading.scope(figure_def)
    context.update(
        {
            "figure": figure_def,
            "params": params,
            "scope": scope,
            "is_period": figure_def.timing != AS_OF,
            "title": figure_def.title(scope, params),
            "heading": _figure_heading(figure_def, reading, params, context["org_name"], as_of.on),
            "record_label": figure_def.record_label,
            "count": page.paginator.count,
            "number": reading.value(figure_def.slug, **params),
            "share": reading.percent(figure_def.slug, **params) if figure_def.denominator else "",
            "denominator": get_figure(figure_def.denominator) if figure_def.denominator else None,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=3, on_ends=1),
            "ellipsis": Paginator.ELLIPSIS,
            "table": table,
            "columns": figure_def.columns,
            "start_index": page.start_index(),
            "is_organization_list": figure_def.record_kind == "organization",
            "may_export": may(request.user, Action.EXPORT_LISTS, as_of.org),
        }
    )
    return render(request, "reports/figure.html", context)


@login_required
def figure_export(request, figure):
    figure_def, as_of, params, reading, rows = _figure_and_rows(request, figure)
    org = as_of.org
    require(request.user, Action.EXPORT_LISTS, org)
    scope = reading.scope(figure_def)
    title = figure_def.title(scope, params)
    dates = [as_of.on.strftime("%Y%m%d")] if figure_def.timing == AS_OF else [
        scope.period_start.strftime("%Y%m%d"),
        scope.end.strftime("%Y%m%d"),
    ]  # fmt: skip
    parts = [fold(str(title)), org.code, *dates]  # the title names the figure and its value, in Vietnamese
    filename = slugify("-".join(str(p) for p in parts)) + ".xlsx"
    headers = [str(column.label) for column in figure_def.columns]
    if figure_def.timing == AS_OF:
        caption = export_title(title, org=org, on=as_of.on)
    else:
        caption = export_title(title, org=org, on=scope.period_start, until=scope.end)
    return xlsx_response(
        filename=filename, title=title, headers=headers, rows=export_rows(figure_def, rows), caption=caption
    )
