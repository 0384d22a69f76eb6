"""What the read API returns. Dates are ISO 8601 (YYYY-MM-DD); codes are the ones imports and exports use."""

from datetime import date

from ninja import Field, Schema

from coso.api.params import ApiDate, SearchText


class CodeLabel(Schema):
    code: str = Field(description="Stable code of the value (what imports and exports use).")
    label: str = Field(description="Human-readable name of the value, in the request's language.")


class OrganizationOut(Schema):
    id: int = Field(description="Organization id (use it in /organizations/{org_id}).")
    code: str = Field(description="Unique code of the organization.")
    name: str = Field(description="Name of the organization as of the requested date.")
    kind: CodeLabel = Field(description="Level of the organization (grassroots committee, cell, ...).")
    org_type: CodeLabel = Field(description="Organization type used by reports (commune, public service unit, ...).")
    parent_id: int | None = Field(
        description="Id of the parent organization as of the requested date; null at the root."
    )
    depth: int = Field(description="Depth in the tree as of the requested date (1 = root).")
    established_on: date = Field(description="Date the organization was established.")
    dissolved_on: date | None = Field(description="Date the organization was dissolved or merged away, if it was.")
    as_of: date = Field(description="The date the name and place in the tree are given for.")


class OrgVersionOut(Schema):
    name: str = Field(description="Name during this period.")
    parent_id: int | None = Field(description="Parent organization during this period.")
    depth: int = Field(description="Depth in the tree during this period.")
    valid_from: date = Field(description="First day of the period.")
    valid_to: date | None = Field(description="Day the period ended (exclusive); null while it lasts.")
    reorganization: str | None = Field(description="Kind of reorganization that opened the period, if any.")


class OrganizationDetailOut(OrganizationOut):
    residential_unit_id: int | None = Field(description="Residential unit of a village or neighbourhood cell.")
    history: list[OrgVersionOut] = Field(description="Every name and place in the tree the organization has had.")


class CountItem(Schema):
    """One value of a breakdown with its count."""

    code: str = Field(description="Code of the value (e.g. 'official', 'female', '01' for the Kinh ethnicity).")
    label: str = Field(description="Name of the value, in the request's language.")
    count: int = Field(description="Number of members with this value on the date.")


class MemberCountsOut(Schema):
    """Fixed value lists give every value, zeros included; ethnicity and religion only those some member has."""

    organization_id: int = Field(description="The organization whose subtree is counted.")
    on: date = Field(description="The date of the count: the tree and the register as they stood that day.")
    total: int = Field(description="Members of the subtree on the date (attached members are counted at home).")
    status: list[CountItem] = Field(description="By status on the date: probationary, official.")
    exempted: int = Field(description="Of the total, members exempted from party work and activities on the date.")
    ethnic_minority: int = Field(description="Of the total, members of an ethnic minority.")
    with_religion: int = Field(description="Of the total, members who follow a religion.")
    gender: list[CountItem] = Field(description="By gender.")
    ethnicity: list[CountItem] = Field(description="By ethnic group, in code order.")
    religion: list[CountItem] = Field(description="By religion, in code order.")
    age_band: list[CountItem] = Field(description="By age on the date: under 30, 30–40, 41–50, 51–60, over 60.")
    general_education: list[CountItem] = Field(description="By general education (e.g. 12/12).")
    professional_education: list[CountItem] = Field(description="By professional education (university, master, ...).")
    political_theory: list[CountItem] = Field(description="By political theory level.")


class MemberOut(Schema):
    id: int = Field(description="Member id (use it in /members/{member_id}).")
    full_name: str = Field(description="Full name in use.")
    gender: CodeLabel = Field(description="Gender.")
    date_of_birth: date = Field(description="Date of birth.")
    ethnicity: CodeLabel = Field(description="Ethnic group.")
    status: CodeLabel = Field(description="Current status (probationary, official, transferred out, removed, ...).")
    organization_id: int | None = Field(description="Organization the member belongs to now (or last belonged to).")
    organization_name: str | None = Field(description="Name of that organization.")
    admitted_on: date | None = Field(description="Date of the admission decision.")
    official_on: date | None = Field(description="Date the member became official.")


class DecisionOut(Schema):
    number: str = Field(description="Decision number, e.g. 125-QĐ/HU; empty if not recorded.")
    signed_on: date | None = Field(description="Date the decision was signed.")
    issuer: str = Field(description="Issuing body.")


class MemberEventOut(Schema):
    id: int = Field(description="Id of the fact.")
    kind: CodeLabel = Field(description="What happened (admitted, recognized, transferred, exempted, ...).")
    on: date = Field(description="Date the fact takes effect.")
    organization_id: int | None = Field(
        description="Organization the member is in from this date, when the fact moves them."
    )
    organization_name: str | None = Field(description="Name of that organization.")
    external_place: str = Field(description="Organization outside the system (transfers in from or out to it).")
    entry_status: str = Field(description="For a transfer in: 'probationary' or 'official'.")
    discipline_form: str = Field(description="For a discipline: reprimand, warning, dismissal, expulsion.")
    decision: DecisionOut = Field(description="The decision behind the fact.")
    note: str = Field(description="Free note.")


class MemberDetailOut(MemberOut):
    birth_name: str = Field(description="Birth name, when different from the name in use.")
    place_of_birth: str = Field(description="Place of birth.")
    hometown: str = Field(description="Hometown.")
    permanent_address: str = Field(description="Permanent residence.")
    current_address: str = Field(description="Current residence.")
    residential_unit_id: int | None = Field(description="Residential unit (village, neighbourhood) of residence.")
    religion: CodeLabel = Field(description="Religion.")
    citizen_id: str | None = Field(description="Citizen ID (12 digits).")
    phone: str = Field(description="Phone number.")
    party_card_number: str | None = Field(description="Party card number.")
    party_card_date: date | None = Field(description="Date the party card was issued.")
    occupation: str = Field(description="Occupation.")
    work_unit: str = Field(description="Work unit.")
    party_position: str = Field(description="Party position.")
    government_position: str = Field(description="State position.")
    mass_org_position: str = Field(description="Mass organization position.")
    general_education: CodeLabel = Field(description="General education.")
    professional_education: CodeLabel = Field(description="Professional education.")
    academic_title: CodeLabel = Field(description="Academic title (empty code if none).")
    political_theory: CodeLabel = Field(description="Political theory level.")
    state_management: CodeLabel = Field(description="State management level.")
    foreign_language: str = Field(description="Foreign language.")
    it_skill: str = Field(description="IT skill.")
    minority_language: str = Field(description="Minority language.")
    youth_union_joined_on: date | None = Field(description="Date the member joined the youth union.")
    admission_place: str = Field(description="Where the member was admitted.")
    introducers: str = Field(description="Who introduced the member.")
    history: list[MemberEventOut] = Field(description="The dated facts of the member's history, oldest first.")


class MemberFilters(Schema):
    """Filters of GET /members, with the meaning they have on the register page (members.filters)."""

    q: SearchText = Field("", description="Words of the name, citizen ID or card number; diacritics and case optional.")
    org: int | None = Field(None, description="Only members of this organization's subtree on `on`.")
    on: ApiDate | None = Field(
        None, description="Date for `org`, the on-date statuses and `age_band` (YYYY-MM-DD); today when omitted."
    )
    status: str = Field(
        "",
        description=(
            "On `on`: 'probationary', 'official', 'exempted'; former members, whatever the date: "
            "'left', 'removed', 'expelled', 'died', 'transferred_out', 'not_recognized'."
        ),
    )
    gender: str = Field("", description="'male' or 'female'.")
    ethnicity: str = Field("", description="Ethnic group code, e.g. '01' (Kinh).")
    religion: str = Field("", description="Religion code, e.g. 'none', 'buddhism'.")
    age_band: str = Field("", description="Age on `on`: 'u30', '30_40', '41_50', '51_60', 'o60'.")
    general_education: str = Field("", description="General education code, e.g. '12/12'.")
    professional_education: str = Field("", description="Professional education code, e.g. 'university'.")
    political_theory: str = Field("", description="Political theory code, e.g. 'intermediate'.")


class FieldErrorOut(Schema):
    field: str = Field(description="The parameter refused (empty when the error is not about one).")
    code: str = Field(description="Stable code of the error, e.g. 'date_out_of_range', 'less_than_equal'.")
    message: str = Field(description="What is wrong with it, in the request's language.")


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in the request's language.")
    errors: list[FieldErrorOut] = Field(
        [], description="For a refused parameter (400): each error as field, code and message."
    )


# Admission ------------------------------------------------------------------------------------


class CandidateFilters(Schema):
    """Filters of GET /candidates, with the meaning they have on the pipeline page."""

    org: int | None = Field(None, description="Only candidates proposed by a cell of this organization's subtree.")
    stage: str = Field(
        "",
        description=(
            "Only candidates at this stage: 'pipeline', 'class_passed', 'dossier', 'cell_voted', 'decided', "
            "'admitted', 'recognized', 'not_recognized', 'withdrawn'."
        ),
    )
    source: str = Field(
        "",
        description="Only candidates from this source: 'youth_union', 'trade_union', 'women_union', 'veterans', "
        "'residence', 'other'.",
    )
    q: SearchText = Field("", description="Words of the name, or the start of the citizen ID.")


class CandidateOut(Schema):
    id: int = Field(description="Candidate id (use it in /candidates/{candidate_id}).")
    full_name: str = Field(description="Full name.")
    gender: CodeLabel = Field(description="Gender.")
    date_of_birth: date = Field(description="Date of birth.")
    ethnicity: CodeLabel = Field(description="Ethnic group.")
    organization_id: int = Field(description="The cell that proposes the candidate.")
    organization_name: str = Field(description="Name of that cell.")
    source: CodeLabel = Field(description="Where the candidate was introduced from (youth union, residence, ...).")
    stage: CodeLabel = Field(description="Stage in the admission pipeline.")
    registered_on: date = Field(description="Date the candidate entered the pipeline.")
    cell_vote_on: date | None = Field(description="Date of the cell's resolution proposing admission (6-KNĐ).")
    decision_on: date | None = Field(description="Date of the admission decision (9-KNĐ).")
    ceremony_on: date | None = Field(description="Date of the admission ceremony (probation starts).")
    probation_ends_on: date | None = Field(description="Day probation ends: official from this date.")
    closed_on: date | None = Field(description="Day the candidacy closed (recognized, not recognized, withdrawn).")
    member_id: int | None = Field(description="Party member record created by the admission decision, if any.")


class IntroducerOut(Schema):
    member_id: int = Field(description="The introducing party member.")
    full_name: str = Field(description="Name of the introducer.")
    organization_name: str | None = Field(description="The introducer's organization now.")
    shared_since: date = Field(description="Since when the introducer worked, studied or lived with the candidate.")


class DossierDocumentOut(Schema):
    id: int = Field(description="Id of the document record.")
    form: CodeLabel = Field(description="The dossier form (KNĐ series), e.g. '6-KND' for the cell resolution.")
    number: str = Field(description="Document number, e.g. 05-NQ/CB; empty if it has none.")
    issued_on: date = Field(description="Date of the document.")
    issuer: str = Field(description="Who issued or signed it.")
    official_members: int | None = Field(description="For a cell resolution: official members of the cell.")
    in_favour: int | None = Field(description="For a cell resolution: members in favour.")
    note: str = Field(description="Free note.")


class ClassResultOut(Schema):
    class_id: int = Field(description="The class.")
    class_name: str = Field(description="Name of the class.")
    level: CodeLabel = Field(description="Awareness class or new members' class.")
    ends_on: date = Field(description="Last day of the class.")
    result: CodeLabel = Field(description="Enrolled, passed or not passed.")
    certificate_number: str = Field(description="Number of the certificate, when passed.")
    certificate_date: date | None = Field(description="Date of the certificate (its validity runs from it).")


class RuleExceptionOut(Schema):
    rule: CodeLabel = Field(description="The rule the exception waives (e.g. 'age_max').")
    approval_number: str = Field(description="Number of the approving document.")
    approval_date: date = Field(description="Date of the approving document.")
    approval_issuer: str = Field(description="Who approved it.")
    reason: str = Field(description="Why.")


class DeadlineOut(Schema):
    step: CodeLabel = Field(
        description="The step due: 'decision' (committee decision), 'ceremony', 'recognition_vote' (cell's vote "
        "on recognition), 'certificate' (awareness certificate expires)."
    )
    due: date = Field(description="Last day for the step, counted in working days by the rule set in force.")
    overdue: bool = Field(description="True when the due date is before today.")
    regulation: str = Field(description="The regulation the deadline comes from.")


class CandidateMemberOut(Schema):
    id: int = Field(description="Member id (use it in /members/{member_id}).")
    full_name: str = Field(description="Full name in use.")
    status: CodeLabel = Field(description="Current status (probationary, official, ...).")
    organization_id: int | None = Field(description="Organization the member belongs to now.")
    admitted_on: date | None = Field(description="Date of the admission decision.")
    official_on: date | None = Field(description="Date the member became official.")


class CandidateDetailOut(CandidateOut):
    religion: CodeLabel = Field(description="Religion.")
    citizen_id: str = Field(description="Citizen ID (12 digits); empty if not recorded.")
    phone: str = Field(description="Phone number.")
    general_education: CodeLabel = Field(description="General education.")
    professional_education: CodeLabel = Field(description="Professional education.")
    exception_area: CodeLabel = Field(
        description="Area where primary education suffices (mountain, border, island, ...); empty code if none."
    )
    permanent_address: str = Field(description="Permanent residence.")
    current_address: str = Field(description="Current residence.")
    residential_unit_id: int | None = Field(description="Residential unit (village, neighbourhood) of residence.")
    occupation: str = Field(description="Occupation.")
    work_unit: str = Field(description="Work unit.")
    former_member_id: int | None = Field(description="For a re-admission: the former member's record.")
    note: str = Field(description="Free note.")
    introducers: list[IntroducerOut] = Field(description="The introducing party members (3-KNĐ).")
    documents: list[DossierDocumentOut] = Field(description="The dossier's documents, by date.")
    classes: list[ClassResultOut] = Field(description="Classes the candidate attended, with results.")
    rule_exceptions: list[RuleExceptionOut] = Field(description="Rule exceptions recorded with their approval.")
    deadlines: list[DeadlineOut] = Field(description="Deadlines of the next step, as on the candidate's page.")
    member: CandidateMemberOut | None = Field(
        description="The member created when admitted; null before the decision, or when that member is now "
        "outside your scope (the id is still in member_id)."
    )


class WorkItemCandidateOut(Schema):
    id: int = Field(description="Candidate id.")
    full_name: str = Field(description="Full name.")
    organization_id: int = Field(description="The proposing cell.")
    organization_name: str = Field(description="Name of the proposing cell.")
    stage: CodeLabel = Field(description="Stage in the pipeline.")


class WorkItemOut(Schema):
    step: CodeLabel = Field(description="The step due (see DeadlineOut.step).")
    due: date = Field(description="Last day for the step.")
    overdue: bool = Field(description="True when the due date is before the worklist's date.")
    start: date = Field(description="The event the deadline runs from (cell vote, decision, end of probation, ...).")
    regulation: str = Field(description="The regulation the deadline comes from.")
    candidate: WorkItemCandidateOut = Field(description="The candidate the step concerns.")


class WorklistOut(Schema):
    on: date = Field(description="The worklist's date: overdue means due before it.")
    days: int = Field(description="Due-soon window: steps due within this many days after `on` are listed.")
    total: int = Field(description="Number of items.")
    overdue: int = Field(description="Of them, overdue items.")
    items: list[WorkItemOut] = Field(description="Overdue and due-soon steps, most urgent first.")


# Targets --------------------------------------------------------------------------------------


class UnitProgressOut(Schema):
    organization_id: int = Field(description="The sub-unit (a child of the organization on the report date).")
    name: str = Field(description="Name of the sub-unit.")
    own: bool = Field(
        description="True for the row of admissions and targets recorded on the organization itself, not a child."
    )
    target: int | None = Field(description="Admission target of the year; null when none was set.")
    admitted: int = Field(description="Admissions in the year up to the report date.")
    percentage: float | None = Field(description="admitted / target × 100, one decimal; null without a target.")
    behind: bool = Field(description="Behind schedule: below the share of the year elapsed minus 10 percentage points.")


class MonthCountOut(Schema):
    month: int = Field(description="Month (1–12).")
    admitted: int = Field(description="Admissions that month.")


class TargetProgressOut(Schema):
    organization_id: int = Field(description="The organization whose subtree is counted.")
    organization_name: str = Field(description="Its name.")
    year: int = Field(description="The year.")
    on: date = Field(description="Report date: 31/12 for a past year, today within the current year.")
    year_elapsed: float = Field(description="Percentage of the year elapsed on the report date.")
    target: int | None = Field(description="Sum of the targets in the subtree; null when none was set.")
    admitted: int = Field(description="Admissions in the subtree in the year up to the report date.")
    percentage: float | None = Field(description="admitted / target × 100, one decimal; null without a target.")
    expected: int | None = Field(description="Admissions expected by the report date at an even pace.")
    behind: bool = Field(description="The whole subtree is behind schedule.")
    units: list[UnitProgressOut] = Field(description="Progress per sub-unit, in tree order.")
    by_month: list[MonthCountOut] = Field(description="Admissions per month of the year.")
    breakdowns: dict[str, list[CountItem]] = Field(
        description="Admissions by ethnicity, religion, gender, age_band (at admission), education, occupation "
        "and source."
    )


# Party age and badges -------------------------------------------------------------------------


class PeriodOut(Schema):
    start: date = Field(description="First day outside the Party.")
    end: date | None = Field(description="Day of re-admission; null while still outside (or after death).")


class PartyAgeOut(Schema):
    years: int = Field(description="Full years of party age.")
    months: int = Field(description="Further full months.")
    days: int = Field(description="Further days.")
    admitted_on: date = Field(description="Date of the (first) admission decision.")
    counted_from: date = Field(description="Admission date pushed forward by the time spent outside the Party.")
    days_outside: int = Field(
        description="Days spent outside the Party (expulsion, removal, leaving ... re-admission)."
    )
    periods_outside: list[PeriodOut] = Field(description="The periods outside the Party.")


class BadgeDueOut(Schema):
    milestone: int = Field(description="Years of party age of the badge (30, 40, 45 ... 90).")
    reached_on: date = Field(description="Day the member reaches that party age.")
    early: bool = Field(description="An early award for a gravely ill member.")
    early_months: int = Field(description="For an early award: the margin of the rule set, in months.")


class BadgeRowOut(Schema):
    member_id: int = Field(description="Member id.")
    full_name: str = Field(description="Full name.")
    date_of_birth: date = Field(description="Date of birth.")
    organization_id: int | None = Field(description="The member's organization.")
    organization_name: str | None = Field(description="Name of that organization.")
    party_age: PartyAgeOut = Field(description="Party age on the occasion date.")
    badge: BadgeDueOut = Field(description="The badge due on the occasion.")


class BadgeGroupOut(Schema):
    milestone: int = Field(description="Years of party age of the badge.")
    count: int = Field(description="Members due this badge.")
    members: list[BadgeRowOut] = Field(description="The members, in name order.")


class BadgeListOut(Schema):
    organization_id: int = Field(description="The organization whose subtree is listed.")
    organization_name: str = Field(description="Its name.")
    occasion: date = Field(description="The award occasion (3/2, 19/5, 2/9 or 7/11 of the year).")
    occasions: list[date] = Field(description="Every occasion of that year under the rule sets in force.")
    regulation: str = Field(description="Regulation of the badge rule set in force on the occasion.")
    total: int = Field(description="Members due a badge.")
    early: int = Field(description="Of them, early awards.")
    groups: list[BadgeGroupOut] = Field(description="By badge milestone, ascending.")


class AwardedBadgeOut(Schema):
    years: int | None = Field(description="Years of the badge awarded.")
    on: date = Field(description="Occasion it was awarded on.")
    decision: DecisionOut = Field(description="The awarding decision.")


class IllnessOut(Schema):
    valid_from: date = Field(description="Gravely ill from.")
    valid_to: date | None = Field(description="Until (exclusive); null while it lasts.")
    document: str = Field(description="Supporting document.")


class MemberPartyAgeOut(Schema):
    member_id: int = Field(description="Member id.")
    full_name: str = Field(description="Full name.")
    on: date = Field(description="Date the party age is given for.")
    party_age: PartyAgeOut | None = Field(description="Party age on that date; null before admission.")
    badges: list[AwardedBadgeOut] = Field(description="Badges awarded, oldest first.")
    next_occasion: date | None = Field(description="The next award occasion on or after the date.")
    next_badge: BadgeDueOut | None = Field(description="The badge due on that occasion, if any.")
    gravely_ill: list[IllnessOut] = Field(description="Recorded periods of grave illness (early award).")


# Transfers ------------------------------------------------------------------------------------


class TransferFilters(Schema):
    """Filters of GET /transfers, with the meaning they have on the transfers worklist."""

    status: str = Field(
        "",
        description="'open' (issued or overdue), 'overdue' (also issued papers past their limit), 'issued', "
        "'presented', 'ended', 'cancelled'.",
    )
    direction: str = Field("", description="'within' the system, 'out' of it, or 'in' from outside.")
    kind: str = Field("", description="'official' or 'temporary'.")
    q: SearchText = Field("", description="Words of the name, or the paper number.")
    on: ApiDate | None = Field(
        None, description="Date for 'late' and the 'overdue' filter (YYYY-MM-DD); today if omitted."
    )


class TransferOut(Schema):
    id: int = Field(description="Paper id (use it in /transfers/{paper_id}).")
    kind: CodeLabel = Field(description="Official or temporary transfer.")
    direction: CodeLabel = Field(description="Within the system, out of it, or in from outside.")
    status: CodeLabel = Field(description="Issued, presented, overdue, ended (temporary), cancelled.")
    late: bool = Field(description="Still open and past its presentation limit on the requested date.")
    member_id: int | None = Field(description="The member of the register; null for a person from outside.")
    person_name: str = Field(description="The person the paper concerns.")
    from_organization_id: int | None = Field(description="Issuing organization in the tree.")
    from_name: str = Field(description="Issuing organization (in the tree or outside).")
    to_organization_id: int | None = Field(description="Receiving organization in the tree.")
    to_name: str = Field(description="Receiving organization (in the tree or outside).")
    number: str = Field(description="Paper number.")
    issued_on: date = Field(description="Date of issue.")
    issuer: str = Field(description="Issuing committee.")
    present_by: date = Field(description="Deadline: last day to present the paper at the receiving organization.")
    presented_on: date | None = Field(description="Date presented.")
    period_from: date | None = Field(description="Temporary transfer: from.")
    period_until: date | None = Field(description="Temporary transfer: until.")
    ended_on: date | None = Field(description="Temporary transfer: day the activity there ended.")
    regulation: str = Field(description="The rule that set the presentation limit.")
