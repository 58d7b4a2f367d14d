"""A page of reference text (the query language), scrollable, closed with escape."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ncen_tui import keys
from ncen_tui.data.display import literal


class TextView(ModalScreen[None]):
    """Shows ``text`` literally under ``title``."""

    BINDINGS = keys.bindings("screen.back")
    DEFAULT_CSS = """
    TextView { align: center middle; }
    TextView > VerticalScroll {
        width: 78; height: 22; border: round $primary; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = self.title_text
            yield Static(literal(self.text, multiline=True))

    def action_back(self) -> None:
        self.dismiss()
