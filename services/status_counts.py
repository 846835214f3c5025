"""The database triggers that keep StatusCount: the desk's per-status counts, moved by every request write.

One trigger per engine, put in and put back after `migrate` as portal.count_triggers describes.
"""

from portal.count_triggers import CountTriggers

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

TRIGGERS = CountTriggers(
    prefix="services_count_status",
    count_tables=("services_statuscount",),
    counted_tables=("services_servicerequest",),
    postgresql=(POSTGRESQL,),
    postgresql_reverse=(POSTGRESQL_REVERSE,),
    sqlite=tuple(SQLITE),
    sqlite_reverse=tuple(SQLITE_REVERSE),
    fill=(FILL,),
)
# The names migration 0005 and post_migrate know them by.
create_triggers = TRIGGERS.create
drop_triggers = TRIGGERS.remove
ensure_triggers = TRIGGERS.ensure
