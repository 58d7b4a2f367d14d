"""The core's own tables: office identity, migrations, users, audit, links and attachments.

Models are built per database (:func:`build_system_models`) rather than at import time,
so one process can hold two offices' databases at once (exchange tests do). Each set
is bound to its own :class:`peewee.DatabaseProxy`.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from ncen_core.timeutil import utcnow


@dataclass(frozen=True)
class SystemModels:
    """The model classes of one database, bound to its proxy."""

    proxy: pw.DatabaseProxy
    Meta: type[pw.Model]
    SchemaMigration: type[pw.Model]
    User: type[pw.Model]
    AuditEntry: type[pw.Model]
    Link: type[pw.Model]
    AttachmentBlob: type[pw.Model]
    Attachment: type[pw.Model]

    def all(self) -> list[type[pw.Model]]:
        """Every system model, in creation order (referenced tables first)."""
        return [
            self.Meta,
            self.SchemaMigration,
            self.User,
            self.AuditEntry,
            self.Link,
            self.AttachmentBlob,
            self.Attachment,
        ]


def build_system_models(proxy: pw.DatabaseProxy) -> SystemModels:
    """Declare the core tables bound to ``proxy``."""

    class Base(pw.Model):
        class Meta:
            database = proxy
            legacy_table_names = False

    class Meta(Base):
        """Key/value facts about this database: office code and name, creation time."""

        key = pw.CharField(primary_key=True, max_length=64)
        value = pw.TextField()

        class Meta:
            table_name = "ncen_meta"

    class SchemaMigration(Base):
        """One applied numbered migration of one plugin (or of the core)."""

        plugin = pw.CharField(max_length=64)
        number = pw.IntegerField()
        name = pw.CharField(max_length=200)
        applied_at = pw.DateTimeField(default=utcnow)

        class Meta:
            table_name = "ncen_schema_migration"
            primary_key = pw.CompositeKey("plugin", "number")

    class User(Base):
        """An officer, analyst, supervisor or administrator of this office."""

        username = pw.CharField(max_length=64, unique=True)
        full_name = pw.CharField(max_length=200, default="")
        role = pw.CharField(max_length=16)
        unit = pw.CharField(max_length=64, default="")
        password_hash = pw.TextField()
        disabled = pw.BooleanField(default=False)
        failed_logins = pw.IntegerField(default=0)
        locked_until = pw.DateTimeField(null=True)
        created_at = pw.DateTimeField(default=utcnow)
        updated_at = pw.DateTimeField(default=utcnow)

        class Meta:
            table_name = "ncen_user"

    class AuditEntry(Base):
        """One appended audit event; ``entry_hash`` chains it to the previous entry."""

        at = pw.DateTimeField(default=utcnow)
        username = pw.CharField(max_length=64)
        action = pw.CharField(max_length=32)
        record_type = pw.CharField(max_length=64, default="")
        record_origin = pw.CharField(max_length=32, default="")
        record_uuid = pw.CharField(max_length=36, default="")
        detail = pw.TextField(default="{}")
        prev_hash = pw.CharField(max_length=64)
        entry_hash = pw.CharField(max_length=64)

        class Meta:
            table_name = "ncen_audit"
            indexes = ((("record_type", "record_origin", "record_uuid"), False),)

    class Link(Base):
        """A role-carrying link between two records, identified across offices by origin+uuid."""

        uuid = pw.CharField(max_length=36)
        origin = pw.CharField(max_length=32)
        version = pw.IntegerField(default=1)
        a_type = pw.CharField(max_length=64)
        a_origin = pw.CharField(max_length=32)
        a_uuid = pw.CharField(max_length=36)
        b_type = pw.CharField(max_length=64)
        b_origin = pw.CharField(max_length=32)
        b_uuid = pw.CharField(max_length=36)
        role = pw.CharField(max_length=64)
        valid_from = pw.DateField(null=True)
        valid_to = pw.DateField(null=True)
        confidence = pw.IntegerField(null=True)
        share_percent = pw.DecimalField(max_digits=7, decimal_places=4, null=True)
        note = pw.TextField(default="")
        created_at = pw.DateTimeField(default=utcnow)
        created_by = pw.CharField(max_length=64, default="")
        updated_at = pw.DateTimeField(default=utcnow)
        updated_by = pw.CharField(max_length=64, default="")
        deleted = pw.BooleanField(default=False)

        class Meta:
            table_name = "ncen_link"
            indexes = (
                (("origin", "uuid"), True),
                (("a_type", "a_origin", "a_uuid"), False),
                (("b_type", "b_origin", "b_uuid"), False),
            )

    class AttachmentBlob(Base):
        """Attachment bytes stored once by SHA-256, inside the database.

        Kept in the database (not beside it on disk) so that a shared PostgreSQL
        installation serves photos to every workstation and backups stay consistent.
        """

        sha256 = pw.CharField(max_length=64, primary_key=True)
        media_type = pw.CharField(max_length=100)
        size = pw.BigIntegerField()
        width = pw.IntegerField(null=True)
        height = pw.IntegerField(null=True)
        data = pw.BlobField()
        thumbnail = pw.BlobField(null=True)
        created_at = pw.DateTimeField(default=utcnow)

        class Meta:
            table_name = "ncen_attachment_blob"

    class Attachment(Base):
        """A photo, X-ray image or document attached to one record, with its caption."""

        uuid = pw.CharField(max_length=36)
        origin = pw.CharField(max_length=32)
        version = pw.IntegerField(default=1)
        record_type = pw.CharField(max_length=64)
        record_origin = pw.CharField(max_length=32)
        record_uuid = pw.CharField(max_length=36)
        blob = pw.ForeignKeyField(AttachmentBlob, column_name="blob_sha256", field="sha256")
        category = pw.CharField(max_length=32, default="photo")
        caption = pw.TextField(default="")
        created_at = pw.DateTimeField(default=utcnow)
        created_by = pw.CharField(max_length=64, default="")
        deleted = pw.BooleanField(default=False)

        class Meta:
            table_name = "ncen_attachment"
            indexes = (
                (("origin", "uuid"), True),
                (("record_type", "record_origin", "record_uuid"), False),
            )

    return SystemModels(
        proxy=proxy,
        Meta=Meta,
        SchemaMigration=SchemaMigration,
        User=User,
        AuditEntry=AuditEntry,
        Link=Link,
        AttachmentBlob=AttachmentBlob,
        Attachment=Attachment,
    )
