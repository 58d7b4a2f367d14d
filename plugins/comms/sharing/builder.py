"""Building a share plan from a selection and an audience (:func:`build_share`).

For each selected record, in pages: the audience rules (:mod:`.rules`), then which
recipient offices still lack this version (:mod:`.ledger`; re-sharing is incremental),
then the fields that may go (:mod:`.allow_list`). Records due to the same offices go in
the same package, so one share to a group usually makes one package, and an office that
already holds a version never receives it again (a receiver would take the same version
with other fields as equivocation). Then tombstones of records the recipients hold and
this office has deleted since, links whose both ends the recipients hold or receive (the
ledger tracks links too, so a link made or removed after its ends were shared travels,
alone if need be, when one of them is selected again), and the attachments of records
sent with their personal data.

Every line is written to a temporary file as it is made, so memory holds one page of
records, plus a small key per record selected (to decide which links may go).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import IO, Any, Self

from ncen_core.declarations import Audience
from ncen_core.record_json import jsonable
from ncen_core.record_service import RecordService
from ncen_core.record_store import load_records, select_rows
from ncen_core.records import Record
from ncen_core.roles import Permission, require

from ..keyring import Keyring
from . import ledger, lines, non_nominal, rules
from .allow_list import FieldFilter, legal_basis_for
from .errors import ShareError
from .ledger_tables import HELD, build_ledger_models
from .plan import ATTACHMENTS, BLOB_PREFIX, LINKS, RECORDS, SHARE, PlannedPackage, SharePlan
from .recipients import recipients_for
from .selection import Selection, selected_pages

LINK_BATCH = 200
Key = tuple[str, str, str]


def build_share(service: RecordService, audience: Audience, selection: Selection,
                keyring: Keyring | None = None, *, workdir: Path | None = None) -> SharePlan:
    """Plan the share of ``selection`` with ``audience`` as the user of ``service``.

    ``keyring`` resolves the recipient offices; the non-nominal export needs none. The
    plan's files go in a private folder under ``workdir`` (the system's temporary folder
    by default; they hold personal data, so prefer the office's data folder). Nothing is
    written to the database.
    """
    require(service.user.role, Permission.EXPORT_REPORTS)
    if selection.query is None and not selection.refs:
        raise ShareError("say what to share: a query or at least one record reference")
    office = service.ncen.office_code
    recipients = () if audience.kind == "non_nominal" else recipients_for(audience, keyring,
                                                                          office)
    folder = Path(tempfile.mkdtemp(prefix="ncen-share-", dir=workdir))
    plan = SharePlan(service.ncen, service.user, audience, office, folder)
    try:
        with _Builder(service, plan, recipients) as builder:
            for page in selected_pages(service, selection):
                builder.add_page(page)
            builder.finish()
    except BaseException:
        plan.close()
        raise
    return plan


class _Draft:
    """A package being written: its open part files and what it carries."""

    def __init__(self, planned: PlannedPackage):
        self.planned = planned
        planned.parts_folder.mkdir(parents=True)
        self.records = (planned.parts_folder / RECORDS).open("w", encoding="utf-8")
        self.links = (planned.parts_folder / LINKS).open("w", encoding="utf-8")
        self.attachments = (planned.parts_folder / ATTACHMENTS).open("w", encoding="utf-8")
        self.ledger = planned.ledger_file.open("w", encoding="utf-8")
        self.link_ledger = planned.link_ledger_file.open("w", encoding="utf-8")
        self.blobs: set[str] = set()

    def add(self, record: Record, fields: dict[str, Any], basis: str | None) -> None:
        self.records.write(lines.dumps(lines.record_line(record, fields)) + "\n")
        action = "tombstone" if record.deleted else "record"
        self.ledger.write(lines.dumps({"record_type": record.record_type,
                                       "record_uuid": record.uuid, "version": record.version,
                                       "action": action, "legal_basis": basis or ""}) + "\n")
        if record.deleted:
            self.planned.tombstones += 1
        else:
            self.planned.records += 1
            self.planned.with_personal_data += basis is not None

    def add_link(self, link: Any, with_note: bool) -> None:
        self.links.write(lines.dumps(lines.link_line(link, with_note=with_note)) + "\n")
        action = "tombstone" if link.deleted else "record"
        self.link_ledger.write(lines.dumps({"record_type": ledger.LINK_TYPE,
                                            "record_uuid": link.uuid, "version": link.version,
                                            "action": action}) + "\n")
        self.planned.links += 1

    def close(self) -> None:
        for handle in (self.records, self.links, self.attachments, self.ledger,
                       self.link_ledger):
            handle.close()


class _Builder:
    """Writes the plan's files while records stream through it."""

    def __init__(self, service: RecordService, plan: SharePlan, recipients: tuple[str, ...]):
        self.ncen = service.ncen
        self.plan = plan
        self.audience = plan.audience
        self.office = plan.office
        self.recipients = recipients
        self.ledger = build_ledger_models(self.ncen.system.proxy)
        self.filter = FieldFilter(self.ncen.plugins, self.audience)
        self.drafts: dict[frozenset[str], _Draft] = {}
        self.sent_to: dict[Key, frozenset[str]] = {}
        self.held_elsewhere: dict[Key, frozenset[str]] = {}
        self.link_sources: list[str] = []
        self.with_attachments: dict[tuple[str, str], tuple[_Draft, Record]] = {}
        self.held = plan.held_back_file.open("w", encoding="utf-8")
        self.export: IO[str] | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.held.close()
        if self.export is not None:
            self.export.close()
        for draft in self.drafts.values():
            draft.close()

    # -- records ---------------------------------------------------------------------------

    def add_page(self, page: list[Record]) -> None:
        keys = [(r.record_type, r.uuid) for r in page if r.origin == self.office]
        holdings = ledger.holdings(self.ledger, keys) if self.recipients else {}
        for record in page:
            if (record.record_type, record.origin, record.uuid) in self.sent_to:
                continue
            self._add(record, holdings.get((record.record_type, record.uuid), {}))
        self._attachments()

    def _add(self, record: Record, held: dict[str, ledger.Holding]) -> None:
        if record.deleted:
            self._add_tombstone(record, held)
            return
        reason = rules.refusal(record, self.audience, self.office)
        if reason is None and self.recipients:
            self.link_sources.append(record.uuid)
        if reason is None and self.audience.kind == "non_nominal":
            reason = self._export(record)
        if reason is None and self.recipients:
            due = frozenset(o for o in self.recipients if o not in held
                            or held[o].version < record.version)
            reason = _not_due(held, record) if not due else self._send(record, due)
        if reason is not None:
            self._hold_back(record, reason)

    def _send(self, record: Record, due: frozenset[str]) -> None:
        basis = legal_basis_for(record, self.audience)
        record_type = self.ncen.registry.record_type(record.record_type)
        draft = self._draft(due)
        draft.add(record, self.filter.values(record_type, record, basis is not None), basis)
        self.sent_to[(record.record_type, record.origin, record.uuid)] = due
        if basis is not None:
            self.with_attachments[(record.record_type, record.uuid)] = (draft, record)

    def _add_tombstone(self, record: Record, held: dict[str, ledger.Holding]) -> None:
        if record.origin != self.office:
            self._hold_back(record, f"received from {record.origin}: only the origin office "
                                    "shares it")
            return
        due = frozenset(o for o, h in held.items()
                        if o in self.recipients and h.state == HELD and h.version < record.version)
        if not due:
            self._hold_back(record, "deleted, and no recipient holds a copy")
            return
        self._draft(due).add(record, {}, None)
        self.sent_to[(record.record_type, record.origin, record.uuid)] = due
        self.link_sources.append(record.uuid)

    def _export(self, record: Record) -> str | None:
        if record.record_type not in non_nominal.RECORD_TYPES:
            return (f"the non-nominal export carries {', '.join(non_nominal.RECORD_TYPES)} "
                    "records only; persons appear as offender summaries")
        if self.export is None:
            self.export = self.plan.export_file.open("w", encoding="utf-8")
        record_type = self.ncen.registry.record_type(record.record_type)
        document = {"type": record.record_type, "uuid": record.uuid, "origin": record.origin,
                    "version": record.version,
                    "updated_at": jsonable(record.updated_at),
                    "fields": self.filter.values(record_type, record, False),
                    "offenders": non_nominal.offender_summary(self.ncen, record)}
        self.export.write(lines.dumps(document) + "\n")
        self.plan.export_count += 1
        return None

    def _hold_back(self, record: Record, reason: str) -> None:
        self.held.write(lines.dumps({"type": record.record_type, "origin": record.origin,
                                     "uuid": record.uuid, "version": record.version,
                                     "reason": reason}) + "\n")
        self.plan.held_back_count += 1

    def _draft(self, recipients: frozenset[str]) -> _Draft:
        draft = self.drafts.get(recipients)
        if draft is None:
            index = len(self.drafts) + 1
            planned = PlannedPackage(index, tuple(sorted(recipients)),
                                     self.plan.folder / f"package-{index}")
            draft = self.drafts[recipients] = _Draft(planned)
            self.plan.packages.append(planned)
        return draft

    # -- attachments -----------------------------------------------------------------------

    def _attachments(self) -> None:
        """Attachments of the page's records sent with personal data, in one query."""
        if not self.with_attachments:
            return
        Attachment, Blob = self.ncen.system.Attachment, self.ncen.system.AttachmentBlob
        uuids = [uuid for _, uuid in self.with_attachments]
        rows = (Attachment.select(Attachment, Blob.sha256, Blob.media_type, Blob.size)
                .join(Blob)
                .where((Attachment.origin == self.office)
                       & (Attachment.record_origin == self.office)
                       & Attachment.record_uuid.in_(uuids))
                .order_by(Attachment.id))
        for row in rows:
            found = self.with_attachments.get((row.record_type, row.record_uuid))
            if found is None:
                continue
            draft, record = found
            draft.attachments.write(lines.dumps(lines.attachment_line(row, record)) + "\n")
            draft.planned.attachments += 1
            if not row.deleted and row.blob.sha256 not in draft.blobs:
                self._write_blob(draft, row.blob.sha256)
        self.with_attachments.clear()

    def _write_blob(self, draft: _Draft, sha256: str) -> None:
        """One blob at a time from the database straight to its part file."""
        Blob = self.ncen.system.AttachmentBlob
        data = Blob.select(Blob.data).where(Blob.sha256 == sha256).scalar()
        (draft.planned.parts_folder / f"{BLOB_PREFIX}{sha256}").write_bytes(bytes(data))
        draft.blobs.add(sha256)

    # -- after the selection ---------------------------------------------------------------

    def finish(self) -> None:
        """Tombstones due to the recipients, links, then ``share.json`` of each package."""
        if self.recipients:
            self._tombstones_held()
            self._links()
        for draft in self.drafts.values():
            (draft.planned.parts_folder / SHARE).write_text(lines.dumps(lines.share_document(
                self.audience, draft.planned.records + draft.planned.tombstones)) + "\n",
                encoding="utf-8")

    def _tombstones_held(self) -> None:
        """Records the recipients hold that were deleted here since they were sent."""
        Holding = self.ledger.Holding
        for record_type, models in self.ncen.record_models.items():
            main = models.main
            uuids = (Holding.select(Holding.record_uuid).distinct()
                     .join(main, on=((main.uuid == Holding.record_uuid)
                                     & (main.origin == self.office)))
                     .where((Holding.record_type == record_type) & (Holding.state == HELD)
                            & Holding.office.in_(list(self.recipients))
                            & (main.deleted == True)
                            & (main.version > Holding.version))
                     .tuples())
            pending = [uuid for (uuid,) in uuids
                       if (record_type, self.office, uuid) not in self.sent_to]
            for start in range(0, len(pending), LINK_BATCH):
                chunk = pending[start:start + LINK_BATCH]
                rows = select_rows(models).where((main.origin == self.office)
                                                 & main.uuid.in_(chunk))
                self.add_page(load_records(models, rows))

    def _links(self) -> None:
        """Links of this office touching a selected record, to each recipient that has or
        receives both ends and is due this version of the link (:func:`_link_due`); a link
        made after both ends were shared goes alone when its ends are selected again."""
        Link = self.ncen.system.Link
        with_note = bool(self.audience.legal_basis.strip())
        seen: set[str] = set()
        for start in range(0, len(self.link_sources), LINK_BATCH):
            uuids = self.link_sources[start:start + LINK_BATCH]
            rows = list(Link.select().where((Link.origin == self.office)
                                            & (Link.a_uuid.in_(uuids) | Link.b_uuid.in_(uuids)))
                        .order_by(Link.id))
            fresh = [link for link in rows if link.uuid not in seen]
            seen.update(link.uuid for link in fresh)
            held = ledger.holdings(self.ledger, [(ledger.LINK_TYPE, link.uuid) for link in fresh])
            for link in fresh:
                holders = held.get((ledger.LINK_TYPE, link.uuid), {})
                due = frozenset(office for office in self.recipients
                                if _link_due(link, holders.get(office))
                                and self._link_ends_held(link, office))
                if due:
                    self._draft(due).add_link(link, with_note)

    def _link_ends_held(self, link: Any, office: str) -> bool:
        return (self._holds(office, (link.a_type, link.a_origin, link.a_uuid))
                and self._holds(office, (link.b_type, link.b_origin, link.b_uuid)))

    def _holds(self, office: str, end: Key) -> bool:
        """True when ``office`` has or receives record ``end``."""
        record_type, origin, uuid = end
        if origin == office or office in self.sent_to.get(end, ()):
            return True
        if origin != self.office:
            return False
        if end not in self.held_elsewhere:
            found = ledger.holdings(self.ledger, [(record_type, uuid)]).get((record_type, uuid), {})
            self.held_elsewhere[end] = frozenset(o for o, h in found.items() if h.state == HELD)
        return office in self.held_elsewhere[end]


def _link_due(link: Any, holding: ledger.Holding | None) -> bool:
    """A live link is due to an office without this version; a removed one only to an
    office that holds it."""
    if link.deleted:
        return holding is not None and holding.state == HELD and holding.version < link.version
    return holding is None or holding.version < link.version


def _not_due(held: dict[str, ledger.Holding], record: Record) -> str:
    withdrawn = sorted(o for o, h in held.items() if h.state != HELD)
    if withdrawn:
        return (f"withdrawn from {', '.join(withdrawn)} at version {record.version}; change "
                "the record to share it again")
    return f"every recipient already holds version {record.version}"
