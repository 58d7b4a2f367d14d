"""A record's fields are rendered by Rich once per record shown, not at every layout.

Textual asks a Static's Rich content for its height at each layout of the screen (a full
render) and renders it again to draw it; :class:`RenderedOnce` renders it once for the
width it is drawn at, answering the height from those lines.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App
from textual.screen import Screen
from textual.widgets import Static
from tui_helpers import drive

from ncen_tui.widgets.rendered_once import RenderedOnce


class Counted:
    """A renderable that counts how often Rich renders it."""

    def __init__(self) -> None:
        self.renders = 0

    def __rich_console__(self, console, options):
        self.renders += 1
        yield Text("[b]label[/b]: value\nsecond line", no_wrap=True)


class Shown(App):
    def compose(self):
        yield Static(id="fields")


async def laid_out_again(app: App, pilot) -> None:
    """What makes Textual lay the screen out again: a layout refresh, a screen on top."""
    app.screen.refresh(layout=True)
    await pilot.pause()
    await app.push_screen(Screen())
    await pilot.pause()
    await app.pop_screen()
    await pilot.pause()
    app.query_one("#fields").refresh(layout=True)
    await pilot.pause()


@drive
async def test_it_is_rendered_once_and_layouts_after_the_first_paint_do_not_render_again():
    app, counted = Shown(), Counted()
    async with app.run_test(size=(60, 10)) as pilot:
        fields = app.query_one("#fields", Static)
        fields.update(RenderedOnce(fields, counted))
        await pilot.pause()
        assert counted.renders == 1
        await laid_out_again(app, pilot)
        assert counted.renders == 1
        assert "[b]label[/b]: value" in fields.render_line(0).text


@drive
async def test_a_new_width_is_rendered_again():
    app, counted = Shown(), Counted()
    async with app.run_test(size=(60, 10)) as pilot:
        fields = app.query_one("#fields", Static)
        fields.update(RenderedOnce(fields, counted))
        await pilot.pause()
        first_paint = counted.renders
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        assert counted.renders > first_paint
