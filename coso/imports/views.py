"""Pages of the imports: upload and templates, a job's progress and result, the duplicates report.

Views stay thin: a form checks the upload, a service runs the job (in the request for a small
file, on the job queue for a large one), a query reads. A job is its uploader's own: every job
page goes through `queries.job_for_user` (404 for anyone else).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coso.accounts.actions import Action
from coso.accounts.scoping import may, require
from coso.common.xlsx import xlsx_download
from coso.imports import registry
from coso.imports.forms import ConfirmForm, UploadForm
from coso.imports.models import ImportKind
from coso.imports.queries import job_for_user, jobs_for, register_duplicates
from coso.imports.services import (
    ConfirmRefused,
    ImportRefused,
    RerunRefused,
    checks_left,
    import_job_confirm,
    import_job_create,
    import_job_rerun,
    import_job_start,
    import_jobs_mark_stale,
)
from coso.imports.workbooks import errors_workbook

JOBS_PER_PAGE = 20
SHOWN_ERRORS = 500
SHOWN_WARNINGS = 500


@login_required
def import_list(request):
    may_import = may(request.user, Action.IMPORT)
    form = UploadForm()
    status = 200
    if request.method == "POST":
        require(request.user, Action.IMPORT)
        form = UploadForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = import_job_create(
                    user=request.user,
                    kind=form.cleaned_data["kind"],
                    file=upload,
                    original_name=upload.name,
                    confirm_duplicates=form.cleaned_data["confirm"],
                )
            except ImportRefused as exc:
                form.add_error(None, exc.messages[0])
                status = 429 if exc.code == "rate_limited" else 400
            else:
                import_job_start(job)
                return redirect("imports:detail", job_id=job.pk)
    jobs_qs = jobs_for(request.user)
    import_jobs_mark_stale(job_ids=jobs_qs.values("pk"))
    page = Paginator(jobs_qs.select_related("user"), JOBS_PER_PAGE).get_page(request.GET.get("page"))
    left, _free_at = checks_left(request.user)
    context = {
        "form": form,
        "jobs": page.object_list,
        "page": page,
        "may_import": may_import,
        "checks_left": left,
        "importers": registry.importers(),
    }
    return render(request, "imports/list.html", context, status=status)


def _template(request, kind: str) -> HttpResponse:
    require(request.user, Action.IMPORT)
    try:
        importer = registry.get(kind)
    except KeyError:
        raise Http404(_("There is no template of this kind.")) from None
    return xlsx_download(importer.template(request.user), filename=importer.template_name)


@login_required
def template_download(request):
    """The template of any registered kind: `?kind=` names it (the upload form lists the kinds)."""
    return _template(request, request.GET.get("kind", ""))


@login_required
def template_members(request):
    return _template(request, ImportKind.MEMBERS)


@login_required
def template_history(request):
    return _template(request, ImportKind.HISTORY)


def _duplicates_to_check(job) -> bool:
    """Possible duplicates the user has not yet said they checked (the box at upload says it too)."""
    return bool(job.warning_count) and not job.duplicates_confirmed


def _result_context(job) -> dict:
    return {
        "job": job,
        "errors": job.errors[:SHOWN_ERRORS],
        "warnings": job.warnings[:SHOWN_WARNINGS],
        "confirm_form": ConfirmForm(duplicates=_duplicates_to_check(job)),
        "needs_confirmation": job.is_waiting,
    }


def _job(request, job_id: int):
    """The user's job, marked failed first if its worker died (`services.import_jobs_mark_stale`)."""
    job = job_for_user(job_id, request.user)
    if import_jobs_mark_stale(job_ids=[job.pk]):
        job.refresh_from_db()
    return job


@login_required
def job_detail(request, job_id: int):
    return render(request, "imports/detail.html", _result_context(_job(request, job_id)))


@login_required
def job_progress(request, job_id: int):
    return render(request, "imports/_progress.html", _result_context(_job(request, job_id)))


@login_required
@require_POST
def job_rerun(request, job_id: int):
    job = _job(request, job_id)
    try:
        job = import_job_rerun(job=job, actor=request.user)
    except RerunRefused as exc:
        messages.error(request, str(exc))
        return redirect("imports:detail", job_id=job.pk)
    import_job_start(job)
    return redirect("imports:detail", job_id=job.pk)


@login_required
@require_POST
def job_confirm(request, job_id: int):
    """The dry run's confirm: the job runs again and writes (in the request or on the job queue)."""
    job = job_for_user(job_id, request.user)
    require(request.user, Action.IMPORT)
    form = ConfirmForm(request.POST, duplicates=_duplicates_to_check(job))
    if not job.is_waiting:
        messages.info(request, _("This import is not waiting for a confirmation."))
        return redirect("imports:detail", job_id=job.pk)
    if not form.is_valid():
        context = _result_context(job)
        context["confirm_form"] = form
        return render(request, "imports/detail.html", context, status=400)
    try:
        job = import_job_confirm(job=job, actor=request.user)
    except ConfirmRefused as exc:
        messages.info(request, str(exc))
        return redirect("imports:detail", job_id=job.pk)
    import_job_start(job)
    return redirect("imports:detail", job_id=job.pk)


@login_required
def job_errors_xlsx(request, job_id: int):
    job = job_for_user(job_id, request.user)
    return xlsx_download(errors_workbook(job), filename=f"loi-nhap-{job.pk}.xlsx")


@login_required
def duplicates(request):
    return render(request, "imports/duplicates.html", {"report": register_duplicates(request.user)})
