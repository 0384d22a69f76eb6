"""The read API under /api/v1/: the tree and the register as of any date, for scripts and dashboards.

Read-only by design: every write goes through the services behind the forms, which validate and
audit. Every endpoint reads through `accounts.scoping`, so a caller sees exactly what the same user
sees on the pages, and an object out of scope is a 404. The OpenAPI schema is public (it holds no
data); the interactive docs page is off because it would load its scripts from a CDN.
"""

from datetime import date
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query
from ninja.errors import AuthenticationError
from ninja.pagination import LimitOffsetPagination, paginate

from coso.accounts.scoping import get_for_user
from coso.api import queries
from coso.api.auth import API_AUTH
from coso.api.schemas import (
    ErrorOut,
    MemberCountsOut,
    MemberDetailOut,
    MemberFilters,
    MemberOut,
    OrganizationDetailOut,
    OrganizationOut,
)
from coso.common.dates import today
from coso.members.models import Member
from coso.organizations.models import Organization, OrgKind

MAX_PAGE = 500

api = NinjaAPI(
    title="Cơ Sở API",
    version="1",
    description=(
        "Read-only access to the organization tree and the member register, as of any date. "
        "Authenticate with a browser session or `Authorization: Bearer <key>` "
        "(keys are issued with `manage.py create_api_token USERNAME NAME`). "
        "A caller sees what its user sees in the web pages; anything else answers 404."
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url=None,
    auth=API_AUTH,
)

OnDate = Annotated[date | None, Query(description="As-of date (YYYY-MM-DD); today when omitted.")]
OrgId = Annotated[int, Path(description="Organization id.")]


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found, or outside your scope.")}, status=404)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    """A filter value the register does not know: 422, naming the field."""
    messages = [m for msgs in exc.message_dict.values() for m in msgs] if hasattr(exc, "error_dict") else exc.messages
    return api.create_response(request, {"detail": " ".join(messages)}, status=422)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    response = api.create_response(
        request, {"detail": _("Log in, or send an API token as 'Authorization: Bearer <key>'.")}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="coso"'
    return response


@api.get(
    "/organizations",
    response={200: list[OrganizationOut], 401: ErrorOut, 404: ErrorOut},
    url_name="organization-list",
    tags=["organizations"],
    summary="Organizations as of a date",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def organization_list(
    request,
    parent: Annotated[int | None, Query(description="Only the direct children of this organization id.")] = None,
    kind: Annotated[OrgKind | None, Query(description="Only organizations of this kind.")] = None,
    on: OnDate = None,
):
    """The organizations you may see, with their names and places in the tree on `on`, in tree order."""
    on = on or today()
    parent_org = get_for_user(Organization, parent, request.user) if parent is not None else None
    versions = queries.organization_versions_on(request.user, on, parent=parent_org, kind=kind)
    return queries.Page(versions, lambda v: queries.version_out(v, on))


@api.get(
    "/organizations/{int:org_id}",
    response={200: OrganizationDetailOut, 401: ErrorOut, 404: ErrorOut},
    url_name="organization-detail",
    tags=["organizations"],
    summary="One organization with its history",
)
def organization_detail(request, org_id: OrgId, on: OnDate = None):
    """The organization's name and place on `on`, and every version of them over time."""
    org = get_for_user(Organization.objects.select_related("org_type"), org_id, request.user)
    return queries.organization_detail_out(org, on or today())


@api.get(
    "/organizations/{int:org_id}/children",
    response={200: list[OrganizationOut], 401: ErrorOut, 404: ErrorOut},
    url_name="organization-children",
    tags=["organizations"],
    summary="Direct children of an organization as of a date",
)
def organization_children(request, org_id: OrgId, on: OnDate = None):
    on = on or today()
    org = get_for_user(Organization, org_id, request.user)
    return [queries.version_out(v, on) for v in queries.children_versions_on(request.user, org, on)]


@api.get(
    "/organizations/{int:org_id}/counts",
    response={200: MemberCountsOut, 401: ErrorOut, 404: ErrorOut},
    url_name="organization-counts",
    tags=["organizations"],
    summary="Member counts of a subtree as of a date",
)
def organization_counts(request, org_id: OrgId, on: OnDate = None):
    """Members of the subtree on `on` by status, gender, ethnicity, age band, education and political theory.

    Counted over the tree as it stood that day: a later merger does not change a past count.
    """
    org = get_for_user(Organization, org_id, request.user)
    return queries.counts_out(org, on or today())


@api.get(
    "/members",
    response={200: list[MemberOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    url_name="member-list",
    tags=["members"],
    summary="Search and filter the register",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def member_list(request, filters: Query[MemberFilters]):
    """Members you may see, in name order: the same filter as the register page and the reports.

    Attached members count in their home organization. An organization outside your scope is a 404.
    """
    if filters.org is not None:
        get_for_user(Organization, filters.org, request.user)
    members = queries.filtered_members(request.user, filters.model_dump())
    return queries.Page(members, queries.member_out)


@api.get(
    "/members/{int:member_id}",
    response={200: MemberDetailOut, 401: ErrorOut, 404: ErrorOut},
    url_name="member-detail",
    tags=["members"],
    summary="A member's profile and history",
)
def member_detail(request, member_id: Annotated[int, Path(description="Member id.")]):
    member = get_for_user(
        Member.objects.select_related("organization", "ethnicity", "religion"), member_id, request.user
    )
    return queries.member_detail_out(member)
