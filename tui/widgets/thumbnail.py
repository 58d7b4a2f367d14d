"""A photo thumbnail: through the terminal's graphics protocol where it has one, else drawn
with half blocks (two pixels per character cell).

Each half-block cell shows ``▀`` with the upper pixel as foreground and the lower as
background, which works in any terminal with colours (Textual maps the colours down to 16
where needed). Kitty and Sixel terminals get a ``textual-image`` widget instead (see
:mod:`ncen_tui.data.graphics` for how the protocol is chosen). Either way only the stored
thumbnail (a PNG made by the core when the photo was attached) is decoded.
"""

from __future__ import annotations

import io

from PIL import Image
from rich.color import Color
from rich.style import Style
from rich.text import Span, Text
from textual.widget import Widget
from textual.widgets import Static

from ncen_tui.data.graphics import Graphics

CELLS = (32, 15)


def half_block_text(png: bytes, width: int, height: int) -> Text:
    """``png`` scaled to fit ``width`` cells by ``height`` lines, as half-block text.

    Built as one string with one style span per cell: appending cell by cell costs Rich a
    control-code scan each, some 0.2 s a thumbnail on an old machine."""
    with Image.open(io.BytesIO(png)) as image:
        picture = image.convert("RGB")
    picture.thumbnail((width, height * 2))
    columns, rows = picture.size
    pixels = picture.load()
    lines, spans = [], []
    for y in range(0, rows - 1, 2):
        start = len(lines) * (columns + 1)
        for x in range(columns):
            top, bottom = pixels[x, y], pixels[x, y + 1]
            spans.append(Span(start + x, start + x + 1,
                              Style(color=Color.from_rgb(*top), bgcolor=Color.from_rgb(*bottom))))
        lines.append("▀" * columns + "\n")
    return Text("".join(lines), spans=spans, no_wrap=True)


def drawing(png: bytes | None, graphics: Graphics) -> Text | bytes | None:
    """What :meth:`Thumbnail.show_drawing` shows for ``png``: the half-block text, built
    wherever this runs (the database thread, so the interface does not wait for it), or the
    PNG itself for a graphics protocol; None when there is no thumbnail."""
    if png is None or graphics is not Graphics.HALF_BLOCK:
        return png
    return half_block_text(png, *CELLS)


def protocol_widget(graphics: Graphics, png: bytes) -> Widget | None:
    """A ``textual-image`` widget showing ``png`` with ``graphics``; None for half blocks
    or when the library cannot be loaded."""
    if graphics is Graphics.HALF_BLOCK:
        return None
    try:
        from textual_image.widget import SixelImage, TGPImage
    except Exception:  # noqa: BLE001 - no renderer: the caller draws half blocks
        return None
    widget_class = SixelImage if graphics is Graphics.SIXEL else TGPImage
    return widget_class(Image.open(io.BytesIO(png)), classes="thumbnail-image")


class Thumbnail(Static):
    """Shows a thumbnail, or a line saying there is none (PDF, DICOM)."""

    DEFAULT_CSS = """
    Thumbnail { width: 34; height: 16; }
    Thumbnail .thumbnail-image { width: 32; height: 15; }
    """

    @property
    def graphics(self) -> Graphics:
        """The app's choice of protocol (half blocks for an app that made none)."""
        return getattr(self.app, "graphics", Graphics.HALF_BLOCK)

    def show(self, png: bytes | None) -> None:
        """Draw ``png`` in the widget's area (or say there is no preview)."""
        self.show_drawing(drawing(png, self.graphics))

    def show_drawing(self, drawn: Text | bytes | None) -> None:
        """Show what :func:`drawing` made."""
        self.clear()
        if drawn is None:
            self.update(Text("no preview for this kind of file", style="italic"))
            return
        if isinstance(drawn, Text):
            self.update(drawn)
            return
        png = drawn
        image = protocol_widget(self.graphics, png)
        if image is None:
            self.update(half_block_text(png, *CELLS))
            return
        self.update("")
        self.mount(image)

    def clear(self) -> None:
        """Show nothing (a record without photos)."""
        if self.children:
            self.remove_children()
        self.update("")
