"""Pages of the admission pipeline: worklist, board, candidate, stage actions, classes, Word forms.

Thin views: every object comes through `accounts.scoping.get_for_user` (404 out of scope, 403
read-only), every write through one service; a refused step re-renders the candidate page with
the service's messages, which name the rule and its regulation.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coso.accounts.actions import Action
from coso.accounts.scoping import get_for_user, may, may_on, require
from coso.admission import documents, queries, services
from coso.admission.forms import (
    CandidateFilterForm,
    CandidateForm,
    CellVoteForm,
    CeremonyForm,
    DecisionForm,
    DocumentForm,
    IntroducerForm,
    NonRecognitionForm,
    RecognitionForm,
    RuleExceptionForm,
    WithdrawForm,
)
from coso.admission.models import BEFORE_VOTE_STAGES, Candidate, Form, Stage
from coso.common.dates import date_param, today
from coso.common.downloads import content_disposition
from coso.common.forms import add_errors
from coso.common.party_docx import DOCX_TYPE
from coso.common.versions import StaleEdit
from coso.rulesets.calendar import CalendarNotCovered

# Worklist and board ------------------------------------------------------------------------------


@login_required
def worklist(request):
    on = date_param(request.GET, "on", default=today())
    try:
        days = max(1, min(int(request.GET.get("days", 30)), 365))
    except ValueError:
        days = 30
    try:
        items, error = queries.worklist(request.user, on=on, window_days=days), ""
    except CalendarNotCovered as exc:
        items, error = [], exc.messages[0]
    return render(
        request,
        "admission/worklist.html",
        {
            "items": items,
            "on": on,
            "days": days,
            "overdue": sum(1 for i in items if i.overdue),
            "calendar_error": error,
        },
        status=400 if error else 200,
    )


@login_required
def candidate_list(request):
    form = CandidateFilterForm(request.GET or None, user=request.user)
    qs = queries.candidates_for(request.user)
    if form.is_valid():
        data = form.cleaned_data
        qs = queries.filter_candidates(qs, org=data["org"], source=data["source"], stage=data["stage"], text=data["q"])
    return render(
        request,
        "admission/list.html",
        {
            "form": form,
            "columns": queries.pipeline_board(qs),
            "total": qs.count(),
            "may_create": may(request.user, Action.CANDIDATE_MANAGE),
        },
    )


# A candidate -------------------------------------------------------------------------------------


STAGE_ACTIONS = {
    # form name → (form class, stages where it is offered)
    "introducer_form": (IntroducerForm, BEFORE_VOTE_STAGES),
    "document_form": (DocumentForm, (*BEFORE_VOTE_STAGES, Stage.CELL_VOTED, Stage.DECIDED, Stage.ADMITTED)),
    "exception_form": (RuleExceptionForm, BEFORE_VOTE_STAGES),
    "vote_form": (CellVoteForm, BEFORE_VOTE_STAGES),
    "decision_form": (DecisionForm, (Stage.CELL_VOTED,)),
    "ceremony_form": (CeremonyForm, (Stage.DECIDED,)),
    "recognition_form": (RecognitionForm, (Stage.ADMITTED,)),
    "non_recognition_form": (NonRecognitionForm, (Stage.ADMITTED,)),
    "withdraw_form": (WithdrawForm, (*BEFORE_VOTE_STAGES, Stage.CELL_VOTED)),
}


# The action each step is (accounts.actions): the competent level of each is data (accounts.Competence).
STEP_ACTIONS = {
    "introducer_form": Action.CANDIDATE_MANAGE,
    "document_form": Action.CANDIDATE_MANAGE,
    "exception_form": Action.ADMISSION_EXCEPTION,
    "vote_form": Action.CELL_VOTE_RECORD,
    "decision_form": Action.ADMISSION_DECIDE,
    "ceremony_form": Action.CANDIDATE_MANAGE,
    "recognition_form": Action.MEMBER_RECOGNIZE,
    "non_recognition_form": Action.MEMBER_RECOGNIZE,
    "withdraw_form": Action.CANDIDATE_MANAGE,
}


def _prefix(name: str) -> str:
    """Each step's form has its own prefix: several forms share one page (and field names)."""
    return name.removesuffix("_form")


def _form_kwargs(form_class, request, candidate: Candidate) -> dict:
    """The introducer form lists the members who may introduce this candidate; the others need nothing."""
    return {"candidate": candidate, "user": request.user} if form_class is IntroducerForm else {}


def _detail(request, candidate: Candidate, *, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    allowed = {name for name, action in STEP_ACTIONS.items() if may_on(request.user, action, candidate)}
    writable = bool(allowed)
    context = {
        "candidate": candidate,
        "writable": writable,
        "may_edit": may_on(request.user, Action.CANDIDATE_MANAGE, candidate),
        "may_except": "exception_form" in allowed,
        "introducers": candidate.introducers.select_related("member", "member__organization"),
        "documents": candidate.documents.all(),
        "class_results": candidate.class_results.select_related("training_class"),
        "exceptions": candidate.rule_exceptions.select_related("recorded_by"),
        "deadlines": queries.deadlines(candidate),
        "events": queries.member_events_for_candidate(candidate),
        "preview": [],
        "open_form": next(iter(bound), ""),
        "Form": Form,
        "has_doc": set(candidate.documents.values_list("form", flat=True)),
    }
    if candidate.stage in BEFORE_VOTE_STAGES:
        context["preview"] = queries.eligibility_preview(candidate, today())
    if writable:
        initial_count = queries.official_members_count(candidate.organization, today())
        for name, (form_class, stages) in STAGE_ACTIONS.items():
            if candidate.stage not in stages or name not in allowed:
                continue
            if name == "exception_form" and not context["may_except"]:
                continue
            if name in bound:
                context[name] = bound[name]
                continue
            initial = {}
            if form_class in (CellVoteForm, RecognitionForm):
                initial = {"official_members": initial_count or None}
            context[name] = form_class(
                initial=initial, prefix=_prefix(name), **_form_kwargs(form_class, request, candidate)
            )
    return render(request, "admission/detail.html", context, status=status)


@login_required
def candidate_detail(request, candidate_id: int):
    candidate = get_for_user(queries.candidates_for(request.user), candidate_id, request.user)
    return _detail(request, candidate)


@login_required
def candidate_create(request):
    require(request.user, Action.CANDIDATE_MANAGE)
    initial = {"registered_on": today()}
    if request.GET.get("org"):
        initial["organization"] = request.GET["org"]
    form = CandidateForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organization = data.pop("organization")
        try:
            candidate = services.candidate_register(organization=organization, data=data, actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is in the pipeline.") % {"name": candidate.full_name})
            return redirect("admission:detail", candidate_id=candidate.pk)
    return render(request, "admission/candidate_form.html", {"form": form, "candidate": None})


@login_required
def candidate_edit(request, candidate_id: int):
    candidate = get_for_user(Candidate, candidate_id, request.user, action=Action.CANDIDATE_MANAGE)
    form = CandidateForm(request.POST or None, instance=candidate, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("organization", None)
        version = data.pop("version", None)
        try:
            services.candidate_update(candidate=candidate, data=data, version=version, actor=request.user)
        except StaleEdit as exc:
            form.rebase(exc)
            add_errors(form, exc)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("admission:detail", candidate_id=candidate.pk)
    return render(request, "admission/candidate_form.html", {"form": form, "candidate": candidate})


def _action(request, candidate_id: int, name: str, service, done: str):
    """Parse the step's form and pass its fields to the step's service, keyword for keyword.

    Every step service takes `candidate`, `actor` and exactly the fields of its form; a refusal is
    shown on the candidate page, with the step's form still open.
    """
    candidate = get_for_user(
        queries.candidates_for(request.user), candidate_id, request.user, action=STEP_ACTIONS[name]
    )
    form_class = STAGE_ACTIONS[name][0]
    form = form_class(request.POST, prefix=_prefix(name), **_form_kwargs(form_class, request, candidate))
    if form.is_valid():
        try:
            service(candidate=candidate, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done)
            return redirect("admission:detail", candidate_id=candidate.pk)
    candidate.refresh_from_db()
    return _detail(request, candidate, bound={name: form}, status=400)


@login_required
@require_POST
def introducer_add(request, candidate_id: int):
    return _action(request, candidate_id, "introducer_form", services.introducer_add, _("Introducer recorded."))


@login_required
@require_POST
def document_add(request, candidate_id: int):
    return _action(request, candidate_id, "document_form", services.document_add, _("Paper added to the dossier."))


@login_required
@require_POST
def rule_exception(request, candidate_id: int):
    return _action(request, candidate_id, "exception_form", services.rule_exception_record, _("Exception recorded."))


@login_required
@require_POST
def cell_vote(request, candidate_id: int):
    return _action(
        request,
        candidate_id,
        "vote_form",
        services.candidate_record_cell_vote,
        _("The cell's resolution is recorded."),
    )


@login_required
@require_POST
def decide(request, candidate_id: int):
    return _action(
        request,
        candidate_id,
        "decision_form",
        services.candidate_decide,
        _("Admission decided: the member is on the register."),
    )


@login_required
@require_POST
def ceremony(request, candidate_id: int):
    return _action(
        request,
        candidate_id,
        "ceremony_form",
        services.candidate_record_ceremony,
        _("Ceremony recorded: probation has started."),
    )


@login_required
@require_POST
def recognize(request, candidate_id: int):
    return _action(
        request, candidate_id, "recognition_form", services.candidate_recognize, _("Recognized as an official member.")
    )


@login_required
@require_POST
def not_recognize(request, candidate_id: int):
    return _action(
        request,
        candidate_id,
        "non_recognition_form",
        services.candidate_not_recognize,
        _("Not recognized: the member is removed."),
    )


@login_required
@require_POST
def withdraw(request, candidate_id: int):
    return _action(
        request, candidate_id, "withdraw_form", services.candidate_withdraw, _("The candidate has left the pipeline.")
    )


# Word forms --------------------------------------------------------------------------------------


def _docx(request, candidate_id: int, form: str, build, filename: str):
    candidate = get_for_user(queries.candidates_for(request.user), candidate_id, request.user)
    doc = candidate.documents.filter(form=form).first()
    if doc is None:
        messages.warning(request, _("The dossier does not hold “%(form)s” yet.") % {"form": Form(form).label})
        return redirect("admission:detail", candidate_id=candidate.pk)
    response = HttpResponse(build(candidate, doc), content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition(f"{filename}-{candidate.pk}.docx")
    return response


@login_required
def docx_cell_resolution(request, candidate_id: int):
    return _docx(request, candidate_id, Form.CELL_RESOLUTION, documents.cell_resolution, "6-KND")


@login_required
def docx_admission_decision(request, candidate_id: int):
    return _docx(request, candidate_id, Form.ADMISSION_DECISION, documents.admission_decision, "9-KND")


@login_required
def docx_recognition_decision(request, candidate_id: int):
    return _docx(request, candidate_id, Form.RECOGNITION_DECISION, documents.recognition_decision, "QD-cong-nhan")


# Classes -----------------------------------------------------------------------------------------
# The classes moved to the training pages (issue 10): the old addresses answer a permanent redirect
# (308 for a POST, so a form posted from an old page keeps its method and data).


def _moved(name: str, *, post_only: bool = False):
    def view(request, **kwargs):
        if "class_id" in kwargs:  # a class out of the user's reach stays a 404, as on the new page
            get_for_user(queries.classes_for(request.user), kwargs["class_id"], request.user)
        target = reverse(name, kwargs=kwargs or None)
        if request.GET:
            target += "?" + request.GET.urlencode()
        if request.method == "GET" or request.method == "HEAD":
            return HttpResponsePermanentRedirect(target)
        return HttpResponsePermanentRedirect(target, status=308)

    view.__name__ = name.replace("training:", "moved_")
    return login_required(require_POST(view) if post_only else view)


class_list = _moved("training:classes")
class_create = _moved("training:class_create")
class_detail = _moved("training:class_detail")
class_enrol = _moved("training:class_enrol", post_only=True)
class_result = _moved("training:class_result", post_only=True)
