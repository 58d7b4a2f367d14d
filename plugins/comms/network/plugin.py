"""The network channel plugin: the outbox table and the ``serve`` and ``outbox`` commands."""

from __future__ import annotations

import click

from ncen_core import hookimpl
from ncen_core.migrations import Migration

from .cli import COMMANDS
from .outbox_table import MIGRATIONS


@hookimpl
def register_migrations() -> list[Migration]:
    return list(MIGRATIONS)


@hookimpl
def register_cli_commands() -> list[click.Command]:
    return list(COMMANDS)
