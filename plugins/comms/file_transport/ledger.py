"""What this office sent through its routes, and what each receipt said about it.

``comms_file_delivery`` has one row per package and destination office: where the file
was written, and the state the destination's signed receipt reported (``sent`` until a
receipt arrives, then ``imported``, ``duplicate`` or ``rejected`` with its reason code).
A receipt is trusted only from the office the package was sent to, for a package sent to
it; anything else is ignored and reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import peewee as pw

from ncen_core.migrations import Migration
from ncen_core.timeutil import utcnow

from ..table_sets import bound_base

if TYPE_CHECKING:
    from ..receipts import Receipt  # receipts bring the keyring and cryptography

MIGRATION_OWNER = "comms-file-transport"
SENT = "sent"


@dataclass(frozen=True)
class DeliveryState:
    """One package as sent to one office, with the latest receipt's verdict."""

    package_id: str
    office: str
    kind: str
    url: str
    file_name: str
    sent_at: dt.datetime
    status: str
    reason: str | None
    receipt_at: dt.datetime | None


def build_ledger_table(bound: pw.Database | pw.DatabaseProxy) -> type[pw.Model]:
    """Declare ``comms_file_delivery`` bound to ``bound`` (a database or its proxy)."""

    Base = bound_base(bound, class_named_indexes=True)

    class DeliveryRow(Base):
        package_id = pw.CharField(max_length=36)
        office = pw.CharField(max_length=32)
        kind = pw.CharField(max_length=16)
        url = pw.TextField()
        file_name = pw.CharField(max_length=200)
        sent_at = pw.DateTimeField()
        status = pw.CharField(max_length=16, default=SENT)
        reason = pw.CharField(max_length=64, null=True)
        receipt_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "comms_file_delivery"
            primary_key = pw.CompositeKey("package_id", "office")
            indexes = ((("sent_at", "package_id"), False),)

    return DeliveryRow


class SentLedger:
    """The ledger of one database."""

    def __init__(self, bound: pw.Database | pw.DatabaseProxy):
        self.table = build_ledger_table(bound)

    def record(self, package_id: str, office: str, kind: str, url: str, file_name: str) -> None:
        """Note that a package was written towards ``office`` (again: the time is renewed)."""
        table = self.table
        (table.insert(package_id=package_id, office=office, kind=kind, url=url,
                      file_name=file_name, sent_at=utcnow())
         .on_conflict(conflict_target=[table.package_id, table.office],
                      update={table.url: url, table.file_name: file_name,
                              table.sent_at: utcnow()})
         .execute())

    def apply_receipt(self, receipt: Receipt) -> bool:
        """Mark the package the receipt is about; False when no such package went there.

        A ``duplicate`` receipt (the package delivered again) never hides an earlier
        ``imported`` or ``rejected`` verdict.
        """
        table = self.table
        row = table.get_or_none(package_id=receipt.package_id, office=receipt.from_office)
        if row is None:
            return False
        if receipt.status != "duplicate" or row.status == SENT:
            (table.update(status=receipt.status, reason=receipt.reason, receipt_at=receipt.at)
             .where(table.package_id == receipt.package_id,
                    table.office == receipt.from_office)
             .execute())
        return True

    def get(self, package_id: str, office: str) -> DeliveryState | None:
        """The row of one package towards one office."""
        row = self.table.get_or_none(package_id=package_id, office=office)
        return None if row is None else _state(row)

    def page(self, *, after: DeliveryState | None = None, limit: int = 50) -> list[DeliveryState]:
        """Newest first, by key; pass the last row of a page as ``after`` for the next."""
        table = self.table
        query = table.select().order_by(table.sent_at.desc(), table.package_id.desc(),
                                        table.office.desc())
        if after is not None:
            same_time = table.sent_at == after.sent_at
            query = query.where(
                (table.sent_at < after.sent_at)
                | (same_time & (table.package_id < after.package_id))
                | (same_time & (table.package_id == after.package_id)
                   & (table.office < after.office)))
        return [_state(row) for row in query.limit(limit)]


def _state(row: pw.Model) -> DeliveryState:
    return DeliveryState(row.package_id, row.office, row.kind, row.url, row.file_name,
                       row.sent_at, row.status, row.reason, row.receipt_at)


def _create_ledger(database: pw.Database) -> None:
    database.create_tables([build_ledger_table(database)])


MIGRATIONS = [
    Migration(MIGRATION_OWNER, 1, "ledger of packages sent through routes, with their receipts",
              _create_ledger),
]
