"""Data: which role at which level may take each action, dated, each row citing its regulation.

Where a regulation fixes the competent level (admission and recognition, removal and expulsion,
reorganizing the tree) the rows are cut at the regulations' dates: the Statute (2011) with its
guidance until 30/07/2021, QĐ 24-QĐ/TW from 30/07/2021, QĐ 294-QĐ/TW from 26/05/2025. The competent
level has not changed between them as far as could be confirmed, so the three periods repeat the
same rows; the note of each such row says so and marks the value configurable. Other rows are the
product's defaults (the regulations leave them to the committees' working rules) and say so.
Administrators correct rows in the admin (audited), a changed rule being a new row from its date.
"""

from datetime import date

from django.db import migrations

B, S = "board", "secretary"
ANY = ""
UPPER_LEVELS = ("province", "upper")

STATUTE = "Điều lệ Đảng (2011)"
PERIODS = [
    (date(1930, 1, 1), date(2021, 7, 30), f"{STATUTE} và các quy định thi hành trước QĐ 24-QĐ/TW"),
    (date(2021, 7, 30), date(2025, 5, 26), "QĐ 24-QĐ/TW ngày 30/07/2021 thi hành Điều lệ Đảng"),
    (date(2025, 5, 26), None, "QĐ 294-QĐ/TW ngày 26/05/2025 thi hành Điều lệ Đảng"),
]
DEFAULT = "Cơ Sở: phân quyền mặc định (quy chế làm việc của cấp ủy)"
MEETINGS = "HD 12-HD/BTCTW ngày 18/01/2018 về sinh hoạt chi bộ: chi ủy chuẩn bị và tổ chức sinh hoạt"
CONFIGURABLE = "Cấp có thẩm quyền như quy định trước đó theo những gì xác minh được; có thể cấu hình."


def competent_committee(point: str):
    """The committee directly above the grassroots (the upper and provincial levels, on their whole
    subtree), and a grassroots committee authorized to decide, on its cells (configurable)."""
    rows = [(role, kind, "subtree", point, CONFIGURABLE) for role in (B, S) for kind in UPPER_LEVELS]
    rows += [
        (
            role,
            "grassroots_committee",
            "below",
            point,
            "Đảng ủy cơ sở được ủy quyền (ủy quyền do cấp ủy cấp trên quyết định); có thể cấu hình.",
        )
        for role in (B, S)
    ]
    return rows


def above(point: str):
    """Decided by the committee above the organization: a role reaches the nodes strictly below it."""
    return [(role, ANY, "below", point, CONFIGURABLE) for role in (B, S)]


REGULATED = {
    "org_establish": [
        (role, ANY, "subtree", f"{STATUTE}, Điều 11 và 21 (cấp ủy cấp trên quyết định thành lập)", CONFIGURABLE)
        for role in (B, S)
    ],
    "org_rename": above(f"{STATUTE}, Điều 11"),
    "org_move": above(f"{STATUTE}, Điều 11"),
    "org_merge": above(f"{STATUTE}, Điều 11"),
    "org_split": above(f"{STATUTE}, Điều 11"),
    "org_dissolve": above(f"{STATUTE}, Điều 11"),
    "admission_decide": competent_committee(f"{STATUTE}, Điều 4 khoản 3"),
    "member_recognize": competent_committee(f"{STATUTE}, Điều 5"),
    "fact_removal": competent_committee(f"{STATUTE}, Điều 8 và 36"),
}

everywhere = [(B, ANY, "subtree", DEFAULT, ""), (S, ANY, "subtree", DEFAULT, "")]
board_only = [(B, ANY, "subtree", DEFAULT, "")]
UNREGULATED = {
    "unit_edit": [
        (B, ANY, "subtree", DEFAULT, ""),
        (S, "grassroots_committee", "own", DEFAULT, "Thôn, tổ dân phố thuộc đảng bộ xã, phường."),
        (S, "grassroots_cell", "own", DEFAULT, ""),
    ],
    "member_register": everywhere,
    "profile_edit": everywhere,
    "fact_record": everywhere,
    "fact_exemption": [
        (B, ANY, "subtree", DEFAULT, ""),
        (S, ANY, "subtree", f"{STATUTE}, Điều 7 (chi bộ xem xét, quyết định miễn công tác)", ""),
    ],
    "fact_discipline": [
        (B, ANY, "subtree", DEFAULT, ""),
        (
            S,
            ANY,
            "subtree",
            f"{STATUTE}, Điều 36 (chi bộ quyết định khiển trách, cảnh cáo)",
            "Cách chức, khai trừ do cấp trên quyết định; có thể cấu hình.",
        ),
    ],
    "candidate_manage": everywhere,
    "cell_vote_record": [
        (B, ANY, "subtree", DEFAULT, ""),
        (S, ANY, "subtree", f"{STATUTE}, Điều 4 khoản 3 (chi bộ xét, đề nghị kết nạp)", ""),
    ],
    "admission_exception": board_only,
    "class_manage": [(B, ANY, "subtree", DEFAULT, "")]
    + [(S, kind, "subtree", DEFAULT, "") for kind in (*UPPER_LEVELS, "grassroots_committee")],
    "target_set": [
        (role, ANY, "below", DEFAULT, "Chỉ tiêu kết nạp do cấp trên giao cho tổ chức cơ sở đảng.") for role in (B, S)
    ],
    "badge_award": [(B, ANY, "subtree", DEFAULT, "Huy hiệu Đảng do ban thường vụ tỉnh ủy quyết định tặng.")]
    + [(S, kind, "subtree", DEFAULT, "") for kind in UPPER_LEVELS],
    "transfer_issue": everywhere,
    "meeting_plan": [(B, ANY, "subtree", DEFAULT, ""), (S, ANY, "own", MEETINGS, "")],
    "meeting_roll": [(B, ANY, "subtree", DEFAULT, ""), (S, ANY, "own", MEETINGS, "")],
    "meeting_minutes": [(B, ANY, "subtree", DEFAULT, ""), (S, ANY, "own", MEETINGS, "")],
    "meeting_close": [(B, ANY, "subtree", DEFAULT, ""), (S, ANY, "own", MEETINGS, "")],
    "visit_record": [
        (role, ANY, "below", "HD 12-HD/BTCTW ngày 18/01/2018 (cấp ủy cấp trên dự sinh hoạt chi bộ)", "")
        for role in (B, S)
    ],
    "visit_plan": [(B, ANY, "subtree", DEFAULT, ""), (S, ANY, "own", DEFAULT, "")],
    "import": everywhere,
    "export_lists": everywhere,
    "users_manage": board_only,
}


def rows():
    for action, entries in REGULATED.items():
        for valid_from, valid_to, regulation in PERIODS:
            for role, kind, reach, point, note in entries:
                yield {
                    "action": action,
                    "role": role,
                    "holder_kind": kind,
                    "reach": reach,
                    "valid_from": valid_from,
                    "valid_to": valid_to,
                    "regulation": f"{point}; {regulation}",
                    "note": note,
                }
    for action, entries in UNREGULATED.items():
        for role, kind, reach, regulation, note in entries:
            yield {
                "action": action,
                "role": role,
                "holder_kind": kind,
                "reach": reach,
                "valid_from": date(1930, 1, 1),
                "valid_to": None,
                "regulation": regulation,
                "note": note,
            }


def ship(apps, schema_editor):
    Competence = apps.get_model("accounts", "Competence")
    Competence.objects.bulk_create([Competence(**row) for row in rows()])


def unship(apps, schema_editor):
    apps.get_model("accounts", "Competence").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_competence")]

    operations = [migrations.RunPython(ship, unship)]
