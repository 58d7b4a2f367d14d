"""``ncen package import``, ``ncen package retry`` and ``ncen package quarantine``.

Any user who may read records may import packages (received copies are read-only, and
each package is verified before anything is written); the audit trail names the user.
``import`` takes one or more files and prints one line per file; it exits with 0 when
every file was imported or was already received, 1 when any was quarantined, and 3 when
none was quarantined but some wait for a keyring that names their signer
(``ncen keyring import``, then ``ncen package retry``).
"""

from __future__ import annotations

from pathlib import Path

import click

from ncen_core.cli.context import CliState, pass_state
from ncen_core.roles import Permission

from .. import wire
from ..keyring_store import load_keyring
from ..keys import keystore_path, load_keystore
from .importer import DUPLICATE, IMPORTED, PENDING, QUARANTINED, ImportResult, import_package
from .importer import retry_pending as retry_pending_packages
from .inventory import KeptPackage, pending, quarantined


class PackagesNotApplied(click.ClickException):
    """Some packages were quarantined or wait for a keyring; ``exit_code`` says which."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def _handlers():
    """The importers of messages and receipts, the same the transports use."""
    from ..file_transport.inbox import HANDLERS

    return HANDLERS


def _office(state: CliState):
    from ..cli import _office_passphrase

    service = state.session(Permission.READ_RECORDS)
    data_dir = state.config.data_dir
    keys = load_keystore(keystore_path(data_dir), _office_passphrase())
    return service, keys, load_keyring(data_dir).keyring


@click.command("import")
@click.argument("package_files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False, exists=True))
@pass_state
def import_command(state: CliState, package_files: tuple[Path, ...]) -> None:
    """Verify and apply packages received from other offices.

    A package that breaks a rule is quarantined (see 'ncen package quarantine') and
    nothing of it is applied; one whose signer the keyring does not know yet waits
    until 'ncen package retry'.
    """
    service, keys, keyring = _office(state)
    results = [import_package(service.ncen, keys, keyring, path, actor=service.user.username,
                              handlers=_handlers())
               for path in package_files]
    for path, result in zip(package_files, results, strict=True):
        click.echo(f"{path.name}: {_describe(result)}")
    _exit_for(results)


@click.command("retry")
@pass_state
def retry_command(state: CliState) -> None:
    """Import again the packages waiting for a keyring that names their signer."""
    service, keys, keyring = _office(state)
    results = retry_pending_packages(service.ncen, keys, keyring, actor=service.user.username,
                                     handlers=_handlers())
    if not results:
        click.echo("No package is waiting.")
    for result in results:
        click.echo(_describe(result))
    _exit_for(results)


@click.command("quarantine")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000),
              help="How many of the newest packages to list.")
@pass_state
def quarantine_command(state: CliState, limit: int) -> None:
    """List quarantined packages with their reasons, and those waiting for a keyring."""
    ncen = state.session(Permission.READ_RECORDS).ncen
    refused, waiting = quarantined(ncen, limit=limit), pending(ncen, limit=limit)
    click.echo(f"Quarantined packages ({len(refused)} newest):" if refused
               else "No package is quarantined.")
    for entry in refused:
        _echo_kept(entry)
    if waiting:
        click.echo(f"Waiting for a keyring that names their signer ({len(waiting)}):")
        for entry in waiting:
            _echo_kept(entry)


def _echo_kept(entry: KeptPackage) -> None:
    origin = f" from {entry.sender}, package {entry.package_id}" if entry.sender else ""
    click.echo(f"  {wire.format_time(entry.received_at)}  {entry.reason:<16} "
               f"{entry.original_name}{origin}")
    click.echo(f"      {entry.detail}")
    click.echo(f"      kept as {entry.path}")


def _describe(result: ImportResult) -> str:
    if result.status == IMPORTED:
        dropped = "; ".join(f"{record_type}: {', '.join(fields)}"
                            for record_type, fields in result.dropped_fields.items())
        note = f" (fields not declared here were left out: {dropped})" if dropped else ""
        return f"{result.message}{note}"
    if result.status == DUPLICATE:
        return f"already received, nothing changed ({result.message})"
    if result.status == PENDING:
        return f"waiting for a keyring that names its signer: {result.message}"
    return f"QUARANTINED ({result.reason}): {result.message}"


def _exit_for(results: list[ImportResult]) -> None:
    refused = sum(result.status == QUARANTINED for result in results)
    waiting = sum(result.status == PENDING for result in results)
    if refused:
        raise PackagesNotApplied(
            f"{refused} of {len(results)} packages quarantined; nothing of them was applied "
            "(see 'ncen package quarantine')", 1)
    if waiting:
        raise PackagesNotApplied(
            f"{waiting} of {len(results)} packages wait for a keyring that names their "
            "signer; import it with 'ncen keyring import', then run 'ncen package retry'", 3)


COMMANDS = (import_command, retry_command, quarantine_command)
"""Sub-commands of ``ncen package``."""
