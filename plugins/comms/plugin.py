"""The exchange plugin: contributes the key, keyring and package commands to ``ncen``, and
the transports that carry packages between offices."""

from __future__ import annotations

import urllib.parse

import click

from ncen_core import hookimpl
from ncen_core.declarations import TransportSpec
from ncen_plugins.comms.cli import COMMANDS

TRANSPORTS = (
    TransportSpec("file", "packages as files in folders (shared drive, USB stick, e-mail)",
                  "ncen_plugins.comms.file_transport.folder:open_folder_transport"),
)
"""The transports of this plugin; a module is imported only when its scheme is opened."""


@hookimpl
def register_cli_commands() -> list[click.Command]:
    return list(COMMANDS)


@hookimpl
def register_transports() -> list[TransportSpec]:
    return list(TRANSPORTS)


@hookimpl
def open_transport(url: str) -> object | None:
    scheme = urllib.parse.urlsplit(url).scheme
    for spec in TRANSPORTS:
        if spec.scheme == scheme:
            return spec.load_factory()(url)
    return None
