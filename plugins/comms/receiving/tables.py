"""The receiving side's own tables, and the comms plugin's migrations that create them.

- ``comms_package_seen``: every package that passed the envelope rules (signature,
  binding, freshness, part hashes), imported or quarantined by a payload rule. An imported
  package id is the replay guard; a quarantined one may be imported again (its rules run
  again). Packages refused earlier are not listed: their package id is not trustworthy,
  and recording it would let a forger block the genuine package. Duplicates are not
  recorded: receiving a package again changes nothing.
- ``comms_quarantine``: packages refused by any rule, with the reason code and the name
  of the copy kept aside in ``<data_dir>/exchange/quarantine/``.
- ``comms_pending``: packages whose signer the keyring does not know yet, kept in
  ``<data_dir>/exchange/pending/`` until a newer keyring names it.
- ``comms_received_item``: the latest version received of every record, link and
  attachment of another office, with the line as received (canonical JSON): the version
  rules and the equivocation check read it, and it survives the purge of a tombstone.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from ncen_core.migrations import Migration

from ..table_sets import TableSet, bound_base, table_creator

PLUGIN_NAME = "comms"


@dataclass(frozen=True)
class ReceivingTables(TableSet):
    """The model classes of one database, bound to its proxy."""

    PackageSeen: type[pw.Model]
    Quarantine: type[pw.Model]
    Pending: type[pw.Model]
    ReceivedItem: type[pw.Model]


def build_receiving_tables(bound: pw.Database | pw.DatabaseProxy) -> ReceivingTables:
    """Declare the receiving tables bound to ``bound`` (a database or its proxy)."""
    Base = bound_base(bound)

    class PackageSeen(Base):
        package_id = pw.CharField(max_length=36, primary_key=True)
        sender = pw.CharField(max_length=32)
        kind = pw.CharField(max_length=16)
        received_at = pw.DateTimeField()
        status = pw.CharField(max_length=16)
        reason = pw.CharField(max_length=32, default="")
        detail = pw.TextField(default="")

        class Meta:
            table_name = "comms_package_seen"

    class Quarantine(Base):
        file_sha256 = pw.CharField(max_length=64)
        stored_as = pw.CharField(max_length=200)
        original_name = pw.CharField(max_length=200, default="")
        package_id = pw.CharField(max_length=36, default="")
        sender = pw.CharField(max_length=32, default="")
        received_at = pw.DateTimeField()
        reason = pw.CharField(max_length=32)
        detail = pw.TextField(default="")

        class Meta:
            table_name = "comms_quarantine"
            indexes = ((("received_at",), False),)

    class Pending(Base):
        file_sha256 = pw.CharField(max_length=64, unique=True)
        stored_as = pw.CharField(max_length=200)
        original_name = pw.CharField(max_length=200, default="")
        received_at = pw.DateTimeField()
        detail = pw.TextField(default="")

        class Meta:
            table_name = "comms_pending"

    class ReceivedItem(Base):
        item = pw.CharField(max_length=16)
        origin = pw.CharField(max_length=32)
        uuid = pw.CharField(max_length=36)
        item_type = pw.CharField(max_length=64, default="")
        version = pw.IntegerField()
        state = pw.CharField(max_length=16)
        line = pw.TextField()
        package_id = pw.CharField(max_length=36)
        received_at = pw.DateTimeField()

        class Meta:
            table_name = "comms_received_item"
            primary_key = pw.CompositeKey("item", "origin", "uuid")

    return ReceivingTables(PackageSeen, Quarantine, Pending, ReceivedItem)


MIGRATIONS = [
    Migration(PLUGIN_NAME, 1, "tables of received packages, quarantine, pending and "
              "received versions", table_creator(build_receiving_tables)),
]
"""The receiving side's migrations (comms numbers 1-19 belong to it)."""
