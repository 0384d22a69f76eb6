"""The register's own invariants, checked on every entry path (issue 7, "age rule not enforced at entry").

A history that replays (`history.derive_spells`) can still be impossible for the person: admitted
at ten, recognized before being born. These checks tie the facts to the person's date of birth and
to the admission rule set in force on the date of each admission. The member services (`_rebuild`,
so registering, recording or deleting a fact and changing the date of birth), `bulk.prepare`
(imports of new members, the demo) and the import of facts for members already on the register all
call `history_errors`; the forms call it too so the error sits on the field the person typed.

The rules:
- every fact is dated after the date of birth;
- a fact is not dated in the future, except a REORGANIZED fact, which a reorganization decided in
  advance writes for its effective date;
- at an admission or re-admission the person is at least the minimum age of the admission rule set
  in force on that date (`min_age_months`, QĐ 24-QĐ/TW 3.1: "đủ 18 tuổi"). The Party Statutes
  (art. 1) have set 18 as the minimum throughout, so a date before the first rule set the system
  holds is judged by the earliest one. The maximum age (`max_age_months`) is not a register
  invariant: an older person may be admitted with the provincial standing committee's written
  approval (QĐ 24-QĐ/TW 3.1), which the admission checks (`admission.rules.check_age`) handle.
"""

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from coso.common.dates import today as _today
from coso.common.text import format_date
from coso.members.choices import EventKind
from coso.rulesets.calendar import months_between

ADMISSION_KINDS = (EventKind.ADMITTED, EventKind.READMITTED)


@dataclass(frozen=True)
class InvariantError:
    index: int  # position of the fact in the sequence given
    field: str  # "on" (the fact's date) or "date_of_birth"
    message: str


class AgeBounds:
    """The admission rule sets' minimum ages by effective date, loaded once for a whole import."""

    def __init__(self, rows: Sequence[tuple[date, int, str]]):
        self.rows = sorted(rows)
        self.starts = [row[0] for row in self.rows]

    @classmethod
    def load(cls) -> "AgeBounds":
        from coso.rulesets.models import RuleSet, Topic

        return cls(
            [
                (r.effective_from, int(r.values["min_age_months"]), r.regulation)
                for r in RuleSet.objects.filter(topic=Topic.ADMISSION)
                if "min_age_months" in r.values
            ]
        )

    def minimum_on(self, on: date) -> tuple[int, str] | None:
        """(minimum age in months, regulation) in force on `on`; the earliest set before the first one."""
        if not self.rows:
            return None
        position = max(bisect_right(self.starts, on) - 1, 0)
        _start, months, regulation = self.rows[position]
        return months, regulation


def _age(months: int) -> str:
    return _("%(years)s years %(months)s months") % {"years": months // 12, "months": months % 12}


def history_errors(
    *, date_of_birth: date | None, facts: Sequence, bounds: AgeBounds | None = None, today: date | None = None
) -> list[InvariantError]:
    """Errors of `facts` (objects with `kind` and `on`, in any order) for a person born on `date_of_birth`."""
    today = today or _today()
    bounds = bounds or AgeBounds.load()
    errors = []
    for index, fact in enumerate(facts):
        label = EventKind(fact.kind).label if fact.kind in EventKind.values else fact.kind
        values = {"fact": label, "date": format_date(fact.on)}
        if fact.on > today and fact.kind != EventKind.REORGANIZED:
            errors.append(
                InvariantError(index, "on", _("%(fact)s dated %(date)s: the date is in the future.") % values)
            )
        if date_of_birth is None:
            continue
        values["born"] = format_date(date_of_birth)
        if fact.on <= date_of_birth:
            errors.append(
                InvariantError(
                    index, "on", _("%(fact)s dated %(date)s is not after the date of birth %(born)s.") % values
                )
            )
            continue
        minimum = bounds.minimum_on(fact.on) if fact.kind in ADMISSION_KINDS else None
        if minimum is None:
            continue
        months, regulation = minimum
        age = months_between(date_of_birth, fact.on)
        if age < months:
            errors.append(
                InvariantError(
                    index,
                    "on",
                    _(
                        "%(fact)s dated %(date)s: born on %(born)s, the person was %(age)s old, under the minimum "
                        "age of %(years)s years (%(limit)s months) — %(regulation)s."
                    )
                    % {**values, "age": _age(age), "years": months // 12, "limit": months, "regulation": regulation},
                )
            )
    return errors
