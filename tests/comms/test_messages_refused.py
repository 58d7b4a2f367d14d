"""Message packages that break the ``message.json`` contract are quarantined whole, with
reason ``message-payload``, and store nothing; the sender's receipt says so.

Forged by a sender with real keys (FR-CDG, each backend under test) for BE-BRU (SQLite).
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid

import pytest
from PIL import Image
from two_offices import office_pair

from ncen_plugins.comms.file_transport.folder import FileTransport
from ncen_plugins.comms.file_transport.inbox import receive_all
from ncen_plugins.comms.file_transport.sending import send_parts
from ncen_plugins.comms.messages.service import MessageService
from ncen_plugins.comms.package import PartSource


@pytest.fixture
def pair(db_url, tmp_path):
    for fr, be, _ in office_pair(db_url, tmp_path):
        yield fr, be


def message(**changes) -> dict:
    message_id = str(uuid.uuid4())
    document = {"message_id": message_id, "thread_id": message_id, "in_reply_to": None,
                "to": {"kind": "office", "name": "BE-BRU"}, "subject": "Subject",
                "body": "Body.", "sent_at": "2026-11-28T10:00:00Z", "records": [],
                "attachments": []}
    document.update(changes)
    return document


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(out, "PNG")
    return out.getvalue()


def entry(data: bytes, media_type: str = "image/png") -> dict:
    return {"sha256": hashlib.sha256(data).hexdigest(), "media_type": media_type,
            "size": len(data), "filename": "photo.png"}


def refused(pair, parts: dict[str, bytes]) -> str:
    """Send ``parts`` as a message package; BE-BRU's verdict, checked to store nothing."""
    fr, be = pair
    send_parts(fr.ncen, fr.keys, fr.keyring, ["BE-BRU"], "message",
               [PartSource.from_bytes(name, data) for name, data in parts.items()])
    (outcome,) = receive_all(be.ncen, be.keys, be.keyring, FileTransport(be.inbox))
    assert outcome.result.status == "quarantined"
    assert outcome.receipt == "receipt (rejected) sent to FR-CDG"
    assert MessageService(be.officer).inbox() == []
    return outcome.result.reason


def encoded(document: dict) -> bytes:
    return json.dumps(document).encode()


def test_a_duplicate_key_is_refused(pair):
    raw = encoded(message())[:-1] + b', "subject": "Other"}'
    assert refused(pair, {"message.json": raw}) == "message-payload"


def test_an_unknown_key_is_refused(pair):
    assert refused(pair, {"message.json": encoded(message(priority="high"))}) == \
        "message-payload"


def test_a_message_addressed_to_another_office_is_refused(pair):
    document = message(to={"kind": "office", "name": "NL-AMS"})
    assert refused(pair, {"message.json": encoded(document)}) == "message-payload"


def test_escape_sequences_in_the_subject_are_refused(pair):
    document = message(subject="\x1b[31mURGENT\x1b[0m")
    assert refused(pair, {"message.json": encoded(document)}) == "message-payload"


def test_a_listed_attachment_missing_from_the_package_is_refused(pair):
    document = message(attachments=[entry(png())])
    assert refused(pair, {"message.json": encoded(document)}) == "message-payload"


def test_a_part_the_message_does_not_list_is_refused(pair):
    data = png()
    parts = {"message.json": encoded(message()),
             f"blob-{hashlib.sha256(data).hexdigest()}": data}
    assert refused(pair, parts) == "message-payload"


def test_an_attachment_that_is_not_what_it_claims_is_refused(pair):
    data = b"#!/bin/sh\necho not a photo\n"
    parts = {"message.json": encoded(message(attachments=[entry(data)])),
             f"blob-{hashlib.sha256(data).hexdigest()}": data}
    assert refused(pair, parts) == "message-payload"


def test_a_read_receipt_with_more_than_its_two_fields_is_refused(pair):
    document = {"read_receipt_for": str(uuid.uuid4()), "read_at": "2026-11-28T10:00:00Z",
                "note": "x"}
    assert refused(pair, {"message.json": encoded(document)}) == "message-payload"


def test_a_message_package_without_its_message_is_refused(pair):
    assert refused(pair, {"notes.txt": b"hello"}) == "message-payload"


def test_a_message_within_the_contract_is_accepted_with_its_attachment(pair):
    fr, be = pair
    data = png()
    parts = {"message.json": encoded(message(attachments=[entry(data)])),
             f"blob-{hashlib.sha256(data).hexdigest()}": data}
    send_parts(fr.ncen, fr.keys, fr.keyring, ["BE-BRU"], "message",
               [PartSource.from_bytes(name, part) for name, part in parts.items()])
    (outcome,) = receive_all(be.ncen, be.keys, be.keyring, FileTransport(be.inbox))
    assert outcome.result.status == "imported"
    (line,) = MessageService(be.officer).inbox()
    assert MessageService(be.officer).show(line.message_id).attachments[0].size == len(data)
