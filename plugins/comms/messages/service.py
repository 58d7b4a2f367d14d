"""Messages for the interface and the command line: compose, reply, read, list.

Any logged-in user may read the office's messages and write to other offices (the
messages are the office's mail, not a person's); every send, reply and first reading is
audited under the acting user. A message goes to one office or to a keyring group: it is
sealed once, to every active member office except this one, and delivered through each
office's route (:mod:`..file_transport.sending`). A reply goes to the office that wrote
the message answered (or, for a reply to one's own message, to the same addressee), in
the same thread. Opening a received message for the first time marks it read and sends a
read receipt to its sender.

Sending needs the office keys (``keys``) and the keyring; reading needs neither.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from ncen_core import audit
from ncen_core.attachments import inspect_attachment
from ncen_core.errors import NcenError, NotFoundError, ValidationError
from ncen_core.record_service import RecordService
from ncen_core.records import RecordRef
from ncen_core.roles import Permission, require
from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow

from .. import wire
from ..file_transport.sending import send_parts
from ..keyring import Keyring
from ..keys import OfficeKeys
from ..package import PartSource
from .payload import (
    MAX_ATTACHMENTS,
    MAX_RECORDS,
    MESSAGE_PART,
    AttachmentEntry,
    MessagePayload,
    ReadReceipt,
    check_text,
)
from .store import MessageStore, MessageSummary, MessageView

KIND = "message"


class MessageError(NcenError):
    """A message cannot be sent as composed (addressee, text, attachment or keys)."""


class MessageService:
    """The office's messages, for the user of ``records``."""

    def __init__(self, records: RecordService, keys: OfficeKeys | None = None,
                 keyring: Keyring | None = None):
        require(records.user.role, Permission.READ_RECORDS)
        self.records = records
        self.ncen = records.ncen
        self.keys = keys
        self.keyring = keyring
        self.store = MessageStore(self.ncen.database)

    # -- reading -----------------------------------------------------------------------------

    def inbox(self, *, after_id: int | None = None, limit: int = 50,
              unread_only: bool = False) -> list[MessageSummary]:
        """Received messages, newest first, one page (continue with the last ``id``)."""
        return self.store.page(outgoing=False, after_id=after_id, limit=limit,
                               unread_only=unread_only)

    def sent(self, *, after_id: int | None = None, limit: int = 50) -> list[MessageSummary]:
        """Sent messages, newest first, one page."""
        return self.store.page(outgoing=True, after_id=after_id, limit=limit)

    def unread_count(self) -> int:
        """How many received messages nobody has opened yet."""
        return self.store.unread_count()

    def show(self, message_id: str) -> MessageView:
        """One message, without marking it read (see :meth:`mark_read`)."""
        view = self.store.get(message_id)
        if view is None:
            raise NotFoundError(f"no message {message_id} in this office")
        return view

    def thread(self, thread_id: str) -> list[MessageView]:
        """A conversation, oldest first."""
        messages = self.store.thread(thread_id)
        if not messages:
            raise NotFoundError(f"no thread {thread_id} in this office")
        return messages

    def attachment(self, sha256: str) -> bytes:
        """The bytes of a message attachment."""
        data = self.store.blob(sha256)
        if data is None:
            raise NotFoundError(f"no message attachment {sha256}")
        return data

    def mark_read(self, message_id: str) -> bool:
        """Mark a received message read and send its sender a read receipt (once).

        False when it was read before (nothing is sent again).
        """
        view = self.show(message_id)
        if view.summary.outgoing or view.summary.read_at is not None:
            return False
        now = utcnow().replace(microsecond=0)
        keys, keyring = self._keys()
        with write_transaction(self.ncen.database):
            if not self.store.mark_read(message_id, now):
                return False
            self._audit("message-read", {"message_id": message_id})
            send_parts(self.ncen, keys, keyring, [view.summary.sender_office], KIND,
                       [PartSource.from_bytes(MESSAGE_PART,
                                              ReadReceipt(message_id, now).to_bytes())])
        return True

    # -- writing -----------------------------------------------------------------------------

    def send(self, to_kind: str, to_name: str, subject: str, body: str, *,
             records: Sequence[RecordRef] = (), attachments: Sequence[Path] = ()) -> MessageView:
        """Write a new message (a new thread) to an office or a group."""
        message_id = str(uuid.uuid4())
        return self._send(to_kind, to_name, subject, body, records, attachments,
                          message_id=message_id, thread_id=message_id, in_reply_to=None)

    def reply(self, message_id: str, body: str, *, subject: str | None = None,
              records: Sequence[RecordRef] = (),
              attachments: Sequence[Path] = ()) -> MessageView:
        """Answer a message, in its thread (``Re:`` subject unless another is given)."""
        original = self.show(message_id).summary
        if original.outgoing:
            to_kind, to_name = original.to_kind, original.to_name
        else:
            to_kind, to_name = "office", original.sender_office
        if subject is None:
            subject = original.subject if original.subject.startswith("Re: ") \
                else f"Re: {original.subject}"[:200]
        return self._send(to_kind, to_name, subject, body, records, attachments,
                          message_id=str(uuid.uuid4()), thread_id=original.thread_id,
                          in_reply_to=original.message_id)

    def _send(self, to_kind: str, to_name: str, subject: str, body: str,
              records: Sequence[RecordRef], attachments: Sequence[Path], *, message_id: str,
              thread_id: str, in_reply_to: str | None) -> MessageView:
        keys, keyring = self._keys()
        offices = self._offices(keyring, to_kind, to_name)
        try:
            check_text(subject, body)
        except wire.StrictJsonError as error:
            raise ValidationError({"message": str(error)}) from None
        self._check_records(records)
        blobs = self._read_attachments(attachments)
        payload = MessagePayload(
            message_id=message_id, thread_id=thread_id, in_reply_to=in_reply_to,
            to_kind=to_kind, to_name=to_name, subject=subject, body=body,
            sent_at=utcnow().replace(microsecond=0), records=tuple(records),
            attachments=tuple(entry for entry, _ in blobs))
        parts = [PartSource.from_bytes(MESSAGE_PART, payload.to_bytes())]
        parts += [PartSource.from_bytes(f"blob-{entry.sha256}", data) for entry, data in blobs]
        with write_transaction(self.ncen.database):
            self.store.add(payload, outgoing=True, sender_office=keys.office,
                           author=self.records.user.username)
            for entry, data in blobs:
                self.store.add_blob(entry.sha256, data)
            delivery = send_parts(self.ncen, keys, keyring, offices, KIND, parts)
            self.store.add_recipients(message_id, offices, delivery.package_id)
            self._audit("message-sent", {"message_id": message_id, "thread_id": thread_id,
                                         "to": f"{to_kind}:{to_name}", "offices": offices,
                                         "package_id": delivery.package_id})
        return self.show(message_id)

    # -- checks ------------------------------------------------------------------------------

    def _keys(self) -> tuple[OfficeKeys, Keyring]:
        if self.keys is None or self.keyring is None:
            raise MessageError("sending needs this office's keys and keyring; unlock the "
                               "keystore first")
        self.keyring.check_usable(utcnow())
        return self.keys, self.keyring

    def _offices(self, keyring: Keyring, to_kind: str, to_name: str) -> list[str]:
        if to_kind == "office":
            office = keyring.office(to_name)
            if not keyring.is_active(office):
                raise MessageError(f"office {to_name} is revoked in the keyring; it cannot "
                                   "receive messages")
            offices = [office.code]
        elif to_kind == "group":
            offices = [office.code for office in keyring.members(to_name)]
        else:
            raise MessageError(f"a message goes to an office or a group, not {to_kind!r}")
        offices = [code for code in offices if code != self.ncen.office_code]
        if not offices:
            raise MessageError(f"{to_kind} {to_name} has no active office other than this "
                               "one to write to")
        return offices

    def _check_records(self, records: Sequence[RecordRef]) -> None:
        if len(records) > MAX_RECORDS:
            raise MessageError(f"a message may name at most {MAX_RECORDS} records")
        for ref in records:
            self.records.get(ref, include_deleted=True)

    def _read_attachments(self, paths: Sequence[Path]) -> list[tuple[AttachmentEntry, bytes]]:
        if len(paths) > MAX_ATTACHMENTS:
            raise MessageError(f"a message may carry at most {MAX_ATTACHMENTS} attachments")
        limit = self.ncen.config.attachments.max_size_mb * 1024 * 1024
        blobs = []
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError as error:
                raise MessageError(f"{path}: cannot read the attachment: {error.strerror}") \
                    from None
            try:
                facts = inspect_attachment(data, limit)
            except NcenError as error:
                raise MessageError(f"{path}: {error}") from None
            blobs.append((AttachmentEntry(facts.sha256, facts.media_type, facts.size,
                                          path.name[:200]), data))
        return blobs

    def _audit(self, action: str, detail: dict[str, object]) -> None:
        audit.append(self.ncen.system, self.records.user.username, action, detail=detail)

