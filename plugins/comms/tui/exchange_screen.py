"""The exchange screen: inbox and sent messages, received packages, quarantine with the
reasons, and packages sent by file with their receipt state, one tab each.

Each list shows its first page and reads the next one when the cursor reaches its end.
Enter on a message opens its thread; ``w`` writes a new message; ``r`` reads the lists
again (packages arrive while the screen is open).
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, TabbedContent, TabPane

from ncen_core.errors import NcenError
from ncen_core.record_service import RecordService
from ncen_tui import keys
from ncen_tui.data.display import literal
from ncen_tui.screens.base import SessionScreen

from .exchange_data import LISTS, PAGE, ExchangeList, ListRow, unread_messages

MESSAGE_LISTS = ("exchange-inbox", "exchange-sent")


class ExchangeScreen(SessionScreen):
    """Messages and packages exchanged with other offices."""

    WHERE = "Exchange"
    BINDINGS = keys.bindings("exchange.write", "exchange.reload")
    DEFAULT_CSS = """
    ExchangeScreen TabbedContent { height: 1fr; }
    ExchangeScreen DataTable { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.after: dict[str, Any] = {}
        self.complete: dict[str, bool] = {}
        self.loaded: dict[str, list[ListRow]] = {}

    def compose_body(self) -> ComposeResult:
        with TabbedContent():
            for spec in LISTS:
                with TabPane(spec.title, id=f"tab-{spec.id}"):
                    yield DataTable(id=spec.id, cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        for spec in LISTS:
            table = self.query_one(f"#{spec.id}", DataTable)
            for label, width in spec.columns:
                table.add_column(label, width=width)
        self.query_one(f"#{LISTS[0].id}", DataTable).focus()

    def on_screen_resume(self) -> None:
        """Shown first, or again after a message was read: read the lists afresh."""
        self.action_reload()

    def action_reload(self) -> None:
        self.workers.cancel_group(self, "exchange")
        for spec in LISTS:
            self.after[spec.id], self.complete[spec.id] = None, False
            self.loaded[spec.id] = []
            self.query_one(f"#{spec.id}", DataTable).clear()
            self.load_page(spec)

    @work(group="exchange")
    async def load_page(self, spec: ExchangeList) -> None:
        """Append the next page of ``spec``'s list."""
        try:
            rows = await self.db(spec.rows, self.service, self.after[spec.id])
        except NcenError as exc:
            self.report(exc)
            return
        table = self.query_one(f"#{spec.id}", DataTable)
        for row in rows:
            style = "bold" if row.unread else ""
            table.add_row(*(literal(cell, style=style) for cell in row.cells),
                          key=row.key)
            self.loaded[spec.id].append(row)
        if rows:
            self.after[spec.id] = rows[-1].after
        self.complete[spec.id] = len(rows) < PAGE

    @on(DataTable.RowHighlighted)
    def maybe_more(self, event: DataTable.RowHighlighted) -> None:
        table_id = event.data_table.id or ""
        if (event.cursor_row == event.data_table.row_count - 1
                and not self.complete.get(table_id, True)):
            self.complete[table_id] = True
            self.load_page(next(spec for spec in LISTS if spec.id == table_id))

    @on(DataTable.RowSelected)
    def open_row(self, event: DataTable.RowSelected) -> None:
        from .message_screen import MessageScreen

        table_id = event.data_table.id or ""
        if table_id in MESSAGE_LISTS:
            row = self.loaded[table_id][event.cursor_row]
            self.app.push_screen(MessageScreen(row.key))

    def action_write(self) -> None:
        from .compose_dialog import ComposeDialog

        self.app.push_screen(ComposeDialog(), lambda sent: self.action_reload() if sent
                             else None)

    @staticmethod
    def home_badge(service: RecordService) -> str:
        """Shown beside the screen's key on the home screen: the unread messages."""
        count = unread_messages(service)
        return f"{count} unread" if count else ""
