"""Applying a received ``message`` package: a message into the inbox, or a read receipt.

The importer's handler for kind ``message`` (see ``handlers`` of
:func:`..receiving.importer.import_package`): called with a package whose signature and
part hashes are already verified, inside the import transaction, so a refusal (:class:`~.payload.MessagePayloadError`)
stores nothing. The package may hold ``message.json`` and one ``blob-<sha256>`` part per
listed attachment, nothing else; an attachment must be the kind of file records accept
(its media type is read from the bytes, never believed from the list). A message already
received (same ``message_id``, carried by another package) is not stored twice. A read
receipt counts only from an office the message was sent to.
"""

from __future__ import annotations

from ncen_core import audit
from ncen_core.app import Ncen
from ncen_core.attachments import sniff_media_type
from ncen_core.timeutil import utcnow

from ..package import OpenedPackage
from .payload import (
    MESSAGE_PART,
    MessagePayload,
    MessagePayloadError,
    ReadReceipt,
    parse_message_part,
)
from .store import MessageStore


def apply_message_package(ncen: Ncen, opened: OpenedPackage, actor: str) -> dict[str, int]:
    """Store what the package carries; returns counts of what was done."""
    manifest = opened.manifest
    if MESSAGE_PART not in opened.files:
        raise MessagePayloadError(f"the message package has no {MESSAGE_PART} part")
    with opened.open_part(MESSAGE_PART) as stream:
        content = parse_message_part(stream.read())
    store = MessageStore(ncen.database)
    sender = manifest.sender.office
    if isinstance(content, ReadReceipt):
        _only_parts(opened, {MESSAGE_PART})
        noted = store.note_read_receipt(content.message_id, sender, content.read_at)
        audit.append(ncen.system, actor, "message-read-receipt",
                     detail={"message_id": content.message_id, "office": sender,
                             "noted": noted, "package_id": manifest.package_id})
        return {"read receipts" if noted else "read receipts ignored": 1}
    _check_addressee(content, ncen.office_code)
    _only_parts(opened, {MESSAGE_PART, *(f"blob-{a.sha256}" for a in content.attachments)})
    _store_attachments(store, opened, content)
    stored = store.add(content, outgoing=False, sender_office=sender,
                       package_id=manifest.package_id, received_at=utcnow())
    audit.append(ncen.system, actor, "message-received",
                 detail={"message_id": content.message_id, "from": sender,
                         "package_id": manifest.package_id, "stored": stored})
    return {"messages" if stored else "messages already received": 1}


def _check_addressee(message: MessagePayload, office: str) -> None:
    if message.to_kind == "office" and message.to_name != office:
        raise MessagePayloadError(
            f"the message is addressed to office {message.to_name}, not to {office}")


def _only_parts(opened: OpenedPackage, expected: set[str]) -> None:
    unexpected = sorted(set(opened.files) - expected)
    missing = sorted(expected - set(opened.files))
    if unexpected or missing:
        raise MessagePayloadError(
            f"the message package parts do not match its message.json (missing: "
            f"{', '.join(missing) or 'none'}; unexpected: {', '.join(unexpected) or 'none'})")


def _store_attachments(store: MessageStore, opened: OpenedPackage,
                       message: MessagePayload) -> None:
    parts = {part.name: part for part in opened.manifest.parts}
    for entry in message.attachments:
        name = f"blob-{entry.sha256}"
        if parts[name].sha256 != entry.sha256 or parts[name].size != entry.size:
            raise MessagePayloadError(f"attachment {entry.filename!r}: part {name} does not "
                                      "hold the bytes its name and size announce")
        with opened.open_part(name) as stream:
            data = stream.read()
        if sniff_media_type(data) != entry.media_type:
            raise MessagePayloadError(
                f"attachment {entry.filename!r} is not the {entry.media_type} it claims to be "
                "(only images, PDF and DICOM files are accepted)")
        store.add_blob(entry.sha256, data)
