"""Reads behind the API endpoints. Every function takes the requesting user and reads through scoping.

The API answers the same questions as the pages ("the tree as of 31/12/2009", "members of this
subtree on that date") with the same queries, so a figure read by a script matches the screen.
"""

from collections.abc import Callable, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coso.accounts.scoping import scope
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
