"""Count tables kept by database triggers: a page reads a handful of counts instead of every row they count.

The triggers move a count in the same statement as the row it counts, under that row's lock, whatever
writes the row (a model method, a bulk insert or update, a restore). One set of SQL per engine; a
migration puts them in with `create` and takes them out with `remove`. SQLite drops a table's triggers
whenever a migration rebuilds that table (its way of altering a column), so after every `migrate`
`ensure` puts back any that are missing and counts the rows afresh. Count tables are left out of
backups: a restore loads the rows and the triggers count them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

PRESENT = {
    "postgresql": "SELECT count(*) FROM pg_trigger WHERE tgname LIKE %s",
    "sqlite": "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
}


@dataclass(frozen=True)
class CountTriggers:
    prefix: str  # every trigger's name starts with it
    count_tables: tuple[str, ...]
    counted_tables: tuple[str, ...]  # locked on PostgreSQL while the rows already there are counted
    postgresql: tuple[str, ...]  # CREATE FUNCTION / CREATE TRIGGER statements
    postgresql_reverse: tuple[str, ...]
    sqlite: tuple[str, ...]  # CREATE TRIGGER statements
    sqlite_reverse: tuple[str, ...]
    fill: tuple[str, ...]  # INSERT … SELECT: the rows already there, counted once

    def create(self, apps, schema_editor) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            # No write may slip between the count and the trigger.
            schema_editor.execute(f"LOCK TABLE {', '.join(self.counted_tables)} IN SHARE ROW EXCLUSIVE MODE")
        elif vendor != "sqlite":
            raise NotImplementedError(f"No count trigger for {vendor}")
        for statement in self.postgresql if vendor == "postgresql" else self.sqlite:
            schema_editor.execute(statement)
        for statement in self.fill:
            schema_editor.execute(statement)

    def remove(self, apps, schema_editor) -> None:
        vendor = schema_editor.connection.vendor
        for statement in self.postgresql_reverse if vendor == "postgresql" else self.sqlite_reverse:
            schema_editor.execute(statement)
        for table in self.count_tables:
            schema_editor.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names

    def expected(self, vendor: str) -> int:
        statements = self.postgresql if vendor == "postgresql" else self.sqlite
        return sum(statement.count("CREATE TRIGGER") for statement in statements)

    def ensure(self, using: str = "default", **kwargs) -> None:
        """post_migrate: put back the triggers a table rebuild dropped, and count the rows again."""
        from django.db import connections, transaction

        connection = connections[using]
        if connection.vendor not in PRESENT:
            return
        if not set(self.count_tables) <= set(connection.introspection.table_names()):
            return
        with connection.cursor() as cursor:
            cursor.execute(PRESENT[connection.vendor], [f"{self.prefix}%"])
            if cursor.fetchone()[0] == self.expected(connection.vendor):
                return
        with transaction.atomic(using=using), connection.cursor() as cursor:
            # The same steps as the migration, through a plain cursor (SQLite's schema editor refuses to run
            # inside a transaction).
            editor = SimpleNamespace(connection=connection, execute=cursor.execute)
            self.remove(None, editor)
            self.create(None, editor)
