"""How many bytes each office may have waiting at a relay.

An office that stops collecting its mailbox must not fill the relay's disk for everyone.
The relay keeps, per recipient office, the bytes its mailbox holds plus the bytes of items
being received for it (reserved before the first byte is read, so pipelined pushes cannot
all pass the check together); a ``PUT`` that would go over the quota is refused before
anything is spooled, with a reason naming the office, its usage and the quota. An item
larger than the whole quota can never be stored (``over-quota``); otherwise the mailbox is
``mailbox-full`` until the recipient collects. The usage of an office is read from its
mailbox folder the first time it is needed (so a restarted relay counts what it kept) and
then kept up to date in memory.
"""

from __future__ import annotations

import re
import threading

from ncen_core.errors import NcenError

from .frames import ProtocolError
from .mailbox import Mailbox

DEFAULT_MAILBOX_QUOTA = 10 << 30
"""10 GiB per office: ten packages of the largest size allowed."""
_SIZE = re.compile(r"(\d+)\s*([KMGT]?)(?:i?B)?", re.IGNORECASE)
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


class QuotaSizeError(NcenError):
    """A quota is not a size such as ``500M`` or ``10G``."""


def parse_size(text: str) -> int:
    """Bytes from ``123``, ``500M``, ``10G`` or ``10GiB`` (binary units)."""
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise QuotaSizeError(f"mailbox quota {text!r}: expected a size such as 500M or 10G")
    return int(match.group(1)) * _UNITS[match.group(2).upper()]


class MailboxQuota:
    """Bytes held and reserved per recipient office, against one quota for each."""

    def __init__(self, mailbox: Mailbox, quota: int):
        self._mailbox = mailbox
        self.quota = quota
        self._lock = threading.Lock()
        self._used: dict[str, int] = {}

    def reserve(self, recipient: str, size: int) -> None:
        """Count ``size`` bytes for ``recipient`` or refuse them with a :class:`ProtocolError`."""
        if size > self.quota:
            raise ProtocolError("over-quota", f"an item of {size} bytes is larger than the "
                                f"mailbox quota of {self.quota} bytes per office at this "
                                "relay; it can never be stored here")
        with self._lock:
            used = self._usage(recipient)
            if used + size > self.quota:
                raise ProtocolError("mailbox-full", f"the mailbox of office {recipient} holds "
                                    f"{used} bytes and its quota is {self.quota}: an item of "
                                    f"{size} bytes waits until {recipient} collects its mail")
            self._used[recipient] = used + size

    def release(self, recipient: str, size: int) -> None:
        """Stop counting ``size`` bytes (an item deleted, replaced or never stored)."""
        with self._lock:
            self._used[recipient] = max(0, self._usage(recipient) - size)

    def used(self, recipient: str) -> int:
        """The bytes counted for ``recipient`` now."""
        with self._lock:
            return self._usage(recipient)

    def _usage(self, recipient: str) -> int:
        if recipient not in self._used:
            self._used[recipient] = sum(item.size for item in self._mailbox.waiting(recipient))
        return self._used[recipient]
