"""Sealing a share plan into package files, and writing the non-nominal export.

Each package is sealed into a temporary file in the output folder, flushed to disk and
renamed to ``<package id>.ncen`` only when complete; then, in one transaction, the sent
ledger records which record version went to which office with which legal basis, and the
audit entry records the package, its recipients, the share's legal basis and counts. A
crash between the rename and the commit leaves a package the ledger does not know: the
next share sends those versions again, which receivers ignore as already held.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import BinaryIO

from ncen_core import audit
from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow

from ..atomic_file import write_streaming
from ..keyring import Keyring
from ..keys import OfficeKeys
from ..package import PartSource, seal_package
from . import ledger
from .errors import ShareError
from .ledger_tables import build_ledger_models
from .plan import PlannedPackage, SharePlan

PACKAGE_SUFFIX = ".ncen"


def check_sender(office: str, keys: OfficeKeys) -> None:
    """The keys must be ``office``'s: packages are signed as the origin of their records."""
    if keys.office != office:
        raise ShareError(f"the keystore is office {keys.office}'s, but the records are "
                         f"{office}'s; open this office's keystore")


def seal_share(plan: SharePlan, keys: OfficeKeys, keyring: Keyring, out_dir: Path,
               *, now: dt.datetime | None = None) -> list[Path]:
    """Seal every package of ``plan`` into ``out_dir``; returns the package files."""
    if plan.is_non_nominal:
        raise ShareError("a non-nominal plan is exported as a file, not sealed; "
                         "use export_non_nominal")
    check_sender(plan.office, keys)
    now = now or utcnow()
    keyring.check_usable(now)
    return [_seal_one(plan, package, keys, keyring, out_dir, now) for package in plan.packages]


def _seal_one(plan: SharePlan, package: PlannedPackage, keys: OfficeKeys, keyring: Keyring,
              out_dir: Path, now: dt.datetime) -> Path:
    package_id = str(uuid.uuid4())
    path = out_dir / f"{package_id}{PACKAGE_SUFFIX}"
    offices = [keyring.office(code) for code in package.recipients]
    parts = [PartSource.from_path(name, file) for name, file in package.part_files()]
    write_streaming(path, lambda out: seal_package(keys, offices, "records", parts, out,
                                                   now=now, package_id=package_id))
    audience = plan.audience
    with write_transaction(plan.ncen.database):
        ledger.record_package(
            build_ledger_models(plan.ncen.system.proxy), package_id=package_id,
            kind="records", audience_kind=audience.kind, audience_name=audience.name,
            legal_basis=audience.legal_basis, recipients=package.recipients,
            file_name=path.name, lines=package.ledger_lines(), username=plan.user.username)
        audit.append(plan.ncen.system, plan.user.username, "share", detail={
            "package_id": package_id, "audience": audience.kind, "name": audience.name,
            "legal_basis": audience.legal_basis, "recipients": list(package.recipients),
            "records": package.records, "with_personal_data": package.with_personal_data,
            "tombstones": package.tombstones,
            "links": package.links, "attachments": package.attachments, "file": path.name})
    return path


def export_non_nominal(plan: SharePlan, out_dir: Path, *, now: dt.datetime | None = None) -> Path:
    """Write the non-nominal export of ``plan`` to ``out_dir`` and audit it."""
    if not plan.is_non_nominal:
        raise ShareError("only a non-nominal plan is exported as a plain file")
    stamp = (now or utcnow()).strftime("%Y%m%dT%H%M%SZ")
    path = out_dir / f"non-nominal-{plan.office}-{stamp}.jsonl"

    def copy(out: BinaryIO) -> None:
        if plan.export_file.exists():
            with plan.export_file.open("rb") as source:
                while block := source.read(1 << 20):
                    out.write(block)

    write_streaming(path, copy, mode=0o644)
    with write_transaction(plan.ncen.database):
        audit.append(plan.ncen.system, plan.user.username, "export", detail={
            "profile": "non_nominal", "seizures": plan.export_count,
            "held_back": plan.held_back_count, "file": path.name})
    return path
