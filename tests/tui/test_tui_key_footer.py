"""The footer of keys is rebuilt only when what it shows changes, once, on the screen shown.

Textual rebuilds a footer (a widget per key, each styled) at every refresh of its screen's
bindings: a new screen's mount and its first focus each asked for one, and covering a
screen asked its footer for one more although nobody sees it.
"""

from __future__ import annotations

from textual.widget import Widget
from tui_helpers import SIZE, drive, log_in, open_list, screen_text, wait_for, wait_screen

from ncen_tui.app import NcenApp
from ncen_tui.screens.home import HomeScreen
from ncen_tui.widgets.key_footer import KeyFooter


def footer_line(app) -> str:
    return screen_text(app).splitlines()[-1]


@drive
async def test_opening_a_list_rebuilds_its_footer_once_and_not_the_one_beneath(installation,
                                                                               monkeypatch):
    rebuilt: list[str] = []
    recompose = Widget.recompose

    async def counted(widget):
        if isinstance(widget, KeyFooter):
            rebuilt.append(type(widget.screen).__name__)
        await recompose(widget)

    monkeypatch.setattr(Widget, "recompose", counted)
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await wait_for(pilot, lambda: "Quit" in footer_line(app), what="home's keys")
        rebuilt.clear()
        await open_list(pilot, "seizure")
        await pilot.pause()
        assert rebuilt == ["RecordListScreen"]


@drive
async def test_back_on_the_home_screen_its_footer_shows_its_own_keys(installation):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await wait_for(pilot, lambda: "Quit" in footer_line(app), what="home's keys")
        home_keys = footer_line(app)
        await open_list(pilot, "seizure")
        await wait_for(pilot, lambda: footer_line(app) != home_keys, what="the list's keys")
        await pilot.press("escape")
        await wait_screen(pilot, HomeScreen)
        await pilot.pause()
        assert footer_line(app) == home_keys
