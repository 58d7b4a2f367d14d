"""Maintained aggregates: per record type, month, office and category, the counts and sums
that dashboards read instead of scanning every record.

A full-table ``GROUP BY`` over a national register takes seconds (DESIGN §9); the dashboard
reads a few hundred rows of ``ncen_stat_month`` instead. One row per (record type, month of
the main date, origin office, category of the measure group: the commodity of a seizure's
items) holds the records, rows (items), normalised amounts per base unit and the value; the
category ``*`` row holds the same for all categories, so a record holding two commodities
counts once there. Amounts are kept as integers of millionths (values as cents), so adding
and subtracting never drifts and both backends hold identical numbers.

They are kept correct inside the transaction of every write:

- the record service calls :func:`record_changed` on create, update and tombstone (an edit
  that changes neither date, items nor office writes nothing here);
- the bulk import calls :func:`records_added` once per batch;
- applying records received from another office (:mod:`ncen_core.received_records`) calls
  :func:`record_changed` with the copy held before (:func:`live_values`) and after (None
  for a tombstone), inside its transaction.

``ncen db upgrade`` rebuilds them from the records (:func:`rebuild`) after the migration
that creates them, so an existing database starts with the right numbers. Only record types
whose main date is one of their fields and whose measure group has at most one value member
and the base units kg, l, u are aggregated; others are always answered by a GROUP BY.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import peewee as pw

from ncen_core.analysis.measures import MeasureGroup, measure_group
from ncen_core.analysis.periods import month_to
from ncen_core.fields import RecordType
from ncen_core.migrations import Migration
from ncen_core.record_models import table_name
from ncen_core.record_store import load_records, select_rows
from ncen_core.search.sql import quoted
from ncen_core.search.targets import main_date
from ncen_core.storage import is_sqlite

TABLE = "ncen_stat_month"
ALL = "*"
BASES = ("kg", "l", "u")
COUNTS = ("records", "item_rows", "amount_kg", "amount_l", "amount_u", "value_cents")
MICRO = Decimal(1_000_000)
_ZEROS = (0,) * len(COUNTS)
CENTS = Decimal(100)


def _create_table(database: pw.Database) -> None:
    database.execute_sql(
        f"CREATE TABLE {TABLE} (record_type VARCHAR(40) NOT NULL, month VARCHAR(7) NOT NULL, "
        "origin VARCHAR(32) NOT NULL, category VARCHAR(64) NOT NULL, "
        + ", ".join(f"{name} BIGINT NOT NULL DEFAULT 0" for name in COUNTS)
        + ", PRIMARY KEY (record_type, month, origin, category))")


PLUGIN = "analysis"
#: The analysis subsystem's migrations (registered by the core plugin). After any of them,
#: ``ncen db upgrade`` refills the aggregates of every record type (:func:`rebuilt_by`),
#: without rebuilding the search indexes.
MIGRATIONS = (Migration(PLUGIN, 1, "maintained statistics per month", _create_table),)


def rebuilt_by(migrations: Iterable[Migration]) -> bool:
    """True when applying ``migrations`` must refill every record type's aggregates."""
    return any(migration.plugin == PLUGIN for migration in migrations)


@dataclass(frozen=True)
class Layout:
    """Where a record type's aggregates come from: its date field and its measure group."""

    record_type: str
    date_field: str
    group: MeasureGroup


def layout(record_type: RecordType, codelists: Any = None) -> Layout | None:
    """The aggregate layout of ``record_type``, or None when it is not aggregated."""
    group = measure_group(record_type, codelists)
    date = main_date(record_type)
    if (group is None or group.category is None or len(group.values) > 1
            or not set(group.bases) <= set(BASES) or not record_type.has_field(date.name)):
        return None
    return Layout(record_type.name, date.column, group)


# -- upkeep ------------------------------------------------------------------------------


def record_changed(ncen: Any, record_type: str, origin: str,
                   before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> None:
    """Move one record's contribution from ``before`` to ``after`` (canonical values; None
    when the record did not exist or is a tombstone). Call inside the write transaction."""
    found = layout(ncen.registry.record_type(record_type), ncen.registry.codelists)
    if found is None:
        return
    delta: dict[tuple[str, str, str], tuple[int, ...]] = {}
    if after is not None:
        _add_to(delta, found, origin, after, 1)
    if before is not None:
        _add_to(delta, found, origin, before, -1)
    _apply(ncen.database, found.record_type, delta)


def live_values(ncen: Any, record_type: str, record_id: int | None) -> dict[str, Any] | None:
    """The stored values of a live record (None when there is none, or a tombstone): the
    ``before`` of :func:`record_changed` for writers that replace rows without reading them."""
    if record_id is None or layout(ncen.registry.record_type(record_type)) is None:
        return None
    models = ncen.models_for(record_type)
    rows = list(select_rows(models).where((models.main.id == record_id)
                                          & (models.main.deleted == False)))
    return load_records(models, rows)[0].values if rows else None


def records_added(ncen: Any, record_type: str, origin: str,
                  values: Iterable[Mapping[str, Any]]) -> None:
    """Add new records (a batch of an import) in one statement per batch."""
    found = layout(ncen.registry.record_type(record_type), ncen.registry.codelists)
    if found is None:
        return
    delta: dict[tuple[str, str, str], tuple[int, ...]] = {}
    for record in values:
        _add_to(delta, found, origin, record, 1)
    _apply(ncen.database, found.record_type, delta)


def _add_to(delta: dict[tuple[str, str, str], tuple[int, ...]], found: Layout, origin: str,
            values: Mapping[str, Any], sign: int) -> None:
    combine = operator.add if sign > 0 else operator.sub  # in C: an import adds millions
    for key, counts in contributions(found, origin, values).items():
        delta[key] = tuple(map(combine, delta.get(key, _ZEROS), counts))


def contributions(found: Layout, origin: str, values: Mapping[str, Any],
                  ) -> dict[tuple[str, str, str], tuple[int, ...]]:
    """What one record adds to each (month, origin, category) row."""
    day = values.get(found.date_field)
    month = f"{day.year:04d}-{day.month:02d}" if day is not None else ""
    group = found.group
    per_category: dict[str, list[int]] = {}
    total = [1, 0, 0, 0, 0, 0]
    for item in values.get(group.field) or ():
        row = per_category.setdefault(item.get(group.category) or "", [1, 0, 0, 0, 0, 0])
        added = _item_counts(item, group)
        for counts in (row, total):
            for index, amount in added:
                counts[index] += amount
    if not per_category:
        per_category[""] = [1, 0, 0, 0, 0, 0]
    result = {(month, origin, category): tuple(counts)
              for category, counts in per_category.items()}
    result[(month, origin, ALL)] = tuple(total)
    return result


def _item_counts(item: Mapping[str, Any], group: MeasureGroup) -> list[tuple[int, int]]:
    """(position in :data:`COUNTS`, amount) that one item adds to its category and to all
    categories: worked out once for both."""
    added = [(1, 1)]
    quantity = item.get(group.quantity)
    if quantity is not None and quantity.normalised is not None and quantity.base_unit in BASES:
        added.append((2 + BASES.index(quantity.base_unit), _scaled(quantity.normalised, MICRO)))
    if group.values and item.get(group.values[0]) is not None:
        added.append((5, _scaled(item[group.values[0]], CENTS)))
    return added


def _scaled(value: Decimal, scale: Decimal) -> int:
    return int((Decimal(value) * scale).to_integral_value(ROUND_HALF_EVEN))


def _apply(database: pw.Database, record_type: str,
           delta: Mapping[tuple[str, str, str], tuple[int, ...]]) -> None:
    rows = [(record_type, *key, *counts) for key, counts in delta.items() if any(counts)]
    if not rows:
        return
    mark = "?" if is_sqlite(database) else "%s"
    columns = ("record_type", "month", "origin", "category", *COUNTS)
    updates = ", ".join(f"{name} = {TABLE}.{name} + excluded.{name}" for name in COUNTS)
    database.cursor().executemany(
        f"INSERT INTO {TABLE} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))}) "
        f"ON CONFLICT (record_type, month, origin, category) DO UPDATE SET {updates}", rows)


# -- rebuilding from the records ------------------------------------------------------------


def rebuild(database: pw.Database, record_type: RecordType, codelists: Any = None) -> None:
    """Recompute the aggregates of ``record_type`` from its live records with one GROUP BY
    per kind of row (categories, then all categories). Call inside a write transaction."""
    found = layout(record_type, codelists)
    mark = "?" if is_sqlite(database) else "%s"
    database.execute_sql(f"DELETE FROM {TABLE} WHERE record_type = {mark}", (record_type.name,))
    if found is None:
        return
    for category in (f"COALESCE(i.{quoted(found.group.category)}, '')", f"'{ALL}'"):
        sql, params = fresh_sql(database, record_type, found, category)
        database.execute_sql(
            f"INSERT INTO {TABLE} (record_type, month, origin, category, {', '.join(COUNTS)}) "
            + sql, params)


def fresh_sql(database: pw.Database, record_type: RecordType, found: Layout,
              category: str) -> tuple[str, tuple]:
    """The SELECT that computes the aggregate rows of ``found`` from the records."""
    mark = "?" if is_sqlite(database) else "%s"
    group = found.group
    date = f"m.{quoted(found.date_field)}"
    month = f"substr({date}, 1, 7)" if is_sqlite(database) else f"to_char({date}, 'YYYY-MM')"
    amount = f"i.{quoted(group.quantity + '_norm')}"
    unit = f"i.{quoted(group.quantity + '_norm_unit')}"
    sums = [f"COALESCE(SUM(CASE WHEN {unit} = '{base}' THEN CAST(ROUND({amount} * 1000000) "
            "AS BIGINT) END), 0)" for base in BASES]
    value = (f"COALESCE(SUM(CAST(ROUND(i.{quoted(group.values[0])} * 100) AS BIGINT)), 0)"
             if group.values else "0")
    false = 0 if is_sqlite(database) else "false"
    sql = (f"SELECT {mark}, COALESCE({month}, ''), m.origin, {category}, "
           f"COUNT(DISTINCT m.id), COUNT(i.record_id), {', '.join(sums)}, {value} "
           f"FROM {quoted(table_name(record_type))} m "
           f"LEFT JOIN {quoted(group.table)} i ON i.record_id = m.id "
           f"WHERE m.deleted = {false} GROUP BY 2, 3, 4")
    return sql, (found.record_type,)


# -- answering from them --------------------------------------------------------------------


def answer(ncen: Any, grouping: Any, group: MeasureGroup | None, *, month_prefix: str = "",
           ) -> tuple[MeasureGroup, list[tuple[tuple, tuple]]] | None:
    """The raw rows of ``grouping`` read from the aggregates, or None when they cannot
    answer it: a filter (other than ``month_prefix``, the months of a year, which the
    caller's filter must say too), or a dimension other than the month/quarter/year of the
    main date, the category or the office."""
    record_type = ncen.registry.record_type(grouping.record_type)
    found = layout(record_type, ncen.registry.codelists)
    filtered = any(text.strip() for text in grouping.filters)
    if found is None or group is None or grouping.date_span or (filtered and not month_prefix):
        return None
    sources = [_aggregate_column(found, dimension) for dimension in grouping.dimensions]
    if None in sources or len(set(sources)) < len(sources):
        return None
    columns = [f"CASE WHEN month = '' THEN NULL ELSE {month_to(d.period, 'month')} END"
               if d.period else source for d, source in zip(grouping.dimensions, sources)]
    by_category = "category" in sources
    mark = "?" if is_sqlite(ncen.database) else "%s"
    sums = ", ".join(f"SUM({name})" for name in COUNTS)
    test = "<>" if by_category else "="
    head = "".join(f"{column}, " for column in columns)
    sql = (f"SELECT {head}{sums} FROM {TABLE} WHERE record_type = {mark} "
           f"AND category {test} '{ALL}' AND month LIKE {mark}")
    if columns:
        sql += " GROUP BY " + ", ".join(str(n + 1) for n in range(len(columns)))
    sql += " HAVING SUM(records) > 0"
    cursor = ncen.database.execute_sql(sql, (found.record_type, f"{month_prefix}%"))
    width = len(columns)
    return group, [(tuple(key or None for key in row[:width]), _measures(row[width:], group))
                   for row in cursor]


def _aggregate_column(found: Layout, dimension: Any) -> str | None:
    if dimension.only:
        return None
    if dimension.child_table is None:
        if dimension.period in ("month", "quarter", "year") and \
                dimension.column == found.date_field:
            return "month"
        if dimension.column == "origin" and dimension.period is None:
            return "origin"
        return None
    if dimension.child_table == found.group.table and \
            dimension.column == found.group.category and dimension.period is None:
        return "category"
    return None


def _measures(counts: tuple, group: MeasureGroup) -> tuple:
    records, rows, *amounts, value = (int(count or 0) for count in counts)
    by_base = dict(zip(BASES, amounts))
    sums = [Decimal(by_base[base]) / MICRO for base in group.bases]
    values = [Decimal(value) / CENTS] if group.values else []
    return (records, rows, *sums, *values)
