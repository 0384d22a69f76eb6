"""Pages of cell meetings: a cell's year, one meeting (plan, notice, roll, minutes, close, .docx),
the member's own meetings, and the committee's overview, figures, worklist and visits.

Thin views: objects come through `accounts.scoping.get_for_user` (404 out of scope, 403 when
read-only), every write through one service; refusals come back as the service's messages.
The roll is marked one member at a time with htmx (a tap on a phone), and works without it.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coso.accounts.actions import Action
from coso.accounts.models import READ_ROLES
from coso.accounts.scoping import (
    assignments,
    get_for_user,
    is_admin,
    may,
    may_on,
    own_member_ids,
    require,
    scope,
    scoped_paths,
)
from coso.common.dates import today
from coso.common.downloads import content_disposition
from coso.common.forms import add_errors
from coso.common.party_docx import DOCX_TYPE
from coso.common.text import fold, format_date
from coso.common.versions import StaleEdit
from coso.common.xlsx import export_title, xlsx_response
from coso.meetings import documents, queries, rules, services
from coso.meetings import figures as meeting_figures
from coso.meetings.forms import (
    CorrectionForm,
    DocumentForm,
    GuestForm,
    MarkForm,
    MeetingForm,
    MinutesForm,
    NotifyForm,
    PeriodForm,
    PlanYearForm,
    TaskForm,
    TaskReviewForm,
    VisitForm,
    VoteForm,
)
from coso.meetings.models import (
    AttendanceStatus,
    Guest,
    Meeting,
    MeetingDocument,
    MeetingKind,
    TaskItem,
    TaskKind,
    TaskStatus,
    VisitPlan,
    VisitPlanItem,
)
from coso.meetings.templatetags.meetings_tags import months_label, quarter_label
from coso.organizations.models import CELL_KINDS, Organization
from coso.organizations.queries import version_on
from coso.reports.catalogue import FIGURES, Reading, UnknownParam, figures_of
from coso.rulesets.queries import NoRuleSet

PAGE_SIZE = 100
ROLL_SEARCH_FROM = 15  # a roll this long gets a search box: more rows than a phone screen shows


def _to(name: str, suffix: str = "", **kwargs):
    return redirect(reverse(name, kwargs=kwargs) + suffix)


def _flash_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _meeting(request, meeting_id: int, *, for_write: bool = False, action: Action | None = None) -> Meeting:
    return get_for_user(
        queries.meetings_for(request.user), meeting_id, request.user, for_write=for_write, action=action
    )


def _cell(request, org_id: int, *, for_write: bool = False, action: Action | None = None) -> Organization:
    cell = get_for_user(Organization, org_id, request.user, for_write=for_write, action=action)
    if cell.kind not in CELL_KINDS:
        raise Http404
    return cell


# The member's own meetings -----------------------------------------------------------------------


@login_required
def mine(request):
    """Upcoming meetings: a member's own cell's; for committee users, those of their cells."""
    on = today()
    member_ids = own_member_ids(request.user)
    upcoming = []
    if member_ids:
        upcoming = list(scope(queries.upcoming_for_member(member_ids, on), request.user)[:24])
    elif is_admin(request.user) or scoped_paths(request.user):
        upcoming = list(
            scope(
                Meeting.objects.filter(planned_on__gte=on).select_related("cell").prefetch_related("documents"),
                request.user,
            ).order_by("planned_on", "planned_at")[:50]
        )
    cells = []
    if not member_ids:
        cells = list(
            scope(Organization.objects.filter(kind__in=CELL_KINDS, dissolved_on__isnull=True), request.user)
            .order_by("path")
            .values("pk", "name")[:200]
        )
    secretary_of = queries.secretary_cells(request.user)
    next_up = queries.next_meeting([c.pk for c in secretary_of], on) if secretary_of else None
    return render(
        request,
        "meetings/mine.html",
        {"upcoming": upcoming, "cells": cells, "on": on, "next_up": next_up, "secretary_of": secretary_of},
    )


@login_required
def next_meeting(request):
    """The secretary's phone path: straight to their cell's next meeting, else to the cell's year."""
    cells = queries.secretary_cells(request.user)
    if not cells:
        return redirect("meetings:mine")
    meeting = queries.next_meeting([c.pk for c in cells], today())
    if meeting is not None:
        return redirect("meetings:detail", meeting_id=meeting.pk)
    return redirect("meetings:cell", org_id=cells[0].pk)


# A cell's year -----------------------------------------------------------------------------------


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return today().year
    return year if 1990 <= year <= 2100 else today().year


@login_required
def cell(request, org_id: int):
    cell = _cell(request, org_id)
    year = _year(request)
    meetings = queries.cell_year(cell, year)
    by_month: dict[int, list[Meeting]] = {m: [] for m in range(1, 13)}
    for meeting in meetings:
        by_month[meeting.planned_on.month].append(meeting)
    try:
        ov = queries.overview(cell, date(year, 1, 1), min(date(year, 12, 31), today()))
        row = ov.cells[0] if ov.cells else None
    except NoRuleSet:
        row = None
    return render(
        request,
        "meetings/cell.html",
        {
            "cell": cell,
            "year": year,
            "months": sorted(by_month.items()),
            "row": row,
            "writable": may(request.user, Action.MEETING_PLAN, cell),
            "may_visit": may(request.user, Action.VISIT_RECORD, cell),
            "may_export": may(request.user, Action.EXPORT_LISTS, cell),
            "plan_form": PlanYearForm(initial={"year": year}),
        },
    )


@login_required
@require_POST
def plan_year(request, org_id: int):
    cell = _cell(request, org_id, action=Action.MEETING_PLAN)
    form = PlanYearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a year between 1990 and 2100."))
        return redirect("meetings:cell", org_id=cell.pk)
    year = form.cleaned_data["year"]
    try:
        created = services.meetings_plan_year(
            cell=cell, year=year, place=form.cleaned_data.get("place") or "", actor=request.user
        )
    except (ValidationError, NoRuleSet) as exc:
        _flash_errors(request, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
    else:
        messages.success(request, _("%(n)s meetings planned for %(year)s.") % {"n": len(created), "year": year})
    return _to("meetings:cell", f"?year={year}", org_id=cell.pk)


@login_required
def meeting_create(request, org_id: int):
    cell = _cell(request, org_id, action=Action.MEETING_PLAN)
    on = today()
    initial = {"kind": MeetingKind.REGULAR, "planned_on": on, "planned_time": "19:30"}
    form = MeetingForm(request.POST or None, initial=initial, members=queries.cell_members(cell, on))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}  # a new meeting has no version yet
        form.fields["preparer"].queryset = queries.cell_members(cell, data["planned_on"])
        try:
            meeting = services.meeting_plan(cell=cell, actor=request.user, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Meeting planned for %(on)s.") % {"on": format_date(data["planned_on"])})
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "cell": cell, "meeting": None})


@login_required
def cell_export(request, org_id: int):
    """The cell's meetings of the year, as listed on its page, as .xlsx."""
    cell = _cell(request, org_id, action=Action.EXPORT_LISTS)
    year = _year(request)
    headers = [
        _("Date"),
        _("Time"),
        _("Kind of meeting"),
        _("Topic"),
        _("Place"),
        _("Status"),
        _("Preparer"),
        _("Visits"),
    ]
    rows = (
        [
            m.planned_on,
            m.planned_time.strftime("%H:%M") if m.planned_time else "",
            m.get_kind_display(),
            m.topic,
            m.place,
            m.get_status_display(),
            m.preparer.full_name if m.preparer else "",
            m.visit_count,
        ]
        for m in queries.cell_year(cell, year)
    )
    title = _("Meetings of %(cell)s, %(year)s") % {"cell": cell.name, "year": year}
    filename = slugify(fold(f"{_('Cell meetings')}-{cell.code}-{year}")) + ".xlsx"
    return xlsx_response(filename=filename, title=title, headers=[str(h) for h in headers], rows=rows, caption=title)


# One meeting -------------------------------------------------------------------------------------


def _rule_notes(meeting: Meeting) -> dict:
    """The rule's minimum notice and duration for this meeting's date, and how this meeting fares."""
    try:
        from coso.rulesets.queries import rules_in_force

        rule_set = rules_in_force("meetings", meeting.planned_on)
    except NoRuleSet:
        return {}
    values = rule_set.values
    notified_on = rules.local_date(meeting.notified_at)
    return {
        "regulation": rule_set.regulation,
        "minimum_minutes": rules.minimum_minutes(meeting.kind, values),
        "notice_days": values["notice_days"],
        "minutes": rules.duration_minutes(meeting.started_at, meeting.ended_at),
        "too_short": rules.too_short(meeting.kind, meeting.started_at, meeting.ended_at, values),
        "late_notice": notified_on is not None and rules.late_notice(meeting.planned_on, notified_on, values),
    }


@login_required
def detail(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    rows = queries.roll(meeting)
    allowed = {
        key: may_on(request.user, action, meeting)
        for key, action in (
            ("plan", Action.MEETING_PLAN),
            ("roll", Action.MEETING_ROLL),
            ("minutes", Action.MEETING_MINUTES),
            ("close", Action.MEETING_CLOSE),
            ("visit", Action.VISIT_RECORD),
        )
    }
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "writable": any(allowed.values()),
            "may": allowed,
            "summary": queries.roll_summary(rows),
            "has_roll": bool(rows),
            "documents": meeting.documents.all(),
            "guests": meeting.guests.all(),
            "tasks": meeting.tasks.select_related("owner"),
            "votes": meeting.votes.all(),
            "visits": meeting.visits.all(),
            "revisions": meeting.revisions.select_related("actor"),
            "rule": _rule_notes(meeting),
            "notify_form": NotifyForm(),
            "document_form": DocumentForm(),
            "today": today(),
        },
    )


@login_required
def edit(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, action=Action.MEETING_PLAN)
    if meeting.is_held:
        messages.warning(request, _("The meeting has been held: its plan can no longer change."))
        return redirect("meetings:detail", meeting_id=meeting.pk)
    initial = {name: getattr(meeting, name) for name in services.PLAN_FIELDS}
    initial["planned_time"] = meeting.planned_time
    form = MeetingForm(
        request.POST or None, initial=initial, members=queries.cell_members(meeting.cell, meeting.planned_on)
    )
    form.init_version(meeting.version)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                meeting=meeting, data=form.cleaned_data, version=form.loaded_version(), actor=request.user
            )
        except StaleEdit as exc:
            form.rebase(exc)
            add_errors(form, exc)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "cell": meeting.cell, "meeting": meeting})


@login_required
@require_POST
def cancel(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, action=Action.MEETING_PLAN)
    cell_id = meeting.cell_id
    try:
        services.meeting_cancel(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect("meetings:detail", meeting_id=meeting.pk)
    messages.success(request, _("The planned meeting was removed."))
    return redirect("meetings:cell", org_id=cell_id)


@login_required
@require_POST
def notify(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, action=Action.MEETING_PLAN)
    form = NotifyForm(request.POST)
    form.is_valid()
    try:
        notice = services.meeting_notify(
            meeting=meeting, notified_to=form.cleaned_data.get("notified_to", ""), actor=request.user
        )
    except (ValidationError, NoRuleSet) as exc:
        _flash_errors(request, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
    else:
        if notice.late:
            messages.warning(
                request,
                _(
                    "Notice recorded, but late: %(given)s days before the meeting, the rule asks for at least "
                    "%(minimum)s (%(regulation)s)."
                )
                % {"given": notice.days_given, "minimum": notice.minimum, "regulation": notice.regulation},
            )
        else:
            messages.success(request, _("Notice recorded: members and the committee above are informed."))
    return redirect("meetings:detail", meeting_id=meeting.pk)


@login_required
@require_POST
def document_add(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, action=Action.MEETING_PLAN)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.meeting_document_add(
                meeting=meeting, name=form.cleaned_data["name"], file=form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Document attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("meetings:detail", meeting_id=meeting.pk)


@login_required
def document(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    doc_id = request.GET.get("doc")
    if not doc_id:
        return redirect("meetings:detail", meeting_id=meeting.pk)
    if not doc_id.isdigit():
        raise Http404
    doc = get_for_user(MeetingDocument.objects.filter(meeting=meeting), int(doc_id), request.user)
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True)
    response["Content-Disposition"] = content_disposition(doc.file.name.rsplit("/", 1)[-1])
    return response


# The roll ----------------------------------------------------------------------------------------


@login_required
@require_POST
def roll_open(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, action=Action.MEETING_ROLL)
    try:
        services.meeting_open_roll(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect("meetings:detail", meeting_id=meeting.pk)
    return redirect("meetings:attendance", meeting_id=meeting.pk)


@login_required
def attendance(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    rows = queries.roll(meeting)
    writable = may_on(request.user, Action.MEETING_ROLL, meeting) and not meeting.is_closed
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "home_rows": [r for r in rows if not r.attached],
            "attached_rows": [r for r in rows if r.attached],
            "summary": queries.roll_summary(rows),
            "writable": writable,
            "Status": AttendanceStatus,
            "searchable": len(rows) >= ROLL_SEARCH_FROM,
        },
    )


@login_required
@require_POST
def attendance_mark(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, action=Action.MEETING_ROLL)
    form = MarkForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    row = get_for_user(meeting.attendance.select_related("member", "meeting"), form.cleaned_data["row"], request.user)
    data = form.cleaned_data
    status = data["status"] if "status" in request.POST else row.status
    reason = data["reason"] if "reason" in request.POST else None
    dues = {"1": True, "0": False}.get(data["dues"]) if "dues" in request.POST else None
    error = ""
    try:
        services.attendance_mark(attendance=row, status=status, reason=reason, dues_paid=dues, actor=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        rows = queries.roll(meeting)
        return render(
            request,
            "meetings/_roll_row.html",
            {
                "row": row,
                "meeting": meeting,
                "writable": True,
                "Status": AttendanceStatus,
                "error": error,
                "summary": queries.roll_summary(rows),
                "oob": True,
            },
        )
    if error:
        messages.error(request, error)
    return _to("meetings:attendance", f"#row-{row.pk}", meeting_id=meeting.pk)


@login_required
@require_POST
def all_present(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, action=Action.MEETING_ROLL)
    try:
        n = services.attendance_mark_all_present(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("%(n)s members marked present.") % {"n": n})
    return redirect("meetings:attendance", meeting_id=meeting.pk)


# Minutes -----------------------------------------------------------------------------------------


def _minutes_context(request, meeting: Meeting, form) -> dict:
    members = queries.cell_members(meeting.cell, meeting.planned_on)
    return {
        "meeting": meeting,
        "form": form,
        "guest_form": GuestForm(),
        "next_form": TaskForm(initial={"kind": TaskKind.NEXT}, members=members, prefix="next"),
        "vote_form": VoteForm(),
        "guests": meeting.guests.all(),
        "reviews": meeting.tasks.filter(kind=TaskKind.REVIEW).select_related("owner"),
        "next_tasks": meeting.tasks.filter(kind=TaskKind.NEXT).select_related("owner"),
        "votes": meeting.votes.all(),
        "summary": queries.roll_summary(queries.roll(meeting)),
        "TaskStatus": TaskStatus,
        "rule": _rule_notes(meeting),
    }


@login_required
def minutes(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, action=Action.MEETING_MINUTES)
    if meeting.is_closed:
        messages.info(request, _("The minutes are closed; corrections are recorded as revisions."))
        return redirect("meetings:detail", meeting_id=meeting.pk)
    members = queries.cell_members(meeting.cell, meeting.planned_on)
    initial = {name: getattr(meeting, name) for name in services.MINUTES_FIELDS}
    initial.update(started_at=meeting.started_time, ended_at=meeting.ended_time)
    if not meeting.resolution and meeting.draft_resolution:
        initial["resolution"] = meeting.draft_resolution
    form = MinutesForm(request.POST or None, initial=initial, members=members)
    form.init_version(meeting.version)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.meeting_record_minutes(
                meeting=meeting, data=form.cleaned_data, version=form.loaded_version(), actor=request.user
            )
        except StaleEdit as exc:
            form.rebase(exc)
            add_errors(form, exc)
        except (ValidationError, NoRuleSet) as exc:
            add_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            if result.too_short:
                messages.warning(
                    request,
                    _(
                        "Minutes saved. The meeting lasted %(minutes)s minutes, less than the %(minimum)s the rule asks (%(regulation)s)."
                    )
                    % {"minutes": result.minutes, "minimum": result.minimum, "regulation": result.regulation},
                )
            else:
                messages.success(request, _("Minutes saved."))
            return redirect("meetings:minutes", meeting_id=meeting.pk)
    return render(request, "meetings/minutes.html", _minutes_context(request, meeting, form))


def _back_to_minutes(meeting: Meeting):
    return redirect("meetings:minutes", meeting_id=meeting.pk)


@login_required
@require_POST
def guest(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, action=Action.MEETING_MINUTES)
    try:
        if request.POST.get("remove"):
            row = get_for_user(Guest.objects.filter(meeting=meeting), request.POST["remove"], request.user)
            services.guest_remove(guest=row, actor=request.user)
        else:
            form = GuestForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("The guest's name is required."))
                return _back_to_minutes(meeting)
            services.guest_add(meeting=meeting, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _flash_errors(request, exc)
    return _to("meetings:minutes", "#guests", meeting_id=meeting.pk)


@login_required
@require_POST
def task(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, action=Action.MEETING_MINUTES)
    try:
        if request.POST.get("remove"):
            row = get_for_user(TaskItem.objects.filter(meeting=meeting), request.POST["remove"], request.user)
            services.task_remove(task=row, actor=request.user)
        elif "task" in request.POST:
            form = TaskReviewForm(request.POST)
            if form.is_valid():
                row = get_for_user(TaskItem.objects.filter(meeting=meeting), form.cleaned_data["task"], request.user)
                services.task_review(task=row, status=form.cleaned_data["status"], actor=request.user)
        else:
            members = queries.cell_members(meeting.cell, meeting.planned_on)
            form = TaskForm(request.POST, members=members, prefix="next")
            if not form.is_valid():
                for errors in form.errors.values():
                    for e in errors:
                        messages.error(request, e)
                return _to("meetings:minutes", "#tasks", meeting_id=meeting.pk)
            services.task_add(meeting=meeting, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _flash_errors(request, exc)
    return _to("meetings:minutes", "#tasks", meeting_id=meeting.pk)


@login_required
@require_POST
def vote(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, action=Action.MEETING_MINUTES)
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            services.vote_record(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _flash_errors(request, exc)
    else:
        messages.error(request, _("Say what was voted on and the numbers."))
    return _to("meetings:minutes", "#votes", meeting_id=meeting.pk)


@login_required
@require_POST
def close(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, action=Action.MEETING_CLOSE)
    try:
        services.meeting_close(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect("meetings:minutes" if not meeting.is_closed else "meetings:detail", meeting_id=meeting.pk)
    messages.success(request, _("The minutes are closed and can no longer be changed."))
    return redirect("meetings:detail", meeting_id=meeting.pk)


@login_required
def correct(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, action=Action.MEETING_CLOSE)
    if not meeting.is_closed:
        return redirect("meetings:minutes", meeting_id=meeting.pk)
    members = queries.cell_members(meeting.cell, meeting.planned_on)
    fields = (*services.CORRECTABLE_FIELDS,)
    form = CorrectionForm(request.POST or None, initial={n: getattr(meeting, n) for n in fields}, members=members)
    form.init_version(meeting.version)
    rows = queries.roll(meeting)
    if request.method == "POST" and form.is_valid():
        data = {n: form.cleaned_data[n] for n in fields}
        marks = {}
        for row in rows:
            status = request.POST.get(f"att-{row.pk}")
            if status is not None:
                marks[row.pk] = (status, request.POST.get(f"why-{row.pk}", ""))
        try:
            revision = services.meeting_correct(
                meeting=meeting,
                data=data,
                reason=form.cleaned_data["reason"],
                attendance=marks,
                version=form.loaded_version(),
                actor=request.user,
            )
        except StaleEdit as exc:
            form.rebase(exc)
            add_errors(form, exc)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Correction recorded as revision %(n)s.") % {"n": revision.number})
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/correct.html",
        {"meeting": meeting, "form": form, "rows": rows, "choices": AttendanceStatus.choices[1:]},
    )


@login_required
def docx(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    content = documents.minutes_docx(meeting)
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition(f"bien-ban-{meeting.planned_on:%Y-%m-%d}-{meeting.pk}.docx")
    return response


# Visits ------------------------------------------------------------------------------------------


def _committee_of(user, cell: Organization) -> Organization | None:
    """The organization the recording user holds a role on above the cell (the visiting committee)."""
    held = [a.organization for a in assignments(user) if a.role in READ_ROLES and a.organization_id]
    above = [o for o in held if cell.path.startswith(o.path) and o.pk != cell.pk]
    return max(above, key=lambda o: o.depth) if above else None


def _visitor_initial(request, on: date) -> dict:
    user = request.user
    return {"on": on, "visitor_name": user.get_full_name() or user.username}


@login_required
def visit_meeting(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, action=Action.VISIT_RECORD)
    committee = _committee_of(request.user, meeting.cell)
    form = VisitForm(request.POST or None, initial=_visitor_initial(request, meeting.planned_on), committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_record(
                cell=meeting.cell,
                meeting=meeting,
                committee=committee,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(request, "meetings/visit_form.html", {"form": form, "cell": meeting.cell, "meeting": meeting})


@login_required
def visit_create(request, org_id: int):
    cell = _cell(request, org_id, action=Action.VISIT_RECORD)
    committee = _committee_of(request.user, cell)
    form = VisitForm(request.POST or None, initial=_visitor_initial(request, today()), committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_record(cell=cell, committee=committee, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect("meetings:visits")
    return render(request, "meetings/visit_form.html", {"form": form, "cell": cell, "meeting": None})


def _visits_of_year(request, year: int):
    return queries.visits_for(request.user).filter(on__year=year).order_by("-on", "-id")


@login_required
def visit_list(request):
    year = _year(request)
    page = Paginator(_visits_of_year(request, year), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/visits.html", {"visits": page.object_list, "page": page, "year": year})


@login_required
def visit_export(request):
    """The year's visits the user sees, every page of the list, as .xlsx."""
    year = _year(request)
    visits = scope(_visits_of_year(request, year), request.user, action=Action.EXPORT_LISTS)
    headers = [_("Date"), _("Cell"), _("Visitor"), _("Position"), _("Meeting"), _("Findings")]
    rows = (
        [v.on, v.cell.name, v.visitor_name, v.visitor_position, str(v.meeting) if v.meeting else "", v.findings]
        for v in visits.iterator(chunk_size=2000)
    )
    title = _("Visits to cell meetings, %(year)s") % {"year": year}
    filename = slugify(fold(f"{_('Visits')}-{year}")) + ".xlsx"
    return xlsx_response(filename=filename, title=title, headers=[str(h) for h in headers], rows=rows, caption=title)


@login_required
def visit_plan(request, org_id: int):
    committee = get_for_user(Organization, org_id, request.user)
    year = _year(request)
    plan = scope(VisitPlan.objects.filter(committee=committee, year=year), request.user).first()
    writable = may(request.user, Action.VISIT_PLAN, committee)
    if request.method == "POST":
        if not writable:
            raise PermissionDenied
        try:
            if request.POST.get("item"):
                item = get_for_user(VisitPlanItem.objects.filter(plan=plan), request.POST["item"], request.user)
                services.visit_plan_item_update(
                    item=item,
                    month=int(request.POST.get("month") or 0),
                    visitor_name=request.POST.get("visitor_name", ""),
                    actor=request.user,
                )
            else:
                services.visit_plan_create(
                    committee=committee, year=year, note=request.POST.get("note", ""), actor=request.user
                )
        except ValidationError as exc:
            _flash_errors(request, exc)
        except ValueError:
            messages.error(request, _("The month must be between 1 and 12."))
        else:
            messages.success(request, _("Saved."))
        return _to("meetings:visit_plan", f"?year={year}", org_id=committee.pk)
    items, visited = [], set()
    if plan is not None:
        items = list(plan.items.select_related("cell").order_by("month", "cell__path"))
        visited = set(
            queries.visits_in([i.cell_id for i in items], date(year, 1, 1), date(year, 12, 31)).values_list(
                "cell_id", flat=True
            )
        )
    for item in items:
        item.visited = item.cell_id in visited
    return render(
        request,
        "meetings/visit_plan.html",
        {
            "committee": committee,
            "year": year,
            "plan": plan,
            "items": items,
            "visited_count": sum(1 for i in items if i.visited),
            "writable": writable,
            "months": range(1, 13),
        },
    )


# The committee's overview, figures and worklist ---------------------------------------------------


def _default_org_id(user) -> int | None:
    if is_admin(user):
        return Organization.objects.filter(parent__isnull=True).order_by("path").values_list("pk", flat=True).first()
    held = [a.organization for a in assignments(user) if a.role in READ_ROLES and a.organization_id]
    return min(held, key=lambda o: (o.depth, o.path)).pk if held else None


def _period(request):
    """(org, start, end, form) from `?org=&from=&to=`; None when the user holds no committee role."""
    form = PeriodForm(request.GET)
    form.is_valid()
    if "org" in form.errors:
        raise Http404
    org_id = form.cleaned_data.get("org") or _default_org_id(request.user)
    if org_id is None:
        return None
    org = get_for_user(Organization, org_id, request.user)
    start, end = form.period(today())
    return org, start, end


def _period_context(request, org, start, end) -> dict:
    version = version_on(org, end)
    picker = list(
        scope(Organization.objects.exclude(kind="party_group"), request.user)
        .order_by("path")
        .values("pk", "name", "depth")[:500]
    )
    top = min((p["depth"] for p in picker), default=1)
    for p in picker:
        p["indent"] = "\u2003" * (p["depth"] - top)
    return {
        "org": org,
        "org_name": version.name if version else org.name,
        "start": start,
        "end": end,
        "picker": picker,
        "query": f"org={org.pk}&from={start:%d/%m/%Y}&to={end:%d/%m/%Y}",
    }


# Numbers on the overview, each a catalogue figure (meetings.figures) of the period.
OVERVIEW_TOTALS = {
    "cells": "cells",
    "judged": "cells-judged",
    "met": "cells-met-every-month",
    "missed": "cells-missed-month",
    "visited": "cells-visited",
    "held": "meetings-held",
    "thematic": "thematic-meetings",
    "missed_quarters": "thematic-quarters-missed",
    "counted": "attendance-counted",
    "present": "attendance-present",
    "excused": "attendance-excused",
    "absent": "attendance-absent",
    "visits": "visits",
    "flags": "removal-flags",
}
# Attendance numbers of the cell table, each a catalogue figure grouped by cell (one query each).
PER_CELL = {
    "counted": "attendance-counted",
    "present": "attendance-present",
    "excused": "attendance-excused",
    "absent": "attendance-absent",
}
CELLS_PER_PAGE = 50


@dataclass
class CellLine:
    """One line of the overview's cell table: the rules' row and the catalogue's numbers for it."""

    row: queries.CellRow
    numbers: dict
    thematic: dict


def _overview_reading(org, start, end) -> tuple[Reading, queries.Overview]:
    reading = Reading(org, on=end, start=start)
    ov = meeting_figures.overview(reading.scope(FIGURES["cells"]))  # NoRuleSet when no rule set covers it
    return reading, ov


def _cell_lines(reading: Reading, ov: queries.Overview, cells: list[queries.CellRow]) -> list[CellLine]:
    """The cell table's lines for `cells`: every number grouped by cell over the whole period, so
    a page of the table reads as many queries as the whole table (a summary per cell, never a row
    per member: the members' own figures are one click away)."""
    by_cell = {name: reading.breakdown(slug, "cell") for name, slug in PER_CELL.items()}
    by_cell["visits"] = reading.breakdown("visits", "cell")
    thematic = reading.grid("thematic-meetings", ("cell", "quarter"))
    return [
        CellLine(
            row=c,
            numbers={name: counts.get(str(c.cell_id), 0) for name, counts in by_cell.items()},
            thematic={q: thematic.get((str(c.cell_id), rules.quarter_label(q)), 0) for q in ov.quarters},
        )
        for c in cells
    ]


@login_required
def overview(request):
    period = _period(request)
    if period is None:
        return redirect("meetings:mine")
    org, start, end = period
    try:
        reading, ov = _overview_reading(org, start, end)
    except NoRuleSet as exc:
        messages.error(request, str(exc))
        return render(request, "meetings/overview.html", {**_period_context(request, org, start, end), "ov": None})
    reading.prefetch(OVERVIEW_TOTALS.values())
    totals = {name: reading.value(slug) for name, slug in OVERVIEW_TOTALS.items()}
    page = Paginator(ov.cells, CELLS_PER_PAGE).get_page(request.GET.get("page"))
    context = _period_context(request, org, start, end)
    return render(
        request,
        "meetings/overview.html",
        {
            **context,
            "ov": ov,
            "totals": totals,
            "page": page,
            "lines": _cell_lines(reading, ov, list(page.object_list)),
            "quarter_labels": [(q, rules.quarter_label(q)) for q in ov.quarters],
            "may_export": may(request.user, Action.EXPORT_LISTS, org),
        },
    )


@login_required
def overview_export(request):
    """The overview's cell table as .xlsx: every cell of the period, the numbers of the page."""
    period = _period(request)
    if period is None:
        raise Http404
    org, start, end = period
    require(request.user, Action.EXPORT_LISTS, org)
    try:
        reading, ov = _overview_reading(org, start, end)
    except NoRuleSet:
        raise Http404 from None
    lines = _cell_lines(reading, ov, ov.cells)
    headers = [
        _("Cell"),
        _("Months judged"),
        _("Months missed"),
        *[quarter_label(q) for q in ov.quarters],
        _("Present"),
        _("Attendances counted"),
        _("With reason"),
        _("Without reason"),
        _("Visits"),
    ]
    rows = (
        [
            line.row.name,
            len(line.row.judged),
            months_label(line.row.missed),
            *[line.thematic[q] for q in ov.quarters],
            line.numbers["present"],
            line.numbers["counted"],
            line.numbers["excused"],
            line.numbers["absent"],
            line.numbers["visits"],
        ]
        for line in lines
    )
    title = _("Cell meetings %(start)s–%(end)s") % {"start": format_date(start), "end": format_date(end)}
    filename = slugify(fold(f"{_('Cell meetings')}-{org.code}-{start:%Y%m%d}-{end:%Y%m%d}")) + ".xlsx"
    caption = export_title(title, org=org)
    return xlsx_response(filename=filename, title=title, headers=[str(h) for h in headers], rows=rows, caption=caption)


@login_required
def figure(request, figure: str):
    """A meetings figure's list, from its catalogue definition (the xlsx is the catalogue's export)."""
    spec = FIGURES.get(figure)
    if spec is None or spec not in figures_of("meetings"):
        raise Http404
    period = _period(request)
    if period is None:
        raise Http404
    org, start, end = period
    try:
        reading, ov = _overview_reading(org, start, end)
        scope = reading.scope(spec)
        params = spec.clean_params(scope, request.GET)
    except (NoRuleSet, UnknownParam):
        raise Http404 from None
    rows = reading.rows(spec.slug, **params)
    names = {c.cell_id: c.name for c in ov.cells}
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    subtitle = [spec.param_named(name).label_for(scope, code) for name, code in params.items()]
    context = _period_context(request, org, start, end)
    export_query = context["query"] + "".join(f"&{name}={code}" for name, code in params.items())
    return render(
        request,
        "meetings/figure.html",
        {
            **context,
            "figure": spec,
            "count": reading.value(spec.slug, **params),
            "share": reading.percent(spec.slug, **params) if spec.denominator else "",
            "denominator": FIGURES.get(spec.denominator) if spec.denominator else None,
            "page": page,
            "names": names,
            "subtitle": " — ".join(s for s in subtitle if s),
            "export_url": reverse("reports:figure_export", kwargs={"figure": spec.slug}) + "?" + export_query,
            "may_export": may(request.user, Action.EXPORT_LISTS, org),
        },
    )


@login_required
def worklist(request):
    period = _period(request)
    if period is None:
        return redirect("meetings:mine")
    org, _start, end = period
    try:
        items = queries.worklist(org, end)
    except NoRuleSet as exc:
        messages.error(request, str(exc))
        items = {}
    return render(
        request,
        "meetings/worklist.html",
        {**_period_context(request, org, date(end.year, 1, 1), end), "items": items, "on": end},
    )
