"""``ncen serve`` and ``ncen outbox``: the network channel on the command line.

``ncen serve`` runs in the foreground until interrupted (SIGINT or SIGTERM, as systemd
stops it). As an office it receives packages and receipts and runs the outbox worker; as
a relay (``--relay``) it keeps mailboxes and needs no office database, only the relay's
keystore and keyring. Either way the keyring file is watched, so ``ncen keyring import``
takes effect without a restart.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import threading
from pathlib import Path

import click

from ncen_core.cli.context import CliState, pass_state
from ncen_core.errors import NcenError
from ncen_core.roles import Permission

from .. import wire
from ..atomic_file import sync_folder
from ..file_transport.names import PackageFileName
from ..keys import keystore_path, load_keystore
from .importing import package_importer
from .keyring_watch import KeyringWatch
from .limits import DEFAULT_NETWORK_LIMITS
from .mailbox import Mailbox
from .office_handler import OfficeHandler
from .outbox import Outbox
from .quota import parse_size
from .relay import RelayHandler
from .requests import ITEM_ID
from .server import NetworkServer
from .status import ServerStatus, read_status, report_until, write_status
from .unlock import server_passphrase
from .worker import PICKUP_FOLDER, OutboxWorker, network_folder

KEYRING_CHECK_SECONDS = 5.0
QUEUED_KIND = "package"
"""The kind named in the pickup file name of a package queued by hand (its real kind is
in its manifest, which only the recipient can read)."""


class ListenAddressError(NcenError):
    """``--listen`` is not HOST:PORT."""


@click.command("serve")
@click.option("--relay", is_flag=True, help="Run the headquarters relay mailbox instead of "
              "an office server.")
@click.option("--listen", default="0.0.0.0:4443", show_default=True, metavar="HOST:PORT",
              help="Address to accept connections on (port 0: any free port, printed).")
@click.option("--passphrase-file", type=click.Path(path_type=Path, dir_okay=False),
              help="Protected file (mode 0600) holding the keystore passphrase.")
@click.option("--interval", default=30.0, show_default=True, type=click.FloatRange(0.5),
              help="Seconds between outbox passes (office mode).")
@click.option("--mailbox-quota", default="10G", show_default=True, metavar="SIZE",
              help="Bytes each office may have waiting at the relay (500M, 10G, ...).")
@pass_state
def serve_command(state: CliState, relay: bool, listen: str, passphrase_file: Path | None,
                  interval: float, mailbox_quota: str) -> None:
    """Accept packages from other offices over mutual TLS (or relay them with --relay)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    quota = parse_size(mailbox_quota)
    data_dir = state.config.data_dir
    keys = load_keystore(keystore_path(data_dir), server_passphrase(passphrase_file))
    watch = KeyringWatch(data_dir)
    folder = network_folder(data_dir)
    stop = threading.Event()
    workers: list[threading.Thread] = []
    mailbox = Mailbox(folder / "mailbox")
    if relay:
        handler = RelayHandler(mailbox, quota=quota)
    else:
        ncen = state.open()
        importer = package_importer(ncen, keys, watch.current)
        outbox = Outbox(ncen.database)
        handler = OfficeHandler(keys, folder / "spool", importer, outbox.apply_receipt)
        handler.recover()
        worker = OutboxWorker(keys, watch.current, outbox, importer, folder)
        workers.append(threading.Thread(target=worker.run, args=(stop, interval),
                                        name="ncen-outbox", daemon=True))
    server = NetworkServer(keys, watch.current(), handler, address=_address(listen),
                           limits=DEFAULT_NETWORK_LIMITS)
    watch.on_change(server.reload_keyring)
    workers.append(threading.Thread(target=watch.run, args=(stop, KEYRING_CHECK_SECONDS),
                                    name="ncen-keyring", daemon=True))
    host, port = server.address

    def snapshot() -> ServerStatus:
        return ServerStatus(keys.office, handler.role, f"{host}:{port}",
                            watch.current().serial,
                            tuple({"office": c.office, "address": c.address,
                                   "since": wire.format_time(c.since)}
                                  for c in server.connections()),
                            mailbox.counts() if relay else {})

    write_status(folder, snapshot())
    workers.append(threading.Thread(target=report_until, args=(stop, folder, snapshot),
                                    name="ncen-status", daemon=True))
    for thread in workers:
        thread.start()
    signal.signal(signal.SIGTERM, lambda *_: server.close())
    click.echo(f"{'Relay' if relay else 'Office'} {keys.office} listening on {host}:{port} "
               f"(keyring serial {watch.current().serial})", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.close()


@click.group("outbox", invoke_without_command=True)
@click.option("--after", default=0, type=click.IntRange(0), help="List items after this id.")
@click.option("--limit", default=50, type=click.IntRange(1, 1000), show_default=True)
@click.pass_context
def outbox_group(context: click.Context, after: int, limit: int) -> None:
    """List the network outbox: state, attempts and last error of every item."""
    if context.invoked_subcommand is not None:
        return
    state = context.find_object(CliState)
    service = state.session(Permission.READ_RECORDS)
    outbox = Outbox(service.ncen.database)
    items = outbox.page(after, limit)
    counts = ", ".join(f"{count} {name}" for name, count in sorted(outbox.counts().items()))
    click.echo(_server_line(read_status(network_folder(state.config.data_dir))))
    click.echo(f"Outbox: {counts or 'empty'}")
    for destination in outbox.destinations():
        if destination.last_error:
            click.echo(f"  {destination.office}: failing since "
                       f"{wire.format_time(destination.failing_since)}: "
                       f"{destination.last_error}")
    for item in items:
        detail = (f"receipt {item.receipt_status}" + (f" ({item.receipt_reason})"
                                                       if item.receipt_reason else "")
                  if item.receipt_status else item.last_error or "-")
        click.echo(f"{item.id:>6} {item.state:<9} {item.kind:<7} {item.destination:<12} "
                   f"{item.package_id} attempts {item.attempts} "
                   f"next {wire.format_time(item.next_attempt_at)}  {detail}")
    if len(items) == limit:
        click.echo(f"(more: ncen outbox --after {items[-1].id})")


@outbox_group.command("add")
@click.argument("package_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--to", "destination", required=True, help="Office to deliver it to.")
@click.option("--package-id", required=True, help="The package id (printed when it was "
              "sealed; part of the file name written by ncen share).")
@pass_state
def outbox_add_command(state: CliState, package_file: Path, destination: str,
                       package_id: str) -> None:
    """Queue a sealed package file for delivery over the network.

    The package is copied into the pickup folder, one copy per destination (named as a
    route would deliver it), so the copy is deleted once that office's receipt settles it
    without a copy another office still waits for ever being touched."""
    service = state.session(Permission.READ_RECORDS)
    if not ITEM_ID.fullmatch(package_id):
        raise click.BadParameter("not a package id (a lower-case UUID)",
                                 param_hint="--package-id")
    destination = destination.upper()
    outgoing = network_folder(state.config.data_dir) / PICKUP_FOLDER
    outgoing.mkdir(parents=True, exist_ok=True, mode=0o700)
    copy = outgoing / str(PackageFileName(service.ncen.office_code, destination, QUEUED_KIND,
                                          package_id))
    if not copy.exists():
        _copy_durably(package_file, copy)
    if Outbox(service.ncen.database).enqueue(package_id, destination, str(copy)):
        click.echo(f"Package {package_id} queued for {destination}.")
    else:
        click.echo(f"Package {package_id} was already queued for {destination}; unchanged.")


COMMANDS = (serve_command, outbox_group)
"""The commands contributed through the plugin's ``register_cli_commands`` hook."""


def _server_line(status: ServerStatus | None) -> str:
    if status is None:
        return "Server: never started here (ncen serve)"
    if not status.running:
        return (f"Server: not running (last report {wire.format_time(status.updated_at)})")
    offices = ", ".join(sorted({c["office"] for c in status.connections})) or "none"
    return (f"Server: {status.role} {status.office} on {status.address}, keyring serial "
            f"{status.keyring_serial}, connected: {offices}")


def _copy_durably(source: Path, target: Path) -> None:
    """Copy under a temporary name, flush, rename: the outbox never holds half a package."""
    partial = target.with_suffix(".part")
    with source.open("rb") as reader, partial.open("wb") as writer:
        shutil.copyfileobj(reader, writer, 1 << 20)
        writer.flush()
        os.fsync(writer.fileno())
    partial.replace(target)
    sync_folder(target.parent)


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise ListenAddressError(f"--listen {text!r}: expected HOST:PORT, e.g. 0.0.0.0:4443")
    return host.strip("[]"), int(port)
