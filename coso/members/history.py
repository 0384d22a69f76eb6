"""From a member's dated facts to spells and a current state — a pure function.

The facts are the record an organization board keeps (DOMAIN.md §Member history); spells are how
the system answers "who was a member of this subtree on that date". Keeping the derivation pure
means the same code checks an import of 100,000 histories and a single form, and is tested
without a database.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from coso.common.text import format_date
from coso.members.choices import DisciplineForm, EventKind, MemberStatus, SpellStatus


@dataclass(frozen=True)
class Fact:
    kind: str
    on: date
    organization_id: int | None = None
    entry_status: str = ""
    discipline_form: str = ""


@dataclass
class Spell:
    organization_id: int
    status: str
    valid_from: date
    valid_to: date | None = None
    exempt: bool = False
    attached: bool = False


@dataclass
class MemberState:
    status: str | None = None
    organization_id: int | None = None
    admitted_on: date | None = None
    official_on: date | None = None
    spells: list[Spell] = field(default_factory=list)


class HistoryError(ValueError):
    """A fact that cannot follow the ones before it. `index` is the fact's position in the input."""

    def __init__(self, message: str, index: int):
        super().__init__(message)
        self.message = message
        self.index = index


ENDING_KINDS = {
    EventKind.NOT_RECOGNIZED: MemberStatus.NOT_RECOGNIZED,
    EventKind.TRANSFERRED_OUT: MemberStatus.TRANSFERRED_OUT,
    EventKind.REMOVED: MemberStatus.REMOVED,
    EventKind.EXPELLED: MemberStatus.EXPELLED,
    EventKind.LEFT: MemberStatus.LEFT,
    EventKind.DIED: MemberStatus.DIED,
}
LEAVING_STATUSES = {MemberStatus.REMOVED, MemberStatus.EXPELLED, MemberStatus.LEFT, MemberStatus.NOT_RECOGNIZED}
PROBATIONARY_DISCIPLINE = {DisciplineForm.REPRIMAND, DisciplineForm.WARNING}


def derive_spells(facts: Sequence[Fact]) -> MemberState:
    """Replay `facts` (already in date order) and return the spells and final state.

    Raises HistoryError naming the first fact that contradicts the ones before it.
    """
    state = MemberState()
    home: Spell | None = None
    attached: Spell | None = None
    readmitted = False
    previous_on: date | None = None

    def close(spell: Spell | None, on: date) -> None:
        if spell is None:
            return
        if spell.valid_from >= on:
            state.spells.remove(spell)  # opened and closed the same day: no interval to keep
        else:
            spell.valid_to = on

    def open_home(org_id: int, status: str, on: date, exempt: bool = False) -> Spell:
        spell = Spell(organization_id=org_id, status=status, valid_from=on, exempt=exempt)
        state.spells.append(spell)
        state.organization_id = org_id
        state.status = status
        return spell

    for index, fact in enumerate(facts):
        kind = fact.kind
        label = _label(fact)
        if previous_on and fact.on < previous_on:
            raise HistoryError(_("%(fact)s: facts must be in date order.") % {"fact": label}, index)
        previous_on = fact.on
        active = home is not None

        if kind in (EventKind.ADMITTED, EventKind.READMITTED, EventKind.TRANSFERRED_IN):
            if active:
                raise HistoryError(
                    _("%(fact)s: the person is already a party member on this date.") % {"fact": label}, index
                )
            if not fact.organization_id:
                raise HistoryError(_("%(fact)s: the organization is required.") % {"fact": label}, index)
            if kind == EventKind.ADMITTED and state.status is not None:
                raise HistoryError(
                    _("%(fact)s: this person was a party member before; record a re-admission instead.")
                    % {"fact": label},
                    index,
                )
            if kind == EventKind.READMITTED:
                if state.status not in LEAVING_STATUSES:
                    raise HistoryError(
                        _("%(fact)s: re-admission applies only to a person who left, was removed or expelled.")
                        % {"fact": label},
                        index,
                    )
                if readmitted:
                    raise HistoryError(_("%(fact)s: a person can be re-admitted only once.") % {"fact": label}, index)
                readmitted = True
            if kind == EventKind.TRANSFERRED_IN:
                if fact.entry_status not in SpellStatus.values:
                    raise HistoryError(
                        _("%(fact)s: say whether the member arrives as probationary or official.") % {"fact": label},
                        index,
                    )
                status = fact.entry_status
            else:
                status = SpellStatus.PROBATIONARY
                state.admitted_on = fact.on
                state.official_on = None
            home = open_home(fact.organization_id, status, fact.on)
            continue

        if kind == EventKind.DIED and not active:
            state.status = MemberStatus.DIED
            continue
        if kind == EventKind.BADGE_AWARDED and not active and state.status == MemberStatus.DIED:
            continue  # a posthumous award (QĐ 29-QĐ/TW 2016 point 27.3 a; HD 01-HD/TW 2021 point 18.2)
        if not active:
            raise HistoryError(_("%(fact)s: the person is not a party member on this date.") % {"fact": label}, index)
        assert home is not None  # active means a home spell is open

        if kind in (EventKind.RECOGNIZED, EventKind.NOT_RECOGNIZED) and home.status != SpellStatus.PROBATIONARY:
            raise HistoryError(
                _("%(fact)s: only a probationary member can be recognized or not.") % {"fact": label}, index
            )

        if kind == EventKind.RECOGNIZED:
            close(home, fact.on)
            home = open_home(home.organization_id, SpellStatus.OFFICIAL, fact.on, home.exempt)
            state.official_on = fact.on
        elif kind in (EventKind.TRANSFERRED, EventKind.REORGANIZED):
            if not fact.organization_id:
                raise HistoryError(_("%(fact)s: the receiving organization is required.") % {"fact": label}, index)
            if fact.organization_id == home.organization_id:
                raise HistoryError(_("%(fact)s: the member is already in that organization.") % {"fact": label}, index)
            close(home, fact.on)
            home = open_home(fact.organization_id, home.status, fact.on, home.exempt)
            if attached and attached.organization_id == fact.organization_id:
                close(attached, fact.on)
                attached = None
        elif kind == EventKind.ATTACHED:
            if not fact.organization_id:
                raise HistoryError(_("%(fact)s: the host organization is required.") % {"fact": label}, index)
            if fact.organization_id == home.organization_id:
                raise HistoryError(
                    _("%(fact)s: temporary activity must be at another organization.") % {"fact": label}, index
                )
            close(attached, fact.on)
            attached = Spell(fact.organization_id, home.status, fact.on, attached=True)
            state.spells.append(attached)
        elif kind == EventKind.ATTACHMENT_ENDED:
            if attached is None:
                raise HistoryError(_("%(fact)s: the member has no temporary activity to end.") % {"fact": label}, index)
            close(attached, fact.on)
            attached = None
        elif kind in (EventKind.EXEMPTED, EventKind.TEMP_EXEMPTED):
            if home.exempt:
                raise HistoryError(_("%(fact)s: the member is already exempted.") % {"fact": label}, index)
            close(home, fact.on)
            home = open_home(home.organization_id, home.status, fact.on, exempt=True)
        elif kind == EventKind.EXEMPTION_ENDED:
            if not home.exempt:
                raise HistoryError(_("%(fact)s: the member is not exempted.") % {"fact": label}, index)
            close(home, fact.on)
            home = open_home(home.organization_id, home.status, fact.on, exempt=False)
        elif kind == EventKind.DISCIPLINED:
            if fact.discipline_form not in DisciplineForm.values:
                raise HistoryError(_("%(fact)s: the form of discipline is required.") % {"fact": label}, index)
            if home.status == SpellStatus.PROBATIONARY and fact.discipline_form not in PROBATIONARY_DISCIPLINE:
                raise HistoryError(
                    _("%(fact)s: a probationary member can only be reprimanded or warned (Party Statutes, art. 35).")
                    % {"fact": label},
                    index,
                )
            if fact.discipline_form == DisciplineForm.EXPULSION:
                close(home, fact.on)
                close(attached, fact.on)
                home = attached = None
                state.status = MemberStatus.EXPELLED
        elif kind == EventKind.BADGE_AWARDED:
            pass  # a distinction: no change to membership (badge lists read these facts)
        elif kind in ENDING_KINDS:
            close(home, fact.on)
            close(attached, fact.on)
            home = attached = None
            state.status = ENDING_KINDS[EventKind(kind)]
        else:  # pragma: no cover - guarded by the choices
            raise HistoryError(_("%(fact)s: unknown kind of fact.") % {"fact": label}, index)
    return state


def _label(fact: Fact) -> str:
    return f"{format_date(fact.on)} — {EventKind(fact.kind).label if fact.kind in EventKind.values else fact.kind}"


def facts_from_events(events: Iterable) -> list[Fact]:
    return [
        Fact(
            kind=e.kind,
            on=e.on,
            organization_id=e.organization_id,
            entry_status=e.entry_status,
            discipline_form=e.discipline_form,
        )
        for e in events
    ]
