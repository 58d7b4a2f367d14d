"""The network channel plugin: the outbox and kept-receipt tables, the ``serve`` and ``outbox``
commands."""

from __future__ import annotations

import click

from ncen_core import hookimpl
from ncen_core.migrations import Migration

from . import given_receipts, outbox_table
from .cli import COMMANDS


@hookimpl
def register_migrations() -> list[Migration]:
    return [*outbox_table.MIGRATIONS, *given_receipts.MIGRATIONS]


@hookimpl
def register_cli_commands() -> list[click.Command]:
    return list(COMMANDS)
