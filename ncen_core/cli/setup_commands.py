"""``ncen init``: create the database, the office identity and the first administrator."""

from __future__ import annotations

import os

import click

from ncen_core.cli.context import CliState, pass_state
from ncen_core.office import initialise_office
from ncen_core.storage import redact_url

ADMIN_PASSWORD_ENV = "NCEN_ADMIN_PASSWORD"


@click.command("init", short_help="Create the database, the office identity and the first admin.")
@click.option("--office", "office_code", metavar="CODE",
              help="Office code, e.g. FR-CDG (default: office.code from the configuration).")
@click.option("--name", "office_name", default="", help="Office name shown to users.")
@click.option("--admin", "admin_name", required=True, metavar="NAME",
              help="User name of the first administrator.")
@pass_state
def init_command(state: CliState, office_code: str | None, office_name: str,
                 admin_name: str) -> None:
    """Create the database, this office's identity and the first administrator.

    The password is read from NCEN_ADMIN_PASSWORD, or asked for twice.
    """
    code = office_code or state.config.office.code
    if not code:
        raise click.UsageError("give --office CODE (or set office.code in the configuration)")
    password = os.environ.get(ADMIN_PASSWORD_ENV)
    if password is None:
        password = click.prompt(f"Password for {admin_name}", hide_input=True,
                                confirmation_prompt=True, err=True)
    ncen = state.open(require_current_schema=False)
    initialise_office(ncen, code, office_name or state.config.office.name, admin_name, password)
    click.echo(f"Office {ncen.office_code} is ready in {redact_url(state.config.database.url)}; "
               f"administrator: {admin_name}")
