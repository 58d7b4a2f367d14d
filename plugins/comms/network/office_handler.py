"""What an office's server does with what other offices send it directly.

A package is spooled to disk (complete and flushed, see :mod:`.spool`), imported, its
spool file removed, and only then acknowledged with a receipt signed by this office. The
import decides ``imported``, ``duplicate`` (already received: a resend after a lost
receipt) or ``rejected`` with a reason code; the importer never raises for a bad package.
The receipt of an imported package is kept in the database, and a resend is answered with
those same bytes (:mod:`.given_receipts`). Packages left in the spool by a crash between
spooling and importing are imported at the next start (:meth:`OfficeHandler.recover`), so
the sender's resend then meets a duplicate and gets the receipt kept at that import.

Test-only hook: with the environment variable ``NCEN_TEST_HOLD_BEFORE_RECEIPT`` set, the
server stops for good once a package is imported and its receipt kept, before sending the
receipt, and logs ``holding the receipt``; a test kills the process there (SIGKILL) to
prove a resend gets the same receipt. Never set it in production: senders would wait.

A signed receipt pushed by another office (for a package this office sent it through a
relay or directly) is verified and handed to the outbox.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ncen_core.errors import NcenError

from ..atomic_file import sync_folder
from ..keys import OfficeKeys
from ..receipts import Receipt, ReceiptError, verify_receipt
from .frames import FrameType, ProtocolError
from .requests import PutHeader
from .server import Conversation
from .spool import receive_bytes, receive_file, remove_unfinished

log = logging.getLogger("ncen.network")
SPOOL_SUFFIX = ".ncenpkg"
HOLD_BEFORE_RECEIPT = "NCEN_TEST_HOLD_BEFORE_RECEIPT"
"""Test-only environment switch: stop after an import, before its receipt (module docs)."""
_ITEM_ID_LENGTH = 36


@dataclass(frozen=True)
class ImportOutcome:
    """How the import of one package ended, in receipt terms."""

    package_id: str
    status: str
    reason: str | None
    receipt: bytes
    """The receipt signed by this office (for a resend, the one kept at the import)."""


Importer = Callable[[Path, str, str], ImportOutcome]
"""Imports one spooled package file ``(path, sending office, announced package id)``;
never raises for a bad package."""

ReceiptSink = Callable[[Receipt, bytes], None]
"""Takes a verified receipt (and its signed bytes) for the outbox."""


class OfficeHandler:
    """Requests served by an office: packages to import, receipts for its outbox."""

    role = "office"

    def __init__(self, keys: OfficeKeys, spool: Path, importer: Importer,
                 on_receipt: ReceiptSink):
        self._keys = keys
        self._spool = spool
        self._importer = importer
        self._on_receipt = on_receipt
        self._import_lock = threading.Lock()
        self._hold_before_receipt = bool(os.environ.get(HOLD_BEFORE_RECEIPT))

    def handle(self, conversation: Conversation, frame_type: FrameType, payload: dict) -> None:
        if frame_type is not FrameType.PUT:
            raise ProtocolError("unexpected-frame", f"an office server does not answer "
                                f"{frame_type.name}; only a relay keeps mailboxes")
        header = PutHeader.parse(payload, conversation.limits)
        if header.to != self._keys.office:
            raise ProtocolError("not-for-this-office", f"this is office {self._keys.office}, "
                                f"not {header.to}")
        if header.kind == "package":
            self._take_package(conversation, header)
        else:
            self._take_receipt(conversation, header)

    def recover(self) -> list[ImportOutcome]:
        """Import the packages a crash left in the spool (their senders will resend), and
        remove what transfers it cut short left."""
        remove_unfinished(self._spool)
        outcomes = []
        for path in sorted(self._spool.glob(f"*{SPOOL_SUFFIX}")):
            name = path.name.removesuffix(SPOOL_SUFFIX)
            sender, item_id = name[:-_ITEM_ID_LENGTH - 1], name[-_ITEM_ID_LENGTH:]
            try:
                outcomes.append(self._import(path, sender, item_id))
            except NcenError as error:
                log.warning("spooled package %s not imported: %s", path.name, error)
        return outcomes

    def _take_package(self, conversation: Conversation, header: PutHeader) -> None:
        path = receive_file(
            conversation.sock, self._spool / f"{conversation.peer.code}-{header.item_id}"
            f"{SPOOL_SUFFIX}", size=header.size,
            max_frame=conversation.limits.max_frame)
        outcome = self._import(path, conversation.peer.code, header.item_id)
        log.info("package %s from %s: %s", header.item_id, conversation.peer.code,
                 outcome.status)
        if self._hold_before_receipt:
            log.warning("holding the receipt of package %s (%s is set)", header.item_id,
                        HOLD_BEFORE_RECEIPT)
            threading.Event().wait()
        conversation.replies.now(FrameType.RECEIPT, outcome.receipt)

    def _import(self, path: Path, sender: str, item_id: str) -> ImportOutcome:
        """Import a spooled file, then remove it (the import keeps what it must keep)."""
        with self._import_lock:
            try:
                return self._importer(path, sender, item_id)
            finally:
                path.unlink(missing_ok=True)
                sync_folder(path.parent)

    def _take_receipt(self, conversation: Conversation, header: PutHeader) -> None:
        data = receive_bytes(conversation.sock, size=header.size,
                             max_frame=conversation.limits.max_frame)
        try:
            receipt = verify_receipt(conversation.keyring, data)
        except ReceiptError as error:
            raise ProtocolError("bad-receipt", str(error)) from None
        if receipt.from_office != conversation.peer.code or receipt.to_office != self._keys.office:
            raise ProtocolError("bad-receipt", "the receipt is not from the connected office "
                                "to this one")
        self._on_receipt(receipt, data)
        conversation.replies.now(FrameType.STORED, {"id": header.item_id})
