"""The sent ledger's tables: which record version went to which office in which package.

- ``comms_sent_package``: one row per package written (records or withdrawal), with its
  audience, recipients, legal basis and file name.
- ``comms_sent_record``: append-only, one row per record line per recipient office
  (``record``, ``tombstone`` or ``withdrawal``) with the version and the legal basis used.
- ``comms_holding``: what each office holds now of each record of this office: the last
  version sent, under which audience, and whether it was withdrawn. Incremental shares
  and withdrawals read only this table.

The tables belong to the migration owner ``comms-sharing`` (numbered from 1: the core
refuses gaps in a plugin's numbering, so sharing cannot take the numbers 20 and up of the
``comms`` owner while the receiving side has fewer than 19). Migration 1 creates the tables
from these models: before changing them, freeze this version into the migration and ship
the change as migration 2.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from ncen_core.migrations import Migration
from ncen_core.timeutil import utcnow

from ..table_sets import TableSet, bound_base, table_creator

MIGRATION_OWNER = "comms-sharing"

HELD, WITHDRAWN, DELETED = "held", "withdrawn", "deleted"


@dataclass(frozen=True)
class LedgerModels(TableSet):
    """The ledger models of one database."""

    SentPackage: type[pw.Model]
    SentRecord: type[pw.Model]
    Holding: type[pw.Model]


def build_ledger_models(proxy: pw.DatabaseProxy | pw.Database) -> LedgerModels:
    """Declare the ledger tables bound to ``proxy``."""
    Base = bound_base(proxy, class_named_indexes=True)

    class SentPackage(Base):
        """A package this office wrote for other offices."""

        package_id = pw.CharField(max_length=36, primary_key=True)
        kind = pw.CharField(max_length=16)
        audience_kind = pw.CharField(max_length=16)
        audience_name = pw.CharField(max_length=64, default="")
        legal_basis = pw.TextField(default="")
        recipients = pw.TextField()
        file_name = pw.CharField(max_length=200)
        record_count = pw.IntegerField(default=0)
        created_at = pw.DateTimeField(default=utcnow)
        created_by = pw.CharField(max_length=64)

        class Meta:
            table_name = "comms_sent_package"

    class SentRecord(Base):
        """One record line sent to one office."""

        package_id = pw.CharField(max_length=36, index=True)
        office = pw.CharField(max_length=32)
        record_type = pw.CharField(max_length=64)
        record_uuid = pw.CharField(max_length=36)
        version = pw.IntegerField()
        action = pw.CharField(max_length=16)
        legal_basis = pw.TextField(default="")
        sent_at = pw.DateTimeField(default=utcnow)

        class Meta:
            table_name = "comms_sent_record"
            indexes = ((("record_type", "record_uuid", "office"), False),)

    class Holding(Base):
        """What one office holds of one record of this office, as far as this office sent."""

        office = pw.CharField(max_length=32)
        record_type = pw.CharField(max_length=64)
        record_uuid = pw.CharField(max_length=36)
        version = pw.IntegerField()
        state = pw.CharField(max_length=16)
        audience_kind = pw.CharField(max_length=16)
        audience_name = pw.CharField(max_length=64, default="")
        package_id = pw.CharField(max_length=36)
        updated_at = pw.DateTimeField(default=utcnow)

        class Meta:
            table_name = "comms_holding"
            primary_key = pw.CompositeKey("office", "record_type", "record_uuid")
            indexes = ((("record_type", "record_uuid"), False), (("state", "office"), False))

    return LedgerModels(SentPackage, SentRecord, Holding)


MIGRATIONS = (
    Migration(MIGRATION_OWNER, 1, "create the sent ledger of shared records",
              table_creator(build_ledger_models)),
)
