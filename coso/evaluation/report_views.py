"""The results of quality evaluation for a subtree: the summary table by level with the last two
years beside it, by organization type, its xlsx, and the committee's decision (.docx).

Every number is a figure of the catalogue (`evaluation/figures.py`) and links to its list; a
year's figures are read over [01/01, 31/12] of that year (up to today for the current year).
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from coso.accounts.actions import Action
from coso.accounts.scoping import get_for_user, may, require
from coso.common.dates import today
from coso.common.downloads import content_disposition
from coso.common.party_docx import DOCX_TYPE
from coso.common.text import fold, format_percent
from coso.common.xlsx import export_title, xlsx_response
from coso.evaluation import documents, queries
from coso.evaluation.figures import MEMBER_SUMMARY, ORG_SUMMARY
from coso.evaluation.models import Evaluation, SubjectKind
from coso.organizations.models import Organization, OrgVersion
from coso.organizations.queries import valid_on
from coso.reports.catalogue import Reading, get_figure
from coso.reports.figures import org_type_choices
from coso.reports.views import default_organization_id

YEARS_SHOWN = 3
LEVEL_FIGURES = {
    SubjectKind.MEMBER: [
        "evaluation-members-excellent",
        "evaluation-members-good",
        "evaluation-members-completed",
        "evaluation-members-not-completed",
    ],
    SubjectKind.ORGANIZATION: [
        "evaluation-orgs-excellent",
        "evaluation-orgs-good",
        "evaluation-orgs-completed",
        "evaluation-orgs-not-completed",
    ],
}


@dataclass
class Cell:
    value: int
    share: str
    url: str


def _bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), min(date(year, 12, 31), today())


def _figure_url(slug: str, org: Organization, year: int, **params) -> str:
    from django.urls import reverse

    start, end = _bounds(year)
    q = {
        "org": org.pk,
        "on": end.strftime("%d/%m/%Y"),
        "from": start.strftime("%d/%m/%Y"),
        "to": end.strftime("%d/%m/%Y"),
        **params,
    }
    return reverse("reports:figure", kwargs={"figure": slug}) + "?" + urlencode(q)


def _resolve(request) -> tuple[Organization, int]:
    org_id = request.GET.get("org") or default_organization_id(request.user)
    if not org_id:
        raise Http404
    try:
        org = get_for_user(Organization, int(org_id), request.user)
        year = int(request.GET.get("year") or today().year)
    except ValueError:
        raise Http404 from None
    if not 1990 <= year <= today().year:
        raise Http404
    return org, year


def summary(org: Organization, year: int) -> dict:
    """The summary rows: each figure's value and share per year, newest last."""
    years = list(range(year - YEARS_SHOWN + 1, year + 1))
    readings = {}
    for y in years:
        start, end = _bounds(y)
        reading = Reading(org, on=end, start=start)
        reading.prefetch([*MEMBER_SUMMARY, *ORG_SUMMARY])
        readings[y] = reading
    rows = {}
    for kind, slugs in ((SubjectKind.MEMBER, MEMBER_SUMMARY), (SubjectKind.ORGANIZATION, ORG_SUMMARY)):
        rows[kind] = [
            {
                "slug": slug,
                "label": str(get_figure(slug).label),
                "cells": [
                    Cell(
                        readings[y].value(slug),
                        readings[y].percent(slug) if get_figure(slug).denominator else "",
                        _figure_url(slug, org, y),
                    )
                    for y in years
                ],
            }
            for slug in slugs
        ]
    by_type = []
    types = dict(org_type_choices())
    current = readings[year]
    for kind, slugs in LEVEL_FIGURES.items():
        totals = current.breakdown(
            "evaluation-members-rated" if kind == SubjectKind.MEMBER else "evaluation-orgs-rated", "org_type"
        )
        grids = {slug: current.breakdown(slug, "org_type") for slug in slugs}
        for code, total in sorted(totals.items(), key=lambda kv: str(types.get(kv[0], kv[0]))):
            if not total:
                continue
            by_type.append(
                {
                    "kind": SubjectKind(kind).label,
                    "type": types.get(code, code),
                    "total": total,
                    "cells": [
                        Cell(
                            grids[slug].get(code, 0),
                            format_percent(grids[slug].get(code, 0), total),
                            _figure_url(slug, org, year, org_type=code),
                        )
                        for slug in slugs
                    ],
                }
            )
    return {
        "years": years,
        "rows": rows,
        "by_type": by_type,
        "failing": current.value("evaluation-members-failing-twice"),
    }


@login_required
def report(request):
    org, year = _resolve(request)
    data = summary(org, year)
    campaigns = list(queries.visible_campaigns(request.user).filter(year=year, root__path__startswith=org.path)[:20])
    return render(
        request,
        "evaluation/report.html",
        {
            "section": "evaluation",
            "org": org,
            "year": year,
            **data,
            "campaigns": campaigns,
            "may_export": may(request.user, Action.EXPORT_LISTS, org),
        },
    )


@login_required
def report_export(request):
    org, year = _resolve(request)
    require(request.user, Action.EXPORT_LISTS, org)
    data = summary(org, year)
    headers = [_("Figure")]
    for y in data["years"]:
        headers += [str(y), _("%(year)s (%%)") % {"year": y}]
    rows = []
    for kind in (SubjectKind.MEMBER, SubjectKind.ORGANIZATION):
        for row in data["rows"][kind]:
            line = [row["label"]]
            for cell in row["cells"]:
                line += [cell.value, cell.share]
            rows.append(line)
    title = _("Quality ratings %(year)s") % {"year": year}
    return xlsx_response(
        filename=f"{fold(title).replace(' ', '-')}.xlsx",
        title=title[:31],
        headers=headers,
        rows=rows,
        caption=export_title(title, org=org, on=date(year, 1, 1), until=_bounds(year)[1]),
    )


@login_required
def decision(request, campaign_id: int, org_id: int):
    """The deciding committee's decision on one kind of subject, with its attached list."""
    campaign = get_object_or_404(queries.visible_campaigns(request.user), pk=campaign_id)
    committee = get_for_user(Organization, org_id, request.user, action=Action.EXPORT_LISTS)
    kind = request.GET.get("kind", SubjectKind.MEMBER)
    if kind not in SubjectKind.values:
        raise Http404
    names = OrgVersion.objects.filter(
        valid_on(campaign.period_end), organization_id=OuterRef("organization_id")
    ).values("name")[:1]
    records = (
        Evaluation.objects.filter(campaign=campaign, deciding_committee=committee, subject_kind=kind)
        .exclude(stage__in=["pending", "self_assessed", "proposed"])
        .select_related("member", "organization")
        .annotate(on_org_name=Subquery(names))
        .order_by("organization__path", "member__full_name")
    )
    content = documents.decision_docx(campaign=campaign, committee=committee, subject_kind=kind, records=records)
    name = f"quyet-dinh-xep-loai-{'dang-vien' if kind == SubjectKind.MEMBER else 'to-chuc'}-{campaign.period_key}.docx"
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition(name)
    return response


urlpatterns = [
    path("report/", report, name="report"),
    path("report.xlsx", report_export, name="report_export"),
    path("campaigns/<int:campaign_id>/committees/<int:org_id>/decision.docx", decision, name="decision_docx"),
]
