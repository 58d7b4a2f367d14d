"""A Rich renderable that Rich renders once per width, however often Textual lays it out.

A Static holding a Rich renderable (a record's fields: lines of text and a table per
repeating group) is rendered by Rich in full each time Textual asks its height -- at every
layout of the screen: a screen switch, a tab change, a resize -- and once more to draw it.
:class:`RenderedOnce` renders it once for a width and style, answers the height from those
lines and draws them, so a record shown is rendered by Rich once and laid out again for
free. Its content never changes: showing another record makes another instance.
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

#: Widths (and styles) kept per renderable; a resize by dragging passes through many.
KEPT_RENDERS = 4


class RenderedOnce(RichVisual):
    """A :class:`RichVisual` that keeps the lines it rendered, by width and base style."""

    def __init__(self, widget: Widget, renderable: RenderableType) -> None:
        super().__init__(widget, renderable)
        self._lines: dict[tuple[int, Style], list[Strip]] = {}

    def get_height(self, rules: RulesMap, width: int) -> int:
        widget = self._widget
        # The style the widget will draw with (Widget._render_lines passes the same).
        options = RenderOptions(widget._get_style, rules)
        return len(self.lines(width, widget.visual_style, options))

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        if options.selection is not None:  # a mouse selection is drawn into the lines
            return super().render_strips(width, height, style, options)
        return self.lines(width, style, options)[:height]

    def lines(self, width: int, style: Style, options: RenderOptions) -> list[Strip]:
        """Every line of the renderable at ``width`` in ``style``, rendered on first use."""
        key = (width, style)
        if key not in self._lines:
            if len(self._lines) >= KEPT_RENDERS:
                self._lines.clear()
            self._lines[key] = super().render_strips(width, None, style, options)
        return self._lines[key]
