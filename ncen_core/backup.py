"""Backup and restore of the embedded database with SQLite's online backup API.

The backup is consistent while other workstations keep working (the API copies a single
snapshot), is written under a temporary name, flushed to disk and then renamed, so a crash
never leaves a half-written file under the final name. The audit entry is written after the
copy, so a long writer delays only the entry; a backup that cannot be audited is discarded. A restore first checks that the
file is an intact ncen database, then copies it over the live one in one step.
PostgreSQL installations use the server's own tools (pg_dump), which this refuses politely.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ncen_core import audit
from ncen_core.errors import DatabaseError, NcenError
from ncen_core.record_service import RecordService
from ncen_core.storage import is_sqlite, sqlite_path, write_transaction

OFFICE_QUERY = "SELECT value FROM ncen_meta WHERE key = 'office_code'"


def backup_sqlite(service: RecordService, target: Path) -> int:
    """Write a consistent copy of the database to ``target``; returns the pages copied."""
    source_path = _embedded_path(service)
    target = target.resolve()
    if target == source_path.resolve():
        raise NcenError("the backup file must not be the database itself")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(source_path)
    try:
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
            pages = destination.execute("PRAGMA page_count").fetchone()[0]
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
    finally:
        source.close()
    _fsync(partial)
    try:
        with write_transaction(service.ncen.database):
            audit.append(service.ncen.system, service.user.username, "backup",
                         detail={"file": str(target), "pages": pages})
    except NcenError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return pages


def restore_sqlite(service: RecordService, source: Path) -> str:
    """Replace the live database with ``source`` after checking it; returns its office code."""
    target_path = _embedded_path(service)
    office = check_backup(source)
    if office != service.ncen.office_code:
        raise NcenError(f"{source} is a backup of office {office}, not of "
                        f"{service.ncen.office_code}; nothing was changed")
    service.ncen.close()
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        live = sqlite3.connect(target_path, timeout=30)
        try:
            backup.backup(live)
        finally:
            live.close()
    finally:
        backup.close()
    service.ncen.database.connect(reuse_if_open=True)
    with write_transaction(service.ncen.database):
        audit.append(service.ncen.system, service.user.username, "restore",
                     detail={"file": str(source)})
    return office


def check_backup(path: Path) -> str:
    """The office code of a backup file that passes SQLite's integrity check."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            status = connection.execute("PRAGMA integrity_check").fetchone()[0]
            row = connection.execute(OFFICE_QUERY).fetchone() if status == "ok" else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        if "malformed" in str(exc):
            raise NcenError(f"{path} is damaged ({exc}); nothing was changed") from None
        raise NcenError(f"{path} is not an ncen backup: {exc}") from None
    if status != "ok":
        raise NcenError(f"{path} is damaged (integrity check: {status}); nothing was changed")
    if row is None:
        raise NcenError(f"{path} is not an initialised ncen database; nothing was changed")
    return row[0]


def _embedded_path(service: RecordService) -> Path:
    if not is_sqlite(service.ncen.database):
        raise DatabaseError("backup and restore here are for the embedded database; "
                            "back up PostgreSQL with pg_dump")
    return sqlite_path(service.ncen.config.database.url)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
