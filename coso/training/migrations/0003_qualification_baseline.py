"""Data: every member's education and qualifications become undated facts (issue 10).

Until now the profile kept only the current value. For every member on the register, one
`Qualification` with no date (held before records were kept, so it holds on every date and yields
to any dated fact) per field holding a level other than none, read from the Member columns, which
stay the cache of today's value. Written in batches with bulk_create (50.000 members: four queries
per 5.000). A pair (member, field) that already has an undated fact is left alone. The reverse
deletes the members' undated facts.
"""

from django.db import migrations

BATCH = 5000
FIELDS = ("general_education", "professional_education", "political_theory", "state_management")
#: The codes of each field (coso.training.rules.RANKS, frozen here as a migration must be).
VALUES = {
    "general_education": {"5/12", "7/10", "9/12", "10/10", "12/12"},
    "professional_education": {"elementary", "intermediate", "college", "university", "master", "doctor"},
    "political_theory": {"elementary", "intermediate", "advanced", "bachelor"},
    "state_management": {"specialist", "principal", "senior"},
}


def forward(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    Qualification = apps.get_model("training", "Qualification")
    db = schema_editor.connection.alias
    known = set(
        Qualification.objects.using(db)
        .filter(member__isnull=False, since__isnull=True)
        .values_list("member_id", "field")
    )
    pending = []
    rows = Member.objects.using(db).order_by("pk").values_list("pk", "organization_id", *FIELDS)
    for pk, organization_id, *values in rows.iterator(chunk_size=BATCH):
        for field, value in zip(FIELDS, values, strict=True):
            if value in VALUES[field] and (pk, field) not in known:
                pending.append(
                    Qualification(member_id=pk, organization_id=organization_id, field=field, value=value, since=None)
                )
        if len(pending) >= BATCH:
            Qualification.objects.using(db).bulk_create(pending, batch_size=BATCH)
            pending = []
    Qualification.objects.using(db).bulk_create(pending, batch_size=BATCH)


def backward(apps, schema_editor):
    Qualification = apps.get_model("training", "Qualification")
    db = schema_editor.connection.alias
    Qualification.objects.using(db).filter(member__isnull=False, since__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_move_admission_classes"),
        ("members", "0006_member_version_for_stale_edits"),
    ]

    operations = [migrations.RunPython(forward, backward)]
