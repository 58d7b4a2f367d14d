"""A labelled form line: label, the input widget, and the message of its last check."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from ncen_tui.data.display import literal


class Labelled(Vertical):
    """Wraps one input widget with its label above and its problem message below."""

    DEFAULT_CSS = """
    Labelled { height: auto; margin: 0 0 0 0; }
    Labelled > .field-label { height: 1; color: $text-muted; }
    Labelled > .field-label.required { color: $text; }
    Labelled > .field-problem { height: auto; color: $error; display: none; }
    Labelled > .field-note { height: auto; color: $text-muted; display: none; }
    Labelled.-noted > .field-note { display: block; }
    Labelled.-invalid > .field-problem { display: block; }
    Labelled.-invalid > .field-label { color: $error; }
    """

    def __init__(self, label: str, widget: Widget, *, required: bool = False,
                 help_text: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.widget = widget
        self.required = required
        self.help_text = help_text
        self._problem = ""

    def compose(self) -> ComposeResult:
        text = Text(self.label + (" *" if self.required else ""))
        if self.help_text:
            text.append(f"  {self.help_text}", style="italic")
        yield Static(text, classes="field-label" + (" required" if self.required else ""))
        yield self.widget
        yield Static("", classes="field-note")
        yield Static("", classes="field-problem")

    def show_note(self, note: str) -> None:
        """Show a muted note under the field (what a code resolves to), or clear it."""
        self.set_class(bool(note), "-noted")
        self.query_one(".field-note", Static).update(literal(note))

    def show_problem(self, message: str | None) -> None:
        """Show ``message`` under the field, or clear it with None."""
        self._problem = message or ""
        self.set_class(bool(message), "-invalid")
        self.query_one(".field-problem", Static).update(literal(message or "", multiline=True))

    @property
    def problem(self) -> str:
        """The message currently shown ('' when the field is fine)."""
        return self._problem
