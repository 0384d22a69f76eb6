"""Pages of an evaluation campaign: the list, opening one (with its progress bar), completion per
unit, a unit's page of ratings (proposals or decisions in bulk, with the quota live), one record's
steps, closing.

Thin views: organizations and records come through `accounts.scoping` (404 out of scope, 403 when
the role at that level may not take the step), every write through one service; a refused write
re-shows the page with the service's messages, the quota's among them, and writes nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coso.accounts.actions import Action
from coso.accounts.scoping import (
    competent_nodes,
    get_for_user,
    is_admin,
    may,
    may_on,
    own_member_ids,
    require,
    scoped_paths,
)
from coso.common.dates import today
from coso.common.forms import add_errors
from coso.common.text import format_count
from coso.common.versions import StaleEdit
from coso.evaluation import queries, rules, services
from coso.evaluation.documents import format_score
from coso.evaluation.forms import (
    CampaignForm,
    CloseForm,
    CommendForm,
    DecideForm,
    DecisionMetaForm,
    NotRateForm,
    OpinionForm,
    ProposeForm,
    SelfAssessForm,
)
from coso.evaluation.models import Campaign, Evaluation, Grade, Stage, SubjectKind
from coso.organizations.models import Organization

UNITS_PER_PAGE = 100
PAGE_LIMIT = 400  # records on one unit page (a cell rarely has more than 200 members)


def _flash(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _campaign(request, campaign_id: int) -> Campaign:
    """A campaign the user follows (over their subtree, or over a subtree holding their node)."""
    return get_object_or_404(queries.visible_campaigns(request.user), pk=campaign_id)


def _record(request, evaluation_id: int, *, action: Action | None = None) -> Evaluation:
    """A record in the user's scope; for a step, the role must be competent on it (the member's own
    self-assessment aside, which `self_assess` checks)."""
    qs = Evaluation.objects.select_related(
        "campaign", "campaign__rule_set", "member", "organization", "deciding_committee"
    )
    return get_for_user(qs, evaluation_id, request.user, action=action)


# The list and opening ------------------------------------------------------------------------


@login_required
def campaign_list(request):
    campaigns = list(queries.visible_campaigns(request.user).order_by("-period_end", "root__path")[:200])
    return render(
        request,
        "evaluation/campaigns.html",
        {
            "section": "evaluation",
            "campaigns": campaigns,
            "may_open": is_admin(request.user) or may(request.user, Action.EVALUATION_CAMPAIGN),
        },
    )


def _committees(user):
    if is_admin(user):
        return Organization.objects.filter(kind__in=["province", "upper", "grassroots_committee", "grassroots_cell"])
    ids = [org.pk for org, _reach in competent_nodes(user, Action.EVALUATION_CAMPAIGN)]
    return Organization.objects.filter(pk__in=ids)


@login_required
def campaign_open(request):
    require(request.user, Action.EVALUATION_CAMPAIGN)
    committees = _committees(request.user).order_by("path")
    initial = {"year": today().year, "opened_on": today(), "committee": committees.first()}
    form = CampaignForm(request.POST or None, committees=committees, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require(request.user, Action.EVALUATION_CAMPAIGN, data["committee"])
        try:
            campaign = services.campaign_create(
                committee=data["committee"],
                period_kind=data["period_kind"],
                year=data["year"],
                quarter=data["quarter"],
                end_year=data["end_year"],
                opened_on=data["opened_on"],
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            try:
                queued = services.campaign_start(campaign, actor=request.user)
            except Exception:  # the campaign is marked failed with its error; its page says so
                queued = False
            if not queued and campaign.is_ready:
                messages.success(
                    request,
                    _("Campaign %(campaign)s opened: %(n)s records created.")
                    % {"campaign": campaign, "n": format_count(campaign.job_total)},
                )
            return redirect("evaluation:campaign", campaign_id=campaign.pk)
    return render(request, "evaluation/campaign_open.html", {"section": "evaluation", "form": form})


# One campaign -------------------------------------------------------------------------------


@login_required
def campaign_detail(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    records = queries.records_for(request.user, campaign)
    units = queries.completion_by_unit(campaign, records) if campaign.is_ready else []
    page = Paginator(units, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    counts = queries.stage_counts(records) if campaign.is_ready else {}
    total = sum(counts.values())
    done = counts.get(Stage.DECIDED, 0) + counts.get(Stage.NOT_RATED, 0)
    root_writable = may(request.user, Action.EVALUATION_CAMPAIGN, campaign.root) and (
        is_admin(request.user) or campaign.root.path.startswith(tuple(scoped_paths(request.user)))
    )
    return render(
        request,
        "evaluation/campaign.html",
        {
            "section": "evaluation",
            "campaign": campaign,
            "units": page.object_list,
            "page": page,
            "units_total": len(units),
            "units_complete": sum(1 for u in units if u.complete),
            "counts": counts,
            "total": total,
            "done": done,
            "may_manage": root_writable,
            "close_form": CloseForm(initial={"closed_on": today()}),
            "values": campaign.rule_set.values,
        },
    )


@login_required
def campaign_progress(request, campaign_id: int):
    """The progress bar alone (htmx polls it while the records are being created)."""
    campaign = _campaign(request, campaign_id)
    response = render(request, "evaluation/_progress.html", {"campaign": campaign})
    if campaign.is_ready:
        response["HX-Refresh"] = "true"
    return response


def _campaign_for_write(request, campaign_id: int) -> Campaign:
    qs = Campaign.objects.select_related("root", "committee", "rule_set")
    campaign = get_for_user(qs, campaign_id, request.user)
    if not may(request.user, Action.EVALUATION_CAMPAIGN, campaign.root):
        raise PermissionDenied
    return campaign


@login_required
@require_POST
def campaign_close(request, campaign_id: int):
    campaign = _campaign_for_write(request, campaign_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.campaign_close(campaign, closed_on=form.cleaned_data["closed_on"], actor=request.user)
            messages.success(request, _("The campaign is closed; its records are read-only."))
        except ValidationError as exc:
            _flash(request, exc)
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("evaluation:campaign", campaign_id=campaign.pk)


@login_required
@require_POST
def campaign_refresh(request, campaign_id: int):
    campaign = _campaign_for_write(request, campaign_id)
    try:
        added = services.campaign_refresh(campaign, actor=request.user)
        messages.success(request, _("%(n)s records added.") % {"n": format_count(added)})
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("evaluation:campaign", campaign_id=campaign.pk)


# A unit's page of ratings ---------------------------------------------------------------------


def _unit_records(campaign: Campaign, unit: Organization):
    """The unit's members' records and the records of the organizations it decides on."""
    return (
        campaign.evaluations.filter(
            Q(subject_kind=SubjectKind.MEMBER, organization=unit)
            | Q(subject_kind=SubjectKind.ORGANIZATION, deciding_committee=unit)
        )
        .select_related("member", "organization", "deciding_committee")
        .order_by("subject_kind", "member__full_name", "organization__path")
    )


def _quota_groups(campaign: Campaign, records, changes: dict[int, str] | None = None) -> list[dict]:
    """The quota of each group the page's records belong to, as it stands or after `changes`."""
    values = campaign.rule_set.values
    groups: dict[tuple[int, str], dict] = {}
    for e in records:
        key = (e.deciding_committee_id, e.subject_kind)
        group = groups.setdefault(key, {"committee": e.deciding_committee, "kind": e.subject_kind, "changes": {}})
        if changes and e.pk in changes and changes[e.pk] and changes[e.pk] != e.grade:
            group["changes"][e.pk] = (e.grade, changes[e.pk])
    out = []
    for (committee_id, kind), group in groups.items():
        current = queries.decided_grades(committee_id, campaign.period_key, kind)
        state = rules.quota_after(current, group["changes"], values)
        out.append(
            {
                "committee": group["committee"],
                "kind": kind,
                "kind_label": SubjectKind(kind).label,
                "state": state,
                "message": "" if state.ok else services.quota_message(group["committee"].name, kind, state),
            }
        )
    return out


def _page_input(request, records) -> tuple[dict[int, str], dict[int, str]]:
    grades = {e.pk: request.POST.get(f"grade_{e.pk}", "") for e in records}
    scores = {e.pk: request.POST.get(f"score_{e.pk}", "") for e in records}
    return grades, scores


@login_required
def unit_page(request, campaign_id: int, org_id: int):
    campaign = _campaign(request, campaign_id)
    unit = get_for_user(Organization, org_id, request.user)
    records = list(_unit_records(campaign, unit)[:PAGE_LIMIT])
    may_decide_members = may(request.user, Action.EVALUATION_DECIDE_MEMBER, unit)
    may_decide_orgs = any(
        may_on(request.user, Action.EVALUATION_DECIDE_ORG, e) for e in records if e.organization_id != unit.pk
    )
    may_propose = may(request.user, Action.EVALUATION_PROPOSE, unit)
    meta = DecisionMetaForm(initial={"decided_on": today()})
    ready = campaign.is_open and campaign.is_ready
    return _unit_render(
        request, campaign, unit, records, {}, {}, meta,
        may_decide=ready and (may_decide_members or may_decide_orgs), may_propose=ready and may_propose,
    )  # fmt: skip


def _rows(records, grades: dict, scores: dict) -> list[dict]:
    """The page's rows; each member's previous yearly rating beside it (one query), so a member
    who did not complete last year — failing twice would mean removal (Điều lệ Đảng, Điều 8) —
    stands out while the cell decides."""
    years = {e.campaign.year for e in records if e.campaign.period_kind == "year"} if records else set()
    history = (
        queries.grades_by_year([e.member_id for e in records if e.member_id], up_to=max(years) - 1) if years else {}
    )
    return [
        {
            "e": e,
            "last_year": history.get(e.member_id, {}).get(e.campaign.year - 1, "") if e.member_id else "",
            "grade": grades.get(e.pk, e.grade or e.proposed_grade or ""),
            "score": scores.get(e.pk, format_score(e.score if e.score is not None else e.proposed_score)),
        }
        for e in records
    ]


@login_required
@require_POST
def unit_quota(request, campaign_id: int, org_id: int):
    """The quota panel after the page's choices so far (htmx, on every change of a level)."""
    campaign = _campaign(request, campaign_id)
    unit = get_for_user(Organization, org_id, request.user)
    records = list(_unit_records(campaign, unit)[:PAGE_LIMIT])
    grades, scores = _page_input(request, records)
    values = campaign.rule_set.values
    if rules.is_scored(values):
        for pk, raw in scores.items():
            if not grades.get(pk) and raw:
                try:
                    score = services.parse_score(raw)
                except ValidationError:
                    continue
                if score is not None and rules.score_error(score, values) is None:
                    grades[pk] = rules.grade_for_score(score, values)
    return render(request, "evaluation/_quota.html", {"groups": _quota_groups(campaign, records, grades)})


@login_required
@require_POST
def unit_decide(request, campaign_id: int, org_id: int):
    """The page's decisions at once (`services.decide_many`: all, or none with the reasons)."""
    campaign = _campaign(request, campaign_id)
    unit = get_for_user(Organization, org_id, request.user)
    records = list(_unit_records(campaign, unit)[:PAGE_LIMIT])
    orgs = [e for e in records if e.subject_kind == SubjectKind.ORGANIZATION]
    if not may(request.user, Action.EVALUATION_DECIDE_MEMBER, unit) and not (
        orgs and all(may_on(request.user, Action.EVALUATION_DECIDE_ORG, e) for e in orgs)
    ):
        raise PermissionDenied
    grades, scores = _page_input(request, records)
    chosen = [e for e in records if grades.get(e.pk) or scores.get(e.pk)]
    for e in chosen:
        action = (
            Action.EVALUATION_DECIDE_MEMBER if e.subject_kind == SubjectKind.MEMBER else Action.EVALUATION_DECIDE_ORG
        )
        if not may_on(request.user, action, e):
            raise PermissionDenied
    meta = DecisionMetaForm(request.POST)
    error_messages: list[str] = []
    if not chosen:
        error_messages.append(_("Choose a rating for at least one record."))
    elif meta.is_valid():
        decisions = [services.Decision(e.pk, grades.get(e.pk, ""), scores.get(e.pk, "")) for e in chosen]
        try:
            services.decide_many(
                campaign,
                decisions,
                on=meta.cleaned_data["decided_on"],
                decision_number=meta.cleaned_data["decision_number"],
                decision_issuer=meta.cleaned_data["decision_issuer"],
                actor=request.user,
            )
        except ValidationError as exc:
            error_messages += exc.messages
        else:
            messages.success(request, _("%(n)s ratings decided.") % {"n": format_count(len(decisions))})
            return redirect("evaluation:unit", campaign_id=campaign.pk, org_id=unit.pk)
    return _unit_refused(request, campaign, unit, records, grades, scores, meta, error_messages, "decide")


@login_required
@require_POST
def unit_propose(request, campaign_id: int, org_id: int):
    """The cell's proposals for its members, one service call each, all in one transaction."""
    from django.db import transaction

    campaign = _campaign(request, campaign_id)
    unit = get_for_user(Organization, org_id, request.user, action=Action.EVALUATION_PROPOSE)
    records = [e for e in _unit_records(campaign, unit)[:PAGE_LIMIT] if e.subject_kind == SubjectKind.MEMBER]
    grades, scores = _page_input(request, records)
    meta = DecisionMetaForm(request.POST)
    chosen = [e for e in records if (grades.get(e.pk) or scores.get(e.pk)) and e.stage not in services.DECIDED_STAGES]
    error_messages: list[str] = []
    if not chosen:
        error_messages.append(_("Choose a rating for at least one record."))
    elif meta.is_valid():
        try:
            with transaction.atomic():
                for e in chosen:
                    e.campaign = campaign
                    services.propose(
                        e,
                        grade=grades[e.pk],
                        score=scores[e.pk],
                        on=meta.cleaned_data["decided_on"],
                        actor=request.user,
                    )
        except ValidationError as exc:
            error_messages += exc.messages
        else:
            messages.success(request, _("%(n)s proposals recorded.") % {"n": format_count(len(chosen))})
            return redirect("evaluation:unit", campaign_id=campaign.pk, org_id=unit.pk)
    return _unit_refused(request, campaign, unit, records, grades, scores, meta, error_messages, "propose")


def _unit_refused(request, campaign, unit, records, grades, scores, meta, error_messages, mode):
    return _unit_render(
        request, campaign, unit, records, grades, scores, meta, may_decide=mode == "decide",
        may_propose=mode == "propose" or may(request.user, Action.EVALUATION_PROPOSE, unit),
        mode=mode, errors=error_messages, status=400,
    )  # fmt: skip


def _unit_render(request, campaign, unit, records, grades, scores, meta, *, may_decide, may_propose, mode="decide",
                 errors=(), status=200):  # fmt: skip
    """The unit page, as loaded or as refused (the choices kept, the reasons and the quota shown).

    The quota panel is judged on the levels the page shows (the decided or proposed ones, or the
    user's choices), so what it says is what sending the page would do."""
    rows = _rows(records, grades, scores)
    shown = {row["e"].pk: row["grade"] for row in rows}
    return render(
        request,
        "evaluation/unit.html",
        {
            "section": "evaluation",
            "campaign": campaign,
            "unit": unit,
            "records": records,
            "rows": rows,
            "groups": _quota_groups(campaign, records, shown),
            "scored": rules.is_scored(campaign.rule_set.values),
            "may_decide": may_decide,
            "may_propose": may_propose,
            "meta": meta,
            "mode": mode,
            "errors": list(errors),
            "grades": Grade.choices,
        },
        status=status,
    )


# One record ---------------------------------------------------------------------------------


def _may_self_assess(user, e: Evaluation) -> bool:
    return (e.member_id is not None and e.member_id in own_member_ids(user)) or may_on(
        user, Action.EVALUATION_REVIEW, e
    )


def record_page(request, e: Evaluation, forms: dict | None = None, status: int = 200):
    user = request.user
    campaign = e.campaign
    steppable = campaign.is_open and campaign.is_ready and e.stage not in services.DECIDED_STAGES
    decide_action = (
        Action.EVALUATION_DECIDE_MEMBER if e.subject_kind == SubjectKind.MEMBER else Action.EVALUATION_DECIDE_ORG
    )
    forms = forms or {}
    on = today()
    context = {
        "section": "evaluation",
        "e": e,
        "campaign": campaign,
        "goals": queries.goals_of(e),
        "opinions": e.opinions.all(),
        "scored": rules.is_scored(campaign.rule_set.values),
        "may_self": steppable and _may_self_assess(user, e),
        "may_review": steppable and may_on(user, Action.EVALUATION_REVIEW, e),
        "may_propose": steppable and may_on(user, Action.EVALUATION_PROPOSE, e),
        "may_decide": campaign.is_open
        and campaign.is_ready
        and e.stage != Stage.NOT_RATED
        and may_on(user, decide_action, e),
        "may_not_rate": campaign.is_open
        and campaign.is_ready
        and e.stage != Stage.NOT_RATED
        and may_on(user, decide_action, e),
        "may_commend": e.stage == Stage.DECIDED
        and not e.commended_on
        and may_on(user, Action.EVALUATION_COMMEND, e)
        and rules.commendable(e.grade, campaign.rule_set.values),
        "self_form": forms.get("self")
        or SelfAssessForm(
            initial={
                "text": e.self_text,
                "grade": e.self_grade,
                "score": format_score(e.self_score),
                "on": on,
                "version": e.version,
            }
        ),
        "opinion_form": forms.get("opinion") or OpinionForm(initial={"given_on": on}),
        "propose_form": forms.get("propose")
        or ProposeForm(
            initial={
                "grade": e.proposed_grade or e.self_grade,
                "score": format_score(e.proposed_score),
                "on": on,
                "version": e.version,
            }
        ),
        "decide_form": forms.get("decide")
        or DecideForm(
            initial={
                "grade": e.grade or e.proposed_grade,
                "score": format_score(e.score if e.score is not None else e.proposed_score),
                "decided_on": on,
                "decision_number": e.decision_number,
                "decision_issuer": e.decision_issuer,
                "version": e.version,
            }
        ),
        "not_rate_form": forms.get("not_rate") or NotRateForm(initial={"on": on}),
        "commend_form": forms.get("commend") or CommendForm(initial={"on": on}),
        "history": queries.grades_by_year([e.member_id], up_to=campaign.year).get(e.member_id, {})
        if e.member_id
        else {},
    }
    return render(request, "evaluation/record.html", context, status=status)


@login_required
def record_detail(request, evaluation_id: int):
    return record_page(request, _record(request, evaluation_id))


def _step(request, evaluation_id: int, *, action, form_class, key: str, run):
    e = _record(request, evaluation_id, action=action)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(e, form.cleaned_data)
        except StaleEdit as exc:
            form.rebase(exc)
            add_errors(form, exc)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return redirect("evaluation:record", evaluation_id=e.pk)
    return record_page(request, e, {key: form}, status=400)


@login_required
@require_POST
def self_assess(request, evaluation_id: int):
    e = _record(request, evaluation_id)
    if not _may_self_assess(request.user, e):
        raise PermissionDenied
    form = SelfAssessForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.self_assess(
                e,
                text=d["text"],
                grade=d["grade"],
                score=d["score"],
                on=d["on"],
                actor=request.user,
                version=form.loaded_version(),
            )
        except StaleEdit as exc:
            form.rebase(exc)
            add_errors(form, exc)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Self-assessment saved."))
            return redirect("evaluation:record", evaluation_id=e.pk)
    return record_page(request, e, {"self": form}, status=400)


@login_required
@require_POST
def opinion_add(request, evaluation_id: int):
    return _step(
        request, evaluation_id, action=Action.EVALUATION_REVIEW, form_class=OpinionForm, key="opinion",
        run=lambda e, d: services.opinion_add(e, source=d["source"], source_name=d["source_name"], text=d["text"], given_on=d["given_on"], actor=request.user),
    )  # fmt: skip


@login_required
@require_POST
def propose(request, evaluation_id: int):
    return _step(
        request, evaluation_id, action=Action.EVALUATION_PROPOSE, form_class=ProposeForm, key="propose",
        run=lambda e, d: services.propose(e, grade=d["grade"], score=d["score"], note=d["note"], on=d["on"], actor=request.user, version=d.get("version")),
    )  # fmt: skip


def _decide_action(request, evaluation_id: int) -> Action:
    kind = Evaluation.objects.filter(pk=evaluation_id).values_list("subject_kind", flat=True).first()
    if kind is None:
        raise Http404
    return Action.EVALUATION_DECIDE_MEMBER if kind == SubjectKind.MEMBER else Action.EVALUATION_DECIDE_ORG


@login_required
@require_POST
def decide(request, evaluation_id: int):
    return _step(
        request, evaluation_id, action=_decide_action(request, evaluation_id), form_class=DecideForm, key="decide",
        run=lambda e, d: services.decide(e, grade=d["grade"], score=d["score"], on=d["decided_on"], actor=request.user, version=d.get("version"),
                                         decision_number=d["decision_number"], decision_issuer=d["decision_issuer"]),
    )  # fmt: skip


@login_required
@require_POST
def not_rate(request, evaluation_id: int):
    return _step(
        request, evaluation_id, action=_decide_action(request, evaluation_id), form_class=NotRateForm, key="not_rate",
        run=lambda e, d: services.not_rate(e, reason=d["reason"], on=d["on"], actor=request.user),
    )  # fmt: skip


@login_required
@require_POST
def commend(request, evaluation_id: int):
    return _step(
        request, evaluation_id, action=Action.EVALUATION_COMMEND, form_class=CommendForm, key="commend",
        run=lambda e, d: services.commend(e, on=d["on"], note=d["note"], actor=request.user),
    )  # fmt: skip


urlpatterns = [
    path("", campaign_list, name="campaigns"),
    path("open/", campaign_open, name="campaign_open"),
    path("campaigns/<int:campaign_id>/", campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/progress/", campaign_progress, name="campaign_progress"),
    path("campaigns/<int:campaign_id>/close/", campaign_close, name="campaign_close"),
    path("campaigns/<int:campaign_id>/refresh/", campaign_refresh, name="campaign_refresh"),
    path("campaigns/<int:campaign_id>/units/<int:org_id>/", unit_page, name="unit"),
    path("campaigns/<int:campaign_id>/units/<int:org_id>/quota/", unit_quota, name="unit_quota"),
    path("campaigns/<int:campaign_id>/units/<int:org_id>/decide/", unit_decide, name="unit_decide"),
    path("campaigns/<int:campaign_id>/units/<int:org_id>/propose/", unit_propose, name="unit_propose"),
    path("records/<int:evaluation_id>/", record_detail, name="record"),
    path("records/<int:evaluation_id>/self/", self_assess, name="self_assess"),
    path("records/<int:evaluation_id>/opinions/", opinion_add, name="opinion_add"),
    path("records/<int:evaluation_id>/propose/", propose, name="propose"),
    path("records/<int:evaluation_id>/decide/", decide, name="decide"),
    path("records/<int:evaluation_id>/not-rated/", not_rate, name="not_rate"),
    path("records/<int:evaluation_id>/commend/", commend, name="commend"),
]
