"""The footer of keys, rebuilt only when the keys it shows change.

Textual's footer recomposes itself (a widget per key, each restyled) whenever a screen's
bindings are refreshed: on every focus change and every screen switch. Opening a record
refreshes them several times although the keys shown stay the same, and that rebuilding
was the largest single cost of showing a kept record screen again. So this footer rebuilds
only when its keys change, once however many changes asked for it before it ran (a new
screen's mount and its first focus both did), and never while its screen is covered by
another: covering a screen refreshes its bindings too, and showing it again does once more.

Each key it builds is also given the footer's ``compact`` value before it is mounted:
Textual's keys start compact and are then bound to the footer's value, so every key
changed its CSS class twice on mount and restyled itself each time: a tenth of the
cold start to the first painted list, in a profile.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

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
        for widget in super().compose():
            # Textual binds every key to the footer's value but the command palette's.
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def up_to_date(self) -> bool:
        """True when the keys shown are those the screen's bindings would give now."""
        return self.shown is not None and self.is_attached and self.keys_shown() == self.shown

    def bindings_changed(self, screen: Screen) -> None:
        if screen is not self.app.screen or self.up_to_date():
            return
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        if not self.up_to_date():
            await super().recompose()
