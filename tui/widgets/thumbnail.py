"""A photo thumbnail drawn with half blocks: two pixels per character cell.

Each cell shows ``▀`` with the upper pixel as foreground and the lower as background, which
works in any terminal with colours (Textual maps the colours down to 16 where needed).
Only the stored thumbnail (a PNG made by the core when the photo was attached) is decoded.
"""

from __future__ import annotations

import io

from PIL import Image
from rich.color import Color
from rich.style import Style
from rich.text import Text
from textual.widgets import Static


def half_block_text(png: bytes, width: int, height: int) -> Text:
    """``png`` scaled to fit ``width`` cells by ``height`` lines, as half-block text."""
    with Image.open(io.BytesIO(png)) as image:
        picture = image.convert("RGB")
    picture.thumbnail((width, height * 2))
    columns, rows = picture.size
    pixels = picture.load()
    text = Text(no_wrap=True)
    for y in range(0, rows - 1, 2):
        for x in range(columns):
            top, bottom = pixels[x, y], pixels[x, y + 1]
            text.append("▀", Style(color=Color.from_rgb(*top), bgcolor=Color.from_rgb(*bottom)))
        text.append("\n")
    return text


class Thumbnail(Static):
    """Shows a thumbnail, or a line saying there is none (PDF, DICOM)."""

    DEFAULT_CSS = """
    Thumbnail { width: 34; height: 16; }
    """

    def show(self, png: bytes | None) -> None:
        """Draw ``png`` in the widget's area (or say there is no preview)."""
        if png is None:
            self.update(Text("no preview for this kind of file", style="italic"))
            return
        self.update(half_block_text(png, 32, 15))
