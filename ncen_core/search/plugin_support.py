"""What a database plugin calls from its ``search`` hook to answer for its record type.

A plugin's implementation is one line::

    @hookimpl
    def search(request):
        return answer_search(request, SEIZURE.name)

The engine has already parsed the query, bound it to the record type and decided what the
user may see; this runs the streams of :mod:`.streams` and turns their ids into hits with
titles, read in one query by primary key. Each stream answers up to ``request.limit + 1``
hits: the one beyond the page tells the engine that the stream goes on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from string import Formatter
from typing import Any

from ncen_core.declarations import SearchRequest
from ncen_core.fields import FieldSpec, RecordType
from ncen_core.record_models import RecordModels, field_columns
from ncen_core.record_store import value_of
from ncen_core.search.dialect import dialect_for
from ncen_core.search.request import (
    IDENTIFIER,
    NAME,
    RANKED,
    PreparedSearch,
    RankedHit,
)
from ncen_core.search.streams import Found, TypeStreams

_TIERS = {IDENTIFIER: 0, RANKED: 1, NAME: 2}
_NEWEST_TIER = 3
_EPOCH = dt.datetime(1970, 1, 1)


def answer_search(request: SearchRequest, record_type: str) -> list[RankedHit]:
    """Hits of ``record_type`` for ``request``.

    Only a :class:`PreparedSearch` carries the database and the bound query; a bare
    request (or one for other record types) gets no hits.
    """
    if not isinstance(request, PreparedSearch) or record_type not in request.plans:
        return []
    ncen = request.ncen
    models = ncen.models_for(record_type)
    dialect = dialect_for(ncen.database)
    dialect.prepare(ncen.database)
    streams = TypeStreams(ncen.database, dialect, models.record_type,
                          request.plans[record_type], request.visibility).run(request.limit)
    rows = _rows(models, {found.id for hits in streams.values() for found in hits})
    return [_hit(models, rows[found.id], found, f"{record_type}/{stream}")
            for stream, hits in streams.items() for found in hits if found.id in rows]


def _rows(models: RecordModels, ids: set[int]) -> dict[int, Mapping[str, Any]]:
    """The columns a hit needs (identity, entry time, title fields) of the rows ``ids``."""
    if not ids:
        return {}
    main = models.main
    names = ["id", "uuid", "origin", "created_at"]
    for spec in _title_fields(models.record_type):
        names.extend(field_columns(spec))
    query = (main.select(*[main._meta.columns[name] for name in names])
             .where(main.id.in_(sorted(ids))).dicts())
    return {row["id"]: row for row in query}


def _title_fields(record_type: RecordType) -> list[FieldSpec]:
    """Scalar fields the title template names (the others show as empty)."""
    named = {name for _text, name, _spec, _conv in Formatter().parse(record_type.title_template)
             if name}
    return [spec for spec in record_type.fields if spec.name in named and not spec.is_child_table]


def _hit(models: RecordModels, row: Mapping[str, Any], found: Found, stream: str) -> RankedHit:
    record_type = models.record_type
    values = {spec.name: value_of(spec, row) for spec in _title_fields(record_type)}
    created_at = row["created_at"]
    tier = _TIERS.get(found.stage, _NEWEST_TIER)
    if found.stage in (RANKED, NAME):
        first = -found.relevance
    else:
        first = -(created_at - _EPOCH).total_seconds()
    return RankedHit(
        record_type.name, row["origin"], row["uuid"], record_type.title(values),
        found.relevance or 0.0,
        record_id=found.id, stage=found.stage, created_at=created_at, stream=stream,
        position=found.position, order=(tier, first, record_type.name, -found.id),
    )
