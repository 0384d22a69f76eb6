"""Data: the rule sets of quality evaluation (topic "evaluation"), each citing its regulation.

Values not confirmed against the texts repeat the earlier set and the note says "(configurable)" —
administrators correct them in the admin, as for the admission sets.

Sources (as quoted by the legal press and the committees' pages):
- QĐ 132-QĐ/TW (08/3/2018) về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm đối với tập thể,
  cá nhân trong hệ thống chính trị: a yearly rating at four levels; "excellent" no more than 20% of
  those rated "good"; a member disciplined in the year is rated at most "completed".
- QĐ 124-QĐ/TW (04/10/2023) replacing QĐ 132, with HD 25-HD/BTCTW (25/10/2023): still yearly, four
  levels, "excellent" within 20% of "good" among comparable subjects; the discipline cap kept.
- QĐ 366-QĐ/TW (30/8/2025) replacing QĐ 124, with HD 43-HD/BTCTW (31/10/2025): evaluation also each
  quarter and each term, by a 100-point score — excellent from 90, good from 70 to under 90,
  completed from 50 to under 70, not completed under 50.
- Điều lệ Đảng, Điều 8: a member rated "not completed" two years running is considered for removal.
"""

from datetime import date

from django.db import migrations

EVALUATION_2018 = {
    "periods": ["year"],
    "scored": False,
    "excellent_share_of_good": [1, 5],
    "discipline_max_grade": "completed",
    "exempt_rated": False,
    "failing_years_for_removal": 2,
    "weak_years": 2,
    "commendable_grades": ["excellent"],
}
EVALUATION_2023 = dict(EVALUATION_2018)
EVALUATION_2025 = {
    **EVALUATION_2018,
    "periods": ["year", "quarter", "term"],
    "scored": True,
    "score_bands": {"excellent": 90, "good": 70, "completed": 50},
    "max_score": 100,
}
COMMON_NOTE = (
    "Confirmed: a member disciplined in the year is rated at most “completed”; two years running "
    "“not completed” calls for removal (Điều lệ Đảng, Điều 8). Not confirmed against the text "
    "(configurable): whether members exempted from party work are rated (not rated), the years that "
    "make an organization weak for a long time (2) and the levels proposed for commendation (excellent)."
)
RULE_SETS = [
    (
        date(2018, 3, 8),
        "QĐ 132-QĐ/TW (08/3/2018) về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm",
        EVALUATION_2018,
        "Yearly, four levels, “excellent” at most 20% of “good”. " + COMMON_NOTE,
    ),
    (
        date(2023, 10, 4),
        "QĐ 124-QĐ/TW (04/10/2023) về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm; HD 25-HD/BTCTW (25/10/2023)",
        EVALUATION_2023,
        "Yearly, four levels, “excellent” at most 20% of “good” among comparable subjects. " + COMMON_NOTE,
    ),
    (
        date(2025, 8, 30),
        "QĐ 366-QĐ/TW (30/8/2025) về kiểm điểm, đánh giá, xếp loại chất lượng; HD 43-HD/BTCTW (31/10/2025)",
        EVALUATION_2025,
        "Yearly, quarterly and by term, scored out of 100: excellent ≥ 90, good 70 to < 90, completed 50 "
        "to < 70, not completed < 50. The share of “excellent” (20% of “good”, repeated from QĐ 124) is "
        "not confirmed against the text (configurable). " + COMMON_NOTE,
    ),
]


def forward(apps, schema_editor):
    RuleSet = apps.get_model("rulesets", "RuleSet")
    for start, regulation, values, note in RULE_SETS:
        RuleSet.objects.get_or_create(
            topic="evaluation",
            effective_from=start,
            defaults={"regulation": regulation, "values": values, "note": note},
        )


def backward(apps, schema_editor):
    RuleSet = apps.get_model("rulesets", "RuleSet")
    for start, *_rest in RULE_SETS:
        RuleSet.objects.filter(topic="evaluation", effective_from=start).delete()


class Migration(migrations.Migration):
    dependencies = [("rulesets", "0004_alter_ruleset_topic")]
    operations = [migrations.RunPython(forward, backward)]
