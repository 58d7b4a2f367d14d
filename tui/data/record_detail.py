"""Everything the record screen shows, read in one go on the database thread.

A few queries whatever the record holds: the record, its links, the titles at the other
ends (one query per record type), attachments (without their bytes), history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ncen_core import audit
from ncen_core.audit import AuditEvent
from ncen_core.links import LINK_ROLE_CODELIST
from ncen_core.record_service import RecordService
from ncen_core.record_store import held_identities, load_records, select_rows
from ncen_core.records import AttachmentInfo, LinkInfo, Record, RecordRef
from ncen_core.roles import Permission, require
from ncen_tui.data.investigation import Investigation, investigation_of

HISTORY_LIMIT = 200


@dataclass(frozen=True)
class LinkRow:
    """A link as seen from the record shown: the role, and the record at the other end."""

    link: LinkInfo
    other: RecordRef
    other_title: str
    role_label: str


@dataclass(frozen=True)
class RecordDetail:
    """One record with its links, attachments and audit history."""

    record: Record
    title: str
    links: list[LinkRow]
    attachments: list[AttachmentInfo]
    history: list[AuditEvent]
    investigation: Investigation | None = None


def record_title(service: RecordService, record: Record) -> str:
    """The one-line name of a record (its type's title template)."""
    record_type = service.ncen.registry.record_type(record.record_type)
    return record_type.title(record.values) or record.uuid


def titles_of(service: RecordService, refs: Iterable[RecordRef]) -> dict[RecordRef, str]:
    """The titles of the live records among ``refs``, one query per record type (the
    other ends of a record's links: reading each whole would be one query per link and
    child table)."""
    require(service.user.role, Permission.READ_RECORDS)
    by_type: dict[str, set[RecordRef]] = {}
    for ref in refs:
        by_type.setdefault(ref.record_type, set()).add(ref)
    titles: dict[RecordRef, str] = {}
    for type_name, wanted in by_type.items():
        if type_name not in service.ncen.registry.record_types:
            continue
        models = service.ncen.models_for(type_name)
        main = models.main
        rows = (select_rows(models)
                .where(held_identities(main, ((ref.origin, ref.uuid) for ref in wanted))
                       & (main.deleted == False)))  # noqa: E712
        for record in load_records(models, rows, models.record_type.title_fields):
            if record.ref in wanted:
                titles[record.ref] = models.record_type.title(record.values) or record.uuid
    return titles


def missing_title(ref: RecordRef) -> str:
    """What a link shows for a record this database does not hold (or no longer)."""
    return f"(not in this database: {ref.uuid})"


def role_label(service: RecordService, role: str, language: str) -> str:
    """A link role's label in ``language`` (the code itself when no list is installed)."""
    codelists = service.ncen.registry.codelists
    if LINK_ROLE_CODELIST not in codelists:
        return role
    return codelists.get(LINK_ROLE_CODELIST).label(role, language)


def load_detail(service: RecordService, ref: RecordRef, language: str) -> RecordDetail:
    """Read the record, its links grouped by role, its attachments and its history."""
    record = service.get(ref)
    links = service.links.of(ref)
    titles = titles_of(service, (link.other(ref) for link in links))
    links = [
        LinkRow(link, link.other(ref), titles.get(link.other(ref)) or missing_title(link.other(ref)),
                role_label(service, link.role, language))
        for link in links
    ]
    links.sort(key=lambda row: (row.role_label, row.other_title))
    history = audit.history(service.ncen.system, ref.record_type, ref.origin, ref.uuid,
                            limit=HISTORY_LIMIT)
    return RecordDetail(record, record_title(service, record), links,
                        service.attachments.of(ref), history, investigation_of(service, ref))
