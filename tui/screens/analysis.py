"""Analysis: statistics, routes, trends... of a record type, as a table and a chart.

The analyst picks the analysis (statistics by default; every analysis a plugin declares
is offered) and the record type, types the fields to group by (one or two, comma
separated: ``items.commodity``, ``transport_mode``, custom fields too), picks a period
and may narrow the records with a query; enter computes. The chart under the table shows
bars of the largest groups, or columns over time when grouped by period. Enter on a row
opens the search screen with the query that finds the records behind its numbers.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select, Static

from ncen_core.analysis.analyses import AnalysisParams
from ncen_core.analysis.drill import drill_filter
from ncen_core.errors import NcenError
from ncen_tui import keys
from ncen_tui.data.analysis_data import (
    PERIODS,
    SHOWN_ROWS,
    StatsView,
    chart_lines,
    parse_by,
    run_analysis,
)
from ncen_tui.data.display import literal
from ncen_tui.screens.base import SessionScreen

NO_PERIOD = "none"
DEFAULT_TYPE = "seizure"
DEFAULT_ANALYSIS = "statistics"
"""Analysts mostly count seizures, so the screen starts on them when they exist."""
CHART_HEIGHT = 8


class AnalysisScreen(SessionScreen):
    """An analysis table with a chart and a drill-down to the records behind a row."""

    WHERE = "Analysis"
    BINDINGS = keys.bindings("analysis.drill")
    DEFAULT_CSS = """
    AnalysisScreen #analysis-bar { height: 1; }
    AnalysisScreen #analysis-name { width: 18; }
    AnalysisScreen #analysis-type { width: 14; }
    AnalysisScreen #analysis-by { width: 1fr; }
    AnalysisScreen #analysis-period { width: 14; }
    AnalysisScreen #analysis-where { width: 100%; }
    AnalysisScreen #analysis-message { height: auto; padding: 0 1; }
    AnalysisScreen DataTable { height: 1fr; }
    AnalysisScreen #analysis-chart { height: 8; padding: 0 1; border-top: solid $primary; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.view: StatsView | None = None
        self.error = ""

    def compose_body(self) -> ComposeResult:
        app = self.app
        types = [(t.labels.get(app.language, t.label), t.name)
                 for t in app.ncen.registry.record_types.values()]
        names = [name for _, name in types]
        first = DEFAULT_TYPE if DEFAULT_TYPE in names else names[0]
        analyses = [(spec.title, spec.name) for spec in app.ncen.registry.analyses.values()]
        with Horizontal(id="analysis-bar"):
            yield Select(analyses, value=DEFAULT_ANALYSIS, allow_blank=False,
                         id="analysis-name", compact=True)
            yield Select(types, value=first, allow_blank=False, id="analysis-type",
                         compact=True)
            yield Input(placeholder="group by: field[, field]", id="analysis-by", compact=True)
            yield Select([("no period", NO_PERIOD), *((p, p) for p in PERIODS)],
                         value=NO_PERIOD, allow_blank=False, id="analysis-period",
                         compact=True)
        yield Input(placeholder="only records matching (query language), then enter",
                    id="analysis-where", compact=True)
        yield Static("", id="analysis-message")
        yield DataTable(id="analysis-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="analysis-chart")

    def on_mount(self) -> None:
        self.query_one("#analysis-by", Input).focus()

    def params(self) -> AnalysisParams:
        period = self.query_one("#analysis-period", Select).value
        return AnalysisParams(str(self.query_one("#analysis-type", Select).value),
                              parse_by(self.query_one("#analysis-by", Input).value),
                              None if period == NO_PERIOD else str(period),
                              self.query_one("#analysis-where", Input).value.strip())

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.compute(str(self.query_one("#analysis-name", Select).value), self.params())

    @work(exclusive=True, group="analysis")
    async def compute(self, name: str, params: AnalysisParams) -> None:
        """Run the analysis on the database thread, then fill the table and chart."""
        self.view, self.error = None, ""
        self.message(Text("computing..."))
        try:
            view = await self.db(run_analysis, self.service, name, params)
        except NcenError as exc:
            self.error = str(exc)
            self.message(literal(self.error, multiline=True, style="bold red"))
            return
        self.show(view)

    def show(self, view: StatsView) -> None:
        self.view = view
        table = self.query_one("#analysis-table", DataTable)
        table.clear(columns=True)
        table.add_columns(*view.header)
        for index, cells in enumerate(view.cells):
            table.add_row(*(literal(cell) for cell in cells), key=str(index))
        shown = len(view.cells)
        note = f" (first {SHOWN_ROWS} of {shown + view.hidden_rows})" if view.hidden_rows else ""
        self.message(literal(f"{view.table.title}: {shown} rows{note}"
                             + "".join(f"; {n}" for n in view.table.notes)))
        chart = self.query_one("#analysis-chart", Static)
        width = max(20, chart.size.width - 2 or self.size.width - 4)
        lines = chart_lines(view.table, view.table.rows[:shown], width, CHART_HEIGHT - 1)
        chart.update(literal("\n".join(lines), multiline=True))

    @on(DataTable.RowSelected, "#analysis-table")
    def row_chosen(self) -> None:
        self.action_drill()

    def action_drill(self) -> None:
        """Open the search screen on the records behind the highlighted row."""
        from ncen_tui.screens.search import SearchScreen

        table = self.query_one("#analysis-table", DataTable)
        if self.view is None or not self.view.cells:
            return
        stats = self.view.table
        query = drill_filter(stats, stats.rows[table.cursor_row])
        if query is None:
            self.message(Text("the records of this row cannot be written as a query "
                              "(a value is not recorded)", style="bold red"))
            return
        self.app.push_screen(SearchScreen(query, stats.record_type))

    def message(self, text: Text) -> None:
        self.query_one("#analysis-message", Static).update(text)
