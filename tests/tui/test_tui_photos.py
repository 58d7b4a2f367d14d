"""Photos: the graphics protocol chosen at start-up, the half-block fallback, and the
Kitty/Sixel widgets used where the terminal speaks them."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from textual.app import App
from tui_helpers import drive, wait_for

from ncen_tui.data.graphics import Graphics, choose_graphics, detect_graphics
from ncen_tui.widgets.thumbnail import Thumbnail, half_block_text, protocol_widget


def never_probed() -> Graphics | None:
    raise AssertionError("the terminal must not be queried here")


def png_bytes(size=(64, 48), colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("requested, expected", [
    ("kitty", Graphics.KITTY), ("SIXEL", Graphics.SIXEL), ("halfblock", Graphics.HALF_BLOCK)])
def test_a_forced_protocol_is_used_without_asking_the_terminal(requested, expected):
    assert choose_graphics(requested, is_tty=False, multiplexed=True,
                           probe=never_probed) is expected


def test_output_that_is_not_a_terminal_gets_half_blocks_without_a_query():
    assert choose_graphics("auto", is_tty=False, multiplexed=False,
                           probe=never_probed) is Graphics.HALF_BLOCK


def test_inside_tmux_or_screen_half_blocks_are_used_without_a_query():
    assert choose_graphics("auto", is_tty=True, multiplexed=True,
                           probe=never_probed) is Graphics.HALF_BLOCK


@pytest.mark.parametrize("found", [Graphics.KITTY, Graphics.SIXEL])
def test_auto_on_a_terminal_uses_what_the_terminal_answers(found):
    assert choose_graphics("auto", is_tty=True, multiplexed=False,
                           probe=lambda: found) is found


def test_a_terminal_that_answers_neither_protocol_gets_half_blocks():
    assert choose_graphics("", is_tty=True, multiplexed=False,
                           probe=lambda: None) is Graphics.HALF_BLOCK


def test_an_unknown_request_is_treated_as_auto():
    assert choose_graphics("iterm", is_tty=True, multiplexed=False,
                           probe=lambda: Graphics.KITTY) is Graphics.KITTY


def test_the_environment_variable_forces_the_choice():
    assert detect_graphics({"NCEN_GRAPHICS": "sixel"}) is Graphics.SIXEL
    assert detect_graphics({"NCEN_GRAPHICS": "halfblock", "TERM": "xterm-kitty"}) \
        is Graphics.HALF_BLOCK


class PhotoApp(App[None]):
    """A bare app holding one thumbnail, drawn with ``graphics``."""

    def __init__(self, graphics: Graphics) -> None:
        super().__init__()
        self.graphics = graphics

    def compose(self):
        yield Thumbnail(id="thumbnail")


@drive
async def test_half_blocks_draw_the_photo_as_coloured_cells():
    app = PhotoApp(Graphics.HALF_BLOCK)
    async with app.run_test(size=(80, 24)) as pilot:
        thumbnail = app.query_one(Thumbnail)
        thumbnail.show(png_bytes())
        await pilot.pause()
        assert "▀" in str(thumbnail.render())
        assert not thumbnail.children


def test_each_half_block_carries_the_upper_and_lower_pixel_colours():
    text = half_block_text(png_bytes(colour=(200, 30, 30)), 32, 15)
    style = text.spans[0].style
    assert style.color.triplet == (200, 30, 30) and style.bgcolor.triplet == (200, 30, 30)
    assert text.plain.splitlines()[0] == "▀" * 32


@pytest.mark.parametrize("graphics, widget_name", [
    (Graphics.KITTY, "TGPImage"), (Graphics.SIXEL, "SixelImage")])
def test_a_graphics_terminal_gets_the_protocol_widget(graphics, widget_name):
    from textual_image import widget as image_widgets

    widget = protocol_widget(graphics, png_bytes())
    assert type(widget) is getattr(image_widgets, widget_name)
    assert widget.image.size == (64, 48)


def test_half_blocks_need_no_protocol_widget():
    assert protocol_widget(Graphics.HALF_BLOCK, png_bytes()) is None


@drive
async def test_on_a_kitty_terminal_the_thumbnail_holds_the_image_widget():
    app = PhotoApp(Graphics.KITTY)
    async with app.run_test(size=(80, 24)) as pilot:
        thumbnail = app.query_one(Thumbnail)
        thumbnail.show(png_bytes())
        await wait_for(pilot, lambda: thumbnail.children, what="image mounted")
        from textual_image.widget import TGPImage

        assert [type(c) for c in thumbnail.children] == [TGPImage]
        assert "▀" not in str(thumbnail.render())
        thumbnail.show(None)
        await wait_for(pilot, lambda: not thumbnail.children, what="image removed")
        assert "no preview" in str(thumbnail.render())
