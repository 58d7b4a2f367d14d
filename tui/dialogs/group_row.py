"""Editing one row of a repeating group (a seized item, a route leg, a document)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ncen_core.errors import ValidationError
from ncen_core.fields import RecordType
from ncen_core.forms import FormField
from ncen_core.validation import normalise_values
from ncen_tui import keys
from ncen_tui.data.display import literal
from ncen_tui.widgets.field_inputs import make_input
from ncen_tui.widgets.labelled import Labelled


class GroupRowDialog(ModalScreen[dict[str, Any] | None]):
    """Returns the row's raw values once they validate (ctrl+s, or enter in the last field)."""

    BINDINGS = keys.bindings("screen.back", "form.save")
    DEFAULT_CSS = """
    GroupRowDialog { align: center middle; }
    GroupRowDialog > VerticalScroll {
        width: 76; height: 22; border: round $primary; background: $surface; padding: 0 1;
    }
    GroupRowDialog #row-title { text-style: bold; }
    """

    def __init__(self, record_type: RecordType, group: FormField, row: dict[str, Any] | None,
                 number: int) -> None:
        super().__init__()
        self.record_type, self.group, self.row, self.number = record_type, group, row or {}, number

    def compose(self) -> ComposeResult:
        app = self.app
        codelists = app.ncen.registry.codelists
        with VerticalScroll():
            yield Static(literal(f"{self.group.label}: row {self.number}"
                                 "   (ctrl+s keeps the row, escape drops the changes)"),
                         id="row-title")
            for sub in self.group.columns:
                widget = make_input(sub, codelists, app.language, id=f"sub-{sub.name}")
                yield Labelled(sub.label, widget, required=sub.required, help_text=sub.help,
                               id=f"subrow-{sub.name}")

    def on_mount(self) -> None:
        for sub in self.group.columns:
            self.query_one(f"#sub-{sub.name}").load(self.row.get(sub.name))
        self.query_one(f"#sub-{self.group.columns[0].name}").focus()

    def values(self) -> dict[str, Any]:
        return {sub.name: self.query_one(f"#sub-{sub.name}").raw_value()
                for sub in self.group.columns}

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        last = self.group.columns[-1].name
        if event.input.id in (f"sub-{last}", f"sub-{last}-unit"):
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        row = self.values()
        prefix = f"{self.group.name}[1]."
        problems: dict[str, str] = {}
        try:
            normalise_values(self.record_type, {self.group.name: [row]},
                             self.app.ncen.registry.codelists, check_required=False)
        except ValidationError as exc:
            problems = {path.removeprefix(prefix): message
                        for path, message in exc.problems.items()}
        for sub in self.group.columns:
            self.query_one(f"#subrow-{sub.name}", Labelled).show_problem(problems.get(sub.name))
        if problems:
            return
        self.dismiss(row)

    def action_back(self) -> None:
        self.dismiss(None)
