"""Pages of the member register: list and export, profile and history, and the forms that write.

Views stay thin: a form parses, one service or query answers, a template renders. Every read goes
through `accounts.scoping` (404 out of scope, 403 when visible but read-only).
"""

import copy
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coso.accounts.actions import Action, fact_action
from coso.accounts.scoping import (
    get_for_user,
    may,
    may_on,
    require,
    scope,
)
from coso.common.dates import BadInput
from coso.common.text import format_date
from coso.common.versions import StaleEdit
from coso.common.xlsx import export_title, xlsx_response
from coso.members.choices import SpellStatus
from coso.members.filters import MemberFilterForm, apply_filters, is_former, reach
from coso.members.forms import (
    PROFILE_SECTIONS,
    MemberCreateForm,
    MemberEventForm,
    MemberProfileForm,
    add_service_errors,
    allowed_fact_kinds,
)
from coso.members.models import Member, MemberEvent
from coso.members.queries import annotate_on
from coso.members.services import (
    PROFILE_FIELDS,
    member_delete_event,
    member_record_event,
    member_register,
    member_update_profile,
)
from coso.organizations.labels import labels_on
from coso.organizations.models import OrgVersion

PAGE_SIZE = 50
SORTS = {
    "name": ("name_key", "date_of_birth", "id"),
    "-name": ("-name_key", "-date_of_birth", "-id"),
    "born": ("date_of_birth", "name_key", "id"),
    "-born": ("-date_of_birth", "name_key", "id"),
}
EXPORT_FIELDS = [*PROFILE_FIELDS, "admitted_on", "official_on"]


def _filtered(request) -> tuple[MemberFilterForm, QuerySet[Member]]:
    """The filtered register, each row with its organization and status on the filter date."""
    form = MemberFilterForm(request.GET, user=request.user)
    if form.is_valid():
        qs = apply_filters(None, form.cleaned_data, request.user)
        return form, annotate_on(qs, form.cleaned_data["on"])
    if form.has_error("on", "date_out_of_range"):
        raise BadInput(form.errors["on"])
    return form, Member.objects.none()


def organization_on(member: Member) -> str:
    """Where the member stood on the list's date (the cached organization for a former member)."""
    return member.on_org_name or (member.organization.name if member.organization else "")


def status_on(member: Member) -> str:
    """The spell status on the list's date; for a former member, the status their history ended with."""
    if not member.on_status:
        return member.get_status_display()
    label = str(SpellStatus(member.on_status).label)
    return "{} ({})".format(label, _("exempted")) if member.on_exempt else label


def _subtree_names(form: MemberFilterForm) -> str:
    """The subtree an export lists: the filter's organization, else the user's reach."""
    data = form.cleaned_data
    if data.get("org"):
        return data["org"].name
    return ", ".join(v.name for v in reach(form.user, data["on"]))


def _heading(form: MemberFilterForm) -> str:
    """What the count counts, in words: members of the subtree on the date, or former members by it."""
    data = form.cleaned_data
    if data.get("org"):
        where = data["org"].name
    else:
        where = ", ".join(v.name for v in reach(form.user, data["on"])) or _("your own record")
    values = {"org": where, "date": format_date(data["on"])}
    if is_former(data.get("status") or ""):
        return _("former members of %(org)s by %(date)s") % values
    return _("members of %(org)s on %(date)s") % values


@login_required
def member_list(request):
    form, qs = _filtered(request)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "name"
    qs = qs.select_related("organization", "ethnicity").order_by(*SORTS[sort])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    # Cells repeat their names from commune to commune: each shown with its parent, on that date's tree.
    labels = (
        labels_on({m.on_org_id for m in page.object_list if m.on_org_id}, form.cleaned_data["on"])
        if form.is_valid()
        else {}
    )
    for member in page.object_list:
        member.organization_on = labels.get(member.on_org_id) or organization_on(member)
        member.status_on = status_on(member)
    return render(
        request,
        "members/list.html",
        {
            "form": form,
            "page": page,
            "sort": sort,
            "may_create": may(request.user, Action.MEMBER_REGISTER),
            "may_export": may(request.user, Action.EXPORT_LISTS),
            "on": form.cleaned_data.get("on") if form.is_valid() else None,
            "heading": _heading(form) if form.is_valid() else "",
        },
    )


def _display(member: Member, name: str):
    """A profile value as people read it: choice labels, related names, dd/mm/yyyy dates."""
    field = Member._meta.get_field(name)
    if field.choices:
        return getattr(member, f"get_{name}_display")()
    value = getattr(member, name)
    if value is None:
        return ""
    if isinstance(value, date):
        return value
    return value if isinstance(value, str) else str(value)


def _export_row(member: Member) -> list:
    return [*(_display(member, name) for name in EXPORT_FIELDS), organization_on(member), status_on(member)]


@login_required
def member_export(request):
    require(request.user, Action.EXPORT_LISTS)
    form, qs = _filtered(request)
    qs = scope(qs, request.user, action=Action.EXPORT_LISTS)
    if not form.is_valid():
        messages.error(request, _("Correct the filters before exporting."))
        return redirect(f"{reverse('members:list')}?{request.GET.urlencode()}")
    qs = qs.select_related("organization", "ethnicity", "religion", "residential_unit").order_by(*SORTS["name"])
    on: date = form.cleaned_data["on"]
    headers = [capfirst(str(Member._meta.get_field(name).verbose_name)) for name in EXPORT_FIELDS]
    headers += [_("Organization on that date"), _("Status on that date")]
    response: HttpResponse = xlsx_response(
        filename=f"dang-vien-{on:%Y%m%d}.xlsx",
        title=_("Party members"),
        headers=headers,
        rows=(_export_row(m) for m in qs.iterator(chunk_size=2000)),
        caption=export_title(_("Party members"), org=_subtree_names(form), on=on),
    )
    return response


def _names_on(pairs: list[tuple[int, date]]) -> dict[tuple[int, date], str]:
    """The name each organization bore on each date (history shows the district of 2009, not today's)."""
    ids = {org_id for org_id, _on in pairs}
    versions: dict[int, list[OrgVersion]] = {}
    for version in OrgVersion.objects.filter(organization_id__in=ids).order_by("valid_from"):
        versions.setdefault(version.organization_id, []).append(version)
    names = {}
    for org_id, on in pairs:
        for version in versions.get(org_id, []):
            if version.valid_from <= on and (version.valid_to is None or on < version.valid_to):
                names[(org_id, on)] = version.name
    return names


def qualification_history(member: Member) -> list:
    """The member's education and qualifications as dated facts, each with its level's label and
    the certificate that gave it (`training.queries.history_of`)."""
    from coso.training.queries import history_of

    facts = list(history_of(member=member))
    for fact in facts:
        fact.level_label = dict(Member._meta.get_field(fact.field).choices or []).get(fact.value, fact.value)
    return facts


@login_required
def member_detail(request, member_id: int):
    member = get_for_user(
        Member.objects.select_related("organization", "ethnicity", "religion", "residential_unit"),
        member_id,
        request.user,
    )
    events = list(member.events.select_related("organization").order_by("on", "id"))
    spells = list(member.spells.select_related("organization").order_by("valid_from", "id"))
    names = _names_on(
        [(e.organization_id, e.on) for e in events if e.organization_id]
        + [(s.organization_id, s.valid_from) for s in spells]
    )
    for event in events:
        event.organization_name = names.get((event.organization_id, event.on)) or (
            event.organization.name if event.organization else ""
        )
    for spell in spells:
        spell.organization_name = names.get((spell.organization_id, spell.valid_from)) or spell.organization.name
    sections = [
        (title, [(Member._meta.get_field(name).verbose_name, _display(member, name)) for name in fields])
        for title, fields in PROFILE_SECTIONS
    ]
    context = {
        "member": member,
        "sections": sections,
        "events": events,
        "spells": spells,
        "qualifications": qualification_history(member),
    }
    context.update(
        may_edit=may_on(request.user, Action.PROFILE_EDIT, member),
        may_record=bool(allowed_fact_kinds(request.user, member)),
        may_transfer=may_on(request.user, Action.TRANSFER_ISSUE, member),
    )
    context["writable"] = context["may_edit"] or context["may_record"]
    deletable = {}
    for event in events:
        action = fact_action(event.kind)
        if action not in deletable:
            deletable[action] = may_on(request.user, action, member)
        event.deletable = deletable[action]
    return render(request, "members/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request):
    require(request.user, Action.MEMBER_REGISTER)
    form = MemberCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            member = member_register(profile=form.profile(), **form.first_fact(), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added to the register.") % {"name": member.full_name})
            return redirect("members:detail", member_id=member.pk)
    return render(request, "members/form.html", {"form": form, "title": _("New party member")})


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, member_id: int):
    member = get_for_user(Member, member_id, request.user, action=Action.PROFILE_EDIT)
    # The form validates a copy: the service must see the record as it was, to audit the change.
    form = MemberProfileForm(request.POST or None, instance=copy.copy(member), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            member_update_profile(
                member=member,
                data=form.profile(),
                version=form.loaded_version(),
                qualification_since=form.qualification_since(),
                actor=request.user,
            )
        except StaleEdit as exc:
            form.rebase(exc)
            add_service_errors(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The profile of %(name)s was saved.") % {"name": member.full_name})
            return redirect("members:detail", member_id=member.pk)
    return render(
        request,
        "members/form.html",
        {"form": form, "member": member, "title": _("Edit profile: %(name)s") % {"name": member.full_name}},
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_add(request, member_id: int):
    member = get_for_user(Member.objects.select_related("organization"), member_id, request.user)
    if not allowed_fact_kinds(request.user, member):
        raise PermissionDenied
    form = MemberEventForm(request.POST or None, user=request.user, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            event = member_record_event(member=member, **form.event_kwargs(), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Recorded: %(fact)s on %(date)s.")
                % {"fact": event.get_kind_display(), "date": format_date(event.on)},
            )
            return redirect("members:detail", member_id=member.pk)
    events = list(member.events.select_related("organization").order_by("on", "id"))
    return render(request, "members/event_form.html", {"form": form, "member": member, "events": events})


@login_required
@require_http_methods(["GET", "POST"])
def event_delete(request, event_id: int):
    event = get_for_user(MemberEvent.objects.select_related("member", "organization"), event_id, request.user)
    member = event.member
    if not may_on(request.user, fact_action(event.kind), member):
        raise PermissionDenied
    if request.method == "POST":
        try:
            member_delete_event(event=event, actor=request.user)
        except ValidationError as exc:
            reason = " ".join(exc.messages)
            messages.error(
                request,
                _("The fact %(fact)s of %(date)s cannot be removed: %(reason)s")
                % {"fact": event.get_kind_display(), "date": format_date(event.on), "reason": reason},
            )
        else:
            messages.success(
                request,
                _("Removed: %(fact)s of %(date)s.") % {"fact": event.get_kind_display(), "date": format_date(event.on)},
            )
        return redirect("members:detail", member_id=member.pk)
    return render(request, "members/event_confirm_delete.html", {"event": event, "member": member})
