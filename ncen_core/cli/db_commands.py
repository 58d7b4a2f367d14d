"""``ncen db``: schema status and upgrade, backup and restore of the embedded database."""

from __future__ import annotations

from pathlib import Path

import click

from ncen_core.backup import backup_sqlite, restore_sqlite
from ncen_core.cli.context import CliState, pass_state
from ncen_core.roles import Permission
from ncen_core.storage import redact_url


@click.group("db")
def db_group() -> None:
    """Database schema, backup and restore."""


@db_group.command("status")
@pass_state
def status_command(state: CliState) -> None:
    """Show the database and what an upgrade would change."""
    ncen = state.open(require_current_schema=False)
    click.echo(f"database: {redact_url(state.config.database.url)}")
    click.echo(f"office:   {ncen.office_code if ncen.is_initialised else '(not initialised)'}")
    plan = ncen.upgrade_plan()
    click.echo(f"schema:   {plan.summary()}")
    for line in plan.describe():
        click.echo(f"  pending: {line}")


@db_group.command("upgrade")
@pass_state
def upgrade_command(state: CliState) -> None:
    """Apply pending migrations and add the columns of new custom fields (never drops any)."""
    ncen = state.open(require_current_schema=False)
    plan = ncen.upgrade()
    if plan.is_current:
        click.echo("The schema is up to date; nothing to do.")
        return
    for line in plan.describe():
        click.echo(f"done: {line}")


@db_group.command("backup")
@click.argument("target", type=click.Path(path_type=Path, dir_okay=False))
@pass_state
def backup_command(state: CliState, target: Path) -> None:
    """Copy the embedded database to TARGET, consistently, even while it is in use."""
    service = state.session(Permission.MANAGE_CONFIGURATION)
    pages = backup_sqlite(service, target)
    click.echo(f"Backup written to {target} ({pages} pages).")


@db_group.command("restore")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_state
def restore_command(state: CliState, source: Path, yes: bool) -> None:
    """Replace the embedded database with the backup SOURCE (checked before anything changes)."""
    service = state.session(Permission.MANAGE_CONFIGURATION)
    if not yes:
        click.confirm(f"Replace every record of office {service.ncen.office_code} with {source}?",
                      abort=True, err=True)
    office = restore_sqlite(service, source)
    click.echo(f"Restored office {office} from {source}.")
