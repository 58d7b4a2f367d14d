"""Investigation tasks assigned to the user, when the suspect plugin provides them.

The investigation workflow belongs to the suspect plugin; the home screen shows the user's
open tasks only where that plugin and its tables are installed, and hides the panel
otherwise. The query follows the tasks table's (assigned_to, done, due_date) index.
"""

from __future__ import annotations

from dataclasses import dataclass

from ncen_core.record_service import RecordService
from ncen_core.record_store import held_identities
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
    tasks = list(Task.select()
                 .where((Task.assigned_to == service.user.username)
                        & (Task.done == False))  # noqa: E712
                 .order_by(Task.due_date, Task.id)
                 .limit(limit))
    names = suspect_names(service, {(task.suspect_origin, task.suspect_uuid) for task in tasks})
    return [TaskRow(RecordRef("suspect", task.suspect_origin, task.suspect_uuid), task.title,
                    task.due_date.isoformat(),
                    names.get((task.suspect_origin, task.suspect_uuid), task.suspect_uuid))
            for task in tasks]


def suspect_names(service: RecordService,
                  identities: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The names ("Family, Given") of the suspects with these (origin, uuid), in one query."""
    if not identities:
        return {}
    main = service.ncen.models_for("suspect").main
    rows = main.select(main.origin, main.uuid, main.family_name, main.given_names).where(
        held_identities(main, identities)).tuples()
    return {(origin, uuid): ", ".join(part for part in (family, given) if part)
            for origin, uuid, family, given in rows}
