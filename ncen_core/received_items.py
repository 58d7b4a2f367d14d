"""Writing the links and attachments received with other offices' records.

Like :mod:`ncen_core.received_records`, this stores what the exchange import decided to
apply, inside its transaction. A received link is kept whatever records its ends name
(the other end may reach this office later); a received attachment's bytes are checked
exactly as a local upload is (size, media type from the bytes, image sanity, thumbnail)
and stored once per SHA-256. A deleted attachment loses its row and, when no other
attachment uses them, its bytes. A withdrawn record takes its sender's links with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ncen_core.app import Ncen
from ncen_core.attachment_service import CATEGORIES, MAX_CAPTION, bytes_held, store_bytes
from ncen_core.attachments import inspect_attachment
from ncen_core.errors import AttachmentError, ValidationError
from ncen_core.links import LINK_ROLE_CODELIST
from ncen_core.records import RecordRef


def store_received_link(ncen: Ncen, line: Mapping[str, Any], a: RecordRef, b: RecordRef) -> None:
    """Insert or replace the link of ``line`` (a link line of docs/exchange-payload.md)."""
    Link = ncen.system.Link
    row = {
        "version": line["version"], "a_type": a.record_type, "a_origin": a.origin,
        "a_uuid": a.uuid, "b_type": b.record_type, "b_origin": b.origin, "b_uuid": b.uuid,
        "role": line["role"], "valid_from": _date(line, "valid_from"),
        "valid_to": _date(line, "valid_to"), "confidence": _confidence(line),
        "share_percent": _percent(line), "note": "" if line["deleted"] else line["note"],
        "updated_by": line["origin"], "deleted": line["deleted"],
    }
    _check_role(ncen, row["role"])
    key = (Link.origin == line["origin"]) & (Link.uuid == line["uuid"])
    if Link.update(**row).where(key).execute() == 0:
        Link.insert(uuid=line["uuid"], origin=line["origin"], created_by=line["origin"],
                    **row).execute()


def store_received_attachment(ncen: Ncen, line: Mapping[str, Any], record: RecordRef,
                              data: bytes | None) -> None:
    """Insert or replace the attachment of ``line``; ``data`` is None when its bytes are
    already held here. Raises AttachmentError or ValidationError for what a local upload
    would be refused for."""
    Attachment, _Blob = ncen.system.Attachment, ncen.system.AttachmentBlob
    if line["category"] not in CATEGORIES:
        raise ValidationError({"category": f"must be one of {', '.join(CATEGORIES)}"},
                              "attachment")
    if len(line["caption"]) > MAX_CAPTION:
        raise ValidationError({"caption": f"must be at most {MAX_CAPTION} characters"},
                              "attachment")
    if data is not None:
        _store_blob(ncen, line, data)
    row = {"version": line["version"], "record_type": record.record_type,
           "record_origin": record.origin, "record_uuid": record.uuid, "blob": line["sha256"],
           "category": line["category"], "caption": line["caption"], "deleted": False}
    key = (Attachment.origin == line["origin"]) & (Attachment.uuid == line["uuid"])
    if Attachment.update(**row).where(key).execute() == 0:
        Attachment.insert(uuid=line["uuid"], origin=line["origin"], created_by=line["origin"],
                          **row).execute()


def delete_received_attachment(ncen: Ncen, origin: str, uuid: str) -> None:
    """Remove a received attachment and its bytes when no other attachment uses them."""
    Attachment, Blob = ncen.system.Attachment, ncen.system.AttachmentBlob
    key = (Attachment.origin == origin) & (Attachment.uuid == uuid)
    row = Attachment.select(Attachment.blob).where(key).tuples().first()
    if row is None:
        return
    Attachment.delete().where(key).execute()
    if not Attachment.select().where(Attachment.blob == row[0]).exists():
        Blob.delete().where(Blob.sha256 == row[0]).execute()


def delete_received_links_of(ncen: Ncen, ref: RecordRef, origin: str) -> list[str]:
    """Remove the links from ``origin`` with ``ref`` at either end; returns their UUIDs."""
    Link = ncen.system.Link
    at_a = (Link.a_type == ref.record_type) & (Link.a_origin == ref.origin) & (Link.a_uuid == ref.uuid)
    at_b = (Link.b_type == ref.record_type) & (Link.b_origin == ref.origin) & (Link.b_uuid == ref.uuid)
    of_record = (Link.origin == origin) & (at_a | at_b)
    uuids = [uuid for (uuid,) in Link.select(Link.uuid).where(of_record).tuples()]
    Link.delete().where(of_record).execute()
    return uuids


def blob_held(ncen: Ncen, sha256: str) -> bool:
    """True when the bytes with this SHA-256 are already stored here (and not wiped)."""
    return bytes_held(ncen.system, sha256)


def _store_blob(ncen: Ncen, line: Mapping[str, Any], data: bytes) -> None:
    facts = inspect_attachment(data, ncen.config.attachments.max_size_mb * 1_000_000)
    if facts.media_type != line["media_type"]:
        raise AttachmentError(
            f"attachment {line['uuid']}: the bytes are {facts.media_type}, not the "
            f"{str(line['media_type'])[:60]} the sender declared")
    if not blob_held(ncen, facts.sha256):
        store_bytes(ncen.system, facts, data)


def _check_role(ncen: Ncen, role: str) -> None:
    codelists = ncen.registry.codelists
    if not role.strip():
        raise ValidationError({"role": "a link needs a role"}, "link")
    if LINK_ROLE_CODELIST in codelists and codelists.get(LINK_ROLE_CODELIST).get(role) is None:
        raise ValidationError({"role": f"unknown link role {role[:64]!r}"}, "link")


def _date(line: Mapping[str, Any], key: str) -> dt.date | None:
    if line[key] is None:
        return None
    try:
        return dt.date.fromisoformat(line[key])
    except ValueError:
        raise ValidationError({key: "must be a date like 2025-01-31"}, "link") from None


def _confidence(line: Mapping[str, Any]) -> int | None:
    value = line["confidence"]
    if value is not None and not 0 <= value <= 100:
        raise ValidationError({"confidence": "must be between 0 and 100"}, "link")
    return value


def _percent(line: Mapping[str, Any]) -> Decimal | None:
    if line["share_percent"] is None:
        return None
    try:
        value = Decimal(line["share_percent"])
    except InvalidOperation:
        raise ValidationError({"share_percent": "must be a decimal number"}, "link") from None
    if not value.is_finite() or not 0 <= value <= 100:
        raise ValidationError({"share_percent": "must be between 0 and 100"}, "link")
    return value
