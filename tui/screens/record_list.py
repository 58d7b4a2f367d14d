"""One list per record type, paged from the database by key.

The table holds a window of at most :data:`MAX_PAGES` pages. When the cursor nears the
bottom the next page is fetched after the last row's key and the oldest page dropped;
at the top the previous page is fetched backwards from the first row's key. Nothing ever
loads a whole table, so a million-row list scrolls at the cost of one page at a time.
The page below the window is fetched ahead, as soon as the one before it is shown, so
moving down finds it ready instead of waiting for the database. When page-down keys queue
up faster than pages come (a key held down), the pages the cursor moves past are fetched
one after the other -- each one's last key is the next one's start -- but only the window
the cursor lands in is put in the table and painted.
"""

from __future__ import annotations

import asyncio
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Static

from ncen_core.errors import NcenError
from ncen_core.record_service import SORT_COLUMNS
from ncen_core.records import PageCursor, Record
from ncen_tui import keys
from ncen_tui.data.display import visible
from ncen_tui.data.record_pages import (
    PAGE_SIZE,
    ListOrder,
    cursor_of,
    fetch_page,
    find_by_key,
    jump_field,
)
from ncen_tui.screens.base import SessionScreen
from ncen_tui.widgets.record_table import RecordRows, RecordTable

MAX_PAGES = 3
PREFETCH_ROWS = 5
ORDERS = tuple(ListOrder(column, descending) for column in SORT_COLUMNS
               for descending in (True, False))


class RecordListScreen(SessionScreen):
    """Records of one type: open, new, jump to a reference, sort, filter."""

    BINDINGS = keys.bindings("screen.back", "list.open", "list.new", "list.jump", "list.sort",
                             "list.filter", "list.reload")
    #: Rows fetched per query; the table holds at most MAX_PAGES of them.
    page_size = PAGE_SIZE
    DEFAULT_CSS = """
    RecordListScreen #list-title { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, record_type: str) -> None:
        super().__init__()
        self.type_name = record_type
        self.record_type = self.app.ncen.registry.record_type(record_type)
        self.order = ORDERS[0]
        self.filters: dict[str, Any] = {}
        self.pages: list[list[Record]] = []
        self.at_start = True
        self.next_cursor: PageCursor | None = None
        self.total: int | None = None
        self.fetching = False
        #: The page after a cursor, being fetched (or fetched) before it is asked for.
        self.ahead: tuple[PageCursor, asyncio.Future[Any]] | None = None
        self.table = RecordTable(self.record_type, self.ncen.registry.codelists,
                                 self.app.language, id="records")

    def where(self) -> str:
        return self.record_type.labels.get(self.app.language, self.record_type.label)

    def compose_body(self) -> ComposeResult:
        yield Static("", id="list-title")
        yield self.table

    def on_mount(self) -> None:
        self.table.focus()
        self.load_first()

    def on_screen_resume(self) -> None:
        if self.pages:
            self.load_first(keep=self.table.current_record())

    def update_title(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.total is not None:
            text.append(f"{self.total:,} records  ")
        text.append(f"sorted by {self.order.describe()}")
        if self.filters:
            shown = ", ".join(f"{k}={visible(str(v))}" for k, v in self.filters.items())
            text.append(f"  filter: {shown}")
        self.query_one("#list-title", Static).update(text)

    # -- paging ---------------------------------------------------------------------------

    def page(self, after: PageCursor | None, backwards: bool = False):
        return fetch_page(self.service, self.type_name, self.order, after, backwards=backwards,
                          filters=self.filters, limit=self.page_size)

    def fetch_ahead(self) -> None:
        """Start fetching the page after the window (kept in :attr:`ahead`)."""
        cursor = self.next_cursor
        if cursor is None or (self.ahead is not None and self.ahead[0] == cursor):
            return
        self.drop_ahead()
        future = asyncio.ensure_future(self.app.db.run(self.page, cursor))
        future.add_done_callback(lambda done: done.cancelled() or done.exception())
        self.ahead = (cursor, future)

    def drop_ahead(self) -> None:
        """Forget a page fetched ahead (the order, the filters or the data changed)."""
        if self.ahead is not None:
            self.ahead[1].cancel()
            self.ahead = None

    async def page_after(self, cursor: PageCursor):
        """The page after ``cursor``: the one fetched ahead when it is that page."""
        if self.ahead is not None and self.ahead[0] == cursor:
            future = self.ahead[1]
            self.ahead = None
            page = await future
            if not self.is_attached:
                raise asyncio.CancelledError
            return page
        return await self.db(self.page, cursor)

    @work(exclusive=True, group="list")
    async def load_first(self, keep: Record | None = None) -> None:
        """(Re)load from the first page; ``keep`` reloads from that row instead."""
        self.drop_ahead()
        self.fetching = True
        try:
            page = await self.db(self.page, None if keep is None else self._before(keep))
        except NcenError as exc:
            self.report(exc)
            return
        finally:
            self.fetching = False
        self.pages = [page.records]
        self.at_start = keep is None
        self.next_cursor = page.next_cursor
        self.table.more_below = page.next_cursor is not None
        self.table.replace_records(page.records)
        if self.filters:
            self.total = None
        self.update_title()
        self.call_after_refresh(self.fetch_ahead)  # after the first page is painted
        if not self.filters:
            await self.count_records()

    async def count_records(self) -> None:
        """Put the number of records in the title. Counting scans the whole table (a third
        of a second for a million rows), so it runs once the first page is shown."""
        try:
            self.total = await self.db(self.service.count, self.type_name)
        except NcenError as exc:
            self.report(exc)
            return
        self.update_title()

    def _before(self, record: Record) -> PageCursor:
        """A cursor just before ``record`` so a reload starts at it."""
        column = self.order.column
        bump = -1 if self.order.descending else 1
        return PageCursor(getattr(record, column), record.id - bump)

    @work(group="list")
    async def load_next(self) -> None:
        """Append the page after the last row -- and the pages after it, while the cursor
        was sent further down meanwhile -- dropping the oldest pages beyond the window."""
        if self.fetching or self.next_cursor is None:
            return
        self.fetching = True
        added: list[list[Record]] = []
        passed = 0  # rows of pages fetched, moved past and never shown
        try:
            while not added or self.wanted_below(passed + sum(map(len, added))):
                page = await self.page_after(self.next_cursor)
                added.append(page.records)
                self.next_cursor = page.next_cursor
                if len(added) > MAX_PAGES:
                    passed += len(added.pop(0))
        except NcenError as exc:
            self.report(exc)
        finally:
            self.fetching = False
        if added:
            self.show_below(added, passed)
        self.fetch_ahead()

    def wanted_below(self, fetched: int) -> bool:
        """Whether the cursor was sent below the rows held and the ``fetched`` rows after
        them, and the list goes on."""
        return (self.next_cursor is not None
                and self.table.rows.requested >= self.table.row_count + fetched)

    def show_below(self, added: list[list[Record]], passed: int) -> None:
        """Put the pages ``added`` below the window in one redraw, after ``passed`` rows
        that are not shown, and keep the last :data:`MAX_PAGES` pages."""
        pages = self.pages + added
        dropped = sum(map(len, pages[:-MAX_PAGES]))
        self.pages = pages[-MAX_PAGES:]
        self.table.more_below = self.next_cursor is not None
        self.table.append_records([record for page in added for record in page],
                                  drop_first=dropped, passed=passed)
        if dropped or passed:
            self.at_start = False

    @work(group="list")
    async def load_previous(self) -> None:
        """Fetch the page before the first row; drop the newest page beyond the window."""
        if self.fetching or self.at_start or not self.pages or not self.pages[0]:
            return
        self.fetching = True
        try:
            page = await self.db(self.page, cursor_of(self.pages[0][0], self.order), True)
        except NcenError as exc:
            self.report(exc)
            return
        finally:
            self.fetching = False
        self.at_start = page.next_cursor is None
        if not page.records:
            return
        self.pages.insert(0, page.records)
        dropped = self.pages.pop() if len(self.pages) > MAX_PAGES else None
        if dropped is not None:
            self.next_cursor = cursor_of(self.pages[-1][-1], self.order)
            self.table.more_below = True
            self.drop_ahead()
        self.table.prepend_records(page.records, drop_last=len(dropped or ()))

    @on(RecordRows.Highlighted)
    def cursor_moved(self, event: RecordRows.Highlighted) -> None:
        if event.row >= self.table.row_count - PREFETCH_ROWS:
            self.load_next()
        elif event.row == 0 and not self.at_start:
            self.load_previous()

    # -- actions --------------------------------------------------------------------------

    @on(RecordRows.Selected)
    def row_selected(self) -> None:
        self.action_open_record()

    def action_open_record(self) -> None:
        record = self.table.current_record()
        if record is not None:
            self.app.open_record(record.ref)

    def action_new_record(self) -> None:
        self.app.open_form(self.type_name)

    def action_cycle_sort(self) -> None:
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        self.load_first()

    def action_reload(self) -> None:
        self.load_first()

    def action_filter(self) -> None:
        from ncen_tui.dialogs.list_filter import ListFilterDialog

        def chosen(filters: dict[str, Any] | None) -> None:
            if filters is not None:
                self.filters = filters
                self.load_first()

        self.app.push_screen(ListFilterDialog(self.record_type, self.filters), chosen)

    def action_jump(self) -> None:
        from ncen_tui.dialogs.text_prompt import TextPrompt

        field = jump_field(self.record_type)
        if field is None:
            self.notify("this list has no reference to jump to", severity="warning")
            return
        label = self.record_type.field(field).label_for(self.app.language)

        def chosen(text: str | None) -> None:
            if text:
                self.jump(field, text)

        self.app.push_screen(TextPrompt(f"Jump to {label}", label), chosen)

    @work(exclusive=True, group="jump")
    async def jump(self, field: str, text: str) -> None:
        """Open the record whose reference is ``text`` (the newest, if several)."""
        try:
            found = await self.db(find_by_key, self.service, self.type_name, field, text)
        except NcenError as exc:
            self.report(exc)
            return
        if not found:
            self.notify(f"no record with {field} {visible(text)}", severity="warning",
                        markup=False)
            return
        if len(found) > 1:
            self.notify(f"{len(found)} records share this {field}; showing the newest",
                        markup=False)
        self.app.open_record(found[0].ref)
