"""Drill-down: the query-language filter that finds the records behind one row of a table.

The filter is the analysis's own ``--where`` and, per grouping column, ``field:value`` (the
period as a date range). Search runs it (``ncen search``, the interface's search screen),
so the records are listed with the user's own visibility. Two limits, both giving a
superset rather than missing records: text fields match by containment, and a route
country (origin, destination, transit) is filtered as ``route.country``, a leg of any
kind. A row whose value is "not recorded" cannot be written as a filter: None.
"""

from __future__ import annotations

from ncen_core.analysis.aggregates import ALL
from ncen_core.analysis.filters import date_filter
from ncen_core.analysis.periods import next_start, period_start
from ncen_core.analysis.table import Row, StatsTable


def drill_filter(table: StatsTable, row: Row) -> str | None:
    """The query text listing the records counted in ``row`` (None: not expressible)."""
    parts = [f"({table.parameters['where']})"] if table.parameters.get("where") else []
    periodic = False
    for column, key in zip(table.groups, row.keys):
        if column.filter is None or key == ALL:
            continue
        if key is None:
            return None
        if column.period:
            periodic = True
            start = period_start(str(key), column.period)
            parts.append(date_filter(start, next_start(start, column.period)))
            continue
        value = "yes" if key is True else "no" if key is False else str(key)
        if '"' in value:
            return None
        plain = value and all(ch.isalnum() or ch in "-_." for ch in value)
        parts.append(f"{column.filter}:{value}" if plain else f'{column.filter}:"{value}"')
    period, at = table.parameters.get("period"), table.parameters.get("at")
    if not periodic and period and at:
        start = period_start(str(at), period)
        parts.append(date_filter(start, next_start(start, period)))
    return " ".join(parts) or None
