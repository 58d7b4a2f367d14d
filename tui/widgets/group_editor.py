"""A repeating group in a form: its rows in a table, edited row by row from the keyboard.

ctrl+n adds a row, enter edits the row under the cursor, ctrl+d removes it; each row is
edited in :class:`ncen_tui.dialogs.group_row.GroupRowDialog`.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable

from ncen_core.fields import RecordType
from ncen_core.forms import FormField
from ncen_tui import keys
from ncen_tui.data.display import literal, raw_text


class GroupEditor(Vertical):
    """Holds the rows of one group as raw values; ``raw_value()`` is the list of rows."""

    BINDINGS = keys.bindings("form.add_row", "form.remove_row")
    DEFAULT_CSS = """
    GroupEditor { height: auto; }
    GroupEditor > DataTable { height: auto; max-height: 8; }
    """

    class Changed(Message):
        """The rows changed (added, edited or removed)."""

        def __init__(self, editor: GroupEditor) -> None:
            super().__init__()
            self.editor = editor

        @property
        def control(self) -> GroupEditor:
            """The editor whose rows changed."""
            return self.editor

    def __init__(self, record_type: RecordType, field: FormField, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.record_type, self.field = record_type, field
        self.rows: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row", show_cursor=True)

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        self.table.add_column("#")
        for column in self.field.columns:
            self.table.add_column(column.label)
        self.redraw()

    def focus(self, scroll_visible: bool = True):
        self.table.focus(scroll_visible)
        return self

    def raw_value(self) -> list[dict[str, Any]]:
        return [dict(row) for row in self.rows]

    def load(self, value: Any) -> None:
        self.rows = [dict(row) for row in value or []]
        if self.is_mounted:
            self.redraw()

    def redraw(self, cursor: int | None = None) -> None:
        codelists, language = self.app.ncen.registry.codelists, self.app.language
        table = self.table
        table.clear()
        for number, row in enumerate(self.rows, start=1):
            table.add_row(str(number), *(
                literal(raw_text(column, row.get(column.name), codelists, language))
                for column in self.field.columns))
        if not self.rows:
            table.add_row("", literal("(no rows: ctrl+n adds one)"), key="empty")
        if cursor is not None and self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.rows:
            self.edit_row(event.cursor_row)
        else:
            self.action_add_row()

    def action_add_row(self) -> None:
        self.edit_row(len(self.rows))

    def action_remove_row(self) -> None:
        if not self.rows or self.disabled:
            return
        index = self.table.cursor_row
        del self.rows[index]
        self.redraw(cursor=index)
        self.post_message(self.Changed(self))

    def edit_row(self, index: int) -> None:
        """Open the row dialog for row ``index`` (a new row at the end)."""
        from ncen_tui.dialogs.group_row import GroupRowDialog

        if self.disabled:
            return
        current = self.rows[index] if index < len(self.rows) else None

        def done(row: dict[str, Any] | None) -> None:
            if row is None:
                return
            if index < len(self.rows):
                self.rows[index] = row
            else:
                self.rows.append(row)
            self.redraw(cursor=index)
            self.table.focus()
            self.post_message(self.Changed(self))

        self.app.push_screen(GroupRowDialog(self.record_type, self.field, current, index + 1),
                             done)

    def show_row_problems(self, problems: dict[str, str]) -> str:
        """Row problems (``items[2].quantity``) as one message for the field's line."""
        return "; ".join(
            f"row {path[len(self.field.name) + 1:].replace('].', ' ').rstrip(']')}: {message}"
            for path, message in problems.items())
