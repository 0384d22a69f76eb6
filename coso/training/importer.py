"""Importing classes of every kind with their students, results and certificates (issue 10).

A committee keeps its class lists in spreadsheets: one row per class, one row per student. The
check applies what `training.services` applies to one class at a time (`class_create`,
`class_enrol`, `class_record_result`), for the whole file at once and in a fixed number of
queries, then the write is a few `bulk_create`s in one transaction, audited in bulk:

- the organizing (or sending) committee is inside the uploader's scope for managing classes
  (`Action.CLASS_MANAGE`, and `Action.IMPORT`) and existed when the class started; the class ends
  on or after its start and is not already recorded (same committee, kind, name and start); a
  class has a mode (full-time, in-service) and an organizer: our committee, or an outside school
  (the provincial school, the national academy) to which the committee sends its cadres;
- an awareness class takes candidates (found by citizen ID among the candidates of cells under the
  committee, as `class_enrol` finds them); a new members' class takes members who were
  probationary while it ran, in an organization under the committee (their membership spells);
  every other kind takes members who belonged under the committee while it ran, or cadres who are
  not members (a cadre of a unit under the committee, by number or by full name and unit code);
- a result is one of the model's choices; a pass carries its certificate date, not before the
  class started and not in the future; a certificate without a pass is refused; an awareness pass
  moves a candidate still in the pipeline on to "class passed", as `class_record_result` does; a
  pass in a theory or state-management class writes the qualification it gives as a dated fact
  (`rules.grant`, since the certificate date) unless the person already held as much then;
- a sending decision (number, date, issuer) belongs to a student of an outside class only;
- a person is in a class once.

Classes and students are tied by a class number the file chooses (L1, L2, …), since a class has no
code of its own. A person is looked up only under the class's committee, so a row cannot tell
whether someone is recorded by another committee: outside it every key is simply unknown.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from coso.accounts.actions import Action
from coso.admission.models import Candidate, Stage
from coso.audit.services import audit_bulk_create, audit_bulk_update, snapshot
from coso.cadres.models import Cadre
from coso.common.dates import today as _today
from coso.common.text import fold, format_date
from coso.imports.columns import CODE, DATE, DATE_NOTE, KEY, ORG, Column, decision_columns
from coso.imports.parsing import CellError
from coso.imports.register import Register, chunks
from coso.imports.registry import Importer, WriteResult, register
from coso.imports.sheets import SheetChecker, SheetsPlan, count_sheets_rows
from coso.imports.validation import Progress
from coso.imports.workbooks import sheets_template
from coso.members.choices import SpellStatus
from coso.members.models import Member, MembershipSpell
from coso.training import rules
from coso.training.models import (
    ClassKind,
    ClassStudent,
    Mode,
    Organizer,
    Qualification,
    Result,
    TrainingClass,
)

BATCH = 2000
SERVICE = "import_classes"
SHEET_CLASSES = pgettext_lazy("import", "Classes")
SHEET_STUDENTS = pgettext_lazy("import", "Students")
REF_NOTE = pgettext_lazy("import", "Any number or code you choose, the same on the Students sheet.")
#: A pass that gives a qualification held from before today is written into the fact's table with
#: a placeholder id above every real one (facts of the same day: the later recorded wins).
NEW_FACT = 1 << 62

CLASS_COLUMNS: list[Column] = [
    Column(
        "ref",
        pgettext_lazy("import", "Class number"),
        required=True,
        max_length=40,
        example="L1",
        width=12,
        note=REF_NOTE,
    ),
    Column(
        "organization",
        pgettext_lazy("import", "Organizing committee code"),
        ORG,
        True,
        example="C01",
        width=16,
        note=pgettext_lazy("import", "For a class at an outside school: the committee that sends its cadres."),
    ),
    Column(
        "level",
        pgettext_lazy("import", "Kind of class"),
        CODE,
        True,
        tuple(ClassKind.choices),
        example="awareness",
        width=22,
    ),
    Column(
        "name",
        pgettext_lazy("import", "Class name"),
        required=True,
        max_length=200,
        example="Lớp bồi dưỡng nhận thức về Đảng khóa 1/2016",
        width=34,
    ),
    Column(
        "mode",
        pgettext_lazy("import", "Mode of study"),
        CODE,
        choices=tuple(Mode.choices),
        width=14,
        note=pgettext_lazy("import", "Empty: in-service."),
    ),
    Column(
        "organizer_kind",
        pgettext_lazy("import", "Organized by"),
        CODE,
        choices=tuple(Organizer.choices),
        width=22,
        note=pgettext_lazy("import", "Empty: our committee."),
    ),
    Column("organizer", pgettext_lazy("import", "Held by"), max_length=200, width=24),
    Column("place", pgettext_lazy("import", "Place"), max_length=255, width=24),
    Column("starts_on", pgettext_lazy("import", "Starts on"), DATE, True, example=date(2016, 3, 7), note=DATE_NOTE),
    Column("ends_on", pgettext_lazy("import", "Ends on"), DATE, True, example=date(2016, 3, 11), note=DATE_NOTE),
]

STUDENT_COLUMNS: list[Column] = [
    Column(
        "ref",
        pgettext_lazy("import", "Class number"),
        required=True,
        max_length=40,
        example="L1",
        width=12,
        note=REF_NOTE,
    ),
    Column(
        "person",
        pgettext_lazy("import", "Citizen ID or party card number"),
        KEY,
        example="001090012345",
        width=18,
        note=pgettext_lazy(
            "import", "A candidate's citizen ID (awareness class); a member's citizen ID or party card number."
        ),
    ),
    Column(
        "cadre",
        pgettext_lazy("import", "Cadre who is not a member"),
        max_length=255,
        width=22,
        note=pgettext_lazy("import", "The cadre's number, or full name with the unit code; leave the ID column empty."),
    ),
    Column("cadre_unit", pgettext_lazy("import", "Cadre's unit code"), ORG, width=14),
    Column("result", pgettext_lazy("import", "Result"), CODE, True, tuple(Result.choices), example="passed", width=14),
    Column("certificate_number", pgettext_lazy("import", "Certificate number"), max_length=60, width=16),
    Column(
        "certificate_date",
        pgettext_lazy("import", "Certificate date"),
        DATE,
        example=date(2016, 3, 11),
        note=pgettext_lazy("import", "Required for a pass."),
    ),
    *decision_columns("", None),
]
DECISION_KEYS = ("decision_number", "decision_date", "decision_issuer")


@dataclass
class Plan(SheetsPlan):
    classes: list[TrainingClass] = field(default_factory=list)
    students: list[tuple[int, ClassStudent]] = field(default_factory=list)  # (class index, student)
    promoted: dict[int, Candidate] = field(default_factory=dict)  # candidates moved on to "class passed"
    # Qualification facts the passes give: (student position in `students`, field, value).
    grants: list[tuple[int, str, str]] = field(default_factory=list)
    units: dict[int, int | None] = field(default_factory=dict)  # member id -> the member's organization

    @property
    def rows_planned(self) -> int:
        return len(self.classes) + len(self.students)


def classes_template(user) -> bytes:
    return sheets_template(
        [(SHEET_CLASSES, CLASS_COLUMNS), (SHEET_STUDENTS, STUDENT_COLUMNS)], user, Action.CLASS_MANAGE
    )


def _under(path: str | None, root: str) -> bool:
    return bool(path) and path.startswith(root)


def validate_classes(wb, *, user, progress: Progress | None = None) -> Plan:
    """Check a file of classes and their students as a whole; the plan writes nothing yet."""
    progress = progress or Progress()
    plan = Plan(kind="classes")
    checker = SheetChecker(plan, user)
    sheets = checker.read(wb, [(SHEET_CLASSES, CLASS_COLUMNS, True), (SHEET_STUDENTS, STUDENT_COLUMNS, False)])
    if sheets is None:
        return plan
    classes_sheet, students_sheet = sheets
    progress.start(plan.total_rows)
    report = checker.report
    codes = {str(r.cells.get("organization") or "").strip() for r in classes_sheet.rows}
    register = Register(codes, user, (Action.IMPORT, Action.CLASS_MANAGE), with_members=False)
    writable = [o for o in register.orgs.values() if o.pk in register.writable]
    recorded = set()
    if writable:
        for org_id, level, name, starts in TrainingClass.objects.filter(organization__in=writable).values_list(
            "organization_id", "kind", "name", "starts_on"
        ):
            recorded.add((org_id, level, fold(name), starts))
    cols = {c.key: c for c in CLASS_COLUMNS}
    by_ref: dict[str, int] = {}
    ref_rows: dict[str, int] = {}
    title = classes_sheet.title
    for row in classes_sheet.rows:
        values, bad = checker.values(classes_sheet, row)
        n = row.number

        def fail(key, reason, n=n, row=row):
            report.error(title, n, cols[key], row.cells.get(key), reason)

        ref = fold(values.get("ref", ""))
        if ref and ref in ref_rows:
            fail("ref", _("This class number is already on row %(row)s of this file.") % {"row": ref_rows[ref]})
            bad = True
        elif ref:
            ref_rows[ref] = n
        code, starts, ends = values.get("organization", ""), values.get("starts_on"), values.get("ends_on")
        org = register.orgs.get(code)
        if code and (org is None or org.pk not in register.writable):
            fail("organization", _("No organization with this code in the part of the tree where you may record this."))
            bad = True
        elif org is not None and starts and register.version_on(org, starts) is None:
            fail(
                "organization", _("%(org)s did not exist on %(date)s.") % {"org": org.name, "date": format_date(starts)}
            )
            bad = True
        if starts and ends and ends < starts:
            fail("ends_on", _("The class ends before it starts."))
            bad = True
        if not bad and (org.pk, values["level"], fold(values["name"]), starts) in recorded:
            fail("name", _("This class is already recorded."))
            bad = True
        if bad:
            continue
        recorded.add((org.pk, values["level"], fold(values["name"]), starts))
        by_ref[ref] = len(plan.classes)
        plan.classes.append(
            TrainingClass(
                organization=org,
                kind=values["level"],
                mode=values.get("mode") or Mode.IN_SERVICE,
                organizer_kind=values.get("organizer_kind") or Organizer.OWN,
                name=values["name"],
                organizer=values.get("organizer", ""),
                place=values.get("place", ""),
                starts_on=starts,
                ends_on=ends,
            )
        )
        plan.show([values["ref"], org.code, ClassKind(values["level"]).label, values["name"], starts, ends])
    progress.advance(len(classes_sheet.rows))
    if students_sheet is not None:
        _students(plan, checker, students_sheet, by_ref, ref_rows)
        progress.advance(len(students_sheet.rows))
    if plan.ok:
        _plan_grants(plan)
    if not plan.ok:
        plan.classes, plan.students, plan.promoted, plan.grants = [], [], {}, []
        return plan
    plan.summary = {_("Classes"): len(plan.classes), _("Students"): len(plan.students)}
    if plan.promoted:
        plan.summary[_("Candidates moving on to “class passed”")] = len(plan.promoted)
    if plan.grants:
        plan.summary[_("Qualifications given by the certificates")] = len(plan.grants)
    plan.set_preview(
        [_("Class number"), _("Code"), _("Kind of class"), _("Name"), _("Starts on"), _("Ends on")], plan.shown
    )
    return plan


class People:
    """Candidates, members and cadres under the file's committees, by the keys they answer to."""

    def __init__(self, classes: list[TrainingClass], keys: set[str], cadre_ids: set[int], cadre_units: set[str]):
        roots = {c.organization.path for c in classes}
        under = Q(pk__in=[])
        for root in roots:
            under |= Q(organization__path__startswith=root)
        self.candidates: dict[str, list[Candidate]] = defaultdict(list)
        self.members: dict[str, int] = {}
        self.spells: dict[int, list[tuple[MembershipSpell, str]]] = defaultdict(list)
        self.names: dict[int, str] = {}
        self.cadres: dict[int, Cadre] = {}
        self.cadres_by_name: dict[tuple[str, str], list[Cadre]] = defaultdict(list)
        self.units: dict[int, int | None] = {}  # member id -> the member's organization
        if not roots:
            return
        for cadre in (
            Cadre.objects.filter(under)
            .filter(Q(pk__in=sorted(cadre_ids)) | Q(organization__code__in=sorted(cadre_units)))
            .select_related("organization")
        ):
            self.cadres[cadre.pk] = cadre
            self.cadres_by_name[(cadre.organization.code, fold(cadre.full_name))].append(cadre)
        member_of_cadre = {c.member_id for c in self.cadres.values() if c.member_id}
        if not keys and not member_of_cadre:
            return
        cids = sorted(k for k in keys if len(k) == 12 and k.isdigit())
        for candidate in Candidate.objects.filter(under, citizen_id__in=cids).select_related("organization"):
            self.candidates[candidate.citizen_id].append(candidate)
        spells = MembershipSpell.objects.filter(under).filter(
            Q(member__citizen_id__in=sorted(keys))
            | Q(member__party_card_number__in=sorted(keys))
            | Q(member_id__in=sorted(member_of_cadre))
        )
        member_ids = set()
        for spell, path in ((s, s.organization.path) for s in spells.select_related("organization")):
            self.spells[spell.member_id].append((spell, path))
            member_ids.add(spell.member_id)
        for pk, name, cid, card, unit in Member.objects.filter(pk__in=member_ids).values_list(
            "pk", "full_name", "citizen_id", "party_card_number", "organization_id"
        ):
            self.names[pk] = name
            self.units[pk] = unit
            if cid:
                self.members[cid] = pk
            if card:
                self.members.setdefault(card, pk)

    def _spells_during(self, member_id: int, training_class: TrainingClass):
        root = training_class.organization.path
        for spell, path in self.spells.get(member_id, ()):
            overlaps = spell.valid_from <= training_class.ends_on and (
                spell.valid_to is None or spell.valid_to > training_class.starts_on
            )
            if overlaps and not spell.attached and _under(path, root):
                yield spell

    def probationary_during(self, member_id: int, training_class: TrainingClass) -> bool:
        return any(s.status == SpellStatus.PROBATIONARY for s in self._spells_during(member_id, training_class))

    def member_during(self, member_id: int, training_class: TrainingClass) -> bool:
        return any(True for _s in self._spells_during(member_id, training_class))


def _read(checker: SheetChecker, column: Column, raw):
    try:
        return checker._typed(column, raw)
    except CellError:  # an unreadable cell is reported with its row below
        return None


def _students(plan: Plan, checker: SheetChecker, sheet, by_ref: dict[str, int], ref_rows: dict[str, int]) -> None:
    report = checker.report
    cols = {c.key: c for c in STUDENT_COLUMNS}
    keys: set[str] = set()
    cadre_ids: set[int] = set()
    cadre_units: set[str] = set()
    for row in sheet.rows:
        keys.update(_read(checker, cols["person"], row.cells.get("person")) or ())
        cadre = _read(checker, cols["cadre"], row.cells.get("cadre")) or ""
        if cadre.isdigit():
            cadre_ids.add(int(cadre))
        elif cadre:
            cadre_units.add(_read(checker, cols["cadre_unit"], row.cells.get("cadre_unit")) or "")
    people = People(plan.classes, keys, cadre_ids, cadre_units)
    plan.units = people.units
    seen: dict[tuple[int, str, int], int] = {}
    title = sheet.title
    for row in sheet.rows:
        values, bad = checker.values(sheet, row)
        n = row.number

        def fail(key, reason, n=n, row=row):
            report.error(title, n, cols[key], row.cells.get(key), reason)

        result, certified = values.get("result"), values.get("certificate_date")
        if result == Result.PASSED and "certificate_date" in values and certified is None:
            fail("certificate_date", _("A passed student needs the certificate date."))
            bad = True
        if result and result != Result.PASSED and (certified or values.get("certificate_number")):
            fail("result", _("A certificate is issued only to a student who passed."))
            bad = True
        if certified and certified > checker.today:
            fail("certificate_date", _("%(date)s is in the future.") % {"date": format_date(certified)})
            bad = True
        decided = values.get("decision_date")
        if decided and decided > checker.today:
            fail("decision_date", _("%(date)s is in the future.") % {"date": format_date(decided)})
            bad = True
        person_keys, cadre_text = values.get("person") or [], values.get("cadre", "")
        if not bad and not person_keys and not cadre_text:
            fail("person", _("Give the student's citizen ID or party card number, or the cadre who is not a member."))
            bad = True
        elif person_keys and cadre_text:
            fail("cadre", _("Give either a citizen ID or party card number, or a cadre who is not a member: not both."))
            bad = True
        elif cadre_text and not cadre_text.isdigit() and not values.get("cadre_unit"):
            fail("cadre_unit", _("A cadre named by full name needs the code of the cadre's unit."))
            bad = True
        ref = fold(values.get("ref", ""))
        index = by_ref.get(ref)
        if ref and index is None:
            if ref in ref_rows:
                fail(
                    "ref",
                    _("Class number %(ref)s is on row %(row)s of the sheet “%(sheet)s”, which has an error.")
                    % {"ref": values["ref"], "row": ref_rows[ref], "sheet": SHEET_CLASSES},
                )
            else:
                fail("ref", _("No class with this number on the sheet “%(sheet)s”.") % {"sheet": SHEET_CLASSES})
            continue
        if bad or index is None:
            continue
        training_class = plan.classes[index]
        org = training_class.organization
        if certified and rules.certificate_too_early(certified, training_class.starts_on):
            fail(
                "certificate_date",
                _("The certificate date %(date)s is before the class started.") % {"date": format_date(certified)},
            )
            continue
        decision = {k: values.get(k) or ("" if k != "decision_date" else None) for k in DECISION_KEYS}
        if not training_class.is_outside and any(decision.values()):
            key = next(k for k in DECISION_KEYS if decision[k])
            fail(key, _("A sending decision is recorded only for a class at an outside school."))
            continue
        candidate = None
        if training_class.kind == ClassKind.AWARENESS:
            if cadre_text:
                fail("cadre", _("An awareness class takes candidates only: give the candidate's citizen ID."))
                continue
            found = [
                c for k in person_keys for c in people.candidates.get(k, ()) if _under(c.organization.path, org.path)
            ]
            open_ones = [c for c in found if c.is_open] or found
            if not found:
                fail(
                    "person",
                    _("No candidate with this citizen ID in a cell under %(org)s, which runs this class.")
                    % {"org": org.name},
                )
                continue
            if len(open_ones) > 1:
                fail(
                    "person",
                    _("Several candidates under %(org)s have this citizen ID: enrol them one at a time.")
                    % {"org": org.name},
                )
                continue
            candidate = open_ones[0]
            key = (index, "candidate", candidate.pk)
            student = ClassStudent(candidate=candidate, result=result, **decision)
        else:
            member_id = next((people.members[k] for k in person_keys if k in people.members), None)
            cadre_id = None
            if cadre_text:
                if cadre_text.isdigit():
                    cadre = people.cadres.get(int(cadre_text))
                    matches = [cadre] if cadre is not None else []
                else:
                    matches = people.cadres_by_name.get((values["cadre_unit"], fold(cadre_text)), [])
                if not matches:
                    fail(
                        "cadre",
                        _("No cadre with this number, or this name in this unit, under %(org)s.") % {"org": org.name},
                    )
                    continue
                if len(matches) > 1:
                    fail(
                        "cadre",
                        _("Several cadres of this unit have this name: give the cadre's number instead."),
                    )
                    continue
                cadre = matches[0]
                if cadre.member_id:
                    member_id = cadre.member_id
                    people.names.setdefault(member_id, cadre.full_name)
                else:
                    cadre_id = cadre.pk
            if cadre_id is not None:
                if training_class.kind == ClassKind.NEW_MEMBERS:
                    fail("cadre", _("A new members' class takes party members only."))
                    continue
                key = (index, "cadre", cadre_id)
                student = ClassStudent(cadre_id=cadre_id, result=result, **decision)
            else:
                if member_id is None:
                    fail(
                        "person",
                        _("No member with this citizen ID or party card number under %(org)s, which runs this class.")
                        % {"org": org.name},
                    )
                    continue
                column = "cadre" if cadre_text else "person"
                span = {
                    "name": people.names[member_id],
                    "org": org.name,
                    "start": format_date(training_class.starts_on),
                    "end": format_date(training_class.ends_on),
                }
                if training_class.kind == ClassKind.NEW_MEMBERS:
                    if not people.probationary_during(member_id, training_class):
                        fail(
                            column,
                            _(
                                "%(name)s was not a probationary member under %(org)s while the class ran "
                                "(%(start)s – %(end)s)."
                            )
                            % span,
                        )
                        continue
                elif not people.member_during(member_id, training_class):
                    fail(
                        column,
                        _("%(name)s was not a member under %(org)s while the class ran (%(start)s – %(end)s).") % span,
                    )
                    continue
                key = (index, "member", member_id)
                student = ClassStudent(member_id=member_id, result=result, **decision)
        if key in seen:
            column = "cadre" if cadre_text else "person"
            fail(column, _("This person is already in this class (row %(row)s).") % {"row": seen[key]})
            continue
        seen[key] = n
        if result == Result.PASSED:
            student.certificate_number = values.get("certificate_number", "")
            student.certificate_date = certified
            if candidate is not None and candidate.stage == Stage.PIPELINE:
                plan.promoted[candidate.pk] = candidate
        plan.students.append((index, student))


def _plan_grants(plan: Plan) -> None:
    """The qualification facts the passes give, as `class_record_result` writes them one by one:
    the level the class grants, from the certificate date, unless the person then held as much
    (earlier certificates of the same file count)."""
    passes = []
    for position, (index, student) in enumerate(plan.students):
        granted = rules.grant(plan.classes[index].kind)
        if granted and student.result == Result.PASSED and (student.member_id or student.cadre_id):
            passes.append((student.certificate_date, position, student, granted))
    if not passes:
        return
    member_ids = sorted({s.member_id for *_x, s, _g in passes if s.member_id})
    cadre_ids = sorted({s.cadre_id for *_x, s, _g in passes if s.cadre_id})
    facts: dict[tuple[str, int, str], list[tuple[date | None, int, str]]] = defaultdict(list)
    fields = sorted({g[0] for *_x, g in passes})
    for attr, ids in (("member_id", member_ids), ("cadre_id", cadre_ids)):
        for chunk in chunks(ids):
            rows = Qualification.objects.filter(**{f"{attr}__in": chunk}, field__in=fields).values_list(
                attr, "field", "since", "id", "value"
            )
            for pk, field_name, since, fact_id, value in rows:
                facts[(attr, pk, field_name)].append((since, fact_id, value))
    passes.sort(key=lambda p: (p[0], p[1]))
    for certified, position, student, (field_name, value) in passes:
        person = ("member_id", student.member_id) if student.member_id else ("cadre_id", student.cadre_id)
        history = facts[(*person, field_name)]
        if rules.raises(field_name, rules.value_on(history, certified), value):
            history.append((certified, NEW_FACT + position, value))
            plan.grants.append((position, field_name, value))


@transaction.atomic
def write_classes(plan: Plan, *, actor) -> int:
    """Write a checked plan: classes, students, candidates moved on by their pass, the
    qualifications the certificates give (and the members' profile caches); all audited."""
    if not plan.ok:
        raise ValueError("A plan with errors is never written.")
    now = timezone.now()
    for training_class in plan.classes:
        training_class.created_at = training_class.updated_at = now
    TrainingClass.objects.bulk_create(plan.classes, batch_size=BATCH)
    students = []
    for index, student in plan.students:
        student.training_class = plan.classes[index]
        student.created_at = student.updated_at = now
        students.append(student)
    ClassStudent.objects.bulk_create(students, batch_size=BATCH)
    audit_bulk_create(actor=actor, objs=plan.classes, service=SERVICE)
    audit_bulk_create(actor=actor, objs=students, service=SERVICE, subject_attr="training_class")
    if plan.promoted:
        candidates = list(
            Candidate.objects.select_for_update().filter(pk__in=list(plan.promoted), stage=Stage.PIPELINE)
        )
        before = {c.pk: snapshot(c) for c in candidates}
        for candidate in candidates:
            candidate.stage = Stage.CLASS_PASSED
            candidate.updated_at = now
        Candidate.objects.bulk_update(candidates, ["stage", "updated_at"], batch_size=BATCH)
        audit_bulk_update(actor=actor, objs=candidates, before=before, service=SERVICE)
    if plan.grants:
        _write_grants(plan, students, actor=actor, now=now)
    return len(plan.classes)


def _write_grants(plan: Plan, students: list[ClassStudent], *, actor, now) -> None:
    user = actor if getattr(actor, "pk", None) else None
    cadre_units = dict(
        Cadre.objects.filter(
            pk__in={students[p].cadre_id for p, _f, _v in plan.grants if students[p].cadre_id}
        ).values_list("pk", "organization_id")
    )
    facts = []
    for position, field_name, value in plan.grants:
        student = students[position]
        facts.append(
            Qualification(
                member_id=student.member_id,
                cadre_id=student.cadre_id,
                organization_id=plan.units.get(student.member_id)
                if student.member_id
                else cadre_units.get(student.cadre_id),
                field=field_name,
                value=value,
                since=student.certificate_date,
                source=student,
                recorded_by=user,
                created_at=now,
                updated_at=now,
            )
        )
    Qualification.objects.bulk_create(facts, batch_size=BATCH)
    audit_bulk_create(actor=actor, objs=facts, service=SERVICE, subject_attr="member")
    # The profile keeps the value current today as a cache (`services._refresh_profile`).
    touched = sorted({(f.member_id, f.field) for f in facts if f.member_id})
    if not touched:
        return
    today = _today()
    current: dict[tuple[int, str], list] = defaultdict(list)
    for chunk in chunks(sorted({m for m, _f in touched})):
        for member_id, field_name, since, fact_id, value in Qualification.objects.filter(
            member_id__in=chunk, field__in={f for _m, f in touched}
        ).values_list("member_id", "field", "since", "id", "value"):
            current[(member_id, field_name)].append((since, fact_id, value))
    members = Member.objects.in_bulk(sorted({m for m, _f in touched}))
    changed: dict[int, Member] = {}
    before = {}
    for member_id, field_name in touched:
        value = rules.value_on(current[(member_id, field_name)], today)
        member = members[member_id]
        if value is not None and getattr(member, field_name) != value:
            before.setdefault(member_id, snapshot(member))
            setattr(member, field_name, value)
            member.updated_at = now
            changed[member_id] = member
    if changed:
        Member.objects.bulk_update(
            list(changed.values()), [*sorted({f for _m, f in touched}), "updated_at"], batch_size=BATCH
        )
        audit_bulk_update(actor=actor, objs=list(changed.values()), before=before, service=SERVICE)


class ClassesImporter(Importer):
    # The kind keeps the name its first jobs were stored under (admission's two kinds came first).
    kind = "admission_classes"
    label = gettext_lazy("Classes of every kind with their students")
    template_name = "mau-nhap-lop-boi-duong.xlsx"
    order = 40

    def template(self, user) -> bytes:
        return classes_template(user)

    def count_rows(self, wb, *, up_to=None) -> int:
        return count_sheets_rows(wb, (SHEET_CLASSES, SHEET_STUDENTS), up_to=up_to)

    def validate(self, wb, *, user, progress) -> Plan:
        return validate_classes(wb, user=user, progress=progress)

    def write(self, plan: Plan, *, actor) -> WriteResult:
        return WriteResult(created=write_classes(plan, actor=actor), updated=len(plan.promoted))


register(ClassesImporter())
