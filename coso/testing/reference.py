"""Reference data shipped by data migrations, put back when a transactional test flushed it.

pytest-django ends every transactional test (the browser tests use the live server, hence real
commits) with a flush of all tables, including the rows data migrations shipped: organization
types, kind rules, ethnicities, religions, rule sets, holidays, the competence rows. A later test on the same worker
would find them gone. Their forward functions are idempotent, so they are simply run again.
"""

import importlib

from django.apps import apps

SEED_MIGRATIONS = [
    ("coso.organizations.migrations.0002_seed_types_and_kind_rules", "forward"),
    ("coso.members.migrations.0002_seed_ethnicities_religions", "forward"),
    ("coso.rulesets.migrations.0002_ship_known_rule_sets", "forward"),
    ("coso.rulesets.migrations.0003_ship_rule_sets_from_2006", "forward"),
    ("coso.rulesets.migrations.0005_ship_evaluation_rule_sets", "forward"),
    ("coso.transfers.migrations.0002_ship_transfer_rules", "forward"),
    ("coso.transfers.migrations.0003_check_2016_presentation_limit", "forward"),
    ("coso.accounts.migrations.0003_ship_competences", "ship"),
    ("coso.accounts.migrations.0005_ship_evaluation_competences", "ship"),
    ("coso.accounts.migrations.0007_ship_cadre_competences", "ship"),
]


def ensure_reference_data() -> None:
    from coso.organizations.models import OrganizationType

    if OrganizationType.objects.exists():
        return
    for module, function in SEED_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
