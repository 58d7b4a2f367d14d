"""Signed receipts: the receiving office's word that a package reached it, and how it fared.

A sender marks a package delivered to an office only on a receipt that office signed, so a
receipt must be impossible to forge or alter in transit (through a relay, a USB stick or a
shared folder). It is canonical JSON (:mod:`.wire`)::

    {"key_id": "<signing key fingerprint>", "receipt": {...}, "signature": "<base64>"}

where ``receipt`` holds the fields of ``docs/exchange-payload.md`` (kind ``receipt``):
``package_id``, ``from`` (the receiving office, which signs), ``to`` (the sending office),
``status`` (``imported``, ``duplicate`` or ``rejected``), ``reason`` (a reason code, required
for ``rejected``) and ``at``. The Ed25519 signature covers ``ncen-receipt/1\\n`` followed by
the canonical bytes of ``receipt``, so a receipt cannot be replayed as any other signed
document. :func:`verify_receipt` checks the signature before it trusts any field, and that
the key belongs to the office named in ``from`` and was not revoked when the receipt was
made.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ncen_core.errors import NcenError

from . import wire
from .fingerprint import FINGERPRINT_PATTERN
from .keyring import Keyring, UnknownKeyError
from .keys import OFFICE_CODE, OfficeKeys

RECEIPT_CONTEXT = b"ncen-receipt/1\n"
RECEIPT_STATUSES = ("imported", "duplicate", "rejected")
MAX_RECEIPT_SIZE = 4096
REASON_CODE = re.compile(r"[a-z][a-z0-9_-]{0,63}")
_PACKAGE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_SIGNATURE_SIZE = 64
_OUTER_FIELDS = {"key_id", "receipt", "signature"}
_FIELDS = {"package_id", "from", "to", "status", "reason", "at"}


class ReceiptError(NcenError):
    """A receipt is malformed, forged, altered, or signed by a key that may not sign it."""


@dataclass(frozen=True)
class Receipt:
    """What the receiving office (``from_office``) says about one package of ``to_office``."""

    package_id: str
    from_office: str
    to_office: str
    status: str
    reason: str | None
    at: dt.datetime

    def __post_init__(self) -> None:
        if self.status not in RECEIPT_STATUSES:
            raise ReceiptError(f"receipt status {self.status!r} is not one of "
                               f"{', '.join(RECEIPT_STATUSES)}")
        if self.status == "rejected" and self.reason is None:
            raise ReceiptError("a receipt that rejects a package must give a reason code")
        if self.reason is not None and not REASON_CODE.fullmatch(self.reason):
            raise ReceiptError(f"receipt reason {self.reason[:40]!r} is not a reason code")

    @property
    def is_permanent_rejection(self) -> bool:
        """True when resending the same package can never succeed."""
        return self.status == "rejected"

    def to_json(self) -> dict[str, Any]:
        """The ``receipt.json`` object of ``docs/exchange-payload.md``."""
        return {"package_id": self.package_id, "from": self.from_office, "to": self.to_office,
                "status": self.status, "reason": self.reason, "at": wire.format_time(self.at)}

    @classmethod
    def from_json(cls, value: Any, what: str = "receipt") -> Receipt:
        """Parse a ``receipt.json`` object; raises :class:`ReceiptError`."""
        try:
            entry = wire.require_fields(value, _FIELDS, what)
            reason = entry["reason"]
            if reason is not None:
                wire.require_str(reason, f"{what}: reason", REASON_CODE)
            return cls(
                package_id=wire.require_str(entry["package_id"], f"{what}: package_id",
                                            _PACKAGE_ID),
                from_office=wire.require_str(entry["from"], f"{what}: from", OFFICE_CODE),
                to_office=wire.require_str(entry["to"], f"{what}: to", OFFICE_CODE),
                status=wire.require_str(entry["status"], f"{what}: status"),
                reason=reason,
                at=wire.parse_time(entry["at"], f"{what}: at"),
            )
        except wire.StrictJsonError as error:
            raise ReceiptError(str(error)) from None


def sign_receipt(keys: OfficeKeys, receipt: Receipt) -> bytes:
    """The signed receipt bytes; ``keys`` must be those of the receiving office."""
    if keys.office != receipt.from_office:
        raise ReceiptError(f"office {keys.office} cannot sign a receipt from "
                           f"{receipt.from_office}")
    body = receipt.to_json()
    signature = keys.sign(RECEIPT_CONTEXT + wire.dumps_canonical(body))
    return wire.dumps_canonical({"key_id": keys.signing_key_id, "receipt": body,
                                 "signature": wire.encode_b64(signature)})


def verify_receipt(keyring: Keyring, data: bytes) -> Receipt:
    """The receipt in ``data`` once its signature and signer are checked.

    Raises :class:`ReceiptError` naming what is wrong: size, encoding, unknown key, a
    signature that does not match (forged or altered), a key of another office than
    ``from``, or a key revoked before the receipt was made (any time, if compromised).
    """
    if len(data) > MAX_RECEIPT_SIZE:
        raise ReceiptError(f"the receipt is larger than {MAX_RECEIPT_SIZE} bytes")
    try:
        outer = wire.require_fields(wire.loads_strict(data, "receipt"), _OUTER_FIELDS,
                                    "receipt")
        key_id = wire.require_str(outer["key_id"], "receipt: key_id", FINGERPRINT_PATTERN)
        signature = wire.decode_b64(outer["signature"], _SIGNATURE_SIZE, "receipt: signature")
        signed = RECEIPT_CONTEXT + wire.dumps_canonical(outer["receipt"])
    except wire.StrictJsonError as error:
        raise ReceiptError(str(error)) from None
    try:
        signer = keyring.signer(key_id)
    except UnknownKeyError as error:
        raise ReceiptError(f"receipt signed by an unknown key: {error}") from None
    if not signer.verifies(signature, signed):
        raise ReceiptError("the receipt signature does not match (forged or altered)")
    receipt = Receipt.from_json(outer["receipt"])
    if signer.office != receipt.from_office:
        raise ReceiptError(f"the receipt claims to come from {receipt.from_office} but is "
                           f"signed by a key of {signer.office}")
    revocation = signer.revoked_for(receipt.at)
    if revocation is not None:
        raise ReceiptError(f"the receipt is signed by a key of {signer.office} revoked "
                           f"({revocation.reason}) on {wire.format_time(revocation.revoked_at)}")
    return receipt
