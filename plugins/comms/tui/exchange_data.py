"""What the exchange screen lists, a page at a time: received and sent messages, received
packages, quarantined packages, and packages sent by file with their receipt state.

Every list is read newest first and continued by key (the last row of a page is where the
next one starts), never by offset, so a busy office's years of packages scroll as fast
as a new office's few. Texts from other offices (subjects, reasons) are returned as they
are; the screen shows them literally.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ncen_core.record_service import RecordService

from ..file_transport.ledger import DeliveryState, SentLedger
from ..messages.service import MessageService
from ..receiving.tables import build_receiving_tables

PAGE = 50


@dataclass(frozen=True)
class ListRow:
    """One line of a list: its key, its cells, and where the next page starts after it."""

    key: str
    cells: tuple[str, ...]
    after: Any
    unread: bool = False


def _time(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else ""


def inbox_rows(service: RecordService, after: Any = None) -> list[ListRow]:
    """Received messages; unread ones are flagged."""
    messages = MessageService(service).inbox(after_id=after, limit=PAGE)
    return [ListRow(m.message_id, ("●" if m.unread else "", m.sender_office, m.subject,
                                   _time(m.sent_at)), m.id, m.unread) for m in messages]


def sent_rows(service: RecordService, after: Any = None) -> list[ListRow]:
    """Messages this office wrote."""
    messages = MessageService(service).sent(after_id=after, limit=PAGE)
    return [ListRow(m.message_id, (f"{m.to_kind} {m.to_name}", m.author, m.subject,
                                   _time(m.sent_at)), m.id) for m in messages]


def package_rows(service: RecordService, after: Any = None) -> list[ListRow]:
    """Packages received (those that passed the envelope checks), with their outcome."""
    Seen = build_receiving_tables(service.ncen.database).PackageSeen
    query = Seen.select().order_by(Seen.received_at.desc(), Seen.package_id.desc())
    if after is not None:
        at, package_id = after
        query = query.where((Seen.received_at < at)
                            | ((Seen.received_at == at) & (Seen.package_id < package_id)))
    return [ListRow(row.package_id, (_time(row.received_at), row.sender, row.kind,
                                     row.status, row.reason or ""),
                    (row.received_at, row.package_id)) for row in query.limit(PAGE)]


def quarantine_rows(service: RecordService, after: Any = None) -> list[ListRow]:
    """Packages refused, with the rule's reason code and what it said."""
    Quarantine = build_receiving_tables(service.ncen.database).Quarantine
    query = Quarantine.select().order_by(Quarantine.id.desc())
    if after is not None:
        query = query.where(Quarantine.id < after)
    return [ListRow(str(row.id), (_time(row.received_at), row.sender or "?", row.reason,
                                  row.detail, row.original_name), row.id)
            for row in query.limit(PAGE)]


def delivery_rows(service: RecordService, after: Any = None) -> list[ListRow]:
    """Packages written to other offices' routes, and what their receipts said."""
    states: list[DeliveryState] = SentLedger(service.ncen.database).page(after=after,
                                                                          limit=PAGE)
    return [ListRow(f"{s.package_id}:{s.office}", (_time(s.sent_at), s.office, s.kind,
                                                   s.status, s.reason or "",
                                                   _time(s.receipt_at)), s)
            for s in states]


def unread_messages(service: RecordService) -> int:
    """How many received messages nobody has opened yet (for the home screen)."""
    return MessageService(service).unread_count()


@dataclass(frozen=True)
class ExchangeList:
    """One tab of the exchange screen; ``columns`` are (label, width) for 80 columns."""

    id: str
    title: str
    columns: tuple[tuple[str, int], ...]
    rows: Callable[[RecordService, Any], list[ListRow]]


LISTS = (
    ExchangeList("exchange-inbox", "Inbox",
                 (("", 1), ("From", 9), ("Subject", 44), ("Sent", 16)), inbox_rows),
    ExchangeList("exchange-sent", "Sent",
                 (("To", 16), ("By", 10), ("Subject", 28), ("Sent", 16)), sent_rows),
    ExchangeList("exchange-packages", "Received",
                 (("Received", 16), ("From", 9), ("Kind", 10), ("Outcome", 11),
                  ("Reason", 20)), package_rows),
    ExchangeList("exchange-quarantine", "Quarantine",
                 (("Received", 16), ("From", 9), ("Reason", 16), ("Detail", 18),
                  ("File", 10)), quarantine_rows),
    ExchangeList("exchange-outbox", "Sent by file",
                 (("Sent", 16), ("To", 9), ("Kind", 8), ("Receipt", 9), ("Reason", 10),
                  ("Receipt at", 16)), delivery_rows),
)
