"""Receipts as packages: after an import, the receiving office tells the sender how it went.

A receipt travels like any package (kind ``receipt``, one part ``receipt.json`` holding the
fields of :class:`~..receipts.Receipt`), sealed to the sender and signed by the receiver,
so it is trusted exactly as far as its signer. Applying one marks the package in the sent
ledger; a receipt is only believed from the office the package was sent to, about a
package this office sent it. Receipts are never answered with receipts.
"""

from __future__ import annotations

from ncen_core import audit
from ncen_core.app import Ncen

from .. import wire
from ..package import OpenedPackage, PartSource
from ..package_errors import PackageRejected
from ..receipts import Receipt, ReceiptError
from .ledger import SentLedger

KIND = "receipt"
RECEIPT_PART = "receipt.json"


class ReceiptPayloadError(PackageRejected):
    """A receipt package does not hold one well-formed receipt from its signer to us."""

    reason = "receipt-payload"


def receipt_parts(receipt: Receipt) -> list[PartSource]:
    """The parts of a receipt package."""
    return [PartSource.from_bytes(RECEIPT_PART, wire.dumps_canonical(receipt.to_json()))]


def read_receipt_package(opened: OpenedPackage, me: str) -> Receipt:
    """The receipt a verified package carries, bound to its signer and to this office."""
    if set(opened.files) != {RECEIPT_PART}:
        raise ReceiptPayloadError(f"a receipt package holds exactly one part, {RECEIPT_PART}")
    with opened.open_part(RECEIPT_PART) as stream:
        raw = stream.read(4096 + 1)
    try:
        receipt = Receipt.from_json(wire.loads_strict(raw, RECEIPT_PART))
    except (wire.StrictJsonError, ReceiptError) as error:
        raise ReceiptPayloadError(f"{RECEIPT_PART}: {error}") from None
    sender = opened.manifest.sender.office
    if receipt.from_office != sender or receipt.to_office != me:
        raise ReceiptPayloadError(
            f"the receipt says it is from {receipt.from_office} to {receipt.to_office}, but "
            f"the package was signed by {sender} for {me}")
    return receipt


def apply_receipt_package(ncen: Ncen, opened: OpenedPackage, actor: str) -> dict[str, int]:
    """The importer's handler for kind ``receipt``: mark the sent package it is about."""
    receipt = read_receipt_package(opened, ncen.office_code)
    marked = SentLedger(ncen.database).apply_receipt(receipt)
    audit.append(ncen.system, actor, "receipt-received",
                 detail={"package_id": receipt.package_id, "from": receipt.from_office,
                         "status": receipt.status, "reason": receipt.reason,
                         "marked": marked})
    return {"receipts" if marked else "receipts about unknown packages": 1}
