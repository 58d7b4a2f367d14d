"""The result of every analysis: a titled table of grouping values and measures.

One shape for statistics, routes and trends, so the command line, the reports and the
interface render any analysis the same way. Grouping values are kept raw (codes, country
codes, period labels) with a display label beside each; measures are ints (counts) or
Decimals (quantities, values), None where nothing was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

#: What a grouping value is shown as when the record has none (no commodity, no route).
NOT_RECORDED = "(not recorded)"


@dataclass(frozen=True)
class Column:
    """A column: its machine ``name`` (CSV/JSON header) and the ``label`` people read.

    A grouping column may name the query-language ``filter`` that finds the records of one
    of its values, and the ``period`` its values are (for drill-down, :mod:`.drill`).
    """

    name: str
    label: str
    filter: str | None = None
    period: str | None = None


@dataclass(frozen=True)
class Row:
    """One group: ``keys`` (raw values), their ``labels``, and the measures in order."""

    keys: tuple[Any, ...]
    labels: tuple[str, ...]
    values: tuple[int | Decimal | None, ...]

    def value(self, table: StatsTable, name: str) -> int | Decimal | None:
        """The measure called ``name``."""
        return self.values[table.measure_index(name)]


@dataclass(frozen=True)
class StatsTable:
    """An analysis result: ``groups`` and ``measures`` columns, ``rows`` in display order.

    ``chart`` says how a report draws it (``bars`` of the first measure per group, or a
    ``series`` over the first grouping column when it is a period); ``notes`` say how to
    read it (what was counted, which filter applied).
    """

    title: str
    record_type: str
    groups: tuple[Column, ...]
    measures: tuple[Column, ...]
    rows: list[Row]
    notes: tuple[str, ...] = ()
    chart: str = "bars"
    parameters: dict[str, Any] = field(default_factory=dict)

    def measure_index(self, name: str) -> int:
        """Position of the measure ``name``; KeyError when the table has none."""
        for index, column in enumerate(self.measures):
            if column.name == name:
                return index
        raise KeyError(name)

    def as_dicts(self) -> list[dict[str, Any]]:
        """Rows as {column name: value}, grouping values then measures (JSON output)."""
        return [{**{c.name: k for c, k in zip(self.groups, row.keys)},
                 **{f"{c.name}_label": label for c, label in zip(self.groups, row.labels)},
                 **{c.name: v for c, v in zip(self.measures, row.values)}}
                for row in self.rows]
