"""Reads behind the API endpoints. Every function takes the requesting user and reads through scoping.

The API answers the same questions as the pages ("the tree as of 31/12/2009", "members of this
subtree on that date", "the admission worklist", "who is due a badge on 19/5") with the same
queries as the pages (admission, targets, badges and transfers queries), so a figure read by a
script matches the screen.
"""

from collections.abc import Callable, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coso.accounts.scoping import scope
from coso.admission import queries as admission_queries
from coso.admission.models import Candidate, ExceptionArea, RuleCode, Source, Stage
from coso.admission.models import Form as DossierForm
from coso.admission.queries import WorkKind
from coso.badges import queries as badges_queries
from coso.common.text import format_date
from coso.members.choices import (
    AcademicTitle,
    EventKind,
    Gender,
    GeneralEducation,
    MemberStatus,
    PoliticalTheory,
    ProfessionalEducation,
    SpellStatus,
    StateManagement,
)
from coso.members.filters import MemberFilterForm, apply_filters
from coso.members.models import Ethnicity, Member, MemberEvent, Religion
from coso.members.rules import AGE_BAND_CHOICES
from coso.organizations.models import Organization, OrgKind, OrgVersion
from coso.organizations.queries import valid_on
from coso.reports.queries import member_counts
from coso.rulesets.queries import NoRuleSet
from coso.targets import queries as targets_queries
from coso.training.models import ClassKind, Result
from coso.transfers import queries as transfers_queries
from coso.transfers.models import OPEN_STATUSES as TRANSFER_OPEN_STATUSES
from coso.transfers.models import Direction, PaperStatus, TransferKind, TransferPaper


class Page(Sequence):
    """A queryset whose rows become API dicts only for the page being sent (for ninja's paginator)."""

    def __init__(self, qs: QuerySet, to_dict: Callable[[object], dict]):
        self.qs = qs
        self.to_dict = to_dict

    def __len__(self) -> int:
        return self.qs.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.to_dict(row) for row in self.qs[index]]
        return self.to_dict(self.qs[index])


def code_label(choices, code: str) -> dict:
    labels = dict(choices.choices)
    return {"code": code or "", "label": str(labels.get(code, code or ""))}


# Organizations ---------------------------------------------------------------------------------


def organization_versions_on(
    user, on: date, *, parent: Organization | None = None, kind: str | None = None
) -> QuerySet[OrgVersion]:
    """The user's part of the tree as it stood on `on`: one version per organization active that day."""
    qs = scope(OrgVersion.objects.filter(valid_on(on)), user)
    if parent is not None:
        qs = qs.filter(parent=parent)
    if kind:
        qs = qs.filter(organization__kind=kind)
    return qs.select_related("organization", "organization__org_type").order_by("path", "organization_id")


def children_versions_on(user, org: Organization, on: date) -> QuerySet[OrgVersion]:
    return organization_versions_on(user, on, parent=org)


def organization_out(org: Organization, version: OrgVersion | None, on: date) -> dict:
    """An organization with its name and place as of `on` (its latest ones if it did not exist then)."""
    return {
        "id": org.pk,
        "code": org.code,
        "name": version.name if version else org.name,
        "kind": code_label(OrgKind, org.kind),
        "org_type": {"code": org.org_type.code, "label": org.org_type.name},
        "parent_id": version.parent_id if version else org.parent_id,
        "depth": version.depth if version else org.depth,
        "established_on": org.established_on,
        "dissolved_on": org.dissolved_on,
        "as_of": on,
    }


def version_out(version: OrgVersion, on: date) -> dict:
    return organization_out(version.organization, version, on)


def organization_detail_out(org: Organization, on: date) -> dict:
    versions = list(org.versions.select_related("reorganization").order_by("valid_from"))
    current = next((v for v in versions if v.valid_from <= on and (v.valid_to is None or v.valid_to > on)), None)
    data = organization_out(org, current, on)
    data["residential_unit_id"] = org.residential_unit_id
    data["history"] = [
        {
            "name": v.name,
            "parent_id": v.parent_id,
            "depth": v.depth,
            "valid_from": v.valid_from,
            "valid_to": v.valid_to,
            "reorganization": v.reorganization.kind if v.reorganization else None,
        }
        for v in versions
    ]
    return data


# Counts ----------------------------------------------------------------------------------------


def _items(counts: dict[str, int], labels: dict[str, str]) -> list[dict]:
    return [{"code": code, "label": str(labels.get(code, code)), "count": n} for code, n in counts.items()]


def counts_out(org: Organization, on: date) -> dict:
    """The subtree's member counts on `on` (reports.queries.member_counts), with a label for each code.

    The same grouped query as the dashboard, so the API and the screen give the same numbers. Fixed
    value lists (status, gender, age band, education, theory) list every value, zeros included;
    ethnicity and religion list the values some member has.
    """
    raw = member_counts(org, on)
    ethnicities = dict(Ethnicity.objects.filter(code__in=raw["ethnicity"]).values_list("code", "name"))
    religions = dict(Religion.objects.filter(code__in=raw["religion"]).values_list("code", "name"))
    return {
        "organization_id": org.pk,
        "on": on,
        "total": raw["total"],
        "status": _items(raw["status"], dict(SpellStatus.choices)),
        "exempted": raw["exempted"],
        "ethnic_minority": raw["ethnic_minority"],
        "with_religion": raw["with_religion"],
        "gender": _items(raw["gender"], dict(Gender.choices)),
        "ethnicity": _items(dict(sorted(raw["ethnicity"].items())), ethnicities),
        "religion": _items(dict(sorted(raw["religion"].items())), religions),
        "age_band": _items(raw["age_band"], dict(AGE_BAND_CHOICES)),
        "general_education": _items(raw["general_education"], dict(GeneralEducation.choices)),
        "professional_education": _items(raw["professional_education"], dict(ProfessionalEducation.choices)),
        "political_theory": _items(raw["political_theory"], dict(PoliticalTheory.choices)),
    }


# Members ---------------------------------------------------------------------------------------


def filtered_members(user, params: dict) -> QuerySet[Member]:
    """The register filtered as on its page (members.filters), for the API's codes instead of ids.

    Raises ValidationError naming the field for a value the filter does not know.
    """
    data = {name: value for name, value in params.items() if value not in (None, "")}
    if "on" in data:
        data["on"] = data["on"].isoformat()
    for name, model in (("ethnicity", Ethnicity), ("religion", Religion)):
        if name in data:
            found = model.objects.filter(code=data[name]).first()
            if found is None:
                raise ValidationError(
                    {
                        name: _("Unknown code '%(code)s' for %(field)s.")
                        % {"code": data[name], "field": MemberFilterForm.base_fields[name].label}
                    }
                )
            data[name] = found.pk
    form = MemberFilterForm(data, user=user)
    if not form.is_valid():
        raise ValidationError(
            {name: f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()}
        )
    return apply_filters(None, form.cleaned_data, user).select_related("organization", "ethnicity")


def member_out(member: Member) -> dict:
    return {
        "id": member.pk,
        "full_name": member.full_name,
        "gender": code_label(Gender, member.gender),
        "date_of_birth": member.date_of_birth,
        "ethnicity": {"code": member.ethnicity.code, "label": member.ethnicity.name},
        "status": code_label(MemberStatus, member.status),
        "organization_id": member.organization_id,
        "organization_name": member.organization.name if member.organization else None,
        "admitted_on": member.admitted_on,
        "official_on": member.official_on,
    }


def _event_out(event: MemberEvent) -> dict:
    return {
        "id": event.pk,
        "kind": code_label(EventKind, event.kind),
        "on": event.on,
        "organization_id": event.organization_id,
        "organization_name": event.organization.name if event.organization else None,
        "external_place": event.external_place,
        "entry_status": event.entry_status,
        "discipline_form": event.discipline_form,
        "decision": {
            "number": event.decision_number,
            "signed_on": event.decision_date,
            "issuer": event.decision_issuer,
        },
        "note": event.note,
    }


PLAIN_PROFILE_FIELDS = (
    "birth_name",
    "place_of_birth",
    "hometown",
    "permanent_address",
    "current_address",
    "residential_unit_id",
    "citizen_id",
    "phone",
    "party_card_number",
    "party_card_date",
    "occupation",
    "work_unit",
    "party_position",
    "government_position",
    "mass_org_position",
    "foreign_language",
    "it_skill",
    "minority_language",
    "youth_union_joined_on",
    "admission_place",
    "introducers",
)


def member_detail_out(member: Member) -> dict:
    """The profile (mẫu 2-HSĐV) and the history facts, each with its decision."""
    data = member_out(member)
    data.update({name: getattr(member, name) for name in PLAIN_PROFILE_FIELDS})
    data["religion"] = {"code": member.religion.code, "label": member.religion.name}
    data["general_education"] = code_label(GeneralEducation, member.general_education)
    data["professional_education"] = code_label(ProfessionalEducation, member.professional_education)
    data["academic_title"] = code_label(AcademicTitle, member.academic_title)
    data["political_theory"] = code_label(PoliticalTheory, member.political_theory)
    data["state_management"] = code_label(StateManagement, member.state_management)
    events = member.events.select_related("organization").order_by("on", "id")
    data["history"] = [_event_out(e) for e in events]
    return data


# Admission -------------------------------------------------------------------------------------

WORK_STEPS = {
    WorkKind.DECISION: _("Committee decision on admission"),
    WorkKind.CEREMONY: _("Admission ceremony"),
    WorkKind.RECOGNITION_VOTE: _("Cell's vote on recognition"),
    WorkKind.CERTIFICATE: _("Awareness certificate expires"),
}


def _choice(choices, code: str, name: str, model) -> str:
    """`code` if `choices` knows it (or it is empty); else a ValidationError naming the field and value."""
    if code and code not in choices.values:
        raise _unknown(code, name, model)
    return code


def _unknown(code: str, name: str, model) -> ValidationError:
    field = model._meta.get_field(name).verbose_name
    return ValidationError(
        {
            name: _("Unknown value '%(code)s' for %(field)s (parameter %(name)s).")
            % {"code": code, "field": field, "name": name}
        }
    )


def filtered_candidates(user, *, org: Organization | None, stage: str, source: str, q: str) -> QuerySet[Candidate]:
    """The pipeline's candidates in scope, filtered as on the pipeline page (admission.queries)."""
    qs = admission_queries.filter_candidates(
        admission_queries.candidates_for(user),
        org=org,
        stage=_choice(Stage, stage, "stage", Candidate),
        source=_choice(Source, source, "source", Candidate),
        text=q,
    )
    return qs.order_by("full_name", "date_of_birth", "id")


def candidate_out(c: Candidate) -> dict:
    return {
        "id": c.pk,
        "full_name": c.full_name,
        "gender": code_label(Gender, c.gender),
        "date_of_birth": c.date_of_birth,
        "ethnicity": {"code": c.ethnicity.code, "label": c.ethnicity.name},
        "organization_id": c.organization_id,
        "organization_name": c.organization.name,
        "source": code_label(Source, c.source),
        "stage": code_label(Stage, c.stage),
        "registered_on": c.registered_on,
        "cell_vote_on": c.cell_vote_on,
        "decision_on": c.decision_on,
        "ceremony_on": c.ceremony_on,
        "probation_ends_on": c.probation_ends_on,
        "closed_on": c.closed_on,
        "member_id": c.member_id,
    }


def _step(kind: str) -> dict:
    return {"code": kind, "label": str(WORK_STEPS.get(kind, kind))}


def candidate_detail_out(c: Candidate, user, on: date) -> dict:
    """The candidate's page as data: profile, introducers, dossier, classes, exceptions, deadlines, member.

    The member record is given only when the user may see it: a member transferred out of the user's
    subtree since the admission stays behind the one door.
    """
    data = candidate_out(c)
    data.update(
        {
            "religion": {"code": c.religion.code, "label": c.religion.name},
            "citizen_id": c.citizen_id,
            "phone": c.phone,
            "general_education": code_label(GeneralEducation, c.general_education),
            "professional_education": code_label(ProfessionalEducation, c.professional_education),
            "exception_area": code_label(ExceptionArea, c.exception_area),
            "permanent_address": c.permanent_address,
            "current_address": c.current_address,
            "residential_unit_id": c.residential_unit_id,
            "occupation": c.occupation,
            "work_unit": c.work_unit,
            "former_member_id": c.former_member_id,
            "note": c.note,
        }
    )
    data["introducers"] = [
        {
            "member_id": i.member_id,
            "full_name": i.member.full_name,
            "organization_name": i.member.organization.name if i.member.organization else None,
            "shared_since": i.shared_since,
        }
        for i in c.introducers.select_related("member", "member__organization")
    ]
    data["documents"] = [
        {
            "id": d.pk,
            "form": code_label(DossierForm, d.form),
            "number": d.number,
            "issued_on": d.issued_on,
            "issuer": d.issuer,
            "official_members": d.official_members,
            "in_favour": d.in_favour,
            "note": d.note,
        }
        for d in c.documents.all()
    ]
    data["classes"] = [
        {
            "class_id": s.training_class_id,
            "class_name": s.training_class.name,
            "level": code_label(ClassKind, s.training_class.kind),
            "ends_on": s.training_class.ends_on,
            "result": code_label(Result, s.result),
            "certificate_number": s.certificate_number,
            "certificate_date": s.certificate_date,
        }
        for s in c.class_results.select_related("training_class").order_by("training_class__starts_on", "id")
    ]
    data["rule_exceptions"] = [
        {
            "rule": code_label(RuleCode, e.rule),
            "approval_number": e.approval_number,
            "approval_date": e.approval_date,
            "approval_issuer": e.approval_issuer,
            "reason": e.reason,
        }
        for e in c.rule_exceptions.all()
    ]
    data["deadlines"] = [
        {"step": _step(kind), "due": due, "overdue": due < on, "regulation": regulation}
        for kind, due, regulation in admission_queries.deadlines(c)
        if due is not None  # a step the working-day calendar cannot date yet
    ]
    member = scope(Member.objects.filter(pk=c.member_id), user).first() if c.member_id else None
    data["member"] = (
        {
            "id": member.pk,
            "full_name": member.full_name,
            "status": code_label(MemberStatus, member.status),
            "organization_id": member.organization_id,
            "admitted_on": member.admitted_on,
            "official_on": member.official_on,
        }
        if member
        else None
    )
    return data


def worklist_out(user, on: date, days: int) -> dict:
    """The worklist page's items for the user (admission.queries.worklist), most urgent first."""
    items = admission_queries.worklist(user, on=on, window_days=days)
    return {
        "on": on,
        "days": days,
        "total": len(items),
        "overdue": sum(1 for i in items if i.overdue),
        "items": [
            {
                "step": _step(i.kind),
                "due": i.due,
                "overdue": i.overdue,
                "start": i.start,
                "regulation": i.regulation,
                "candidate": {
                    "id": i.candidate.pk,
                    "full_name": i.candidate.full_name,
                    "organization_id": i.candidate.organization_id,
                    "organization_name": i.candidate.organization.name,
                    "stage": code_label(Stage, i.candidate.stage),
                },
            }
            for i in items
        ],
    }


# Targets ---------------------------------------------------------------------------------------


def _percentage(admitted: int, target: int | None) -> float | None:
    return round(admitted * 100 / target, 1) if target else None


def progress_out(org: Organization, year: int) -> dict:
    """Admissions against targets for the subtree (targets.queries.progress): the overview page's figures."""
    report = targets_queries.progress(org, year)
    return {
        "organization_id": org.pk,
        "organization_name": org.name,
        "year": year,
        "on": report.on,
        "year_elapsed": round(report.share_elapsed * 100, 1),
        "target": report.target,
        "admitted": report.admitted,
        "percentage": _percentage(report.admitted, report.target),
        "expected": report.expected,
        "behind": report.behind,
        "units": [
            {
                "organization_id": unit.organization.pk,
                "name": unit.organization.name,
                "own": unit.key == targets_queries.SELF,
                "target": unit.target,
                "admitted": unit.admitted,
                "percentage": _percentage(unit.admitted, unit.target),
                "behind": unit.behind,
            }
            for unit in report.units
        ],
        "by_month": [{"month": m, "admitted": n} for m, n in enumerate(report.by_month, start=1)],
        "breakdowns": {
            dim: [{"code": row.key, "label": str(row.label), "count": row.count} for row in rows]
            for dim, rows in report.breakdowns.items()
        },
    }


# Party age and badges --------------------------------------------------------------------------


def party_age_out(age) -> dict | None:
    if age is None:
        return None
    return {
        "years": age.years,
        "months": age.months,
        "days": age.days,
        "admitted_on": age.admitted_on,
        "counted_from": age.counted_from,
        "days_outside": age.days_outside,
        "periods_outside": [{"start": start, "end": end} for start, end in age.periods_outside],
    }


def badge_due_out(due) -> dict | None:
    if due is None:
        return None
    return {
        "milestone": due.milestone,
        "reached_on": due.reached_on,
        "early": due.early,
        "early_months": due.early_months,
    }


def choose_occasion(year: int | None, occasion: date | None, now: date) -> tuple[date, list[date]]:
    """The occasion asked for, or the next one (as the badge list page chooses), with its year's occasions.

    Raises ValidationError naming the value when it is not an occasion of the rule set in force.
    """
    if occasion is not None:
        if year is not None and year != occasion.year:
            raise ValidationError(
                {"year": _("The occasion %(date)s is not in %(year)s.") % {"date": format_date(occasion), "year": year}}
            )
        occasions = badges_queries.occasions_for_year(occasion.year)
        if occasion not in occasions:
            raise ValidationError(
                {
                    "occasion": _("%(date)s is not an award occasion; the occasions of %(year)s are %(dates)s.")
                    % {
                        "date": format_date(occasion),
                        "year": occasion.year,
                        "dates": ", ".join(format_date(d) for d in occasions) or "—",
                    }
                }
            )
        return occasion, occasions
    if year is None:
        upcoming = badges_queries.next_occasion_after(now)
        year = upcoming.year if upcoming else now.year
    occasions = badges_queries.occasions_for_year(year)
    if not occasions:
        raise ValidationError({"year": _("No award occasion in %(year)s.") % {"year": year}})
    upcoming = [d for d in occasions if d >= now]
    return (upcoming[0] if upcoming else occasions[-1]), occasions


def badge_list_out(org: Organization, occasion: date, occasions: list[date]) -> dict:
    """Members of the subtree due a badge on the occasion (badges.queries.badge_list), by milestone."""
    try:
        badges = badges_queries.badge_list(org, occasion)
    except NoRuleSet as exc:
        raise ValidationError({"occasion": str(exc)}) from None
    return {
        "organization_id": org.pk,
        "organization_name": org.name,
        "occasion": occasion,
        "occasions": occasions,
        "regulation": badges.rule_set.regulation,
        "total": badges.total,
        "early": badges.early_count,
        "groups": [
            {
                "milestone": group.milestone,
                "count": len(group.rows),
                "members": [
                    {
                        "member_id": row.member.pk,
                        "full_name": row.member.full_name,
                        "date_of_birth": row.member.date_of_birth,
                        "organization_id": row.member.organization_id,
                        "organization_name": row.member.organization.name if row.member.organization else None,
                        "party_age": party_age_out(row.age),
                        "badge": badge_due_out(row.due),
                    }
                    for row in group.rows
                ],
            }
            for group in badges.groups
        ],
    }


def member_party_age_out(member: Member, on: date) -> dict:
    """A member's party age, badges awarded and the next badge due (badges.queries.member_badges)."""
    try:
        info = badges_queries.member_badges(member, on)
    except NoRuleSet as exc:
        raise ValidationError({"on": str(exc)}) from None
    return {
        "member_id": member.pk,
        "full_name": member.full_name,
        "on": on,
        "party_age": party_age_out(info.age),
        "badges": [
            {
                "years": e.badge_years,
                "on": e.on,
                "decision": {"number": e.decision_number, "signed_on": e.decision_date, "issuer": e.decision_issuer},
            }
            for e in info.awarded
        ],
        "next_occasion": info.next_occasion,
        "next_badge": badge_due_out(info.next_due),
        "gravely_ill": [
            {"valid_from": f.valid_from, "valid_to": f.valid_to, "document": f.document} for f in info.flags
        ],
    }


# Transfers -------------------------------------------------------------------------------------

TRANSFER_STATUS_FILTERS = ("open", *PaperStatus.values)


def filtered_papers(user, *, status: str, direction: str, kind: str, q: str, on: date) -> QuerySet[TransferPaper]:
    """Referrals leaving from or arriving in the user's subtree (transfers.queries.papers_for), with the
    worklist's filters, nearest deadline first."""
    if status and status not in TRANSFER_STATUS_FILTERS:
        raise _unknown(status, "status", TransferPaper)
    qs = transfers_queries.filter_papers(
        transfers_queries.papers_for(user),
        status=status,
        direction=_choice(Direction, direction, "direction", TransferPaper),
        kind=_choice(TransferKind, kind, "kind", TransferPaper),
        text=q,
        on=on,
    )
    return qs.select_related("member", "from_organization", "to_organization", "rule").order_by("present_by", "-id")


def paper_out(paper: TransferPaper, on: date) -> dict:
    return {
        "id": paper.pk,
        "kind": code_label(TransferKind, paper.kind),
        "direction": code_label(Direction, paper.direction),
        "status": code_label(PaperStatus, paper.status),
        "late": paper.status in TRANSFER_OPEN_STATUSES and on > paper.present_by,
        "member_id": paper.member_id,
        "person_name": paper.person_label,
        "from_organization_id": paper.from_organization_id,
        "from_name": paper.from_label,
        "to_organization_id": paper.to_organization_id,
        "to_name": paper.to_label,
        "number": paper.number,
        "issued_on": paper.issued_on,
        "issuer": paper.issuer,
        "present_by": paper.present_by,
        "presented_on": paper.presented_on,
        "period_from": paper.period_from,
        "period_until": paper.period_until,
        "ended_on": paper.ended_on,
        "regulation": paper.rule.regulation if paper.rule else "",
    }
