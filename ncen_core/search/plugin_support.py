"""What a database plugin calls from its ``search`` hook to answer for its record type.

A plugin's implementation is one line::

    @hookimpl
    def search(request):
        return answer_search(request, SEIZURE.name)

The engine has already parsed the query, bound it to the record type and decided what the
user may see; this runs the streams of :mod:`.streams`, which read each hit's identity and
title columns in the statement that finds it, and turns their rows into hits. Each stream
answers up to ``request.limit + 1`` hits: the one beyond the page tells the engine that the
stream goes on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from string import Formatter
from typing import Any
from weakref import WeakKeyDictionary

import peewee as pw

from ncen_core.declarations import SearchRequest
from ncen_core.fields import FieldSpec, RecordType
from ncen_core.record_models import RecordModels, field_columns
from ncen_core.record_store import value_of
from ncen_core.search.dialect import dialect_for
from ncen_core.search.request import (
    NAME,
    NEWEST_TIER,
    RANKED,
    TIERS,
    PreparedSearch,
    RankedHit,
)
from ncen_core.search.streams import Found, TypeStreams

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
    reader = _reader(models)
    streams = TypeStreams(ncen.database, dialect, models.record_type,
                          request.plans[record_type], request.visibility,
                          reader.columns).run(request.limit)
    return [_hit(models.record_type, reader, found, f"{record_type}/{stream}")
            for stream, hits in streams.items() for found in hits]


@dataclass(frozen=True)
class _HitReader:
    """The main-table columns a hit needs besides the id (identity, entry time, title
    fields), and how to read their driver values as peewee would (None: as they come)."""

    columns: tuple[str, ...]
    converters: tuple[Callable[[Any], Any] | None, ...]
    title_fields: tuple[FieldSpec, ...]

    def values(self, row: tuple[Any, ...]) -> dict[str, Any]:
        return {column: value if convert is None or value is None else convert(value)
                for column, convert, value in zip(self.columns, self.converters, row)}


def _converter(field: pw.Field) -> Callable[[Any], Any] | None:
    """How a hit reads ``field``: text as it comes, dates and times from ISO text straight
    away (SQLite; PostgreSQL already returns them typed), anything else as peewee does."""
    if isinstance(field, (pw.CharField, pw.TextField)):
        return None
    if isinstance(field, (pw.DateTimeField, pw.DateField)):
        parse = dt.datetime.fromisoformat if isinstance(field, pw.DateTimeField) \
            else dt.date.fromisoformat

        def read(value: Any, parse=parse, field=field) -> Any:
            if isinstance(value, str):
                try:
                    return parse(value)
                except ValueError:
                    pass
            return field.python_value(value)

        return read
    return field.python_value


# Built once per record type's model (models are rebuilt only with a new installation).
_READERS: WeakKeyDictionary[type[pw.Model], _HitReader] = WeakKeyDictionary()


def _reader(models: RecordModels) -> _HitReader:
    found = _READERS.get(models.main)
    if found is None:
        title_fields = tuple(_title_fields(models.record_type))
        columns = ["uuid", "origin", "created_at"]
        for spec in title_fields:
            columns.extend(field_columns(spec))
        converters = tuple(_converter(models.main._meta.columns[name]) for name in columns)
        found = _READERS[models.main] = _HitReader(tuple(columns), converters, title_fields)
    return found


def _title_fields(record_type: RecordType) -> list[FieldSpec]:
    """Scalar fields the title template names (the others show as empty)."""
    named = {name for _text, name, _spec, _conv in Formatter().parse(record_type.title_template)
             if name}
    return [spec for spec in record_type.fields if spec.name in named and not spec.is_child_table]


def _hit(record_type: RecordType, reader: _HitReader, found: Found, stream: str) -> RankedHit:
    row = reader.values(found.row)
    values = {spec.name: value_of(spec, row) for spec in reader.title_fields}
    created_at = row["created_at"]
    tier = TIERS.get(found.stage, NEWEST_TIER)
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
