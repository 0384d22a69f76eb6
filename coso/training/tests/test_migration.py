"""training/0002 moves admission's classes into the one class model (issue 10): the same ids,
kinds, results and certificates, and the audit history relabelled so each record keeps it."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from coso.admission.tests.factories import make_candidate

BEFORE = [("admission", "0002_candidate_version_for_stale_edits"), ("training", "0001_initial")]
MOVE = ("training", "0002_move_admission_classes")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    applied = MigrationExecutor(connection).loader.applied_migrations
    return executor.loader.project_state([node for node in applied if node in executor.loader.graph.nodes]).apps


@pytest.mark.django_db(transaction=True)
def test_admission_classes_move_with_their_ids_results_and_history(world):
    candidate = make_candidate(org=world.cell, full_name="Đinh Văn Chuyển")
    member = world.member
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        PartyClass = old.get_model("admission", "PartyClass")
        OldStudent = old.get_model("admission", "ClassStudent")
        AuditEntry = old.get_model("audit", "AuditEntry")
        awareness = PartyClass.objects.create(
            id=41, organization_id=world.commune.pk, level="awareness", name="Lớp nhận thức 1/2021",
            organizer="Trung tâm Chính trị huyện", starts_on=date(2021, 3, 1), ends_on=date(2021, 3, 5),
        )  # fmt: skip
        new_members = PartyClass.objects.create(
            id=57, organization_id=world.commune.pk, level="new_members", name="Lớp đảng viên mới 2/2021",
            starts_on=date(2021, 9, 6), ends_on=date(2021, 9, 10),
        )  # fmt: skip
        OldStudent.objects.create(
            id=301, party_class_id=awareness.id, candidate_id=candidate.pk, result="passed",
            certificate_number="GCN-7", certificate_date=date(2021, 3, 6),
        )  # fmt: skip
        OldStudent.objects.create(id=302, party_class_id=new_members.id, member_id=member.pk, result="failed")
        AuditEntry.objects.create(action="create", model="admission.partyclass", object_id="41", service="class_create")
        AuditEntry.objects.create(
            action="update", model="admission.classstudent", object_id="301", service="class_record_result",
            subject_model="admission.classstudent", subject_id="301",
        )  # fmt: skip
        AuditEntry.objects.create(action="create", model="members.member", object_id=str(member.pk), service="x")

        new = _migrate([MOVE])
        TrainingClass = new.get_model("training", "TrainingClass")
        NewStudent = new.get_model("training", "ClassStudent")
        Audit = new.get_model("audit", "AuditEntry")
        classes = {c.id: c for c in TrainingClass.objects.all()}
        assert set(classes) == {41, 57}
        assert (classes[41].kind, classes[41].name, classes[41].organizer, classes[41].organization_id) == (
            "awareness", "Lớp nhận thức 1/2021", "Trung tâm Chính trị huyện", world.commune.pk,
        )  # fmt: skip
        assert (classes[57].kind, classes[57].mode, classes[57].organizer_kind) == ("new_members", "in_service", "own")
        assert (classes[41].starts_on, classes[41].ends_on) == (date(2021, 3, 1), date(2021, 3, 5))
        students = {s.id: s for s in NewStudent.objects.all()}
        assert set(students) == {301, 302}
        assert (students[301].training_class_id, students[301].candidate_id, students[301].result) == (
            41, candidate.pk, "passed",
        )  # fmt: skip
        assert (students[301].certificate_number, students[301].certificate_date) == ("GCN-7", date(2021, 3, 6))
        assert (students[302].training_class_id, students[302].member_id, students[302].result) == (
            57, member.pk, "failed",
        )  # fmt: skip
        labels = set(Audit.objects.values_list("model", "object_id", "subject_model"))
        assert ("training.trainingclass", "41", "") in labels
        assert ("training.classstudent", "301", "training.classstudent") in labels
        assert ("members.member", str(member.pk), "") in labels
        assert not Audit.objects.filter(model__in=["admission.partyclass", "admission.classstudent"]).exists()
    finally:
        _migrate(latest)
    # Back on the latest schema the moved rows are the project's own models.
    from coso.training.models import ClassStudent, TrainingClass

    assert TrainingClass.objects.get(pk=41).students.get().candidate_id == candidate.pk
    assert ClassStudent.objects.get(pk=302).member_id == member.pk
