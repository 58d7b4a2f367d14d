"""``ncen demo``: fill a new installation with synthetic seizures, suspects and companies.

Demo records are entered like any others, by a user of a unit. An officer or supervisor
gets them in their own unit. An administrator may not enter records (separation of
duties), so when one runs the command it creates the account ``demo.supervisor`` (a
supervisor of unit DEMO, so the demo also shows validated records, alerts and
investigations), prints its password once, logs in as it and enters the data under its
name; the audit shows who created the account and who entered each record. That makes
``ncen init ... && ncen --user admin demo`` work for a newcomer without any other step.
"""

from __future__ import annotations

import secrets
import time

import click

from ncen_core import users
from ncen_core.cli.context import CliState, pass_state
from ncen_core.demo.generator import generate
from ncen_core.errors import NcenError, NotFoundError, PermissionDeniedError
from ncen_core.record_service import RecordService
from ncen_core.roles import Permission, Role, has_permission
from ncen_core.session import login

DEMO_USERNAME = "demo.supervisor"
DEMO_UNIT = "DEMO"


@click.command("demo", short_help="Fill the database with synthetic demo data.")
@click.option("--seizures", default=100, show_default=True, type=click.IntRange(1, 10_000),
              help="How many seizures to create (with their suspects, companies and photos).")
@click.option("--seed", default=1, show_default=True, type=click.IntRange(0),
              help="Random seed: the same seed gives the same content.")
@click.option("--yes", is_flag=True,
              help="Add demo data even though the database already holds seizures.")
@pass_state
def demo_command(state: CliState, seizures: int, seed: int, yes: bool) -> None:
    """Create synthetic seizures with suspects, companies, links and photos.

    Every record is marked as synthetic (references DEMO-<seed>-<n>) and stays local. Run
    it as an officer or supervisor (records go to your unit), or as an administrator: then
    the account demo.supervisor (unit DEMO) is created and enters the data, and its
    password is printed once.
    """
    service = state.session()
    existing = service.count("seizure")
    if existing and not yes:
        raise NcenError(f"this database already holds seizures ({existing}) and demo data would "
                        "be mixed with them; add --yes to add it anyway")
    if not has_permission(service.user.role, Permission.CREATE_RECORDS):
        service = _demo_account(service)
    started = time.perf_counter()
    result = generate(service, seizures=seizures, seed=seed, progress=_progress())
    elapsed = time.perf_counter() - started
    click.echo(
        f"Created {result.count('seizure')} seizures, {result.count('suspect')} suspects, "
        f"{result.count('company')} companies, {result.links} links and {result.photos} photos "
        f"(seed {seed}) as {service.user.username}, unit {service.user.unit}, "
        f"in {elapsed:.1f} s ({seizures / elapsed:.1f} seizures/s).")


def _demo_account(admin: RecordService) -> RecordService:
    """Create the demo supervisor, print its password once and log in as it."""
    if not has_permission(admin.user.role, Permission.MANAGE_USERS):
        raise PermissionDeniedError(
            f"role '{admin.user.role}' may not create records: run ncen demo as an officer or "
            "a supervisor, or as an administrator (who gets a demo account)")
    ncen = admin.ncen
    try:
        users.get_user(ncen.system, DEMO_USERNAME)
    except NotFoundError:
        pass
    else:
        raise NcenError(
            f"the demo account {DEMO_USERNAME} already exists; run the command as that user "
            f"(ncen --user {DEMO_USERNAME} demo) or set its password first "
            f"(ncen user passwd {DEMO_USERNAME})")
    password = secrets.token_urlsafe(12)
    users.add_user(ncen.system, DEMO_USERNAME, password, Role.SUPERVISOR,
                   full_name="Demo supervisor", unit=DEMO_UNIT, acting=admin.user.username)
    click.echo(f"Created the account {DEMO_USERNAME} (supervisor, unit {DEMO_UNIT}) to enter "
               f"the demo data. Its password, shown only now: {password}")
    return login(ncen, DEMO_USERNAME, password)


def _progress():
    """Report every tenth of the work on stderr (lines, so logs of scripted runs stay tidy)."""
    shown = 0

    def report(done: int, total: int) -> None:
        nonlocal shown
        tenth = done * 10 // total
        if tenth > shown:
            shown = tenth
            click.echo(f"demo: {tenth * 10}% ({done}/{total} records, links and photos)",
                       err=True)

    return report
