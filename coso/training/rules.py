"""The rules of training and qualifications as pure functions (DOMAIN.md §Training and cadre work; issue 10).

- **A certificate grants a qualification** (QĐ 57-QĐ/TW 2007 and HD 01-HD/BTGTW on political
  theory levels; Nghị định 101/2017/NĐ-CP on the state-management grades): passing an
  elementary, intermediate (with or without *hành chính*) or advanced theory class gives that
  theory level; a state-management class the grade it trains. A qualification is never lowered by
  a lower certificate: a member with advanced theory who sits an elementary class keeps advanced.
- **Qualification as of a date** is the latest dated fact on or before that date; a fact with no
  date (known before records) holds on every date and yields to any dated one.
- **A certificate is dated within or after its class**, never before the class starts.
- **The old ten-year system** (general education before the 1981 reform of Nghị quyết
  14-NQ/TW of 11/01/1979): 7/10 finished the second level, as 9/12 does now, and 10/10 the third,
  as 12/12 — so 7/10 counts as lower-secondary and 10/10 as upper-secondary (the same equivalence
  admission applies to the Điều lệ's education requirement, `admission.rules.EDUCATION_RANK`).
- **The shares** reports quote of a set of cadres (Hướng dẫn thống kê công tác tổ chức xây dựng
  Đảng): general education lower-secondary or higher; professionally trained (any professional
  level); intermediate or higher; political theory elementary or higher; state management (any
  grade).
"""

from collections.abc import Iterable
from datetime import date

GENERAL_EDUCATION = "general_education"
PROFESSIONAL = "professional_education"
POLITICAL_THEORY = "political_theory"
STATE_MANAGEMENT = "state_management"
FIELDS = (GENERAL_EDUCATION, PROFESSIONAL, POLITICAL_THEORY, STATE_MANAGEMENT)

#: The values of each field, lowest first (the codes of coso.members.choices).
RANKS: dict[str, tuple[str, ...]] = {
    GENERAL_EDUCATION: ("5/12", "7/10", "9/12", "10/10", "12/12"),
    PROFESSIONAL: ("none", "elementary", "intermediate", "college", "university", "master", "doctor"),
    POLITICAL_THEORY: ("none", "elementary", "intermediate", "advanced", "bachelor"),
    STATE_MANAGEMENT: ("none", "specialist", "principal", "senior"),
}

#: What passing a class of each kind gives: (field, value).
GRANTS: dict[str, tuple[str, str]] = {
    "theory_elementary": (POLITICAL_THEORY, "elementary"),
    "theory_intermediate": (POLITICAL_THEORY, "intermediate"),
    "theory_intermediate_admin": (POLITICAL_THEORY, "intermediate"),
    "theory_advanced": (POLITICAL_THEORY, "advanced"),
    "sm_specialist": (STATE_MANAGEMENT, "specialist"),
    "sm_principal": (STATE_MANAGEMENT, "principal"),
    "sm_senior": (STATE_MANAGEMENT, "senior"),
}

#: The shares reports quote: (code, field, the lowest value that counts).
SHARES: tuple[tuple[str, str, str], ...] = (
    ("lower_secondary", GENERAL_EDUCATION, "9/12"),
    ("trained", PROFESSIONAL, "elementary"),
    ("intermediate", PROFESSIONAL, "intermediate"),
    ("theory", POLITICAL_THEORY, "elementary"),
    ("state_management", STATE_MANAGEMENT, "specialist"),
)


#: General education by the level finished: the old ten-year system's 7/10 and 10/10 finish the
#: same levels as the twelve-year 9/12 and 12/12.
GENERAL_LEVELS: dict[str, int] = {"5/12": 0, "7/10": 1, "9/12": 1, "10/10": 2, "12/12": 2}


def rank(field: str, value: str | None) -> int:
    """The level a value stands for in its field (-1 for no value or one the field does not know).

    Values of one level rank alike: 7/10 and 9/12 are both lower-secondary.
    """
    if value is None or value not in RANKS[field]:
        return -1
    if field == GENERAL_EDUCATION:
        return GENERAL_LEVELS[value]
    return RANKS[field].index(value)


def at_least(field: str, value: str | None, floor: str) -> bool:
    """Whether `value` reaches `floor` (the old system's 7/10 reaches lower-secondary, 9/12)."""
    return rank(field, value) >= rank(field, floor) >= 0


def reaching(field: str, floor: str) -> tuple[str, ...]:
    """Every value of `field` that reaches `floor` (what a share's SQL filter takes)."""
    return tuple(value for value in RANKS[field] if at_least(field, value, floor))


def grant(kind: str) -> tuple[str, str] | None:
    """The qualification a certificate of this kind of class gives, or None."""
    return GRANTS.get(kind)


def raises(field: str, current: str | None, new: str) -> bool:
    """Whether a certificate's value is higher than the one held (a lower one is not recorded)."""
    return rank(field, new) > rank(field, current)


def value_on(facts: Iterable[tuple[date | None, int, str]], on: date) -> str | None:
    """The value held on `on`, from (since, id, value) facts of one field: the latest on or before.

    Undated facts (known before records) come first; among facts of one day the later recorded wins.
    """
    best: tuple[bool, date, int] | None = None
    value = None
    for since, pk, fact_value in facts:
        if since is not None and since > on:
            continue
        key = (since is not None, since or date.min, pk)
        if best is None or key > best:
            best, value = key, fact_value
    return value


def certificate_too_early(certificate_date: date, class_starts: date) -> bool:
    """A certificate dated before its class started is refused."""
    return certificate_date < class_starts
