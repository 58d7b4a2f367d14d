"""``ncen serve --relay``: the headquarters store-and-forward mailbox.

Offices behind NAT or on intermittent links connect out to the relay: they ``PUT``
packages (and signed receipts) for other offices, and ``PULL`` what waits for them, each
item then ``CONFIRM``-ed so the relay deletes it. The relay authenticates every office by
its pinned certificate like any server, accepts items only for offices the keyring lists
as active, refuses a receipt whose signer is not the connected office (so offices cannot
put words in each other's mouths), and acknowledges an item with ``STORED`` only once it
is durable in the :class:`~.mailbox.Mailbox` (flushes run in parallel, answers keep
their order, and the renames answered together share one flush of their folder: see
:mod:`.replies`). It never opens a package. Each office's mailbox has a quota of bytes
(:mod:`.quota`), so an office that stops collecting cannot fill the relay's disk.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path

from .. import wire
from ..atomic_file import write_atomically
from ..keyring import Keyring
from ..receipts import ReceiptError, verify_receipt
from .frames import FrameType, ProtocolError, frame_bytes
from .mailbox import Mailbox
from .quota import DEFAULT_MAILBOX_QUOTA, MailboxQuota
from .requests import ITEM_ID, PutHeader
from .server import Conversation
from .spool import receive_bytes, receive_unflushed, send_file, settle
from .trust import trusted_offices

log = logging.getLogger("ncen.network")


class RelayHandler:
    """Requests served by a relay: store, hand out and delete mailbox items."""

    role = "relay"

    def __init__(self, mailbox: Mailbox, *, quota: int = DEFAULT_MAILBOX_QUOTA):
        """Made as the relay starts: what transfers cut by a crash left is removed."""
        mailbox.remove_unfinished()
        self.mailbox = mailbox
        self.quota = MailboxQuota(mailbox, quota)
        self._active: tuple[Keyring, frozenset[str]] | None = None

    def _active_offices(self, keyring: Keyring) -> frozenset[str]:
        """The offices ``keyring`` lists as active, worked out once per keyring (not per item)."""
        cached = self._active
        if cached is None or cached[0] is not keyring:
            cached = (keyring, frozenset(office.code
                                         for office in trusted_offices(keyring).values()))
            self._active = cached
        return cached[1]

    def handle(self, conversation: Conversation, frame_type: FrameType, payload: dict) -> None:
        if frame_type is FrameType.PUT:
            self._store(conversation, PutHeader.parse(payload, conversation.limits))
        elif frame_type is FrameType.PULL:
            self._hand_out(conversation)
        else:
            self._confirm(conversation, payload)

    def _store(self, conversation: Conversation, header: PutHeader) -> None:
        if header.to not in self._active_offices(conversation.keyring):
            raise ProtocolError("unknown-recipient", f"office {header.to} is not an active "
                                "office of the keyring")
        sender = conversation.peer.code
        destination = self.mailbox.path_for(header.to, header.kind, header.item_id, sender)
        self._reserve(conversation, header)
        try:
            if header.kind == "receipt":
                data = receive_bytes(conversation.sock, size=header.size,
                                     max_frame=conversation.limits.max_frame)
                self._check_receipt(data, conversation, header)
                store = functools.partial(write_atomically, destination, data)
                folder = None
            else:
                temporary = receive_unflushed(conversation.sock, destination, size=header.size,
                                              max_frame=conversation.limits.max_frame)
                store = functools.partial(settle, temporary, destination)
                folder = destination.parent
        except BaseException:
            self.quota.release(header.to, header.size)
            raise
        conversation.replies.after(functools.partial(self._counted, store, destination,
                                                     header.to, header.size),
                                   FrameType.STORED, {"id": header.item_id}, folder=folder)
        log.info("relay: stored %s %s from %s for %s", header.kind, header.item_id, sender,
                 header.to)

    def _reserve(self, conversation: Conversation, header: PutHeader) -> None:
        """Count the item against its recipient's quota; a refusal comes after the answers
        of every item before it, so the client knows which item was refused."""
        try:
            self.quota.reserve(header.to, header.size)
        except ProtocolError:
            conversation.replies.send_held()
            raise

    def _counted(self, store: Callable[[], None], destination: Path, recipient: str,
                 size: int) -> None:
        """Run ``store`` (which puts an item of ``size`` bytes at ``destination``) keeping
        the quota right: an item it replaces (a resend) no longer counts, nor does an
        item that could not be stored."""
        try:
            replaced = destination.stat().st_size
        except FileNotFoundError:
            replaced = 0
        try:
            store()
        except BaseException:
            self.quota.release(recipient, size)
            raise
        if replaced:
            self.quota.release(recipient, replaced)

    def _check_receipt(self, data: bytes, conversation: Conversation,
                       header: PutHeader) -> None:
        try:
            receipt = verify_receipt(conversation.keyring, data)
        except ReceiptError as error:
            raise ProtocolError("bad-receipt", str(error)) from None
        if receipt.from_office != conversation.peer.code or receipt.to_office != header.to:
            raise ProtocolError("bad-receipt", "a receipt must be signed by the connected "
                                "office and addressed to the office it is stored for")

    def _hand_out(self, conversation: Conversation) -> None:
        item = self.mailbox.next_for(conversation.peer.code)
        if item is None:
            conversation.replies.now(FrameType.NONE, {})
            return
        conversation.replies.send_held()
        send_file(conversation.sock, item.path, conversation.limits.max_frame,
                  before=frame_bytes(FrameType.ITEM, wire.dumps_canonical(item.header())))

    def _confirm(self, conversation: Conversation, payload: dict) -> None:
        kind, item_id = payload.get("kind"), payload.get("id")
        if kind not in ("package", "receipt") or not isinstance(item_id, str) \
                or not ITEM_ID.fullmatch(item_id):
            raise ProtocolError("malformed", "CONFIRM needs the kind and id of an item")
        self.quota.release(conversation.peer.code,
                           self.mailbox.delete(conversation.peer.code, kind, item_id))
        conversation.replies.now(FrameType.CONFIRMED, {"id": item_id})
