"""A member's home spells never overlap, nor do their attached spells (issue 7, data that cannot be lost).

Spells are derived from the facts by `history.derive_spells`, which closes a spell before opening the
next one; the database holds the same invariant so that no other writer (a bulk import, a bad
script) can store two memberships at once — two overlapping home spells count a member twice. A
temporarily attached spell does overlap the home spell (the member stays a member at home), so the
rule is per (member, attached).

PostgreSQL: exclusion constraints over `daterange(valid_from, valid_to)` (half-open, an open end is
infinity) with `btree_gist` for the equality on the member. SQLite: triggers raising on an insert or
update that would overlap. Both are outside the model state, so `makemigrations --check` stays
clean on either backend.
"""

from django.db import migrations

CONSTRAINTS = {"spell_home_no_overlap": "NOT attached", "spell_attached_no_overlap": "attached"}
SQLITE_OVERLAP = (
    "EXISTS (SELECT 1 FROM members_membershipspell s WHERE s.member_id = NEW.member_id "
    "AND s.attached = NEW.attached AND s.id IS NOT NEW.id "
    "AND s.valid_from < COALESCE(NEW.valid_to, '9999-12-31') "
    "AND NEW.valid_from < COALESCE(s.valid_to, '9999-12-31'))"
)
TRIGGERS = ("spell_no_overlap_insert", "spell_no_overlap_update")


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        for name, condition in CONSTRAINTS.items():
            schema_editor.execute(
                f"ALTER TABLE members_membershipspell ADD CONSTRAINT {name} EXCLUDE USING gist "
                f"(member_id WITH =, daterange(valid_from, valid_to) WITH &&) WHERE ({condition})"
            )
    elif vendor == "sqlite":
        for name, event in zip(TRIGGERS, ("INSERT", "UPDATE"), strict=True):
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON members_membershipspell FOR EACH ROW "
                f"WHEN {SQLITE_OVERLAP} BEGIN SELECT RAISE(ABORT, 'spell_no_overlap'); END"
            )


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for name in CONSTRAINTS:
            schema_editor.execute(f"ALTER TABLE members_membershipspell DROP CONSTRAINT IF EXISTS {name}")
    elif vendor == "sqlite":
        for name in TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("members", "0004_event_badge_and_removal_ground")]
    operations = [migrations.RunPython(forward, backward)]
