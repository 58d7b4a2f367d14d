"""The relay's mailbox: opaque items kept on disk per recipient office until it confirms.

The relay stores packages it cannot read (they are encrypted to the recipients; the relay
holds no office's decryption key and never opens them) and the signed receipts offices
send back. Layout: ``<root>/<office>/<id>.<kind>`` for the bytes and
``<id>.<kind>.json`` beside it for who sent it, its size, SHA-256 and arrival time. The
bytes are written and flushed first, the description last (write-then-rename), so an item
exists only once complete: a relay restarted at any moment loses nothing it acknowledged
and shows nothing half-written. An item is deleted only when its recipient confirms it
has it, description first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ncen_core.timeutil import utcnow

from .. import wire
from ..atomic_file import sync_folder, write_atomically

_META = ".json"


@dataclass(frozen=True)
class MailboxItem:
    """One stored item waiting for ``recipient``."""

    recipient: str
    kind: str
    item_id: str
    sender: str
    size: int
    sha256: str
    stored_at: str
    path: Path

    def header(self) -> dict[str, Any]:
        """The ``ITEM`` frame announcing this item."""
        return {"kind": self.kind, "id": self.item_id, "from": self.sender,
                "size": self.size, "sha256": self.sha256}


class Mailbox:
    """Items per recipient office under ``root``."""

    def __init__(self, root: Path):
        self.root = root

    def data_path(self, recipient: str, kind: str, item_id: str) -> Path:
        """Where the bytes of an item go (written by :func:`.spool.receive_file`)."""
        return self.root / recipient / f"{item_id}.{kind}"

    def commit(self, recipient: str, kind: str, item_id: str, sender: str, size: int,
               sha256: str) -> None:
        """Make an item whose bytes are durable visible, by writing its description."""
        meta = {"from": sender, "kind": kind, "id": item_id, "size": size, "sha256": sha256,
                "stored_at": wire.format_time(utcnow())}
        write_atomically(self._meta_path(recipient, kind, item_id), wire.dumps_canonical(meta))

    def next_for(self, recipient: str) -> MailboxItem | None:
        """The oldest complete item waiting for ``recipient``."""
        items = sorted(self.waiting(recipient), key=lambda item: (item.stored_at, item.item_id))
        return items[0] if items else None

    def waiting(self, recipient: str) -> list[MailboxItem]:
        """Every complete item waiting for ``recipient``."""
        folder = self.root / recipient
        if not folder.is_dir():
            return []
        items = []
        for meta_path in folder.glob(f"*{_META}"):
            meta = wire.loads_strict(meta_path.read_bytes(), str(meta_path))
            items.append(MailboxItem(recipient, meta["kind"], meta["id"], meta["from"],
                                     meta["size"], meta["sha256"], meta["stored_at"],
                                     self.data_path(recipient, meta["kind"], meta["id"])))
        return items

    def counts(self) -> dict[str, int]:
        """How many items wait for each office: the relay's status."""
        if not self.root.is_dir():
            return {}
        return {folder.name: len(list(folder.glob(f"*{_META}")))
                for folder in sorted(self.root.iterdir()) if folder.is_dir()}

    def delete(self, recipient: str, kind: str, item_id: str) -> bool:
        """Remove a confirmed item; False when there was none."""
        meta_path = self._meta_path(recipient, kind, item_id)
        if not meta_path.exists():
            return False
        meta_path.unlink()
        self.data_path(recipient, kind, item_id).unlink(missing_ok=True)
        sync_folder(meta_path.parent)
        return True

    def _meta_path(self, recipient: str, kind: str, item_id: str) -> Path:
        return self.root / recipient / f"{item_id}.{kind}{_META}"
