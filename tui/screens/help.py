"""The ``?`` screen: every key action with the key it answers to now, and where."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ncen_tui import keys


def key_rows(app) -> list[tuple[str, str, str, str]]:
    """(id, key, description, where) for every action, with the configuration's keymap."""
    rows = [(a.id, a.key, a.description, a.scope) for a in keys.ACTIONS]
    if app.ncen is not None:
        rows += [(a.id, a.key, a.description, a.scope) for a in app.area_actions()]
        registry = app.ncen.registry
        rows += [(s.id, s.key, s.title, "home") for s in registry.screens.values()]
        rows += [(c.id, c.key, c.title, "home") for c in registry.commands.values()]
    return [(i, keys.effective_key(i, k, app.keymap), d, w) for i, k, d, w in rows]


class HelpScreen(ModalScreen[None]):
    """Lists the key map; escape or ``?`` closes it."""

    BINDINGS = [*keys.bindings("screen.back"), ("question_mark", "back", "Close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help-box { width: 78; height: 22; border: round $primary; background: $surface; }
    HelpScreen DataTable { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static("Keys (remap them by id in the keys setting of the configuration)",
                         classes="hint")
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Action", "Where", "Id")
        for action_id, key, description, where in key_rows(self.app):
            table.add_row(Text(self.app.get_key_display(Binding(key, ''))), Text(description),
                          Text(where), Text(action_id))
        table.focus()

    def action_back(self) -> None:
        self.dismiss()
