"""The ``PUT`` request header: what a client announces before it sends an item's bytes.

Checked before a single byte of the item is read, so an oversized package or a malformed
header is refused without spooling anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..keys import OFFICE_CODE
from ..receipts import MAX_RECEIPT_SIZE
from .frames import ProtocolError
from .limits import NetworkLimits

ITEM_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_FIELDS = {"kind", "to", "id", "size"}


@dataclass(frozen=True)
class PutHeader:
    """An announced item: a ``package`` or a signed ``receipt`` for office ``to``."""

    kind: str
    to: str
    item_id: str
    size: int

    @classmethod
    def parse(cls, value: dict[str, Any], limits: NetworkLimits) -> PutHeader:
        """Check the header against the protocol and ``limits``; raises :class:`ProtocolError`."""
        if set(value) != _FIELDS:
            raise ProtocolError("malformed", f"a PUT header holds exactly {sorted(_FIELDS)}")
        kind, to, item_id, size = (value[name] for name in ("kind", "to", "id", "size"))
        if kind not in ("package", "receipt"):
            raise ProtocolError("malformed", f"unknown item kind {str(kind)[:20]!r}")
        if not (isinstance(to, str) and OFFICE_CODE.fullmatch(to)
                and isinstance(item_id, str) and ITEM_ID.fullmatch(item_id)):
            raise ProtocolError("malformed", "a PUT header needs an office code and a "
                                "package id")
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ProtocolError("malformed", "a PUT header needs a size in bytes")
        cap = limits.max_package if kind == "package" else MAX_RECEIPT_SIZE
        if size > cap:
            raise ProtocolError("too-large", f"a {kind} of {size} bytes is larger than the "
                                f"{cap} accepted")
        return cls(kind, to, item_id, size)
