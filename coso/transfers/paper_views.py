"""The referral the member carries, as .docx and PDF: whoever may see the paper may print it
(`queries.paper_for_user`, the one door behind it), as with every other printed form."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from coso.common.downloads import content_disposition
from coso.common.party_docx import DOCX_TYPE
from coso.common.party_pdf import paper_filename, pdf_download
from coso.transfers import documents, queries


@login_required
@require_GET
def paper_docx(request, paper_id: int):
    paper = documents.transfer_paper(queries.paper_for_user(paper_id, request.user))
    response = HttpResponse(paper.docx(), content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition(paper_filename(paper, "docx"))
    return response


@login_required
@require_GET
def paper_pdf(request, paper_id: int):
    paper = documents.transfer_paper(queries.paper_for_user(paper_id, request.user))
    return pdf_download(paper.pdf(), filename=paper_filename(paper, "pdf"))
