"""The message tables, and the migrations (owner ``comms-messages``) that create them.

- ``comms_message``: every message sent or received, one row each. ``id`` orders and
  pages lists; ``message_id`` is the identity shared by every office (a message sent to a
  group is one row here and one row at each member office). ``outgoing`` tells sent from
  received; ``read_at`` is when this office first read a received message.
- ``comms_message_recipient``: for a sent message, each office it was sealed to
  (one package per message, sealed to every office of a group), the package, and when
  that office's read receipt arrived.
- ``comms_message_attachment``: attachments of a message by SHA-256, with their bytes in
  ``comms_message_blob`` (stored once per SHA-256 however many messages carry them).
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from ncen_core.migrations import Migration

from ..table_sets import TableSet, bound_base, table_creator

MIGRATION_OWNER = "comms-messages"


@dataclass(frozen=True)
class MessageTables(TableSet):
    """The message model classes of one database."""

    Message: type[pw.Model]
    Recipient: type[pw.Model]
    Attachment: type[pw.Model]
    Blob: type[pw.Model]


def build_message_tables(bound: pw.Database | pw.DatabaseProxy) -> MessageTables:
    """Declare the message tables bound to ``bound`` (a database or its proxy)."""
    Base = bound_base(bound)

    class Message(Base):
        message_id = pw.CharField(max_length=36, unique=True)
        thread_id = pw.CharField(max_length=36, index=True)
        in_reply_to = pw.CharField(max_length=36, null=True)
        outgoing = pw.BooleanField()
        sender_office = pw.CharField(max_length=32)
        author = pw.CharField(max_length=64, default="")
        to_kind = pw.CharField(max_length=8)
        to_name = pw.CharField(max_length=32)
        subject = pw.CharField(max_length=200)
        body = pw.TextField()
        records = pw.TextField(default="[]")
        sent_at = pw.DateTimeField()
        received_at = pw.DateTimeField(null=True)
        package_id = pw.CharField(max_length=36, null=True)
        read_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "comms_message"
            indexes = ((("outgoing", "id"), False), (("outgoing", "read_at"), False))

    class Recipient(Base):
        message_id = pw.CharField(max_length=36)
        office = pw.CharField(max_length=32)
        package_id = pw.CharField(max_length=36, index=True)
        read_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "comms_message_recipient"
            primary_key = pw.CompositeKey("message_id", "office")

    class Attachment(Base):
        message_id = pw.CharField(max_length=36)
        position = pw.IntegerField()
        sha256 = pw.CharField(max_length=64)
        media_type = pw.CharField(max_length=100)
        size = pw.BigIntegerField()
        filename = pw.CharField(max_length=200)

        class Meta:
            table_name = "comms_message_attachment"
            primary_key = pw.CompositeKey("message_id", "position")

    class Blob(Base):
        sha256 = pw.CharField(max_length=64, primary_key=True)
        data = pw.BlobField()

        class Meta:
            table_name = "comms_message_blob"

    return MessageTables(Message, Recipient, Attachment, Blob)


MIGRATIONS = [
    Migration(MIGRATION_OWNER, 1, "tables of messages between offices, their recipients and "
              "attachments", table_creator(build_message_tables)),
]
"""A numbered list of its own, like each part of the comms plugin, so parts never compete
for numbers (the core refuses gaps within one list)."""
