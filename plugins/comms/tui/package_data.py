"""A package file picked in the interface: checked like ``ncen package inspect``, then
imported like a file arriving in the inbox.

Checking applies every import rule except the replay check (so a package already imported
can be looked at again) and writes nothing: the officer sees who sent the package, to
whom, when, and what it holds before deciding to import it. The parts are decrypted into
a private folder under ``<data_dir>/tmp`` and deleted at once. Importing runs the
receiving side's :func:`import_package`, which never applies part of a package.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ncen_core.errors import NcenError
from ncen_core.record_service import RecordService
from ncen_core.roles import Permission, require

from ..file_transport.inbox import HANDLERS
from ..keyring_store import load_keyring
from ..keys import OfficeKeys
from ..package import open_package
from ..package_errors import PackageRejected
from ..package_manifest import ManifestPart
from ..receiving.importer import ImportResult, import_package


class PackageFileError(NcenError):
    """The file picked cannot be read as a package (missing, a folder, unreadable)."""


@dataclass(frozen=True)
class PackageSummary:
    """The verified manifest of a package, for showing before an import."""

    path: Path
    package_id: str
    kind: str
    format: int
    created_at: dt.datetime
    sender: str
    sender_key_id: str
    recipients: tuple[tuple[str, str, bool], ...]
    parts: tuple[ManifestPart, ...]
    total_size: int


def inspect_package_file(service: RecordService, keys: OfficeKeys, path: Path,
                         now: dt.datetime) -> PackageSummary:
    """Verify the package at ``path`` for this office (``keys``) and summarise its manifest.

    Raises :class:`PackageFileError` for a path that is not a readable file, and the
    rule's :class:`PackageRejected` (its message starting with the reason code) for a
    package this office would refuse.
    """
    require(service.user.role, Permission.READ_RECORDS)
    data_dir = service.ncen.config.data_dir
    if not path.is_file():
        raise PackageFileError(f"{path}: no such file")
    keyring = load_keyring(data_dir).keyring
    workdir = data_dir / "tmp"
    workdir.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        with path.open("rb") as src, open_package(src, keys, keyring, seen=lambda _: False,
                                                  now=now, workdir=workdir) as opened:
            manifest = opened.manifest
    except PackageRejected as error:
        raise type(error)(f"package refused ({error.reason}): {error}") from None
    except OSError as error:
        raise PackageFileError(f"{path}: cannot be read ({error.strerror})") from None
    return PackageSummary(
        path, manifest.package_id, manifest.kind, manifest.format, manifest.created_at,
        manifest.sender.office, manifest.sender.key_id,
        tuple((party.office, party.key_id, party.office == keys.office)
              for party in manifest.recipients),
        manifest.parts,
        manifest.total_size)


def import_package_file(service: RecordService, keys: OfficeKeys, path: Path) -> ImportResult:
    """Import the package at ``path`` as the inbox would (records, withdrawals, messages,
    receipts), audited under the user; a refused package is quarantined with its reason."""
    require(service.user.role, Permission.READ_RECORDS)
    keyring = load_keyring(service.ncen.config.data_dir).keyring
    return import_package(service.ncen, keys, keyring, path, actor=service.user.username,
                          handlers=HANDLERS)
