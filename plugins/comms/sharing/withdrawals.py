"""Withdrawals: telling offices to delete records whose audience was narrowed.

An office holds a record under the audience it was sent to (:mod:`.ledger`). The record
is withdrawn from it when that audience no longer allows it: its distribution became
``local``, its TLP rose beyond the audience (:mod:`.rules`), or, for a group share, the
office left the group in the keyring. A revoked office cannot be sent anything, so it gets
no withdrawal. Deleted records are not withdrawn: their tombstone travels with the next
share instead.

Each office due withdrawals gets one ``withdrawal`` package whose ``withdrawals.jsonl``
names type, origin, uuid, current version and the reason; the ledger then marks the
record withdrawn at that version, so it is shared again only at a higher version.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
import uuid as uuid_module
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ncen_core import audit
from ncen_core.app import Ncen
from ncen_core.record_service import RecordService
from ncen_core.roles import Permission, require
from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow

from ..atomic_file import write_streaming
from ..keyring import Keyring, UnknownKeyError
from ..keys import OfficeKeys
from ..package import PartSource, seal_package
from . import ledger, lines, rules
from .ledger_tables import build_ledger_models
from .plan import read_lines
from .seal import PACKAGE_SUFFIX, check_sender

BATCH = 500
WITHDRAWALS = "withdrawals.jsonl"


@dataclass(frozen=True)
class Withdrawal:
    """One record to withdraw from one office, at the record's current version."""

    office: str
    record_type: str
    origin: str
    uuid: str
    version: int
    reason: str


def withdrawals_due(ncen: Ncen, keyring: Keyring) -> Iterator[Withdrawal]:
    """Every withdrawal due now, by office, record type and uuid."""
    models = build_ledger_models(ncen.system.proxy)
    office = ncen.office_code
    batch = []
    for row in ledger.held_rows(models):
        batch.append(row)
        if len(batch) == BATCH:
            yield from _judge(ncen, keyring, office, batch)
            batch = []
    yield from _judge(ncen, keyring, office, batch)


def _judge(ncen: Ncen, keyring: Keyring, office: str, rows: list) -> Iterator[Withdrawal]:
    current = {}
    for record_type in {row.record_type for row in rows}:
        if record_type not in ncen.record_models:
            continue
        main = ncen.record_models[record_type].main
        uuids = [row.record_uuid for row in rows if row.record_type == record_type]
        query = (main.select(main.uuid, main.version, main.distribution, main.tlp, main.deleted)
                 .where((main.origin == office) & main.uuid.in_(uuids)).tuples())
        current.update({(record_type, uuid): (version, distribution, tlp, deleted)
                        for uuid, version, distribution, tlp, deleted in query})
    for row in rows:
        found = current.get((row.record_type, row.record_uuid))
        if found is None or found[3] or not _reachable(keyring, row.office):
            continue
        version, distribution, tlp, _ = found
        reason = _reason(keyring, row, distribution, tlp)
        if reason is not None:
            yield Withdrawal(row.office, row.record_type, office, row.record_uuid, version,
                             reason)


def _reachable(keyring: Keyring, code: str) -> bool:
    try:
        return keyring.is_active(keyring.office(code))
    except UnknownKeyError:
        return False


def _reason(keyring: Keyring, row, distribution: str, tlp: str) -> str | None:
    if distribution == "local":
        return "distribution narrowed to local"
    if not rules.allows(distribution, tlp, row.audience_kind):
        return (f"distribution {distribution}, TLP:{tlp} no longer reaches "
                f"{rules.AUDIENCE_WORDS[row.audience_kind]}")
    if row.audience_kind == "group":
        try:
            members = {member.code for member in keyring.members(row.audience_name)}
        except UnknownKeyError:
            members = set()
        if row.office not in members:
            return f"office {row.office} is no longer in group {row.audience_name}"
    return None


def seal_withdrawals(service: RecordService, keys: OfficeKeys, keyring: Keyring,
                     out_dir: Path, *, now: dt.datetime | None = None) -> list[Path]:
    """Seal one withdrawal package per office that is due withdrawals; returns the files."""
    require(service.user.role, Permission.EXPORT_REPORTS)
    ncen = service.ncen
    check_sender(ncen.office_code, keys)
    now = now or utcnow()
    keyring.check_usable(now)
    with tempfile.TemporaryDirectory(prefix="ncen-withdraw-") as scratch:
        files: dict[str, Path] = {}
        with contextlib.ExitStack() as open_files:
            handles: dict[str, IO[str]] = {}
            for due in withdrawals_due(ncen, keyring):
                if due.office not in handles:
                    files[due.office] = Path(scratch) / f"{due.office}.jsonl"
                    handles[due.office] = open_files.enter_context(
                        files[due.office].open("w", encoding="utf-8"))
                handles[due.office].write(lines.dumps({
                    "type": due.record_type, "origin": due.origin, "uuid": due.uuid,
                    "version": due.version, "reason": due.reason}) + "\n")
        return [_seal_office(service, keys, keyring, office, path, out_dir, now)
                for office, path in sorted(files.items())]


def _seal_office(service: RecordService, keys: OfficeKeys, keyring: Keyring, office: str,
                 part: Path, out_dir: Path, now: dt.datetime) -> Path:
    package_id = str(uuid_module.uuid4())
    path = out_dir / f"{package_id}{PACKAGE_SUFFIX}"
    write_streaming(path, lambda out: seal_package(
        keys, [keyring.office(office)], "withdrawal", [PartSource.from_path(WITHDRAWALS, part)],
        out, now=now, package_id=package_id))
    sent = (ledger.SentLine(line["type"], line["uuid"], line["version"], "withdrawal")
            for line in read_lines(part))
    ncen = service.ncen
    with write_transaction(ncen.database):
        count = ledger.record_package(
            build_ledger_models(ncen.system.proxy), package_id=package_id, kind="withdrawal",
            audience_kind="office", audience_name=office, legal_basis="", recipients=[office],
            file_name=path.name, lines=sent, username=service.user.username)
        audit.append(ncen.system, service.user.username, "withdraw", detail={
            "package_id": package_id, "office": office, "records": count,
            "file": path.name})
    return path

