"""Data: admission's classes and their students move into the one class model (issue 10).

Every awareness and new members' class becomes a `TrainingClass` of that kind (held by our committee,
in-service) with the same id, every student a `ClassStudent` with the same id and result; the audit
rows of those records are relabelled to the new model so each record's history follows it. The
PostgreSQL sequences are moved past the copied ids. admission/0003 then drops the old tables.
"""

from django.db import migrations

BATCH = 2000


def move(apps, schema_editor):
    OldClass = apps.get_model("admission", "PartyClass")
    OldStudent = apps.get_model("admission", "ClassStudent")
    NewClass = apps.get_model("training", "TrainingClass")
    NewStudent = apps.get_model("training", "ClassStudent")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    db = schema_editor.connection.alias
    classes = [
        NewClass(
            id=c.id,
            organization_id=c.organization_id,
            kind=c.level,
            mode="in_service",
            organizer_kind="own",
            name=c.name,
            organizer=c.organizer,
            starts_on=c.starts_on,
            ends_on=c.ends_on,
            created_at=c.created_at,
            updated_at=c.updated_at,
        )  # fmt: skip
        for c in OldClass.objects.using(db).order_by("id").iterator(chunk_size=BATCH)
    ]
    NewClass.objects.using(db).bulk_create(classes, batch_size=BATCH)
    students = [
        NewStudent(
            id=s.id,
            training_class_id=s.party_class_id,
            candidate_id=s.candidate_id,
            member_id=s.member_id,
            result=s.result,
            certificate_number=s.certificate_number,
            certificate_date=s.certificate_date,
            created_at=s.created_at,
            updated_at=s.updated_at,
        )  # fmt: skip
        for s in OldStudent.objects.using(db).order_by("id").iterator(chunk_size=BATCH)
    ]
    NewStudent.objects.using(db).bulk_create(students, batch_size=BATCH)
    for old, new in (
        ("admission.partyclass", "training.trainingclass"),
        ("admission.classstudent", "training.classstudent"),
    ):
        AuditEntry.objects.using(db).filter(model=old).update(model=new)
        AuditEntry.objects.using(db).filter(subject_model=old).update(subject_model=new)
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            for table in ("training_trainingclass", "training_classstudent"):
                sql = "SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "
                cursor.execute(sql + schema_editor.quote_name(table), [table])


def move_back(apps, schema_editor):
    OldClass = apps.get_model("admission", "PartyClass")
    OldStudent = apps.get_model("admission", "ClassStudent")
    NewClass = apps.get_model("training", "TrainingClass")
    NewStudent = apps.get_model("training", "ClassStudent")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    db = schema_editor.connection.alias
    kinds = ("awareness", "new_members")
    OldClass.objects.using(db).bulk_create(
        [
            OldClass(
                id=c.id,
                organization_id=c.organization_id,
                level=c.kind,
                name=c.name,
                organizer=c.organizer,
                starts_on=c.starts_on,
                ends_on=c.ends_on,
                created_at=c.created_at,
                updated_at=c.updated_at,
            )  # fmt: skip
            for c in NewClass.objects.using(db).filter(kind__in=kinds)
        ]
    )
    OldStudent.objects.using(db).bulk_create(
        [
            OldStudent(
                id=s.id,
                party_class_id=s.training_class_id,
                candidate_id=s.candidate_id,
                member_id=s.member_id,
                result=s.result,
                certificate_number=s.certificate_number,
                certificate_date=s.certificate_date,
                created_at=s.created_at,
                updated_at=s.updated_at,
            )  # fmt: skip
            for s in NewStudent.objects.using(db).filter(training_class__kind__in=kinds, cadre__isnull=True)
        ]
    )
    for old, new in (
        ("admission.partyclass", "training.trainingclass"),
        ("admission.classstudent", "training.classstudent"),
    ):
        AuditEntry.objects.using(db).filter(model=new).update(model=old)
        AuditEntry.objects.using(db).filter(subject_model=new).update(subject_model=old)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        ("admission", "0002_candidate_version_for_stale_edits"),
        ("audit", "0002_subject"),
    ]

    operations = [migrations.RunPython(move, move_back)]
