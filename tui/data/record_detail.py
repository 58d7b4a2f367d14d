"""Everything the record screen shows, read in one go on the database thread."""

from __future__ import annotations

from dataclasses import dataclass

from ncen_core import audit
from ncen_core.audit import AuditEvent
from ncen_core.errors import NcenError
from ncen_core.links import LINK_ROLE_CODELIST
from ncen_core.record_service import RecordService
from ncen_core.records import AttachmentInfo, LinkInfo, Record, RecordRef
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


def other_title(service: RecordService, ref: RecordRef) -> str:
    """The title of the record at the other end of a link, or why it cannot be shown."""
    try:
        return record_title(service, service.get(ref))
    except NcenError:
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
    links = [
        LinkRow(link, link.other(ref), other_title(service, link.other(ref)),
                role_label(service, link.role, language))
        for link in service.links.of(ref)
    ]
    links.sort(key=lambda row: (row.role_label, row.other_title))
    history = audit.history(service.ncen.system, ref.record_type, ref.origin, ref.uuid,
                            limit=HISTORY_LIMIT)
    return RecordDetail(record, record_title(service, record), links,
                        service.attachments.of(ref), history, investigation_of(service, ref))
