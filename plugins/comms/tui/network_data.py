"""What the network status screen shows: each office's route and delivery state, the
outbox queue item by item, and the relay mailbox when this installation runs one.

There is no live connection to watch (the outbox worker of ``ncen serve`` connects for
each pass), so an office's state is read from the outbox: ``failing`` when items wait
after a failed attempt (with the last error), ``waiting`` when items are queued or left
at a relay without a receipt yet, ``ok`` when everything sent has a receipt, ``idle``
when nothing was ever sent. The queue is paged by item id, oldest first, as the worker
sends it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee as pw

from ncen_core.record_service import RecordService

from ..keyring import Keyring
from ..network.cli import network_folder
from ..network.mailbox import Mailbox
from ..network.outbox import Outbox
from ..network.outbox_table import DELIVERED, QUEUED, REJECTED, RELAYED
from ..network.routes import NoRouteError, mailbox_relays, resolve_route
from .session_keys import held_keyring

PAGE = 50


@dataclass(frozen=True)
class OfficeStatus:
    """One office of the keyring as seen from this office's outbox."""

    code: str
    name: str
    route: str
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
    """Per office states, this office's relays and the relay mailbox held here."""

    offices: list[OfficeStatus]
    relays: list[str]
    mailbox: dict[str, int]


def network_overview(service: RecordService) -> NetworkOverview:
    """Read the keyring, the outbox per destination and the relay mailbox."""
    ncen = service.ncen
    keyring = held_keyring(service)
    Item = Outbox(ncen.database).Item
    counts: dict[str, dict[str, int]] = {}
    for destination, state, number in (Item.select(Item.destination, Item.state,
                                                    pw.fn.COUNT(Item.id))
                                       .group_by(Item.destination, Item.state).tuples()):
        counts.setdefault(destination, {})[state] = number
    offices = [_status(Item, keyring, office.code, office.name, counts.get(office.code, {}))
               for office in keyring.offices if office.code != ncen.office_code]
    mine = next((o for o in keyring.offices if o.code == ncen.office_code), None)
    relays = mailbox_relays(keyring, mine.code) if mine is not None else []
    mailbox = Mailbox(network_folder(ncen.config.data_dir) / "mailbox").counts()
    return NetworkOverview(offices, relays, mailbox)


def queue_page(service: RecordService, after_id: int = 0) -> list[QueueItem]:
    """The outbox items after ``after_id``, oldest first."""
    return [QueueItem(item.id, item.destination, item.kind, item.state, item.attempts,
                      item.next_attempt_at, item.last_error,
                      " ".join(p for p in (item.receipt_status, item.receipt_reason) if p))
            for item in Outbox(service.ncen.database).page(after_id, PAGE)]


def _status(Item: type[pw.Model], keyring: Keyring, code: str, name: str,
            counts: dict[str, int]) -> OfficeStatus:
    try:
        route = resolve_route(keyring, code)
    except NoRouteError:
        where = "no network route"
    else:
        where = f"via relay {route.server}" if route.via_relay(code) else \
            f"{route.address[0]}:{route.address[1]}"
    failed = (Item.select(Item.last_error)
              .where((Item.destination == code) & (Item.state == QUEUED)
                     & (Item.last_error != ""))
              .order_by(Item.updated_at.desc()).limit(1).scalar())
    if failed:
        state = "failing"
    elif counts.get(QUEUED) or counts.get(RELAYED):
        state = "waiting"
    elif counts.get(DELIVERED) or counts.get(REJECTED):
        state = "ok"
    else:
        state = "idle"
    return OfficeStatus(code, name, where, state, counts, failed or "")
