"""A labelled form line: label, the input widget, and one message line under it.

The message line shows the field's problem (in the error colour) or, when it has none, a
note such as the code a typed label resolves to. One line serves both, to keep a form of
thirty fields light to build.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from ncen_tui.data.display import literal


class Labelled(Vertical):
    """Wraps one input widget with its label above and its message below."""

    DEFAULT_CSS = """
    Labelled { height: auto; }
    Labelled > .field-label { height: 1; color: $text-muted; }
    Labelled > .field-label.required { color: $text; }
    Labelled > .field-message { height: auto; display: none; color: $text-muted; }
    Labelled.-noted > .field-message { display: block; }
    Labelled.-invalid > .field-message { display: block; color: $error; }
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
        self._note = ""

    def compose(self) -> ComposeResult:
        text = Text(self.label + (" *" if self.required else ""))
        if self.help_text:
            text.append(f"  {self.help_text}", style="italic")
        yield Static(text, classes="field-label" + (" required" if self.required else ""))
        yield self.widget
        yield Static("", classes="field-message")

    def show_problem(self, message: str | None) -> None:
        """Show ``message`` under the field, or clear it with None."""
        self._problem = message or ""
        self._update()

    def show_note(self, note: str) -> None:
        """Show a muted note under the field (what a code resolves to), or clear it."""
        self._note = note
        self._update()

    def _update(self) -> None:
        self.set_class(bool(self._problem), "-invalid")
        self.set_class(bool(self._note) and not self._problem, "-noted")
        self.query_one(".field-message", Static).update(
            literal(self._problem or self._note, multiline=True))

    @property
    def problem(self) -> str:
        """The problem currently shown ('' when the field is fine)."""
        return self._problem

    @property
    def note(self) -> str:
        """The note currently shown."""
        return self._note
