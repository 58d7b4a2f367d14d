"""The investigation of a suspect: alerts, status, assigned officers, tasks and messages.

Alerts, the investigation status and the assigned officers are fields of the suspect record;
supervisors change them here, through :meth:`RecordService.update` with the version they
read, so the change is validated, version-locked and audited like any edit (the audit
entry says which alert or officer). The record service itself refuses the same change
from anyone else (:data:`ncen_core.record_service.MANAGED_FIELDS`), so a plain form edit
cannot get round this service.

Tasks and messages live in the plugin's own tables. Only the officers assigned to the
investigation and supervisors may read or write them; each write is audited in its own
transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from dataclasses import dataclass
from typing import Any

from ncen_core import audit
from ncen_core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from ncen_core.record_service import RecordService
from ncen_core.records import Record, RecordRef
from ncen_core.roles import Permission, Role, has_permission, require
from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow
from ncen_plugins.suspect.fields import SUSPECT
from ncen_plugins.suspect.investigation_tables import build_investigation_models

MAX_TITLE = 200
MAX_MESSAGE = 4000
#: Roles that work investigations and may therefore be assigned to one.
ASSIGNABLE_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR})


@dataclass(frozen=True)
class TaskInfo:
    """A task of an investigation, for one assigned officer, due by a date."""

    uuid: str
    suspect: RecordRef
    title: str
    due_date: dt.date
    assigned_to: str
    done: bool
    done_at: dt.datetime | None
    done_by: str
    created_at: dt.datetime
    created_by: str


@dataclass(frozen=True)
class MessageInfo:
    """A message between the officers of an investigation; ``id`` orders and pages them."""

    id: int
    uuid: str
    suspect: RecordRef
    author: str
    body: str
    posted_at: dt.datetime


class InvestigationService:
    """Investigation operations for the user of ``records``."""

    def __init__(self, records: RecordService):
        self.records = records
        self.ncen = records.ncen
        self.user = records.user
        self.tables = build_investigation_models(self.ncen.system.proxy)

    # -- alerts --------------------------------------------------------------------------

    def issue_alert(self, ref: RecordRef, alert_type: str, reason: str, valid_until: dt.date,
                    *, expected_version: int) -> Record:
        """Add an alert issued by the acting supervisor; it must still be valid today."""
        require(self.user.role, Permission.MANAGE_ALERTS)
        suspect = self._suspect(ref)
        if isinstance(valid_until, dt.date) and valid_until < utcnow().date():
            raise ValidationError({"valid_until": "an alert must be valid until today or later"},
                                  SUSPECT.name)
        alert = {"alert_type": alert_type, "reason": reason, "valid_until": valid_until,
                 "issued_by": self.user.username}
        return self.records.update(
            ref, {"alerts": [*_rows(suspect, "alerts"), alert]},
            expected_version=expected_version,
            audit_detail={"investigation": "alert issued", "alert_type": alert_type,
                          "valid_until": str(valid_until)})

    def withdraw_alert(self, ref: RecordRef, position: int, *, expected_version: int) -> Record:
        """Remove the alert at ``position`` (1 is the first) of the record as last read."""
        require(self.user.role, Permission.MANAGE_ALERTS)
        alerts = _rows(self._suspect(ref), "alerts")
        if not 1 <= position <= len(alerts):
            raise ValidationError({"alerts": f"there is no alert {position} on this record"},
                                  SUSPECT.name)
        withdrawn = alerts.pop(position - 1)
        return self.records.update(
            ref, {"alerts": alerts}, expected_version=expected_version,
            audit_detail={"investigation": "alert withdrawn", "position": position,
                          "alert_type": withdrawn["alert_type"]})

    # -- status and assignments ----------------------------------------------------------

    def set_status(self, ref: RecordRef, status: str, *, expected_version: int) -> Record:
        """Move the investigation to ``status`` (a code of ``investigation_status``)."""
        require(self.user.role, Permission.MANAGE_ASSIGNMENTS)
        self._suspect(ref)
        return self.records.update(
            ref, {"investigation_status": status}, expected_version=expected_version,
            audit_detail={"investigation": "status set", "investigation_status": status})

    def assign_officer(self, ref: RecordRef, username: str, *, expected_version: int) -> Record:
        """Add an officer or supervisor with an enabled account to the investigation."""
        require(self.user.role, Permission.MANAGE_ASSIGNMENTS)
        suspect = self._suspect(ref)
        self._check_assignable(username)
        if username in assigned_officers(suspect):
            raise ValidationError({"assigned_officers": f"{username} is already assigned"},
                                  SUSPECT.name)
        rows = [*_rows(suspect, "assigned_officers"), {"username": username}]
        return self.records.update(
            ref, {"assigned_officers": rows}, expected_version=expected_version,
            audit_detail={"investigation": "officer assigned", "officer": username})

    def unassign_officer(self, ref: RecordRef, username: str, *, expected_version: int) -> Record:
        """Take an officer off the investigation; their tasks stay, for the record."""
        require(self.user.role, Permission.MANAGE_ASSIGNMENTS)
        suspect = self._suspect(ref)
        if username not in assigned_officers(suspect):
            raise ValidationError({"assigned_officers": f"{username} is not assigned"},
                                  SUSPECT.name)
        rows = [row for row in _rows(suspect, "assigned_officers") if row["username"] != username]
        return self.records.update(
            ref, {"assigned_officers": rows}, expected_version=expected_version,
            audit_detail={"investigation": "officer unassigned", "officer": username})

    # -- tasks ---------------------------------------------------------------------------

    def add_task(self, ref: RecordRef, title: str, due_date: dt.date, assigned_to: str) -> TaskInfo:
        """Give one of the assigned officers something to do by ``due_date``."""
        suspect = self._participating(ref)
        title = _text("title", title, MAX_TITLE)
        problems = {}
        if not isinstance(due_date, dt.date) or isinstance(due_date, dt.datetime):
            problems["due_date"] = "must be a date"
        if assigned_to not in assigned_officers(suspect):
            problems["assigned_to"] = f"{assigned_to} is not assigned to this investigation"
        if problems:
            raise ValidationError(problems, "task")
        Task = self.tables.Task
        row: dict[str, Any] = dict(
            uuid=str(uuid_module.uuid4()), suspect_origin=ref.origin, suspect_uuid=ref.uuid,
            title=title, due_date=due_date, assigned_to=assigned_to, done=False,
            created_at=utcnow(), created_by=self.user.username)
        with write_transaction(self.ncen.database):
            Task.insert(row).execute()
            self._audit("task.add", ref, task=row["uuid"], assigned_to=assigned_to,
                        due_date=due_date.isoformat())
        return self._task(row["uuid"])

    def complete_task(self, task_uuid: str) -> TaskInfo:
        """Mark a task done; ConflictError if someone already did."""
        task = self._task(task_uuid)
        self._participating(task.suspect)
        Task = self.tables.Task
        with write_transaction(self.ncen.database):
            changed = (Task.update(done=True, done_at=utcnow(), done_by=self.user.username)
                       .where((Task.uuid == task_uuid) & (Task.done == False))  # noqa: E712
                       .execute())
            if changed != 1:
                raise ConflictError(f"task {task.title!r} is already done")
            self._audit("task.done", task.suspect, task=task_uuid)
        return self._task(task_uuid)

    def tasks(self, ref: RecordRef) -> list[TaskInfo]:
        """The investigation's tasks: open ones first, each by due date."""
        self._participating(ref)
        Task = self.tables.Task
        query = (Task.select()
                 .where((Task.suspect_origin == ref.origin) & (Task.suspect_uuid == ref.uuid))
                 .order_by(Task.done, Task.due_date, Task.id))
        return [_task(row) for row in query]

    # -- messages ------------------------------------------------------------------------

    def post_message(self, ref: RecordRef, body: str) -> MessageInfo:
        """Add a message to the investigation's conversation."""
        self._participating(ref)
        body = _text("body", body, MAX_MESSAGE, strip=False)
        row: dict[str, Any] = dict(
            uuid=str(uuid_module.uuid4()), suspect_origin=ref.origin, suspect_uuid=ref.uuid,
            author=self.user.username, body=body, posted_at=utcnow())
        Message = self.tables.Message
        with write_transaction(self.ncen.database):
            Message.insert(row).execute()
            self._audit("message.post", ref, message=row["uuid"], length=len(body))
        return _message(Message.get(Message.uuid == row["uuid"]))

    def messages(self, ref: RecordRef, *, after_id: int | None = None,
                 limit: int = 100) -> list[MessageInfo]:
        """Messages oldest first; pass the last ``id`` seen as ``after_id`` for the next page."""
        self._participating(ref)
        Message = self.tables.Message
        query = Message.select().where((Message.suspect_origin == ref.origin)
                                        & (Message.suspect_uuid == ref.uuid))
        if after_id is not None:
            query = query.where(Message.id > after_id)
        return [_message(row) for row in query.order_by(Message.id).limit(max(1, limit))]

    # -- helpers -------------------------------------------------------------------------

    def _suspect(self, ref: RecordRef) -> Record:
        if ref.record_type != SUSPECT.name:
            raise ValidationError(
                {"record": f"investigations concern suspects, not {ref.record_type}"})
        return self.records.get(ref)

    def _participating(self, ref: RecordRef) -> Record:
        """The suspect, if the user is a supervisor or assigned to its investigation."""
        suspect = self._suspect(ref)
        if not (has_permission(self.user.role, Permission.MANAGE_ASSIGNMENTS)
                or self.user.username in assigned_officers(suspect)):
            raise PermissionDeniedError(
                "only the officers assigned to this investigation and supervisors may read "
                "or write its tasks and messages; ask a supervisor to assign you")
        return suspect

    def _check_assignable(self, username: str) -> None:
        User = self.ncen.system.User
        account = User.get_or_none(User.username == username)
        if account is None or account.disabled:
            raise ValidationError({"assigned_officers": f"no active user {username!r}"},
                                  SUSPECT.name)
        if account.role not in ASSIGNABLE_ROLES:
            raise ValidationError({"assigned_officers": (
                f"{username} is an {account.role}; only officers and supervisors work "
                "investigations")}, SUSPECT.name)

    def _task(self, task_uuid: str) -> TaskInfo:
        row = self.tables.Task.get_or_none(self.tables.Task.uuid == task_uuid)
        if row is None:
            raise NotFoundError(f"no investigation task {task_uuid}")
        return _task(row)

    def _audit(self, action: str, ref: RecordRef, **detail: Any) -> None:
        audit.append(self.ncen.system, self.user.username, action, record_type=ref.record_type,
                     record_origin=ref.origin, record_uuid=ref.uuid, detail=detail)


def assigned_officers(suspect: Record) -> list[str]:
    """User names of the officers assigned to the suspect's investigation."""
    return [row["username"] for row in suspect.values.get("assigned_officers") or []]


def _rows(record: Record, group: str) -> list[dict[str, Any]]:
    return [dict(row) for row in record.values.get(group) or []]


def _text(name: str, value: str, limit: int, *, strip: bool = True) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError({name: "is required"})
    text = value.strip() if strip else value
    if "\x00" in text:
        raise ValidationError({name: "contains a NUL character"})
    if len(text) > limit:
        raise ValidationError({name: f"must be at most {limit} characters (got {len(text)})"})
    return text


def _task(row: Any) -> TaskInfo:
    return TaskInfo(uuid=row.uuid,
                    suspect=RecordRef(SUSPECT.name, row.suspect_origin, row.suspect_uuid),
                    title=row.title, due_date=row.due_date, assigned_to=row.assigned_to,
                    done=row.done, done_at=row.done_at, done_by=row.done_by,
                    created_at=row.created_at, created_by=row.created_by)


def _message(row: Any) -> MessageInfo:
    return MessageInfo(id=row.id, uuid=row.uuid,
                   suspect=RecordRef(SUSPECT.name, row.suspect_origin, row.suspect_uuid),
                   author=row.author, body=row.body, posted_at=row.posted_at)
