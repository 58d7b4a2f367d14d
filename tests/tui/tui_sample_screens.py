"""A plugin contributing a TUI screen and a palette command, as a third party would."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Static

from ncen_core import hookimpl
from ncen_core.declarations import CommandSpec, ScreenSpec


class SampleScreen(Screen):
    """The contributed screen."""

    BINDINGS = [("escape", "app.pop_screen", "Back")]

    def compose(self):
        yield Static("sample plugin screen")


@hookimpl
def register_screens() -> list[ScreenSpec]:
    return [ScreenSpec(id="sample.screen", title="Sample screen", key="x",
                       target="tui_sample_screens:SampleScreen")]


@hookimpl
def register_commands() -> list[CommandSpec]:
    return [CommandSpec(id="sample.keys", title="Sample: show the keys", key="k",
                        action="app.help")]
