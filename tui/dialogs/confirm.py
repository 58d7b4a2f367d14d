"""A yes/no question; the answer is typed (y/n), never guessed from a stray enter."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ncen_tui.data.display import literal


class Confirm(ModalScreen[bool]):
    """Returns True for y, False for n or escape."""

    BINDINGS = [("y", "answer(True)", "Yes"), ("n", "answer(False)", "No"),
                ("escape", "answer(False)", "Cancel")]
    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical {
        width: 64; height: auto; border: round $warning; background: $surface; padding: 1 2;
    }
    """

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question, self.detail = question, detail

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(self.question, multiline=True))
            if self.detail:
                yield Static(literal(self.detail, multiline=True), classes="hint")
            yield Static("y: yes   n: no", classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
