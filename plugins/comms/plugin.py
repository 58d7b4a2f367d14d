"""The exchange plugin: contributes the key, keyring and package commands to ``ncen``, the
transports that carry packages between offices, and the exchange screens of the interface
(declared by target, so loading the plugin never imports Textual)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ncen_core import hookimpl
from ncen_core.declarations import ScreenSpec, TransportSpec, open_declared_transport
from ncen_core.migrations import Migration
from ncen_plugins.comms.file_transport.ledger import MIGRATIONS as FILE_TRANSPORT_MIGRATIONS
from ncen_plugins.comms.messages.tables import MIGRATIONS as MESSAGE_MIGRATIONS
from ncen_plugins.comms.receiving.tables import MIGRATIONS as RECEIVING_MIGRATIONS
from ncen_plugins.comms.sharing.ledger_tables import MIGRATIONS as SHARING_MIGRATIONS

if TYPE_CHECKING:
    import click

MIGRATIONS = (*RECEIVING_MIGRATIONS, *SHARING_MIGRATIONS, *MESSAGE_MIGRATIONS,
              *FILE_TRANSPORT_MIGRATIONS)
"""The numbered migrations of the comms plugin, one list per part (receiving: 1-19; the sent
ledger under its own owner ``comms-sharing``, numbered from 1)."""

TRANSPORTS = (
    TransportSpec("file", "packages as files in folders (shared drive, USB stick, e-mail)",
                  "ncen_plugins.comms.file_transport.folder:open_folder_transport"),
)
"""The transports of this plugin; a module is imported only when its scheme is opened."""

SCREENS = (
    ScreenSpec("comms.exchange", "Exchange", "e",
               "ncen_plugins.comms.tui.exchange_screen:ExchangeScreen"),
    ScreenSpec("comms.network", "Network", "n",
               "ncen_plugins.comms.tui.network_screen:NetworkScreen"),
    ScreenSpec("comms.keys", "Keys and keyring", "k",
               "ncen_plugins.comms.tui.keys_screen:KeysScreen"),
    ScreenSpec("comms.import", "Import package", "i",
               "ncen_plugins.comms.tui.import_dialog:ImportPackageDialog"),
    ScreenSpec("comms.share", "Share", "s",
               "ncen_plugins.comms.tui.share_dialog:ShareDialog"),
)
"""The exchange screens, opened from the home screen by their (remappable) keys."""


@hookimpl
def register_cli_commands() -> list[click.Command]:
    """The command modules (keys, packages, transports) are imported only for the command
    line: the interface starts without them."""
    from ncen_plugins.comms.cli import COMMANDS

    return list(COMMANDS)


@hookimpl
def register_migrations() -> list[Migration]:
    return list(MIGRATIONS)


@hookimpl
def register_screens() -> list[ScreenSpec]:
    return list(SCREENS)


@hookimpl
def register_transports() -> list[TransportSpec]:
    return list(TRANSPORTS)


@hookimpl
def open_transport(url: str) -> object | None:
    return open_declared_transport(TRANSPORTS, url)
