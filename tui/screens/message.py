"""A start-up problem the user must fix outside the interface, with the fix spelled out."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from ncen_tui import keys
from ncen_tui.data.display import literal


class MessageScreen(Screen[None]):
    """Says what is wrong and which command fixes it; the only way on is to quit."""

    BINDINGS = keys.bindings("app.quit")
    DEFAULT_CSS = """
    MessageScreen { align: center middle; }
    MessageScreen #message-box {
        width: 76; height: auto; border: heavy $error; padding: 1 2;
    }
    MessageScreen #message-title { text-style: bold; }
    MessageScreen #message-fix { margin-top: 1; text-style: bold; }
    """

    def __init__(self, title: str, message: str, fix: str) -> None:
        super().__init__()
        self.title_text, self.message, self.fix = title, message, fix

    def compose(self) -> ComposeResult:
        with Vertical(id="message-box"):
            yield Static(literal(self.title_text), id="message-title")
            yield Static(literal(self.message, multiline=True), id="message-text")
            yield Static(literal(self.fix, multiline=True), id="message-fix")
        yield Footer()
