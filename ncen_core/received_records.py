"""Writing the read-only copies of records received from other offices.

The exchange import decides *whether* a received version applies (its rules live in
``plugins/comms/receiving``); this module decides *how* it is stored, so received copies
get exactly what the record service gives records made here: typed columns and child
rows, search, identifier and name indexes, maintained statistics and an audit entry, all
inside the caller's write transaction. Received values are validated against this office's
FieldSpecs without the "required" rule (a sender leaves out fields its audience may not see);
fields this office does not declare are dropped and reported to the caller.

A copy holds exactly the latest version: fields the version leaves out are cleared. A
tombstone (deleted by its office, or withdrawn from this office's audience) keeps its
row and version so an older version never brings it back, and loses its content, its
index entries and its attachments: the attachment rows and any bytes no other
attachment uses are deleted, not merely hidden. This office's own links of the copy are
tombstoned, as when a record made here is deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ncen_core import audit
from ncen_core.analysis.aggregates import live_values, record_changed
from ncen_core.app import Ncen
from ncen_core.identifier_index import (
    index_identifiers,
    index_identifiers_many,
    office_region,
    remove_identifiers,
)
from ncen_core.links import tombstone_links_of
from ncen_core.names.name_index import index_names, index_names_many, remove_names
from ncen_core.record_models import RecordModels
from ncen_core.record_store import scalar_columns, write_children
from ncen_core.records import RecordRef
from ncen_core.search_index import SearchIndex
from ncen_core.search_text import search_text
from ncen_core.timeutil import utcnow
from ncen_core.transfer.bulk_writer import BulkWriter, NewRecord
from ncen_core.validation import normalise_values


@dataclass(frozen=True)
class ReceivedVersion:
    """The metadata of one received version of a record, as its origin office wrote it."""

    ref: RecordRef
    version: int
    status: str
    distribution: str
    tlp: str
    legal_basis: str
    created_at: dt.datetime
    updated_at: dt.datetime


class ReceivedRecords:
    """Stores received versions in ``ncen`` on behalf of ``actor`` (who runs the import)."""

    def __init__(self, ncen: Ncen, actor: str):
        self.ncen = ncen
        self.actor = actor
        self._search = SearchIndex(ncen.database)

    def clean_values(self, record_type: str,
                     fields: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """The values this office declares, validated, and the names of those it does not.

        Raises :class:`~ncen_core.errors.ValidationError` for a value that fails a FieldSpec.
        """
        models = self.ncen.models_for(record_type)
        known = {spec.name for spec in models.record_type.fields}
        dropped = sorted(name for name in fields if name not in known)
        kept = {name: value for name, value in fields.items() if name in known}
        clean = normalise_values(models.record_type, kept, self.ncen.registry.codelists,
                                 check_required=False)
        return clean, dropped

    def copy_id(self, ref: RecordRef) -> int | None:
        """The row id of the copy of ``ref`` held here (live or tombstone), if any."""
        main = self.ncen.models_for(ref.record_type).main
        row = (main.select(main.id).where((main.origin == ref.origin) & (main.uuid == ref.uuid))
               .tuples().first())
        return row[0] if row else None

    def store(self, meta: ReceivedVersion, values: Mapping[str, Any], *,
              package_id: str) -> int:
        """Insert or replace the live copy with exactly ``values`` (from :meth:`clean_values`).

        A first copy skips the deletes a replacement needs (child rows, index entries).
        """
        models = self.ncen.models_for(meta.ref.record_type)
        record_type = models.record_type
        full = {**_cleared(models), **values}
        row = {**self._meta_columns(meta), "deleted": False, **scalar_columns(models, full)}
        record_id = self.copy_id(meta.ref)
        before = live_values(self.ncen, record_type.name, record_id)
        database, region = self.ncen.database, office_region(meta.ref.origin)
        if record_id is None:
            record_id = self._upsert(models, meta.ref, None, row)
            write_children(models, record_id, {name: rows for name, rows in full.items()
                                               if name in models.children and rows})
            self._search.index_many(record_type, [(record_id, search_text(record_type, full))])
            index_identifiers_many(database, record_type, [(record_id, full)], region=region)
            index_names_many(database, record_type, [(record_id, full)])
        else:
            self._upsert(models, meta.ref, record_id, row)
            write_children(models, record_id, full)
            self._search.index(record_type, record_id, search_text(record_type, full))
            index_identifiers(database, record_type, record_id, full, region=region)
            index_names(database, record_type, record_id, full)
        record_changed(self.ncen, record_type.name, meta.ref.origin, before, full)
        self._audit("receive", meta.ref, version=meta.version, package=package_id)
        return record_id

    def store_new_many(self, record_type: str,
                       items: Sequence[tuple[ReceivedVersion, Mapping[str, Any]]], *,
                       package_id: str) -> list[int]:
        """First copies of records of one type from one office, none held here yet, written
        together through the bulk path of imports; returns their ids in order."""
        models = self.ncen.models_for(record_type)
        origin = items[0][0].ref.origin
        writer = BulkWriter(self.ncen, record_type, username=origin, unit="", now=utcnow(),
                            origin=origin)
        ids = writer.write([NewRecord(meta.ref.uuid, {**_cleared(models), **values},
                                      self._meta_columns(meta)) for meta, values in items])
        audit.append_many(self.ncen.system, self.actor, [
            audit.NewEntry("receive", meta.ref.record_type, meta.ref.origin, meta.ref.uuid,
                           {"version": meta.version, "package": package_id})
            for meta, _ in items])
        return ids

    def purge(self, ref: RecordRef, version: int, *, package_id: str, action: str,
              meta: ReceivedVersion | None = None) -> int | None:
        """Turn the copy of ``ref`` into a tombstone at ``version``, content purged.

        With no copy held, a tombstone row is made from ``meta`` when given (a received
        tombstone); without ``meta`` (a withdrawal) nothing is stored. ``action`` names the
        audit entry (``receive-tombstone``, ``withdrawn``).
        """
        models = self.ncen.models_for(ref.record_type)
        cleared = _cleared(models)
        record_id = self.copy_id(ref)
        if record_id is None and meta is None:
            return None
        record_changed(self.ncen, ref.record_type, ref.origin,
                       live_values(self.ncen, ref.record_type, record_id), None)
        columns = {**scalar_columns(models, cleared), "deleted": True, "version": version}
        if meta is not None:
            columns.update(self._meta_columns(meta))
        record_id = self._upsert(models, ref, record_id, columns)
        write_children(models, record_id, cleared)
        self._search.remove(models.record_type, record_id)
        remove_identifiers(self.ncen.database, ref.record_type, record_id)
        remove_names(self.ncen.database, ref.record_type, record_id)
        self.purge_attachments(ref)
        links = tombstone_links_of(self.ncen, ref, self.actor)
        self._audit(action, ref, version=version, package=package_id,
                    **({"links": links} if links else {}))
        return record_id

    def purge_attachments(self, ref: RecordRef) -> None:
        """Delete the attachment rows of ``ref`` and any bytes no other attachment uses."""
        Attachment, Blob = self.ncen.system.Attachment, self.ncen.system.AttachmentBlob
        of_record = ((Attachment.record_type == ref.record_type)
                     & (Attachment.record_origin == ref.origin)
                     & (Attachment.record_uuid == ref.uuid))
        hashes = [sha for (sha,) in Attachment.select(Attachment.blob).where(of_record).tuples()]
        Attachment.delete().where(of_record).execute()
        if hashes:
            used = Attachment.select(Attachment.blob).where(Attachment.blob.in_(hashes))
            Blob.delete().where(Blob.sha256.in_(hashes) & Blob.sha256.not_in(used)).execute()

    def _meta_columns(self, meta: ReceivedVersion) -> dict[str, Any]:
        return {
            "version": meta.version, "status": meta.status, "distribution": meta.distribution,
            "tlp": meta.tlp, "legal_basis": meta.legal_basis, "unit": "",
            "created_at": meta.created_at, "created_by": meta.ref.origin,
            "updated_at": meta.updated_at, "updated_by": meta.ref.origin,
        }

    def _upsert(self, models: RecordModels, ref: RecordRef, record_id: int | None,
                columns: dict[str, Any]) -> int:
        """Update the copy ``record_id`` or, when None, insert it; returns its id."""
        main = models.main
        if record_id is None:
            return main.insert(uuid=ref.uuid, origin=ref.origin, **columns).execute()
        main.update(**columns).where(main.id == record_id).execute()
        return record_id

    def _audit(self, action: str, ref: RecordRef, **detail: Any) -> None:
        audit.append(self.ncen.system, self.actor, action, record_type=ref.record_type,
                     record_origin=ref.origin, record_uuid=ref.uuid, detail=detail)


def _cleared(models: RecordModels) -> dict[str, Any]:
    return {spec.name: ([] if spec.is_child_table else None)
            for spec in models.record_type.fields}
