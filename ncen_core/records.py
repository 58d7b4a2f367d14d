"""What the record service hands out: records, references, pages, links and attachments.

These are plain frozen values, detached from the database, so the TUI, the CLI and the
exchange layer can hold them without holding a connection.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Mapping


@dataclass(frozen=True)
class RecordRef:
    """Identity of a record across offices: its type, origin office and UUID."""

    record_type: str
    origin: str
    uuid: str

    def __str__(self) -> str:
        return f"{self.record_type}:{self.origin}:{self.uuid}"


@dataclass(frozen=True)
class Record:
    """One record with its metadata and field values.

    ``values`` maps field names to canonical values: groups are lists of dicts, multi-code
    fields lists of codes, quantities :class:`ncen_core.validation.Quantity`.
    """

    record_type: str
    id: int
    uuid: str
    origin: str
    version: int
    status: str
    distribution: str
    tlp: str
    legal_basis: str
    unit: str
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str
    deleted: bool
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ref(self) -> RecordRef:
        """The cross-office identity of this record."""
        return RecordRef(self.record_type, self.origin, self.uuid)


@dataclass(frozen=True)
class PageCursor:
    """Where the next page starts: the sort value and id of the last row shown."""

    sort_value: Any
    id: int


@dataclass(frozen=True)
class Page:
    """One page of a keyset-paginated list; ``next_cursor`` is None on the last page."""

    records: list[Record]
    next_cursor: PageCursor | None


@dataclass(frozen=True)
class LinkInfo:
    """A role-carrying link between two records."""

    uuid: str
    origin: str
    version: int
    a: RecordRef
    b: RecordRef
    role: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    confidence: int | None
    share_percent: Decimal | None
    note: str
    created_at: dt.datetime
    created_by: str

    def other(self, ref: RecordRef) -> RecordRef:
        """The end of the link that is not ``ref``."""
        return self.b if self.a == ref else self.a


@dataclass(frozen=True)
class AttachmentInfo:
    """An attachment of a record; the bytes are fetched separately by SHA-256."""

    uuid: str
    origin: str
    record: RecordRef
    sha256: str
    media_type: str
    size: int
    width: int | None
    height: int | None
    category: str
    caption: str
    created_at: dt.datetime
    created_by: str
