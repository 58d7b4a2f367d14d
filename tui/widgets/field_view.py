"""A record's fields, read-only: one line per field, each repeating group as a small table."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ncen_core.codelists import CodeListRegistry
from ncen_core.fields import FieldSpec, RecordType
from ncen_core.records import Record
from ncen_tui.data.display import literal, value_text
from ncen_tui.widgets.rendered_once import RenderedOnce


def group_table(spec: FieldSpec, rows: list[dict], codelists: CodeListRegistry,
                language: str) -> Table:
    """A repeating group's rows as a compact Rich table of literal cells."""
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    table.add_column("#")
    for sub in spec.fields:
        table.add_column(Text(sub.label_for(language)))
    for index, row in enumerate(rows, start=1):
        table.add_row(str(index), *(literal(value_text(sub, row.get(sub.name), codelists,
                                                       language)) for sub in spec.fields))
    return table


class FieldView(VerticalScroll):
    """Every field of a record with a value, labelled; empty fields are left out.

    All of it is one renderable in one Static updated in place: a widget per field would
    cost a mount and a style pass each time a record is shown, which is most of the
    time of opening a record. Rich renders it once per record shown (:class:`RenderedOnce`),
    not at each layout of the screen.
    """

    DEFAULT_CSS = """
    FieldView { height: 1fr; padding: 0 1; }
    FieldView > #field-lines { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="field-lines")

    def show(self, record_type: RecordType, record: Record, codelists: CodeListRegistry,
             language: str) -> None:
        """Replace the content with ``record``'s fields."""
        parts: list[RenderableType] = []
        for spec in record_type.fields:
            value = record.values.get(spec.name)
            if value in (None, "", []):
                continue
            label = spec.label_for(language)
            if spec.kind == "group":
                parts.append(Text(f"\n{label}", style="bold"))
                parts.append(group_table(spec, value, codelists, language))
                continue
            multiline = spec.kind == "longtext"
            line = Text(f"{label}: ", style="bold")
            line.append_text(literal(value_text(spec, value, codelists, language)
                                     if not multiline else str(value), multiline=multiline))
            parts.append(line)
        lines = self.query_one("#field-lines", Static)
        lines.update(RenderedOnce(lines, Group(*parts)) if parts
                     else Text("(no field filled in)"))
        self.scroll_home(animate=False)
