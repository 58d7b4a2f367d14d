"""Statistics of any record type: counts, normalised quantities and values per group.

:func:`statistics` answers ``ncen stats`` and the ``statistics`` analysis: group by any
filterable field or pair of fields (:mod:`.dimensions`), optionally by period, filtered with
the query language. :func:`grouped` is the engine every analysis builds on (routes and trends
pass dimensions of their own). Everything runs as one ``GROUP BY`` in the database
(:mod:`.statistics_sql`); what is counted is explained in :mod:`.measures`. When no filter
applies and the user sees every record, monthly, quarterly and yearly tables by the
measure group's category and the office are read from the maintained aggregates
(:mod:`.aggregates`), which hold the same numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ncen_core.analysis import aggregates
from ncen_core.analysis.dimensions import (
    Dimension,
    DimensionError,
    field_dimension,
    period_dimension,
)
from ncen_core.analysis.filters import compiled_filter, require_analysis, unrestricted
from ncen_core.analysis.labels import value_label
from ncen_core.analysis.measures import RECORDS, MeasureGroup, measure_group, measure_names
from ncen_core.analysis.periods import as_date
from ncen_core.analysis.statistics_sql import StatsQuery, statistics_sql
from ncen_core.analysis.table import Column, Row, StatsTable
from ncen_core.fields import Kind
from ncen_core.search.targets import main_date
from ncen_core.storage import is_sqlite
from ncen_core.users import UserInfo

if TYPE_CHECKING:
    from ncen_core.app import Ncen

MAX_DIMENSIONS = 2
QUANTITY_PLACES = Decimal("0.000001")
VALUE_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class StatsRequest:
    """``ncen stats``: group ``record_type`` by the fields ``by`` (one or two) and/or by
    ``period``, over the records matching ``where``; ``top`` keeps the groups with the most
    records (by ``sort``, a measure name)."""

    record_type: str
    by: tuple[str, ...] = ()
    period: str | None = None
    where: str = ""
    top: int | None = None
    sort: str = RECORDS


@dataclass(frozen=True)
class Grouping:
    """What :func:`grouped` computes; ``filters`` are query-language texts ANDed together."""

    record_type: str
    dimensions: tuple[Dimension, ...]
    filters: tuple[str, ...] = ()
    top: int | None = None
    sort: str = RECORDS
    date_span: bool = False
    title: str = ""
    notes: tuple[str, ...] = ()
    parameters: dict[str, Any] = field(default_factory=dict)


def statistics(ncen: Ncen, user: UserInfo, request: StatsRequest) -> StatsTable:
    """The statistics table of ``request``; DimensionError, PeriodError or QueryError for a
    request that cannot run, PermissionDeniedError for a role without analyses."""
    require_analysis(user)
    record_type = ncen.registry.record_type(request.record_type)
    if not request.by and not request.period:
        raise DimensionError("give --by FIELD[,FIELD] and/or --period")
    if len(request.by) > MAX_DIMENSIONS:
        raise DimensionError(f"group by at most {MAX_DIMENSIONS} fields at once "
                             f"(got {', '.join(request.by)})")
    codelists = ncen.registry.codelists
    dimensions = [period_dimension(record_type, request.period)] if request.period else []
    dimensions += [field_dimension(record_type, name, codelists) for name in request.by]
    names = " and ".join(d.label.lower() for d in dimensions)
    grouping = Grouping(request.record_type, tuple(dimensions),
                        filters=(request.where,), top=request.top, sort=request.sort,
                        title=f"{record_type.label} statistics by {names}",
                        notes=(f"Filter: {request.where}",) if request.where.strip() else (),
                        parameters={"by": list(request.by), "period": request.period,
                                    "where": request.where})
    if not request.where.strip() and unrestricted(user):
        table = aggregates.answer(ncen, grouping, measure_group(record_type, codelists))
        if table is not None:
            return finish(ncen, grouping, table)
    return grouped(ncen, user, grouping)


def grouped(ncen: Ncen, user: UserInfo, grouping: Grouping) -> StatsTable:
    """Run ``grouping`` as one SQL GROUP BY and return its table (see the module docstring)."""
    require_analysis(user)
    record_type = ncen.registry.record_type(grouping.record_type)
    group = measure_group(record_type, ncen.registry.codelists)
    compiler, condition = compiled_filter(ncen, user, record_type, grouping.filters)
    date = main_date(record_type)
    query = StatsQuery(record_type, grouping.dimensions, group, condition,
                       date_column=date.column if grouping.date_span and not date.child_table
                       else None)
    sql = statistics_sql(query, compiler, sqlite=is_sqlite(ncen.database))
    cursor = ncen.database.execute_sql(sql.text, sql.params)
    width = len(grouping.dimensions)
    raw = [(tuple(row[:width]), tuple(row[width:])) for row in cursor]
    return finish(ncen, grouping, (group, raw))


def finish(ncen: Ncen, grouping: Grouping,
           result: tuple[MeasureGroup | None, list[tuple[tuple, tuple]]]) -> StatsTable:
    """The table of raw (keys, measures) rows: typed measures, labels, order and top."""
    group, raw = result
    names = list(measure_names(group))
    if grouping.date_span:
        names += ["first_date", "last_date"]
    measures = tuple(Column(name, name.replace("_", " ")) for name in names)
    codelists = ncen.registry.codelists
    language = ncen.config.language
    rows = []
    for raw_keys, values in raw:
        keys = tuple(_key(d, k) for d, k in zip(grouping.dimensions, raw_keys))
        rows.append(Row(keys, tuple(value_label(d, k, codelists, language)
                                    for d, k in zip(grouping.dimensions, keys)),
                        tuple(_typed(name, value, group) for name, value in zip(names, values))))
    if grouping.sort not in names:
        raise DimensionError(f"no measure '{grouping.sort}' to rank by "
                             f"(use one of: {', '.join(names)})")
    sort_index = names.index(grouping.sort)
    rows = _ordered(rows, grouping.dimensions, sort_index, grouping.top)
    groups = tuple(Column(d.name, d.label, d.filter_name, d.period) for d in grouping.dimensions)
    periodic = bool(grouping.dimensions) and grouping.dimensions[0].period is not None
    return StatsTable(grouping.title, grouping.record_type, groups, measures, rows,
                      notes=grouping.notes, chart="series" if periodic else "bars",
                      parameters=grouping.parameters)


def _key(dimension: Dimension, value: Any) -> Any:
    """A grouping value of the same type on both backends (SQLite gives 0/1 and ISO text)."""
    if value is None or dimension.period:
        return value
    if dimension.kind is Kind.BOOL:
        return bool(value)
    if dimension.kind is Kind.DATE and not isinstance(value, dt.date):
        return as_date(value)
    return value


def _typed(name: str, value: Any, group: MeasureGroup | None) -> Any:
    if value is None or name in ("first_date", "last_date"):
        return value
    if group is None or name in (RECORDS, group.count_name):
        return int(value)
    places = VALUE_PLACES if name in group.values else QUANTITY_PLACES
    return Decimal(str(value)).quantize(places)


def _ordered(rows: list[Row], dimensions: Sequence[Dimension], sort_index: int,
             top: int | None) -> list[Row]:
    """Periods in time order; within them (or without them) the largest groups first;
    ``top`` keeps the groups (other than the period) largest over all periods."""
    periodic = bool(dimensions) and dimensions[0].period is not None
    other = slice(1, None) if periodic else slice(None)

    def size(row: Row) -> Any:
        value = row.values[sort_index]
        return -(value or 0)

    if top is not None:
        totals: dict[tuple, Any] = {}
        for row in rows:
            totals[row.keys[other]] = totals.get(row.keys[other], 0) + (row.values[sort_index]
                                                                          or 0)
        kept = set(sorted(totals, key=lambda k: (-totals[k], _text_key(k)))[:top])
        rows = [row for row in rows if row.keys[other] in kept]
    if periodic:
        return sorted(rows, key=lambda r: (str(r.keys[0] or ""), size(r), _text_key(r.keys)))
    return sorted(rows, key=lambda r: (size(r), _text_key(r.keys)))


def _text_key(keys: tuple) -> tuple:
    return tuple("" if key is None else str(key) for key in keys)
