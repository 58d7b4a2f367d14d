"""Search across record types with the query language; results with a preview below.

Enter runs the query; a query error is shown with a caret under the position it names.
Results continue page by page (by the search's own cursor) as the cursor reaches the end;
the highlighted hit's record is previewed, enter opens it.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widgets import DataTable, Input, Select, Static

from ncen_core.errors import NcenError
from ncen_core.search.engine import search
from ncen_core.search.errors import QueryError
from ncen_core.search.request import RankedHit
from ncen_tui import keys
from ncen_tui.data.display import literal
from ncen_tui.screens.base import SessionScreen
from ncen_tui.widgets.field_view import FieldView

PAGE = 50
ALL_TYPES = "*"


class SearchScreen(SessionScreen):
    """Type a query, enter; ctrl+o (or enter in the results) opens the hit."""

    WHERE = "Search"
    BINDINGS = keys.bindings("screen.back", "search.open", "search.syntax")
    DEFAULT_CSS = """
    SearchScreen #search-bar { height: 1; }
    SearchScreen #search-query { width: 1fr; }
    SearchScreen #search-scope { width: 22; }
    SearchScreen #search-message { height: auto; }
    SearchScreen #search-results { height: 8; }
    SearchScreen #search-preview { height: 1fr; border-top: solid $primary; }
    """

    def __init__(self, query: str = "", scope: str = ALL_TYPES) -> None:
        """``query`` (and the record type ``scope``) run at once: a drill-down from
        analysis opens the records behind a number this way."""
        super().__init__()
        self.hits: dict[str, RankedHit] = {}
        self.query_text = query
        self.scope = scope
        self.next_cursor: str | None = None
        self.fetching = False

    def compose_body(self) -> ComposeResult:
        app = self.app
        scopes = [("all records", ALL_TYPES)] + [
            (t.labels.get(app.language, t.label), t.name)
            for t in app.ncen.registry.record_types.values()]
        with Horizontal(id="search-bar"):
            yield Input(self.query_text,
                        placeholder="words, \"phrases\", field:value … then enter",
                        id="search-query", compact=True)
            yield Select(scopes, value=self.scope, allow_blank=False, id="search-scope",
                         compact=True)
        yield Static("", id="search-message")
        yield DataTable(id="search-results", cursor_type="row", zebra_stripes=True)
        yield FieldView(id="search-preview")

    def on_mount(self) -> None:
        self.query_one("#search-results", DataTable).add_columns("Type", "Record")
        self.query_one("#search-query", Input).focus()
        if self.query_text:
            self.run_search(first=True)

    @on(Input.Submitted, "#search-query")
    def submitted(self, event: Input.Submitted) -> None:
        self.query_text = event.value.strip()
        self.scope = self.query_one("#search-scope", Select).value
        if self.query_text:
            self.run_search(first=True)

    def message(self, text: Text | str) -> None:
        self.query_one("#search-message", Static).update(
            text if isinstance(text, Text) else literal(text, multiline=True))

    @work(exclusive=True, group="search")
    async def run_search(self, first: bool) -> None:
        """Fetch the first page, or the next one after ``next_cursor``."""
        if self.fetching or (not first and self.next_cursor is None):
            return
        self.fetching = True
        types = () if self.scope == ALL_TYPES else (self.scope,)
        try:
            results = await self.db(search, self.ncen, self.service.user, self.query_text,
                                    record_types=types, limit=PAGE,
                                    cursor=None if first else self.next_cursor)
        except QueryError as exc:
            self.show_query_error(exc)
            return
        except NcenError as exc:
            self.message(str(exc))
            return
        finally:
            self.fetching = False
        table = self.query_one("#search-results", DataTable)
        if first:
            table.clear()
            self.hits = {}
        for hit in results.hits:
            key = f"{hit.record_type}:{hit.origin}:{hit.uuid}"
            if key in self.hits:
                continue
            self.hits[key] = hit
            record_type = self.ncen.registry.record_types.get(hit.record_type)
            label = record_type.labels.get(self.app.language, record_type.label) \
                if record_type else hit.record_type
            table.add_row(literal(label), literal(hit.title or hit.uuid), key=key)
        self.next_cursor = results.next_cursor
        count = len(self.hits)
        more = " (more below)" if self.next_cursor else ""
        self.message(f"{count} record{'s' if count != 1 else ''} found{more}"
                     if count else "nothing found")
        if first and count:
            table.focus()

    def show_query_error(self, error: QueryError) -> None:
        text = Text()
        text.append(" " * max(0, error.position - 1) + "^\n", style="bold red")
        text.append(f"position {error.position}: ", style="bold")
        text.append_text(literal(error.reason))
        self.message(text)
        query = self.query_one("#search-query", Input)
        query.focus()
        query.cursor_position = max(0, error.position - 1)

    def current_hit(self) -> RankedHit | None:
        table = self.query_one("#search-results", DataTable)
        if table.row_count == 0:
            return None
        return self.hits.get(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @on(DataTable.RowHighlighted, "#search-results")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        hit = self.current_hit()
        if hit is not None:
            self.preview(hit)
        if event.cursor_row >= event.data_table.row_count - 3:
            self.run_search(first=False)

    @work(exclusive=True, group="search-preview")
    async def preview(self, hit: RankedHit) -> None:
        try:
            record = await self.db(self.service.get, hit.ref)
        except NcenError as exc:
            self.message(str(exc))
            return
        registry = self.ncen.registry
        try:
            pane = self.query_one("#search-preview", FieldView)
        except NoMatches:
            # The screen is being closed: its widgets go before it is detached.
            return
        pane.show(registry.record_type(record.record_type), record, registry.codelists,
                  self.app.language)

    @on(DataTable.RowSelected, "#search-results")
    def selected(self) -> None:
        self.action_open_result()

    def action_open_result(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            self.app.open_record(hit.ref)

    def action_syntax(self) -> None:
        from ncen_core.search.help import QUERY_HELP
        from ncen_tui.dialogs.text_view import TextView

        self.app.push_screen(TextView("Query language", QUERY_HELP))
