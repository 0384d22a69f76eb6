"""Data: who may keep the records of cadre work, each row citing its rule (issue 10).

- cadres and the posts they hold (elections, appointments, re-appointments): the organization
  boards on their subtree and the secretaries of the committees (province, upper levels,
  grassroots committees) on theirs — QĐ 80-QĐ/TW (18/8/2022) on the management of cadres, each
  committee managing the posts its level decides;
- planning lists: the same, under QĐ 50-QĐ/TW (27/12/2021) on cadre planning;
- rotation and transfer: the boards and the secretaries of the province and the upper levels,
  which decide them under QĐ 65-QĐ/TW (28/01/2022); a grassroots committee does not rotate cadres;
- supervision assignments: the committee assigns its members to follow its organizations (the
  committee's working regulation), so the boards and the committees' secretaries.

Classes of every kind stay under `class_manage` (accounts/0003).
"""

from datetime import date

from django.db import migrations

B, S = "board", "secretary"
ANY = ""
START = date(1930, 1, 1)
QD80 = "QĐ 80-QĐ/TW ngày 18/8/2022 về phân cấp quản lý cán bộ và bổ nhiệm, giới thiệu cán bộ ứng cử"
QD50 = "QĐ 50-QĐ/TW ngày 27/12/2021 về công tác quy hoạch cán bộ"
QD65 = "QĐ 65-QĐ/TW ngày 28/01/2022 về luân chuyển cán bộ"
RULES = "Quy chế làm việc của cấp ủy (phân công cấp ủy viên phụ trách tổ chức đảng)"
COMMITTEES = ("province", "upper", "grassroots_committee")

ROWS = {
    "cadre_manage": [(B, ANY, "subtree", QD80, "")] + [(S, kind, "subtree", QD80, "") for kind in COMMITTEES],
    "cadre_plan": [(B, ANY, "subtree", QD50, "")] + [(S, kind, "subtree", QD50, "") for kind in COMMITTEES],
    "cadre_rotate": [(B, ANY, "subtree", QD65, "")]
    + [(S, kind, "subtree", QD65, "") for kind in ("province", "upper")],
    "supervision_assign": [(B, ANY, "subtree", RULES, "")] + [(S, kind, "subtree", RULES, "") for kind in COMMITTEES],
}


def rows():
    for action, entries in ROWS.items():
        for role, kind, reach, regulation, note in entries:
            yield {
                "action": action,
                "role": role,
                "holder_kind": kind,
                "reach": reach,
                "valid_from": START,
                "valid_to": None,
                "regulation": regulation,
                "note": note,
            }


def ship(apps, schema_editor):
    Competence = apps.get_model("accounts", "Competence")
    Competence.objects.bulk_create([Competence(**row) for row in rows()])


def unship(apps, schema_editor):
    apps.get_model("accounts", "Competence").objects.filter(action__in=list(ROWS)).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_cadre_actions")]

    operations = [migrations.RunPython(ship, unship)]
