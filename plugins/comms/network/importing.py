"""The network channel's importer: the receiving side's :func:`import_package`, in receipt terms.

``imported`` and ``duplicate`` answer as such; ``quarantined`` is a permanent rejection
whose reason code goes into the receipt. ``pending`` (the keyring does not know the
signer's key yet) is not a verdict: no receipt is given, the sender's outbox retries later,
and by then :func:`~..receiving.importer.retry_pending` has imported the kept copy, so the
resend is answered ``duplicate``. Messages and receipt packages are applied by the same
kind handlers as for the file transport. Each import closes its thread's database
connection afterwards, since server threads come and go with their connections.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ncen_core.app import Ncen

from ..file_transport.inbox import HANDLERS
from ..keyring import Keyring
from ..keys import OfficeKeys
from ..receiving import importer
from .frames import ProtocolError
from .office_handler import Importer, ImportOutcome

ACTOR = "network"
_STATUS = {importer.IMPORTED: "imported", importer.DUPLICATE: "duplicate",
           importer.QUARANTINED: "rejected"}


def package_importer(ncen: Ncen, keys: OfficeKeys,
                     keyring: Callable[[], Keyring]) -> Importer:
    """An importer into ``ncen`` with the keyring current at each import."""

    def import_file(path: Path) -> ImportOutcome:
        try:
            result = importer.import_package(ncen, keys, keyring(), path, actor=ACTOR,
                                             handlers=HANDLERS)
        finally:
            ncen.close()
        if result.status not in _STATUS:
            raise ProtocolError("pending", f"the package is kept until the keyring names its "
                                f"signer ({result.message}); send it again later")
        reason = result.reason if result.status == importer.QUARANTINED else None
        return ImportOutcome(result.package_id, _STATUS[result.status], reason)

    return import_file
