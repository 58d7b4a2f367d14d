"""Receiving through an inbox folder: import every complete package, answer with receipts.

For each complete package file, oldest first: the importer verifies and applies it (records
and withdrawals itself, messages and receipts through the handlers below) and commits;
then a receipt goes back to the sender through its route (``imported``, ``duplicate``, or
``rejected`` with the reason code); only then is the file moved, to ``done/``,
``quarantine/`` or ``pending/`` (signer not yet in the keyring: the importer keeps a copy
and retries it when a newer keyring names the signer). A crash at any point leaves the
file in the inbox, and the next scan recognises it as a duplicate.

A receipt is sent only to a sender whose signature was verified, never for a receipt, and
for a duplicate only when this office's record of received packages shows that package id
from the office the file name claims. A missing route to the sender does not stop the
scan: the import stands and the outcome says why no receipt went.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ncen_core.app import Ncen
from ncen_core.errors import NcenError
from ncen_core.timeutil import utcnow

from ..keyring import Keyring
from ..keys import OfficeKeys
from ..messages.receive import apply_message_package
from ..receipts import Receipt
from ..receiving import importer
from ..receiving.tables import build_receiving_tables
from .folder import DONE, PENDING, QUARANTINE, FileTransport
from .names import PackageFileName
from .receipt_packages import KIND as RECEIPT_KIND
from .receipt_packages import apply_receipt_package, receipt_parts
from .sending import send_parts

HANDLERS: dict[str, importer.KindHandler] = {
    "message": apply_message_package,
    RECEIPT_KIND: apply_receipt_package,
}
"""Kinds the importer hands to the messages and the file transport."""

_FOLDER_OF = {importer.IMPORTED: DONE, importer.DUPLICATE: DONE,
              importer.QUARANTINED: QUARANTINE, importer.PENDING: PENDING}
_RECEIPT_STATUS = {importer.IMPORTED: "imported", importer.DUPLICATE: "duplicate",
                   importer.QUARANTINED: "rejected"}


@dataclass(frozen=True)
class InboxOutcome:
    """What happened to one inbox file: the import, where the file went (None: another
    workstation moved it first), the receipt."""

    file_name: str
    result: importer.ImportResult
    moved_to: Path | None
    receipt: str


def receive_all(ncen: Ncen, keys: OfficeKeys, keyring: Keyring, inbox: FileTransport, *,
                actor: str = importer.DEFAULT_ACTOR,
                report: Callable[[InboxOutcome], None] | None = None) -> list[InboxOutcome]:
    """Import every complete package now in ``inbox``; ``report`` hears of each at once."""
    return receive_files(ncen, keys, keyring, inbox, inbox.waiting(), actor=actor,
                         report=report)


def receive_files(ncen: Ncen, keys: OfficeKeys, keyring: Keyring, inbox: FileTransport,
                  paths: list[Path], *, actor: str = importer.DEFAULT_ACTOR,
                  report: Callable[[InboxOutcome], None] | None = None) -> list[InboxOutcome]:
    """Import the package files ``paths`` of ``inbox``, in order.

    Several workstations of one office may scan the same inbox: a file another one has
    moved away meanwhile is skipped (its import and receipt are that workstation's).
    """
    outcomes = []
    for path in paths:
        try:
            result = importer.import_package(ncen, keys, keyring, path, actor=actor,
                                             handlers=HANDLERS)
        except importer.PackageFileError:
            if path.exists():
                raise
            continue
        receipt = _answer(ncen, keys, keyring, result, path.name)
        outcome = InboxOutcome(path.name, result,
                               inbox.settle(path, _FOLDER_OF[result.status]), receipt)
        if report is not None:
            report(outcome)
        outcomes.append(outcome)
    return outcomes


def retry_pending(ncen: Ncen, keys: OfficeKeys, keyring: Keyring, *,
                  actor: str = importer.DEFAULT_ACTOR,
                  ) -> list[tuple[importer.ImportResult, str]]:
    """Import again the packages waiting for their signer (the importer keeps the copies),
    answering each that is now imported or refused with a receipt: (result, receipt)."""
    return [(result, _answer(ncen, keys, keyring, result, ""))
            for result in importer.retry_pending(ncen, keys, keyring, actor=actor,
                                                 handlers=HANDLERS)]


def _answer(ncen: Ncen, keys: OfficeKeys, keyring: Keyring, result: importer.ImportResult,
            file_name: str) -> str:
    """Send the receipt the result calls for; says what was done."""
    about = _about(ncen, result, file_name)
    if about is None:
        return "no receipt"
    package_id, sender = about
    receipt = Receipt(package_id, keys.office, sender, _RECEIPT_STATUS[result.status],
                      result.reason if result.status == importer.QUARANTINED else None,
                      _now())
    try:
        send_parts(ncen, keys, keyring, [sender], RECEIPT_KIND, receipt_parts(receipt))
    except NcenError as error:
        return f"no receipt sent: {error}"
    return f"receipt ({receipt.status}) sent to {sender}"


def _about(ncen: Ncen, result: importer.ImportResult,
           file_name: str) -> tuple[str, str] | None:
    """(package id, verified sender) a receipt may be sent about, or None."""
    if result.kind == RECEIPT_KIND or result.status not in _RECEIPT_STATUS:
        return None
    if result.package_id and result.sender:
        return result.package_id, result.sender
    if result.status != importer.DUPLICATE:
        return None
    name = PackageFileName.parse(file_name)
    if name is None or name.kind == RECEIPT_KIND:
        return None
    Seen = build_receiving_tables(ncen.database).PackageSeen
    seen = Seen.get_or_none((Seen.package_id == name.package_id) & (Seen.sender == name.sender))
    if seen is None or seen.kind == RECEIPT_KIND:
        return None
    return name.package_id, name.sender


def _now() -> dt.datetime:
    return utcnow().replace(microsecond=0)
