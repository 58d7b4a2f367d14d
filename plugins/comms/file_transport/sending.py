"""Sending a package to offices through their routes, and noting it in the sent ledger.

One package is sealed once, to every destination office together, and the same file is
delivered into the route of each (a group message reaches every member in one package).
Sealing goes into a private temporary file first, so nothing appears in any route unless
the whole package could be sealed. A transport only needs ``deliver(path, name)``; the
``file`` transport copies the file under a temporary name and renames it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ncen_core import audit
from ncen_core.app import Ncen
from ncen_core.errors import NcenError
from ncen_core.storage import write_transaction

from ..keyring import Keyring, KeyringOffice
from ..keys import OfficeKeys
from ..package import PartSource, seal_package
from ..sharing.ledger_tables import build_ledger_models
from .ledger import SentLedger
from .names import PackageFileName
from .routes import open_transport, route_url


class NotSealedHereError(NcenError):
    """A file given to deliver is not a package this office's sharing sealed."""


@dataclass(frozen=True)
class Delivery:
    """Where one package was delivered, per office."""

    package_id: str
    kind: str
    files: dict[str, str]


def send_parts(ncen: Ncen, keys: OfficeKeys, keyring: Keyring, offices: Sequence[str],
               kind: str, parts: Iterable[PartSource], *,
               package_id: str | None = None) -> Delivery:
    """Seal ``parts`` as one package of ``kind`` to ``offices`` and deliver it to each.

    Routes are resolved before anything is sealed, so a missing route changes nothing.
    """
    recipients = [keyring.office(code) for code in offices]
    urls = {office.code: route_url(ncen.config, office.code) for office in recipients}
    package_id = package_id or str(uuid.uuid4())
    with _sealed_file(ncen, keys, recipients, kind, parts, package_id) as sealed:
        return deliver_sealed(ncen, sealed, urls, kind, package_id, sender=keys.office)


def deliver_shared(ncen: Ncen, paths: Sequence[Path], actor: str, *,
                   via: str | None = None) -> list[Delivery]:
    """Deliver packages that sharing sealed (``<package id>.ncen``, see ``ncen share``) to
    the offices its ledger names, through their routes or all through the URL ``via`` (a
    USB stick, say); every file and route is checked before any delivery, and each delivery
    is audited under ``actor``."""
    Sent = build_ledger_models(ncen.database).SentPackage
    plans = []
    for path in paths:
        row = Sent.get_or_none(Sent.package_id == path.name.removesuffix(".ncen"))
        if row is None:
            raise NotSealedHereError(f"{path}: not a package this office sealed (ncen share "
                                     "and ncen withdraw name their files <package id>.ncen)")
        offices = [code for code in row.recipients.split(",") if code]
        plans.append((path, row, {code: via or route_url(ncen.config, code)
                                  for code in offices}))
    deliveries = []
    for path, row, urls in plans:
        delivery = deliver_sealed(ncen, path, urls, row.kind, row.package_id,
                                  sender=ncen.office_code)
        with write_transaction(ncen.database):
            audit.append(ncen.system, actor, "package-deliver",
                         detail={"package_id": row.package_id, "kind": row.kind,
                                 "routes": urls})
        deliveries.append(delivery)
    return deliveries


def deliver_sealed(ncen: Ncen, sealed: Path, urls: dict[str, str], kind: str,
                   package_id: str, *, sender: str) -> Delivery:
    """Deliver an already sealed package file to each office's URL; note each in the ledger."""
    ledger = SentLedger(ncen.database)
    files = {}
    for office, url in urls.items():
        name = PackageFileName(sender, office, kind, package_id)
        open_transport(ncen, url).deliver(sealed, name)
        with write_transaction(ncen.database):
            ledger.record(package_id, office, kind, url, str(name))
        files[office] = str(name)
    return Delivery(package_id, kind, files)


@contextlib.contextmanager
def _sealed_file(ncen: Ncen, keys: OfficeKeys, recipients: list[KeyringOffice], kind: str,
                 parts: Iterable[PartSource], package_id: str) -> Iterator[Path]:
    """A package sealed into a private temporary file, deleted afterwards."""
    folder = ncen.config.data_dir / "tmp"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, name = tempfile.mkstemp(dir=folder, prefix="seal-", suffix=".tmp")
    path = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as out:
            seal_package(keys, recipients, kind, parts, out, package_id=package_id)
        yield path
    finally:
        path.unlink(missing_ok=True)
