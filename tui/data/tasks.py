"""Investigation tasks assigned to the user, when the suspect plugin provides them.

The investigation workflow belongs to the suspect plugin; the home screen shows the user's
open tasks only where that plugin and its tables are installed, and hides the panel
otherwise. The query follows the tasks table's (assigned_to, done, due_date) index.
"""

from __future__ import annotations

from dataclasses import dataclass

from ncen_core.record_service import RecordService
from ncen_core.records import RecordRef
from ncen_core.schema import existing_tables


@dataclass(frozen=True)
class TaskRow:
    """One open task of the user, with the suspect it is about."""

    ref: RecordRef
    title: str
    due: str
    suspect: str


def my_tasks(service: RecordService, limit: int = 8) -> list[TaskRow] | None:
    """Open tasks assigned to the user, soonest due first; None without the workflow."""
    try:
        from ncen_plugins.suspect.investigation_tables import TASK_TABLE, build_investigation_models
    except ImportError:
        return None
    ncen = service.ncen
    if "suspect" not in ncen.registry.record_types:
        return None
    if TASK_TABLE not in existing_tables(ncen.database):
        return None
    Task = build_investigation_models(ncen.system.proxy).Task
    query = (Task.select()
             .where((Task.assigned_to == service.user.username) & (Task.done == False))  # noqa: E712
             .order_by(Task.due_date, Task.id)
             .limit(limit))
    return [TaskRow(RecordRef("suspect", row.suspect_origin, row.suspect_uuid), row.title,
                    row.due_date.isoformat(), row.suspect_uuid[:8]) for row in query]
