"""The footer of keys, rebuilt only when the keys it shows change.

Textual's footer recomposes itself (a widget per key, each restyled) whenever a screen's
bindings are refreshed: on every focus change and every screen switch. Opening a record
refreshes them several times although the keys shown stay the same, and that rebuilding
was the largest single cost of showing a kept record screen again.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

KeySignature = tuple[object, ...]


class KeyFooter(Footer):
    """A :class:`Footer` that skips a rebuild when it would show exactly the same keys."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: KeySignature | None = None

    def keys_shown(self) -> KeySignature:
        """Everything the footer's keys are built from, for the screen's current focus."""
        keys = tuple((binding.key, self.app.get_key_display(binding), binding.description,
                      binding.action, enabled, tooltip, binding.group)
                     for _, binding, enabled, tooltip in self.screen.active_bindings.values()
                     if binding.show)
        return keys, self.show_command_palette, self.app.ENABLE_COMMAND_PALETTE

    def compose(self) -> ComposeResult:
        self.shown = self.keys_shown() if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if (self.shown is not None and self.is_attached and screen is self.screen
                and self.keys_shown() == self.shown):
            return
        super().bindings_changed(screen)
