"""What the read API returns. Dates are ISO 8601 (YYYY-MM-DD); codes are the ones imports and exports use."""

from datetime import date

from ninja import Field, Schema


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

    q: str = Field("", description="Words of the name, citizen ID or card number; diacritics and case optional.")
    org: int | None = Field(None, description="Only members of this organization's subtree on `on`.")
    on: date | None = Field(
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


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in the request's language.")
