"""Asking for one line of text (a reference to jump to, a file path to attach, a passphrase
whose characters are not shown)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ncen_tui import keys
from ncen_tui.data.display import literal


class TextPrompt(ModalScreen[str | None]):
    """Returns the text typed (enter) or None (escape)."""

    BINDINGS = keys.bindings("screen.back")
    DEFAULT_CSS = """
    TextPrompt { align: center middle; }
    TextPrompt > Vertical {
        width: 70; height: auto; border: round $primary; background: $surface; padding: 0 1;
    }
    TextPrompt Input { width: 100%; }
    """

    def __init__(self, title: str, placeholder: str = "", value: str = "", *,
                 password: bool = False) -> None:
        super().__init__()
        self.title_text, self.placeholder, self.value = title, placeholder, value
        self.password = password

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(self.title_text))
            yield Input(self.value, placeholder=self.placeholder, password=self.password,
                        id="prompt-input")
            yield Static("enter: OK   escape: cancel", classes="hint")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value if self.password else event.value.strip())

    def action_back(self) -> None:
        self.dismiss(None)
