"""Pages of training: the classes of every kind, a class with its students, enrolment and results.

Thin views: every object comes through `accounts.scoping.get_for_user` (404 out of scope, 403
without CLASS_MANAGE), every write through one service of `coso.training.services`; a refused
write re-renders the class page with the service's message and writes nothing.
"""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from coso.accounts.actions import Action
from coso.accounts.scoping import get_for_user, may, may_on, require, scope
from coso.common.dates import today
from coso.common.forms import add_errors
from coso.common.text import format_date
from coso.organizations.queries import in_subtree_now
from coso.reports.views import default_organization_id
from coso.training import queries, services
from coso.training.forms import ClassFilterForm, ClassForm, EnrolForm, ResultForm
from coso.training.models import ClassStudent, Result, TrainingClass

CLASSES_PER_PAGE = 50


@login_required
def class_list(request):
    form = ClassFilterForm(request.GET or None, user=request.user)
    qs = queries.class_list(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["year"]:
            qs = qs.filter(starts_on__year=data["year"])
        if data["organizer_kind"]:
            qs = qs.filter(organizer_kind=data["organizer_kind"])
        if data["org"]:
            qs = qs.filter(in_subtree_now(data["org"]))
    page = Paginator(qs.order_by("-starts_on", "id"), CLASSES_PER_PAGE).get_page(request.GET.get("page"))
    data = form.cleaned_data if form.is_valid() else {}
    return render(
        request,
        "training/class_list.html",
        {
            "form": form,
            "classes": page.object_list,
            "page": page,
            "may_create": may(request.user, Action.CLASS_MANAGE),
            "figures": _figure_links(request.user, data),
        },
    )


FIGURES = (
    ("training-classes", _lazy("Classes held")),
    ("training-students", _lazy("Students of the classes held")),
    ("training-sent", _lazy("Cadres sent to study")),
)


def _figure_links(user, data: dict) -> list[tuple[str, str]]:
    """The class figures of the chosen (or the user's) organization over the chosen year (or this
    one), each opening its list on the reports pages."""
    org = data.get("org")
    org_id = org.pk if org else default_organization_id(user)
    if org_id is None:
        return []
    year = data.get("year") or today().year
    query = {"org": org_id, "from": format_date(date(year, 1, 1)), "to": format_date(min(date(year, 12, 31), today()))}
    if data.get("kind"):
        query["kind"] = data["kind"]
    links = []
    for slug, label in FIGURES:
        params = dict(query)
        if slug == "training-sent":
            params.pop("organizer_kind", None)
        elif data.get("organizer_kind"):
            params["organizer_kind"] = data["organizer_kind"]
        links.append((str(label), reverse("reports:figure", kwargs={"figure": slug}) + "?" + urlencode(params)))
    return links


@login_required
def class_create(request):
    require(request.user, Action.CLASS_MANAGE)
    form = ClassForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            training_class = services.class_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Class created."))
            return redirect("training:class_detail", class_id=training_class.pk)
    return render(request, "training/class_form.html", {"form": form}, status=400 if form.errors else 200)


def _class_page(request, training_class: TrainingClass, *, enrol_form=None, result_form=None, status=200):
    writable = may_on(request.user, Action.CLASS_MANAGE, training_class)
    students = training_class.students.select_related(
        "candidate__organization", "member__organization", "cadre__organization"
    ).order_by("id")
    return render(
        request,
        "training/class_detail.html",
        {
            "training_class": training_class,
            "students": students,
            "passed": sum(1 for s in students if s.result == Result.PASSED),
            "writable": writable,
            "enrol_form": enrol_form
            or (EnrolForm(training_class=training_class, user=request.user) if writable else None),
            "result_form": result_form,
            "result_choices": Result.choices,
        },
        status=status,
    )


@login_required
def class_detail(request, class_id: int):
    training_class = get_for_user(queries.classes_for(request.user), class_id, request.user)
    return _class_page(request, training_class)


@login_required
@require_POST
def class_enrol(request, class_id: int):
    training_class = get_for_user(queries.classes_for(request.user), class_id, request.user, action=Action.CLASS_MANAGE)
    form = EnrolForm(request.POST, training_class=training_class, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.class_enrol(
                training_class=training_class,
                candidate=data.get("candidate"),
                member=data.get("member"),
                cadre=data.get("cadre"),
                decision_number=data.get("decision_number", ""),
                decision_date=data.get("decision_date"),
                decision_issuer=data.get("decision_issuer", ""),
                actor=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Student enrolled."))
            return redirect("training:class_detail", class_id=training_class.pk)
    return _class_page(request, training_class, enrol_form=form, status=400)


@login_required
@require_POST
def class_result(request, class_id: int):
    training_class = get_for_user(queries.classes_for(request.user), class_id, request.user, action=Action.CLASS_MANAGE)
    form = ResultForm(request.POST)
    if form.is_valid():
        student = (
            scope(ClassStudent.objects.filter(training_class=training_class), request.user)
            .filter(pk=form.cleaned_data["student"])
            .first()
        )
        if student is None:
            form.add_error(None, _("This student is not in the class."))
        else:
            try:
                services.class_record_result(
                    student=student,
                    result=form.cleaned_data["result"],
                    certificate_number=form.cleaned_data["certificate_number"],
                    certificate_date=form.cleaned_data["certificate_date"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Result recorded for %(name)s.") % {"name": student.person})
                return redirect("training:class_detail", class_id=training_class.pk)
    if not form.errors:
        form.add_error(None, _("The result could not be recorded."))
    errors = [str(e) for errs in form.errors.values() for e in errs]
    messages.error(request, " ".join(errors))
    return _class_page(request, training_class, result_form=form, status=400)
