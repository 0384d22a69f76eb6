"""On PostgreSQL, a trigram GIN index makes the diacritic-insensitive `contains` search index-backed.

SQLite (the small default) has no trigram index; the migration does nothing there.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS member_search_trgm_idx ON members_member USING gin (search_text gin_trgm_ops)"
    )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS member_search_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("members", "0002_seed_ethnicities_religions")]
    operations = [migrations.RunPython(forward, backward)]
