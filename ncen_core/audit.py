"""The audit trail: an append-only table whose rows form a SHA-256 hash chain.

Each entry's hash covers a canonical JSON encoding of its id, time, user, action, record
reference, detail and the previous entry's hash (64 zeros for the first). Ids are
consecutive, so a gap means a removed row; the newest id and hash are also kept in the
meta table (key ``audit_head``), so removing the newest rows is detected too.

The chain detects edits and deletions made outside ncen (a hand-edited row, a restored
partial backup). It is not a signature: someone who can write to the database and knows
this scheme can rebuild the whole chain.

Appends are serialised so that concurrent writers never fork the chain: SQLite writers
already are (``write_transaction`` begins IMMEDIATE); on PostgreSQL :func:`append` takes
a transaction-scoped advisory lock before reading the head.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from ncen_core.storage import is_sqlite
from ncen_core.system_models import SystemModels
from ncen_core.timeutil import utcnow

GENESIS_HASH: Final = "0" * 64
HEAD_KEY: Final = "audit_head"
# Names "the ncen audit chain of this schema" among PostgreSQL advisory locks, so that
# installations sharing one server in different schemas do not wait for each other.
ADVISORY_LOCK_SQL: Final = (
    "SELECT pg_advisory_xact_lock(hashtextextended('ncen-audit:' || current_schema(), 0))"
)
VERIFY_BATCH_SIZE: Final = 1000
INSERT_BATCH_SIZE: Final = 500
_AT_FORMAT: Final = "%Y-%m-%dT%H:%M:%S.%fZ"
# The columns an entry's hash covers, besides ``detail``.
HASHED_FIELDS: Final = (
    "id",
    "at",
    "username",
    "action",
    "record_type",
    "record_origin",
    "record_uuid",
    "prev_hash",
)


@dataclass(frozen=True)
class AuditEvent:
    """One audit entry as shown in a record's history."""

    id: int
    at: _dt.datetime
    username: str
    action: str
    record_type: str
    record_origin: str
    record_uuid: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class AuditProblem:
    """One inconsistency found by :func:`verify`.

    ``kind`` is ``altered`` (the entry's content does not match its hash), ``missing``
    (entries removed; ``entry_id`` is the first missing id), ``broken_link`` (the entry
    does not chain to the one before it) or ``head`` (the newest entry does not match the
    recorded head).
    """

    entry_id: int
    kind: str
    message: str


@dataclass(frozen=True)
class AuditReport:
    """The outcome of :func:`verify`: entries walked and every problem found, in id order.

    At most ``max_problems`` problems are listed; ``problems_not_listed`` counts the rest.
    """

    entries: int
    problems: tuple[AuditProblem, ...]
    problems_not_listed: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> AuditProblem | None:
        return self.problems[0] if self.problems else None


@dataclass(frozen=True)
class NewEntry:
    """One entry for :func:`append_many`: what :func:`append` takes besides the user."""

    action: str
    record_type: str = ""
    record_origin: str = ""
    record_uuid: str = ""
    detail: dict[str, Any] | None = None


def append(
    models: SystemModels,
    username: str,
    action: str,
    *,
    record_type: str = "",
    record_origin: str = "",
    record_uuid: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one entry to the chain, inside the caller's write transaction.

    Must be called within ``storage.write_transaction`` so the entry commits or rolls back
    with the change it records; outside a transaction it raises ``RuntimeError`` (a bug).
    ``detail`` must be JSON-serialisable.
    """
    append_many(models, username, [NewEntry(action, record_type, record_origin, record_uuid,
                                            detail)])


def append_many(models: SystemModels, username: str, entries: Sequence[NewEntry]) -> None:
    """Append several entries by ``username``, chained in order, with one head read and
    one insert per batch (a bulk import audits each record without a round trip each).

    The same contract as :func:`append`.
    """
    database = models.proxy
    if not database.in_transaction():
        raise RuntimeError("audit.append must run inside storage.write_transaction")
    if not entries:
        return
    if not is_sqlite(database.obj):
        database.execute_sql(ADVISORY_LOCK_SQL)
    prev_id, prev_hash = _current_head(models)
    rows = []
    for entry in entries:
        fields = {
            "id": prev_id + 1,
            "at": utcnow(),
            "username": username,
            "action": entry.action,
            "record_type": entry.record_type,
            "record_origin": entry.record_origin,
            "record_uuid": entry.record_uuid,
            "prev_hash": prev_hash,
        }
        detail = entry.detail or {}
        prev_id, prev_hash = fields["id"], entry_hash_of(fields, detail)
        rows.append({**fields, "detail": _canonical(detail).decode("utf-8"),
                     "entry_hash": prev_hash})
    for start in range(0, len(rows), INSERT_BATCH_SIZE):
        models.AuditEntry.insert_many(rows[start:start + INSERT_BATCH_SIZE]).execute()
    head = json.dumps({"id": prev_id, "hash": prev_hash})
    Meta = models.Meta
    Meta.insert(key=HEAD_KEY, value=head).on_conflict(
        conflict_target=[Meta.key], update={Meta.value: head}
    ).execute()


def entry_hash_of(fields: dict[str, Any], detail: dict[str, Any]) -> str:
    """The SHA-256 (hex) of one entry's canonical JSON encoding.

    ``fields`` holds the columns named in :data:`HASHED_FIELDS`; the encoding has sorted
    keys, no spaces, UTF-8, ``at`` as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` and ``detail`` as
    a JSON object.
    """
    payload = {name: fields[name] for name in HASHED_FIELDS}
    payload["at"] = fields["at"].strftime(_AT_FORMAT)
    payload["detail"] = detail
    return hashlib.sha256(_canonical(payload)).hexdigest()


def verify(models: SystemModels, *, max_problems: int = 1000) -> AuditReport:
    """Walk the whole chain in id order and report every altered, missing or unlinked entry.

    Reads in keyset batches inside one snapshot (REPEATABLE READ on PostgreSQL, a read
    transaction on SQLite), so it runs in constant memory and appends made meanwhile
    neither show up half-way nor look like tampering.
    """
    database = models.proxy
    if is_sqlite(database.obj):
        snapshot = database.atomic()
    else:
        snapshot = database.atomic(isolation_level="REPEATABLE READ")
    with snapshot:
        head = _recorded_head(models)
        findings = _Findings(max_problems)
        last_id, last_hash, count = _walk_chain(models, findings)
        for problem in _head_problems(head, last_id, last_hash, count):
            findings.add(problem)
    return AuditReport(count, tuple(findings.listed), findings.not_listed)


def history(
    models: SystemModels,
    record_type: str,
    record_origin: str,
    record_uuid: str,
    *,
    limit: int = 100,
    before_id: int | None = None,
) -> list[AuditEvent]:
    """A record's audit events, newest first; pass the last id seen as ``before_id`` to page."""
    Entry = models.AuditEntry
    query = Entry.select().where(
        (Entry.record_type == record_type)
        & (Entry.record_origin == record_origin)
        & (Entry.record_uuid == record_uuid)
    )
    if before_id is not None:
        query = query.where(Entry.id < before_id)
    return [_event(row) for row in query.order_by(Entry.id.desc()).limit(limit)]


def _current_head(models: SystemModels) -> tuple[int, str]:
    """The entry to chain onto: the recorded head, unless the table holds a newer entry.

    Chaining onto the recorded head keeps removed newest entries visible as a gap;
    taking a newer stored entry keeps rows added behind ncen's back from blocking appends.
    """
    Entry = models.AuditEntry
    last = Entry.select(Entry.id, Entry.entry_hash).order_by(Entry.id.desc()).first()
    stored = (last.id, last.entry_hash) if last else (0, GENESIS_HASH)
    head = _recorded_head(models)
    return head if head is not None and head[0] >= stored[0] else stored


def _recorded_head(models: SystemModels) -> tuple[int, str] | None:
    row = models.Meta.get_or_none(models.Meta.key == HEAD_KEY)
    if row is None:
        return None
    value = json.loads(row.value)
    return int(value["id"]), str(value["hash"])


class _Findings:
    """Problems collected up to a limit, and a count of the rest (bounded memory)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.listed: list[AuditProblem] = []
        self.not_listed = 0

    def add(self, problem: AuditProblem) -> None:
        if len(self.listed) < self.limit:
            self.listed.append(problem)
        else:
            self.not_listed += 1


def _walk_chain(models: SystemModels, findings: _Findings) -> tuple[int, str, int]:
    """Add each problem of the stored chain to ``findings``; return the last id, hash, count."""
    prev_id, prev_hash, count = 0, GENESIS_HASH, 0
    for row in _rows_in_id_order(models):
        count += 1
        if row.id != prev_id + 1:
            findings.add(_missing(prev_id + 1, row.id - 1))
        elif row.prev_hash != prev_hash:
            findings.add(
                AuditProblem(
                    row.id, "broken_link", f"entry {row.id} does not chain to entry {prev_id}"
                )
            )
        if not _hash_matches(row):
            findings.add(AuditProblem(row.id, "altered", f"entry {row.id} was altered"))
        prev_id, prev_hash = row.id, row.entry_hash
    return prev_id, prev_hash, count


def _head_problems(
    head: tuple[int, str] | None, last_id: int, last_hash: str, count: int
) -> list[AuditProblem]:
    if head is None:
        if count == 0:
            return []
        return [AuditProblem(last_id, "head", "the audit head record is missing")]
    head_id, head_hash = head
    if head_id > last_id:
        return [_missing(last_id + 1, head_id)]
    if head_id < last_id:
        return [
            AuditProblem(
                head_id + 1, "head", f"entries after {head_id} were not added by ncen"
            )
        ]
    if head_hash != last_hash:
        return [AuditProblem(last_id, "head", f"entry {last_id} differs from the audit head")]
    return []


def _missing(first: int, last: int) -> AuditProblem:
    which = f"entry {first} is" if first == last else f"entries {first} to {last} are"
    return AuditProblem(first, "missing", f"{which} missing")


def _rows_in_id_order(models: SystemModels) -> Iterator[Any]:
    Entry = models.AuditEntry
    after = 0
    while True:
        batch = list(
            Entry.select().where(Entry.id > after).order_by(Entry.id).limit(VERIFY_BATCH_SIZE)
        )
        yield from batch
        if len(batch) < VERIFY_BATCH_SIZE:
            return
        after = batch[-1].id


def _hash_matches(row: Any) -> bool:
    if not isinstance(row.at, _dt.datetime):
        return False
    try:
        detail = json.loads(row.detail)
    except ValueError:
        return False
    fields = {name: getattr(row, name) for name in HASHED_FIELDS}
    return entry_hash_of(fields, detail) == row.entry_hash


def _event(row: Any) -> AuditEvent:
    return AuditEvent(
        id=row.id,
        at=row.at,
        username=row.username,
        action=row.action,
        record_type=row.record_type,
        record_origin=row.record_origin,
        record_uuid=row.record_uuid,
        detail=json.loads(row.detail),
    )


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )
