"""The signed receipts this office gave for the packages it imported, kept for resends.

A sender whose connection broke after this office's import committed but before the
receipt reached it (the server killed, the link cut) sends the package again. The import
then finds a duplicate, and the answer is the receipt signed when the package was
imported: the very same bytes, so both offices hold one and the same signed statement of
how the package fared, whatever happened to the connection.

The receipt is signed and kept right after the import's commit, by package id and sending
office (the first one kept wins; keeping again changes nothing). A crash in the
milliseconds between the import's commit and this row leaves no kept receipt; the resend
is then answered with a receipt signed anew saying ``duplicate``, which settles the
package all the same. Receipts of refused packages are not kept: a refusal is judged again
at every resend (the office may since have installed what it lacked).

Owned by the migration owner ``comms-network`` (migration 2; the outbox is migration 1).
"""

from __future__ import annotations

import peewee as pw

from ncen_core.migrations import Migration
from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow

from .outbox_table import MIGRATION_OWNER


def build_given_receipt_model(database: pw.DatabaseProxy | pw.Database) -> type[pw.Model]:
    """The kept receipts' model bound to ``database``."""

    class GivenReceipt(pw.Model):
        """The signed receipt given to ``sender`` for its package ``package_id``."""

        id = pw.AutoField()
        package_id = pw.CharField(max_length=36)
        sender = pw.CharField(max_length=32)
        receipt = pw.TextField()
        given_at = pw.DateTimeField(default=utcnow)

        class Meta:
            database = None
            table_name = "comms_network_given_receipt"
            indexes = ((("package_id", "sender"), True),)

    GivenReceipt._meta.set_database(database)
    return GivenReceipt


class GivenReceipts:
    """The receipts kept in one office database."""

    def __init__(self, database: pw.Database | pw.DatabaseProxy):
        self._database = database
        self.Row = build_given_receipt_model(database)

    def kept(self, package_id: str, sender: str) -> bytes | None:
        """The signed receipt given to ``sender`` for ``package_id``, if one was kept."""
        row = self.Row.get_or_none((self.Row.package_id == package_id)
                                   & (self.Row.sender == sender))
        return None if row is None else row.receipt.encode("utf-8")

    def keep(self, package_id: str, sender: str, signed: bytes) -> bytes:
        """Keep ``signed`` unless a receipt is already kept; returns the one kept."""
        with write_transaction(self._database):
            already = self.kept(package_id, sender)
            if already is not None:
                return already
            self.Row.insert(package_id=package_id, sender=sender,
                            receipt=signed.decode("utf-8")).execute()
        return signed


def _create_given_receipts(database: pw.Database) -> None:
    database.create_tables([build_given_receipt_model(database)])


MIGRATIONS = (
    Migration(MIGRATION_OWNER, 2, "keep the receipts given for imported packages",
              _create_given_receipts),
)
