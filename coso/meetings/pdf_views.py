"""The minutes and resolution of a meeting as PDF, beside the .docx (`views.docx`): the same
scoping (`queries.meetings_for` through the one door), the same paper (`documents.minutes_paper`)."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from coso.accounts.scoping import get_for_user
from coso.common.party_pdf import paper_filename, pdf_download
from coso.meetings import documents, queries


@login_required
@require_GET
def minutes_pdf(request, meeting_id: int):
    meeting = get_for_user(queries.meetings_for(request.user), meeting_id, request.user)
    paper = documents.minutes_paper(meeting)
    return pdf_download(paper.pdf(), filename=paper_filename(paper, "pdf"))
