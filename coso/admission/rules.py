"""The Party's admission rules as pure functions (DOMAIN.md §Admission, DESIGN.md idea 5).

Each check takes the facts of one candidate and the values of the admission rule set in force on
the event's date (`RuleSet.values`, keys in `coso.rulesets.schemas`) plus the regulation that set
cites, and returns `Violation`s whose message names the rule and the regulation, so a refusal in
the UI reads e.g. "Chưa đủ 18 tuổi (216 tháng) tại ngày chi bộ xét: 17 tuổi 11 tháng — QĐ 24-QĐ/TW".
Nothing here touches the database: services gather the facts, the tests feed tables of them.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from coso.common.text import format_date
from coso.rulesets.calendar import Calendar, add_months, months_between

# Code → rank: lower secondary is 9/12 or 7/10 (old system); upper secondary 12/12 or 10/10.
EDUCATION_RANK = {"5/12": 1, "7/10": 2, "9/12": 2, "10/10": 3, "12/12": 3}


@dataclass(frozen=True)
class Violation:
    code: str  # a RuleCode value
    message: str


@dataclass(frozen=True)
class IntroducerFacts:
    name: str
    official_on_vote: bool  # an official member (not attached elsewhere) on the day of the vote
    shared_since: date


@dataclass(frozen=True)
class CandidateFacts:
    date_of_birth: date
    general_education: str
    exception_area: str = ""
    introducers: Sequence[IntroducerFacts] = field(default_factory=tuple)
    awareness_certificate_on: date | None = None
    left_party_on: date | None = None  # for a re-admission: the day the person left the Party
    readmissions_before: int = 0
    is_readmission: bool = False


def _age_label(months: int) -> str:
    return _("%(years)s years %(months)s months") % {"years": months // 12, "months": months % 12}


def check_age(facts: CandidateFacts, vote_on: date, values: Mapping, regulation: str) -> list[Violation]:
    """Fully 18 to fully 60 years at the cell's vote, counted in months (QĐ 24-QĐ/TW, 3.1)."""
    age = months_between(facts.date_of_birth, vote_on)
    low, high = values["min_age_months"], values["max_age_months"]
    if age < low:
        return [
            Violation(
                "age_min",
                _(
                    "Not yet %(years)s years old (%(limit)s months) on the day of the cell's vote: aged %(age)s — %(regulation)s"
                )
                % {"years": low // 12, "limit": low, "age": _age_label(age), "regulation": regulation},
            )
        ]
    if age > high:
        return [
            Violation(
                "age_max",
                _(
                    "Over %(years)s years old (%(limit)s months) on the day of the cell's vote: aged %(age)s; "
                    "admission needs the written approval of the provincial standing committee — %(regulation)s"
                )
                % {"years": high // 12, "limit": high, "age": _age_label(age), "regulation": regulation},
            )
        ]
    return []


def check_education(facts: CandidateFacts, values: Mapping, regulation: str) -> list[Violation]:
    """Lower secondary, or primary in the exception areas (mountain, border, island... fishermen)."""
    in_exception = bool(facts.exception_area) and facts.exception_area in values["exception_areas"]
    required = values["exception_general_education"] if in_exception else values["min_general_education"]
    if EDUCATION_RANK.get(facts.general_education, 0) >= EDUCATION_RANK.get(required, 99):
        return []
    return [
        Violation(
            "education",
            _("General education %(education)s is below the required %(required)s — %(regulation)s")
            % {"education": facts.general_education, "required": required, "regulation": regulation},
        )
    ]


def check_introducers(facts: CandidateFacts, vote_on: date, values: Mapping, regulation: str) -> list[Violation]:
    """One or two introducers, official members who worked or lived with the candidate ≥ N months."""
    if not facts.introducers:
        return [
            Violation(
                "introducer",
                _("No introducer: an official party member must introduce the candidate — %(regulation)s")
                % {"regulation": regulation},
            )
        ]
    violations = []
    if len(facts.introducers) > 2:
        violations.append(
            Violation(
                "introducer",
                _("%(count)s introducers: a candidate is introduced by one or two members — %(regulation)s")
                % {"count": len(facts.introducers), "regulation": regulation},
            )
        )
    required = values["introducer_shared_months"]
    for introducer in facts.introducers:
        if not introducer.official_on_vote:
            violations.append(
                Violation(
                    "introducer",
                    _("Introducer %(name)s is not an official party member on %(date)s — %(regulation)s")
                    % {"name": introducer.name, "date": format_date(vote_on), "regulation": regulation},
                )
            )
        shared = months_between(introducer.shared_since, vote_on)
        if shared < required:
            violations.append(
                Violation(
                    "introducer",
                    _(
                        "Introducer %(name)s has worked or lived with the candidate for %(months)s months by "
                        "%(date)s, fewer than %(required)s — %(regulation)s"
                    )
                    % {
                        "name": introducer.name,
                        "months": max(shared, 0),
                        "date": format_date(vote_on),
                        "required": required,
                        "regulation": regulation,
                    },
                )
            )
    return violations


def certificate_expires_on(certificate_on: date, values: Mapping) -> date:
    """The first day the awareness-class certificate is no longer valid."""
    return add_months(certificate_on, values["awareness_certificate_valid_months"])


def check_certificate(facts: CandidateFacts, vote_on: date, values: Mapping, regulation: str) -> list[Violation]:
    """The awareness-class certificate must be issued before the vote and still valid on its day."""
    cert = facts.awareness_certificate_on
    if cert is None or cert > vote_on:
        return [
            Violation(
                "certificate",
                _("No awareness-class certificate issued by the day of the cell's vote (%(date)s) — %(regulation)s")
                % {"date": format_date(vote_on), "regulation": regulation},
            )
        ]
    expiry = certificate_expires_on(cert, values)
    if vote_on >= expiry:
        return [
            Violation(
                "certificate",
                _(
                    "The awareness-class certificate of %(cert)s is valid %(months)s months and expired on "
                    "%(expiry)s, before the cell's vote on %(date)s — %(regulation)s"
                )
                % {
                    "cert": format_date(cert),
                    "months": values["awareness_certificate_valid_months"],
                    "expiry": format_date(expiry),
                    "date": format_date(vote_on),
                    "regulation": regulation,
                },
            )
        ]
    return []


@dataclass(frozen=True)
class VoterFacts:
    """One official member of the cell's own roll on the day of the vote."""

    exempt: bool = False  # exempted (or temporarily exempted) from party work and activities
    attached_elsewhere: bool = False  # introduced for temporary activity at another organization
    present: bool | None = None  # at the meeting; None when not known (the form's suggestion)


def vote_denominator(voters: Iterable[VoterFacts]) -> int:
    """The official members the cell's 2/3 is counted on.

    "The members of a party members' meeting are all the official members of the committee or cell
    convened, less the members introduced for temporary activity at another committee and the
    members exempted from party work and activities who are absent (if such a member attends and
    votes, they are counted)" — QĐ 45-QĐ/TW 2011 point 16.3 a and the election regulations, as
    quoted; HD 01-HD/TW 2021 point 13.2: exempted members and members on temporary activity
    elsewhere who do not attend are not counted. Members attached to this cell from elsewhere are
    not on its roll (they vote at home, QĐ 24-QĐ/TW point 6.3.2), so callers never pass them.
    An exempted or attached-elsewhere member whose presence is not known counts as absent.
    """
    return sum(1 for v in voters if v.present or not (v.exempt or v.attached_elsewhere))


def votes_needed(official_members: int, values: Mapping) -> int:
    numerator, denominator = values["cell_vote_share"]
    return math.ceil(official_members * numerator / denominator)


def check_vote_share(official_members: int, in_favour: int, values: Mapping, regulation: str) -> list[Violation]:
    """At least the share (2/3) of the cell's official members in favour (Party Statutes, art. 4)."""
    numerator, denominator = values["cell_vote_share"]
    if (
        official_members > 0
        and 0 <= in_favour <= official_members
        and in_favour * denominator >= official_members * numerator
    ):
        return []
    return [
        Violation(
            "vote_share",
            _(
                "%(in_favour)s of %(total)s official members in favour; at least %(num)s/%(den)s "
                "(%(needed)s) are needed — %(regulation)s"
            )
            % {
                "in_favour": in_favour,
                "total": official_members,
                "num": numerator,
                "den": denominator,
                "needed": votes_needed(official_members, values),
                "regulation": regulation,
            },
        )
    ]


def check_readmission(facts: CandidateFacts, vote_on: date, values: Mapping, regulation: str) -> list[Violation]:
    """Re-admission at least N months (36) after leaving, and only once (QĐ 24-QĐ/TW, 4)."""
    if not facts.is_readmission:
        return []
    violations = []
    if facts.readmissions_before >= values["readmission_max_times"]:
        violations.append(
            Violation(
                "readmission_once",
                _("Already re-admitted %(times)s time(s); a person may be re-admitted at most %(max)s — %(regulation)s")
                % {
                    "times": facts.readmissions_before,
                    "max": values["readmission_max_times"],
                    "regulation": regulation,
                },
            )
        )
    if facts.left_party_on is not None:
        months = months_between(facts.left_party_on, vote_on)
        if months < values["readmission_min_months"]:
            violations.append(
                Violation(
                    "readmission_wait",
                    _(
                        "Only %(months)s months since leaving the Party on %(left)s; re-admission needs at least "
                        "%(required)s — %(regulation)s"
                    )
                    % {
                        "months": max(months, 0),
                        "left": format_date(facts.left_party_on),
                        "required": values["readmission_min_months"],
                        "regulation": regulation,
                    },
                )
            )
    return violations


def check_admission(
    facts: CandidateFacts,
    *,
    vote_on: date,
    official_members: int,
    in_favour: int,
    values: Mapping,
    regulation: str,
) -> list[Violation]:
    """Every rule the cell's vote (6-KNĐ) is judged by, in the order the dossier is read."""
    return [
        *check_age(facts, vote_on, values, regulation),
        *check_education(facts, values, regulation),
        *check_introducers(facts, vote_on, values, regulation),
        *check_certificate(facts, vote_on, values, regulation),
        *check_readmission(facts, vote_on, values, regulation),
        *check_vote_share(official_members, in_favour, values, regulation),
    ]


# Deadlines ---------------------------------------------------------------------------------------


#: The deadline keys of an admission rule set; `calendar_day_deadlines` may list any of them.
DEADLINE_KEYS = (
    "decision_working_days",
    "decision_extension_working_days",
    "ceremony_working_days",
    "recognition_vote_working_days",
    "recognition_decision_working_days",
)


def _due(start: date, days: int, key: str, values: Mapping, calendar: Calendar) -> date:
    """`days` after `start` in the unit the rule set gives the deadline `key`: working days unless
    the set lists the key under `calendar_day_deadlines` (a regulation that says "ngày", not "ngày
    làm việc"), so the unit of each deadline is data, like the transfer rules' `working_days`."""
    if key in values.get("calendar_day_deadlines", ()):
        return calendar.add_days(start, days)
    return calendar.add_working_days(start, days)


def decision_due(cell_resolution_on: date, values: Mapping, calendar: Calendar, *, extended: bool = False) -> date:
    """The committee decides within N working days of the cell's resolution (60, extendable by 30)."""
    days = values["decision_working_days"] + (values["decision_extension_working_days"] if extended else 0)
    return _due(cell_resolution_on, days, "decision_working_days", values, calendar)


def ceremony_due(decision_on: date, values: Mapping, calendar: Calendar) -> date:
    """The admission ceremony within N working days (30) of the decision."""
    return _due(decision_on, values["ceremony_working_days"], "ceremony_working_days", values, calendar)


def probation_end(ceremony_on: date, values: Mapping) -> date:
    """The day the probation months (12) from the ceremony end: the member is official from it.

    Calendar months, not working days: a probation ending on a holiday still ends that day.
    """
    return add_months(ceremony_on, values["probation_months"])


def recognition_vote_due(probation_end_on: date, values: Mapping, calendar: Calendar) -> date:
    """The cell votes on recognition within N working days (30) after probation ends."""
    days = values["recognition_vote_working_days"]
    return _due(probation_end_on, days, "recognition_vote_working_days", values, calendar)


def recognition_decision_due(cell_vote_on: date, values: Mapping, calendar: Calendar) -> date:
    """The committee decides on recognition within N working days (30) of the cell's resolution."""
    days = values["recognition_decision_working_days"]
    return _due(cell_vote_on, days, "recognition_decision_working_days", values, calendar)
