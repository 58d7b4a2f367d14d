"""What the analysis screen computes and shows: an analysis table, its chart, and the
query behind one of its numbers.

Every analysis declared through ``register_analyses`` (statistics, dashboard, and the
seizure plugin's routes, transit, new routes and trends) is run with the screen's
parameters, so the screen shows exactly what ``ncen stats`` and ``ncen report`` print; the
figures are computed by the database. At most :data:`SHOWN_ROWS` rows go into the table
widget; the chart plots the first measure (records) of the rows shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ncen_core.analysis.analyses import AnalysisParams
from ncen_core.analysis.render import group_text, number
from ncen_core.analysis.table import Row, StatsTable
from ncen_core.record_service import RecordService
from ncen_tui.data.charts import bar_lines, column_lines

SHOWN_ROWS = 500
PERIODS = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True)
class StatsView:
    """A table ready for the screen: header, cell texts, and the rows behind them."""

    table: StatsTable
    header: tuple[str, ...]
    cells: list[tuple[str, ...]]
    hidden_rows: int


def parse_by(text: str) -> tuple[str, ...]:
    """``"commodity, transport_mode"`` -> ``("commodity", "transport_mode")``."""
    return tuple(name.strip() for name in text.split(",") if name.strip())


def run_analysis(service: RecordService, name: str, params: AnalysisParams) -> StatsView:
    """Run the analysis ``name`` as the logged-in user; its errors say what to fix."""
    spec = service.ncen.registry.analyses[name]
    table = spec.function(service.ncen, service.user, params)
    header = tuple(c.label for c in table.groups) + tuple(c.label for c in table.measures)
    shown = table.rows[:SHOWN_ROWS]
    cells = [tuple(group_text(table, row.keys, row.labels)) + tuple(number(v)
                                                                   for v in row.values)
             for row in shown]
    return StatsView(table, header, cells, len(table.rows) - len(shown))


def chart_lines(table: StatsTable, rows: Sequence[Row], width: int, height: int) -> list[str]:
    """Columns over time when the table is by period, else bars of the largest groups.

    A table by period and a field is charted by period (the field's groups summed), so
    the chart always shows how the total moved.
    """
    if not rows or not table.measures:
        return []
    if table.chart == "series":
        totals: dict[str, float] = {}
        for row in rows:
            label = row.labels[0]
            totals[label] = totals.get(label, 0) + float(row.values[0] or 0)
        labels = list(totals)[-(width - 12):]
        return column_lines(labels, [totals[label] for label in labels], height - 2)
    top = list(rows[:height])
    labels = [" / ".join(group_text(table, row.keys, row.labels)) for row in top]
    return bar_lines(labels, [row.values[0] for row in top], width)
