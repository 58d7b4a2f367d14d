"""The investigation of a deleted suspect goes with the suspect.

A tombstone purges a record's content, whether this office deleted the suspect
(``record_saved`` with ``tombstoned``) or a package brought the origin office's tombstone
or withdrawal of a copy held here (``received`` with a deleted record). What an
investigation holds about the person is content too. Item by item:

- **alerts, investigation status, assigned officers** are fields of the record, so the
  tombstone itself clears them (and a received tombstone carries none);
- **messages are purged**: free text about the person that nobody could read any more,
  since reading them needs the record;
- **tasks are purged, not closed**: a closed task would keep a title that names the person
  and the work done on them, and would stay in its officer's list of done tasks. The audit
  chain already keeps that each task existed, whom it went to, by when, and when it was
  done, so nothing an inspection needs is lost.

A withdrawn copy is purged like a deleted one: the office may no longer hold the record,
and the investigation of a record it may not hold cannot go on. If the origin office shares
the record again later, the investigation starts afresh.

The purge runs after the record's own commit, in a transaction of its own, and writes one
audit entry per investigation purged (action ``investigation.purge``) counting the open
tasks, done tasks and messages that went, in the name of whoever deleted the record (for a
received record, its origin office). A suspect with neither tasks nor messages writes
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ncen_core import audit
from ncen_core.storage import write_transaction
from ncen_plugins.suspect.fields import SUSPECT
from ncen_plugins.suspect.investigation_tables import build_investigation_models

if TYPE_CHECKING:
    from ncen_core.app import Ncen
    from ncen_core.records import Record

PURGE_ACTION = "investigation.purge"


@dataclass(frozen=True)
class PurgedInvestigation:
    """How many tasks and messages of a deleted suspect's investigation were purged."""

    open_tasks: int
    done_tasks: int
    messages: int


def purge_investigation(ncen: Ncen, record: Record, change: str) -> PurgedInvestigation | None:
    """Delete the tasks and messages about ``record`` if it is a deleted suspect.

    ``change`` is the ``record_saved`` change (``tombstoned``, ``received``, ...); it is
    recorded in the audit entry. Returns None when there was nothing to purge.
    """
    if record.record_type != SUSPECT.name or not record.deleted:
        return None
    tables = build_investigation_models(ncen.system.proxy)
    Task, Message = tables.Task, tables.Message
    of_task = (Task.suspect_origin == record.origin) & (Task.suspect_uuid == record.uuid)
    of_message = ((Message.suspect_origin == record.origin)
                  & (Message.suspect_uuid == record.uuid))
    if not (Task.select().where(of_task).exists() or Message.select().where(of_message).exists()):
        return None
    with write_transaction(ncen.database):
        open_tasks = Task.delete().where(of_task & (Task.done == False)).execute()
        done_tasks = Task.delete().where(of_task).execute()
        messages = Message.delete().where(of_message).execute()
        purged = PurgedInvestigation(open_tasks, done_tasks, messages)
        audit.append(ncen.system, record.updated_by, PURGE_ACTION,
                     record_type=record.record_type, record_origin=record.origin,
                     record_uuid=record.uuid,
                     detail={"change": change, "open_tasks": open_tasks,
                             "done_tasks": done_tasks, "messages": messages})
    return purged
