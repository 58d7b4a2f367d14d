"""``ncen exchange``: packages through the configured routes, and this office's inbox.

- ``ncen exchange send FILE... [--via URL|FOLDER]`` delivers packages that ``ncen share
  --out`` or ``ncen withdraw --out`` sealed (files named ``<package id>.ncen``) to their
  recipient offices, each through its route (``exchange.routes``), or all into one folder
  (``--via``, a USB stick for instance). Every file and route is checked before anything
  is delivered.
- ``ncen exchange receive [--watch]`` imports every complete package in the inbox
  (``exchange.inbox`` or ``--inbox``), answers each sender with a receipt, and moves the
  file to ``done/``, ``quarantine/`` or ``pending/``. With ``--watch`` it scans again every
  ``--interval`` seconds, rereading the keyring each time. Packages waiting for their
  signer are tried again first, and again whenever a newer keyring arrives.
- ``ncen exchange sent`` lists what was delivered and what each receipt said.

Collecting the office's packages is open to every role (like fetching the post); sending
records is an export, for the roles that may share. Both are audited; the keystore
passphrase comes from NCEN_KEY_PASSPHRASE or a prompt.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from ncen_core.cli.context import CliState, pass_state
from ncen_core.roles import Permission

from .. import wire
from ..keyring_store import load_keyring
from ..keys import OfficeKeys, keystore_path, load_keystore
from .folder import FileTransport
from .inbox import InboxOutcome, receive_all, retry_pending
from .ledger import SentLedger
from .routes import inbox_url
from .sending import deliver_shared


def office_keys(state: CliState) -> OfficeKeys:
    """This office's keys, unlocked with NCEN_KEY_PASSPHRASE or a prompt."""
    from ..cli import _office_passphrase

    return load_keystore(keystore_path(state.config.data_dir), _office_passphrase())


@click.group("exchange")
def exchange_group() -> None:
    """Send packages through the routes, receive the inbox, follow receipts."""


@exchange_group.command("send")
@click.argument("package_files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--via", metavar="URL|FOLDER",
              help="Write every package here (a USB stick, say) instead of the routes.")
@pass_state
def send_command(state: CliState, package_files: tuple[Path, ...], via: str | None) -> None:
    """Deliver packages written by 'ncen share --out' or 'ncen withdraw --out'."""
    service = state.session(Permission.EXPORT_REPORTS)
    url = None if via is None else _folder(via).url
    for delivery in deliver_shared(service.ncen, package_files, service.user.username,
                                   via=url):
        click.echo(f"Package {delivery.package_id} ({delivery.kind}) delivered to "
                   f"{', '.join(delivery.files)}.")


@exchange_group.command("receive")
@click.option("--inbox", "inbox", metavar="URL|FOLDER",
              help="Where packages for this office arrive (default: exchange.inbox).")
@click.option("--watch", is_flag=True, help="Keep scanning until interrupted.")
@click.option("--interval", default=10, show_default=True, type=click.IntRange(0, 3600),
              help="Seconds between scans with --watch.")
@click.option("--rounds", type=click.IntRange(1), help="With --watch: stop after N scans.")
@pass_state
def receive_command(state: CliState, inbox: str | None, watch: bool, interval: int,
                    rounds: int | None) -> None:
    """Import every complete package in the inbox and send receipts back."""
    service = state.session(Permission.READ_RECORDS)
    ncen, actor = service.ncen, service.user.username
    folder = _folder(inbox or inbox_url(state.config))
    keys = office_keys(state)
    serial, scans = None, 0
    while True:
        keyring = load_keyring(state.config.data_dir).keyring
        if serial is None or keyring.serial > serial:
            for result, receipt in retry_pending(ncen, keys, keyring, actor=actor):
                click.echo(f"waiting package: {result.status}: {result.message}; {receipt}")
        serial = keyring.serial
        outcomes = receive_all(ncen, keys, keyring, folder, actor=actor, report=_echo)
        scans += 1
        if not watch:
            click.echo(f"{len(outcomes)} packages received from {folder.folder}.")
            return
        if rounds is not None and scans >= rounds:
            return
        time.sleep(interval)


@exchange_group.command("sent")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@pass_state
def sent_command(state: CliState, limit: int) -> None:
    """Packages delivered through the routes, newest first, with their receipts."""
    state.session(Permission.READ_RECORDS)
    for item in SentLedger(state.open().database).page(limit=limit):
        verdict = item.status if item.reason is None else f"{item.status} ({item.reason})"
        when = "" if item.receipt_at is None else f" at {wire.format_time(item.receipt_at)}"
        click.echo(f"{wire.format_time(item.sent_at)}  {item.package_id}  {item.kind:<10} "
                   f"to {item.office:<12} {verdict}{when}")


def _folder(where: str) -> FileTransport:
    """A folder named by a ``file:`` URL or a plain path."""
    if "://" in where or where.startswith("file:"):
        return FileTransport.from_url(where)
    return FileTransport(Path(where).expanduser().absolute())


def _echo(outcome: InboxOutcome) -> None:
    result = outcome.result
    reason = f" ({result.reason})" if result.reason and result.status != "imported" else ""
    click.echo(f"{outcome.file_name}: {result.status}{reason}: {result.message}; "
               f"{outcome.receipt}")


COMMANDS = (exchange_group,)
"""The exchange commands, added to the comms plugin's commands."""
