"""Numbered schema migrations, owned per plugin (the core is the plugin called "core").

A plugin returns its migrations from the ``register_migrations`` hook; each is applied once,
in number order, inside the upgrade transaction, and recorded in ``ncen_schema_migration``.
The core's migrations run first (they create that table), then each plugin's by name.
A migration that creates or changes an index derived from records (``reindex``) has the
indexes of every record type rebuilt after it.
Tables of record types are not migrations: they follow the FieldSpecs automatically
(see :mod:`ncen_core.schema`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import peewee as pw

from ncen_core.errors import PluginError

CORE_PLUGIN = "core"


@dataclass(frozen=True)
class Migration:
    """One schema step of one plugin. ``apply`` receives the open database."""

    plugin: str
    number: int
    name: str
    apply: Callable[[pw.Database], None]
    reindex: bool = False

    @property
    def key(self) -> tuple[str, int]:
        """(plugin, number): the identity recorded once applied."""
        return (self.plugin, self.number)


def check_migrations(migrations: list[Migration]) -> list[Migration]:
    """Sort by plugin (the core first) and number; refuse duplicates and gaps, which would
    mean a lost step."""
    by_plugin: dict[str, list[Migration]] = {}
    for migration in migrations:
        by_plugin.setdefault(migration.plugin, []).append(migration)
    ordered: list[Migration] = []
    for plugin in sorted(by_plugin, key=lambda name: (name != CORE_PLUGIN, name)):
        steps = sorted(by_plugin[plugin], key=lambda m: m.number)
        numbers = [m.number for m in steps]
        if numbers != list(range(1, len(steps) + 1)):
            raise PluginError(
                f"plugin {plugin!r}: migrations must be numbered 1, 2, 3 ... without gaps or "
                f"repeats (found {numbers})"
            )
        ordered.extend(steps)
    return ordered
