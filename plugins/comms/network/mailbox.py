"""The relay's mailbox: opaque items kept on disk per recipient office until it confirms.

The relay stores packages it cannot read (they are encrypted to the recipients; the relay
holds no office's decryption key and never opens them) and the signed receipts offices
send back. Each item is one file, ``<root>/<recipient>/<id>.<kind>.<sender>``: what the
relay must remember about it is in its name, so storing an item costs one file flush and
one folder flush (see :func:`.spool.receive_file`), and an item exists only once complete,
renamed from a hidden temporary file. A relay restarted at any moment loses nothing it
acknowledged and shows nothing half-written (the hidden files of transfers a crash cut
short are removed at the next start). An item is deleted only when its recipient
confirms it has it. Items are handed out oldest first (by arrival time, then name).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..atomic_file import sync_folder
from ..keys import OFFICE_CODE
from .requests import ITEM_ID
from .spool import remove_unfinished

_NAME = re.compile(rf"({ITEM_ID.pattern})\.(package|receipt)\.({OFFICE_CODE.pattern.strip('^$')})")


@dataclass(frozen=True)
class MailboxItem:
    """One stored item waiting for ``recipient``."""

    recipient: str
    kind: str
    item_id: str
    sender: str
    size: int
    path: Path

    def header(self) -> dict[str, Any]:
        """The ``ITEM`` frame announcing this item."""
        return {"kind": self.kind, "id": self.item_id, "from": self.sender, "size": self.size}


class Mailbox:
    """Items per recipient office under ``root``."""

    def __init__(self, root: Path):
        self.root = root

    def path_for(self, recipient: str, kind: str, item_id: str, sender: str) -> Path:
        """Where an item goes (written there by :func:`.spool.receive_file`)."""
        return self.root / recipient / f"{item_id}.{kind}.{sender}"

    def next_for(self, recipient: str) -> MailboxItem | None:
        """The oldest complete item waiting for ``recipient``."""
        oldest = None
        for entry in self._entries(recipient):
            key = (entry.stat().st_mtime_ns, entry.name)
            if oldest is None or key < oldest[0]:
                oldest = (key, entry)
        return None if oldest is None else self._item(recipient, oldest[1])

    def waiting(self, recipient: str) -> list[MailboxItem]:
        """Every complete item waiting for ``recipient``."""
        return [self._item(recipient, entry) for entry in self._entries(recipient)]

    def counts(self) -> dict[str, int]:
        """How many items wait for each office: the relay's status."""
        if not self.root.is_dir():
            return {}
        return {folder.name: sum(1 for _ in self._entries(folder.name))
                for folder in sorted(self.root.iterdir()) if folder.is_dir()}

    def delete(self, recipient: str, kind: str, item_id: str) -> int:
        """Remove a confirmed item (from whichever sender); the bytes freed (0: none was
        there)."""
        freed, removed = 0, False
        for entry in self._entries(recipient):
            if entry.name.startswith(f"{item_id}.{kind}."):
                freed += entry.stat().st_size
                Path(entry.path).unlink(missing_ok=True)
                removed = True
        if removed:
            sync_folder(self.root / recipient)
        return freed

    def remove_unfinished(self) -> int:
        """Delete what transfers cut by a crash left (at start, before any transfer)."""
        if not self.root.is_dir():
            return 0
        return sum(remove_unfinished(folder) for folder in self.root.iterdir()
                   if folder.is_dir())

    def _entries(self, recipient: str):
        folder = self.root / recipient
        if not folder.is_dir():
            return
        with os.scandir(folder) as entries:
            for entry in entries:
                if _NAME.fullmatch(entry.name):
                    yield entry

    @staticmethod
    def _item(recipient: str, entry: os.DirEntry) -> MailboxItem:
        item_id, kind, sender = _NAME.fullmatch(entry.name).groups()
        return MailboxItem(recipient, kind, item_id, sender, entry.stat().st_size,
                           Path(entry.path))
