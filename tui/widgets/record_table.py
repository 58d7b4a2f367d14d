"""A DataTable of records whose cells are always literal text, keyed by record id."""

from __future__ import annotations

from typing import Iterable

from textual.binding import Binding
from textual.widgets import DataTable

from ncen_core.codelists import CodeListRegistry
from ncen_core.fields import RecordType
from ncen_core.records import Record
from ncen_tui.data.display import literal, value_text


class RecordTable(DataTable):
    """Rows of records showing a record type's list columns; row key = record id."""

    BINDINGS = [Binding("end", "scroll_bottom", "Last row", show=False),
                Binding("home", "scroll_top", "First row", show=False)]
    DEFAULT_CSS = """
    RecordTable { height: 1fr; }
    """

    def __init__(self, record_type: RecordType, codelists: CodeListRegistry, language: str,
                 *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.record_type = record_type
        self.codelists = codelists
        self.language = language
        self.records: dict[str, Record] = {}

    def on_mount(self) -> None:
        for name in self.record_type.list_columns:
            self.add_column(self.record_type.field(name).label_for(self.language), key=name)

    def cells(self, record: Record) -> list:
        """One literal cell per list column."""
        return [
            literal(value_text(self.record_type.field(name), record.values.get(name),
                               self.codelists, self.language))
            for name in self.record_type.list_columns
        ]

    def append_records(self, records: Iterable[Record]) -> None:
        """Add rows at the bottom."""
        for record in records:
            key = str(record.id)
            self.records[key] = record
            self.add_row(*self.cells(record), key=key)

    def remove_records(self, records: Iterable[Record]) -> None:
        """Remove the rows of ``records`` (those shown)."""
        for record in records:
            key = str(record.id)
            if self.records.pop(key, None) is not None:
                self.remove_row(key)

    def replace_records(self, records: Iterable[Record]) -> None:
        """Show exactly ``records``."""
        self.clear()
        self.records.clear()
        self.append_records(records)

    def current_record(self) -> Record | None:
        """The record under the cursor."""
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self.records.get(key)
