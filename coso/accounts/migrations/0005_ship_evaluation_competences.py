"""Data: who may take the steps of goal registration and quality evaluation, each row citing its rule.

QĐ 124-QĐ/TW (04/10/2023) with HD 25-HD/BTCTW, then QĐ 366-QĐ/TW (30/8/2025) with HD 43-HD/BTCTW:

- a party member's rating is proposed by the cell and decided by the grassroots committee (a
  grassroots cell decides its own members'); boards and the committees above decide on their
  subtree (for cells they lead directly);
- an organization's rating is decided by the committee directly above it (the role reaches the
  nodes strictly below its own);
- self-assessments, opinions, proposals and goals are recorded by the cell's and the committees'
  secretaries and the boards on their subtree (the member records their own through their login);
- a campaign is opened and closed, and commendations proposed, by a committee (boards, and the
  secretaries of the province, the upper levels and grassroots committees), not by a cell under a
  committee.

The level deciding members is not confirmed against the texts for every kind of grassroots
organization: those rows say so and are configurable, as the admission rows are.
"""

from datetime import date

from django.db import migrations

B, S = "board", "secretary"
ANY = ""
START = date(1930, 1, 1)
QD = "QĐ 124-QĐ/TW ngày 04/10/2023, HD 25-HD/BTCTW; QĐ 366-QĐ/TW ngày 30/8/2025, HD 43-HD/BTCTW"
DEFAULT = "Cơ Sở: phân quyền mặc định (quy chế làm việc của cấp ủy)"
CONFIGURABLE = "Cấp có thẩm quyền theo những gì xác minh được; có thể cấu hình."
COMMITTEES = ("province", "upper", "grassroots_committee")

ROWS = {
    "goal_register": [(B, ANY, "subtree", DEFAULT, ""), (S, ANY, "subtree", f"{QD} (đăng ký phấn đấu)", "")],
    "evaluation_review": [
        (B, ANY, "subtree", DEFAULT, ""),
        (S, ANY, "subtree", f"{QD} (tự kiểm điểm, lấy ý kiến nhận xét)", ""),
    ],
    "evaluation_propose": [
        (B, ANY, "subtree", DEFAULT, ""),
        (S, ANY, "subtree", f"{QD} (chi bộ đề xuất mức xếp loại đảng viên)", ""),
    ],
    "evaluation_decide_member": [
        (B, ANY, "subtree", f"{QD} (cấp ủy có thẩm quyền quyết định xếp loại đảng viên)", CONFIGURABLE),
        (S, "grassroots_committee", "subtree", f"{QD} (đảng ủy cơ sở quyết định xếp loại đảng viên)", CONFIGURABLE),
        (S, "grassroots_cell", "own", f"{QD} (chi bộ cơ sở quyết định xếp loại đảng viên)", CONFIGURABLE),
        (S, "upper", "subtree", f"{QD} (cấp ủy cấp trên)", CONFIGURABLE),
        (S, "province", "subtree", f"{QD} (cấp ủy cấp trên)", CONFIGURABLE),
    ],
    "evaluation_decide_org": [
        (role, ANY, "below", f"{QD} (cấp ủy cấp trên trực tiếp quyết định xếp loại tổ chức đảng)", CONFIGURABLE)
        for role in (B, S)
    ],
    "evaluation_campaign": [(B, ANY, "subtree", f"{QD} (cấp ủy chỉ đạo kiểm điểm, đánh giá)", "")]
    + [(S, kind, "subtree", f"{QD} (cấp ủy chỉ đạo kiểm điểm, đánh giá)", "") for kind in COMMITTEES],
    "evaluation_commend": [(B, ANY, "subtree", f"{QD} (đề xuất khen thưởng từ kết quả xếp loại)", "")]
    + [(S, kind, "subtree", f"{QD} (đề xuất khen thưởng từ kết quả xếp loại)", "") for kind in COMMITTEES],
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
    dependencies = [("accounts", "0004_alter_competence_action")]

    operations = [migrations.RunPython(ship, unship)]
