"""What the network status screen shows: each office's route, open connections and
delivery state, the outbox queue item by item, and what the running server reports.

The server (``ncen serve``) runs in its own process and reports every few seconds
(:mod:`..network.status`): open connections per office and, for a relay, the items waiting
per office. Delivery comes from the outbox (:meth:`..network.outbox.Outbox.destinations`):
an office is ``failing`` when items wait after a failed attempt (with the last error),
``waiting`` when items are queued or left at a relay without a receipt yet, ``ok`` when
everything sent has a receipt, ``idle`` when nothing was sent. The queue is paged by item
id, oldest first, as the worker sends it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ncen_core.errors import NcenError
from ncen_core.record_service import RecordService

from ..keyring import Keyring
from ..network.cli import network_folder
from ..network.outbox import DestinationStatus, Outbox
from ..network.outbox_table import DELIVERED, QUEUED, REJECTED, RELAYED
from ..network.routes import NoRouteError, mailbox_relays, resolve_route
from ..network.status import ServerStatus, read_status
from .session_keys import held_keyring

PAGE = 50


@dataclass(frozen=True)
class OfficeStatus:
    """One office of the keyring as this office sees it."""

    code: str
    route: str
    connections: int
    state: str
    counts: dict[str, int]
    last_error: str


@dataclass(frozen=True)
class QueueItem:
    """One outbox item: a package (or receipt) for one office, with its history."""

    id: int
    destination: str
    kind: str
    state: str
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str
    receipt: str


@dataclass(frozen=True)
class NetworkOverview:
    """Per office states, this office's relays, and the server's last report (if any)."""

    offices: list[OfficeStatus]
    relays: list[str]
    server: ServerStatus | None


class NetworkChannelMissing(NcenError):
    """The network channel plugin is disabled here, so there is no outbox to show."""


def network_overview(service: RecordService) -> NetworkOverview:
    """Read the keyring, the outbox per destination and the server's report."""
    ncen = service.ncen
    if not Outbox(ncen.database).Item.table_exists():
        raise NetworkChannelMissing("the network channel (plugin comms-network) is not "
                                    "installed or is disabled here: no outbox to show")
    keyring = held_keyring(service)
    server = read_status(network_folder(ncen.config.data_dir))
    open_by_office: dict[str, int] = {}
    for connection in server.connections if server and server.running else ():
        office = connection.get("office", "")
        open_by_office[office] = open_by_office.get(office, 0) + 1
    delivery = {status.office: status for status in Outbox(ncen.database).destinations()}
    offices = [_status(keyring, office.code, open_by_office.get(office.code, 0),
                       delivery.get(office.code, DestinationStatus(office.code)))
               for office in keyring.offices if office.code != ncen.office_code]
    own = [o for o in keyring.offices if o.code == ncen.office_code]
    relays = mailbox_relays(keyring, ncen.office_code) if own else []
    return NetworkOverview(offices, relays, server)


def queue_page(service: RecordService, after_id: int = 0) -> list[QueueItem]:
    """The outbox items after ``after_id``, oldest first."""
    return [QueueItem(item.id, item.destination, item.kind, item.state, item.attempts,
                      item.next_attempt_at, item.last_error,
                      " ".join(p for p in (item.receipt_status, item.receipt_reason) if p))
            for item in Outbox(service.ncen.database).page(after_id, PAGE)]


def _status(keyring: Keyring, code: str, connections: int,
            delivery: DestinationStatus) -> OfficeStatus:
    try:
        route = resolve_route(keyring, code)
    except NoRouteError:
        where = "no network route"
    else:
        where = f"via relay {route.server}" if route.via_relay(code) else \
            f"{route.address[0]}:{route.address[1]}"
    counts = delivery.states
    if delivery.last_error:
        state = "failing"
    elif counts.get(QUEUED) or counts.get(RELAYED):
        state = "waiting"
    elif counts.get(DELIVERED) or counts.get(REJECTED):
        state = "ok"
    else:
        state = "idle"
    return OfficeStatus(code, where, connections, state, counts, delivery.last_error)
