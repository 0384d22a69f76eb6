"""Importing admission classes (awareness classes, new members' classes) with their students and results.

A committee keeps its class lists in spreadsheets: one row per class, one row per student. The
check applies what `admission.services` applies to one class at a time (`class_create`,
`class_enrol`, `class_record_result`), for the whole file at once and in a fixed number of
queries, then the write is a few `bulk_create`s in one transaction, audited in bulk:

- the organizing committee is inside the uploader's scope for managing classes
  (`Action.CLASS_MANAGE`, and `Action.IMPORT`) and existed when the class started; the class ends
  on or after its start and is not already recorded (same committee, level, name and start);
- an awareness class takes candidates (found by citizen ID among the candidates of cells under the
  committee, as `class_enrol` finds them); a new members' class takes members who were
  probationary while it ran, in an organization under the committee (their membership spells);
- a result is one of the model's choices; a pass carries its certificate date, not before the
  class started and not in the future; a certificate without a pass is refused; an awareness pass
  moves a candidate still in the pipeline on to "class passed", as `class_record_result` does.

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
from coso.common.text import fold, format_date
from coso.imports.columns import CODE, DATE, DATE_NOTE, KEY, ORG, Column
from coso.imports.parsing import CellError
from coso.imports.register import Register
from coso.imports.registry import Importer, WriteResult, register
from coso.imports.sheets import SheetChecker, SheetsPlan, count_sheets_rows
from coso.imports.validation import Progress
from coso.imports.workbooks import sheets_template
from coso.members.choices import SpellStatus
from coso.members.models import Member, MembershipSpell
from coso.training.models import ClassKind, ClassStudent, Result, TrainingClass

BATCH = 2000
SERVICE = "import_classes"
SHEET_CLASSES = pgettext_lazy("import", "Classes")
SHEET_STUDENTS = pgettext_lazy("import", "Students")
REF_NOTE = pgettext_lazy("import", "Any number or code you choose, the same on the Students sheet.")

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
    Column("organization", pgettext_lazy("import", "Organizing committee code"), ORG, True, example="C01", width=16),
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
    Column("organizer", pgettext_lazy("import", "Held by"), max_length=200, width=24),
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
        True,
        example="001090012345",
        width=18,
        note=pgettext_lazy(
            "import", "A candidate's citizen ID (awareness class); a member's citizen ID or party card number."
        ),
    ),
    Column("result", pgettext_lazy("import", "Result"), CODE, True, tuple(Result.choices), example="passed", width=14),
    Column("certificate_number", pgettext_lazy("import", "Certificate number"), max_length=60, width=16),
    Column(
        "certificate_date",
        pgettext_lazy("import", "Certificate date"),
        DATE,
        example=date(2016, 3, 11),
        note=pgettext_lazy("import", "Required for a pass."),
    ),
]


@dataclass
class Plan(SheetsPlan):
    classes: list[TrainingClass] = field(default_factory=list)
    students: list[tuple[int, ClassStudent]] = field(default_factory=list)  # (class index, student)
    promoted: dict[int, Candidate] = field(default_factory=dict)  # candidates moved on to "class passed"

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
                name=values["name"],
                organizer=values.get("organizer", ""),
                starts_on=starts,
                ends_on=ends,
            )
        )
        plan.show([values["ref"], org.code, ClassKind(values["level"]).label, values["name"], starts, ends])
    progress.advance(len(classes_sheet.rows))
    if students_sheet is not None:
        _students(plan, checker, students_sheet, by_ref, ref_rows)
        progress.advance(len(students_sheet.rows))
    if not plan.ok:
        plan.classes, plan.students, plan.promoted = [], [], {}
        return plan
    plan.summary = {_("Classes"): len(plan.classes), _("Students"): len(plan.students)}
    if plan.promoted:
        plan.summary[_("Candidates moving on to “class passed”")] = len(plan.promoted)
    plan.set_preview(
        [_("Class number"), _("Code"), _("Kind of class"), _("Name"), _("Starts on"), _("Ends on")], plan.shown
    )
    return plan


class People:
    """Candidates and probationary members under the file's committees, by the keys they answer to."""

    def __init__(self, classes: list[TrainingClass], keys: set[str]):
        roots = {c.organization.path for c in classes}
        under = Q(pk__in=[])
        for root in roots:
            under |= Q(organization__path__startswith=root)
        self.candidates: dict[str, list[Candidate]] = defaultdict(list)
        self.members: dict[str, int] = {}
        self.spells: dict[int, list[tuple[MembershipSpell, str]]] = defaultdict(list)
        self.names: dict[int, str] = {}
        if not roots or not keys:
            return
        cids = sorted(k for k in keys if len(k) == 12 and k.isdigit())
        for candidate in Candidate.objects.filter(under, citizen_id__in=cids).select_related("organization"):
            self.candidates[candidate.citizen_id].append(candidate)
        spells = MembershipSpell.objects.filter(under).filter(
            Q(member__citizen_id__in=sorted(keys)) | Q(member__party_card_number__in=sorted(keys))
        )
        member_ids = set()
        for spell, path in ((s, s.organization.path) for s in spells.select_related("organization")):
            self.spells[spell.member_id].append((spell, path))
            member_ids.add(spell.member_id)
        for pk, name, cid, card in Member.objects.filter(pk__in=member_ids).values_list(
            "pk", "full_name", "citizen_id", "party_card_number"
        ):
            self.names[pk] = name
            if cid:
                self.members[cid] = pk
            if card:
                self.members.setdefault(card, pk)

    def probationary_during(self, member_id: int, training_class: TrainingClass) -> bool:
        root = training_class.organization.path
        for spell, path in self.spells.get(member_id, ()):
            overlaps = spell.valid_from <= training_class.ends_on and (
                spell.valid_to is None or spell.valid_to > training_class.starts_on
            )
            if overlaps and spell.status == SpellStatus.PROBATIONARY and not spell.attached and _under(path, root):
                return True
        return False


def _students(plan: Plan, checker: SheetChecker, sheet, by_ref: dict[str, int], ref_rows: dict[str, int]) -> None:
    report = checker.report
    cols = {c.key: c for c in STUDENT_COLUMNS}
    keys = set()
    for row in sheet.rows:
        try:
            keys.update(checker._typed(cols["person"], row.cells.get("person")))
        except CellError:  # an unreadable key is reported with its row below
            continue
    people = People(plan.classes, keys)
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
        if certified and certified < training_class.starts_on:
            fail(
                "certificate_date",
                _("The certificate date %(date)s is before the class started.") % {"date": format_date(certified)},
            )
            continue
        person_keys = values["person"]
        if training_class.kind == ClassKind.AWARENESS:
            found = [
                c
                for k in person_keys
                for c in people.candidates.get(k, ())
                if _under(c.organization.path, training_class.organization.path)
            ]
            open_ones = [c for c in found if c.is_open] or found
            if not found:
                fail(
                    "person",
                    _("No candidate with this citizen ID in a cell under %(org)s, which runs this class.")
                    % {"org": training_class.organization.name},
                )
                continue
            if len(open_ones) > 1:
                fail(
                    "person",
                    _("Several candidates under %(org)s have this citizen ID: enrol them one at a time.")
                    % {"org": training_class.organization.name},
                )
                continue
            candidate = open_ones[0]
            key = (index, "candidate", candidate.pk)
            student = ClassStudent(candidate=candidate, result=result)
        else:
            member_id = next((people.members[k] for k in person_keys if k in people.members), None)
            if member_id is None:
                fail(
                    "person",
                    _("No member with this citizen ID or party card number under %(org)s, which runs this class.")
                    % {"org": training_class.organization.name},
                )
                continue
            if not people.probationary_during(member_id, training_class):
                fail(
                    "person",
                    _("%(name)s was not a probationary member under %(org)s while the class ran (%(start)s – %(end)s).")
                    % {
                        "name": people.names[member_id],
                        "org": training_class.organization.name,
                        "start": format_date(training_class.starts_on),
                        "end": format_date(training_class.ends_on),
                    },
                )
                continue
            key = (index, "member", member_id)
            student = ClassStudent(member_id=member_id, result=result)
            candidate = None
        if key in seen:
            fail("person", _("This person is already in this class (row %(row)s).") % {"row": seen[key]})
            continue
        seen[key] = n
        if result == Result.PASSED:
            student.certificate_number = values.get("certificate_number", "")
            student.certificate_date = certified
            if candidate is not None and candidate.stage == Stage.PIPELINE:
                plan.promoted[candidate.pk] = candidate
        plan.students.append((index, student))


@transaction.atomic
def write_classes(plan: Plan, *, actor) -> int:
    """Write a checked plan: classes, students, candidates moved on by their pass; all audited."""
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
    return len(plan.classes)


class ClassesImporter(Importer):
    kind = "admission_classes"
    label = gettext_lazy("Admission classes with their students")
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
