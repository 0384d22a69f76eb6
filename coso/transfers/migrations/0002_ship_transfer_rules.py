"""Data: the presentation limits of referrals of party activity, each citing its regulation.

"Within 30 working days from the date of the referral the member must present it to the cell
committee of the receiving organization; beyond that limit the member or organization at fault
reports the reason to the competent committee" — QĐ 24-QĐ/TW (30/7/2021) point 6.3.1 with HD
01-HD/TW (28/9/2021), repeated by QĐ 294-QĐ/TW (26/5/2025) point 6.3.1, as quoted by the legal
press. The 2016 value (QĐ 29-QĐ/TW and HD 09-HD/BTCTW of 05/6/2017, quoted as "within 30 days
from the referral") and the 2011 one could not be checked against the text: they repeat 30
working days and are marked configurable. Administrators correct or add rows in the admin.
"""

from datetime import date

from django.db import migrations

RULES = [
    (
        date(2011, 11, 1),
        "QĐ 45-QĐ/TW (01/11/2011) thi hành Điều lệ Đảng; HD 01-HD/TW (05/01/2012)",
        30,
        "Value not checked against the text (configurable).",
    ),
    (
        date(2016, 7, 25),
        "QĐ 29-QĐ/TW (25/7/2016) điểm 6.3; HD 09-HD/BTCTW (05/6/2017)",
        30,
        'Quoted as "trong vòng 30 ngày kể từ ngày giới thiệu"; counted here in working days (configurable).',
    ),
    (
        date(2021, 7, 30),
        "QĐ 24-QĐ/TW (30/7/2021) điểm 6.3.1; HD 01-HD/TW (28/9/2021)",
        30,
        "",
    ),
    (
        date(2025, 5, 26),
        "QĐ 294-QĐ/TW (26/5/2025) điểm 6.3.1",
        30,
        "",
    ),
]


def forward(apps, schema_editor):
    TransferRule = apps.get_model("transfers", "TransferRule")
    for effective_from, regulation, days, note in RULES:
        TransferRule.objects.get_or_create(
            effective_from=effective_from,
            defaults={"regulation": regulation, "present_within_days": days, "working_days": True, "note": note},
        )


def backward(apps, schema_editor):
    TransferRule = apps.get_model("transfers", "TransferRule")
    TransferRule.objects.filter(effective_from__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("transfers", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
