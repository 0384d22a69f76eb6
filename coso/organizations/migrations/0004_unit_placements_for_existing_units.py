"""Data: every existing residential unit gets an open placement in its current commune."""

from django.db import migrations


def forward(apps, schema_editor):
    ResidentialUnit = apps.get_model("organizations", "ResidentialUnit")
    UnitPlacement = apps.get_model("organizations", "UnitPlacement")
    UnitPlacement.objects.bulk_create(
        [
            UnitPlacement(unit_id=u.pk, commune_id=u.commune_id, valid_from=u.established_on)
            for u in ResidentialUnit.objects.filter(placements__isnull=True)
        ]
    )


def backward(apps, schema_editor):
    apps.get_model("organizations", "UnitPlacement").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0003_unit_placement")]
    operations = [migrations.RunPython(forward, backward)]
