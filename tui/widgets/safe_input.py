"""An Input that never sends a control character from its value to the terminal.

A value loaded from a record may hold escape sequences. Textual draws an Input's value
as it is, so each control character is drawn as one visible picture instead (ESC as ␛),
keeping one cell per character so the cursor stays where the characters are. The value
itself is untouched: what is saved is what was stored or typed.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input

from ncen_tui.data.display import visible_in_place


class SafeInput(Input):
    """Input whose drawn value shows control characters as visible pictures."""

    @property
    def _value(self) -> Text:
        text = super()._value
        if self.password or text.plain.isprintable():
            return text
        shown = Text(visible_in_place(text.plain), no_wrap=True, overflow="ignore", end="")
        for span in text.spans:
            shown.stylize(span.style, span.start, span.end)
        return shown
