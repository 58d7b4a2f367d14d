"""``ncen plugins``: what is loaded, in which version, implementing which hooks."""

from __future__ import annotations

import click

from ncen_core import core_plugin
from ncen_core.cli.context import CliState, pass_state
from ncen_core.plugin_manager import build_plugin_manager, describe_plugins


@click.command("plugins", short_help="List plugins, their versions and hooks.")
@pass_state
def plugins_command(state: CliState) -> None:
    """List each plugin with its version, origin and the hooks it implements."""
    pm = build_plugin_manager(state.config, extra_plugins=[core_plugin])
    for info in describe_plugins(pm):
        click.echo(f"{info.name}  {info.version}  ({info.source})")
        click.echo(f"    hooks: {', '.join(info.hooks) or '-'}")
