"""A virtual table of records: only the rows on screen are drawn.

Lists hold a window of a few pages of a table that may have a million rows. A DataTable
builds every row it holds (about 0.12 ms a row, more on old machines, and removing rows is
slower still), which would cost more than the query that fetched them. This widget keeps
the records and draws each visible line on demand with the Line API, so fetching a page,
dropping one and repainting cost little beyond the query.

Cells are plain text with control characters escaped (:func:`visible`); no markup is ever
parsed. Keys: up/down, page up/down, home/end, enter; a click moves the cursor.
"""

from __future__ import annotations

from typing import Iterable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from ncen_core.codelists import CodeListRegistry
from ncen_core.fields import RecordType
from ncen_core.records import Record
from ncen_tui.data.display import value_text, visible

MAX_COLUMN_WIDTH = 40
GAP = 1


def fit(cell: str, width: int) -> str:
    """``cell`` padded or cut to ``width`` cells; a cut cell ends with an ellipsis."""
    if cell_len(cell) > width:
        return set_cell_size(cell, width - 1) + "…"
    return set_cell_size(cell, width)


class RecordRows(ScrollView, can_focus=True):
    """The scrolling body: one line per record, the cursor row highlighted."""

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first", "First row", show=False),
        Binding("end", "last", "Last row", show=False),
        Binding("enter", "select", "Open", show=False),
    ]
    COMPONENT_CLASSES = {"record-rows--cursor", "record-rows--odd"}
    DEFAULT_CSS = """
    RecordRows { height: 1fr; }
    RecordRows > .record-rows--cursor { background: $block-cursor-blurred-background; }
    RecordRows:focus > .record-rows--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: bold;
    }
    RecordRows > .record-rows--odd { background: $surface-lighten-1; }
    """

    cursor_row = reactive(0, always_update=True, repaint=True)

    class Highlighted(Message):
        """The cursor moved to row ``row``."""

        def __init__(self, rows: RecordRows, row: int) -> None:
            super().__init__()
            self.rows, self.row = rows, row

        @property
        def control(self) -> RecordRows:
            return self.rows

    class Selected(Message):
        """Enter (or a click on the cursor row) on row ``row``."""

        def __init__(self, rows: RecordRows, row: int) -> None:
            super().__init__()
            self.rows, self.row = rows, row

        @property
        def control(self) -> RecordRows:
            return self.rows

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[list[str]] = []
        self.widths: list[int] = []
        #: The row the keys sent the cursor to. It lies below the rows held while the list
        #: fetches the pages down to it (page-down keys queue up faster than pages come).
        self.requested = 0
        #: Whether the list has rows below those held (set by the list).
        self.more_below = False

    def set_lines(self, lines: list[list[str]], widths: list[int]) -> None:
        """Replace what is drawn (the cursor is placed by the caller)."""
        self.lines, self.widths = lines, widths
        self.virtual_size = Size(sum(widths) + GAP * len(widths), len(lines))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        if index >= len(self.lines):
            return Strip.blank(self.size.width, self.rich_style)
        if index == self.cursor_row:
            style = self.get_component_rich_style("record-rows--cursor")
        elif index % 2:
            style = self.get_component_rich_style("record-rows--odd")
        else:
            style = self.rich_style
        text = "".join(fit(cell, width) + " " * GAP
                       for cell, width in zip(self.lines[index], self.widths))
        strip = Strip([Segment(" " + text, style)])
        return strip.crop_extend(self.scroll_offset.x, self.scroll_offset.x + self.size.width,
                                 style)

    def watch_cursor_row(self, row: int) -> None:
        if not self.lines:
            return
        top = self.scroll_offset.y
        height = max(1, self.size.height)
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)
        self.post_message(self.Highlighted(self, row))

    def move_to(self, row: int) -> None:
        """Put the cursor on ``row``, or on the last row held until the rows down to it
        are added (when the list has more below)."""
        last = len(self.lines) - 1
        self.requested = max(0, row if self.more_below else min(row, last))
        self.cursor_row = max(0, min(row, last))

    def shift(self, rows: int) -> None:
        """The rows above moved by ``rows`` (a page dropped or added at the top): keep the
        cursor and the view on the same records without announcing a move."""
        self.requested = max(0, self.requested + rows)
        self.set_reactive(RecordRows.cursor_row, max(0, self.cursor_row + rows))
        self.scroll_to(y=max(0, self.scroll_offset.y + rows), animate=False, immediate=True)

    def action_move(self, delta: int) -> None:
        self.move_to(self.requested + delta)

    def action_page(self, direction: int) -> None:
        self.move_to(self.requested + direction * max(1, self.size.height - 1))

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.lines) - 1)

    def action_select(self) -> None:
        if self.lines:
            self.post_message(self.Selected(self, self.cursor_row))

    def on_click(self, event) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < len(self.lines):
            if row == self.cursor_row:
                self.action_select()
            self.move_to(row)


class RecordTable(Vertical):
    """Header plus :class:`RecordRows`, showing a record type's list columns."""

    DEFAULT_CSS = """
    RecordTable { height: 1fr; }
    RecordTable > .record-header { height: 1; text-style: bold; color: $text-accent; }
    """

    def __init__(self, record_type: RecordType, codelists: CodeListRegistry, language: str,
                 *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.record_type = record_type
        self.codelists = codelists
        self.language = language
        self.records: list[Record] = []
        self.lines: list[list[str]] = []
        self.headers = [record_type.field(name).label_for(language)
                        for name in record_type.list_columns]
        self.widths = [min(MAX_COLUMN_WIDTH, cell_len(h)) for h in self.headers]
        self.header_shown = ""
        #: The body, kept rather than looked up: a page move reads it a dozen times.
        self.rows = RecordRows()

    def compose(self):
        yield Static("", classes="record-header")
        yield self.rows

    def focus(self, scroll_visible: bool = True):
        self.rows.focus(scroll_visible)
        return self

    @property
    def row_count(self) -> int:
        return len(self.records)

    @property
    def cursor_row(self) -> int:
        return self.rows.cursor_row

    def move_cursor(self, *, row: int, animate: bool = False) -> None:
        self.rows.move_to(row)

    def cells(self, record: Record) -> list[str]:
        """One plain, escaped cell per list column."""
        return [visible(value_text(self.record_type.field(name), record.values.get(name),
                                   self.codelists, self.language))
                for name in self.record_type.list_columns]

    def _widen(self, lines: list[list[str]]) -> None:
        """Widen columns to fit ``lines`` (columns never narrow while rows scroll by)."""
        for line in lines:
            for index, cell in enumerate(line):
                if len(cell) > self.widths[index] or cell_len(cell) > self.widths[index]:
                    self.widths[index] = min(MAX_COLUMN_WIDTH, cell_len(cell))

    def _redraw(self) -> None:
        header = visible(" " + "".join(set_cell_size(h, w) + " " * GAP
                                       for h, w in zip(self.headers, self.widths)))
        if header != self.header_shown:  # an update lays the screen out again: only on change
            self.header_shown = header
            self.query_one(".record-header", Static).update(header)
        self.rows.set_lines(self.lines, self.widths)

    @property
    def more_below(self) -> bool:
        """Whether the list has rows below those held: a move past the last row waits
        for them instead of stopping there."""
        return self.rows.more_below

    @more_below.setter
    def more_below(self, more: bool) -> None:
        self.rows.more_below = more

    def append_records(self, records: Iterable[Record], *, drop_first: int = 0,
                       passed: int = 0) -> None:
        """Add rows at the bottom, and remove the first ``drop_first`` rows in the same
        redraw (the cursor stays on its record, or goes on to the row it was sent to below
        the rows held). ``passed`` rows came between the rows held and ``records`` and are
        not shown (pages the keys moved past). A window that keeps its length keeps the
        rows' virtual size, so Textual repaints the rows without laying the screen out."""
        records = list(records)
        lines = [self.cells(r) for r in records]
        self._widen(lines)
        self.records.extend(records)
        self.lines.extend(lines)
        if drop_first:
            del self.records[:drop_first]
            del self.lines[:drop_first]
        self._redraw()
        if drop_first or passed:
            self.rows.shift(-drop_first - passed)
        if self.rows.requested > self.rows.cursor_row:
            self.rows.move_to(self.rows.requested)

    def prepend_records(self, records: Iterable[Record], *, drop_last: int = 0) -> None:
        """Add rows at the top, keeping the cursor on the same record, and remove the last
        ``drop_last`` rows in the same redraw."""
        records = list(records)
        lines = [self.cells(r) for r in records]
        self._widen(lines)
        self.records[:0] = records
        self.lines[:0] = lines
        if drop_last:
            del self.records[-drop_last:]
            del self.lines[-drop_last:]
        self._redraw()
        self.rows.shift(len(records))

    def replace_records(self, records: Iterable[Record]) -> None:
        """Show exactly ``records``, cursor on the first."""
        self.records = list(records)
        self.lines = [self.cells(r) for r in self.records]
        self.widths = [min(MAX_COLUMN_WIDTH, cell_len(h)) for h in self.headers]
        self._widen(self.lines)
        self._redraw()
        self.rows.move_to(0)

    def current_record(self) -> Record | None:
        """The record under the cursor."""
        if not self.records:
            return None
        return self.records[min(self.cursor_row, len(self.records) - 1)]
