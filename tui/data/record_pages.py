"""Pages of a record list, by key, in either direction, with simple equality filters.

A page's records hold the list's columns: child tables outside them are not read (one
query a page, not one per child table); opening a record reads it whole.

Lists are :meth:`RecordService.list` itself; a filtered list adds equality conditions on
the record type's indexed fields or its status, so a page costs the same anywhere in a
million rows. Moving up is paging in the opposite direction from the first row shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ncen_core.fields import Kind, RecordType
from ncen_core.record_service import RecordService
from ncen_core.record_store import load_records, select_rows
from ncen_core.records import Page, PageCursor, Record
from ncen_core.roles import Permission, require

STATUS_FILTER = "status"
PAGE_SIZE = 50
FILTER_KINDS = frozenset({Kind.TEXT, Kind.CODE, Kind.COUNTRY, Kind.BOOL, Kind.DATE, Kind.INT})


@dataclass(frozen=True)
class ListOrder:
    """How a list is sorted: one of the record service's sort columns, and the direction."""

    column: str = "updated_at"
    descending: bool = True

    def describe(self) -> str:
        """``updated_at ↓`` for the list's title line."""
        return f"{self.column.replace('_', ' ')} {'↓' if self.descending else '↑'}"


def filter_fields(record_type: RecordType) -> list[str]:
    """Fields a list can be filtered on: indexed, filterable, single-valued."""
    return [spec.name for spec in record_type.fields
            if spec.indexed and spec.filterable and spec.kind in FILTER_KINDS]


def cursor_of(record: Record, order: ListOrder) -> PageCursor:
    """The keyset position of ``record`` in a list sorted by ``order``."""
    return PageCursor(getattr(record, order.column), record.id)


def fetch_page(service: RecordService, record_type: str, order: ListOrder,
               after: PageCursor | None, *, backwards: bool = False,
               filters: Mapping[str, Any] | None = None, limit: int = PAGE_SIZE) -> Page:
    """The page after ``after`` (or, ``backwards``, the page before it, in display order)."""
    descending = order.descending != backwards
    type_spec = service.ncen.registry.record_type(record_type)
    allowed = {*filter_fields(type_spec), STATUS_FILTER}
    for name in filters or {}:
        if name not in allowed:
            raise KeyError(name)
    page = service.list(record_type, order_by=order.column, descending=descending, after=after,
                        limit=limit, fields=type_spec.list_columns, equal=filters)
    if backwards:
        return Page(list(reversed(page.records)), page.next_cursor)
    return page


def find_by_key(service: RecordService, record_type: str, field: str, text: str,
                limit: int = 20) -> list[Record]:
    """Live records whose ``field`` (an indexed column) equals ``text``, newest first,
    with the list's columns (the record opened is then read whole)."""
    require(service.user.role, Permission.READ_RECORDS)
    models = service.ncen.models_for(record_type)
    main = models.main
    rows = (select_rows(models)
            .where((getattr(main, field) == text.strip()) & (main.deleted == False))  # noqa: E712
            .order_by(main.updated_at.desc(), main.id.desc()).limit(limit))
    return load_records(models, rows, models.record_type.list_columns)


def jump_field(record_type: RecordType) -> str | None:
    """The field a user jumps by: ``reference`` when the type has one, else the first
    indexed text column of its list."""
    if record_type.has_field("reference"):
        return "reference"
    for name in record_type.list_columns:
        spec = record_type.field(name)
        if spec.indexed and spec.kind is Kind.TEXT:
            return name
    return None


def find_by_prefix(service: RecordService, record_type: str, field: str, text: str,
                   limit: int = 20) -> list[Record]:
    """Live records whose ``field`` starts with ``text`` (any case), for record pickers."""
    require(service.user.role, Permission.READ_RECORDS)
    models = service.ncen.models_for(record_type)
    main = models.main
    rows = (select_rows(models)
            .where(getattr(main, field).startswith(text.strip())
                   & (main.deleted == False))  # noqa: E712
            .order_by(getattr(main, field), main.id).limit(limit))
    return load_records(models, rows)
