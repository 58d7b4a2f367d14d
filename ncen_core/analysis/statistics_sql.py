"""Statistics as one SQL ``GROUP BY``: no record is loaded into Python.

The main table ``m`` is joined, for each dimension read in another child table, to the
distinct (record, value) pairs of that table, then to the measure group (``i``, the seized
items; last, so that each record's dimension values are looked up once, not once per item),
so a seizure with two transit legs in one country is not counted twice there and its items
are never multiplied by its route legs. Records are counted as ``COUNT(DISTINCT m.id)``.
Filters come from the query language, compiled by the search compiler, and the user's
visibility applies exactly as in search. Every value is a parameter; names come from
FieldSpecs and are quoted.
"""

from __future__ import annotations

from dataclasses import dataclass

from ncen_core.analysis.dimensions import Dimension
from ncen_core.analysis.measures import MeasureGroup
from ncen_core.analysis.periods import period_sql
from ncen_core.fields import RecordType
from ncen_core.record_models import table_name
from ncen_core.search.compiler import Compiler
from ncen_core.search.sql import Sql, join, quoted

#: Extra measures some analyses ask for: the first and last main date of a group.
DATE_SPAN = ("first_date", "last_date")


@dataclass(frozen=True)
class StatsQuery:
    """What to compute: dimensions, the filter (already compiled), and the date span."""

    record_type: RecordType
    dimensions: tuple[Dimension, ...]
    group: MeasureGroup | None
    condition: Sql
    date_column: str | None = None


def statistics_sql(query: StatsQuery, compiler: Compiler, *, sqlite: bool) -> Sql:
    """The SELECT computing ``query``: grouping values, then the measures in table order."""
    joins: list[Sql] = []
    selected: list[str] = []
    for index, dimension in enumerate(query.dimensions):
        column, join_sql = _dimension_source(query, dimension, index, compiler)
        if join_sql is not None:
            joins.append(join_sql)
        if dimension.period:
            column = period_sql(dimension.period, column, sqlite=sqlite)
        selected.append(column)
    measures = _measures(query.group, compiler)
    if query.date_column:
        column = f"m.{quoted(query.date_column)}"
        measures.append(Sql(f"MIN({column}), MAX({column})"))
    source = Sql(f"FROM {quoted(table_name(query.record_type))} m")
    for join_sql in dict.fromkeys(joins):
        source += join_sql
    if query.group is not None:
        source += Sql(f" LEFT JOIN {quoted(query.group.table)} i ON i.record_id = m.id")
    head = ", ".join(selected + [""]) if selected else ""
    sql = Sql(f"SELECT {head}") + join(", ", measures) + Sql(" ") + source
    sql += Sql(" WHERE ") + query.condition
    if selected:
        sql += Sql(" GROUP BY " + ", ".join(str(n + 1) for n in range(len(selected))))
    return sql


def _dimension_source(query: StatsQuery, dimension: Dimension, index: int,
                      compiler: Compiler) -> tuple[str, Sql | None]:
    """The column expression of ``dimension`` and the join it needs (None: none)."""
    if dimension.child_table is None:
        return f"m.{quoted(dimension.column)}", None
    if query.group is not None and dimension.child_table == query.group.table \
            and not dimension.only:
        return f"i.{quoted(dimension.column)}", None
    alias = f"d{index}"
    rows = Sql(f"SELECT DISTINCT record_id, {quoted(dimension.column)} AS v "
               f"FROM {quoted(dimension.child_table)}")
    tests = [Sql(f"{quoted(column)} IN (") + join(", ", [compiler.dialect.p(v) for v in values])
             + Sql(")") for column, values in dimension.only]
    if tests:
        rows += Sql(" WHERE ") + join(" AND ", tests)
    return f"{alias}.v", Sql(" LEFT JOIN (") + rows + Sql(f") {alias} ON {alias}.record_id = m.id")


def _measures(group: MeasureGroup | None, compiler: Compiler) -> list[Sql]:
    measures = [Sql("COUNT(DISTINCT m.id)")]
    if group is None:
        return measures
    measures.append(Sql("COUNT(i.record_id)"))
    amount = quoted(f"{group.quantity}_norm")
    unit = quoted(f"{group.quantity}_norm_unit")
    for base in group.bases:
        measures.append(Sql(f"COALESCE(SUM(CASE WHEN i.{unit} = ") + compiler.dialect.p(base)
                        + Sql(f" THEN i.{amount} END), 0)"))
    measures.extend(Sql(f"COALESCE(SUM(i.{quoted(name)}), 0)") for name in group.values)
    return measures
