"""Reading what the receiving side keeps aside: quarantined and pending packages.

For the command line and the quarantine screen; pages by id, newest first, so a long
history never loads at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from ncen_core.app import Ncen

from ..package_errors import UnknownSigner
from .kept_files import PENDING_FOLDER, QUARANTINE_FOLDER
from .tables import build_receiving_tables


@dataclass(frozen=True)
class KeptPackage:
    """A package file kept aside, with why; ``package_id`` and ``sender`` are empty when
    the package was refused before its signed manifest could be trusted."""

    id: int
    path: Path
    original_name: str
    received_at: dt.datetime
    reason: str
    detail: str
    package_id: str = ""
    sender: str = ""


def quarantined(ncen: Ncen, *, before_id: int | None = None, limit: int = 50) -> list[KeptPackage]:
    """Quarantined packages, newest first, continuing before ``before_id``."""
    Quarantine = build_receiving_tables(ncen.database).Quarantine
    folder = ncen.config.data_dir / QUARANTINE_FOLDER
    return [KeptPackage(row.id, folder / row.stored_as, row.original_name, row.received_at,
                        row.reason, row.detail, row.package_id, row.sender)
            for row in _newest(Quarantine, before_id, limit)]


def pending(ncen: Ncen, *, before_id: int | None = None, limit: int = 50) -> list[KeptPackage]:
    """Packages waiting for a keyring that names their signer, newest first."""
    Pending = build_receiving_tables(ncen.database).Pending
    folder = ncen.config.data_dir / PENDING_FOLDER
    return [KeptPackage(row.id, folder / row.stored_as, row.original_name, row.received_at,
                        UnknownSigner.reason, row.detail)
            for row in _newest(Pending, before_id, limit)]


def _newest(model: type[pw.Model], before_id: int | None, limit: int) -> pw.ModelSelect:
    query = model.select().order_by(model.id.desc()).limit(limit)
    return query if before_id is None else query.where(model.id < before_id)
