"""The ``ncen`` command: one click group; the core's commands plus those of plugins.

User mistakes (an NcenError) print one line and exit 1; usage errors exit 2; only bugs
show a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ncen_core import __version__, core_plugin
from ncen_core.cli.analysis_commands import report_command, stats_command
from ncen_core.cli.audit_commands import audit_group
from ncen_core.cli.context import CliState
from ncen_core.cli.db_commands import db_group
from ncen_core.cli.demo_commands import demo_command
from ncen_core.cli.network_commands import network_group
from ncen_core.cli.plugin_commands import plugins_command
from ncen_core.cli.quality_commands import quality_command
from ncen_core.cli.record_commands import record_group
from ncen_core.cli.rules_commands import alerts_command, rules_group
from ncen_core.cli.search_commands import search_group
from ncen_core.cli.setup_commands import init_command
from ncen_core.cli.transfer_commands import export_command, import_command
from ncen_core.cli.user_commands import user_group
from ncen_core.config import load_config
from ncen_core.errors import NcenError
from ncen_core.plugin_manager import build_plugin_manager
from ncen_core.registry import flatten_results, unique_by

BUILT_IN_COMMANDS = (init_command, db_group, user_group, audit_group, plugins_command,
                     record_group, search_group, import_command, export_command, demo_command,
                     stats_command, report_command, network_group, rules_group,
                     alerts_command, quality_command)


class NcenGroup(click.Group):
    """A group that also lists the commands plugins add through ``register_cli_commands``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._plugin_commands(ctx)})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return super().get_command(ctx, name) or self._plugin_commands(ctx).get(name)

    def _plugin_commands(self, ctx: click.Context) -> dict[str, click.Command]:
        cached = ctx.meta.get("ncen.plugin_commands")
        if cached is None:
            config_path = ctx.params.get("config")
            pm = build_plugin_manager(load_config(config_path), extra_plugins=[core_plugin])
            commands = unique_by(flatten_results(pm.hook.register_cli_commands()), lambda c: c.name,
                               "CLI command")
            clashes = sorted(set(commands) & set(self.commands))
            if clashes:
                raise NcenError(f"plugins redefine built-in commands: {', '.join(clashes)}")
            cached = ctx.meta["ncen.plugin_commands"] = commands
        return cached


@click.group(cls=NcenGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False),
              help="Configuration file (default: NCEN_CONFIG, then the user config folder).")
@click.option("--user", "username", metavar="NAME",
              help="Act as this user (default: NCEN_USER); the password is asked for "
                   "or read from NCEN_PASSWORD.")
@click.version_option(__version__, prog_name="ncen")
@click.pass_context
def cli(ctx: click.Context, config: Path | None, username: str | None) -> None:
    """ncen: the National Customs Enforcement Network.

    Seizures, suspects and companies; search, analysis, and encrypted exchange between
    customs offices. Without a command, starts the interface (in a terminal; when input or
    output is redirected, prints this help instead).
    """
    ctx.obj = CliState(config_path=config, username=username)
    if ctx.invoked_subcommand is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            click.echo(ctx.get_help())
            return
        from ncen_tui.launch import run_tui  # Textual is imported only for the interface

        run_tui(config, username)


for _command in BUILT_IN_COMMANDS:
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 user error, 2 usage error)."""
    try:
        cli.main(args=argv, prog_name="ncen", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("ncen: aborted", err=True)
        return 1
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except NcenError as exc:
        click.echo(f"ncen: error: {exc}", err=True)
        return 1
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
