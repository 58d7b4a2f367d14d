"""The suspect plugin's numbered schema migrations (plugin name ``suspect``).

Each migration keeps its own copy of the tables as they were when it shipped, so that a
later change to :mod:`ncen_plugins.suspect.investigation_tables` comes as a new numbered
migration and a new database still replays exactly the same steps as an old one.
"""

from __future__ import annotations

import peewee as pw

from ncen_core.migrations import Migration

PLUGIN_NAME = "suspect"


def _create_investigation_tables(database: pw.Database) -> None:
    class Base(pw.Model):
        class Meta:
            pass

    class Task(Base):
        uuid = pw.CharField(max_length=36, unique=True)
        suspect_origin = pw.CharField(max_length=32)
        suspect_uuid = pw.CharField(max_length=36)
        title = pw.CharField(max_length=200)
        due_date = pw.DateField()
        assigned_to = pw.CharField(max_length=64)
        done = pw.BooleanField(default=False)
        done_at = pw.DateTimeField(null=True)
        done_by = pw.CharField(max_length=64, default="")
        created_at = pw.DateTimeField()
        created_by = pw.CharField(max_length=64)

        class Meta:
            table_name = "suspect_task"
            indexes = (
                (("suspect_origin", "suspect_uuid"), False),
                (("assigned_to", "done", "due_date"), False),
            )

    class Message(Base):
        uuid = pw.CharField(max_length=36, unique=True)
        suspect_origin = pw.CharField(max_length=32)
        suspect_uuid = pw.CharField(max_length=36)
        author = pw.CharField(max_length=64)
        body = pw.TextField()
        posted_at = pw.DateTimeField()

        class Meta:
            table_name = "suspect_message"
            indexes = ((("suspect_origin", "suspect_uuid", "id"), False),)

    with database.bind_ctx([Task, Message]):
        database.create_tables([Task, Message])


MIGRATIONS = (
    Migration(PLUGIN_NAME, 1, "create the investigation task and message tables",
              _create_investigation_tables),
)
