"""The network channel plugin: the outbox and kept-receipt tables, the ``serve`` and ``outbox``
commands, and the ``ncen`` transport (routes to the outbox, see :mod:`.transport`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ncen_core import hookimpl
from ncen_core.declarations import TransportSpec, open_declared_transport
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


TRANSPORTS = (
    TransportSpec("ncen", "packages over mutual TLS, sent by the outbox of ncen serve "
                  "(route: ncen://{data_dir})",
                  "ncen_plugins.comms.network.transport:open_network_transport"),
)
"""The transport of this plugin; its module is imported only when an ``ncen:`` URL is opened."""


@hookimpl
def register_transports() -> list[TransportSpec]:
    return list(TRANSPORTS)


@hookimpl
def open_transport(url: str) -> object | None:
    return open_declared_transport(TRANSPORTS, url)
