"""Attaching a file: its path, a caption and a category (photo, X-ray, document)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from ncen_core.attachment_service import CATEGORIES
from ncen_tui import keys


class AttachDialog(ModalScreen[tuple[Path, str, str] | None]):
    """Returns (path, caption, category); enter in the last field or ctrl+s confirms."""

    BINDINGS = keys.bindings("screen.back", "form.save")
    DEFAULT_CSS = """
    AttachDialog { align: center middle; }
    AttachDialog > Vertical {
        width: 72; height: auto; border: round $primary; background: $surface; padding: 0 1;
    }
    AttachDialog Input, AttachDialog Select { width: 100%; }
    AttachDialog #attach-error { color: $error; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("File to attach (full path)")
            yield Input(id="attach-path", placeholder="/home/officer/photo.jpg")
            yield Static("Caption")
            yield Input(id="attach-caption")
            yield Static("Kind")
            yield Select([(c, c) for c in CATEGORIES], value=CATEGORIES[0], allow_blank=False,
                         id="attach-category")
            yield Static("", id="attach-error")
            yield Static("ctrl+s: attach   escape: cancel", classes="hint")

    @on(Input.Submitted, "#attach-path")
    def path_given(self) -> None:
        self.query_one("#attach-caption", Input).focus()

    @on(Input.Submitted, "#attach-caption")
    def caption_given(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        text = self.query_one("#attach-path", Input).value.strip()
        path = Path(text).expanduser()
        if not text or not path.is_file():
            self.query_one("#attach-error", Static).update("no such file")
            self.query_one("#attach-path", Input).focus()
            return
        self.dismiss((path, self.query_one("#attach-caption", Input).value.strip(),
                      self.query_one("#attach-category", Select).value))

    def action_back(self) -> None:
        self.dismiss(None)
