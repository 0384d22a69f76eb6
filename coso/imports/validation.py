"""Checking a whole workbook before anything is written: all or nothing.

Every row is read and checked, every error is collected with its sheet, row, column, value and
reason, and only then does the caller decide to write (no error) or to write nothing. Histories are
replayed with the same pure function the single-record services use (`members.history`), so an
import cannot store a history that the forms would refuse. Duplicates are what makes imported
registers dirty: a citizen ID or party card number seen twice is an error; the same folded name and
date of birth is a *possible* duplicate that a person must look at before the import goes on.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from coso.accounts.actions import Action, fact_action
from coso.accounts.scoping import may_at_path, scope
from coso.common.dates import today
from coso.common.text import fold, format_date
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
    display,
    read_citizen_id,
    read_date,
    read_int,
    read_key,
    read_sheet,
    read_text,
    sheets_for,
)
from coso.members.bulk import BulkHistoryError, NewMember, prepare
from coso.members.choices import EventKind
from coso.members.history import HistoryError, derive_spells, facts_from_events
from coso.members.models import Ethnicity, Member, MemberEvent, Religion
from coso.members.services import event_field_errors
from coso.organizations.models import Organization, ResidentialUnit

BATCH = 500
MAX_STORED_ERRORS = 1000
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
class Plan:
    """What a valid file will write, or the errors that stop it."""

    new_members: list[NewMember] = field(default_factory=list)
    updates: dict[int, list[MemberEvent]] = field(default_factory=dict)  # existing member id → new facts
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    total_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class Progress:
    """Told how many rows there are and how many have been checked; the job runner persists it."""

    def start(self, total: int) -> None:  # pragma: no cover - interface
        pass

    def advance(self, rows: int) -> None:  # pragma: no cover - interface
        pass


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

    # Scope ---------------------------------------------------------------------------------------

    def _writable(self, qs):
        return qs if self.user is None else scope(qs, self.user, action=Action.IMPORT)

    def _visible(self, qs):
        return qs if self.user is None else scope(qs, self.user)

    # Errors --------------------------------------------------------------------------------------

    def error(self, sheet: str, row: int, column: Column | str, value, reason: str, member_id: int | None = None):
        header = str(column.header) if isinstance(column, Column) else column
        item = {"sheet": sheet, "row": row, "column": header, "value": display(value), "reason": str(reason)}
        if member_id:
            item["member_id"] = member_id
        self.plan.errors.append(item)

    # Entry point ---------------------------------------------------------------------------------

    def run(self, wb) -> Plan:
        members_ws, history_ws = sheets_for(wb, self.kind)
        members = read_sheet(members_ws, MEMBER_COLUMNS) if members_ws is not None else None
        history = read_sheet(history_ws, HISTORY_COLUMNS) if history_ws is not None else None
        main = members if self.kind == "members" else history
        if main is None:
            self.error("", 1, "", "", _("The file has no sheet to import: use the template downloaded from this page."))
            return self.plan
        for sheet in (members, history):
            if sheet is not None:
                for row, column, value, reason in sheet.problems:
                    self.error(sheet.title, row, column, value, reason)
        if self.plan.errors:
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
        self.plan.errors.sort(key=lambda e: (titles.index(e["sheet"]) if e["sheet"] in titles else -1, e["row"]))
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
        if born and on and on <= born:
            fail("event_on", _("The date of the fact must be after the date of birth."))
        decided = values.get("decision_date")
        if decided and decided > self.today:
            fail("decision_date", _("The decision date cannot be in the future."))
        first, entry = values.get("first_event"), values.get("entry_status")
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
        """Citizen IDs and card numbers already on the register are errors; same name and birth, warnings."""
        for field_name, seen, column_key, message in (
            ("citizen_id", self.file_cids, "citizen_id", _("This citizen ID is already on the register")),
            (
                "party_card_number",
                self.file_cards,
                "party_card_number",
                _("This party card number is already on the register"),
            ),
        ):
            column = next(c for c in MEMBER_COLUMNS if c.key == column_key)
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
                    if pk in visible:
                        reason = _("%(message)s: %(name)s (%(org)s).") % {
                            "message": message,
                            "name": name,
                            "org": org_name or "—",
                        }
                    else:
                        reason = _("%(message)s, in a record outside your scope.") % {"message": message}
                    self.error(title, row, column, key, reason, member_id=pk if pk in visible else None)
                    self.new_by_row[row] = None
        alive = {id(m) for m in self.new_by_row.values() if m is not None}
        self.plan.new_members = [m for m in self.plan.new_members if id(m) in alive]
        warnings: dict[int, dict] = {}

        def warn(row: int, name: str, born: date) -> dict:
            return warnings.setdefault(
                row, {"sheet": title, "row": row, "name": name, "date_of_birth": format_date(born), "matches": []}
            )

        for (_key, born), rows in self.file_names.items():
            for index, (row, name) in enumerate(rows[1:], start=1):
                warn(row, name, born)["matches"].extend({"row": r, "name": nm} for r, nm in rows[:index])
        keys = sorted({k for k, _born in self.file_names})
        for chunk in _chunks(keys):
            found = list(
                Member.objects.filter(name_key__in=chunk).values_list(
                    "pk", "name_key", "date_of_birth", "full_name", "organization__name"
                )
            )
            found = [f for f in found if (f[1], f[2]) in self.file_names]
            visible = set(
                self._visible(Member.objects.filter(pk__in=[f[0] for f in found])).values_list("pk", flat=True)
            )
            for pk, key, born, name, org_name in found:
                for row, row_name in self.file_names[(key, born)]:
                    match = {"member_id": pk, "visible": pk in visible}
                    if pk in visible:
                        match.update(name=name, organization=org_name or "")
                    warn(row, row_name, born)["matches"].append(match)
        self.plan.warnings = [warnings[r] for r in sorted(warnings)]

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
            for pk, cid, card, path in qs.values_list("pk", "citizen_id", "party_card_number", "organization__path"):
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
        for item in self.plan.new_members:
            try:
                prepare([item])
            except BulkHistoryError as exc:
                self._source_error(item.events[exc.fact_index], exc.message)

    def _replay_existing(self, targets: dict) -> None:
        """Facts for members on the register: the merged history (old facts + new) must replay."""
        member_ids = [target for (target_type, target) in targets if target_type == "member"]
        existing: dict[int, list[MemberEvent]] = defaultdict(list)
        for ids in _chunks(member_ids):
            for event in MemberEvent.objects.filter(member_id__in=ids).order_by("member_id", "on", "id"):
                existing[event.member_id].append(event)
        for member_id in member_ids:
            new = targets[("member", member_id)]
            old = existing[member_id]
            clash = self._already_recorded(old, new)
            if clash:
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
