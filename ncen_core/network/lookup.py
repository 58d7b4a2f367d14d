"""The SQL of link analysis: one round of batched queries per hop, never a table scan.

Every query is bounded by the records in hand: links by the indexed ends
``(type, origin, uuid)``, identifiers by the index on ``(record_type, record_id)``, holders of
an identifier by the primary key ``(kind, value, ...)``, records by id or ``(origin, uuid)``.
IN lists are cut into batches of :data:`BATCH` so no statement grows without bound.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from string import Formatter
from typing import Any

from ncen_core.app import Ncen
from ncen_core.identifier_index import TABLE as IDENTIFIER_TABLE
from ncen_core.record_models import field_columns
from ncen_core.record_store import value_of
from ncen_core.records import RecordRef
from ncen_core.search.visibility import Visibility

BATCH = 400
#: What the system itself may read: every live record (rules run for no particular user).
EVERYONE = Visibility(None, None)

#: A record inside the walk: (record type, id).
Key = tuple[str, int]


@dataclass(frozen=True)
class Found:
    """A live record the user may see, with its title."""

    key: Key
    ref: RecordRef
    title: str


def batches(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    """``items`` in slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def records_by_id(ncen: Ncen, keys: Iterable[Key], seen: Visibility) -> dict[Key, Found]:
    """The records among ``keys`` that are live and visible, with their titles."""
    by_type: dict[str, list[int]] = defaultdict(list)
    for record_type, record_id in keys:
        by_type[record_type].append(record_id)
    found: dict[Key, Found] = {}
    for record_type, ids in by_type.items():
        main = ncen.models_for(record_type).main
        for chunk in batches(sorted(set(ids))):
            found.update(_read(ncen, record_type, main.id.in_(list(chunk)), seen))
    return found


def records_by_ref(ncen: Ncen, refs: Iterable[RecordRef], seen: Visibility) -> dict[Key, Found]:
    """The records named by ``refs`` (link ends) that exist here, are live and visible."""
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for ref in refs:
        if ref.record_type in ncen.record_models:
            groups[(ref.record_type, ref.origin)].add(ref.uuid)
    found: dict[Key, Found] = {}
    for (record_type, origin), uuids in groups.items():
        main = ncen.models_for(record_type).main
        for chunk in batches(sorted(uuids)):
            found.update(_read(ncen, record_type,
                               (main.origin == origin) & main.uuid.in_(list(chunk)), seen))
    return found


def _read(ncen: Ncen, record_type: str, condition: Any, seen: Visibility) -> dict[Key, Found]:
    models = ncen.models_for(record_type)
    main, spec_type = models.main, models.record_type
    named = {name for _text, name, _spec, _conv in Formatter().parse(spec_type.title_template)
             if name}
    title_specs = [s for s in spec_type.fields if s.name in named and not s.is_child_table]
    columns = ["id", "origin", "uuid"] + [c for s in title_specs for c in field_columns(s)]
    query = main.select(*[main._meta.columns[c] for c in columns]).where(
        condition & (main.deleted == False))
    if seen.units is not None:
        query = query.where(main.unit.in_(list(seen.units)))
    if seen.statuses is not None:
        query = query.where(main.status.in_(list(seen.statuses)))
    found = {}
    for row in query.dicts():
        title = spec_type.title({s.name: value_of(s, row) for s in title_specs})
        key = (record_type, row["id"])
        found[key] = Found(key, RecordRef(record_type, row["origin"], row["uuid"]), title)
    return found


def links_of(ncen: Ncen, refs: Iterable[RecordRef]) -> list[tuple[RecordRef, RecordRef, str]]:
    """Live links with an end among ``refs``: (a, b, role)."""
    Link = ncen.system.Link
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for ref in refs:
        groups[(ref.record_type, ref.origin)].add(ref.uuid)
    found: dict[tuple[RecordRef, RecordRef, str], None] = {}
    for (record_type, origin), uuids in groups.items():
        for chunk in batches(sorted(uuids)):
            for side in ("a", "b"):
                condition = ((getattr(Link, f"{side}_type") == record_type)
                             & (getattr(Link, f"{side}_origin") == origin)
                             & getattr(Link, f"{side}_uuid").in_(list(chunk))
                             & (Link.deleted == False))
                for row in Link.select(Link.a_type, Link.a_origin, Link.a_uuid, Link.b_type,
                                       Link.b_origin, Link.b_uuid, Link.role).where(condition):
                    found[(RecordRef(row.a_type, row.a_origin, row.a_uuid),
                           RecordRef(row.b_type, row.b_origin, row.b_uuid), row.role)] = None
    return list(found)


def identifiers_of(ncen: Ncen, keys: Iterable[Key],
                   kinds: Sequence[str]) -> list[tuple[Key, str, str]]:
    """(record, kind, value) of every identifier of ``kinds`` held by the records ``keys``."""
    by_type: dict[str, list[int]] = defaultdict(list)
    for record_type, record_id in keys:
        by_type[record_type].append(record_id)
    database, p = ncen.database, ncen.database.param
    wanted = set(kinds)
    found = []
    for record_type, ids in by_type.items():
        for chunk in batches(sorted(set(ids))):
            sql = (f"SELECT record_id, kind, value FROM {IDENTIFIER_TABLE} WHERE record_type = {p}"
                   f" AND record_id IN ({', '.join(p for _ in chunk)})")
            for record_id, kind, value in database.execute_sql(sql, [record_type, *chunk]):
                if kind in wanted:
                    found.append(((record_type, record_id), kind, value))
    return found


def holder_counts(ncen: Ncen, pairs: Sequence[tuple[str, str]],
                  limit: int) -> dict[tuple[str, str], int]:
    """How many records hold each (kind, value), each counted up to ``limit`` at most (one
    statement per batch; a value held by a million records costs ``limit`` index entries)."""
    database, p = ncen.database, ncen.database.param
    counts: dict[tuple[str, str], int] = {}
    for chunk in batches(list(pairs), BATCH // 2):
        parts = [f"SELECT {n} AS n, (SELECT COUNT(*) FROM (SELECT 1 FROM {IDENTIFIER_TABLE} "
                 f"WHERE kind = {p} AND value = {p} LIMIT {int(limit)}) AS held{n}) AS c"
                 for n in range(len(chunk))]
        params = [item for pair in chunk for item in pair]
        for n, count in database.execute_sql(" UNION ALL ".join(parts), params):
            counts[chunk[n]] = count
    return counts


def holders(ncen: Ncen, pairs: Sequence[tuple[str, str]]) -> list[tuple[Key, str, str]]:
    """(record, kind, value) of every record holding one of ``pairs``."""
    database, p = ncen.database, ncen.database.param
    found = []
    for chunk in batches(sorted(pairs), BATCH // 2):
        where = " OR ".join(f"(kind = {p} AND value = {p})" for _ in chunk)
        sql = f"SELECT record_type, record_id, kind, value FROM {IDENTIFIER_TABLE} WHERE {where}"
        params = [item for pair in chunk for item in pair]
        for record_type, record_id, kind, value in database.execute_sql(sql, params):
            found.append(((record_type, record_id), kind, value))
    return found
