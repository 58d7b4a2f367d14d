"""``message.json``: a message or a read receipt as it travels (``docs/exchange-payload.md``).

A message names its thread and the message it answers, its addressee (an office or a
group), subject, body, references to records and its attachments (each carried as a
``blob-<sha256>`` part of the same package). A read receipt is a message package whose
``message.json`` holds only ``read_receipt_for`` and ``read_at``. Reading is strict:
exactly the documented keys, the right types, lengths within the caps below, no control
characters outside line breaks and tabs in the body; anything else refuses the package.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ncen_core.records import RecordRef

from .. import wire
from ..package_errors import PackageRejected
from ..receiving.json_lines import parse_object
from ..receiving.payload_errors import PayloadMalformed

MAX_SUBJECT = 200
MAX_BODY = 20_000
MAX_RECORDS = 100
MAX_ATTACHMENTS = 20
MAX_FILENAME = 200
MESSAGE_PART = "message.json"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,31}")
_RECORD_TYPE = re.compile(r"[a-z][a-z0-9_]{0,39}")
_LINE = re.compile(r"[^\x00-\x1f\x7f-\x9f]*")
_TEXT = re.compile(r"[^\x00-\x08\x0b-\x1f\x7f-\x9f]*")
_MEDIA_TYPE = re.compile(r"[a-z]+/[a-z0-9.+-]{1,80}")
_MESSAGE_FIELDS = {"message_id", "thread_id", "in_reply_to", "to", "subject", "body",
                   "sent_at", "records", "attachments"}
_RECEIPT_FIELDS = {"read_receipt_for", "read_at"}


class MessagePayloadError(PackageRejected):
    """``message.json`` is missing, malformed, or does not match its attachment parts."""

    reason = "message-payload"


@dataclass(frozen=True)
class AttachmentEntry:
    """An attachment as listed in ``message.json``."""

    sha256: str
    media_type: str
    size: int
    filename: str


@dataclass(frozen=True)
class MessagePayload:
    """A message as it travels between offices."""

    message_id: str
    thread_id: str
    in_reply_to: str | None
    to_kind: str
    to_name: str
    subject: str
    body: str
    sent_at: dt.datetime
    records: tuple[RecordRef, ...] = ()
    attachments: tuple[AttachmentEntry, ...] = ()

    def to_bytes(self) -> bytes:
        """The ``message.json`` part."""
        return wire.dumps_canonical({
            "message_id": self.message_id, "thread_id": self.thread_id,
            "in_reply_to": self.in_reply_to,
            "to": {"kind": self.to_kind, "name": self.to_name},
            "subject": self.subject, "body": self.body,
            "sent_at": wire.format_time(self.sent_at),
            "records": [{"type": r.record_type, "origin": r.origin, "uuid": r.uuid}
                        for r in self.records],
            "attachments": [{"sha256": a.sha256, "media_type": a.media_type, "size": a.size,
                             "filename": a.filename} for a in self.attachments],
        })


@dataclass(frozen=True)
class ReadReceipt:
    """The addressee office read message ``message_id`` at ``read_at``."""

    message_id: str
    read_at: dt.datetime

    def to_bytes(self) -> bytes:
        """The ``message.json`` part of a read receipt."""
        return wire.dumps_canonical({"read_receipt_for": self.message_id,
                                     "read_at": wire.format_time(self.read_at)})


def parse_message_part(raw: bytes) -> MessagePayload | ReadReceipt:
    """A message or a read receipt; raises :class:`MessagePayloadError` naming the problem."""
    try:
        value = parse_object(raw, MESSAGE_PART)
        if "read_receipt_for" in value:
            return _read_receipt(value)
        return _message(value)
    except PayloadMalformed as error:
        raise MessagePayloadError(str(error)) from None
    except wire.StrictJsonError as error:
        raise MessagePayloadError(f"{MESSAGE_PART}: {error}") from None


def check_text(subject: str, body: str) -> None:
    """Raise :class:`~.wire.StrictJsonError` for a subject or body outside the rules."""
    if not subject.strip() or len(subject) > MAX_SUBJECT or not _LINE.fullmatch(subject):
        raise wire.StrictJsonError(
            f"the subject must be one line of 1 to {MAX_SUBJECT} characters")
    if not body.strip() or len(body) > MAX_BODY or not _TEXT.fullmatch(body):
        raise wire.StrictJsonError(
            f"the body must be 1 to {MAX_BODY} characters of text (no control characters)")


def _read_receipt(value: dict[str, Any]) -> ReadReceipt:
    entry = wire.require_fields(value, _RECEIPT_FIELDS, "read receipt")
    return ReadReceipt(wire.require_str(entry["read_receipt_for"], "read_receipt_for", _UUID),
                       wire.parse_time(entry["read_at"], "read_at"))


def _message(value: Any) -> MessagePayload:
    entry = wire.require_fields(value, _MESSAGE_FIELDS, "message")
    to = wire.require_fields(entry["to"], {"kind", "name"}, "to")
    if to["kind"] not in ("office", "group"):
        raise wire.StrictJsonError("to: kind must be office or group")
    in_reply_to = entry["in_reply_to"]
    if in_reply_to is not None:
        wire.require_str(in_reply_to, "in_reply_to", _UUID)
    subject = wire.require_str(entry["subject"], "subject")
    body = wire.require_str(entry["body"], "body")
    check_text(subject, body)
    records = wire.require_list(entry["records"], "records")
    attachments = wire.require_list(entry["attachments"], "attachments")
    if len(records) > MAX_RECORDS or len(attachments) > MAX_ATTACHMENTS:
        raise wire.StrictJsonError(f"at most {MAX_RECORDS} records and {MAX_ATTACHMENTS} "
                                   "attachments per message")
    return MessagePayload(
        message_id=wire.require_str(entry["message_id"], "message_id", _UUID),
        thread_id=wire.require_str(entry["thread_id"], "thread_id", _UUID),
        in_reply_to=in_reply_to, to_kind=to["kind"],
        to_name=wire.require_str(to["name"], "to: name", _CODE),
        subject=subject, body=body,
        sent_at=wire.parse_time(entry["sent_at"], "sent_at"),
        records=tuple(_reference(item) for item in records),
        attachments=tuple(_attachment(item) for item in attachments),
    )


def _reference(value: Any) -> RecordRef:
    entry = wire.require_fields(value, {"type", "origin", "uuid"}, "records[]")
    return RecordRef(wire.require_str(entry["type"], "records[]: type", _RECORD_TYPE),
                           wire.require_str(entry["origin"], "records[]: origin", _CODE),
                           wire.require_str(entry["uuid"], "records[]: uuid", _UUID))


def _attachment(value: Any) -> AttachmentEntry:
    entry = wire.require_fields(value, {"sha256", "media_type", "size", "filename"},
                                "attachments[]")
    filename = wire.require_str(entry["filename"], "attachments[]: filename")
    if not filename or len(filename) > MAX_FILENAME or not _LINE.fullmatch(filename):
        raise wire.StrictJsonError(f"attachments[]: filename must be 1 to {MAX_FILENAME} "
                                   "printable characters")
    return AttachmentEntry(
        wire.require_str(entry["sha256"], "attachments[]: sha256", _SHA256),
        wire.require_str(entry["media_type"], "attachments[]: media_type", _MEDIA_TYPE),
        wire.require_int(entry["size"], "attachments[]: size"), filename)
