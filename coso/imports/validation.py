"""Checking a whole workbook before anything is written: all or nothing.

Every row is read and checked, every error is collected with its sheet, row, column, value and
reason, and only then does the caller decide to write (no error) or to write nothing. Histories are
replayed with the same pure function the single-record services use (`members.history`), so an
import cannot store a history that the forms would refuse. Duplicates are what makes imported
registers dirty: a citizen ID or party card number seen twice is an error; the same folded name and
date of birth is a *possible* duplicate that a person must look at before the import goes on.

What a check may say about people outside the uploader's scope (the "membership oracle"). A
check writes nothing and can be repeated, so whatever it answers about the rest of the register
is a free lookup. Decided:

- A name and birth date are not an identity: they are matched only against the records the user
  sees. A match outside the scope is not reported at all, so the answer is the same whether or not
  such a person exists elsewhere (the duplicates report of the other committee finds them later).
- A citizen ID or party card number is an identity, unique on the register: a person recorded by
  another committee cannot be created a second time, and an unknown ID must import, so the
  existence of an ID cannot be hidden from someone allowed to create members. The refusal is
  therefore the least it can be: one message, the same whatever the other record is (another
  committee's member, dead, expelled, left), naming no one, no organization and no status — "cannot
  be imported here; a member recorded by another committee comes by a transfer from it". At most
  `OUTSIDE_SCOPE_LISTED` such rows are listed per file; the rest are counted without row numbers.
- Each check is a lookup: a user may start at most `COSO_IMPORT_CHECKS_PER_HOUR` imports per
  hour (`services.import_job_create`), with a Vietnamese refusal past it; every check stays on
  record as an import job (who, when, which file).
- History rows name members by ID only inside the part of the register the user may update; an
  unknown ID and one outside the scope get the same error, so they reveal nothing.

The stored report is bounded (`MAX_STORED_ERRORS`, `MAX_STORED_WARNINGS`, long values shortened):
errors are counted in full but only the first ones are kept, so a small file cannot fill the
database or the job page.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from coso.accounts.actions import Action, fact_action
from coso.accounts.scoping import may_at_path, scope
from coso.common.dates import today
from coso.common.text import fold, format_date, format_int
from coso.imports.columns import (
    CITIZEN_ID,
    CODE,
    DATE,
    ETHNICITY,
    HISTORY_COLUMNS,
    INT,
    KEY,
    KINDS_NEEDING_ORGANIZATION,
    MEMBER_COLUMNS,
    ORG,
    RELIGION,
    SHEET_VALUES,
    TEXT,
    UNIT,
    CodeSet,
    Column,
    code_set,
)
from coso.imports.parsing import (
    CellError,
    RawRow,
    SheetData,
    TooManyRows,
    display,
    file_too_long,
    read_citizen_id,
    read_date,
    read_int,
    read_key,
    read_sheet,
    read_text,
    sheet_too_long,
    sheets_for,
)
from coso.imports.registry import MAX_STORED_ERRORS, MAX_STORED_WARNINGS, MAX_VALUE_CHARS, ImportPlan, shorten  # noqa: F401
from coso.members.bulk import BulkHistoryError, NewMember, prepare
from coso.members.choices import EventKind
from coso.members.history import HistoryError, derive_spells, facts_from_events
from coso.members.invariants import AgeBounds, history_errors
from coso.members.models import Ethnicity, Member, MemberEvent, Religion
from coso.members.services import event_field_errors
from coso.organizations.models import Organization, ResidentialUnit
from coso.rulesets.calendar import months_between
from coso.rulesets.models import RuleSet, Topic

BATCH = 500
MAX_MATCHES = 10  # rows or records listed beside one possible duplicate
OUTSIDE_SCOPE_LISTED = 10
ADMISSION_KINDS = {EventKind.ADMITTED, EventKind.READMITTED}
EVENT_KEYS = {
    "first_event",
    "event_on",
    "organization",
    "entry_status",
    "decision_number",
    "decision_date",
    "decision_issuer",
}
MEMBER_CODE_DEFAULTS = {"professional_education", "political_theory", "state_management", "academic_title"}


@dataclass
class Plan(ImportPlan):
    """What a valid file will write, or the errors that stop it."""

    new_members: list[NewMember] = field(default_factory=list)
    updates: dict[int, list[MemberEvent]] = field(default_factory=dict)  # existing member id → new facts

    @property
    def rows_planned(self) -> int:
        """Rows that will be written: each member row brings one fact, each history row one fact."""
        return sum(len(m.events) for m in self.new_members) + sum(len(e) for e in self.updates.values())


class Progress:
    """Told how many rows there are and how many have been checked; the job runner persists it."""

    def start(self, total: int) -> None:  # pragma: no cover - interface
        pass

    def advance(self, rows: int) -> None:  # pragma: no cover - interface
        pass

    def beat(self) -> None:  # pragma: no cover - interface
        """Still alive, in a long step that checks no new row (the job's heartbeat)."""


def admission_rule_sets() -> list[RuleSet]:
    """The admission rule sets, oldest first (a handful of rows, read once per check)."""
    return list(RuleSet.objects.filter(topic=Topic.ADMISSION).order_by("effective_from"))


def admission_age_error(*, born: date | None, on: date | None, rule_sets: list[RuleSet]) -> str | None:
    """Why an admission on `on` of a person born on `born` cannot be recorded, or None.

    The Statute admits Vietnamese citizens from eighteen years of age (Điều lệ Đảng, Điều 1; counted
    in months at the cell's vote, QĐ 24-QĐ/TW 3.1, as `admission.rules.check_age` does). The cell
    votes before the committee decides, so the person is at least as old on the fact's date: a
    younger age there cannot be right. The minimum comes from the admission rule set in force on
    that date, or the earliest set for a date before every set (the eighteen years are the same in
    every set shipped). The upper bound is not checked: an older admission is lawful with the
    provincial standing committee's written approval, which an imported row does not carry.
    """
    if born is None or on is None or not rule_sets:
        return None
    in_force = [r for r in rule_sets if r.effective_from <= on]
    rule_set = in_force[-1] if in_force else rule_sets[0]
    if "min_age_months" not in rule_set.values:
        return None
    low = int(rule_set.values["min_age_months"])
    age = months_between(born, on)
    if age >= low:
        return None
    return _(
        "Aged %(years)s years %(months)s months on %(date)s: the Party admits from %(limit)s years of age (%(regulation)s)."
    ) % {
        "years": age // 12,
        "months": age % 12,
        "date": format_date(on),
        "limit": low // 12,
        "regulation": rule_set.regulation,
    }


def _chunks(items: list, size: int = BATCH) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class _Source:
    """Where a fact came from, for the error report."""

    sheet: str
    row: int
    column: str
    value: str


class Validator:
    def __init__(self, *, kind: str, user, progress: Progress | None = None, chunk: int = 200):
        self.kind = kind
        self.user = user  # None: a system import from the command line, without scope limits
        self.progress = progress or Progress()
        self.chunk = chunk
        self.plan = Plan()
        self.today = today()
        self.codes: dict[str, CodeSet] = {}
        # In-file identity: key → row number of the Members sheet.
        self.file_cids: dict[str, int] = {}
        self.paths: dict[tuple[str, int], str] = {}  # ("row", n) / ("member", pk) -> organization path
        self.file_cards: dict[str, int] = {}
        self.file_names: dict[tuple[str, date], list[tuple[int, str]]] = defaultdict(list)
        self.new_by_row: dict[int, NewMember | None] = {}
        self.sources: dict[int, _Source] = {}  # id(event) → source
        self.admission_rules = admission_rule_sets()
        self.register_births: dict[int, date | None] = {}  # register member id → date of birth

    # Scope ---------------------------------------------------------------------------------------

    def _writable(self, qs):
        return qs if self.user is None else scope(qs, self.user, action=Action.IMPORT)

    def _visible(self, qs):
        return qs if self.user is None else scope(qs, self.user)

    # Errors --------------------------------------------------------------------------------------

    def error(self, sheet: str, row: int, column: Column | str, value, reason: str, member_id: int | None = None):
        self.plan.error_count += 1
        if len(self.plan.errors) >= MAX_STORED_ERRORS:
            return
        header = str(column.header) if isinstance(column, Column) else column
        item = {"sheet": sheet, "row": row, "column": header, "value": shorten(display(value)), "reason": str(reason)}
        if member_id:
            item["member_id"] = member_id
        self.plan.errors.append(item)

    # Entry point ---------------------------------------------------------------------------------

    def run(self, wb) -> Plan:
        members_ws, history_ws = sheets_for(wb, self.kind)
        limit = settings.COSO_IMPORT_MAX_ROWS
        try:
            members = read_sheet(members_ws, MEMBER_COLUMNS, max_rows=limit) if members_ws is not None else None
            history = read_sheet(history_ws, HISTORY_COLUMNS, max_rows=limit) if history_ws is not None else None
        except TooManyRows as exc:
            self.error(
                str(exc),
                "",
                "",
                "",
                sheet_too_long(limit),
            )
            return self.plan
        if (len(members.rows) if members else 0) + (len(history.rows) if history else 0) > limit:
            self.error(
                "",
                "",
                "",
                "",
                file_too_long(limit),
            )
            return self.plan
        main = members if self.kind == "members" else history
        if main is None:
            self.error("", 1, "", "", _("The file has no sheet to import: use the template downloaded from this page."))
            return self.plan
        for sheet in (members, history):
            if sheet is not None:
                for row, column, value, reason in sheet.problems:
                    self.error(sheet.title, row, column, value, reason)
        if self.plan.error_count:
            return self.plan
        self.plan.total_rows = len(members.rows if members else []) + len(history.rows if history else [])
        if not self.plan.total_rows:
            self.error(main.title, 2, "", "", _("The sheet has no data rows."))
            return self.plan
        self.progress.start(self.plan.total_rows)
        self._load_lookups([s for s in (members, history) if s is not None])
        if members is not None:
            for chunk in _chunks(members.rows, self.chunk):
                for row in chunk:
                    self._member_row(members, row)
                self.progress.advance(len(chunk))
            self._register_duplicates(members.title)
        targets: dict[object, list[MemberEvent]] = defaultdict(list)
        if history is not None:
            register = self._register_keys(history)
            for chunk in _chunks(history.rows, self.chunk):
                for row in chunk:
                    self._history_row(history, row, register, targets)
                self.progress.advance(len(chunk))
        self._replay_new(targets)
        self._replay_existing(targets)
        titles = [s.title for s in (members, history) if s is not None]
        self.plan.errors.sort(
            key=lambda e: (titles.index(e["sheet"]) if e["sheet"] in titles else -1, e["row"] if e["row"] != "" else 0)
        )
        return self.plan

    # Lookups -------------------------------------------------------------------------------------

    def _load_lookups(self, sheets: list[SheetData]) -> None:
        org_codes, unit_codes = set(), set()
        for sheet in sheets:
            for column in sheet.columns:
                if column.type == CODE:
                    self.codes[column.key] = code_set(column.choices)
            for row in sheet.rows:
                if row.cells.get("organization") not in (None, ""):
                    org_codes.add(read_text(row.cells["organization"]))
                if row.cells.get("residential_unit") not in (None, ""):
                    unit_codes.add(read_text(row.cells["residential_unit"]))
        self.orgs: dict[str, Organization] = {}
        self.writable_orgs: set[int] = set()
        for codes in _chunks(sorted(org_codes)):
            self.orgs.update({o.code: o for o in Organization.objects.filter(code__in=codes)})
            self.writable_orgs.update(
                self._writable(Organization.objects.filter(code__in=codes)).values_list("pk", flat=True)
            )
        self.units: dict[str, ResidentialUnit] = {}
        self.writable_units: set[int] = set()
        for codes in _chunks(sorted(unit_codes)):
            self.units.update({u.code: u for u in ResidentialUnit.objects.filter(code__in=codes)})
            self.writable_units.update(
                self._writable(ResidentialUnit.objects.filter(code__in=codes)).values_list("pk", flat=True)
            )
        ethnicities = list(Ethnicity.objects.all())
        by_code = {e.code: e for e in ethnicities}
        self.codes[ETHNICITY] = code_set([(e.code, e.name) for e in ethnicities], value=by_code.get)
        religions = list(Religion.objects.all())
        by_religion = {r.code: r for r in religions}
        self.codes[RELIGION] = code_set([(r.code, r.name) for r in religions], value=by_religion.get)

    # Cells ---------------------------------------------------------------------------------------

    def _read(self, sheet: SheetData, row: RawRow) -> tuple[dict, bool]:
        """Typed values of a row; errors recorded. Returns (values, row had an error)."""
        values: dict = {}
        bad = False
        for column in sheet.columns:
            raw = row.cells.get(column.key)
            try:
                value = self._cell(column, raw)
            except CellError as exc:
                self.error(sheet.title, row.number, column, raw, str(exc))
                bad = True
                continue
            if column.required and value in (None, "", []):
                self.error(sheet.title, row.number, column, raw, _("This column is required."))
                bad = True
                continue
            values[column.key] = value
        return values, bad

    def _cell(self, column: Column, raw):
        if column.type == TEXT:
            text = read_text(raw)
            if column.max_length and len(text) > column.max_length:
                raise CellError(_("Too long: at most %(n)d characters.") % {"n": column.max_length})
            return text
        if column.type == DATE:
            return read_date(raw)
        if column.type == INT:
            return read_int(raw)
        if column.type == CITIZEN_ID:
            return read_citizen_id(raw)
        if column.type == KEY:
            return read_key(raw)
        text = read_text(raw)
        if not text:
            return None
        if column.type == ORG:
            org = self.orgs.get(text)
            if org is None:
                raise CellError(_("No organization has this code."))
            if org.pk not in self.writable_orgs:
                raise CellError(_("This organization is outside the part of the tree you may update."))
            return org
        if column.type == UNIT:
            unit = self.units.get(text)
            if unit is None:
                raise CellError(_("No residential unit has this code."))
            if unit.pk not in self.writable_units:
                raise CellError(_("This residential unit is outside the part of the tree you may update."))
            return unit
        codes = self.codes[column.type if column.type in (ETHNICITY, RELIGION) else column.key]
        value = codes.resolve(text)
        if value is None:
            raise CellError(_("Not an allowed value: see the sheet “%(sheet)s”.") % {"sheet": SHEET_VALUES})
        return value

    # Members sheet -------------------------------------------------------------------------------

    def _member_row(self, sheet: SheetData, row: RawRow) -> None:
        values, bad = self._read(sheet, row)
        cols = {c.key: c for c in sheet.columns}
        title, n = sheet.title, row.number

        def fail(key: str, reason: str) -> None:
            nonlocal bad
            self.error(title, n, cols[key], row.cells.get(key), reason)
            bad = True

        cid = values.get("citizen_id") or ""
        card = values.get("party_card_number") or ""
        if not cid and not card and "citizen_id" in values and "party_card_number" in values:
            fail("citizen_id", _("Give a citizen ID or a party card number: members are identified by them."))
        if cid:
            if cid in self.file_cids:
                fail(
                    "citizen_id",
                    _("This citizen ID is already on row %(row)d of this file.") % {"row": self.file_cids[cid]},
                )
            else:
                self.file_cids[cid] = n
        if card:
            if card in self.file_cards:
                fail(
                    "party_card_number",
                    _("This party card number is already on row %(row)d of this file.")
                    % {"row": self.file_cards[card]},
                )
            else:
                self.file_cards[card] = n
        born, on = values.get("date_of_birth"), values.get("event_on")
        if born and born >= self.today:
            fail("date_of_birth", _("The date of birth must be in the past."))
        if on and on > self.today:
            fail("event_on", _("The date of the fact cannot be in the future."))
        first, entry = values.get("first_event"), values.get("entry_status")
        if born and on and on <= born:
            fail("event_on", _("The date of the fact must be after the date of birth."))
        elif first in ADMISSION_KINDS:
            age_error = admission_age_error(born=born, on=on, rule_sets=self.admission_rules)
            if age_error:
                fail("event_on", age_error)
        decided = values.get("decision_date")
        if decided and decided > self.today:
            fail("decision_date", _("The decision date cannot be in the future."))
        if decided and born and decided <= born:
            fail("decision_date", _("The decision date must be after the date of birth."))
        if first == EventKind.TRANSFERRED_IN and not entry and "entry_status" in values:
            fail("entry_status", _("Say whether the member arrives as probationary or official."))
        if first == EventKind.ADMITTED and entry:
            fail("entry_status", _("The status on entry is given only for a transfer in."))
        org = values.get("organization")
        if org is not None and on and not org.is_active_on(on):
            fail("organization", _("%(org)s did not exist on %(date)s.") % {"org": org.name, "date": format_date(on)})
        name = values.get("full_name") or ""
        if name and born:
            self.file_names[(fold(name)[:120], born)].append((n, name))
        if bad:
            self.new_by_row[n] = None
            return
        profile = {k: v for k, v in values.items() if k not in EVENT_KEYS}
        for key in MEMBER_CODE_DEFAULTS:
            if profile.get(key) is None:
                profile.pop(key, None)
        profile["citizen_id"] = cid or None
        profile["party_card_number"] = card or None
        member = Member(**profile)
        member.name_key = fold(member.full_name)[:120]
        event = MemberEvent(
            kind=first,
            on=on,
            organization=org,
            entry_status=entry or "",
            decision_number=values.get("decision_number", ""),
            decision_date=decided,
            decision_issuer=values.get("decision_issuer", ""),
        )
        self.sources[id(event)] = _Source(
            title, n, str(cols["first_event"].header), display(row.cells.get("first_event"))
        )
        if org is not None:
            self.paths[("row", n)] = org.path
        item = NewMember(member=member, events=[event])
        self.new_by_row[n] = item
        self.plan.new_members.append(item)

    def _register_duplicates(self, title: str) -> None:
        """Citizen IDs and card numbers already on the register are errors; same name and birth, warnings.

        What is said about records outside the user's scope is decided in the module docstring.
        """
        outside: list[tuple[int, Column, str]] = []
        for field_name, seen, message in (
            ("citizen_id", self.file_cids, _("This citizen ID is already on the register")),
            ("party_card_number", self.file_cards, _("This party card number is already on the register")),
        ):
            column = next(c for c in MEMBER_COLUMNS if c.key == field_name)
            for keys in _chunks(sorted(seen)):
                found = list(
                    Member.objects.filter(**{f"{field_name}__in": keys}).values_list(
                        "pk", field_name, "full_name", "organization__name"
                    )
                )
                visible = set(
                    self._visible(Member.objects.filter(pk__in=[f[0] for f in found])).values_list("pk", flat=True)
                )
                for pk, key, name, org_name in found:
                    row = seen[key]
                    self.new_by_row[row] = None
                    if pk not in visible:
                        outside.append((row, column, key))
                        continue
                    reason = _("%(message)s: %(name)s (%(org)s).") % {
                        "message": message,
                        "name": name,
                        "org": org_name or "—",
                    }
                    self.error(title, row, column, key, reason, member_id=pk)
        self._outside_scope(title, outside)
        alive = {id(m) for m in self.new_by_row.values() if m is not None}
        self.plan.new_members = [m for m in self.plan.new_members if id(m) in alive]
        self._possible_duplicates(title)

    def _outside_scope(self, title: str, outside: list[tuple[int, Column, str]]) -> None:
        """Rows naming a person recorded outside the user's scope: one message that reveals no more."""
        reason = _(
            "This person cannot be imported here. A party member recorded by another committee "
            "comes to your organization by a transfer from that committee."
        )
        rows_seen: set[int] = set()
        listed = 0
        for row, column, key in sorted(outside, key=lambda t: t[0]):
            if row in rows_seen:  # both its ID and card number: one answer per row
                continue
            rows_seen.add(row)
            if listed < OUTSIDE_SCOPE_LISTED:
                self.error(title, row, column, key, reason)
                listed += 1
        more = len(rows_seen) - listed
        if more > 0:
            self.error(
                title,
                "",
                "",
                "",
                _(
                    "%(n)s more rows of this file name people who cannot be imported here; "
                    "they are not listed. Remove the rows above and check the file again."
                )
                % {"n": format_int(more)},
            )
            self.plan.error_count += more - 1

    def _possible_duplicates(self, title: str) -> None:
        """Same folded name and birth date: within the file, and against the records the user sees."""
        warnings: dict[int, dict] = {}

        def warn(row: int, name: str, born: date) -> dict:
            return warnings.setdefault(
                row,
                {
                    "sheet": title,
                    "row": row,
                    "name": shorten(name),
                    "date_of_birth": format_date(born),
                    "matches": [],
                    "more": 0,
                },
            )

        def add(entry: dict, match: dict) -> None:
            if len(entry["matches"]) < MAX_MATCHES:
                entry["matches"].append(match)
            else:
                entry["more"] += 1

        for (_key, born), rows in self.file_names.items():
            for index, (row, name) in enumerate(rows[1:], start=1):
                entry = warn(row, name, born)
                for r, nm in rows[:index][:MAX_MATCHES]:
                    add(entry, {"row": r, "name": shorten(nm)})
                entry["more"] += max(0, index - MAX_MATCHES)
        keys = sorted({k for k, _born in self.file_names})
        for chunk in _chunks(keys):
            found = self._visible(Member.objects.filter(name_key__in=chunk)).values_list(
                "pk", "name_key", "date_of_birth", "full_name", "organization__name"
            )
            for pk, key, born, name, org_name in found:
                for row, row_name in self.file_names.get((key, born), []):
                    add(
                        warn(row, row_name, born),
                        {"member_id": pk, "visible": True, "name": name, "organization": org_name or ""},
                    )
        self.plan.warning_count = len(warnings)
        self.plan.warnings = [warnings[r] for r in sorted(warnings)[:MAX_STORED_WARNINGS]]

    # History sheet -------------------------------------------------------------------------------

    def _register_keys(self, sheet: SheetData) -> dict[str, int]:
        """Register members the history rows name (citizen ID or card number) that the user may update."""
        wanted: set[str] = set()
        for row in sheet.rows:
            try:
                wanted.update(read_key(row.cells.get("member_key")))
            except CellError:
                continue
        wanted -= set(self.file_cids) | set(self.file_cards)
        found: dict[str, int] = {}
        for keys in _chunks(sorted(wanted)):
            qs = self._writable(
                Member.objects.filter(citizen_id__in=keys) | Member.objects.filter(party_card_number__in=keys)
            )
            for pk, cid, card, born, path in qs.values_list(
                "pk", "citizen_id", "party_card_number", "date_of_birth", "organization__path"
            ):
                self.register_births[pk] = born
                self.paths[("member", pk)] = path
                if cid in wanted:
                    found[cid] = pk
                if card in wanted:
                    found.setdefault(card, pk)
        return found

    def _history_row(self, sheet: SheetData, row: RawRow, register: dict[str, int], targets: dict) -> None:
        values, bad = self._read(sheet, row)
        cols = {c.key: c for c in sheet.columns}
        title, n = sheet.title, row.number

        def fail(key: str, reason: str) -> None:
            nonlocal bad
            self.error(title, n, cols[key], row.cells.get(key), reason)
            bad = True

        kind, on, org = values.get("kind"), values.get("on"), values.get("organization")
        if on and on > self.today:
            fail("on", _("The date of the fact cannot be in the future."))
        decided = values.get("decision_date")
        if decided and decided > self.today:
            fail("decision_date", _("The decision date cannot be in the future."))
        if kind in KINDS_NEEDING_ORGANIZATION and "organization" in values and org is None:
            fail("organization", _("This fact needs the organization where the member is from this date."))
        if kind == EventKind.TRANSFERRED_IN and not values.get("entry_status") and "entry_status" in values:
            fail("entry_status", _("Say whether the member arrives as probationary or official."))
        if kind == EventKind.DISCIPLINED and not values.get("discipline_form") and "discipline_form" in values:
            fail("discipline_form", _("State the form of discipline."))
        if kind:
            for key, reason in event_field_errors(
                kind=kind, removal_ground=values.get("removal_ground") or "", badge_years=values.get("badge_years")
            ).items():
                if key in values:
                    fail(key, reason)
        if org is not None and on and not org.is_active_on(on):
            fail("organization", _("%(org)s did not exist on %(date)s.") % {"org": org.name, "date": format_date(on)})
        target = None
        keys = values.get("member_key") or []
        for key in keys:
            if key in self.file_cids or key in self.file_cards:
                target = ("row", self.file_cids.get(key) or self.file_cards[key])
                break
            if key in register:
                target = ("member", register[key])
                break
        if keys and target is None:
            fail(
                "member_key",
                _(
                    "No member with this citizen ID or party card number in this file or in the part of the register you may update."
                ),
            )
        if target is not None and kind in ADMISSION_KINDS and not bad:
            if target[0] == "row":
                item = self.new_by_row.get(target[1])
                born = item.member.date_of_birth if item is not None else None
            else:
                born = self.register_births.get(target[1])
            age_error = admission_age_error(born=born, on=on, rule_sets=self.admission_rules)
            if age_error:
                fail("on", age_error)
        if (
            target is not None
            and kind
            and self.user is not None
            and not may_at_path(self.user, fact_action(kind), self.paths.get(target))
        ):
            fail(
                "kind",
                _("Your role at this level may not record this fact: it is decided by the competent committee."),
            )
        if bad or target is None:
            return
        event = MemberEvent(
            kind=kind,
            on=on,
            organization=org if kind in KINDS_NEEDING_ORGANIZATION or org else None,
            external_place=values.get("external_place", ""),
            entry_status=values.get("entry_status") or "",
            discipline_form=values.get("discipline_form") or "",
            removal_ground=values.get("removal_ground") or "",
            badge_years=values.get("badge_years"),
            decision_number=values.get("decision_number", ""),
            decision_date=decided,
            decision_issuer=values.get("decision_issuer", ""),
            note=values.get("note", ""),
        )
        self.sources[id(event)] = _Source(title, n, str(cols["kind"].header), display(row.cells.get("kind")))
        targets[target].append(event)

    # Replays -------------------------------------------------------------------------------------

    def _source_error(self, event: MemberEvent, reason: str) -> None:
        src = self.sources[id(event)]
        self.error(src.sheet, src.row, src.column, src.value, reason)

    def _replay_new(self, targets: dict) -> None:
        """New members of the file, with their facts from the History sheet, through `bulk.prepare`."""
        for (target_type, target), events in targets.items():
            item = self.new_by_row.get(target) if target_type == "row" else None
            if item is not None:
                item.events.extend(events)
        bounds = AgeBounds.load()
        for position, item in enumerate(self.plan.new_members):
            if position % BATCH == 0:
                self.progress.beat()
            try:
                prepare([item], bounds=bounds)
            except BulkHistoryError as exc:
                self._source_error(item.events[exc.fact_index], exc.message)

    def _replay_existing(self, targets: dict) -> None:
        """Facts for members on the register: the merged history (old facts + new) must replay."""
        member_ids = [target for (target_type, target) in targets if target_type == "member"]
        existing: dict[int, list[MemberEvent]] = defaultdict(list)
        for ids in _chunks(member_ids):
            for event in MemberEvent.objects.filter(member_id__in=ids).order_by("member_id", "on", "id"):
                existing[event.member_id].append(event)
        bounds = AgeBounds.load()
        born = {}
        for ids in _chunks(member_ids):
            born.update(Member.objects.filter(pk__in=ids).values_list("pk", "date_of_birth"))
        for position, member_id in enumerate(member_ids):
            if position % BATCH == 0:
                self.progress.beat()
            new = targets[("member", member_id)]
            old = existing[member_id]
            clash = self._already_recorded(old, new)
            if clash:
                continue
            invalid = history_errors(date_of_birth=born.get(member_id), facts=new, bounds=bounds, today=self.today)
            for error in invalid:
                self._source_error(new[error.index], error.message)
            if invalid:
                continue
            for event in new:
                event.member_id = member_id
            merged = merge_facts(old, new)
            try:
                derive_spells(facts_from_events(merged))
            except HistoryError as exc:
                culprit = merged[exc.index]
                if id(culprit) not in self.sources:  # an old fact no longer fits: blame the first new one
                    culprit = sorted(new, key=lambda e: e.on)[0]
                    reason = _("%(reason)s (conflicts with the history already recorded)") % {"reason": exc.message}
                else:
                    reason = exc.message
                self._source_error(culprit, reason)
                continue
            self.plan.updates[member_id] = new

    def _already_recorded(self, old: list[MemberEvent], new: list[MemberEvent]) -> bool:
        recorded = {(e.kind, e.on) for e in old}
        clash = False
        for event in new:
            if (event.kind, event.on) in recorded:
                self._source_error(event, _("This fact is already on the member's history."))
                clash = True
        return clash


def merge_facts(old: list[MemberEvent], new: list[MemberEvent]) -> list[MemberEvent]:
    """Old facts then new ones, in date order; on the same day the recorded facts come first."""
    ordered = [(e.on, 0, i, e) for i, e in enumerate(old)] + [(e.on, 1, i, e) for i, e in enumerate(new)]
    return [e for *_key, e in sorted(ordered, key=lambda t: t[:3])]


def validate_workbook(wb, *, kind: str, user, progress: Progress | None = None, chunk: int = 200) -> Plan:
    plan = Validator(kind=kind, user=user, progress=progress, chunk=chunk).run(wb)
    if not plan.ok:
        plan.new_members, plan.updates = [], {}
    return plan
