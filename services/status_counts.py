"""The database triggers that keep StatusCount: the desk's per-status counts, moved by every request write.

One trigger per engine. SQLite drops a table's triggers whenever a migration rebuilds that table (its way
of altering a column), so after every `migrate` `ensure_triggers` puts back any that are missing and
counts the rows afresh.
"""

from types import SimpleNamespace

# The counts move in the same statement as the request row, under its lock: one trigger per engine.
POSTGRESQL = """
CREATE OR REPLACE FUNCTION services_count_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.community_id = NEW.community_id THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE services_statuscount SET n = n - 1 WHERE community_id = OLD.community_id AND status = OLD.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO services_statuscount (community_id, status, n) VALUES (NEW.community_id, NEW.status, 1)
        ON CONFLICT (community_id, status) DO UPDATE SET n = services_statuscount.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER services_count_status AFTER INSERT OR DELETE OR UPDATE OF status, community_id
    ON services_servicerequest FOR EACH ROW EXECUTE FUNCTION services_count_status();
"""
POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS services_count_status ON services_servicerequest;
DROP FUNCTION IF EXISTS services_count_status();
"""
SQLITE = [
    """CREATE TRIGGER services_count_status_insert AFTER INSERT ON services_servicerequest BEGIN
        INSERT INTO services_statuscount (community_id, status, n) VALUES (NEW.community_id, NEW.status, 1)
        ON CONFLICT (community_id, status) DO UPDATE SET n = n + 1;
    END""",
    """CREATE TRIGGER services_count_status_update AFTER UPDATE OF status, community_id ON services_servicerequest
    WHEN OLD.status <> NEW.status OR OLD.community_id <> NEW.community_id BEGIN
        UPDATE services_statuscount SET n = n - 1 WHERE community_id = OLD.community_id AND status = OLD.status;
        INSERT INTO services_statuscount (community_id, status, n) VALUES (NEW.community_id, NEW.status, 1)
        ON CONFLICT (community_id, status) DO UPDATE SET n = n + 1;
    END""",
    """CREATE TRIGGER services_count_status_delete AFTER DELETE ON services_servicerequest BEGIN
        UPDATE services_statuscount SET n = n - 1 WHERE community_id = OLD.community_id AND status = OLD.status;
    END""",
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS services_count_status_{op}" for op in ("insert", "update", "delete")]
# Rows already there are counted once, with the table locked so no write slips between count and trigger.
FILL = """
INSERT INTO services_statuscount (community_id, status, n)
SELECT community_id, status, COUNT(*) FROM services_servicerequest GROUP BY community_id, status
"""


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("LOCK TABLE services_servicerequest IN SHARE ROW EXCLUSIVE MODE")
        schema_editor.execute(POSTGRESQL)
    elif connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)
    else:
        raise NotImplementedError(f"No status-count trigger for {connection.vendor}")
    schema_editor.execute(FILL)


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    for statement in [POSTGRESQL_REVERSE] if connection.vendor == "postgresql" else SQLITE_REVERSE:
        schema_editor.execute(statement)
    schema_editor.execute("DELETE FROM services_statuscount")


TRIGGER_NAMES = {
    "postgresql": "SELECT count(*) FROM pg_trigger WHERE tgname = 'services_count_status'",
    "sqlite": "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'services_count_status_%'",
}
EXPECTED = {"postgresql": 1, "sqlite": 3}


def ensure_triggers(using: str = "default", **kwargs) -> None:
    """post_migrate: put back the triggers a table rebuild dropped, and count the rows again."""
    from django.db import connections, transaction

    connection = connections[using]
    if connection.vendor not in EXPECTED or "services_statuscount" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute(TRIGGER_NAMES[connection.vendor])
        if cursor.fetchone()[0] == EXPECTED[connection.vendor]:
            return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        # The same steps as the migration, through a plain cursor (SQLite's schema editor refuses to run
        # inside a transaction).
        editor = SimpleNamespace(connection=connection, execute=cursor.execute)
        drop_triggers(None, editor)
        create_triggers(None, editor)
