"""The columns of the two import workbooks, and the coded values each coded column accepts.

One definition serves the downloadable templates, the parser and the error report, so a header
in the template is exactly the header the parser looks for and the error names. Headers are
gettext strings: the parser accepts a header in Vietnamese or English, so a template downloaded
in either language imports alike. Coded cells accept the code or its label in either language.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import translation
from django.utils.translation import pgettext_lazy

from coso.common.text import fold
from coso.members.choices import (
    AcademicTitle,
    DisciplineForm,
    EventKind,
    Gender,
    GeneralEducation,
    PoliticalTheory,
    ProfessionalEducation,
    RemovalGround,
    SpellStatus,
    StateManagement,
)

TEXT, DATE, CODE, INT, CITIZEN_ID, ORG, UNIT, ETHNICITY, RELIGION, KEY = (
    "text",
    "date",
    "code",
    "int",
    "citizen_id",
    "org",
    "unit",
    "ethnicity",
    "religion",
    "key",
)
TIME = "time"  # the meeting books' start and end times
LOOKUP_TYPES = (CODE, ORG, UNIT, ETHNICITY, RELIGION)

SHEET_MEMBERS = pgettext_lazy("import", "Members")
SHEET_HISTORY = pgettext_lazy("import", "History")
SHEET_VALUES = pgettext_lazy("import", "Allowed values")


@dataclass(frozen=True)
class Column:
    key: str
    header: object  # lazy translated string
    type: str = TEXT
    required: bool = False
    choices: tuple[tuple[str, object], ...] = ()
    max_length: int | None = None
    example: object = ""
    width: int = 18
    note: object = ""

    @property
    def is_coded(self) -> bool:
        return self.type in LOOKUP_TYPES


def _choices(enum, exclude=()) -> tuple[tuple[str, object], ...]:
    return tuple((value, label) for value, label in enum.choices if value not in exclude)


STARTING_KINDS = (
    (EventKind.ADMITTED.value, EventKind.ADMITTED.label),
    (EventKind.TRANSFERRED_IN.value, EventKind.TRANSFERRED_IN.label),
)
#: Facts a reorganization writes through its own service; an import never records them.
IMPORTABLE_KINDS = _choices(EventKind, exclude=(EventKind.REORGANIZED,))

DATE_NOTE = pgettext_lazy("import", "A date cell, or text as dd/mm/yyyy.")


def decision_columns(number_example: str, date_example: date) -> list[Column]:
    """The decision behind a row (number, date, issuing body): the same three columns in every kind
    of workbook that records a decided fact; only the template's examples differ."""
    return [
        Column(
            "decision_number",
            pgettext_lazy("import", "Decision number"),
            max_length=60,
            example=number_example,
            width=14,
        ),
        Column(
            "decision_date",
            pgettext_lazy("import", "Decision date"),
            DATE,
            example=date_example,
            width=14,
            note=DATE_NOTE,
        ),
        Column(
            "decision_issuer",
            pgettext_lazy("import", "Issuing body"),
            max_length=200,
            example="Ban Thường vụ Huyện ủy",
            width=22,
        ),
    ]


MEMBER_COLUMNS: list[Column] = [
    Column(
        "full_name",
        pgettext_lazy("import", "Full name"),
        required=True,
        max_length=120,
        example="Nguyễn Văn An",
        width=24,
    ),
    Column("birth_name", pgettext_lazy("import", "Birth name"), max_length=120),
    Column("gender", pgettext_lazy("import", "Gender"), CODE, True, _choices(Gender), example="male", width=10),
    Column(
        "date_of_birth",
        pgettext_lazy("import", "Date of birth"),
        DATE,
        True,
        example=date(1990, 5, 14),
        width=14,
        note=DATE_NOTE,
    ),
    Column("place_of_birth", pgettext_lazy("import", "Place of birth"), max_length=255),
    Column("hometown", pgettext_lazy("import", "Hometown"), max_length=255),
    Column("permanent_address", pgettext_lazy("import", "Permanent residence"), max_length=255, width=24),
    Column("current_address", pgettext_lazy("import", "Current residence"), max_length=255, width=24),
    Column("residential_unit", pgettext_lazy("import", "Residential unit code"), UNIT, width=14),
    Column("ethnicity", pgettext_lazy("import", "Ethnicity"), ETHNICITY, True, example="01", width=12),
    Column("religion", pgettext_lazy("import", "Religion"), RELIGION, True, example="none", width=14),
    Column(
        "citizen_id",
        pgettext_lazy("import", "Citizen ID"),
        CITIZEN_ID,
        example="001090012345",
        width=16,
        note=pgettext_lazy(
            "import", "12 digits. A citizen ID or a party card number is required to identify the member."
        ),
    ),
    Column("phone", pgettext_lazy("import", "Phone"), max_length=20, width=14),
    Column("party_card_number", pgettext_lazy("import", "Party card number"), max_length=20, width=16),
    Column("party_card_date", pgettext_lazy("import", "Party card date"), DATE, width=14, note=DATE_NOTE),
    Column("occupation", pgettext_lazy("import", "Occupation"), max_length=150),
    Column("work_unit", pgettext_lazy("import", "Work unit"), max_length=255),
    Column("party_position", pgettext_lazy("import", "Party position"), max_length=150),
    Column("government_position", pgettext_lazy("import", "State position"), max_length=150),
    Column("mass_org_position", pgettext_lazy("import", "Mass organization position"), max_length=150),
    Column(
        "general_education",
        pgettext_lazy("import", "General education"),
        CODE,
        True,
        _choices(GeneralEducation),
        example="12/12",
    ),
    Column(
        "professional_education",
        pgettext_lazy("import", "Professional education"),
        CODE,
        choices=_choices(ProfessionalEducation),
    ),
    Column(
        "academic_title",
        pgettext_lazy("import", "Academic title"),
        CODE,
        choices=_choices(AcademicTitle, exclude=("",)),
    ),
    Column("political_theory", pgettext_lazy("import", "Political theory"), CODE, choices=_choices(PoliticalTheory)),
    Column("state_management", pgettext_lazy("import", "State management"), CODE, choices=_choices(StateManagement)),
    Column("foreign_language", pgettext_lazy("import", "Foreign language"), max_length=100),
    Column("it_skill", pgettext_lazy("import", "IT skill"), max_length=100),
    Column("minority_language", pgettext_lazy("import", "Minority language"), max_length=100),
    Column(
        "youth_union_joined_on", pgettext_lazy("import", "Joined the youth union on"), DATE, width=14, note=DATE_NOTE
    ),
    Column("admission_place", pgettext_lazy("import", "Place of admission"), max_length=255),
    Column("introducers", pgettext_lazy("import", "Introducers"), max_length=255),
    Column(
        "first_event", pgettext_lazy("import", "First fact"), CODE, True, STARTING_KINDS, example="admitted", width=22
    ),
    Column(
        "event_on",
        pgettext_lazy("import", "Date of the fact"),
        DATE,
        True,
        example=date(2015, 3, 2),
        width=14,
        note=DATE_NOTE,
    ),
    Column("organization", pgettext_lazy("import", "Organization code"), ORG, True, width=14),
    Column(
        "entry_status",
        pgettext_lazy("import", "Status on entry"),
        CODE,
        choices=_choices(SpellStatus),
        width=14,
        note=pgettext_lazy("import", "Only for a transfer in: probationary or official."),
    ),
    *decision_columns("125-QĐ/HU", date(2015, 2, 25)),
]

HISTORY_COLUMNS: list[Column] = [
    Column(
        "member_key",
        pgettext_lazy("import", "Citizen ID or party card number"),
        KEY,
        True,
        example="001090012345",
        width=18,
        note=pgettext_lazy(
            "import", "Identifies a member already on the register (or on the Members sheet of the same file)."
        ),
    ),
    Column("kind", pgettext_lazy("import", "Fact"), CODE, True, IMPORTABLE_KINDS, example="recognized", width=24),
    Column(
        "on",
        pgettext_lazy("import", "Date of the fact"),
        DATE,
        True,
        example=date(2016, 3, 2),
        width=14,
        note=DATE_NOTE,
    ),
    Column(
        "organization",
        pgettext_lazy("import", "Organization code"),
        ORG,
        width=14,
        note=pgettext_lazy("import", "Required for an admission, re-admission, transfer or temporary activity."),
    ),
    Column("external_place", pgettext_lazy("import", "Organization outside the system"), max_length=255, width=22),
    Column("entry_status", pgettext_lazy("import", "Status on entry"), CODE, choices=_choices(SpellStatus), width=14),
    Column(
        "discipline_form", pgettext_lazy("import", "Discipline form"), CODE, choices=_choices(DisciplineForm), width=14
    ),
    Column(
        "removal_ground", pgettext_lazy("import", "Ground for removal"), CODE, choices=_choices(RemovalGround), width=18
    ),
    Column("badge_years", pgettext_lazy("import", "Badge (years of party age)"), INT, width=12),
    Column("decision_number", pgettext_lazy("import", "Decision number"), max_length=60, example="45-QĐ/ĐU", width=14),
    Column(
        "decision_date",
        pgettext_lazy("import", "Decision date"),
        DATE,
        example=date(2016, 2, 28),
        width=14,
        note=DATE_NOTE,
    ),
    Column("decision_issuer", pgettext_lazy("import", "Issuing body"), max_length=200, example="Đảng ủy xã", width=22),
    Column("note", pgettext_lazy("import", "Note"), width=24),
]

#: Kinds that place the member in an organization of the system (MemberEvent.organization).
KINDS_NEEDING_ORGANIZATION = {
    EventKind.ADMITTED,
    EventKind.READMITTED,
    EventKind.TRANSFERRED_IN,
    EventKind.TRANSFERRED,
    EventKind.ATTACHED,
}


def header_text(column: Column) -> str:
    """The header as written in the template: required columns carry a star."""
    return f"{column.header} *" if column.required else str(column.header)


def header_keys(column: Column) -> set[str]:
    """Folded forms of the header a parser accepts (Vietnamese and English, with or without the star)."""
    keys = set()
    for language in ("vi", "en"):
        with translation.override(language):
            keys.add(fold(str(column.header)))
    return keys


@dataclass
class CodeSet:
    """Accepted spellings of a coded column: the code, the label in Vietnamese, the label in English."""

    entries: list[tuple[str, str]]  # (code, label in the active language)
    lookup: dict[str, object] = field(default_factory=dict)

    def resolve(self, raw: str):
        return self.lookup.get(fold(raw))


def code_set(pairs, *, value: Callable = lambda code: code) -> CodeSet:
    """Build a CodeSet from (code, label) pairs; `value` maps a code to what the parser returns."""
    entries = []
    lookup: dict[str, object] = {}
    for code, label in pairs:
        entries.append((code, str(label)))
        for language in ("en", "vi"):
            with translation.override(language):
                lookup.setdefault(fold(str(label)), value(code))
        lookup[fold(code)] = value(code)
    return CodeSet(entries=entries, lookup=lookup)


def example_forms(column: Column) -> set[str]:
    """The spellings of a column's example the template may show (folded): the parser skips an
    untouched example row whichever is written. A coded example is shown by its meaning, in the
    user's language (no English code reaches the template), and read back as the code."""
    forms = {fold(_example_text(column.example))}
    if column.type == CODE:
        for code, label in column.choices:
            if code == column.example:
                for language in ("vi", "en"):
                    with translation.override(language):
                        forms.add(fold(str(label)))
    elif column.type == RELIGION and column.example:
        from coso.members.models import Religion

        forms.update(fold(name) for name in Religion.objects.filter(code=column.example).values_list("name", flat=True))
    return forms


def example_display(column: Column, pairs: list[tuple[str, str]]):
    """The example as the template writes it: a coded one by its meaning (see `example_forms`)."""
    if column.type in (CODE, RELIGION) and column.example:
        return dict(pairs).get(column.example, column.example)
    return column.example if column.example != "" else None


def _example_text(value) -> str:
    from datetime import datetime

    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()
