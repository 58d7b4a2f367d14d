"""The ``ncen`` command: one click group; the core's commands plus those of plugins.

User mistakes (an NcenError) print one line and exit 1; usage errors exit 2; only bugs
show a traceback.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from ncen_core import __version__, core_plugin
from ncen_core.cli.context import CliState
from ncen_core.config import load_config
from ncen_core.errors import NcenError
from ncen_core.plugin_manager import build_plugin_manager
from ncen_core.registry import flatten_results, unique_by

BUILT_IN_COMMANDS = {
    "init": "ncen_core.cli.setup_commands:init_command",
    "db": "ncen_core.cli.db_commands:db_group",
    "user": "ncen_core.cli.user_commands:user_group",
    "audit": "ncen_core.cli.audit_commands:audit_group",
    "plugins": "ncen_core.cli.plugin_commands:plugins_command",
    "record": "ncen_core.cli.record_commands:record_group",
    "search": "ncen_core.cli.search_commands:search_group",
    "import": "ncen_core.cli.transfer_commands:import_command",
    "export": "ncen_core.cli.transfer_commands:export_command",
    "demo": "ncen_core.cli.demo_commands:demo_command",
    "stats": "ncen_core.cli.analysis_commands:stats_command",
    "report": "ncen_core.cli.analysis_commands:report_command",
    "network": "ncen_core.cli.network_commands:network_group",
    "rules": "ncen_core.cli.rules_commands:rules_group",
    "alerts": "ncen_core.cli.rules_commands:alerts_command",
    "quality": "ncen_core.cli.quality_commands:quality_command",
}
"""The core's commands by name, each as ``"module:attribute"``: a module is imported only
when its command runs or is listed, so ``ncen`` alone starts the interface without them."""


class NcenGroup(click.Group):
    """A group of the built-in commands, loaded by name when needed, and of the commands
    plugins add through ``register_cli_commands``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*BUILT_IN_COMMANDS, *self._plugin_commands(ctx)})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in BUILT_IN_COMMANDS:
            return _built_in(name)
        return self._plugin_commands(ctx).get(name)

    def _plugin_commands(self, ctx: click.Context) -> dict[str, click.Command]:
        cached = ctx.meta.get("ncen.plugin_commands")
        if cached is None:
            config_path = ctx.params.get("config")
            pm = build_plugin_manager(load_config(config_path), extra_plugins=[core_plugin])
            commands = unique_by(flatten_results(pm.hook.register_cli_commands()), lambda c: c.name,
                               "CLI command")
            clashes = sorted(set(commands) & set(BUILT_IN_COMMANDS))
            if clashes:
                raise NcenError(f"plugins redefine built-in commands: {', '.join(clashes)}")
            cached = ctx.meta["ncen.plugin_commands"] = commands
        return cached


def _built_in(name: str) -> click.Command:
    module_name, _, attribute = BUILT_IN_COMMANDS[name].partition(":")
    command: click.Command = getattr(importlib.import_module(module_name), attribute)
    return command


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
