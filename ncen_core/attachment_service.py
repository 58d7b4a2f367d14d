"""Photos, X-ray images and documents attached to records.

Bytes are stored once per SHA-256 however many records use them; each attachment row
ties one blob to one record with a caption and a category. Only records of this office
take attachments (they travel with the record when it is shared).

A detached attachment, or one of a tombstoned record, stays as a tombstone row so the
deletion can travel; its blob row stays too (the tombstone refers to it by hash), but once
no live attachment uses them the bytes and thumbnail are wiped (:func:`wipe_unused_bytes`):
a deleted person's photo does not linger in the database. Storing the same bytes again
(:func:`store_bytes`) fills the blob back in. Attachments are never empty, so empty data
marks wiped bytes.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ncen_core import audit
from ncen_core.attachments import AttachmentFacts, inspect_attachment
from ncen_core.errors import NotFoundError, ValidationError
from ncen_core.records import AttachmentInfo, RecordRef
from ncen_core.roles import Permission, require
from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow

if TYPE_CHECKING:
    from ncen_core.record_service import RecordService
    from ncen_core.system_models import SystemModels

CATEGORIES = ("photo", "xray", "document")
MAX_CAPTION = 500


class AttachmentService:
    """Attachment operations for the user of ``records``."""

    def __init__(self, records: RecordService):
        self.records = records
        self.ncen = records.ncen

    def add(self, ref: RecordRef, data: bytes, *, caption: str = "",
            category: str = "photo") -> AttachmentInfo:
        """Check ``data`` (size, content type, image sanity) and attach it to ``ref``."""
        self.records.editable(ref, Permission.EDIT_RECORDS)
        if category not in CATEGORIES:
            raise ValidationError({"category": f"must be one of {', '.join(CATEGORIES)}"})
        if len(caption) > MAX_CAPTION:
            raise ValidationError({"caption": f"must be at most {MAX_CAPTION} characters"})
        facts = inspect_attachment(data, self.ncen.config.attachments.max_size_mb * 1_000_000)
        Attachment = self.ncen.system.Attachment
        row = dict(
            uuid=str(uuid_module.uuid4()), origin=self.ncen.office_code, version=1,
            record_type=ref.record_type, record_origin=ref.origin, record_uuid=ref.uuid,
            blob=facts.sha256, category=category, caption=caption.strip(),
            created_at=utcnow(), created_by=self.records.user.username, deleted=False,
        )
        with write_transaction(self.ncen.database):
            store_bytes(self.ncen.system, facts, data)
            Attachment.insert(row).execute()
            audit.append(self.ncen.system, self.records.user.username, "attach",
                         record_type=ref.record_type, record_origin=ref.origin,
                         record_uuid=ref.uuid,
                         detail={"sha256": facts.sha256, "media_type": facts.media_type,
                                 "size": facts.size, "attachment": row["uuid"]})
        return self._info_by_uuid(row["uuid"])

    def of(self, ref: RecordRef) -> list[AttachmentInfo]:
        """Live attachments of ``ref``, oldest first (bytes not loaded)."""
        require(self.records.user.role, Permission.READ_RECORDS)
        Attachment, Blob = self.ncen.system.Attachment, self.ncen.system.AttachmentBlob
        query = (
            Attachment.select(Attachment, Blob.sha256, Blob.media_type, Blob.size, Blob.width, Blob.height)
            .join(Blob)
            .where((Attachment.record_type == ref.record_type)
                   & (Attachment.record_origin == ref.origin)
                   & (Attachment.record_uuid == ref.uuid)
                   & (Attachment.deleted == False))  # noqa: E712
            .order_by(Attachment.created_at, Attachment.id)
        )
        return [_info(row) for row in query]

    def data(self, sha256: str) -> bytes:
        """The stored bytes of an attachment."""
        return bytes(self._blob_column(sha256, "data"))

    def thumbnail(self, sha256: str) -> bytes | None:
        """A PNG thumbnail of an image attachment; None for PDF and DICOM."""
        value = self._blob_column(sha256, "thumbnail")
        return bytes(value) if value is not None else None

    def remove(self, attachment_uuid: str) -> None:
        """Detach (tombstone) one attachment of a record of this office."""
        info = self._info_by_uuid(attachment_uuid)
        self.records.editable(info.record, Permission.EDIT_RECORDS)
        Attachment = self.ncen.system.Attachment
        with write_transaction(self.ncen.database):
            Attachment.update(deleted=True, version=Attachment.version + 1).where(
                Attachment.uuid == attachment_uuid).execute()
            wipe_unused_bytes(self.ncen.system, [info.sha256])
            audit.append(self.ncen.system, self.records.user.username, "detach",
                         record_type=info.record.record_type, record_origin=info.record.origin,
                         record_uuid=info.record.uuid, detail={"attachment": attachment_uuid})

    def purge_record(self, ref: RecordRef) -> None:
        """Tombstone every attachment of ``ref``, captions cleared, and wipe the bytes no
        live attachment uses; inside the caller's transaction (the record's tombstone)."""
        Attachment = self.ncen.system.Attachment
        of_record = ((Attachment.record_type == ref.record_type)
                     & (Attachment.record_origin == ref.origin)
                     & (Attachment.record_uuid == ref.uuid))
        hashes = [sha for (sha,) in Attachment.select(Attachment.blob).where(of_record).tuples()]
        Attachment.update(deleted=True, caption="").where(of_record).execute()
        wipe_unused_bytes(self.ncen.system, hashes)

    def _blob_column(self, sha256: str, column: str) -> Any:
        require(self.records.user.role, Permission.READ_RECORDS)
        Blob = self.ncen.system.AttachmentBlob
        row = Blob.select(getattr(Blob, column)).where(Blob.sha256 == sha256).tuples().first()
        if row is None:
            raise NotFoundError(f"no attachment with SHA-256 {sha256}")
        return row[0]

    def _info_by_uuid(self, attachment_uuid: str) -> AttachmentInfo:
        Attachment, Blob = self.ncen.system.Attachment, self.ncen.system.AttachmentBlob
        row = (Attachment.select(Attachment, Blob.sha256, Blob.media_type, Blob.size, Blob.width, Blob.height)
               .join(Blob)
               .where((Attachment.uuid == attachment_uuid) & (Attachment.deleted == False))  # noqa: E712
               .first())
        if row is None:
            raise NotFoundError(f"no attachment {attachment_uuid}")
        return _info(row)


def store_bytes(system: SystemModels, facts: AttachmentFacts, data: bytes) -> None:
    """Keep ``data`` under its SHA-256: insert the blob, or fill back wiped bytes."""
    Blob = system.AttachmentBlob
    if not Blob.select().where(Blob.sha256 == facts.sha256).exists():
        Blob.insert(sha256=facts.sha256, media_type=facts.media_type, size=facts.size,
                    width=facts.width, height=facts.height, data=data,
                    thumbnail=facts.thumbnail).execute()
    else:
        Blob.update(data=data, thumbnail=facts.thumbnail).where(
            (Blob.sha256 == facts.sha256) & (Blob.data == b"")).execute()


def bytes_held(system: SystemModels, sha256: str) -> bool:
    """True when the bytes with this SHA-256 are stored here (and not wiped)."""
    Blob = system.AttachmentBlob
    return Blob.select().where((Blob.sha256 == sha256) & (Blob.data != b"")).exists()


def wipe_unused_bytes(system: SystemModels, hashes: Iterable[str]) -> int:
    """Empty the bytes and thumbnail of the blobs in ``hashes`` that no live attachment
    uses any more (inside the caller's transaction); returns how many were wiped."""
    hashes = sorted(set(hashes))
    if not hashes:
        return 0
    Attachment, Blob = system.Attachment, system.AttachmentBlob
    live = Attachment.select(Attachment.blob).where(
        Attachment.blob.in_(hashes) & (Attachment.deleted == False))  # noqa: E712
    return (Blob.update(data=b"", thumbnail=None)
            .where(Blob.sha256.in_(hashes) & Blob.sha256.not_in(live) & (Blob.data != b""))
            .execute())


def _info(row: Any) -> AttachmentInfo:
    blob = row.blob
    return AttachmentInfo(
        uuid=row.uuid, origin=row.origin,
        record=RecordRef(row.record_type, row.record_origin, row.record_uuid),
        sha256=blob.sha256, media_type=blob.media_type, size=blob.size,
        width=blob.width, height=blob.height, category=row.category, caption=row.caption,
        created_at=row.created_at, created_by=row.created_by,
    )
