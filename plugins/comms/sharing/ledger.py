"""Reading and writing the sent ledger (:mod:`.ledger_tables`).

An office "holds" a record from the moment a package carrying it was written for that
office, until a withdrawal or tombstone was written for it. Offices hold nothing of other
offices' records through this ledger: an office always holds its own records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import peewee as pw

from ncen_core.timeutil import utcnow

from .ledger_tables import DELETED, HELD, WITHDRAWN, LedgerModels

INSERT_BATCH = 500
ACTION_STATES = {"record": HELD, "tombstone": DELETED, "withdrawal": WITHDRAWN}
#: The ledger's name for links, which it tracks like records ("~" is never in a type name).
LINK_TYPE = "~link"


@dataclass(frozen=True)
class Holding:
    """What one office holds of one record: the version last sent and its state."""

    office: str
    version: int
    state: str
    audience_kind: str
    audience_name: str


@dataclass(frozen=True)
class SentLine:
    """One record line written for the offices of a package."""

    record_type: str
    record_uuid: str
    version: int
    action: str
    legal_basis: str = ""


def holdings(models: LedgerModels, keys: Iterable[tuple[str, str]]
             ) -> dict[tuple[str, str], dict[str, Holding]]:
    """For (record type, uuid) keys, the holding of every office that was sent them."""
    found: dict[tuple[str, str], dict[str, Holding]] = {}
    Holding_ = models.Holding
    by_type: dict[str, list[str]] = {}
    for record_type, uuid in keys:
        by_type.setdefault(record_type, []).append(uuid)
    for record_type, uuids in by_type.items():
        query = Holding_.select().where((Holding_.record_type == record_type)
                                        & Holding_.record_uuid.in_(uuids))
        for row in query:
            found.setdefault((record_type, row.record_uuid), {})[row.office] = Holding(
                row.office, row.version, row.state, row.audience_kind, row.audience_name)
    return found


def held_rows(models: LedgerModels, offices: Iterable[str] | None = None,
              batch: int = 1_000) -> Iterator[pw.Model]:
    """Holdings in state held (of ``offices``, or of every office), paged by key."""
    Holding_ = models.Holding
    after: tuple[str, str, str] = ("", "", "")
    key = pw.Tuple(Holding_.office, Holding_.record_type, Holding_.record_uuid)
    while True:
        query = Holding_.select().where((Holding_.state == HELD) & (key > pw.Tuple(*after)))
        if offices is not None:
            query = query.where(Holding_.office.in_(list(offices)))
        rows = list(query.order_by(Holding_.office, Holding_.record_type,
                                   Holding_.record_uuid).limit(batch))
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1]
        after = (last.office, last.record_type, last.record_uuid)


def record_package(models: LedgerModels, *, package_id: str, kind: str, audience_kind: str,
                   audience_name: str, legal_basis: str, recipients: Iterable[str],
                   file_name: str, lines: Iterable[SentLine], username: str) -> int:
    """Write a sent package and its lines for every recipient; returns the number of
    record lines (links are written too, not counted).

    Call inside the write transaction that also writes the audit entry.
    """
    offices = list(recipients)
    now = utcnow()
    count = 0
    batch: list[SentLine] = []
    for line in lines:
        batch.append(line)
        count += line.record_type != LINK_TYPE
        if len(batch) == INSERT_BATCH:
            _write_lines(models, package_id, offices, batch, audience_kind, audience_name, now)
            batch = []
    _write_lines(models, package_id, offices, batch, audience_kind, audience_name, now)
    models.SentPackage.insert(
        package_id=package_id, kind=kind, audience_kind=audience_kind,
        audience_name=audience_name, legal_basis=legal_basis, recipients=",".join(offices),
        file_name=file_name, record_count=count, created_at=now, created_by=username,
    ).execute()
    return count


_SENT_COLUMNS = ("package_id", "office", "record_type", "record_uuid", "version", "action",
                 "legal_basis", "sent_at")
_HELD_COLUMNS = ("office", "record_type", "record_uuid", "version", "state", "audience_kind",
                 "audience_name", "package_id", "updated_at")
_HELD_KEY = ("office", "record_type", "record_uuid")


def _write_lines(models: LedgerModels, package_id: str, offices: list[str],
                 lines: list[SentLine], audience_kind: str, audience_name: str,
                 now: object) -> None:
    """Both tables with ``executemany`` on the open connection: generating one INSERT per
    batch with peewee cost more than the database's own work."""
    if not lines:
        return
    sent = [(package_id, office, line.record_type, line.record_uuid, line.version,
             line.action, line.legal_basis, now) for office in offices for line in lines]
    held = [(office, line.record_type, line.record_uuid, line.version,
             ACTION_STATES[line.action], audience_kind, audience_name, package_id, now)
            for office in offices for line in lines]
    database = models.SentRecord._meta.database
    cursor = database.cursor()
    cursor.executemany(_insert(database, models.SentRecord, _SENT_COLUMNS), sent)
    updates = ", ".join(f"{column} = excluded.{column}" for column in _HELD_COLUMNS
                        if column not in _HELD_KEY)
    cursor.executemany(f"{_insert(database, models.Holding, _HELD_COLUMNS)} "
                       f"ON CONFLICT ({', '.join(_HELD_KEY)}) DO UPDATE SET {updates}", held)


def _insert(database: pw.Database, model: type[pw.Model], columns: tuple[str, ...]) -> str:
    placeholders = ", ".join([database.param] * len(columns))
    return (f"INSERT INTO {model._meta.table_name} ({', '.join(columns)}) "
            f"VALUES ({placeholders})")
