"""Administrators add the rule set of a new regulation in the admin; its values are checked."""

import json
from datetime import date

import pytest

from coso.rulesets.models import RuleSet
from coso.rulesets.queries import rules_in_force

pytestmark = pytest.mark.django_db


def _post(client, values):
    return client.post(
        "/admin/rulesets/ruleset/add/",
        {
            "topic": "meetings",
            "effective_from": "2026-01-01",
            "regulation": "HD 99-HD/BTCTW (01/01/2026)",
            "values": json.dumps(values),
            "note": "",
        },
    )


def test_admin_adds_a_rule_set_that_then_applies_from_its_date(client, world):
    client.force_login(world.admin)
    values = dict(rules_in_force("meetings", date(2025, 6, 1)).values, min_minutes=100)
    response = _post(client, values)
    assert response.status_code == 302, response.content.decode()[:500]
    assert rules_in_force("meetings", date(2026, 3, 1)).values["min_minutes"] == 100
    assert rules_in_force("meetings", date(2025, 12, 31)).values["min_minutes"] == 90


def test_admin_refuses_values_that_do_not_fit_the_topic(client, world):
    client.force_login(world.admin)
    count = RuleSet.objects.count()
    response = _post(client, {"min_minutes": "ninety"})
    assert response.status_code == 200
    assert "min_minutes" in response.content.decode()
    assert RuleSet.objects.count() == count


def test_admin_writes_are_audited(client, world):
    from coso.audit.models import AuditEntry

    client.force_login(world.admin)
    values = dict(rules_in_force("meetings", date(2025, 6, 1)).values)
    _post(client, values)
    entry = AuditEntry.objects.get(model="rulesets.ruleset", action="create")
    assert entry.actor == world.admin and entry.service == "admin_ruleset"
