import django.db.models.deletion
from django.db import migrations, models


# The counts move in the same statement as the request row, under its lock: one trigger per engine.
POSTGRESQL = """
CREATE FUNCTION services_count_status() RETURNS trigger LANGUAGE plpgsql AS $$
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



class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0001_initial'),
        ('services', '0004_desk_open_queue_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='StatusCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('submitted', 'Submitted'), ('accepted', 'Accepted'), ('in_progress', 'In progress'), ('waiting', 'Waiting for materials'), ('completed', 'Completed'), ('delivered', 'Delivered'), ('closed', 'Closed'), ('rejected', 'Rejected')], max_length=12)),
                ('n', models.IntegerField(default=0)),
                ('community', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='portal.community')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('community', 'status'), name='status_count_one_per_status')],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
