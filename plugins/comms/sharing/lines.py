"""The JSON lines of a records package, exactly as ``docs/exchange-payload.md`` fixes them.

Usernames (``created_by``, ``updated_by``) and the unit never leave: they name officers.
"""

from __future__ import annotations

import json
from typing import Any

from ncen_core.declarations import Audience
from ncen_core.record_json import jsonable
from ncen_core.records import Record

PAYLOAD_VERSION = 1


def dumps(document: dict[str, Any]) -> str:
    """One compact, strict JSON line (no NaN)."""
    return json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def share_document(audience: Audience, record_count: int) -> dict[str, Any]:
    """The content of ``share.json``."""
    return {"payload": PAYLOAD_VERSION,
            "audience": {"kind": audience.kind, "name": audience.name,
                         "legal_basis": audience.legal_basis},
            "record_count": record_count}


def record_line(record: Record, fields: dict[str, Any]) -> dict[str, Any]:
    """A record line; a tombstone has ``deleted`` true and no fields."""
    return {"type": record.record_type, "uuid": record.uuid, "origin": record.origin,
            "version": record.version, "status": record.status,
            "distribution": record.distribution, "tlp": record.tlp,
            "legal_basis": record.legal_basis, "created_at": jsonable(record.created_at),
            "updated_at": jsonable(record.updated_at), "deleted": record.deleted,
            "fields": {} if record.deleted else fields}


def ref_document(record_type: str, origin: str, uuid: str) -> dict[str, str]:
    """A record named across offices."""
    return {"type": record_type, "origin": origin, "uuid": uuid}


def link_line(link: Any, *, with_note: bool) -> dict[str, Any]:
    """A link line from a row of the link table; the note only with a legal basis."""
    return {"uuid": link.uuid, "origin": link.origin, "version": link.version,
            "a": ref_document(link.a_type, link.a_origin, link.a_uuid),
            "b": ref_document(link.b_type, link.b_origin, link.b_uuid),
            "role": link.role, "valid_from": jsonable(link.valid_from),
            "valid_to": jsonable(link.valid_to), "confidence": link.confidence,
            "share_percent": jsonable(link.share_percent),
            "note": link.note if with_note and not link.deleted else "",
            "deleted": bool(link.deleted)}


def attachment_line(row: Any, record: Record) -> dict[str, Any]:
    """An attachment line from a row of the attachment table joined with its blob."""
    blob = row.blob
    return {"uuid": row.uuid, "origin": row.origin, "version": row.version,
            "record": ref_document(record.record_type, record.origin, record.uuid),
            "sha256": blob.sha256, "media_type": blob.media_type, "size": blob.size,
            "category": row.category, "caption": "" if row.deleted else row.caption,
            "deleted": bool(row.deleted)}
