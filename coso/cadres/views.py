"""The cadre work pages: cadres, the posts they hold, rotations, planning lists, supervision
assignments and the standard statistical tables. Every object is read through the one door
(`coso.accounts.scoping`); writes go through `coso.cadres.services`."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coso.accounts.actions import Action
from coso.accounts.scoping import get_for_user, may, may_on, require, scope
from coso.cadres import queries, rules, services
from coso.cadres.forms import (
    CadreEditForm,
    CadreForm,
    EndForm,
    PlanningForm,
    PlanningRemoveForm,
    PostForm,
    RotateForm,
    SupervisionForm,
)
from coso.cadres.models import Cadre, PlanningEntry, PostSpell, SupervisionAssignment
from coso.cadres.tables import read_tables
from coso.common.dates import BadInput, check_period, date_param, today
from coso.common.forms import add_errors
from coso.common.text import fold
from coso.common.xlsx import cell_value, export_title, sheet_title, workbook_to_bytes, xlsx_download
from coso.organizations.models import Organization
from coso.organizations.queries import in_subtree_now

PAGE_SIZE = 50


def _on(request, name: str = "on") -> date:
    return date_param(request.GET, name, label=str(_("As of"))) or today()


def _may_at(form, user, action, org, field: str) -> bool:
    """The organization chosen in a form must be one the user may take the action on."""
    if org is not None and not may(user, action, org):
        form.add_error(field, _("You may not record this for %(org)s.") % {"org": org.name})
        return False
    return True


# Cadres ------------------------------------------------------------------------------------------


@login_required
def cadre_list(request):
    qs = scope(Cadre.objects.select_related("organization", "member"), request.user)
    text = (request.GET.get("q") or "").strip()[:100]
    if text:
        words = fold(text).split()
        ids = [pk for pk, name in qs.values_list("pk", "full_name") if all(w in fold(name) for w in words)]
        qs = qs.filter(pk__in=ids)
    unit = None
    unit_id = request.GET.get("org") or ""
    if unit_id.isdigit():
        unit = get_for_user(Organization, unit_id, request.user)
        qs = qs.filter(in_subtree_now(unit))
    page = Paginator(qs.order_by("full_name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    units = scope(Organization.objects.filter(dissolved_on__isnull=True), request.user).exclude(
        kind__in=["cell", "party_group"]
    )
    return render(
        request,
        "cadres/list.html",
        {
            "page": page,
            "cadres": page.object_list,
            "q": text,
            "unit": unit,
            "units": units.order_by("path")[:500],
            "may_create": may(request.user, Action.CADRE_MANAGE),
            "section": "cadres",
        },
    )


@login_required
def cadre_create(request):
    require(request.user, Action.CADRE_MANAGE)
    form = CadreForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _may_at(form, request.user, Action.CADRE_MANAGE, data["organization"], "organization"):
            try:
                cadre = services.cadre_create(actor=request.user, **data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Cadre added."))
                return redirect("cadres:detail", cadre_id=cadre.pk)
    return render(request, "cadres/form.html", {"form": form, "title": _("New cadre"), "section": "cadres"})


def _cadre(request, cadre_id, action=None) -> Cadre:
    return get_for_user(Cadre.objects.select_related("organization", "member"), cadre_id, request.user, action=action)


def _labelled(facts) -> list:
    """Each qualification fact with its level as the register names it (`value_label`)."""
    from coso.members import choices

    names = {
        "general_education": choices.GeneralEducation,
        "professional_education": choices.ProfessionalEducation,
        "political_theory": choices.PoliticalTheory,
        "state_management": choices.StateManagement,
    }
    out = list(facts)
    for fact in out:
        labels = dict(names[fact.field].choices) if fact.field in names else {}
        fact.value_label = str(labels.get(fact.value, fact.value))
    return out


@login_required
def cadre_detail(request, cadre_id: int):
    from coso.training.models import ClassStudent
    from coso.training.queries import history_of

    cadre = _cadre(request, cadre_id)
    person = Q(cadre=cadre) | (Q(member_id=cadre.member_id) if cadre.member_id else Q(pk__in=[]))
    classes = (
        ClassStudent.objects.filter(person).select_related("training_class").order_by("-training_class__starts_on")
    )
    user = request.user
    return render(
        request,
        "cadres/detail.html",
        {
            "cadre": cadre,
            "posts": cadre.posts.select_related("organization").order_by("-valid_from", "id"),
            "rotations": cadre.rotations.select_related("from_organization", "to_organization"),
            "plans": cadre.plans.select_related("organization").order_by("-added_on", "id"),
            "supervisions": cadre.supervisions.select_related("committee", "supervised").order_by("-valid_from"),
            "classes": classes,
            "qualifications": _labelled(history_of(cadre=cadre)),
            "may_manage": may_on(user, Action.CADRE_MANAGE, cadre),
            "may_rotate": may_on(user, Action.CADRE_ROTATE, cadre),
            "today": today(),
            "section": "cadres",
        },
    )


@login_required
def cadre_edit(request, cadre_id: int):
    cadre = _cadre(request, cadre_id, Action.CADRE_MANAGE)
    initial = {"full_name": cadre.full_name, "date_of_birth": cadre.date_of_birth, "note": cadre.note,
               "organization": cadre.organization}  # fmt: skip
    form = CadreEditForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _may_at(form, request.user, Action.CADRE_MANAGE, data["organization"], "organization"):
            try:
                services.cadre_update(cadre=cadre, actor=request.user, **data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Cadre corrected."))
                return redirect("cadres:detail", cadre_id=cadre.pk)
    return render(
        request,
        "cadres/form.html",
        {"form": form, "cadre": cadre, "title": _("Correct the cadre"), "section": "cadres"},
    )


@login_required
def post_assign(request, cadre_id: int):
    cadre = _cadre(request, cadre_id, Action.CADRE_MANAGE)
    form = PostForm(request.POST or None, initial={"organization": cadre.organization}, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _may_at(form, request.user, Action.CADRE_MANAGE, data["organization"], "organization"):
            try:
                services.post_assign(cadre=cadre, actor=request.user, **data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Post recorded."))
                return redirect("cadres:detail", cadre_id=cadre.pk)
    return render(
        request, "cadres/form.html", {"form": form, "cadre": cadre, "title": _("Assign a post"), "section": "cadres"}
    )


@login_required
def post_end(request, spell_id: int):
    spell = get_for_user(
        PostSpell.objects.select_related("cadre", "organization"), spell_id, request.user, action=Action.CADRE_MANAGE
    )
    form = EndForm(request.POST or None, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_end(spell=spell, on=form.cleaned_data["on"], actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Post ended."))
            return redirect("cadres:detail", cadre_id=spell.cadre_id)
    title = _("End the post: %(post)s — %(org)s") % {"post": spell.get_kind_display(), "org": spell.organization.name}
    return render(
        request, "cadres/form.html", {"form": form, "cadre": spell.cadre, "title": title, "section": "cadres"}
    )


@login_required
def cadre_rotate(request, cadre_id: int):
    cadre = _cadre(request, cadre_id, Action.CADRE_ROTATE)
    form = RotateForm(request.POST or None, user=request.user, cadre=cadre)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _may_at(form, request.user, Action.CADRE_ROTATE, data["to_organization"], "to_organization"):
            try:
                move = services.cadre_rotate(cadre=cadre, actor=request.user, **data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request, _("Move recorded: %(direction)s.") % {"direction": move.get_direction_display()}
                )
                return redirect("cadres:detail", cadre_id=cadre.pk)
    return render(
        request,
        "cadres/form.html",
        {"form": form, "cadre": cadre, "title": _("Rotate or transfer"), "section": "cadres",
         "help": _("The direction of the move is derived from the levels of the two units on the day of the move.")},
    )  # fmt: skip


# Planning lists ----------------------------------------------------------------------------------


@login_required
def planning(request, org_id: int):
    org = get_for_user(Organization, org_id, request.user)
    on = _on(request)
    term = (request.GET.get("term") or "").strip()[:20]
    writable = may(request.user, Action.CADRE_PLAN, org)
    cadres = scope(Cadre.objects.filter(in_subtree_now(org)), request.user).order_by("full_name", "id")
    form = None
    if request.method == "POST":
        require(request.user, Action.CADRE_PLAN, org)
        form = PlanningForm(request.POST, cadres=cadres)
        if form.is_valid():
            try:
                services.planning_add(organization=org, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Added to the planning list."))
                return redirect("cadres:planning", org_id=org.pk)
    elif writable:
        form = PlanningForm(cadres=cadres, initial={"added_on": today(), "term": term})
    entries = queries.planning_on(org, on, term or None)
    terms = PlanningEntry.objects.filter(organization=org).order_by("-term").values_list("term", flat=True).distinct()
    return render(
        request,
        "cadres/planning.html",
        {"org": org, "on": on, "term": term, "terms": terms, "entries": entries, "form": form,
         "writable": writable, "remove_form": PlanningRemoveForm(initial={"removed_on": today()}),
         "section": "cadres"},
    )  # fmt: skip


@login_required
def planning_remove(request, entry_id: int):
    entry = get_for_user(
        PlanningEntry.objects.select_related("cadre", "organization"), entry_id, request.user, action=Action.CADRE_PLAN
    )
    form = PlanningRemoveForm(request.POST or None, initial={"removed_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.planning_remove(entry=entry, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Removed from the planning list."))
            return redirect("cadres:planning", org_id=entry.organization_id)
    title = _("Remove %(name)s from the planning list") % {"name": entry.cadre.full_name}
    return render(request, "cadres/form.html", {"form": form, "title": title, "section": "cadres"})


# Supervision assignments -------------------------------------------------------------------------


@login_required
def supervision(request, org_id: int):
    committee = get_for_user(Organization, org_id, request.user)
    on = _on(request)
    writable = may(request.user, Action.SUPERVISION_ASSIGN, committee)
    members = scope(queries.committee_members(committee), request.user)
    form = None
    if request.method == "POST":
        require(request.user, Action.SUPERVISION_ASSIGN, committee)
        form = SupervisionForm(request.POST, user=request.user, cadres=members)
        if form.is_valid():
            try:
                services.supervision_assign(committee=committee, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Assignment recorded."))
                return redirect("cadres:supervision", org_id=committee.pk)
    elif writable:
        form = SupervisionForm(user=request.user, cadres=members, initial={"valid_from": today()})
    assignments = list(queries.supervisions_on(committee, on))
    year_start, year_end = date(on.year, 1, 1), date(on.year, 12, 31)
    visits = queries.visits_by_assignment(assignments, year_start, year_end)
    rows = []
    for a in assignments:
        covered = {(q, first, last) for _y, q, first, last in rules.covered_quarters(year_start, year_end,
                                                                                      a.valid_from, a.valid_to)}  # fmt: skip
        cells = []
        for quarter in (1, 2, 3, 4):
            span = next(((f, t) for q, f, t in covered if q == quarter), None)
            cells.append(None if span is None else sum(1 for d in visits[a.pk] if span[0] <= d <= span[1]))
        rows.append((a, cells))
    return render(
        request,
        "cadres/supervision.html",
        {"committee": committee, "on": on, "year": on.year, "rows": rows, "form": form, "writable": writable,
         "end_form": EndForm(initial={"on": today()}), "section": "cadres"},
    )  # fmt: skip


@login_required
@require_POST
def supervision_end(request, assignment_id: int):
    assignment = get_for_user(
        SupervisionAssignment.objects.select_related("cadre"), assignment_id, request.user,
        action=Action.SUPERVISION_ASSIGN,
    )  # fmt: skip
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.supervision_end(assignment=assignment, on=form.cleaned_data["on"], actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Assignment ended."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("cadres:supervision", org_id=assignment.committee_id)


# The statistical tables --------------------------------------------------------------------------


def _tables_scope(request):
    from coso.reports.views import resolve_as_of

    data = request.GET.copy()
    if data.get("to") and not data.get("on"):
        data["on"] = data["to"]
    as_of = resolve_as_of(request, data)
    if as_of.org is None:
        from django.http import Http404

        raise Http404
    start = date_param(request.GET, "from", label=str(_("From")))
    if start is None or start > as_of.on:
        start = date(as_of.on.year, 1, 1)
    try:
        check_period(start, as_of.on, field=str(_("From")))
    except ValidationError as exc:
        raise BadInput.from_validation_error(exc) from None
    return as_of, start


@login_required
def tables(request):
    as_of, start = _tables_scope(request)
    org_name = as_of.version.name if as_of.version else as_of.org.name
    return render(
        request,
        "cadres/tables.html",
        {"org": as_of.org, "org_name": org_name, "on": as_of.on, "start": start,
         "tables": read_tables(as_of.org, on=as_of.on, start=start),
         "may_export": may(request.user, Action.EXPORT_LISTS, as_of.org), "section": "cadres"},
    )  # fmt: skip


@login_required
def tables_export(request):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    as_of, start = _tables_scope(request)
    require(request.user, Action.EXPORT_LISTS, as_of.org)
    org_name = as_of.version.name if as_of.version else as_of.org.name
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in read_tables(as_of.org, on=as_of.on, start=start):
        ws = wb.create_sheet(title=sheet_title(table.title))
        ws.column_dimensions["A"].width = 60
        ws.column_dimensions["B"].width = 12
        ws.column_dimensions["C"].width = 12
        caption = export_title(table.title, org=org_name, on=start, until=as_of.on)
        ws.append([cell_value(ws, caption, font=Font(bold=True, size=13))])
        ws.append([cell_value(ws, h, font=bold) for h in (_("Item"), _("Number"), _("Share"))])
        for line in table.lines:
            ws.append([cell_value(ws, line.label), cell_value(ws, line.number), cell_value(ws, line.share)])
    if not wb.worksheets:
        wb.create_sheet(title=sheet_title(_("Cadre work")))
    filename = slugify(fold(f"{_('Cadre work tables')}-{as_of.org.code}-{start:%Y%m%d}-{as_of.on:%Y%m%d}")) + ".xlsx"
    return xlsx_download(workbook_to_bytes(wb), filename=filename)
