"""The read API under /api/v1/: the tree and the register as of any date, and the member lifecycle
(admission pipeline and worklist, targets, party age and badges, transfers), for scripts and dashboards.

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
from ninja.errors import ValidationError as SchemaError
from ninja.pagination import paginate

from coso.accounts.scoping import get_for_user
from coso.admission.queries import candidates_for
from coso.api import figures as api_figures
from coso.api import queries
from coso.api.auth import API_AUTH
from coso.api.params import ApiDate, BoundedPagination, error_body, schema_errors, service_errors
from coso.api.schemas import (
    BadgeListOut,
    CandidateDetailOut,
    CandidateFilters,
    CandidateOut,
    ErrorOut,
    MemberCountsOut,
    MemberDetailOut,
    MemberFilters,
    MemberOut,
    MemberPartyAgeOut,
    OrganizationDetailOut,
    OrganizationOut,
    TargetProgressOut,
    TransferFilters,
    TransferOut,
    WorklistOut,
)
from coso.common.dates import check_period, today
from coso.members.models import Member
from coso.organizations.models import Organization, OrgKind
from coso.reports.catalogue import FIGURES, Reading, describe, value_out
from coso.rulesets.queries import NoRuleSet
from coso.targets.forms import default_org
from coso.transfers.queries import paper_for_user

MAX_PAGE = 500

api = NinjaAPI(
    title="Cơ Sở API",
    version="1",
    description=(
        "Read-only access to the organization tree, the member register as of any date, the admission "
        "pipeline and its worklist, admission targets, party age and badges, and transfers of party activity. "
        "Authenticate with a browser session or `Authorization: Bearer <key>` "
        "(keys are issued with `manage.py create_api_token USERNAME NAME`). "
        "A caller sees what its user sees in the web pages; anything else answers 404."
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url=None,
    auth=API_AUTH,
)

OnDate = Annotated[ApiDate | None, Query(description="As-of date (YYYY-MM-DD); today when omitted.")]
OrgId = Annotated[int, Path(description="Organization id.")]
Year = Annotated[int | None, Query(ge=1930, le=2100, description="The year; the current year when omitted.")]
ReportOrg = Annotated[
    int | None,
    Query(description="Organization id; when omitted, the highest organization in your scope."),
]


def report_org(user, org_id: int | None) -> Organization:
    """The organization a report is asked for (in scope, else 404), or the user's top one (as the pages do)."""
    if org_id is not None:
        return get_for_user(Organization, org_id, user)
    org = default_org(user)
    if org is None:
        raise Http404
    return org


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found, or outside your scope.")}, status=404)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    """A filter value the register does not know: 400, naming the field (coso.api.params)."""
    return api.create_response(request, error_body(service_errors(exc)), status=400)


@api.exception_handler(SchemaError)
def malformed(request, exc):
    """A parameter that is not what the schema says (a date out of range, an offset too far...): 400."""
    return api.create_response(request, error_body(schema_errors(exc.errors)), status=400)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    response = api.create_response(
        request, {"detail": _("Log in, or send an API token as 'Authorization: Bearer <key>'.")}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="coso"'
    return response


@api.get(
    "/organizations",
    response={200: list[OrganizationOut], 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="organization-list",
    tags=["organizations"],
    summary="Organizations as of a date",
)
@paginate(BoundedPagination, max_limit=MAX_PAGE)
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
    response={200: OrganizationDetailOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
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
    response={200: list[OrganizationOut], 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
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
    response={200: MemberCountsOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
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
    response={200: list[MemberOut], 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="member-list",
    tags=["members"],
    summary="Search and filter the register",
)
@paginate(BoundedPagination, max_limit=MAX_PAGE)
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
    response={200: MemberDetailOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="member-detail",
    tags=["members"],
    summary="A member's profile and history",
)
def member_detail(request, member_id: Annotated[int, Path(description="Member id.")]):
    member = get_for_user(
        Member.objects.select_related("organization", "ethnicity", "religion"), member_id, request.user
    )
    return queries.member_detail_out(member)


# Admission -------------------------------------------------------------------------------------


@api.get(
    "/candidates",
    response={200: list[CandidateOut], 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="candidate-list",
    tags=["admission"],
    summary="Admission candidates in scope",
)
@paginate(BoundedPagination, max_limit=MAX_PAGE)
def candidate_list(request, filters: Query[CandidateFilters]):
    """Candidates (quần chúng ưu tú) proposed by the cells you may see, in name order, whatever their stage.

    An organization outside your scope is a 404; an unknown stage or source a 400 naming it.
    """
    org = get_for_user(Organization, filters.org, request.user) if filters.org is not None else None
    qs = queries.filtered_candidates(request.user, org=org, stage=filters.stage, source=filters.source, q=filters.q)
    return queries.Page(qs, queries.candidate_out)


@api.get(
    "/candidates/{int:candidate_id}",
    response={200: CandidateDetailOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="candidate-detail",
    tags=["admission"],
    summary="A candidate's record, dossier and deadlines",
)
def candidate_detail(request, candidate_id: Annotated[int, Path(description="Candidate id.")]):
    """Profile, stage, introducers, the dossier's documents (number and date), classes, recorded rule
    exceptions, the deadline of the next step (working days, by the rule set in force on the event that
    starts it) and the member the admission decision created."""
    candidate = get_for_user(candidates_for(request.user).select_related("religion"), candidate_id, request.user)
    return queries.candidate_detail_out(candidate, request.user, today())


@api.get(
    "/admission/worklist",
    response={200: WorklistOut, 400: ErrorOut, 401: ErrorOut},
    url_name="admission-worklist",
    tags=["admission"],
    summary="Overdue and due-soon admission steps",
)
def admission_worklist(
    request,
    on: OnDate = None,
    days: Annotated[int, Query(ge=1, le=365, description="Due-soon window in days after `on`.")] = 30,
):
    """The items of the worklist page for your scope: committee decisions, ceremonies and recognition votes
    due (or overdue), and awareness certificates expiring before the cell has voted."""
    return queries.worklist_out(request.user, on or today(), days)


# Targets ---------------------------------------------------------------------------------------


@api.get(
    "/targets",
    response={200: TargetProgressOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="target-progress",
    tags=["targets"],
    summary="Admission progress against the yearly targets",
)
def target_progress(request, org: ReportOrg = None, year: Year = None):
    """Admitted / target for the subtree and per sub-unit, with the percentage and whether it is behind
    schedule, per month, and by ethnicity, religion, gender, age band, education, occupation and source.

    The same figures as the targets page: admissions are counted where they happened, in the tree as it
    stands on the report date (31/12 of a past year, today in the current year).
    """
    organization = report_org(request.user, org)
    return queries.progress_out(organization, year or today().year)


# Party age and badges --------------------------------------------------------------------------


@api.get(
    "/badges",
    response={200: BadgeListOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="badge-list",
    tags=["badges"],
    summary="Members due a party badge on an occasion",
)
def badge_list(
    request,
    org: ReportOrg = None,
    year: Year = None,
    occasion: Annotated[
        ApiDate | None,
        Query(description="The award occasion (YYYY-MM-DD); the next one (in `year`, if given) when omitted."),
    ] = None,
):
    """Who reaches 30, 40, 45 ... 90 years of party age by the occasion, with the early awards of gravely
    ill members; members already awarded that badge, deceased and former members are left out."""
    organization = report_org(request.user, org)
    chosen, occasions = queries.choose_occasion(year, occasion, today())
    return queries.badge_list_out(organization, chosen, occasions)


@api.get(
    "/members/{int:member_id}/party-age",
    response={200: MemberPartyAgeOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="member-party-age",
    tags=["badges"],
    summary="A member's party age and badges",
)
def member_party_age(request, member_id: Annotated[int, Path(description="Member id.")], on: OnDate = None):
    """Party age on `on`, net of the time outside the Party, the badges awarded and the next one due."""
    member = get_for_user(Member.objects.select_related("organization"), member_id, request.user)
    return queries.member_party_age_out(member, on or today())


# Transfers -------------------------------------------------------------------------------------


@api.get(
    "/transfers",
    response={200: list[TransferOut], 400: ErrorOut, 401: ErrorOut},
    url_name="transfer-list",
    tags=["transfers"],
    summary="Referrals of party activity in scope",
)
@paginate(BoundedPagination, max_limit=MAX_PAGE)
def transfer_list(request, filters: Query[TransferFilters]):
    """Papers issued from or arriving in your subtree, with their status and presentation deadline,
    nearest deadline first. `late`: still open and past the deadline on `on`."""
    on = filters.on or today()
    qs = queries.filtered_papers(
        request.user, status=filters.status, direction=filters.direction, kind=filters.kind, q=filters.q, on=on
    )
    return queries.Page(qs, lambda paper: queries.paper_out(paper, on))


@api.get(
    "/transfers/{int:paper_id}",
    response={200: TransferOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="transfer-detail",
    tags=["transfers"],
    summary="One referral of party activity",
)
def transfer_detail(request, paper_id: Annotated[int, Path(description="Paper id.")], on: OnDate = None):
    return queries.paper_out(paper_for_user(paper_id, request.user), on or today())


# The figure catalogue (coso.reports.catalogue): any figure's value and records --------------------
# Kept apart from the endpoints above: each figure is read through its one catalogue definition.


def _figure_reading(request, slug: str, org: int | None, on: date | None, start: date | None, end: date | None):
    """The figure, a reading of it for an organization in scope (404 otherwise) and its parameters."""
    figure = api_figures.figure_or_none(slug)
    if figure is None:
        raise Http404
    organization = report_org(request.user, org)
    last = end or on or today()
    if start is not None:
        try:
            check_period(start, last, field="from")
        except ValidationError as exc:
            raise api_figures.FigureError(" ".join(exc.messages)) from None
    reading = Reading(organization, on=last, start=start)
    return figure, reading, api_figures.params_from(figure, reading, request.GET)


def _figure_error(request, message: str):
    return api.create_response(
        request, error_body([{"field": "", "code": "invalid_figure_input", "message": message}]), status=400
    )


FigureSlug = Annotated[str, Path(description="The figure's slug (see /figures).")]
PeriodFrom = Annotated[ApiDate | None, Query(alias="from", description="First day of a period (period figures).")]
PeriodTo = Annotated[ApiDate | None, Query(alias="to", description="Last day of a period; `on` when omitted.")]
FigureParam = Annotated[
    str | None, Query(description="The value of a one-parameter figure, or `name:value`; or pass `?name=value`.")
]


@api.get(
    "/figures",
    response={200: list[api_figures.FigureOut], 401: ErrorOut},
    url_name="figure-list",
    tags=["figures"],
    summary="The figure catalogue",
)
def figure_list(request):
    """Every figure of the catalogue, with its timing (as of a date, or over a period), parameters,
    denominator and record columns."""
    return [describe(figure) for figure in FIGURES.values()]


@api.get(
    "/figures/{figure}",
    response={200: api_figures.FigureValueOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="figure-value",
    tags=["figures"],
    summary="A figure's value for an organization, as of a date or over a period",
)
def figure_value(
    request,
    figure: FigureSlug,
    org: ReportOrg = None,
    on: OnDate = None,
    start: PeriodFrom = None,
    end: PeriodTo = None,
    param: FigureParam = None,
):
    """The same number as the pages and the xlsx: the count of the figure's records (its catalogue
    definition), with the denominator the figure names and the percentage."""
    try:
        spec, reading, params = _figure_reading(request, figure, org, on, start, end)
        return value_out(reading, spec, params)
    except api_figures.FigureError as exc:
        return _figure_error(request, str(exc))
    except NoRuleSet as exc:
        return _figure_error(request, str(exc))


@api.get(
    "/figures/{figure}/records",
    response={200: list[dict], 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="figure-records",
    tags=["figures"],
    summary="The records behind a figure",
)
@paginate(BoundedPagination, max_limit=MAX_PAGE)
def figure_records(
    request,
    figure: FigureSlug,
    org: ReportOrg = None,
    on: OnDate = None,
    start: PeriodFrom = None,
    end: PeriodTo = None,
    param: FigureParam = None,
):
    """The figure's records, each with the columns of its list and xlsx; `count` equals the figure's value
    (for a figure with `total`, the sum of that column does)."""
    try:
        spec, reading, params = _figure_reading(request, figure, org, on, start, end)
        return api_figures.Records(spec, reading.rows(figure, **params))
    except api_figures.FigureError as exc:
        raise FigureBadRequest(str(exc)) from None
    except NoRuleSet as exc:
        raise FigureBadRequest(str(exc)) from None


class FigureBadRequest(Exception):
    """A figure's request it cannot answer, raised inside a paginated view (the API's 400)."""


@api.exception_handler(FigureBadRequest)
def figure_bad_request(request, exc):
    return _figure_error(request, str(exc))
