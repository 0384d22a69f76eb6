"""Party badge lists per occasion (screen, xlsx, docx), awarding, and a member's party age."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.accounts.actions import Action
from coso.accounts.scoping import get_for_user, may, may_on, require, scope
from coso.badges.documents import badge_list_docx
from coso.badges.forms import AwardForm, GravelyIllForm, bound_list_form
from coso.badges.queries import badge_list, member_badges
from coso.badges.services import Award, badges_award, gravely_ill_flag_create
from coso.common.dates import today
from coso.common.downloads import content_disposition
from coso.common.party_docx import DOCX_TYPE
from coso.common.text import format_count, format_date
from coso.common.xlsx import export_title, xlsx_response
from coso.members.models import Member
from coso.organizations.models import Organization
from coso.rulesets.queries import NoRuleSet


def _list_from_request(request):
    form = bound_list_form(request)
    badges, error = None, None
    if form.is_valid():
        try:
            badges = badge_list(form.cleaned_data["org"], form.cleaned_data["occasion"])
        except NoRuleSet as exc:
            error = str(exc)
    return form, badges, error


@login_required
@require_GET
def badge_list_view(request):
    form, badges, error = _list_from_request(request)
    context = {"form": form, "badges": badges, "error": error}
    if badges is not None:
        query = urlencode(
            {"org": badges.organization.pk, "year": badges.occasion.year, "occasion": badges.occasion.isoformat()}
        )
        context.update(
            query=query,
            can_award=may(request.user, Action.BADGE_AWARD, badges.organization),
            may_export=may(request.user, Action.EXPORT_LISTS, badges.organization),
        )
    return render(request, "badges/list.html", context)


def _file_name(badges, ext: str) -> str:
    return f"huy-hieu-dang-{badges.organization.code}-{badges.occasion:%Y%m%d}.{ext}"


@login_required
@require_GET
def export_xlsx(request):
    form, badges, error = _list_from_request(request)
    if badges is None:
        return redirect(reverse("badges:list") + "?" + request.GET.urlencode())
    require(request.user, Action.EXPORT_LISTS, badges.organization)
    headers = [
        _("No."),
        _("Badge"),
        _("Full name"),
        _("Date of birth"),
        _("Admitted on"),
        _("Party age counted from"),
        _("Party age"),
        _("Organization"),
        _("Early award (grave illness)"),
    ]
    rows = (
        [
            number,
            row.due.milestone,
            row.member.full_name,
            row.member.date_of_birth,
            row.age.admitted_on,
            row.age.counted_from,
            _("%(y)d years %(m)d months") % {"y": row.age.years, "m": row.age.months},
            row.member.organization.name if row.member.organization else "",
            _("Posthumous award") if row.due.posthumous else _("Yes") if row.due.early else "",
        ]
        for number, row in enumerate(badges.rows, start=1)
    )
    return xlsx_response(
        filename=_file_name(badges, "xlsx"),
        title=_("Party badges %(date)s") % {"date": format_date(badges.occasion).replace("/", "-")},
        headers=headers,
        rows=rows,
        caption=export_title(_("Party badge list"), org=badges.organization, on=badges.occasion),
    )


@login_required
@require_GET
def export_docx(request):
    form, badges, error = _list_from_request(request)
    if badges is None:
        return redirect(reverse("badges:list") + "?" + request.GET.urlencode())
    require(request.user, Action.EXPORT_LISTS, badges.organization)
    response = HttpResponse(badge_list_docx(badges, issued_on=today()), content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition(_file_name(badges, "docx"))
    return response


@login_required
@require_POST
def award(request):
    form = AwardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The award form is incomplete."))
        return redirect("badges:list")
    data = form.cleaned_data
    org = get_for_user(Organization, data["org"], request.user, action=Action.BADGE_AWARD)
    occasion = data["occasion"]
    back = reverse("badges:list") + "?" + urlencode({"org": org.pk, "year": occasion.year, "occasion": occasion})
    due = {row.member.pk: row for row in badge_list(org, occasion).rows}
    selected = [pk for pk in data["members"] if pk in due]
    writable = set(
        scope(Member.objects.filter(pk__in=selected), request.user, action=Action.BADGE_AWARD).values_list(
            "pk", flat=True
        )
    )
    awards = [Award(member=due[pk].member, milestone=due[pk].due.milestone) for pk in selected if pk in writable]
    try:
        events = badges_award(
            awards=awards,
            on=occasion,
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            decision_issuer=data["decision_issuer"],
            actor=request.user,
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    messages.success(request, _("Badges recorded for %(n)s members.") % {"n": format_count(len(events))})
    return redirect(back)


@login_required
@require_GET
def member_view(request, member_id: int):
    member = get_for_user(Member.objects.select_related("organization"), member_id, request.user)
    info = member_badges(member)
    writable = may_on(request.user, Action.FACT_RECORD, member)
    return render(
        request,
        "badges/member.html",
        {"member": member, "info": info, "can_write": writable, "flag_form": GravelyIllForm() if writable else None},
    )


@login_required
@require_POST
def flag_add(request, member_id: int):
    member = get_for_user(Member, member_id, request.user, action=Action.FACT_RECORD)
    form = GravelyIllForm(request.POST)
    if form.is_valid():
        try:
            gravely_ill_flag_create(member=member, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(request, _("Grave illness recorded."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return redirect("badges:member", member_id=member.pk)
