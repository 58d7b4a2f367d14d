"""The outbox worker: delivers queued items and collects this office's relay mailboxes.

One pass (:meth:`OutboxWorker.run_once`) sends every due item over the route the keyring
gives its destination (:mod:`.routes`), one connection per route (a TLS handshake per
package would dominate on slow links), then empties the mailboxes this office has at
relays. A package handed directly to its destination comes back with the destination's
signed receipt at once; one left at a relay is ``relayed`` until the recipient's receipt
comes back through a relay or directly. A package pulled from a mailbox is spooled,
imported, answered with a signed receipt queued for its sender, and only then confirmed
to the relay, which deletes it.

Sharing, withdrawals and messages reach the network through their ordinary routes: a
route ``file:///<data_dir>/network/outgoing`` (the :attr:`OutboxWorker.pickup_folder`)
makes the file transport deliver each package there, complete and renamed, named
``<sender>_<recipient>_<kind>_<id>.ncen``; each pass queues the files found there for
their recipient (once: the outbox refuses an item it already holds). ``ncen outbox add``
copies a package there too, under the same kind of name. A file in the pickup folder is
deleted at the end of the first pass after every item sending it was settled by a valid
receipt (``delivered`` or ``rejected``): the receipt is kept in the outbox and nothing
reads the file again. A file whose items still wait (or a crash before the deletion) stays
until a later pass; files elsewhere (queued by path) are never deleted.

A receipt that does not verify, is signed by another office than the destination, or
names another package changes nothing: the attempt counts as failed and is retried.
"""

from __future__ import annotations

import logging
import ssl
import threading
from collections.abc import Callable
from pathlib import Path

from ncen_core.errors import NcenError

from ..atomic_file import sync_folder, write_atomically
from ..file_transport.names import PackageFileName
from ..keyring import Keyring
from ..keys import OfficeKeys
from ..receipts import ReceiptError, verify_receipt
from .client import Connection, Outgoing, PulledItem
from .frames import Frame, FrameType, ProtocolError, RemoteError
from .limits import DEFAULT_NETWORK_LIMITS, NetworkLimits
from .office_handler import Importer
from .outbox import Outbox
from .routes import Route, mailbox_relays, resolve_route

log = logging.getLogger("ncen.network")
PICKUP_FOLDER = "outgoing"
QUOTA_REFUSALS = ("mailbox-full", "over-quota")
"""Refusals of a relay that concern one recipient's mailbox, not the connection."""
FAILURES = (OSError, ssl.SSLError, NcenError)


def network_folder(data_dir: Path) -> Path:
    """Where the network channel keeps its spool, outgoing copies and relay mailboxes."""
    return data_dir / "network"


class OutboxWorker:
    """Delivers this office's outbox and collects its mailboxes."""

    def __init__(self, keys: OfficeKeys, keyring: Callable[[], Keyring], outbox: Outbox,
                 importer: Importer, spool: Path, *,
                 limits: NetworkLimits = DEFAULT_NETWORK_LIMITS):
        self._keys = keys
        self._keyring = keyring
        self.outbox = outbox
        self._importer = importer
        self._spool = spool
        self._limits = limits

    def run_once(self) -> None:
        """Send what is due (one connection per route), then collect every mailbox."""
        keyring = self._keyring()
        self._pick_up()
        for route, items in self._by_route(keyring).items():
            self._deliver(keyring, route, items)
        for relay in mailbox_relays(keyring, self._keys.office):
            try:
                self._collect(keyring, relay)
            except FAILURES as error:
                log.warning("mailbox at %s not collected: %s", relay, error)
        self._discard_settled()

    def run(self, stop: threading.Event, interval: float) -> None:
        """Pass after pass until ``stop`` is set."""
        while not stop.is_set():
            try:
                self.run_once()
            except (NcenError, OSError) as error:
                log.error("outbox pass failed (next pass in %g s): %s", interval, error)
            stop.wait(interval)

    @property
    def pickup_folder(self) -> Path:
        """Where other parts of ncen leave packages for the network (see the module docs)."""
        return self._spool / PICKUP_FOLDER

    def _pick_up(self) -> None:
        """Queue every complete package file a route delivered into the pickup folder."""
        if not self.pickup_folder.is_dir():
            return
        for path in sorted(self.pickup_folder.iterdir()):
            name = PackageFileName.parse(path.name)
            if name is not None and name.sender == self._keys.office:
                self.outbox.enqueue(name.package_id, name.recipient, str(path))

    def _discard_settled(self) -> None:
        """Delete the pickup folder's package files whose every item is settled."""
        if not self.pickup_folder.is_dir():
            return
        discarded = False
        for path in sorted(self.pickup_folder.iterdir()):
            name = PackageFileName.parse(path.name)
            if name is not None and self.outbox.settled_file(name.package_id, str(path)):
                path.unlink(missing_ok=True)
                discarded = True
        if discarded:
            sync_folder(self.pickup_folder)

    def _by_route(self, keyring: Keyring) -> dict[Route, list]:
        """Due items grouped by the server they go through; unroutable ones fail here."""
        routes: dict[Route, list] = {}
        for item in list(self.outbox.due()):
            try:
                routes.setdefault(resolve_route(keyring, item.destination), []).append(item)
            except NcenError as error:
                self.outbox.begin_attempt(item.id)
                self.outbox.record_failure(item.id, str(error))
        return routes

    def _deliver(self, keyring: Keyring, route: Route, items: list) -> None:
        """Send ``items`` over one pipelined connection; what fails waits for its retry.

        A relay refusing an item because its recipient's mailbox is full (or the item is
        larger than the quota) answers every item before it, then closes the connection:
        the items for that recipient wait for their retry, and the others are sent again
        at once over a new connection, so one office that stops collecting does not hold
        up the mail of the others."""
        for item in items:
            self.outbox.begin_attempt(item.id)
        while items:
            items = self._deliver_until_refused(keyring, route, items)

    def _deliver_until_refused(self, keyring: Keyring, route: Route, items: list) -> list:
        """Send ``items``; those still to send after a quota refusal (else none)."""
        settled: set[int] = set()
        try:
            with Connection.open(self._keys, keyring, route.server, route.address,
                                 limits=self._limits) as connection:
                outgoing = [Outgoing(item.kind, item.destination, item.package_id,
                                     Path(item.path)) for item in items]
                for item, (_, reply) in zip(items, connection.push_files(outgoing)):
                    settled.add(item.id)
                    self._answered(keyring, item, reply)
            return []
        except FAILURES as error:
            log.info("delivery through %s failed: %s", route.server, error)
            unsettled = [item for item in items if item.id not in settled]
            refused = (unsettled[0].destination if isinstance(error, RemoteError)
                       and error.code in QUOTA_REFUSALS and unsettled else None)
            for item in unsettled:
                if refused is None or item.destination == refused:
                    self.outbox.record_failure(item.id, str(error))
            return [item for item in unsettled if refused is not None
                    and item.destination != refused]

    def _answered(self, keyring: Keyring, item, reply: Frame) -> None:
        if reply.type is FrameType.STORED:
            self.outbox.record_stored(item.id)
            return
        try:
            self._settle(keyring, item, reply.payload)
        except ReceiptError as error:
            log.warning("receipt for %s from %s refused: %s", item.package_id,
                        item.destination, error)
            self.outbox.record_failure(item.id, str(error))

    def _settle(self, keyring: Keyring, item, signed: bytes) -> None:
        receipt = verify_receipt(keyring, signed)
        if (receipt.from_office, receipt.package_id) != (item.destination, item.package_id):
            raise ReceiptError(f"the receipt is from {receipt.from_office} about "
                               f"{receipt.package_id}, not about this package")
        self.outbox.apply_receipt(receipt, signed)

    def _collect(self, keyring: Keyring, relay: str) -> None:
        route = resolve_route(keyring, relay)
        folder = self._spool / "pulled"
        with Connection.open(self._keys, keyring, relay, route.address,
                             limits=self._limits) as connection:
            while (item := connection.pull(folder)) is not None:
                if not self._take(keyring, item):
                    return
                connection.confirm(item)
                item.path.unlink(missing_ok=True)

    def _take(self, keyring: Keyring, item: PulledItem) -> bool:
        """Apply a pulled item; False when it must stay at the relay for now."""
        if item.kind == "receipt":
            try:
                signed = item.path.read_bytes()
                self.outbox.apply_receipt(verify_receipt(keyring, signed), signed)
            except ReceiptError as error:
                log.warning("receipt %s from the relay ignored: %s", item.item_id, error)
            return True
        try:
            outcome = self._importer(item.path, item.sender, item.item_id)
        except ProtocolError as error:
            log.info("package %s stays at the relay: %s", item.item_id, error)
            return False
        self._queue_receipt(outcome.package_id, item.sender, outcome.receipt)
        return True

    def _queue_receipt(self, package_id: str, sender: str, signed: bytes) -> None:
        """Queue the signed receipt for the office whose package it answers."""
        path = self._spool / "receipts" / f"{package_id}-{sender}.receipt"
        write_atomically(path, signed)
        self.outbox.enqueue(package_id, sender, str(path), kind="receipt")

