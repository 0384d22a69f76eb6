"""Pages of the organization tree: the dated tree, a node's page, and the reorganization forms.

Every page reads the tree as of `?on=dd/mm/yyyy` (today by default). Writes go through the
services in `organizations.services`, which validate the Party's rules and write the audit rows.
"""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coso.accounts.actions import Action
from coso.accounts.scoping import get_for_user, is_admin, may
from coso.common.dates import date_param, today
from coso.common.text import format_date
from coso.common.versions import StaleEdit
from coso.organizations import tree_queries
from coso.organizations.forms import (
    DissolveForm,
    EstablishForm,
    MergeForm,
    MoveForm,
    RenameForm,
    ResidentialUnitForm,
)
from coso.organizations.models import Organization
from coso.organizations.queries import version_on
from coso.organizations.services import (
    organization_dissolve,
    organization_establish,
    organization_merge,
    organization_move,
    organization_rename,
    residential_unit_create,
)

MEMBERS_PER_PAGE = 50


def _on(request) -> date:
    return date_param(request.GET, "on", label=_("As of"), default=today())


def _detail_url(org: Organization, on: date | None = None) -> str:
    url = reverse("organizations:detail", kwargs={"org_id": org.pk})
    return f"{url}?{urlencode({'on': format_date(on)}, safe='/')}" if on else url


@login_required
@require_GET
def tree(request):
    on = _on(request)
    return render(
        request,
        "organizations/tree.html",
        {
            "on": on,
            "is_today": on == today(),
            "roots": tree_queries.tree_roots(request.user, on),
            "can_establish_root": is_admin(request.user),
        },
    )


@login_required
@require_GET
def children(request, org_id: int):
    """The sub-units of one node, loaded by htmx when the node is opened."""
    org = get_for_user(Organization, org_id, request.user)
    on = _on(request)
    return render(
        request, "organizations/_nodes.html", {"nodes": tree_queries.child_nodes(org, on, request.user), "on": on}
    )


@login_required
@require_GET
def detail(request, org_id: int):
    org = get_for_user(Organization.objects.select_related("org_type", "residential_unit"), org_id, request.user)
    on = _on(request)
    version = version_on(org, on)
    context = {
        "org": org,
        "on": on,
        "is_today": on == today(),
        "version": version,
        "reorganizations": list(tree_queries.reorganizations_of(org)),
        "versions": list(tree_queries.versions_of(org)),
        "may": {
            action: org.dissolved_on is None and may(request.user, action, org)
            for action in ("org_establish", "org_rename", "org_move", "org_merge", "org_dissolve", "unit_edit")
        },
    }
    context["can_write"] = any(context["may"].values())
    if version is not None:
        index = tree_queries.subtree_index([version], on)
        page = Paginator(tree_queries.member_spells_on(org, on), MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            ancestors=tree_queries.ancestors_on(version, on, request.user),
            counts=index.counts(version.path),
            subunits=tree_queries.child_nodes(org, on, request.user, index),
            page=page,
            member_rows=[(s, index.names.get(s.organization_id, s.organization.name)) for s in page.object_list],
            units=tree_queries.residential_units_on(org, on),
        )
    return render(request, "organizations/detail.html", context)


def _form_page(request, *, org, form, perform, title, submit, success, danger=False):
    """Run `perform(cleaned_data)` on a valid POST; show the service's errors on the form's fields."""
    if org is not None and "version" in form.fields:
        form.init_version(org.version)
    if request.method == "POST" and form.is_valid():
        try:
            target_url = perform(form.cleaned_data)
        except StaleEdit as exc:
            form.rebase(exc)
            form.apply_service_errors(exc)
        except ValidationError as exc:
            form.apply_service_errors(exc)
        else:
            messages.success(request, success)
            return redirect(target_url)
    return render(
        request,
        "organizations/form.html",
        {"org": org, "form": form, "title": title, "submit": submit, "danger": danger, "on": today()},
    )


def _data(request):
    return request.POST if request.method == "POST" else None


def _establish(request, parent: Organization | None):
    units = tree_queries.units_for_new_cell(parent, request.user)
    form = EstablishForm(_data(request), kinds=tree_queries.child_kinds(parent), units=units)

    def perform(data):
        org = organization_establish(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            org_type=data["org_type"],
            parent=parent,
            on=data["on"],
            residential_unit=data.get("residential_unit"),
            decision=form.decision(),
            note=data["note"],
            actor=request.user,
        )
        return _detail_url(org, data["on"])

    if parent is None:
        title = _("Establish a top-level organization")
    else:
        title = _("Establish a sub-unit of %(org)s") % {"org": parent.name}
    return _form_page(
        request,
        org=parent,
        form=form,
        perform=perform,
        title=title,
        submit=_("Establish"),
        success=_("The organization has been established."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def establish(request, org_id: int):
    parent = get_for_user(Organization, org_id, request.user, action=Action.ORG_ESTABLISH)
    return _establish(request, parent)


@login_required
@require_http_methods(["GET", "POST"])
def establish_root(request):
    if not is_admin(request.user):
        raise PermissionDenied
    return _establish(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def rename(request, org_id: int):
    org = get_for_user(Organization, org_id, request.user, action=Action.ORG_RENAME)
    form = RenameForm(_data(request), initial={"name": org.name})

    def perform(data):
        organization_rename(
            organization=org,
            name=data["name"],
            on=data["on"],
            decision=form.decision(),
            note=data["note"],
            version=data.get("version"),
            actor=request.user,
        )
        return _detail_url(org, data["on"])

    return _form_page(
        request,
        org=org,
        form=form,
        perform=perform,
        title=_("Rename %(org)s") % {"org": org.name},
        submit=_("Rename"),
        success=_("The organization has been renamed."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def move(request, org_id: int):
    org = get_for_user(Organization, org_id, request.user, action=Action.ORG_MOVE)
    form = MoveForm(_data(request), parents=tree_queries.move_targets(org, request.user))

    def perform(data):
        organization_move(
            organization=org,
            new_parent=data["parent"],
            on=data["on"],
            decision=form.decision(),
            note=data["note"],
            version=data.get("version"),
            actor=request.user,
        )
        return _detail_url(org, data["on"])

    return _form_page(
        request,
        org=org,
        form=form,
        perform=perform,
        title=_("Move %(org)s under another organization") % {"org": org.name},
        submit=_("Move"),
        success=_("The organization has been moved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def merge(request, org_id: int):
    org = get_for_user(Organization, org_id, request.user, action=Action.ORG_MERGE)
    form = MergeForm(_data(request), sources=tree_queries.merge_sources(org, request.user))

    def perform(data):
        organization_merge(
            sources=list(data["sources"]),
            target=org,
            on=data["on"],
            decision=form.decision(),
            note=data["note"],
            version=data.get("version"),
            actor=request.user,
        )
        return _detail_url(org, data["on"])

    return _form_page(
        request,
        org=org,
        form=form,
        perform=perform,
        title=_("Merge organizations into %(org)s") % {"org": org.name},
        submit=_("Merge"),
        success=_("The organizations have been merged."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def dissolve(request, org_id: int):
    org = get_for_user(Organization, org_id, request.user, action=Action.ORG_DISSOLVE)
    form = DissolveForm(_data(request))

    def perform(data):
        organization_dissolve(
            organization=org,
            on=data["on"],
            decision=form.decision(),
            note=data["note"],
            version=data.get("version"),
            actor=request.user,
        )
        return _detail_url(org)

    return _form_page(
        request,
        org=org,
        form=form,
        perform=perform,
        title=_("Dissolve %(org)s") % {"org": org.name},
        submit=_("Dissolve"),
        success=_("The organization has been dissolved."),
        danger=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_add(request, org_id: int):
    org = get_for_user(Organization, org_id, request.user, action=Action.UNIT_EDIT)
    form = ResidentialUnitForm(_data(request))

    def perform(data):
        residential_unit_create(
            commune=org,
            code=data["code"],
            name=data["name"],
            unit_kind=data["unit_kind"],
            established_on=data.get("established_on"),
            actor=request.user,
        )
        return _detail_url(org)

    return _form_page(
        request,
        org=org,
        form=form,
        perform=perform,
        title=_("Add a residential unit to %(org)s") % {"org": org.name},
        submit=_("Add"),
        success=_("The residential unit has been added."),
    )
