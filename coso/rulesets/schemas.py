"""What each topic's rule set holds: the keys, their types and meaning (DOMAIN.md §Rules change).

Values live in the database (`RuleSet.values`), one row per regulation and effective date; this
module only says which keys a topic needs and checks them, so an administrator who adds a rule
set for a new regulation gets a clear error for a missing or mistyped value.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Key:
    name: str
    #: "int", "str", "bool", "list[int]", "list[str]", "list[date]" (as "dd/mm"), "fraction" ([num, den]),
    #: "months_by_code", "bands" ({grade: lower bound}), "grades" (list of evaluation levels)
    kind: str
    label: object
    #: A key added after sets were shipped; the rule reads a neutral default when a set lacks it.
    required: bool = True


TOPIC_KEYS: dict[str, list[Key]] = {
    "admission": [
        Key("min_age_months", "int", gettext_lazy("Minimum age at the cell's vote, in months")),
        Key("max_age_months", "int", gettext_lazy("Maximum age at the cell's vote, in months")),
        Key("min_general_education", "str", gettext_lazy("Minimum general education (code)")),
        Key("exception_general_education", "str", gettext_lazy("Minimum education in exception areas (code)")),
        Key("exception_areas", "list[str]", gettext_lazy("Areas with the education exception")),
        Key(
            "introducer_shared_months", "int", gettext_lazy("Months the introducer worked or lived with the candidate")
        ),
        Key(
            "awareness_certificate_valid_months",
            "int",
            gettext_lazy("Validity of the awareness-class certificate, months"),
        ),
        Key("cell_vote_share", "fraction", gettext_lazy("Share of official members in favour at the cell's vote")),
        Key("decision_working_days", "int", gettext_lazy("Working days for the committee's admission decision")),
        Key("decision_extension_working_days", "int", gettext_lazy("Extension of the decision deadline, working days")),
        Key("ceremony_working_days", "int", gettext_lazy("Working days from the decision to the ceremony")),
        Key("probation_months", "int", gettext_lazy("Probation, months from the ceremony")),
        Key(
            "recognition_vote_working_days",
            "int",
            gettext_lazy("Working days after probation for the cell's recognition vote"),
        ),
        Key("recognition_decision_working_days", "int", gettext_lazy("Working days for the recognition decision")),
        Key("readmission_min_months", "int", gettext_lazy("Months after leaving before re-admission")),
        Key("readmission_max_times", "int", gettext_lazy("How many times a person may be re-admitted")),
        Key(
            "calendar_day_deadlines",
            "deadline_keys",
            gettext_lazy("Deadlines the regulation counts in calendar days, not working days"),
            required=False,
        ),
    ],
    "badges": [
        Key("milestones_years", "list[int]", gettext_lazy("Party-age milestones for badges, years")),
        Key("occasions", "list[str]", gettext_lazy("Award occasions (dd/mm)")),
        Key("early_months_below", "int", gettext_lazy("Early award for grave illness below the threshold, months")),
        Key("early_months_from", "int", gettext_lazy("Early award for grave illness from the threshold, months")),
        Key("early_threshold_years", "int", gettext_lazy("Milestone from which the longer early award applies, years")),
        Key(
            "discipline_postponement_months",
            "months_by_code",
            gettext_lazy("Months a discipline postpones the award, by discipline form"),
            required=False,
        ),
        Key(
            "posthumous_early_months",
            "int",
            gettext_lazy("Months before the milestone a posthumous award may be made"),
            required=False,
        ),
    ],
    "meetings": [
        Key("regular_per_month", "int", gettext_lazy("Regular meetings per month")),
        Key("thematic_per_quarter", "int", gettext_lazy("Thematic meetings per quarter, at least")),
        Key("min_minutes", "int", gettext_lazy("Minimum duration of a meeting, minutes")),
        Key(
            "combined_min_minutes",
            "int",
            gettext_lazy("Minimum duration of a combined regular and thematic meeting, minutes"),
        ),
        Key("notice_days", "int", gettext_lazy("Days of notice for documents before a meeting")),
        Key(
            "removal_absence_months",
            "int",
            gettext_lazy("Months absent without reason in a year that call for removal"),
        ),
    ],
    "evaluation": [
        Key("periods", "periods", gettext_lazy("Period kinds evaluated (year, quarter, term)")),
        Key("scored", "bool", gettext_lazy("Ratings carry a score on a 100-point scale")),
        Key(
            "score_bands",
            "bands",
            gettext_lazy("Lowest score of each level (excellent, good, completed)"),
            required=False,
        ),
        Key("max_score", "int", gettext_lazy("Highest score"), required=False),
        Key(
            "excellent_share_of_good",
            "fraction",
            gettext_lazy("Most “excellent” as a share of those rated “good”"),
        ),
        Key("discipline_max_grade", "grade", gettext_lazy("Best level of a member disciplined in the period")),
        Key("exempt_rated", "bool", gettext_lazy("Members exempted from party work are rated")),
        Key(
            "failing_years_for_removal",
            "int",
            gettext_lazy("Years running rated “not completed” before a member is considered for removal"),
        ),
        Key(
            "weak_years",
            "int",
            gettext_lazy("Years running rated “not completed” that make an organization weak for a long time"),
        ),
        Key("commendable_grades", "grades", gettext_lazy("Levels that may be proposed for commendation")),
    ],
}

#: The levels of evaluation, best first (as coso.evaluation.rules.GRADES; repeated to keep this module free of apps).
GRADES = ("excellent", "good", "completed", "not_completed")
PERIOD_KINDS = ("year", "quarter", "term")


def validate_values(topic: str, values: dict) -> dict[str, str]:
    """Errors by key (Vietnamese via the catalogue); empty when the values fit the topic."""
    keys = TOPIC_KEYS.get(topic)
    if keys is None:
        return {"topic": _("Unknown rule topic: %(topic)s.") % {"topic": topic}}
    if not isinstance(values, dict):
        return {"values": _("The values must be an object of named values.")}
    errors = {}
    for key in keys:
        if key.name not in values and not key.required:
            continue
        if key.name not in values:
            errors[key.name] = _("Missing value “%(key)s” (%(label)s).") % {"key": key.name, "label": key.label}
            continue
        if not _fits(key.kind, values[key.name]):
            errors[key.name] = _("“%(key)s” has the wrong form: %(value)s.") % {
                "key": key.name,
                "value": values[key.name],
            }
    unknown = set(values) - {k.name for k in keys}
    for name in sorted(unknown):
        errors[name] = _("“%(key)s” is not a value of this topic.") % {"key": name}
    return errors


def _fits(kind: str, value) -> bool:
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "grade":
        return value in GRADES
    if kind == "grades":
        return isinstance(value, list) and all(v in GRADES for v in value)
    if kind == "periods":
        return isinstance(value, list) and bool(value) and all(v in PERIOD_KINDS for v in value)
    if kind == "bands":
        # Lower bounds of the three passing levels, strictly falling from excellent to completed.
        if not isinstance(value, dict) or set(value) != set(GRADES[:3]):
            return False
        bounds = [value[g] for g in GRADES[:3]]
        return all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in bounds) and (
            bounds[0] > bounds[1] > bounds[2]
        )
    if kind == "str":
        return isinstance(value, str)
    if kind == "list[int]":
        return isinstance(value, list) and all(isinstance(v, int) and v > 0 for v in value)
    if kind == "list[str]":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "deadline_keys":
        return isinstance(value, list) and all(isinstance(v, str) and v.endswith("_working_days") for v in value)
    if kind == "months_by_code":
        return isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0 for k, v in value.items()
        )
    if kind == "fraction":
        return (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int) for v in value)
            and 0 < value[0] <= value[1]
        )
    return False
