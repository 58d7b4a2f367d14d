"""The outbox: what this office still has to deliver over the network, and how it went.

States: ``queued`` (waiting for its next attempt), ``relayed`` (durably in a relay's
mailbox; waiting for the recipient's receipt), ``delivered`` (a valid receipt said
``imported`` or ``duplicate``; a receipt item once the other side stored it) and
``rejected`` (a valid receipt refused it for good, with the reason). Only a receipt signed
by the destination office moves a package to ``delivered`` or ``rejected``, and nothing
ever moves it back, so a package is never sent again to an office after a valid receipt.

Failed attempts wait ``base * 2**(attempts-1)`` seconds, capped, times a random factor in
[0.5, 1) (jitter, so offices cut off together do not all come back at the same second).
Everything is in the database, so a restarted worker carries on where it stopped.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

import peewee as pw

from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow

from ..receipts import Receipt
from .outbox_table import DELIVERED, QUEUED, REJECTED, RELAYED, build_outbox_model

PAGE = 100


@dataclass(frozen=True)
class Backoff:
    """How long to wait after a failed attempt."""

    base: float = 5.0
    cap: float = 3600.0

    def delay(self, attempts: int, rng: random.Random) -> dt.timedelta:
        """The wait after the ``attempts``-th failure, with jitter."""
        seconds = min(self.cap, self.base * 2 ** max(0, attempts - 1))
        return dt.timedelta(seconds=seconds * (0.5 + rng.random() / 2))


@dataclass
class DestinationStatus:
    """How delivery to one office stands."""

    office: str
    states: dict[str, int] = field(default_factory=dict)
    last_error: str = ""
    failing_since: dt.datetime | None = None


class Outbox:
    """The outbox table of one database."""

    def __init__(self, database: pw.Database, *, backoff: Backoff = Backoff(),
                 rng: random.Random | None = None):
        self._database = database
        self.Item = build_outbox_model(database)
        self._backoff = backoff
        self._rng = rng or random.Random()

    def enqueue(self, package_id: str, destination: str, path: str,
                kind: str = "package") -> bool:
        """Queue an item for ``destination``; False when it was already queued or sent."""
        Item = self.Item
        with write_transaction(self._database):
            if Item.select().where((Item.package_id == package_id) & (Item.kind == kind)
                                   & (Item.destination == destination)).exists():
                return False
            Item.insert(package_id=package_id, kind=kind, destination=destination,
                        path=path).execute()
        return True

    def due(self, now: dt.datetime | None = None) -> Iterator[pw.Model]:
        """Queued items whose next attempt has come, oldest first, a page at a time."""
        now = now or utcnow()
        after = 0
        while True:
            page = list(self.Item.select()
                        .where((self.Item.state == QUEUED) & (self.Item.next_attempt_at <= now)
                               & (self.Item.id > after))
                        .order_by(self.Item.id).limit(PAGE))
            yield from page
            if len(page) < PAGE:
                return
            after = page[-1].id

    def begin_attempt(self, item_id: int, now: dt.datetime | None = None) -> None:
        """Count an attempt before it is made, so a crash during it still counts."""
        with write_transaction(self._database):
            (self.Item.update(attempts=self.Item.attempts + 1, updated_at=now or utcnow())
             .where(self.Item.id == item_id).execute())

    def record_failure(self, item_id: int, error: str, now: dt.datetime | None = None) -> None:
        """Keep why an attempt failed and schedule the next one."""
        now = now or utcnow()
        with write_transaction(self._database):
            item = self.Item.get_by_id(item_id)
            delay = self._backoff.delay(item.attempts, self._rng)
            (self.Item.update(last_error=error[:500], updated_at=now,
                              next_attempt_at=now + delay)
             .where((self.Item.id == item_id) & (self.Item.state == QUEUED)).execute())

    def record_stored(self, item_id: int, now: dt.datetime | None = None) -> None:
        """A relay (or the destination) stored the item: a package now waits for its receipt."""
        now = now or utcnow()
        with write_transaction(self._database):
            item = self.Item.get_by_id(item_id)
            state = RELAYED if item.kind == "package" else DELIVERED
            (self.Item.update(state=state, last_error="", updated_at=now)
             .where((self.Item.id == item_id) & (self.Item.state == QUEUED)).execute())

    def apply_receipt(self, receipt: Receipt, signed: bytes) -> bool:
        """Settle the package a verified receipt is about; False when nothing was waiting.

        ``receipt`` must already be verified (:func:`..receipts.verify_receipt`): its signer
        is the destination office.
        """
        state = REJECTED if receipt.is_permanent_rejection else DELIVERED
        with write_transaction(self._database):
            changed = (self.Item.update(state=state, receipt_status=receipt.status,
                                        receipt_reason=receipt.reason,
                                        receipt=signed.decode("utf-8"), last_error="",
                                        updated_at=utcnow())
                       .where((self.Item.package_id == receipt.package_id)
                              & (self.Item.kind == "package")
                              & (self.Item.destination == receipt.from_office)
                              & (self.Item.state.in_([QUEUED, RELAYED])))
                       .execute())
        return bool(changed)

    def settled_file(self, package_id: str, path: str) -> bool:
        """True when the package file ``path`` was queued and every item sending it is
        settled (delivered or rejected): nothing will ever read that file again."""
        Item = self.Item
        sending = Item.select(Item.state).where((Item.package_id == package_id)
                                                & (Item.kind == "package") & (Item.path == path))
        states = {row.state for row in sending}
        return bool(states) and not states & {QUEUED, RELAYED}

    def page(self, after_id: int = 0, limit: int = PAGE) -> list[pw.Model]:
        """Items after ``after_id``, by id: for ``ncen outbox`` and the status screen."""
        return list(self.Item.select().where(self.Item.id > after_id)
                    .order_by(self.Item.id).limit(limit))

    def destinations(self) -> list[DestinationStatus]:
        """Per destination office: items in each state and the last failure still pending.

        Two aggregate queries, whatever the size of the outbox: the TUI's view of how each
        office can be reached.
        """
        Item = self.Item
        summary: dict[str, DestinationStatus] = {}
        for office, state, count in (Item.select(Item.destination, Item.state,
                                                 pw.fn.COUNT(Item.id))
                                     .group_by(Item.destination, Item.state).tuples()):
            summary.setdefault(office, DestinationStatus(office)).states[state] = count
        failing = (Item.select(Item.destination, pw.fn.MAX(Item.updated_at).alias("at"))
                   .where((Item.state == QUEUED) & (Item.last_error != ""))
                   .group_by(Item.destination))
        for row in (Item.select(Item.destination, Item.last_error, Item.updated_at)
                    .join(failing, on=((Item.destination == failing.c.destination)
                                       & (Item.updated_at == failing.c.at)))
                    .where((Item.state == QUEUED) & (Item.last_error != ""))):
            status = summary[row.destination]
            status.last_error, status.failing_since = row.last_error, row.updated_at
        return sorted(summary.values(), key=lambda status: status.office)

    def counts(self) -> dict[str, int]:
        """How many items are in each state."""
        rows = (self.Item.select(self.Item.state, pw.fn.COUNT(self.Item.id).alias("n"))
                .group_by(self.Item.state).tuples())
        return dict(rows)
