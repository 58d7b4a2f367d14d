"""A user's notifications of rule hits: listed newest first, page by page, and acknowledged.

The interface's home screen and ``ncen alerts`` read them. A notification names the rule,
the record (type, origin, UUID, version) and why it fired; it holds no record content, so
opening the record goes through the record service and its reading rights.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ncen_core.app import Ncen
from ncen_core.errors import NotFoundError
from ncen_core.records import RecordRef
from ncen_core.rules.tables import NOTIFICATION, stored_time
from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow

_COLUMNS = ("id, rule, record_type, record_origin, record_uuid, record_version, reason, "
            "created_at, acknowledged_at")


@dataclass(frozen=True)
class Notification:
    """A rule hit shown to one user; ``acknowledged_at`` is None until acknowledged."""

    id: int
    rule: str
    ref: RecordRef
    version: int
    reason: str
    created_at: dt.datetime
    acknowledged_at: dt.datetime | None


def notifications_for(ncen: Ncen, username: str, *, include_acknowledged: bool = False,
                      before_id: int | None = None, limit: int = 50) -> list[Notification]:
    """A page of ``username``'s notifications, newest first; the next page starts
    ``before_id`` the last one shown."""
    p = ncen.database.param
    where, params = [f"username = {p}"], [username]
    if not include_acknowledged:
        where.append("acknowledged_at IS NULL")
    if before_id is not None:
        where.append(f"id < {p}")
        params.append(before_id)
    sql = (f"SELECT {_COLUMNS} FROM {NOTIFICATION} WHERE {' AND '.join(where)} "
           f"ORDER BY id DESC LIMIT {int(limit)}")
    return [_notification(row) for row in ncen.database.execute_sql(sql, params)]


def unacknowledged_count(ncen: Ncen, username: str) -> int:
    """How many notifications ``username`` has not acknowledged yet."""
    p = ncen.database.param
    sql = f"SELECT COUNT(*) FROM {NOTIFICATION} WHERE username = {p} AND acknowledged_at IS NULL"
    return ncen.database.execute_sql(sql, (username,)).fetchone()[0]


def acknowledge(ncen: Ncen, username: str, notification_id: int) -> None:
    """Mark one of ``username``'s notifications as seen (again: no change)."""
    p = ncen.database.param
    with write_transaction(ncen.database):
        found = ncen.database.execute_sql(
            f"SELECT acknowledged_at FROM {NOTIFICATION} WHERE id = {p} AND username = {p}",
            (notification_id, username)).fetchone()
        if found is None:
            raise NotFoundError(f"no notification {notification_id} for {username}")
        if found[0] is None:
            ncen.database.execute_sql(
                f"UPDATE {NOTIFICATION} SET acknowledged_at = {p} WHERE id = {p}",
                (utcnow(), notification_id))


def _notification(row: tuple) -> Notification:
    (notification_id, rule, record_type, origin, uuid, version, reason, created_at,
     acknowledged_at) = row
    return Notification(notification_id, rule, RecordRef(record_type, origin, uuid), version,
                        reason, stored_time(created_at),
                        None if acknowledged_at is None else stored_time(acknowledged_at))
