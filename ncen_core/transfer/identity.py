"""The identity of imported records: the same row imported twice is the same record.

A record's UUID is derived (UUID version 5) from the office, the mapping's ``name``, the
record type and the row key: the values of the mapping's ``key`` columns or, without a
key, the SHA-256 of the row's cells. Re-importing a file, or a later extract of the same
register with the same mapping, therefore finds the records it made before; they are left
as they are (ncen is now where they live and officers may have edited them since), and
counted as already imported. A record that was deleted since is not brought back.
Renaming the mapping starts a new identity namespace.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Iterable

import peewee as pw

from ncen_core.transfer.source import SourceRow

NAMESPACE = uuid.UUID("0b6c5a4e-2f0d-5c55-9a43-6e63656e2d69")
SEPARATOR = "\x1f"
LOOKUP_BATCH = 500


def record_uuid(office: str, mapping_name: str, record_type: str, key: tuple[str, ...]) -> str:
    """The UUID of the record of ``record_type`` that rows with ``key`` make."""
    return str(uuid.uuid5(NAMESPACE, SEPARATOR.join((office, mapping_name, record_type, *key))))


def link_uuid(a_uuid: str, role: str, b_uuid: str) -> str:
    """The UUID of the link an import makes between two of its records."""
    return str(uuid.uuid5(NAMESPACE, SEPARATOR.join(("link", a_uuid, role, b_uuid))))


def content_key(rows: Iterable[SourceRow]) -> tuple[str, ...]:
    """A key for rows when the mapping names no key columns: the hash of their cells."""
    digest = hashlib.sha256()
    for row in rows:
        for cell in row.cells:
            digest.update(cell.encode("utf-8"))
            digest.update(SEPARATOR.encode())
        digest.update(b"\n")
    return ("sha256:" + digest.hexdigest(),)


def existing_ids(main: type[pw.Model], origin: str, uuids: list[str]) -> dict[str, int]:
    """Ids of the records of ``origin`` among ``uuids`` (tombstones included)."""
    found: dict[str, int] = {}
    for start in range(0, len(uuids), LOOKUP_BATCH):
        chunk = uuids[start:start + LOOKUP_BATCH]
        query = main.select(main.uuid, main.id).where(
            (main.origin == origin) & main.uuid.in_(chunk))
        found.update({row_uuid: row_id for row_uuid, row_id in query.tuples()})
    return found
