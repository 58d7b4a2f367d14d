"""What to share: the records of a query, or records named one by one.

Records are read in pages of :data:`PAGE` and handed on page by page, so a share of any
size holds one page of records in memory at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ncen_core.errors import NotFoundError
from ncen_core.record_service import RecordService
from ncen_core.record_store import load_records, select_rows
from ncen_core.records import Record, RecordRef
from ncen_core.roles import Permission, require
from ncen_core.search.engine import search

from .errors import ShareError

PAGE = 500


@dataclass(frozen=True)
class Selection:
    """A query in the query language, or explicit references (not both)."""

    query: str | None = None
    refs: tuple[RecordRef, ...] = ()


def parse_reference(text: str, office_code: str) -> RecordRef:
    """``TYPE:UUID`` (a record of this office) or ``TYPE:ORIGIN:UUID``."""
    parts = text.strip().split(":")
    if len(parts) == 2 and all(parts):
        return RecordRef(parts[0], office_code, parts[1])
    if len(parts) == 3 and all(parts):
        return RecordRef(parts[0], parts[1].upper(), parts[2])
    raise ShareError(f"record reference {text!r}: expected TYPE:UUID or TYPE:ORIGIN:UUID")


def selected_pages(service: RecordService, selection: Selection) -> Iterator[list[Record]]:
    """Pages of the selected records (tombstones included when named explicitly)."""
    if selection.query is not None:
        yield from _query_pages(service, selection.query)
        return
    refs = list(dict.fromkeys(selection.refs))
    for start in range(0, len(refs), PAGE):
        yield _load(service, refs[start:start + PAGE])


def _load(service: RecordService, refs: list[RecordRef]) -> list[Record]:
    """The records ``refs`` name, tombstones included, in their order; one query per type
    and origin (and per child table), not per record."""
    require(service.user.role, Permission.READ_RECORDS)
    wanted: dict[tuple[str, str], list[str]] = {}
    for ref in refs:
        wanted.setdefault((ref.record_type, ref.origin), []).append(ref.uuid)
    found: dict[RecordRef, Record] = {}
    for (record_type, origin), uuids in wanted.items():
        models = service.ncen.models_for(record_type)
        main = models.main
        rows = select_rows(models).where((main.origin == origin) & main.uuid.in_(uuids))
        found.update({record.ref: record for record in load_records(models, rows)})
    missing = [ref for ref in refs if ref not in found]
    if missing:
        raise NotFoundError(f"no {missing[0].record_type} record {missing[0].uuid} from "
                            f"{missing[0].origin}")
    return [found[ref] for ref in refs]


def _query_pages(service: RecordService, query: str) -> Iterator[list[Record]]:
    cursor = None
    while True:
        results = search(service.ncen, service.user, query, limit=PAGE, cursor=cursor)
        ids: dict[str, list[int]] = {}
        for hit in results.hits:
            ids.setdefault(hit.record_type, []).append(hit.record_id)
        loaded: dict[tuple[str, int], Record] = {}
        for record_type, record_ids in ids.items():
            models = service.ncen.models_for(record_type)
            rows = select_rows(models).where(models.main.id.in_(record_ids))
            loaded.update({(record_type, r.id): r for r in load_records(models, rows)})
        yield [loaded[(hit.record_type, hit.record_id)] for hit in results.hits
               if (hit.record_type, hit.record_id) in loaded]
        if results.next_cursor is None:
            return
        cursor = results.next_cursor
