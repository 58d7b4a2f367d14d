"""A record's fields, read-only: one line per field, each repeating group as a small table."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ncen_core.codelists import CodeListRegistry
from ncen_core.fields import FieldSpec, RecordType
from ncen_core.records import Record
from ncen_tui.data.display import literal, value_text


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
    """Every field of a record with a value, labelled; empty fields are left out."""

    DEFAULT_CSS = """
    FieldView { height: 1fr; padding: 0 1; }
    FieldView > .field-line { height: auto; }
    FieldView > .group-title { text-style: bold; margin-top: 1; height: 1; }
    FieldView > .group-table { height: auto; }
    """

    def show(self, record_type: RecordType, record: Record, codelists: CodeListRegistry,
             language: str) -> None:
        """Replace the content with ``record``'s fields."""
        self.remove_children()
        widgets = []
        for spec in record_type.fields:
            value = record.values.get(spec.name)
            if value in (None, "", []):
                continue
            label = spec.label_for(language)
            if spec.kind == "group":
                widgets.append(Static(Text(label), classes="group-title"))
                widgets.append(Static(group_table(spec, value, codelists, language),
                                      classes="group-table"))
                continue
            multiline = spec.kind == "longtext"
            line = Text(f"{label}: ", style="bold")
            line.append_text(literal(value_text(spec, value, codelists, language)
                                     if not multiline else str(value), multiline=multiline))
            widgets.append(Static(line, classes="field-line"))
        if not widgets:
            widgets.append(Static("(no field filled in)", classes="field-line"))
        self.mount_all(widgets)
