"""The network channel plugin: the outbox and kept-receipt tables, the ``serve`` and ``outbox``
commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ncen_core import hookimpl
from ncen_core.migrations import Migration

from . import given_receipts, outbox_table

if TYPE_CHECKING:
    import click


@hookimpl
def register_migrations() -> list[Migration]:
    return [*outbox_table.MIGRATIONS, *given_receipts.MIGRATIONS]


@hookimpl
def register_cli_commands() -> list[click.Command]:
    """The server and outbox commands are imported only for the command line."""
    from .cli import COMMANDS

    return list(COMMANDS)
