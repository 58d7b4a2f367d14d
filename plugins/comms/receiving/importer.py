"""Importing a received package file: the one entry point of the transports and the CLI.

:func:`import_package` runs every import rule and never raises for a bad package: it
answers with an :class:`ImportResult` whose status is

- ``imported``: every rule passed and the package was applied in one transaction;
- ``duplicate``: a package with this id was already imported; nothing changed;
- ``quarantined``: a rule failed; nothing was applied, a copy of the file is kept in
  ``<data_dir>/exchange/quarantine/`` with the rule's reason code. Importing the file again
  runs the rules again, so a package refused for a reason this office has since fixed (a
  record type or code list value it lacked) imports then; one refused for the sender's
  fault is refused again, and the second refusal changes nothing;
- ``pending``: the keyring does not know the signer yet; the file is kept in
  ``<data_dir>/exchange/pending/`` and :func:`retry_pending` imports it once a newer
  keyring names the signer.

It raises only for what is not the package's fault, as :class:`~ncen_core.errors.NcenError`
subclasses: an unreadable file, an expired keyring (the package stays where it is), or
the database being busy. Keeping the same bad file twice changes nothing the second time.
After the commit, plugins hear of every applied record through ``record_saved`` with
``change="received"``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from ncen_core import audit
from ncen_core.app import Ncen
from ncen_core.errors import NcenError
from ncen_core.record_store import load_records, select_rows
from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow

from ..keyring import Keyring
from ..keys import OfficeKeys
from ..package import OpenedPackage, open_package
from ..package_errors import PackageRejected, ReplayedPackage, UnknownSigner
from ..package_manifest import DEFAULT_LIMITS, Limits, Manifest
from .apply import Outcome, PackageApplier
from .contents import PARTS_OF_KIND, PackageContents
from .kept_files import PENDING_FOLDER, QUARANTINE_FOLDER, file_sha256, keep_copy, remove_copy
from .payload_errors import UnsupportedKind
from .tables import ReceivingTables, build_receiving_tables

IMPORTED, DUPLICATE, QUARANTINED, PENDING = "imported", "duplicate", "quarantined", "pending"
DEFAULT_ACTOR = "exchange"
_ANNOUNCE_BATCH = 500

KindHandler = Callable[[Ncen, OpenedPackage, str], Mapping[str, int]]
"""Applies a package of another kind (messages, receipts) inside the import transaction:
``(ncen, opened package, actor) -> counts``; raises PackageRejected to quarantine it."""


class PackageFileError(NcenError):
    """The package file cannot be read (missing, a folder, no permission)."""


class WrongOfficeKeysError(NcenError):
    """The keys given are another office's than the database's."""


@dataclass(frozen=True)
class ImportResult:
    """What importing one package file did."""

    status: str
    reason: str | None
    message: str
    package_id: str | None = None
    sender: str | None = None
    kind: str | None = None
    counts: Mapping[str, int] = field(default_factory=dict)
    dropped_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def import_package(
    ncen: Ncen,
    keys: OfficeKeys,
    keyring: Keyring,
    path: Path,
    *,
    actor: str = DEFAULT_ACTOR,
    now: dt.datetime | None = None,
    limits: Limits = DEFAULT_LIMITS,
    handlers: Mapping[str, KindHandler] | None = None,
) -> ImportResult:
    """Verify and apply the package file at ``path`` for this office (``keys``).

    ``actor`` names who imports in the audit trail; ``handlers`` apply kinds other than
    ``records`` and ``withdrawal`` (a package of a kind without a handler is quarantined).
    """
    if keys.office != ncen.office_code:
        raise WrongOfficeKeysError(
            f"the keystore holds the keys of office {keys.office}, but this database belongs "
            f"to office {ncen.office_code}; nothing was imported")
    now = now or utcnow()
    tables = build_receiving_tables(ncen.database)
    workdir = ncen.config.data_dir / "tmp"
    workdir.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        src = path.open("rb")
    except OSError as error:
        raise PackageFileError(f"cannot read the package {path}: {error.strerror}") from None
    with src:
        try:
            opened = open_package(src, keys, keyring, seen=lambda pid: _seen(tables, pid),
                                  now=now, limits=limits, workdir=workdir)
        except ReplayedPackage as error:
            return ImportResult(DUPLICATE, error.reason, str(error))
        except UnknownSigner as error:
            return _keep_pending(ncen, tables, path, error, now, actor)
        except PackageRejected as error:
            return _quarantine(ncen, tables, path, error, now, actor, None)
    with opened:
        return _apply(ncen, tables, opened, path, now, actor, handlers or {})


def retry_pending(
    ncen: Ncen,
    keys: OfficeKeys,
    keyring: Keyring,
    *,
    actor: str = DEFAULT_ACTOR,
    now: dt.datetime | None = None,
    limits: Limits = DEFAULT_LIMITS,
    handlers: Mapping[str, KindHandler] | None = None,
) -> list[ImportResult]:
    """Import again every package waiting for its signer; those still unknown stay."""
    tables = build_receiving_tables(ncen.database)
    Pending = tables.Pending
    folder = ncen.config.data_dir / PENDING_FOLDER
    results = []
    last_id = 0
    while (row := Pending.select().where(Pending.id > last_id).order_by(Pending.id).first()):
        last_id = row.id
        result = import_package(ncen, keys, keyring, folder / row.stored_as, actor=actor,
                                now=now, limits=limits, handlers=handlers)
        if result.status != PENDING:
            with write_transaction(ncen.database):
                Pending.delete().where(Pending.id == row.id).execute()
            remove_copy(folder, row.stored_as)
        results.append(result)
    return results


def _seen(tables: ReceivingTables, package_id: str) -> bool:
    """True once a package with this id was imported (a quarantined one may come again)."""
    Seen = tables.PackageSeen
    return Seen.select().where((Seen.package_id == package_id)
                               & (Seen.status == IMPORTED)).exists()


def _mark_seen(tables: ReceivingTables, manifest: Manifest, now: dt.datetime, status: str,
               reason: str, detail: str) -> None:
    Seen = tables.PackageSeen
    row = {"sender": manifest.sender.office, "kind": manifest.kind, "received_at": now,
           "status": status, "reason": reason, "detail": detail}
    if Seen.update(**row).where(Seen.package_id == manifest.package_id).execute() == 0:
        Seen.insert(package_id=manifest.package_id, **row).execute()


def _apply(ncen: Ncen, tables: ReceivingTables, opened: OpenedPackage, path: Path,
           now: dt.datetime, actor: str, handlers: Mapping[str, KindHandler]) -> ImportResult:
    manifest = opened.manifest
    try:
        contents = _checked_contents(ncen, opened, handlers)
        with write_transaction(ncen.database):
            if _seen(tables, manifest.package_id):
                raise ReplayedPackage(f"package {manifest.package_id} was imported meanwhile")
            outcome = _apply_contents(ncen, tables, opened, contents, now, actor, handlers)
            dropped = {name: sorted(fields) for name, fields in outcome.dropped_fields.items()}
            detail = {"counts": dict(outcome.counts), "dropped_fields": dropped}
            _mark_seen(tables, manifest, now, IMPORTED, "", json.dumps(detail, sort_keys=True))
            audit.append(ncen.system, actor, "package-import",
                         detail={"package": manifest.package_id, "sender": manifest.sender.office,
                                 "kind": manifest.kind, **detail})
    except ReplayedPackage as error:
        return ImportResult(DUPLICATE, error.reason, str(error), manifest.package_id)
    except PackageRejected as error:
        return _quarantine(ncen, tables, path, error, now, actor, manifest)
    except pw.IntegrityError:
        if not _seen(tables, manifest.package_id):
            raise
        return ImportResult(DUPLICATE, ReplayedPackage.reason,
                            f"package {manifest.package_id} was imported meanwhile",
                            manifest.package_id)
    _announce(ncen, outcome.saved)
    return ImportResult(IMPORTED, None, _summary(manifest, outcome), manifest.package_id,
                        manifest.sender.office, manifest.kind, dict(outcome.counts),
                        {name: tuple(fields) for name, fields in dropped.items()})


def _checked_contents(ncen: Ncen, opened: OpenedPackage,
                      handlers: Mapping[str, KindHandler]) -> PackageContents | None:
    """The first pass, before the write lock is taken; None for a kind with a handler."""
    kind = opened.manifest.kind
    if kind in handlers:
        return None
    if kind not in PARTS_OF_KIND:
        raise UnsupportedKind(f"this office has no importer for packages of kind {kind}")
    contents = PackageContents(ncen, opened)
    contents.check()
    return contents


def _apply_contents(ncen: Ncen, tables: ReceivingTables, opened: OpenedPackage,
                    contents: PackageContents | None, now: dt.datetime, actor: str,
                    handlers: Mapping[str, KindHandler]) -> Outcome:
    if contents is None:
        outcome = Outcome()
        outcome.counts.update(handlers[opened.manifest.kind](ncen, opened, actor))
        return outcome
    return PackageApplier(ncen, tables, contents, actor, now).apply()


def _quarantine(ncen: Ncen, tables: ReceivingTables, path: Path, error: PackageRejected,
                now: dt.datetime, actor: str, manifest: Manifest | None) -> ImportResult:
    sha256 = file_sha256(path)
    Quarantine = tables.Quarantine
    known = {"package_id": manifest.package_id, "sender": manifest.sender.office,
                 "kind": manifest.kind} if manifest else {}
    result = ImportResult(QUARANTINED, error.reason, str(error), **known)
    if Quarantine.select().where(Quarantine.file_sha256 == sha256).exists():
        return result
    stored_as = keep_copy(path, ncen.config.data_dir / QUARANTINE_FOLDER, sha256)
    with write_transaction(ncen.database):
        Quarantine.insert(file_sha256=sha256, stored_as=stored_as, original_name=path.name[:200],
                          package_id=known.get("package_id", ""),
                          sender=known.get("sender", ""), received_at=now,
                          reason=error.reason, detail=str(error)).execute()
        if manifest is not None:
            _mark_seen(tables, manifest, now, QUARANTINED, error.reason, str(error))
        audit.append(ncen.system, actor, "package-quarantine",
                     detail={"reason": error.reason, "file_sha256": sha256, **known})
    return result


def _keep_pending(ncen: Ncen, tables: ReceivingTables, path: Path, error: UnknownSigner,
                  now: dt.datetime, actor: str) -> ImportResult:
    sha256 = file_sha256(path)
    Pending = tables.Pending
    if not Pending.select().where(Pending.file_sha256 == sha256).exists():
        stored_as = keep_copy(path, ncen.config.data_dir / PENDING_FOLDER, sha256)
        with write_transaction(ncen.database):
            Pending.insert(file_sha256=sha256, stored_as=stored_as,
                           original_name=path.name[:200], received_at=now,
                           detail=str(error)).execute()
            audit.append(ncen.system, actor, "package-pending",
                         detail={"reason": error.reason, "file_sha256": sha256})
    return ImportResult(PENDING, error.reason, str(error))


def _announce(ncen: Ncen, saved: Iterable[tuple[str, int]]) -> None:
    """Tell plugins of every applied record, read back in batches after the commit."""
    by_type: dict[str, list[int]] = {}
    for record_type, record_id in saved:
        by_type.setdefault(record_type, []).append(record_id)
    for record_type, ids in by_type.items():
        models = ncen.models_for(record_type)
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), _ANNOUNCE_BATCH):
            batch = unique[start:start + _ANNOUNCE_BATCH]
            rows = select_rows(models).where(models.main.id.in_(batch))
            for record in load_records(models, rows):
                ncen.plugins.hook.record_saved(record=record, change="received", ncen=ncen)


def _summary(manifest: Manifest, outcome: Outcome) -> str:
    counts = ", ".join(f"{count} {name}" for name, count in sorted(outcome.counts.items()))
    return (f"package {manifest.package_id} ({manifest.kind}) from {manifest.sender.office} "
            f"imported: {counts or 'nothing to apply'}")
