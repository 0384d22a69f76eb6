"""The register's figures of a subtree on a date as plain dicts: thin readers of the catalogue.

Nothing is counted here: every number is `catalogue.Reading.value` of a figure of
`reports.figures` (a count of the figure's own records, or the grouped count of those same records
for a breakdown), so these dicts, the dashboard, the figure lists and the API cannot disagree. They
keep the shape the API's `/organizations/{id}/counts` and the benchmark (`bench/run.py`) read.
A member dict costs one query for the plain figures and one grouped query per breakdown, whatever
the size of the subtree.
"""

from datetime import date

from coso.members.choices import Gender, GeneralEducation, PoliticalTheory, ProfessionalEducation, SpellStatus
from coso.members.rules import AGE_BANDS
from coso.organizations.models import Organization, OrgKind
from coso.reports.catalogue import Reading

MEMBER_PLAIN = (
    "members_total",
    "members_probationary",
    "members_official",
    "members_exempted",
    "members_ethnic_minority",
    "members_with_religion",
)
ORG_PLAIN = ("orgs_grassroots", "orgs_below_grassroots", "units_total", "units_without_member", "units_without_cell")


def _every(codes, counts: dict) -> dict:
    """Every code of a fixed list, zeros included (the grouped count omits empty codes)."""
    return {code: counts.get(code, 0) for code in codes}


def member_counts(org: Organization, on: date, *, reading: Reading | None = None) -> dict:
    """Every member figure of `org`'s subtree on `on`, read from the catalogue.

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
    r = reading or Reading(org, on=on)
    r.prefetch(MEMBER_PLAIN)
    return {
        "total": r.value("members_total"),
        "status": {
            SpellStatus.PROBATIONARY: r.value("members_probationary"),
            SpellStatus.OFFICIAL: r.value("members_official"),
        },
        "exempted": r.value("members_exempted"),
        "gender": _every(Gender.values, r.breakdown("members_gender", "gender")),
        "ethnicity": dict(r.breakdown("members_ethnicity", "ethnicity")),
        "ethnic_minority": r.value("members_ethnic_minority"),
        "religion": dict(r.breakdown("members_religion", "religion")),
        "with_religion": r.value("members_with_religion"),
        "age_band": _every([code for code, *_rest in AGE_BANDS], r.breakdown("members_age_band", "band")),
        "general_education": _every(GeneralEducation.values, r.breakdown("members_general_education", "level")),
        "professional_education": _every(
            ProfessionalEducation.values, r.breakdown("members_professional_education", "level")
        ),
        "political_theory": _every(PoliticalTheory.values, r.breakdown("members_political_theory", "level")),
    }


def organization_counts(org: Organization, on: date, *, reading: Reading | None = None) -> dict:
    """The organization and residential-unit figures of `org`'s subtree on `on`, from the catalogue.

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
    r = reading or Reading(org, on=on)
    r.prefetch(ORG_PLAIN)
    return {
        "kind": _every(OrgKind.values, r.breakdown("orgs_kind", "kind")),
        "grassroots": r.value("orgs_grassroots"),
        "grassroots_type": dict(r.breakdown("orgs_grassroots_type", "org_type")),
        "below_grassroots": r.value("orgs_below_grassroots"),
        "units": {
            "total": r.value("units_total"),
            "without_member": r.value("units_without_member"),
            "without_cell": r.value("units_without_cell"),
        },
    }
