"""The second pass over a verified package: UUID squatting, attachments present, record
values, then the version rules, writing every change inside the caller's transaction.

Any rule that fails raises the :class:`~..package_errors.PackageRejected` of its reason
and the caller rolls the whole package back. The latest version of every item is kept in
``comms_received_item`` (see :mod:`.versions`).

Lines are taken 500 at a time: the owners of their UUIDs and the versions held are read
once per batch, and records held here for the first time (most of a package) are written
together through the bulk path of imports, audit entries included. Replacements,
tombstones and withdrawals are written one by one, as the record service does.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ncen_core.app import Ncen
from ncen_core.errors import AttachmentError, ValidationError
from ncen_core.received_items import (
    blob_held,
    delete_received_attachment,
    delete_received_links_of,
    store_received_attachment,
    store_received_link,
)
from ncen_core.received_records import ReceivedRecords
from ncen_core.records import RecordRef

from .contents import PackageContents
from .json_lines import canonical_text, load_canonical
from .payload import AttachmentLine, LinkLine, RecordLine, WithdrawalLine
from .payload_errors import AttachmentMissing, Equivocation, InvalidRecord, UuidSquatting
from .squatting import UuidOwners
from .tables import ReceivingTables
from .versions import DELETED, LIVE, WITHDRAWN, Held, Verdict, judge

RECORD, LINK, ATTACHMENT = "record", "link", "attachment"
LOOKUP_BATCH = 500
Line = TypeVar("Line")


@dataclass
class Outcome:
    """What applying a package changed: counts, fields dropped, records to announce."""

    counts: Counter[str] = field(default_factory=Counter)
    dropped_fields: dict[str, set[str]] = field(default_factory=dict)
    saved: list[tuple[str, int]] = field(default_factory=list)


class PackageApplier:
    """Applies the contents of one package for ``actor``; call inside a write transaction."""

    def __init__(self, ncen: Ncen, tables: ReceivingTables, contents: PackageContents,
                 actor: str, now: dt.datetime):
        self.ncen = ncen
        self.tables = tables
        self.contents = contents
        self.package_id = contents.opened.manifest.package_id
        self.sender = contents.sender
        self.now = now
        self.writer = ReceivedRecords(ncen, actor)
        self.outcome = Outcome()
        self._held_versions: dict[tuple[str, str], Held | None] = {}
        self._first_copies: dict[str, tuple[RecordLine, dict[str, Any]]] = {}

    def apply(self) -> Outcome:
        """Apply every line of the package, in the order records, links, attachments."""
        if self.contents.opened.manifest.kind == "withdrawal":
            for _, withdrawal in self.contents.withdrawals():
                self._withdraw(withdrawal)
            return self.outcome
        owners = UuidOwners({name: models.main
                             for name, models in self.ncen.record_models.items()}, self.sender)
        for batch in _batches(self.contents.records()):
            owners.look_up(line.ref.uuid for _, line in batch)
            self._look_up_held(RECORD, [line.ref.uuid for _, line in batch])
            for where, line in batch:
                self._record(line, where, owners)
            self._write_first_copies()
        system = self.ncen.system
        link_owners = UuidOwners({LINK: system.Link}, self.sender)
        for batch in _batches(self.contents.links()):
            link_owners.look_up(link.uuid for _, link in batch)
            for where, link in batch:
                self._link(link, where, link_owners)
        attachment_owners = UuidOwners({ATTACHMENT: system.Attachment}, self.sender)
        for batch in _batches(self.contents.attachments()):
            attachment_owners.look_up(attachment.uuid for _, attachment in batch)
            for where, attachment in batch:
                self._attachment(attachment, where, attachment_owners)
        return self.outcome

    # -- records ---------------------------------------------------------------------------

    def _record(self, line: RecordLine, where: str, owners: UuidOwners) -> None:
        if line.ref.uuid in self._first_copies:
            self._write_first_copies()
        _check_squatting(owners, line.ref.uuid, line.ref.record_type, line.ref.origin, where)
        values = self._clean(line.ref.record_type, line.fields, where)
        held = self._held(RECORD, line.ref.uuid)
        judgement = judge(held, line.version, line.raw, merge_fields=True)
        if judgement.verdict is Verdict.EQUIVOCATION:
            raise Equivocation(
                f"{where}: {line.ref} version {line.version} differs from the version "
                f"{line.version} already received; the sender changed a record without "
                "raising its version")
        if judgement.verdict is Verdict.IGNORE:
            self.outcome.counts["ignored"] += 1
            return
        if line.deleted:
            self._forget_attachments(line.ref)
            record_id = self.writer.purge(line.ref, line.version, package_id=self.package_id,
                                          action="receive-tombstone", meta=line.meta)
            self.outcome.counts["tombstones"] += 1
        elif held is None and not owners.holds(line.ref.uuid, line.ref.record_type,
                                                line.ref.origin):
            self._first_copies[line.ref.uuid] = (line, values)
            return
        else:
            if judgement.line is not line.raw:  # the same version with more fields, merged
                values = self._clean(line.ref.record_type, judgement.line["fields"], where)
            record_id = self.writer.store(line.meta, values, package_id=self.package_id)
            self.outcome.counts["records"] += 1
        self._keep(held, RECORD, line.ref.origin, line.ref.uuid, line.ref.record_type,
                   line.version, DELETED if line.deleted else LIVE, judgement.line)
        assert record_id is not None
        self.outcome.saved.append((line.ref.record_type, record_id))

    def _write_first_copies(self) -> None:
        """Write the records seen for the first time, a batch at a time (the bulk path)."""
        by_type: dict[str, list[tuple[RecordLine, dict[str, Any]]]] = {}
        for line, values in self._first_copies.values():
            by_type.setdefault(line.ref.record_type, []).append((line, values))
        for record_type, entries in by_type.items():
            ids = self.writer.store_new_many(record_type, [(line.meta, values)
                                                           for line, values in entries],
                                             package_id=self.package_id)
            self.outcome.saved += [(record_type, record_id) for record_id in ids]
            self._keep_new(RECORD, [(line.ref.uuid, record_type, line.version, line.raw)
                                    for line, _ in entries])
            self.outcome.counts["records"] += len(entries)
        self._first_copies.clear()

    def _clean(self, record_type: str, fields: dict[str, Any], where: str) -> dict[str, Any]:
        try:
            values, dropped = self.writer.clean_values(record_type, fields)
        except ValidationError as error:
            raise InvalidRecord(f"{where}: {error}") from None
        if dropped:
            self.outcome.dropped_fields.setdefault(record_type, set()).update(dropped)
        return values

    def _withdraw(self, line: WithdrawalLine) -> None:
        held = self._held(RECORD, line.ref.uuid)
        if held is not None and (held.version > line.version or held.state == DELETED
                                 or (held.state == WITHDRAWN and held.version == line.version)):
            self.outcome.counts["ignored"] += 1
            return
        self._forget_attachments(line.ref)
        self._forget(LINK, delete_received_links_of(self.ncen, line.ref, self.sender))
        record_id = self.writer.purge(line.ref, line.version, package_id=self.package_id,
                                      action="withdrawn")
        raw = {"type": line.ref.record_type, "origin": line.ref.origin, "uuid": line.ref.uuid,
               "version": line.version, "reason": line.reason}
        self._keep(held, RECORD, line.ref.origin, line.ref.uuid, line.ref.record_type,
                   line.version, WITHDRAWN, raw)
        self.outcome.counts["withdrawn"] += 1
        if record_id is not None:
            self.outcome.saved.append((line.ref.record_type, record_id))

    def _forget_attachments(self, ref: RecordRef) -> None:
        """Forget the versions of the attachments a purge is about to delete, so they are
        taken again when the record comes back at a higher version."""
        Attachment = self.ncen.system.Attachment
        uuids = (Attachment.select(Attachment.uuid)
                 .where((Attachment.record_type == ref.record_type)
                        & (Attachment.record_origin == ref.origin)
                        & (Attachment.record_uuid == ref.uuid)))
        self._forget(ATTACHMENT, [uuid for (uuid,) in uuids.tuples()])

    def _forget(self, item: str, uuids: list[str]) -> None:
        """Drop the received versions of items deleted with a record."""
        Item = self.tables.ReceivedItem
        if uuids:
            Item.delete().where((Item.item == item) & (Item.origin == self.sender)
                                & Item.uuid.in_(uuids)).execute()
        for uuid in uuids:
            self._held_versions[(item, uuid)] = None

    # -- links and attachments -------------------------------------------------------------

    def _link(self, line: LinkLine, where: str, owners: UuidOwners) -> None:
        _check_squatting(owners, line.uuid, LINK, line.origin, where)
        held = self._held(LINK, line.uuid)
        if not self._versioned(held, LINK, line.uuid, line.version, line.raw, where):
            return
        try:
            store_received_link(self.ncen, line.raw, line.a, line.b)
        except ValidationError as error:
            raise InvalidRecord(f"{where}: {error}") from None
        self._keep(held, LINK, line.origin, line.uuid, "", line.version,
                   DELETED if line.deleted else LIVE, line.raw)
        self.outcome.counts["links"] += 1

    def _attachment(self, line: AttachmentLine, where: str, owners: UuidOwners) -> None:
        _check_squatting(owners, line.uuid, ATTACHMENT, line.origin, where)
        data = None if line.deleted else self._attachment_bytes(line, where)
        if not line.deleted and not self._record_live(line.record):
            self.outcome.counts["ignored"] += 1
            return
        held = self._held(ATTACHMENT, line.uuid)
        if not self._versioned(held, ATTACHMENT, line.uuid, line.version, line.raw, where):
            return
        try:
            if line.deleted:
                delete_received_attachment(self.ncen, line.origin, line.uuid)
            else:
                store_received_attachment(self.ncen, line.raw, line.record, data)
        except (ValidationError, AttachmentError) as error:
            raise InvalidRecord(f"{where}: {error}") from None
        self._keep(held, ATTACHMENT, line.origin, line.uuid, line.record.record_type,
                   line.version, DELETED if line.deleted else LIVE, line.raw)
        self.outcome.counts["attachments"] += 1

    def _attachment_bytes(self, line: AttachmentLine, where: str) -> bytes | None:
        """The bytes to store, or None when they are already held here."""
        limit = self.ncen.config.attachments.max_size_mb * 1_000_000
        part = next((p for p in self.contents.opened.manifest.parts
                     if p.name == f"blob-{line.sha256}"), None)
        if part is None:
            if blob_held(self.ncen, line.sha256):
                return None
            raise AttachmentMissing(
                f"{where}: attachment {line.uuid} needs part blob-{line.sha256}, which the "
                "package does not hold")
        if part.size != line.size or part.size > limit:
            raise InvalidRecord(
                f"{where}: attachment {line.uuid} declares {line.size} bytes, its part holds "
                f"{part.size} (the limit here is {limit})")
        return self.contents.blob(line.sha256)

    def _record_live(self, ref: RecordRef) -> bool:
        if ref.record_type not in self.ncen.record_models:
            return False
        main = self.ncen.models_for(ref.record_type).main
        return main.select().where((main.origin == ref.origin) & (main.uuid == ref.uuid)
                                   & (main.deleted == False)).exists()

    def _versioned(self, held: Held | None, item: str, uuid: str, version: int,
                   raw: dict[str, Any], where: str) -> bool:
        """True when a link or attachment version applies; counts it ignored otherwise."""
        judgement = judge(held, version, raw, merge_fields=False)
        if judgement.verdict is Verdict.EQUIVOCATION:
            raise Equivocation(
                f"{where}: {item} {uuid} version {version} differs from the version {version} "
                "already received")
        if judgement.verdict is Verdict.IGNORE:
            self.outcome.counts["ignored"] += 1
            return False
        return True

    # -- received versions -----------------------------------------------------------------

    def _look_up_held(self, item: str, uuids: list[str]) -> None:
        """Read the versions held of a batch of the sender's items at once."""
        Item = self.tables.ReceivedItem
        self._held_versions.update({(item, uuid): None for uuid in uuids})
        rows = (Item.select(Item.uuid, Item.version, Item.state, Item.line)
                .where((Item.item == item) & (Item.origin == self.sender)
                       & Item.uuid.in_(uuids)).tuples())
        for uuid, version, state, line in rows:
            self._held_versions[(item, uuid)] = Held(version, state, load_canonical(line))

    def _held(self, item: str, uuid: str) -> Held | None:
        """The version held of the sender's item ``uuid`` (read once, then kept current)."""
        if (item, uuid) not in self._held_versions:
            self._look_up_held(item, [uuid])
        return self._held_versions[(item, uuid)]

    def _keep(self, held: Held | None, item: str, origin: str, uuid: str, item_type: str,
              version: int, state: str, line: dict[str, Any]) -> None:
        """Record the version now held; ``held`` is what :meth:`_held` found before."""
        Item = self.tables.ReceivedItem
        row = {"item_type": item_type, "version": version, "state": state,
               "line": canonical_text(line), "package_id": self.package_id,
               "received_at": self.now}
        if held is None:
            Item.insert(item=item, origin=origin, uuid=uuid, **row).execute()
        else:
            Item.update(**row).where((Item.item == item) & (Item.origin == origin)
                                     & (Item.uuid == uuid)).execute()
        self._held_versions[(item, uuid)] = Held(version, state, line)

    def _keep_new(self, item: str, entries: list[tuple[str, str, int, dict[str, Any]]]) -> None:
        """Record live versions of items held for the first time, in one statement."""
        self.tables.ReceivedItem.insert_many([
            {"item": item, "origin": self.sender, "uuid": uuid, "item_type": item_type,
             "version": version, "state": LIVE, "line": canonical_text(line),
             "package_id": self.package_id, "received_at": self.now}
            for uuid, item_type, version, line in entries]).execute()
        for uuid, _, version, line in entries:
            self._held_versions[(item, uuid)] = Held(version, LIVE, line)


def _batches(lines: Iterator[Line]) -> Iterator[list[Line]]:
    """Lines in batches, so the owners of their UUIDs are looked up together."""
    while batch := list(itertools.islice(lines, LOOKUP_BATCH)):
        yield batch


def _check_squatting(owners: UuidOwners, uuid: str, label: str, origin: str,
                     where: str) -> None:
    holder = owners.other_owner(uuid, label, origin)
    if holder is not None:
        raise UuidSquatting(
            f"{where}: UUID {uuid} already belongs here to a {holder}; the package may not "
            f"reuse it for a {label} from {origin}")
