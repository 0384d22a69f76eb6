"""Searchable pickers for organizations and members: the choice lists, their widgets and the JSON
search the browser asks while a person types (`coso/pickers.js`, Tom Select).

A province holds thousands of organizations and tens of thousands of members: a `<select>` with all
of them is a megabyte of HTML nobody can scroll. A picker names a *source*, a function of the user
(and of the record the form is about) that returns the queryset of what that user may pick, always
through the one door (`coso.accounts.scoping`). The form's field takes its queryset from the same
source, so the server still refuses anything outside it whatever the browser sends, and the search
endpoint can only ever answer with what the form would accept.

A small list (at most `LOCAL_MAX` choices) is rendered whole: it works as a plain select without
JavaScript, and Tom Select searches it in the page. A larger one renders only the chosen value and
asks `pickers:organizations` / `pickers:members` for the rest, twenty at a time. Search is
diacritic-insensitive on both sides (`coso.common.text.fold`): "to dan pho 1" finds "Tổ dân phố 1".
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from coso.common.text import fold

#: Lists this long or shorter are rendered whole (a plain select without JavaScript).
LOCAL_MAX = 200
#: Results per search answer.
PAGE = 20
#: The longest search text read (a name and its parent's).
QUERY_MAX = 100

ORGANIZATIONS = "organizations"
MEMBERS = "members"


@dataclass(frozen=True)
class Source:
    kind: str
    choices: Callable[..., QuerySet]
    params: tuple[str, ...] = ()


# Sources ---------------------------------------------------------------------------------------
# Each returns a queryset already limited by `coso.accounts.scoping`; imports are local because the
# apps' query modules import forms that use this module.


def _visible_organizations(user) -> QuerySet:
    from coso.accounts.scoping import scope
    from coso.organizations.models import Organization

    return scope(Organization.objects.all(), user).order_by("path")


def _admission_cells(user) -> QuerySet:
    from coso.admission.queries import writable_cells

    return writable_cells(user).order_by("path")


def _class_organizers(user) -> QuerySet:
    from coso.accounts.actions import Action
    from coso.accounts.scoping import scope
    from coso.organizations.models import Organization

    return scope(
        Organization.objects.filter(dissolved_on__isnull=True).exclude(kind="party_group"),
        user,
        action=Action.CLASS_MANAGE,
    ).order_by("path")


def _admission_filter(user) -> QuerySet:
    from coso.accounts.scoping import scope
    from coso.organizations.models import Organization

    return scope(Organization.objects.exclude(kind="party_group"), user).order_by("path")


def _member_register(user) -> QuerySet:
    from coso.accounts.actions import Action
    from coso.accounts.scoping import scope
    from coso.organizations.models import Organization

    return scope(Organization.objects.all(), user, action=Action.MEMBER_REGISTER).order_by("path")


def _transfer_receivers(user) -> QuerySet:
    from coso.transfers.queries import writable_organizations

    return writable_organizations(user).order_by("path")


def _role_organizations(user) -> QuerySet:
    from coso.accounts.actions import Action
    from coso.accounts.scoping import scope
    from coso.organizations.models import Organization

    return scope(Organization.objects.filter(dissolved_on__isnull=True), user, action=Action.USERS_MANAGE).order_by(
        "path"
    )


def _report_organizations(user) -> QuerySet:
    from coso.targets.forms import report_org_choices

    return report_org_choices(user)


def _visible_members(user) -> QuerySet:
    from coso.accounts.scoping import scope
    from coso.members.models import Member

    return scope(Member.objects.all(), user)


def _former_members(user) -> QuerySet:
    from coso.accounts.scoping import scope
    from coso.members.history import LEAVING_STATUSES
    from coso.members.models import Member

    return scope(Member.objects.filter(status__in=LEAVING_STATUSES), user)


def _introducers(user, candidate) -> QuerySet:
    """Official and probationary members of the commune (or of the organization above a grassroots
    cell) of the candidate, who may introduce them (Party Statute art. 4; HD 01-HD/TW point 3.2)."""
    from coso.accounts.scoping import get_for_user, scope
    from coso.admission.models import Candidate
    from coso.members.models import Member
    from coso.organizations.queries import in_subtree_now

    if not isinstance(candidate, Candidate):
        candidate = get_for_user(Candidate.objects.select_related("organization__parent"), candidate, user)
    parent = candidate.organization.parent
    base = parent if parent and candidate.organization.kind == "cell" else candidate.organization
    return scope(Member.objects.filter(in_subtree_now(base), status__in=["official", "probationary"]), user)


SOURCES: dict[str, Source] = {
    "visible": Source(ORGANIZATIONS, _visible_organizations),
    "admission_cells": Source(ORGANIZATIONS, _admission_cells),
    "admission_filter": Source(ORGANIZATIONS, _admission_filter),
    "class_organizers": Source(ORGANIZATIONS, _class_organizers),
    "member_register": Source(ORGANIZATIONS, _member_register),
    "transfer_receivers": Source(ORGANIZATIONS, _transfer_receivers),
    "role_organizations": Source(ORGANIZATIONS, _role_organizations),
    "report_organizations": Source(ORGANIZATIONS, _report_organizations),
    "visible_members": Source(MEMBERS, _visible_members),
    "former_members": Source(MEMBERS, _former_members),
    "introducers": Source(MEMBERS, _introducers, params=("candidate",)),
}


def choices(name: str, user, **params) -> QuerySet:
    """The queryset of source `name` for `user`: what the form accepts and the search may answer."""
    source = SOURCES[name]
    qs = source.choices(user, **{key: params[key] for key in source.params})
    if source.kind == ORGANIZATIONS:
        return qs.select_related("parent")
    return qs.select_related("organization__parent")


# Labels ----------------------------------------------------------------------------------------


def organization_label(org) -> str:
    from coso.organizations.labels import label

    return label(org)


def member_label(member) -> str:
    """ "Nguyễn Văn Tuấn (1985) — Chi bộ thôn Đông — Đảng bộ xã An Lạc": namesakes told apart by
    their birth year and their cell."""
    from coso.organizations.labels import label

    born = f" ({member.date_of_birth:%Y})" if member.date_of_birth else ""
    place = label(member.organization) if member.organization_id else ""
    return f"{member.full_name}{born} — {place}" if place else f"{member.full_name}{born}"


# Widgets and fields ----------------------------------------------------------------------------


class PickerMixin:
    """Renders the whole list when it is small, only the chosen values when it is large, and says
    to `coso/pickers.js` where to search (`data-picker-url`)."""

    kind = ORGANIZATIONS
    source: str | None = None
    params: Mapping[str, object] = {}

    def _queryset(self):
        return getattr(self.choices, "queryset", None)

    def is_remote(self) -> bool:
        if not self.source:
            return False
        cached = getattr(self, "_remote", None)
        if cached is None:
            qs = self._queryset()
            cached = qs is not None and qs.count() > LOCAL_MAX
            self._remote = cached
        return cached

    def optgroups(self, name, value, attrs=None):
        if not self.is_remote():
            return super().optgroups(name, value, attrs)
        chosen = [v for v in value if v not in ("", None)]
        iterator = self.choices
        kept = []
        if getattr(iterator.field, "empty_label", None) is not None:
            kept.append(("", iterator.field.empty_label))
        if chosen:
            with contextlib.suppress(ValueError, TypeError):  # a posted value that is no id: nothing chosen
                kept += [iterator.choice(obj) for obj in self._queryset().filter(pk__in=chosen)]
        groups = []
        for index, (option_value, label) in enumerate(kept):
            selected = str(option_value) in {str(v) for v in chosen} or (option_value == "" and not chosen)
            groups.append((None, [self.create_option(name, option_value, label, selected, index, attrs=attrs)], index))
        return groups

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-picker"] = "remote" if self.is_remote() else "local"
        widget_attrs["data-picker-empty"] = str(_("Nothing found"))
        widget_attrs["data-picker-placeholder"] = str(_("Type to search"))
        widget_attrs["data-picker-clear"] = str(_("Clear"))
        if self.is_remote():
            query = {"source": self.source, **{k: v for k, v in self.params.items() if v is not None}}
            widget_attrs["data-picker-url"] = f"{reverse(f'pickers:{self.kind}')}?{urlencode(query)}"
        return context


class PickerSelect(PickerMixin, forms.Select):
    pass


class PickerSelectMultiple(PickerMixin, forms.SelectMultiple):
    pass


class _PickerField:
    kind = ORGANIZATIONS
    widget_class: type = PickerSelect

    def __init__(self, *args, source: str | None = None, **kwargs):
        kwargs.setdefault("widget", self.widget_class())
        super().__init__(*args, **kwargs)
        self.widget.kind = self.kind
        self.widget.source = source

    def _set_queryset(self, queryset):
        """Load what the labels read with the choices (one query for the list, not one per label)."""
        if queryset is not None:
            queryset = queryset.select_related("parent" if self.kind == ORGANIZATIONS else "organization__parent")
        forms.ModelChoiceField._set_queryset(self, queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def use(self, user, source: str | None = None, **params) -> None:
        """Take the queryset of the source (this field's, or `source`) for `user`."""
        self.widget.source = source or self.widget.source
        self.widget.params = params
        self.queryset = choices(self.widget.source, user, **params)


class OrganizationPickerField(_PickerField, forms.ModelChoiceField):
    """An organization with its parent in its label ("Chi bộ … — Đảng ủy phường …")."""

    def label_from_instance(self, obj) -> str:
        return organization_label(obj)


class OrganizationsPickerField(_PickerField, forms.ModelMultipleChoiceField):
    widget_class = PickerSelectMultiple

    def label_from_instance(self, obj) -> str:
        return organization_label(obj)


class MemberPickerField(_PickerField, forms.ModelChoiceField):
    kind = MEMBERS

    def label_from_instance(self, obj) -> str:
        return member_label(obj)


# Search endpoints ------------------------------------------------------------------------------


def _source_queryset(request, kind: str) -> QuerySet:
    name = request.GET.get("source") or ("visible" if kind == ORGANIZATIONS else "visible_members")
    source = SOURCES.get(name)
    if source is None or source.kind != kind:
        raise Http404
    params = {}
    for key in source.params:
        value = request.GET.get(key, "")
        if not value.isdigit():
            raise Http404
        params[key] = int(value)
    return choices(name, request.user, **params)


def _answer(results: list[tuple[int, str]], more: bool) -> JsonResponse:
    return JsonResponse({"results": [{"value": str(pk), "text": text} for pk, text in results], "more": more})


@require_GET
@login_required
def organizations(request):
    """Organizations of the source whose label (name and parent's name) or code holds every typed
    word, folded; in tree order. Folded in Python: a province's tree is a few thousand rows."""
    words = fold(request.GET.get("q", "")[:QUERY_MAX]).split()
    results = []
    for org in _source_queryset(request, ORGANIZATIONS).only("id", "name", "code", "path", "parent__name"):
        text = organization_label(org)
        haystack = fold(f"{text} {org.code}")
        if all(word in haystack for word in words):
            results.append((org.pk, text))
            if len(results) > PAGE:
                break
    return _answer(results[:PAGE], len(results) > PAGE)


@require_GET
@login_required
def members(request):
    """Members of the source whose folded name holds every typed word (the register's indexed
    `search_text`, `members.queries.search`)."""
    from coso.members.queries import search

    qs = search(_source_queryset(request, MEMBERS), request.GET.get("q", "")[:QUERY_MAX])
    rows = list(qs.order_by("full_name", "date_of_birth", "id")[: PAGE + 1])
    return _answer([(m.pk, member_label(m)) for m in rows[:PAGE]], len(rows) > PAGE)


app_name = "pickers"
urlpatterns = [
    path("organizations/", organizations, name=ORGANIZATIONS),
    path("members/", members, name=MEMBERS),
]
