"""The investigation's own tables: tasks with due dates and messages between its officers.

They are not fields of the suspect record: they grow without bound, are written by the
assigned officers (who may belong to other units) without bumping the record's version, and
stay in the office that investigates. Rows name their suspect by origin and UUID, like
links, so an investigation can also concern a record received from another office.

Models are built per database proxy, as the core's are; the tables themselves are created
by the plugin's numbered migrations (:mod:`ncen_plugins.suspect.migrations`).
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from ncen_core.timeutil import utcnow

TASK_TABLE = "suspect_task"
MESSAGE_TABLE = "suspect_message"


@dataclass(frozen=True)
class InvestigationModels:
    """The task and message models of one database."""

    Task: type[pw.Model]
    Message: type[pw.Model]


def build_investigation_models(proxy: pw.DatabaseProxy) -> InvestigationModels:
    """Declare the investigation tables bound to ``proxy``."""

    class Base(pw.Model):
        class Meta:
            database = proxy

    class Task(Base):
        """Something an assigned officer must do by a date."""

        uuid = pw.CharField(max_length=36, unique=True)
        suspect_origin = pw.CharField(max_length=32)
        suspect_uuid = pw.CharField(max_length=36)
        title = pw.CharField(max_length=200)
        due_date = pw.DateField()
        assigned_to = pw.CharField(max_length=64)
        done = pw.BooleanField(default=False)
        done_at = pw.DateTimeField(null=True)
        done_by = pw.CharField(max_length=64, default="")
        created_at = pw.DateTimeField(default=utcnow)
        created_by = pw.CharField(max_length=64)

        class Meta:
            table_name = TASK_TABLE
            indexes = (
                (("suspect_origin", "suspect_uuid"), False),
                (("assigned_to", "done", "due_date"), False),
            )

    class Message(Base):
        """One message of the investigation's conversation."""

        uuid = pw.CharField(max_length=36, unique=True)
        suspect_origin = pw.CharField(max_length=32)
        suspect_uuid = pw.CharField(max_length=36)
        author = pw.CharField(max_length=64)
        body = pw.TextField()
        posted_at = pw.DateTimeField(default=utcnow)

        class Meta:
            table_name = MESSAGE_TABLE
            indexes = ((("suspect_origin", "suspect_uuid", "id"), False),)

    return InvestigationModels(Task=Task, Message=Message)
