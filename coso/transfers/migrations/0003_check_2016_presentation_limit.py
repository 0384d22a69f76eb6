"""Data: the 2016 presentation limit, checked against the text.

QĐ 29-QĐ/TW (25/7/2016) point 6.3.1 c, as quoted by thuvienphapluat.vn: "Trong vòng 30 ngày làm
việc kể từ ngày giới thiệu chuyển đi, đảng viên phải xuất trình giấy giới thiệu sinh hoạt đảng với
chi ủy nơi chuyển đến" — working days, as `0002` counts them; the shorter quote "trong vòng 30
ngày" that `0002`'s note mentions leaves out "làm việc". The unit stays data
(`TransferRule.working_days`): an administrator who finds a text saying calendar days unticks it.
"""

from datetime import date

from django.db import migrations

EFFECTIVE = date(2016, 7, 25)
OLD_NOTE = 'Quoted as "trong vòng 30 ngày kể từ ngày giới thiệu"; counted here in working days (configurable).'
NEW_NOTE = (
    'Point 6.3.1 c as quoted by the legal press: "Trong vòng 30 ngày làm việc kể từ ngày giới thiệu '
    'chuyển đi" — working days. The shorter quote "trong vòng 30 ngày" omits "làm việc".'
)


def forward(apps, schema_editor):
    apps.get_model("transfers", "TransferRule").objects.filter(effective_from=EFFECTIVE, note=OLD_NOTE).update(
        note=NEW_NOTE
    )


def backward(apps, schema_editor):
    apps.get_model("transfers", "TransferRule").objects.filter(effective_from=EFFECTIVE, note=NEW_NOTE).update(
        note=OLD_NOTE
    )


class Migration(migrations.Migration):
    dependencies = [("transfers", "0002_ship_transfer_rules")]
    operations = [migrations.RunPython(forward, backward)]
