"""Writing validated records in bulk: batches of rows with executemany on the raw connection.

The record service writes a record with several statements (about 19k rows/s at best); an
import of a national register takes the fast path of DESIGN §9 instead: rows are built as
tuples and written with ``executemany`` on the connection's cursor (about 250k rows/s on
SQLite) -- the main table, every child table and the indexes (full text, identifiers,
names), batch by batch, inside the import's single write transaction. Columns come from
the generated models, so the writer serves every record type, custom fields included, with
no column list of its own.

The writer assigns ids itself, so child rows name their record without reading anything
back. On SQLite the import holds the write lock from its first statement, so the ids
after the largest one are free; on PostgreSQL they come from the table's sequence, one
statement per batch.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import peewee as pw

from ncen_core.analysis.aggregates import records_added
from ncen_core.app import Ncen
from ncen_core.fields import FieldSpec, Kind
from ncen_core.identifier_index import index_identifiers_many, office_region
from ncen_core.names.name_index import index_names_many
from ncen_core.record_store import quantity_columns, quantity_values
from ncen_core.search_index import SearchIndex
from ncen_core.search_text import search_text
from ncen_core.storage import is_sqlite
from ncen_core.transfer.identity import existing_ids


class TableWriter:
    """``executemany`` INSERT into the table of one model, every column of it.

    Values are the canonical Python values of :func:`normalise_values` (str, int, Decimal,
    date, datetime, bool), which both drivers adapt exactly as peewee's own inserts do, so
    rows are handed over without a per-value conversion call. Rows are given as mappings
    (:meth:`insert`) or, by the bulk writers that make millions of them, as tuples of the
    ``leading`` columns (:meth:`insert_tuples`), the other columns taking their value from
    ``constants`` or the model's default.
    """

    def __init__(self, database: pw.Database, model: type[pw.Model], *, with_id: bool,
                 leading: Sequence[str] = (), constants: Mapping[str, Any] | None = None):
        fields = [f for f in model._meta.sorted_fields
                  if with_id or f is not model._meta.primary_key]
        names = [f.column_name for f in fields]
        unknown = set(leading) - set(names)
        if unknown:
            raise ValueError(f"not columns of {model._meta.table_name}: {sorted(unknown)}")
        self.database = database
        self.columns = [*leading, *(name for name in names if name not in leading)]
        self.defaults = {f.column_name: f.default() if callable(f.default) else f.default
                         for f in fields}
        self.tail = tuple((constants or {}).get(name, self.defaults[name])
                          for name in self.columns[len(leading):])
        self._row = operator.itemgetter(*self.columns)
        param = "?" if is_sqlite(database) else "%s"
        names_sql = ", ".join(f'"{column}"' for column in self.columns)
        self.sql = (f'INSERT INTO "{model._meta.table_name}" ({names_sql}) '
                    f"VALUES ({', '.join([param] * len(fields))})")

    def insert(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Insert ``rows`` (column name -> Python value, the model's default when absent)."""
        defaults, row_of, width = self.defaults, self._row, len(self.columns)
        params = [row_of(row if len(row) == width else {**defaults, **row}) for row in rows]
        return self._execute(params)

    def insert_tuples(self, rows: Iterable[tuple[Any, ...]]) -> int:
        """Insert ``rows``, each the values of the ``leading`` columns in their order."""
        tail = self.tail
        return self._execute([row + tail for row in rows] if tail else list(rows))

    def _execute(self, params: list[tuple[Any, ...]]) -> int:
        if params:
            self.database.cursor().executemany(self.sql, params)
        return len(params)


class IdAllocator:
    """Ids for new rows of one table, handed out in increasing order."""

    def __init__(self, database: pw.Database, model: type[pw.Model]):
        self.database = database
        self.model = model
        self.first: int | None = None
        self._next: int | None = None

    def take(self, count: int) -> list[int]:
        """``count`` unused ids (inside the import's write transaction)."""
        if count == 0:
            return []
        if is_sqlite(self.database):
            if self._next is None:
                self._next = (self.model.select(pw.fn.MAX(self.model.id)).scalar() or 0) + 1
            ids = list(range(self._next, self._next + count))
            self._next += count
        else:
            cursor = self.database.execute_sql(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                (self.model._meta.table_name, count))
            ids = sorted(row[0] for row in cursor.fetchall())
        if self.first is None:
            self.first = ids[0]
        return ids


@dataclass(frozen=True)
class NewRecord:
    """A validated record to insert: its UUID, canonical values and metadata."""

    uuid: str
    values: Mapping[str, Any]
    meta: Mapping[str, Any]


class BulkWriter:
    """Inserts new records of one type for one user, in batches.

    ``origin`` is this office unless given: the exchange import writes first copies of
    another office's records through the same fast path (their metadata in
    :attr:`NewRecord.meta`).
    """

    def __init__(self, ncen: Ncen, record_type: str, *, username: str, unit: str,
                 now: dt.datetime, origin: str | None = None):
        self.ncen = ncen
        self.models = ncen.models_for(record_type)
        self.record_type = self.models.record_type
        self.origin = origin or ncen.office_code
        self.database = ncen.database
        self.scalars = ColumnLayout(spec for spec in self.record_type.fields
                                    if not spec.is_child_table)
        field_columns = {"id", "uuid", *self.scalars.columns}
        #: Metadata columns (status, created_at...): the stamp's, or a record's own meta.
        self.meta_columns = [f.column_name for f in self.models.main._meta.sorted_fields
                             if f.column_name not in field_columns]
        self.main = TableWriter(self.database, self.models.main, with_id=True,
                                leading=["id", "uuid", *self.meta_columns,
                                         *self.scalars.columns])
        #: The metadata of the records written, unless their own meta says otherwise.
        self.stamp = {**{name: self.main.defaults[name] for name in self.meta_columns},
                      "origin": self.origin, "version": 1, "unit": unit, "created_at": now,
                      "created_by": username, "updated_at": now, "updated_by": username,
                      "deleted": False}
        self._meta_row = operator.itemgetter(*self.meta_columns)
        self.child_specs = [spec for spec in self.record_type.fields if spec.is_child_table]
        self.child_layouts = {spec.name: ColumnLayout(spec.fields) for spec in self.child_specs
                              if spec.kind is not Kind.CODES}
        self.children = {
            name: TableWriter(self.database, model, with_id=False, leading=[
                "record_id", "position",
                *(self.child_layouts[name].columns if name in self.child_layouts else ["code"])])
            for name, model in self.models.children.items()}
        self.ids = IdAllocator(self.database, self.models.main)
        self.search = SearchIndex(self.database)
        self.region = office_region(self.origin)

    def existing(self, uuids: list[str]) -> dict[str, int]:
        """Ids of the records of this office among ``uuids``."""
        return existing_ids(self.models.main, self.origin, uuids)

    def written_by_this_import(self, record_id: int) -> bool:
        """True for the id of a record this writer inserted."""
        return self.ids.first is not None and record_id >= self.ids.first

    def write(self, records: Sequence[NewRecord]) -> list[int]:
        """Insert ``records`` with their child rows and index entries; returns their ids."""
        ids = self.ids.take(len(records))
        stamp, meta_row, scalars = self.stamp, self._meta_row, self.scalars
        self.main.insert_tuples(
            (record_id, record.uuid, *meta_row({**stamp, **record.meta}),
             *scalars(record.values))
            for record_id, record in zip(ids, records))
        for spec in self.child_specs:
            self.children[spec.name].insert_tuples(
                row for record_id, record in zip(ids, records)
                for row in child_rows(spec, record_id, record.values.get(spec.name),
                                      self.child_layouts.get(spec.name)))
        self._index(ids, records)
        records_added(self.ncen, self.record_type.name, self.origin,
                      (record.values for record in records))
        return ids

    def _index(self, ids: list[int], records: Sequence[NewRecord]) -> None:
        """The one place where imported records reach the indexes the record service keeps:
        full text, identifiers (read in this office's country) and names; :meth:`write`
        then adds the batch to the maintained statistics."""
        record_type = self.record_type
        entries = [(record_id, record.values) for record_id, record in zip(ids, records)]
        self.search.index_many(record_type, ((record_id, search_text(record_type, values))
                                             for record_id, values in entries))
        index_identifiers_many(self.database, record_type, entries, region=self.region)
        index_names_many(self.database, record_type, entries)


class ColumnLayout:
    """The columns of scalar fields, as :mod:`record_store` lays them out (one
    column named after the field, four for a quantity), and their values for many records:
    the fields are sorted by kind once, and the plain ones are read in one C-level pass per
    record."""

    def __init__(self, specs: Iterable[FieldSpec]):
        specs = list(specs)
        self.plain = [spec.name for spec in specs if spec.kind is not Kind.QUANTITY]
        self.quantity_names = [spec.name for spec in specs if spec.kind is Kind.QUANTITY]
        self.columns = [*self.plain, *(column for name in self.quantity_names
                                       for column in quantity_columns(name))]

    def __call__(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        """The values of :attr:`columns` for a record (or group row) with ``values``."""
        row = tuple(map(values.get, self.plain))
        for name in self.quantity_names:
            row += quantity_values(values.get(name))
        return row


def child_rows(spec: FieldSpec, record_id: int, items: Any,
               layout: ColumnLayout | None) -> Iterable[tuple[Any, ...]]:
    """The child-table rows of one group (with its ``layout``) or multi-code field (without)
    of a record: record id, position, then the layout's columns (or the code)."""
    for position, item in enumerate(items or (), start=1):
        if layout is None:
            yield record_id, position, item
        else:
            yield record_id, position, *layout(item)
