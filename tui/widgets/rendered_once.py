"""A Rich renderable that Rich renders once per width, however often Textual lays it out.

A Static holding a Rich renderable (a record's fields: lines of text and a table per
repeating group) is rendered by Rich in full each time Textual asks its height -- at every
layout of the screen: a screen switch, a tab change, a resize -- and once more to draw it.
:class:`RenderedOnce` keeps the height and the drawn lines of each width, so a record shown
is rendered by Rich once and laid out again for free. Its content never changes: showing
another record makes another instance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RichVisual
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

#: Widths kept per renderable; a resize by dragging passes through many.
KEPT_WIDTHS = 4


class RenderedOnce(RichVisual):
    """A :class:`RichVisual` that keeps what it rendered, by width (and base style)."""

    def __init__(self, widget: Widget, renderable: RenderableType) -> None:
        super().__init__(widget, renderable)
        self._heights: dict[int, int] = {}
        self._strips: dict[tuple[int, int | None, Style], list[Strip]] = {}

    def get_height(self, rules: RulesMap, width: int) -> int:
        if width not in self._heights:
            if len(self._heights) >= KEPT_WIDTHS:
                self._heights.clear()
            self._heights[width] = super().get_height(rules, width)
        return self._heights[width]

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        if options.selection is not None:  # a mouse selection is drawn into the lines
            return super().render_strips(width, height, style, options)
        key = (width, height, style)
        if key not in self._strips:
            if len(self._strips) >= KEPT_WIDTHS:
                self._strips.clear()
            self._strips[key] = super().render_strips(width, height, style, options)
        return self._strips[key]
