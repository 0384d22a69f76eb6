from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coso.rulesets.calendar import Calendar
from coso.rulesets.models import RuleSet
from coso.rulesets.queries import NoRuleSet, rules_in_force
from coso.rulesets.schemas import TOPIC_KEYS, validate_values
from coso.rulesets.services import ruleset_create

pytestmark = pytest.mark.django_db


def test_shipped_sets_are_valid_and_cite_their_regulation():
    assert RuleSet.objects.count() >= 5
    for rule_set in RuleSet.objects.all():
        assert validate_values(rule_set.topic, rule_set.values) == {}, rule_set
        assert any(code in rule_set.regulation for code in ("-QĐ/TW", "-HD/", "-CT/TW")), rule_set


@pytest.mark.parametrize(
    ("on", "regulation"),
    [
        (date(2015, 6, 1), "QĐ 45-QĐ/TW"),
        (date(2021, 7, 29), "QĐ 45-QĐ/TW"),
        (date(2021, 7, 30), "QĐ 24-QĐ/TW"),
        (date(2025, 5, 25), "QĐ 24-QĐ/TW"),
        (date(2025, 5, 26), "QĐ 294-QĐ/TW"),
    ],
)
def test_the_set_in_force_on_the_event_date_applies(on, regulation):
    assert rules_in_force("admission", on).regulation.startswith(regulation)


def test_no_set_before_the_first_one():
    with pytest.raises(NoRuleSet):
        rules_in_force("admission", date(1990, 1, 1))


def test_no_rule_set_message_is_vietnamese_and_names_the_topic():
    """Meeting pages show this refusal to users: it must read in Vietnamese with the topic's label."""
    with translation.override("vi"), pytest.raises(NoRuleSet) as caught:
        rules_in_force("meetings", date(1990, 1, 1))
    assert str(caught.value) == (
        "Chưa có bộ quy định về “Sinh hoạt chi bộ” có hiệu lực vào ngày 01/01/1990; quản trị viên cần bổ sung."
    )

    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        ruleset_create(topic="meetings", effective_from=date(2030, 1, 1), regulation=" ", values={}, actor=None)
    assert caught.value.message_dict["regulation"] == ["Ghi rõ văn bản quy định (số và ngày ban hành)."]


def test_a_new_regulation_is_added_with_checked_values(world):
    values = dict(RuleSet.objects.filter(topic="admission").first().values, probation_months=18)
    created = ruleset_create(
        topic="admission",
        effective_from=date(2030, 1, 1),
        regulation="QĐ 999-QĐ/TW (2030)",
        values=values,
        actor=world.admin,
    )
    assert rules_in_force("admission", date(2030, 6, 1)) == created
    bad = dict(values)
    del bad["probation_months"]
    bad["max_age_months"] = "sixty"
    with pytest.raises(ValidationError) as exc:
        ruleset_create(
            topic="admission",
            effective_from=date(2031, 1, 1),
            regulation="QĐ 1000-QĐ/TW",
            values=bad,
            actor=world.admin,
        )
    assert {"probation_months", "max_age_months"} <= set(exc.value.message_dict)


def test_every_topic_key_has_a_label():
    assert all(k.label for keys in TOPIC_KEYS.values() for k in keys)


def test_calendar_loads_shipped_holidays():
    calendar = Calendar.load()
    assert not calendar.is_working_day(date(2025, 1, 29))  # Tết
    assert calendar.is_working_day(date(2025, 4, 26))  # Saturday worked in exchange
    assert not calendar.is_working_day(date(2025, 9, 2))
