"""ncen core: record types, storage, record service, users, audit and the plugin hooks.

The core never imports Textual; the TUI (``ncen_tui``) stands on top of it.
Plugins mark their hook implementations with :data:`hookimpl`.
"""

import pluggy

from ncen_core.postgres_driver import import_peewee_without_psycopg

import_peewee_without_psycopg()

__version__ = "0.1.0"

PROJECT_NAME = "ncen"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

__all__ = ["PROJECT_NAME", "__version__", "hookimpl", "hookspec"]
