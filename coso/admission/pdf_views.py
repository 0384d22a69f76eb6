"""The admission forms as PDF, beside their .docx (`views._docx`): the same scoping, the same paper."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coso.accounts.scoping import get_for_user
from coso.admission import documents, queries
from coso.admission.models import Form
from coso.common.party_pdf import paper_filename, pdf_download


def _pdf(request, candidate_id: int, form: str, build):
    candidate = get_for_user(queries.candidates_for(request.user), candidate_id, request.user)
    doc = candidate.documents.filter(form=form).first()
    if doc is None:
        messages.warning(request, _("The dossier does not hold “%(form)s” yet.") % {"form": Form(form).label})
        return redirect("admission:detail", candidate_id=candidate.pk)
    paper = build(candidate, doc)
    return pdf_download(paper.pdf(), filename=paper_filename(paper, "pdf"))


@login_required
@require_GET
def pdf_cell_resolution(request, candidate_id: int):
    return _pdf(request, candidate_id, Form.CELL_RESOLUTION, documents.cell_resolution_paper)


@login_required
@require_GET
def pdf_admission_decision(request, candidate_id: int):
    return _pdf(request, candidate_id, Form.ADMISSION_DECISION, documents.admission_decision_paper)


@login_required
@require_GET
def pdf_recognition_decision(request, candidate_id: int):
    return _pdf(request, candidate_id, Form.RECOGNITION_DECISION, documents.recognition_decision_paper)
