"""The exchange plugin: contributes the key, keyring and package commands to ``ncen``."""

from __future__ import annotations

import click

from ncen_core import hookimpl
from ncen_plugins.comms.cli import COMMANDS


@hookimpl
def register_cli_commands() -> list[click.Command]:
    return list(COMMANDS)
