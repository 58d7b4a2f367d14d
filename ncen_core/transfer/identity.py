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

from ncen_core.storage import is_sqlite
from ncen_core.transfer.source import SourceRow

NAMESPACE = uuid.UUID("0b6c5a4e-2f0d-5c55-9a43-6e63656e2d69")
SEPARATOR = "\x1f"
LOOKUP_BATCH = 500
_NAMESPACE_BYTES = NAMESPACE.bytes


def record_uuid(office: str, mapping_name: str, record_type: str, key: tuple[str, ...]) -> str:
    """The UUID of the record of ``record_type`` that rows with ``key`` make."""
    return uuid5_text(SEPARATOR.join((office, mapping_name, record_type, *key)))


def link_uuid(a_uuid: str, role: str, b_uuid: str) -> str:
    """The UUID of the link an import makes between two of its records."""
    return uuid5_text(SEPARATOR.join(("link", a_uuid, role, b_uuid)))


def uuid5_text(name: str) -> str:
    """``str(uuid.uuid5(NAMESPACE, name))`` without the UUID object: an import makes one
    or two per row, a million times over."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


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
    database = main._meta.database
    param = "?" if is_sqlite(database) else "%s"
    uuid_column, id_column = main.uuid.column_name, main.id.column_name
    select = (f'SELECT "{uuid_column}", "{id_column}" FROM "{main._meta.table_name}" '
              f'WHERE "{main.origin.column_name}" = {param} AND "{uuid_column}" IN ')
    found: dict[str, int] = {}
    for start in range(0, len(uuids), LOOKUP_BATCH):
        chunk = uuids[start:start + LOOKUP_BATCH]
        cursor = database.execute_sql(select + f"({', '.join([param] * len(chunk))})",
                                      (origin, *chunk))
        found.update(cursor.fetchall())
    return found
