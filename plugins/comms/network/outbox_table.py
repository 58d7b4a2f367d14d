"""The outbox table: one row per item (package or signed receipt) per destination office.

Owned by the migration owner ``comms-network`` (numbered from 1: the core refuses gaps in
a plugin's numbering). Each migration keeps its own copy of the DDL it ran.
"""

from __future__ import annotations

import peewee as pw

from ncen_core.migrations import Migration
from ncen_core.timeutil import utcnow

MIGRATION_OWNER = "comms-network"
QUEUED, RELAYED, DELIVERED, REJECTED = "queued", "relayed", "delivered", "rejected"
STATES = (QUEUED, RELAYED, DELIVERED, REJECTED)


def build_outbox_model(database: pw.DatabaseProxy | pw.Database) -> type[pw.Model]:
    """The outbox model bound to ``database``."""

    class OutboxItem(pw.Model):
        """An item to deliver to one office, with its delivery history."""

        id = pw.AutoField()
        package_id = pw.CharField(max_length=36)
        kind = pw.CharField(max_length=16)
        destination = pw.CharField(max_length=32)
        path = pw.TextField()
        state = pw.CharField(max_length=16, default=QUEUED)
        attempts = pw.IntegerField(default=0)
        next_attempt_at = pw.DateTimeField(default=utcnow)
        last_error = pw.TextField(default="")
        receipt_status = pw.CharField(max_length=16, null=True)
        receipt_reason = pw.CharField(max_length=64, null=True)
        receipt = pw.TextField(null=True)
        created_at = pw.DateTimeField(default=utcnow)
        updated_at = pw.DateTimeField(default=utcnow)

        class Meta:
            database = None
            table_name = "comms_network_outbox"
            indexes = ((("package_id", "kind", "destination"), True),
                       (("state", "next_attempt_at"), False))

    OutboxItem._meta.set_database(database)
    return OutboxItem


def _create_outbox(database: pw.Database) -> None:
    database.create_tables([build_outbox_model(database)])


MIGRATIONS = (
    Migration(MIGRATION_OWNER, 1, "create the network outbox", _create_outbox),
)
