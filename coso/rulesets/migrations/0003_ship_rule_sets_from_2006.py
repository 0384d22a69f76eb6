"""Data: the rule sets in force before the ones `0002` shipped, so a board can load its history
back to 2006, and the badge values added since (discipline postponement, posthumous award).

Each set cites its regulation; values not confirmed against the text are repeated from the later
set and the note says so (configurable — administrators correct them in the admin).

Sources (as quoted by the legal press — thuvienphapluat.vn, thuviennhadat.vn and the committees'
pages):
- QĐ 23-QĐ/TW (31/10/2006, in force on signature) thi hành Điều lệ Đảng, point 1: "at the time the
  cell considers admission, the person must be fully 18 years or older (counted in months)";
  admission over 60 is decided by the committee directly under the Central Committee; lower
  secondary education, at least primary in upland, remote and hardship areas.
- HD 03-HD/BTCTW (29/12/2006) point 1.1: "people over 60 (counted in years)" need the written
  approval of the standing committee — so the over-60 limit is 60 full years: 731 months.
- QĐ 29-QĐ/TW (25/7/2016) point 27.3 a on badges: 30 … 90 years; the deceased are awarded
  posthumously; "a member under discipline of warning or above is not yet considered; after 6
  months (warning), 1 year (dismissal)"; a gravely ill member "no more than one year" early.
- HD 01-HD/TW (05/01/2012) point 1.1 repeats "over 60 (counted in years)": the 2011 set's limit
  becomes 731 months too (it had 720, the 2021 rule "fully 60 counted in months").
- HD 01-HD/TW (28/9/2021) point 18.2: a posthumous award up to 12 months early.
- Chỉ thị 10-CT/TW (30/3/2007) of the Secretariat on improving the quality of cell meetings and its
  guidance: a regular meeting every month and a thematic one at least once a quarter.
"""

from datetime import date

from django.db import migrations

ADMISSION_2006 = {
    "min_age_months": 18 * 12,
    "max_age_months": 61 * 12 - 1,
    "min_general_education": "9/12",
    "exception_general_education": "5/12",
    "exception_areas": ["mountain", "hardship"],
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
POSTPONEMENT = {"warning": 6, "dismissal": 12}
BADGES_2006 = {
    "milestones_years": [30, 40, 50, 60, 70, 80],
    "occasions": ["03/02", "19/05", "02/09", "07/11"],
    "early_months_below": 12,
    "early_months_from": 12,
    "early_threshold_years": 70,
    "discipline_postponement_months": {"reprimand": 3, "warning": 6, "dismissal": 12},
    "posthumous_early_months": 0,
}
BADGES_2016 = {
    "milestones_years": [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90],
    "occasions": ["03/02", "19/05", "02/09", "07/11"],
    "early_months_below": 12,
    "early_months_from": 12,
    "early_threshold_years": 70,
    "discipline_postponement_months": POSTPONEMENT,
    "posthumous_early_months": 0,
}
MEETINGS_2007 = {
    "regular_per_month": 1,
    "thematic_per_quarter": 1,
    "min_minutes": 0,
    "combined_min_minutes": 0,
    "notice_days": 1,
    "removal_absence_months": 3,
}
RULE_SETS = [
    (
        "admission",
        date(2006, 10, 31),
        "QĐ 23-QĐ/TW (31/10/2006) thi hành Điều lệ Đảng; HD 03-HD/BTCTW (29/12/2006)",
        ADMISSION_2006,
        "Confirmed: fully 18 counted in months; over 60 counted in years (HD 03 point 1.1: 731 months); "
        "lower secondary, primary in upland, remote and hardship areas; 2/3 of official members "
        "(Statute art. 4). Not confirmed against the text (configurable): the deadlines, the certificate "
        "validity, the re-admission wait and the exception areas' codes.",
    ),
    (
        "badges",
        date(2006, 10, 31),
        "QĐ 23-QĐ/TW (31/10/2006) thi hành Điều lệ Đảng — Huy hiệu Đảng",
        BADGES_2006,
        "Milestones 30, 40, 50, 60, 70, 80 and the postponement (3 months after a reprimand, 6 after a warning, "
        "12 after a dismissal) as a 2007 committee guidance quotes the rules of the time; early margins not "
        "confirmed (configurable).",
    ),
    (
        "badges",
        date(2016, 7, 25),
        "QĐ 29-QĐ/TW (25/7/2016) điểm 27.3 — Huy hiệu Đảng",
        BADGES_2016,
        "Quoted: a gravely ill member no more than one year early; posthumous award at the milestone; "
        "postponed 6 months after a warning, 1 year after a dismissal.",
    ),
    (
        "meetings",
        date(2007, 3, 30),
        "Chỉ thị 10-CT/TW (30/3/2007) của Ban Bí thư về nâng cao chất lượng sinh hoạt chi bộ và hướng dẫn",
        MEETINGS_2007,
        "Regular meeting every month, thematic at least once a quarter. The guidance's number and date "
        "(quoted as HD 09-HD/BTCTW) and any minimum duration could not be confirmed: durations are not "
        "judged (0) and the notice repeats 1 day (configurable).",
    ),
]
#: Values added to the badge sets `0002` shipped (2011: not confirmed, repeats QĐ 29 — configurable).
BADGE_ADDITIONS = {
    date(2011, 11, 1): {"discipline_postponement_months": POSTPONEMENT, "posthumous_early_months": 0},
    date(2021, 7, 30): {"discipline_postponement_months": POSTPONEMENT, "posthumous_early_months": 12},
}


#: Corrections of the admission set `0002` shipped for 2011 (HD 01-HD/TW 2012 point 1.1): (old, new).
ADMISSION_2011 = date(2011, 11, 1)
ADMISSION_2011_MAX_AGE = (60 * 12, 61 * 12 - 1)


def _set_max_age(RuleSet, value: int) -> None:
    for rule_set in RuleSet.objects.filter(topic="admission", effective_from=ADMISSION_2011):
        rule_set.values = {**rule_set.values, "max_age_months": value}
        rule_set.save(update_fields=["values"])


def forward(apps, schema_editor):
    RuleSet = apps.get_model("rulesets", "RuleSet")
    _set_max_age(RuleSet, ADMISSION_2011_MAX_AGE[1])
    for topic, start, regulation, values, note in RULE_SETS:
        RuleSet.objects.get_or_create(
            topic=topic, effective_from=start, defaults={"regulation": regulation, "values": values, "note": note}
        )
    for start, additions in BADGE_ADDITIONS.items():
        for rule_set in RuleSet.objects.filter(topic="badges", effective_from=start):
            rule_set.values = {**additions, **rule_set.values}
            rule_set.save(update_fields=["values"])


def backward(apps, schema_editor):
    RuleSet = apps.get_model("rulesets", "RuleSet")
    _set_max_age(RuleSet, ADMISSION_2011_MAX_AGE[0])
    for topic, start, *_rest in RULE_SETS:
        RuleSet.objects.filter(topic=topic, effective_from=start).delete()
    for start, additions in BADGE_ADDITIONS.items():
        for rule_set in RuleSet.objects.filter(topic="badges", effective_from=start):
            rule_set.values = {k: v for k, v in rule_set.values.items() if k not in additions}
            rule_set.save(update_fields=["values"])


class Migration(migrations.Migration):
    dependencies = [("rulesets", "0002_ship_known_rule_sets")]
    operations = [migrations.RunPython(forward, backward)]
