"""The network channel's importer: the receiving side's :func:`import_package`, in receipt terms.

``imported`` and ``duplicate`` answer as such; ``quarantined`` is a permanent rejection
whose reason code goes into the receipt. ``pending`` (the keyring does not know the
signer's key yet) is not a verdict: no receipt is given, the sender's outbox retries later,
and by then :func:`~..receiving.importer.retry_pending` has imported the kept copy, so the
resend is answered ``duplicate``. Messages and receipt packages are applied by the same
kind handlers as for the file transport.

Every outcome comes with the receipt signed by this office. The receipt of an imported
package is kept right after the import commits (:mod:`.given_receipts`), and a resend
answered ``duplicate`` gets that kept receipt back, byte for byte. Each import closes its
thread's database connection afterwards, since server threads come and go with their
connections.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ncen_core.app import Ncen
from ncen_core.timeutil import utcnow

from ..file_transport.inbox import HANDLERS
from ..keyring import Keyring
from ..keys import OfficeKeys
from ..receipts import Receipt, sign_receipt
from ..receiving import importer
from .frames import ProtocolError
from .given_receipts import GivenReceipts
from .office_handler import Importer, ImportOutcome

ACTOR = "network"
_STATUS = {importer.IMPORTED: "imported", importer.DUPLICATE: "duplicate",
           importer.QUARANTINED: "rejected"}


def package_importer(ncen: Ncen, keys: OfficeKeys,
                     keyring: Callable[[], Keyring]) -> Importer:
    """An importer into ``ncen`` with the keyring current at each import."""
    given = GivenReceipts(ncen.database)

    def import_file(path: Path, sender: str, item_id: str) -> ImportOutcome:
        try:
            result = importer.import_package(ncen, keys, keyring(), path, actor=ACTOR,
                                             handlers=HANDLERS)
            if result.status not in _STATUS:
                raise ProtocolError("pending", f"the package is kept until the keyring names "
                                    f"its signer ({result.message}); send it again later")
            status = _STATUS[result.status]
            package_id = result.package_id or item_id
            reason = result.reason if result.status == importer.QUARANTINED else None
            return ImportOutcome(package_id, status, reason,
                                 _receipt(given, keys, package_id, sender, status, reason))
        finally:
            ncen.close()

    return import_file


def _receipt(given: GivenReceipts, keys: OfficeKeys, package_id: str, sender: str,
             status: str, reason: str | None) -> bytes:
    """The signed receipt for this outcome: the one kept when the package was imported."""
    if status == "duplicate" and (kept := given.kept(package_id, sender)) is not None:
        return kept
    signed = sign_receipt(keys, Receipt(package_id, keys.office, sender, status, reason,
                                        utcnow().replace(microsecond=0)))
    return given.keep(package_id, sender, signed) if status == "imported" else signed
