"""The badge list as PDF, beside its .docx (`views.export_docx`): same list, same action."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from coso.accounts.actions import Action
from coso.accounts.scoping import require
from coso.badges.documents import badge_list_paper
from coso.badges.views import _list_from_request
from coso.common.dates import today
from coso.common.party_pdf import paper_filename, pdf_download


@login_required
@require_GET
def export_pdf(request):
    form, badges, error = _list_from_request(request)
    if badges is None:
        return redirect(reverse("badges:list") + "?" + request.GET.urlencode())
    require(request.user, Action.EXPORT_LISTS, badges.organization)
    paper = badge_list_paper(badges, issued_on=today())
    return pdf_download(paper.pdf(), filename=paper_filename(paper, "pdf"))
