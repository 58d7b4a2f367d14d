"""Reading and writing the message tables; no permissions, no sealing (see :mod:`.service`).

Lists are paged by key (``id``), newest first, never by offset; a thread is read in one
query ordered by ``id`` (threads are conversations, capped at :data:`MAX_THREAD`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import peewee as pw

from ncen_core.records import RecordRef

from .payload import AttachmentEntry, MessagePayload
from .tables import build_message_tables

MAX_THREAD = 500


@dataclass(frozen=True)
class MessageSummary:
    """A line of the inbox or the sent list; ``id`` pages them."""

    id: int
    message_id: str
    thread_id: str
    outgoing: bool
    sender_office: str
    author: str
    to_kind: str
    to_name: str
    subject: str
    sent_at: dt.datetime
    read_at: dt.datetime | None

    @property
    def unread(self) -> bool:
        """A received message nobody in this office has opened yet."""
        return not self.outgoing and self.read_at is None


@dataclass(frozen=True)
class MessageView:
    """A whole message: summary, body, references, attachments, and for a sent message
    the offices it went to with the time each read it (None: not yet)."""

    summary: MessageSummary
    in_reply_to: str | None
    body: str
    records: tuple[RecordRef, ...]
    attachments: tuple[AttachmentEntry, ...]
    read_by: dict[str, dt.datetime | None]


class MessageStore:
    """The message tables of one database."""

    def __init__(self, bound: pw.Database | pw.DatabaseProxy):
        self.tables = build_message_tables(bound)

    def add(self, payload: MessagePayload, *, outgoing: bool, sender_office: str,
            author: str = "", package_id: str | None = None,
            received_at: dt.datetime | None = None) -> bool:
        """Store a message once; False when its ``message_id`` is already here."""
        t = self.tables
        if t.Message.get_or_none(t.Message.message_id == payload.message_id) is not None:
            return False
        t.Message.create(
            message_id=payload.message_id, thread_id=payload.thread_id,
            in_reply_to=payload.in_reply_to, outgoing=outgoing, sender_office=sender_office,
            author=author, to_kind=payload.to_kind, to_name=payload.to_name,
            subject=payload.subject, body=payload.body,
            records=json.dumps([[r.record_type, r.origin, r.uuid] for r in payload.records]),
            sent_at=payload.sent_at, received_at=received_at, package_id=package_id)
        for position, entry in enumerate(payload.attachments):
            t.Attachment.create(message_id=payload.message_id, position=position,
                                sha256=entry.sha256, media_type=entry.media_type,
                                size=entry.size, filename=entry.filename)
        return True

    def add_blob(self, sha256: str, data: bytes) -> None:
        """Keep attachment bytes once per SHA-256."""
        Blob = self.tables.Blob
        if Blob.get_or_none(Blob.sha256 == sha256) is None:
            Blob.create(sha256=sha256, data=data)

    def blob(self, sha256: str) -> bytes | None:
        """The bytes of an attachment, or None."""
        Blob = self.tables.Blob
        row = Blob.select(Blob.data).where(Blob.sha256 == sha256).first()
        return None if row is None else bytes(row.data)

    def add_recipients(self, message_id: str, offices: list[str], package_id: str) -> None:
        """The offices a sent message was sealed to, in one package."""
        for office in offices:
            self.tables.Recipient.create(message_id=message_id, office=office,
                                         package_id=package_id)

    def page(self, *, outgoing: bool, after_id: int | None = None, limit: int = 50,
             unread_only: bool = False) -> list[MessageSummary]:
        """Newest first; pass the last ``id`` of a page as ``after_id`` for the next."""
        Message = self.tables.Message
        query = Message.select().where(Message.outgoing == outgoing)
        if after_id is not None:
            query = query.where(Message.id < after_id)
        if unread_only:
            query = query.where(Message.read_at.is_null())
        return [_summary(row) for row in query.order_by(Message.id.desc()).limit(limit)]

    def unread_count(self) -> int:
        """Received messages not read yet (a plain COUNT on an indexed column pair)."""
        Message = self.tables.Message
        return (Message.select(pw.fn.COUNT(Message.id))
                .where((Message.outgoing == False) & Message.read_at.is_null())
                .scalar())

    def get(self, message_id: str) -> MessageView | None:
        """One whole message, or None."""
        t = self.tables
        row = t.Message.get_or_none(t.Message.message_id == message_id)
        return None if row is None else self._view(row)

    def thread(self, thread_id: str) -> list[MessageView]:
        """The messages of a thread, oldest first."""
        Message = self.tables.Message
        rows = (Message.select().where(Message.thread_id == thread_id)
                .order_by(Message.id).limit(MAX_THREAD))
        return [self._view(row) for row in rows]

    def mark_read(self, message_id: str, at: dt.datetime) -> bool:
        """Note the first reading of a received message; False if it was already read."""
        Message = self.tables.Message
        return bool(Message.update(read_at=at)
                    .where((Message.message_id == message_id) & Message.read_at.is_null()
                           & (Message.outgoing == False))
                    .execute())

    def note_read_receipt(self, message_id: str, office: str, at: dt.datetime) -> bool:
        """Note that ``office`` read a message sent to it; False if it was not sent there."""
        Recipient = self.tables.Recipient
        return bool(Recipient.update(read_at=at)
                    .where((Recipient.message_id == message_id) & (Recipient.office == office)
                           & Recipient.read_at.is_null())
                    .execute())

    def _view(self, row: pw.Model) -> MessageView:
        t = self.tables
        attachments = (t.Attachment.select().where(t.Attachment.message_id == row.message_id)
                       .order_by(t.Attachment.position))
        recipients = t.Recipient.select().where(t.Recipient.message_id == row.message_id)
        return MessageView(
            summary=_summary(row), in_reply_to=row.in_reply_to, body=row.body,
            records=tuple(RecordRef(*item) for item in json.loads(row.records)),
            attachments=tuple(AttachmentEntry(a.sha256, a.media_type, a.size, a.filename)
                              for a in attachments),
            read_by={r.office: r.read_at for r in recipients.order_by(t.Recipient.office)})


def _summary(row: pw.Model) -> MessageSummary:
    return MessageSummary(row.id, row.message_id, row.thread_id, row.outgoing,
                          row.sender_office, row.author, row.to_kind, row.to_name,
                          row.subject, row.sent_at, row.read_at)
