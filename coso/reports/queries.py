"""Grouped counts behind the dashboard, the API and the benchmarks.

One grouped query gives every member figure of a subtree on a date, and two give the
organization and residential-unit figures, however many categories there are: the dashboard of a
province with 100,000 members costs the same handful of queries as that of a cell. The values
are those of the figure lists in `reports.figures` (the tests compare every figure and every
parameter value), so a number on screen always opens a list of exactly that length.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Case, CharField, Count, Q, Value, When

from coso.members.choices import Gender, GeneralEducation, PoliticalTheory, ProfessionalEducation, SpellStatus
from coso.members.queries import subtree_spells
from coso.members.rules import AGE_BANDS
from coso.organizations.models import GRASSROOTS_KINDS, Organization, OrgKind
from coso.reports.figures import (
    BELOW_GRASSROOTS_REPORTED,
    NO_RELIGION,
    age_band_filter,
    resident_member_exists,
    sub_units_on,
    unit_cell_exists,
    units_on,
)


def _band_case(on: date) -> Case:
    """The age band of a spell's member on `on`, with the condition of the `members_age_band` lists."""
    whens = [When(age_band_filter(code, on, member="member__"), then=Value(code)) for code, *_rest in AGE_BANDS]
    return Case(*whens, default=Value(""), output_field=CharField())


def member_counts(org: Organization, on: date) -> dict:
    """Every member figure of `org`'s subtree on `on`, from one grouped query.

    Members are those with a home spell in the subtree on `on` (attached members excluded), as in
    `members.queries.members_on`. The profile attributes are the member's current ones.

    Returns::

        {
            "total": int,
            "status": {"probationary": int, "official": int},
            "exempted": int,                  # exempted from work and activities, either status
            "gender": {code: int},            # every Gender code, zeros included
            "ethnicity": {code: int},         # Ethnicity.code -> count, only codes with members
            "ethnic_minority": int,
            "religion": {code: int},          # Religion.code -> count, only codes with members
            "with_religion": int,             # religion other than "none"
            "age_band": {code: int},          # every members.rules.AGE_BANDS code, age on `on`
            "general_education": {code: int},       # every GeneralEducation code
            "professional_education": {code: int},  # every ProfessionalEducation code
            "political_theory": {code: int},        # every PoliticalTheory code
        }
    """
    dimensions = (
        "status",
        "exempt",
        "member__gender",
        "member__ethnicity__code",
        "member__ethnicity__is_minority",
        "member__religion__code",
        "member__general_education",
        "member__professional_education",
        "member__political_theory",
    )
    rows = (
        subtree_spells(org, on)
        .annotate(band=_band_case(on))
        .order_by()
        .values(*dimensions, "band")
        .annotate(n=Count("member_id", distinct=True))
    )
    counts: dict = {
        "total": 0,
        "status": dict.fromkeys(SpellStatus.values, 0),
        "exempted": 0,
        "gender": dict.fromkeys(Gender.values, 0),
        "ethnicity": defaultdict(int),
        "ethnic_minority": 0,
        "religion": defaultdict(int),
        "with_religion": 0,
        "age_band": dict.fromkeys((code for code, *_rest in AGE_BANDS), 0),
        "general_education": dict.fromkeys(GeneralEducation.values, 0),
        "professional_education": dict.fromkeys(ProfessionalEducation.values, 0),
        "political_theory": dict.fromkeys(PoliticalTheory.values, 0),
    }
    for row in rows:
        n = row["n"]
        counts["total"] += n
        counts["status"][row["status"]] = counts["status"].get(row["status"], 0) + n
        counts["exempted"] += n if row["exempt"] else 0
        counts["ethnicity"][row["member__ethnicity__code"]] += n
        counts["ethnic_minority"] += n if row["member__ethnicity__is_minority"] else 0
        counts["religion"][row["member__religion__code"]] += n
        counts["with_religion"] += n if row["member__religion__code"] != NO_RELIGION else 0
        for key, field in (
            ("gender", "member__gender"),
            ("age_band", "band"),
            ("general_education", "member__general_education"),
            ("professional_education", "member__professional_education"),
            ("political_theory", "member__political_theory"),
        ):
            counts[key][row[field]] = counts[key].get(row[field], 0) + n
    counts["ethnicity"] = dict(counts["ethnicity"])
    counts["religion"] = dict(counts["religion"])
    return counts


def organization_counts(org: Organization, on: date) -> dict:
    """The organization and residential-unit figures of `org`'s subtree on `on`, in three queries.

    Sub-units exclude `org` itself. Returns::

        {
            "kind": {kind: int},              # every OrgKind code, zeros included
            "grassroots": int,                # grassroots committees and grassroots cells
            "grassroots_type": {code: int},   # OrganizationType.code of grassroots ones, present only
            "below_grassroots": int,          # partial committees and cells under a committee
            "units": {
                "total": int,                 # residential units of the subtree's communes
                "without_member": int,        # no party member lives there on `on`
                "without_cell": int,          # no organization of the unit active on `on`
            },
        }
    """
    counts: dict = {
        "kind": dict.fromkeys(OrgKind.values, 0),
        "grassroots": 0,
        "grassroots_type": {},
        "below_grassroots": 0,
        "units": {"total": 0, "without_member": 0, "without_cell": 0},
    }
    rows = (
        sub_units_on(org, on)
        .order_by()
        .values("organization__kind", "organization__org_type__code")
        .annotate(n=Count("organization_id", distinct=True))
    )
    for row in rows:
        kind, type_code, n = row["organization__kind"], row["organization__org_type__code"], row["n"]
        counts["kind"][kind] = counts["kind"].get(kind, 0) + n
        if kind in GRASSROOTS_KINDS:
            counts["grassroots"] += n
            counts["grassroots_type"][type_code] = counts["grassroots_type"].get(type_code, 0) + n
        if kind in BELOW_GRASSROOTS_REPORTED:
            counts["below_grassroots"] += n

    units = (
        units_on(org, on)
        .annotate(has_member=resident_member_exists(on), has_cell=unit_cell_exists(on))
        .aggregate(
            total=Count("pk"),
            without_member=Count("pk", filter=Q(has_member=False)),
            without_cell=Count("pk", filter=Q(has_cell=False)),
        )
    )
    counts["units"] = {key: units[key] or 0 for key in ("total", "without_member", "without_cell")}
    return counts
