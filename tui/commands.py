"""The command palette: every key action available on the current screen, plus the areas.

Entries come from the screen's active bindings (so the palette, the footer and the keys
agree, remapped keys included) and from the quick keys of the home screen, so any area
can be reached from anywhere by name.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class NcenCommands(Provider):
    """Finds actions by their description."""

    def entries(self) -> list[tuple[str, str, object]]:
        """(title, help, callback) of each action that can run now."""
        app = self.app
        found: dict[str, tuple[str, str, object]] = {}
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not active.enabled or not binding.description:
                continue
            key_text = app.get_key_display(binding)
            found.setdefault(binding.description, (
                binding.description, f"key {key_text}",
                partial(app.run_action, binding.action, active.node)))
        if getattr(app, "service", None) is not None:
            for action in app.area_actions():
                title = f"Open {action.description}"
                found.setdefault(title, (title, f"list ({action.id})",
                                         partial(app.run_action, action.action)))
            registry = app.ncen.registry
            for spec in registry.screens.values():
                found.setdefault(spec.title, (spec.title, spec.id, partial(
                    app.run_action, f"app.open_plugin_screen('{spec.id}')")))
            for spec in registry.commands.values():
                found.setdefault(spec.title, (spec.title, spec.id,
                                              partial(app.run_action, spec.action)))
        return list(found.values())

    async def discover(self) -> Hits:
        for title, help_text, callback in self.entries():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self.entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
