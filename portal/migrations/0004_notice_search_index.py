"""GIN index for notice search on PostgreSQL only (see notices/search.py).

The expression must stay identical to the one TokensMatch writes, or the
planner will not use the index. SQLite has no GIN and simply scans.
"""

from django.db import migrations

INDEX = "notice_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON portal_notice "
        "USING gin (to_tsvector('simple'::regconfig, search_tokens))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_notices")]

    operations = [migrations.RunPython(create_index, drop_index)]
