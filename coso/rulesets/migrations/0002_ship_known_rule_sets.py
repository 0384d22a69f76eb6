"""Data: the rule sets the system ships, each citing its regulation, and the holiday calendar.

Values marked "(configurable)" in DOMAIN.md could not be confirmed for every regulation; where a
later regulation's value is not known to differ it repeats the earlier one, and the note says so.
Administrators add or correct sets in the admin (a new regulation = a new set from its date).
"""

from datetime import date

from django.db import migrations

ADMISSION_BASE = {
    "min_age_months": 18 * 12,
    "max_age_months": 60 * 12,
    "min_general_education": "9/12",
    "exception_general_education": "5/12",
    "exception_areas": ["mountain", "border", "island", "ethnic_minority", "hardship", "fisherman"],
    "introducer_shared_months": 12,
    "awareness_certificate_valid_months": 60,
    "cell_vote_share": [2, 3],
    "decision_working_days": 60,
    "decision_extension_working_days": 30,
    "ceremony_working_days": 30,
    "probation_months": 12,
    "recognition_vote_working_days": 30,
    "recognition_decision_working_days": 30,
    "readmission_min_months": 36,
    "readmission_max_times": 1,
}
BADGES = {
    "milestones_years": [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90],
    "occasions": ["03/02", "19/05", "02/09", "07/11"],
    "early_months_below": 12,
    "early_months_from": 24,
    "early_threshold_years": 70,
}
MEETINGS = {
    "regular_per_month": 1,
    "thematic_per_quarter": 1,
    "min_minutes": 90,
    "combined_min_minutes": 120,
    "notice_days": 1,
    "removal_absence_months": 3,
}
RULE_SETS = [
    (
        "admission",
        date(2011, 11, 1),
        "QĐ 45-QĐ/TW (01/11/2011) thi hành Điều lệ Đảng; HD 01-HD/TW (05/01/2012)",
        ADMISSION_BASE,
        "Values as in DOMAIN.md; verify the deadlines against the text before judging pre-2021 dossiers.",
    ),
    (
        "admission",
        date(2021, 7, 30),
        "QĐ 24-QĐ/TW (30/7/2021) thi hành Điều lệ Đảng; HD 01-HD/TW (28/9/2021)",
        ADMISSION_BASE,
        "",
    ),
    (
        "admission",
        date(2025, 5, 26),
        "QĐ 294-QĐ/TW (26/5/2025) thi hành Điều lệ Đảng",
        ADMISSION_BASE,
        "Values repeat QĐ 24 where no change is confirmed (configurable).",
    ),
    ("badges", date(2011, 11, 1), "QĐ 45-QĐ/TW (01/11/2011); HD 01-HD/TW (05/01/2012) — Huy hiệu Đảng", BADGES, ""),
    ("badges", date(2021, 7, 30), "QĐ 24-QĐ/TW (30/7/2021); HD 01-HD/TW (28/9/2021) — Huy hiệu Đảng", BADGES, ""),
    (
        "meetings",
        date(2018, 1, 18),
        "HD 12-HD/BTCTW (18/01/2018) về nâng cao chất lượng sinh hoạt chi bộ",
        MEETINGS,
        "",
    ),
]

# Days off on weekdays (and weekend days worked in exchange) from the government's yearly notices.
HOLIDAYS = []
for year in range(2020, 2028):
    HOLIDAYS += [
        (date(year, 1, 1), "Tết Dương lịch", False),
        (date(year, 4, 30), "Ngày Chiến thắng 30/4", False),
        (date(year, 5, 1), "Quốc tế Lao động 1/5", False),
        (date(year, 9, 2), "Quốc khánh 2/9", False),
    ]
LUNAR = {
    2021: ([date(2021, 2, d) for d in (10, 11, 12, 15, 16)], date(2021, 4, 21), [date(2021, 9, 3)]),
    2022: ([date(2022, 1, 31)] + [date(2022, 2, d) for d in (1, 2, 3, 4)], date(2022, 4, 11), [date(2022, 9, 1)]),
    2023: ([date(2023, 1, d) for d in (20, 23, 24, 25, 26)], date(2023, 5, 2), [date(2023, 9, 1), date(2023, 9, 4)]),
    2024: ([date(2024, 2, d) for d in (8, 9, 12, 13, 14)], date(2024, 4, 18), [date(2024, 9, 3)]),
    2025: ([date(2025, 1, d) for d in (27, 28, 29, 30, 31)], date(2025, 4, 7), [date(2025, 9, 1)]),
    2026: ([date(2026, 2, d) for d in (16, 17, 18, 19, 20)], date(2026, 4, 27), [date(2026, 9, 1)]),
}
for tet, hung_kings, national_day_extra in LUNAR.values():
    HOLIDAYS += [(d, "Tết Nguyên đán", False) for d in tet]
    HOLIDAYS.append((hung_kings, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", False))
    HOLIDAYS += [(d, "Nghỉ Quốc khánh", False) for d in national_day_extra]
HOLIDAYS += [
    (date(2024, 4, 29), "Nghỉ bù dịp 30/4", False),
    (date(2024, 5, 4), "Làm bù cho ngày 29/4", True),
    (date(2025, 5, 2), "Nghỉ bù dịp 30/4", False),
    (date(2025, 4, 26), "Làm bù cho ngày 2/5", True),
    (date(2023, 5, 3), "Nghỉ bù Giỗ Tổ", False),
]


def forward(apps, schema_editor):
    RuleSet = apps.get_model("rulesets", "RuleSet")
    Holiday = apps.get_model("rulesets", "Holiday")
    for topic, start, regulation, values, note in RULE_SETS:
        RuleSet.objects.get_or_create(
            topic=topic, effective_from=start, defaults={"regulation": regulation, "values": values, "note": note}
        )
    for day, name, worked in HOLIDAYS:
        Holiday.objects.get_or_create(date=day, defaults={"name": name, "is_working_day": worked})


def backward(apps, schema_editor):
    apps.get_model("rulesets", "RuleSet").objects.all().delete()
    apps.get_model("rulesets", "Holiday").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("rulesets", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
