"""``ncen user``: accounts of this office (administrators only)."""

from __future__ import annotations

import os

import click

from ncen_core import users
from ncen_core.cli.context import CliState, pass_state
from ncen_core.roles import Permission, Role

NEW_PASSWORD_ENV = "NCEN_NEW_PASSWORD"


def _new_password(username: str) -> str:
    password = os.environ.get(NEW_PASSWORD_ENV)
    if password is None:
        password = click.prompt(f"New password for {username}", hide_input=True,
                                confirmation_prompt=True, err=True)
    return password


@click.group("user")
def user_group() -> None:
    """Add, list, disable and enable users; set passwords."""


@user_group.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--unit", default="", help="Unit (needed for officers and supervisors).")
@click.option("--full-name", default="", help="Full name shown in the audit and screens.")
@pass_state
def add_command(state: CliState, username: str, role: str, unit: str, full_name: str) -> None:
    """Create an account; its password is asked for (or read from NCEN_NEW_PASSWORD)."""
    admin = state.session(Permission.MANAGE_USERS)
    user = users.add_user(admin.ncen.system, username, _new_password(username), role,
                          full_name=full_name, unit=unit, acting=admin.user.username)
    click.echo(f"Added {user.username} ({user.role}{', unit ' + user.unit if user.unit else ''}).")


@user_group.command("list")
@pass_state
def list_command(state: CliState) -> None:
    """List accounts with role, unit and state."""
    admin = state.session(Permission.MANAGE_USERS)
    for user in users.list_users(admin.ncen.system):
        flags = "disabled" if user.disabled else ("locked" if user.locked_until else "active")
        click.echo(f"{user.username:<20} {user.role:<11} {user.unit or '-':<12} {flags:<9} "
                   f"{user.full_name}")


@user_group.command("disable")
@click.argument("username")
@pass_state
def disable_command(state: CliState, username: str) -> None:
    """Disable an account (it stays in the audit; it can no longer log in)."""
    admin = state.session(Permission.MANAGE_USERS)
    users.disable_user(admin.ncen.system, username, acting=admin.user.username)
    click.echo(f"Disabled {username}.")


@user_group.command("enable")
@click.argument("username")
@pass_state
def enable_command(state: CliState, username: str) -> None:
    """Enable a disabled or locked account."""
    admin = state.session(Permission.MANAGE_USERS)
    users.enable_user(admin.ncen.system, username, acting=admin.user.username)
    click.echo(f"Enabled {username}.")


@user_group.command("passwd")
@click.argument("username")
@pass_state
def passwd_command(state: CliState, username: str) -> None:
    """Set a user's password (asked for, or read from NCEN_NEW_PASSWORD)."""
    admin = state.session(Permission.MANAGE_USERS)
    users.set_password(admin.ncen.system, username, _new_password(username),
                       acting=admin.user.username)
    click.echo(f"Password of {username} changed.")
