"""Importing classes with their students: a good file imports exactly, each bad row is named and
nothing is written, the committee must be in the uploader's scope, students must exist under it.

The test world: commune C01 (under district D01, where `board_user` holds the board role) with
cell C01-01; district D02 is another committee's. Mai is a candidate of C01-01; Hùng was admitted
to C01-01 on 10/01/2019 (probationary during a class of June 2019); Official Ông has been official
since 2011.
"""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from coso.admission.models import Candidate, Stage
from coso.admission.tests.factories import make_candidate, make_official_member
from coso.audit.models import AuditEntry
from coso.imports.columns import header_text
from coso.testing.factories import make_member
from coso.training import importer
from coso.training.models import ClassKind, ClassStudent, Result, TrainingClass

pytestmark = pytest.mark.django_db

MAI, LAN, HUNG, ONG = "001200000001", "001200000002", "001099000003", "001070000004"


def book(classes, students=(), *, as_bytes=False):
    wb = Workbook()
    wb.remove(wb.active)
    for label, columns, rows in (
        (importer.SHEET_CLASSES, importer.CLASS_COLUMNS, classes),
        (importer.SHEET_STUDENTS, importer.STUDENT_COLUMNS, students),
    ):
        ws = wb.create_sheet(str(label))
        ws.append([header_text(c) for c in columns])
        for row in rows:
            ws.append([row.get(c.key) for c in columns])
    buffer = BytesIO()
    wb.save(buffer)
    if as_bytes:
        return buffer.getvalue()
    buffer.seek(0)
    return load_workbook(buffer, read_only=True)


def a_class(ref="L1", level="awareness", org="C01", starts="02/03/2020", ends="06/03/2020", **extra):
    name = extra.pop("name", f"Lớp {ref}")
    return {
        "ref": ref,
        "organization": org,
        "level": level,
        "name": name,
        "starts_on": starts,
        "ends_on": ends,
        **extra,
    }


def student(person, ref="L1", result="passed", **extra):
    values = {"ref": ref, "person": person, "result": result}
    if result == "passed":
        values.update({"certificate_number": "GCN-01", "certificate_date": "06/03/2020"})
    values.update(extra)
    return values


@pytest.fixture
def people(world):
    mai = make_candidate(org=world.cell, full_name="Nguyễn Thị Mai", citizen_id=MAI)
    lan = make_candidate(org=world.cell, full_name="Trần Thị Lan", citizen_id=LAN)
    outside = make_candidate(org=world.other_cell, full_name="Lê Văn Xa", citizen_id="001200000009")
    hung = make_member(org=world.cell, full_name="Phạm Văn Hùng", citizen_id=HUNG, admitted_on=date(2019, 1, 10))
    ong = make_official_member(org=world.cell, full_name="Đỗ Văn Ông", citizen_id=ONG, admitted_on=date(2010, 1, 10))
    return {"world": world, "mai": mai, "lan": lan, "outside": outside, "hung": hung, "ong": ong}


def test_a_good_file_imports_exactly(people):
    w = people["world"]
    classes = [
        a_class(organizer="Trung tâm Chính trị huyện"),
        a_class("L2", "new_members", starts="03/06/2019", ends="07/06/2019", name="Lớp đảng viên mới 2019"),
    ]
    students = [
        student(MAI),
        student(LAN, result="failed"),
        student(int(HUNG), ref="l2", certificate_date="07/06/2019"),
    ]
    plan = importer.validate_classes(book(classes, students), user=w.board_user)
    assert plan.ok, plan.errors
    assert (plan.total_rows, plan.rows_planned) == (5, 5)
    assert plan.summary == {"Lớp bồi dưỡng": 2, "Học viên": 3, "Quần chúng chuyển sang “đã học lớp”": 1}
    assert plan.preview["rows"][1][:4] == ["L2", "C01", "Lớp bồi dưỡng đảng viên mới", "Lớp đảng viên mới 2019"]
    assert TrainingClass.objects.count() == 0  # the check writes nothing

    assert importer.write_classes(plan, actor=w.board_user) == 2
    awareness = TrainingClass.objects.get(kind=ClassKind.AWARENESS)
    assert (awareness.organization, awareness.organizer, awareness.ends_on) == (
        w.commune,
        "Trung tâm Chính trị huyện",
        date(2020, 3, 6),
    )
    results = {(s.person.full_name, s.result, s.certificate_date) for s in ClassStudent.objects.all()}
    assert results == {
        ("Nguyễn Thị Mai", Result.PASSED, date(2020, 3, 6)),
        ("Trần Thị Lan", Result.FAILED, None),
        ("Phạm Văn Hùng", Result.PASSED, date(2019, 6, 7)),
    }
    assert Candidate.objects.get(pk=people["mai"].pk).stage == Stage.CLASS_PASSED  # as class_record_result
    assert Candidate.objects.get(pk=people["lan"].pk).stage == Stage.PIPELINE
    assert AuditEntry.objects.filter(service=importer.SERVICE).count() == 6  # 2 classes, 3 students, 1 stage


def test_the_import_job_dry_runs_then_writes(people, settings, tmp_path):
    from coso.imports.models import JobStatus
    from coso.imports.tests.factories import run_kind

    settings.MEDIA_ROOT = tmp_path
    w = people["world"]
    content = book([a_class()], [student(MAI)], as_bytes=True)
    dry = run_kind(w.board_user, "admission_classes", content, confirmed=False)
    assert dry.status == JobStatus.READY and TrainingClass.objects.count() == 0
    assert dry.summary["Lớp bồi dưỡng"] == 1
    job = run_kind(w.board_user, "admission_classes", content)
    assert (job.status, job.rows_written, job.updated_count) == (JobStatus.SUCCEEDED, 2, 1)
    assert ClassStudent.objects.get().candidate == people["mai"]


@pytest.mark.parametrize(
    ("classes", "students", "where", "needle"),
    [
        ([a_class(org="NOPE")], [], ("Lớp học", 2, "organization"), ""),
        ([a_class(org="C02")], [], ("Lớp học", 2, "organization"), ""),
        ([a_class(starts="02/03/1990", ends="03/03/1990")], [], ("Lớp học", 2, "organization"), "1990"),
        ([a_class(ends="01/03/2020")], [], ("Lớp học", 2, "ends_on"), ""),
        ([a_class(level="evening")], [], ("Lớp học", 2, "level"), ""),
        ([a_class(), a_class()], [], ("Lớp học", 3, "ref"), ""),
        ([a_class(name="")], [], ("Lớp học", 2, "name"), ""),
        ([a_class()], [student(MAI, ref="L9")], ("Học viên", 2, "ref"), ""),
        ([a_class()], [student("001200000099")], ("Học viên", 2, "person"), ""),
        ([a_class()], [student("001200000009")], ("Học viên", 2, "person"), ""),
        ([a_class()], [student(MAI), student(MAI)], ("Học viên", 3, "person"), ""),
        ([a_class()], [student(MAI, result="distinction")], ("Học viên", 2, "result"), ""),
        ([a_class()], [student(MAI, certificate_date=None)], ("Học viên", 2, "certificate_date"), ""),
        ([a_class()], [student(MAI, certificate_date="01/03/2020")], ("Học viên", 2, "certificate_date"), ""),
        ([a_class()], [student(MAI, certificate_date="01/03/2099")], ("Học viên", 2, "certificate_date"), ""),
        ([a_class()], [student(MAI, result="failed", certificate_number="GCN-9")], ("Học viên", 2, "result"), ""),
        ([a_class("L2", "new_members")], [student(ONG, ref="L2")], ("Học viên", 2, "person"), "Đỗ Văn Ông"),
        ([a_class("L2", "new_members")], [student("002090000002", ref="L2")], ("Học viên", 2, "person"), ""),
    ],
    ids=[
        "unknown-committee",
        "committee-out-of-scope",
        "committee-not-yet-established",
        "ends-before-start",
        "unknown-level",
        "class-number-twice",
        "no-name",
        "unknown-class-number",
        "unknown-candidate",
        "candidate-of-another-committee",
        "student-twice",
        "unknown-result",
        "pass-without-certificate-date",
        "certificate-before-class",
        "certificate-in-future",
        "certificate-without-pass",
        "official-member-in-new-members-class",
        "member-of-another-committee",
    ],
)
def test_each_bad_row_is_named_and_nothing_is_written(people, classes, students, where, needle):
    w = people["world"]
    good = a_class("OK", name="Lớp khác")
    plan = importer.validate_classes(book([*classes, good], [*students, student(LAN, ref="OK")]), user=w.board_user)
    assert not plan.ok
    sheet, row, key = where
    columns = {c.key: c for c in (*importer.CLASS_COLUMNS, *importer.STUDENT_COLUMNS)}
    named = [(e["sheet"], e["row"], e["column"]) for e in plan.errors]
    assert (sheet, row, str(columns[key].header)) in named, plan.errors
    assert needle in " ".join(e["reason"] for e in plan.errors)
    assert plan.classes == [] and plan.students == []
    with pytest.raises(ValueError):
        importer.write_classes(plan, actor=None)
    assert TrainingClass.objects.count() == 0 and ClassStudent.objects.count() == 0


def test_an_unknown_person_and_one_of_another_committee_read_alike(people):
    w = people["world"]
    elsewhere = importer.validate_classes(book([a_class()], [student("001200000009")]), user=w.board_user)
    unknown = importer.validate_classes(book([a_class()], [student("001200000099")]), user=w.board_user)
    assert elsewhere.errors[0]["reason"] == unknown.errors[0]["reason"]
    assert "Lê Văn Xa" not in elsewhere.errors[0]["reason"]


def test_a_committee_outside_the_uploaders_scope_is_refused(people):
    """Classes are managed by boards (Action.CLASS_MANAGE): a cell secretary and another district may not."""
    w = people["world"]
    assert importer.validate_classes(book([a_class()]), user=w.board_user).ok
    for user in (w.secretary_user, w.outsider_user):
        plan = importer.validate_classes(book([a_class()]), user=user)
        assert [(e["row"], e["value"]) for e in plan.errors] == [(2, "C01")]


def test_a_class_already_recorded_is_refused(people):
    w = people["world"]
    importer.write_classes(importer.validate_classes(book([a_class()]), user=w.board_user), actor=None)
    plan = importer.validate_classes(book([a_class()]), user=w.board_user)
    assert [(e["row"], e["reason"]) for e in plan.errors] == [(2, "Lớp học này đã được ghi nhận.")]
    assert TrainingClass.objects.count() == 1


def test_the_template_offers_the_committees_in_scope(people):
    w = people["world"]
    wb = load_workbook(BytesIO(importer.classes_template(w.board_user)), read_only=True)
    assert [ws.title for ws in wb.worksheets] == ["Lớp học", "Học viên", "Giá trị hợp lệ"]
    codes = {value for row in wb["Giá trị hợp lệ"].iter_rows(values_only=True) for value in row if value}
    assert {"C01", "D01", "Lớp bồi dưỡng nhận thức về Đảng", "Đạt"} <= codes and "C02" not in codes
    assert not {"awareness", "passed"} & codes  # no English code reaches the template
    plan = importer.validate_classes(wb, user=w.board_user)  # the untouched example rows are skipped
    assert [e["reason"] for e in plan.errors] == ["Trang tính không có dòng dữ liệu nào."]
    assert importer.ClassesImporter().count_rows(wb) == 2


# Every other kind of class: members and cadres who are not members, outside schools, qualifications.


@pytest.fixture
def cadres(people):
    from coso.cadres.services import cadre_create

    w = people["world"]
    chu = cadre_create(full_name="Vi Thị Chủ", organization=w.commune, actor=None)  # a commune official
    ong = cadre_create(full_name="", organization=w.commune, member=people["ong"], actor=None)
    far = cadre_create(full_name="Hà Văn Xa", organization=w.other_commune, actor=None)
    return {**people, "chu": chu, "ong_cadre": ong, "far": far}


def theory(ref="T1", level="theory_elementary", **extra):
    values = {"starts": "01/09/2020", "ends": "30/11/2020", "name": f"Lớp {ref}", **extra}
    return a_class(ref, level, **values)


def passed(ref="T1", on="30/11/2020", **person):
    return {"ref": ref, "result": "passed", "certificate_number": "CC-1", "certificate_date": on, **person}


def test_classes_of_every_kind_import_with_their_qualifications(cadres):
    from coso.training.models import Qualification
    from coso.training.services import qualification_record

    w = cadres["world"]
    ong = cadres["ong"]
    # Ông held intermediate theory before: an elementary certificate gives him nothing.
    qualification_record(member=ong, field="political_theory", value="intermediate", since=None, actor=None)
    classes = [
        theory(mode="full_time", place="Trung tâm Chính trị huyện"),
        theory(
            "T2",
            "theory_advanced",
            organizer_kind="outside",
            organizer="Học viện Chính trị quốc gia Hồ Chí Minh",
            starts="01/03/2021",
            ends="30/12/2021",
        ),
        theory("S1", "sm_specialist", starts="01/06/2022", ends="30/06/2022"),
    ]
    students = [
        passed(person=HUNG),
        passed(cadre="Vi Thị Chủ", cadre_unit="C01"),
        passed(person=ONG),
        passed(
            "T2",
            "30/12/2021",
            person=ONG,
            decision_number="88-QĐ/HU",
            decision_date="15/02/2021",
            decision_issuer="Ban Thường vụ Huyện ủy",
        ),
        passed("S1", "30/06/2022", cadre=str(cadres["chu"].pk)),
        passed("S1", "30/06/2022", cadre=str(cadres["ong_cadre"].pk)),  # a cadre who is a member: the member
        {"ref": "S1", "person": HUNG, "result": "failed"},
    ]
    plan = importer.validate_classes(book(classes, students), user=w.board_user)
    assert plan.ok, plan.errors
    assert plan.summary == {"Lớp bồi dưỡng": 3, "Học viên": 7, "Trình độ được cấp theo chứng chỉ": 5}
    importer.write_classes(plan, actor=w.board_user)

    outside = TrainingClass.objects.get(kind="theory_advanced")
    assert (outside.organizer_kind, outside.mode, outside.organizer) == (
        "outside",
        "in_service",
        "Học viện Chính trị quốc gia Hồ Chí Minh",
    )
    assert TrainingClass.objects.get(name="Lớp T1").mode == "full_time"
    sent = ClassStudent.objects.get(training_class=outside)
    assert (sent.member, sent.decision_number, sent.decision_date) == (ong, "88-QĐ/HU", date(2021, 2, 15))
    facts = {
        (q.member.full_name if q.member else q.cadre.full_name, q.field, q.value, q.since)
        for q in Qualification.objects.exclude(since=None)
    }
    assert facts == {
        ("Phạm Văn Hùng", "political_theory", "elementary", date(2020, 11, 30)),
        ("Vi Thị Chủ", "political_theory", "elementary", date(2020, 11, 30)),
        ("Đỗ Văn Ông", "political_theory", "advanced", date(2021, 12, 30)),
        ("Vi Thị Chủ", "state_management", "specialist", date(2022, 6, 30)),
        ("Đỗ Văn Ông", "state_management", "specialist", date(2022, 6, 30)),
    }
    assert all(q.source.result == Result.PASSED for q in Qualification.objects.exclude(since=None))
    ong.refresh_from_db()
    hung = cadres["hung"]
    hung.refresh_from_db()
    assert (ong.political_theory, ong.state_management, hung.political_theory) == (
        "advanced",
        "specialist",
        "elementary",
    )
    assert AuditEntry.objects.filter(service=importer.SERVICE, model="training.qualification").count() == 5


def test_a_second_certificate_of_the_same_level_in_one_file_gives_nothing_more(cadres):
    from coso.training.models import Qualification

    w = cadres["world"]
    classes = [theory(), theory("T2", starts="01/01/2021", ends="30/01/2021")]
    students = [passed(person=HUNG), passed("T2", "30/01/2021", person=HUNG)]
    plan = importer.validate_classes(book(classes, students), user=w.board_user)
    assert plan.ok, plan.errors
    importer.write_classes(plan, actor=None)
    assert list(Qualification.objects.exclude(since=None).values_list("value", "since")) == [
        ("elementary", date(2020, 11, 30))
    ]


@pytest.mark.parametrize(
    ("classes", "students", "where", "needle"),
    [
        ([theory()], [{"ref": "T1", "result": "enrolled"}], ("Học viên", 2, "person"), ""),
        ([theory()], [passed(person=HUNG, cadre="Vi Thị Chủ", cadre_unit="C01")], ("Học viên", 2, "cadre"), ""),
        ([theory()], [passed(cadre="Vi Thị Chủ")], ("Học viên", 2, "cadre_unit"), ""),
        ([theory()], [passed(cadre="Không Có Ai", cadre_unit="C01")], ("Học viên", 2, "cadre"), ""),
        ([theory()], [passed(cadre="Hà Văn Xa", cadre_unit="C02")], ("Học viên", 2, "cadre"), ""),
        (
            [theory()],
            [passed(cadre="Vi Thị Chủ", cadre_unit="C01"), passed(cadre="vi thị chủ", cadre_unit="C01")],
            ("Học viên", 3, "cadre"),
            "",
        ),  # fmt: skip
        ([theory()], [passed(person=HUNG, on="31/08/2020")], ("Học viên", 2, "certificate_date"), "31/08/2020"),
        ([theory()], [passed(person=HUNG, decision_number="9-QĐ/HU")], ("Học viên", 2, "decision_number"), ""),
        (
            [theory(starts="01/09/2018", ends="30/11/2018")],
            [passed(person=HUNG, on="30/11/2018")],
            ("Học viên", 2, "person"),
            "Phạm Văn Hùng",
        ),  # fmt: skip
        (
            [a_class("L2", "new_members")],
            [student(None, ref="L2", cadre="Vi Thị Chủ", cadre_unit="C01")],
            ("Học viên", 2, "cadre"),
            "",
        ),  # fmt: skip
        ([a_class()], [student(None, cadre="Vi Thị Chủ", cadre_unit="C01")], ("Học viên", 2, "cadre"), ""),
        ([theory(mode="night")], [], ("Lớp học", 2, "mode"), ""),
        ([theory(organizer_kind="abroad")], [], ("Lớp học", 2, "organizer_kind"), ""),
    ],
    ids=[
        "no-person",
        "person-and-cadre",
        "cadre-name-without-unit",
        "unknown-cadre",
        "cadre-of-another-committee",
        "cadre-twice",
        "certificate-before-class",
        "decision-for-own-class",
        "not-a-member-while-the-class-ran",
        "cadre-in-new-members-class",
        "cadre-in-awareness-class",
        "unknown-mode",
        "unknown-organizer",
    ],
)
def test_each_bad_student_of_any_kind_is_named_and_nothing_is_written(cadres, classes, students, where, needle):
    from coso.training.models import Qualification

    w = cadres["world"]
    good = theory("OK", name="Lớp khác")
    plan = importer.validate_classes(book([*classes, good], [*students, passed("OK", person=HUNG)]), user=w.board_user)
    assert not plan.ok
    sheet, row, key = where
    columns = {c.key: c for c in (*importer.CLASS_COLUMNS, *importer.STUDENT_COLUMNS)}
    named = [(e["sheet"], e["row"], e["column"]) for e in plan.errors]
    assert (sheet, row, str(columns[key].header)) in named, plan.errors
    assert needle in " ".join(e["reason"] for e in plan.errors)
    assert all(e["reason"] and not e["reason"].isascii() for e in plan.errors), plan.errors  # Vietnamese
    assert plan.classes == [] and plan.students == [] and plan.grants == []
    with pytest.raises(ValueError):
        importer.write_classes(plan, actor=None)
    assert (
        TrainingClass.objects.count()
        == ClassStudent.objects.count()
        == Qualification.objects.exclude(since=None).count()
        == 0
    )
