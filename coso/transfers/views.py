"""Pages of referrals of party activity: the worklist, a paper, issuing, arrivals, actions, guests.

Thin views: a paper comes through `queries.paper_for_user` (404 outside both ends' scopes, 403 when
seen read-only), a member through `accounts.scoping.get_for_user`, every write through one service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coso.accounts.actions import Action
from coso.accounts.scoping import assignments, get_for_user, may, require
from coso.common.dates import date_param, today
from coso.common.forms import add_errors
from coso.common.text import format_date
from coso.members.models import Member
from coso.organizations.models import Organization
from coso.transfers import queries, rules, services
from coso.transfers.forms import CancelForm, EndForm, IncomingForm, IssueForm, PaperFilterForm, PresentForm
from coso.transfers.models import OPEN_STATUSES, PaperStatus, TransferKind, TransferPaper

PAGE_SIZE = 100


def _default_issuer(user) -> str:
    """The committee the user works for, as the paper's issuer (editable)."""
    for assignment in assignments(user):
        if assignment.organization_id:
            return assignment.organization.name
    return ""


@login_required
def paper_list(request):
    on = date_param(request.GET, "on", default=today())
    form = PaperFilterForm(request.GET or None)
    qs = queries.papers_for(request.user)
    if form.is_valid():
        d = form.cleaned_data
        qs = queries.filter_papers(qs, status=d["status"], direction=d["direction"], kind=d["kind"], text=d["q"], on=on)
    counts = queries.counts_by_status(qs, on=on)
    page = Paginator(qs.order_by("present_by", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = queries.worklist_rows(page.object_list, on=on)
    may_write = may(request.user, Action.TRANSFER_ISSUE)
    return render(
        request,
        "transfers/list.html",
        {"form": form, "rows": rows, "page": page, "counts": counts, "on": on, "may_write": may_write},
    )


def _detail(request, paper: TransferPaper, *, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    writable = queries.papers_for(request.user, action=Action.TRANSFER_ISSUE).filter(pk=paper.pk).exists()
    on = today()
    context = {
        "paper": paper,
        "writable": writable,
        "late": paper.status in OPEN_STATUSES and on > paper.present_by,
        "gap": rules.late_gap(present_by=paper.present_by, presented_on=paper.presented_on),
        "open_form": next(iter(bound), ""),
    }
    if writable:
        if paper.status in OPEN_STATUSES:
            context["present_form"] = bound.get("present_form") or PresentForm(
                prefix="present", initial={"presented_on": on}
            )
            context["cancel_form"] = bound.get("cancel_form") or CancelForm(
                prefix="cancel", initial={"cancelled_on": on}
            )
        if paper.kind == TransferKind.TEMPORARY and paper.status == PaperStatus.PRESENTED:
            context["end_form"] = bound.get("end_form") or EndForm(
                prefix="end", initial={"ended_on": min(on, paper.period_until) if paper.period_until else on}
            )
    return render(request, "transfers/detail.html", context, status=status)


@login_required
def paper_detail(request, paper_id: int):
    return _detail(request, queries.paper_for_user(paper_id, request.user))


@login_required
def paper_issue(request, member_id: int):
    member = get_for_user(
        Member.objects.select_related("organization"), member_id, request.user, action=Action.TRANSFER_ISSUE
    )
    initial = {"issued_on": today(), "issuer": _default_issuer(request.user)}
    form = IssueForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            paper = services.transfer_issue(
                member=member,
                kind=d["kind"],
                direction=d["direction"],
                issued_on=d["issued_on"],
                issuer=d["issuer"],
                number=d["number"],
                to_organization=d["to_organization"],
                to_place=d["to_place"],
                period_from=d["period_from"],
                period_until=d["period_until"],
                note=d["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "to_organization" in exc.error_dict:
                exc.error_dict["to_code"] = exc.error_dict.pop("to_organization")
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Paper issued; it must be presented by %(date)s.") % {"date": format_date(paper.present_by)},
            )
            return redirect("transfers:detail", paper_id=paper.pk)
    return render(request, "transfers/issue_form.html", {"form": form, "member": member})


@login_required
def paper_receive(request):
    require(request.user, Action.TRANSFER_ISSUE)
    form = IncomingForm(request.POST or None, initial={"issued_on": today()}, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            paper = services.transfer_record_incoming(
                kind=d["kind"],
                to_organization=d["to_organization"],
                from_place=d["from_place"],
                issued_on=d["issued_on"],
                issuer=d["issuer"],
                number=d["number"],
                person=form.person(),
                entry_status=d["entry_status"],
                period_from=d["period_from"],
                period_until=d["period_until"],
                presented_on=d["presented_on"],
                received_by=d["received_by"],
                note=d["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Arriving paper recorded."))
            return redirect("transfers:detail", paper_id=paper.pk)
    return render(request, "transfers/receive_form.html", {"form": form})


def _action(request, paper_id: int, name: str, form_class, run, done: str):
    paper = queries.paper_for_user(paper_id, request.user, action=Action.TRANSFER_ISSUE)
    form = form_class(request.POST, prefix=name.removesuffix("_form"))
    if form.is_valid():
        try:
            run(paper, form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("transfers:detail", paper_id=paper.pk)
    paper.refresh_from_db()
    return _detail(request, paper, bound={name: form}, status=400)


@login_required
@require_POST
def paper_present(request, paper_id: int):
    return _action(
        request,
        paper_id,
        "present_form",
        PresentForm,
        lambda p, d: services.transfer_present(paper=p, actor=request.user, **d),
        _("Presentation recorded."),
    )


@login_required
@require_POST
def paper_cancel(request, paper_id: int):
    return _action(
        request,
        paper_id,
        "cancel_form",
        CancelForm,
        lambda p, d: services.transfer_cancel(paper=p, actor=request.user, **d),
        _("Paper cancelled."),
    )


@login_required
@require_POST
def paper_end(request, paper_id: int):
    return _action(
        request,
        paper_id,
        "end_form",
        EndForm,
        lambda p, d: services.transfer_end_temporary(paper=p, actor=request.user, **d),
        _("Temporary activity ended."),
    )


@login_required
@require_POST
def mark_overdue(request):
    """Mark the user's writable papers past their limit as overdue (the nightly command does all)."""
    require(request.user, Action.TRANSFER_ISSUE)
    count = services.transfers_mark_overdue(
        on=today(), actor=request.user, papers=queries.papers_for(request.user, action=Action.TRANSFER_ISSUE)
    )
    messages.info(request, _("%(count)s paper(s) marked overdue.") % {"count": count})
    return redirect("transfers:list")


@login_required
def attached(request, org_id: int):
    org = get_for_user(Organization, org_id, request.user)
    on = date_param(request.GET, "on", default=today())
    return render(request, "transfers/attached.html", {"org": org, "on": on, "people": queries.attached_at(org, on)})
