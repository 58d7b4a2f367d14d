"""Two offices for the receiving tests: FR-CDG sends, XA-TEST (the test installation)
receives. Packages are written by hand after docs/exchange-payload.md and sealed with
``seal_package``, so these tests depend on the contract, not on the sharing code."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exchange_world import World, make_world, seal_bytes
from ncen_testing import OFFICE

from ncen_core.app import Ncen
from ncen_core.storage import is_sqlite
from ncen_plugins.comms.keyring import Keyring
from ncen_plugins.comms.package_manifest import DEFAULT_LIMITS, Limits
from ncen_plugins.comms.receiving.importer import ImportResult, import_package
from ncen_plugins.comms.receiving.kept_files import QUARANTINE_FOLDER
from ncen_plugins.comms.receiving.tables import build_receiving_tables

SENDER = "FR-CDG"
THIRD = "NL-AMS"
IGNORED_BY_DUMP = ("ncen_audit", "ncen_meta", "comms_package_seen", "comms_quarantine",
                   "comms_pending", "comms_received_item")
"""Tables a refused package may change: the audit trail and the receiving bookkeeping."""


def record_line(uuid_: str | None = None, *, version: int = 1, origin: str = SENDER,
                record_type: str = "specimen", deleted: bool = False,
                **fields: Any) -> dict[str, Any]:
    """A specimen record line as a sender writes it."""
    return {
        "type": record_type, "uuid": uuid_ or str(uuid.uuid4()), "origin": origin,
        "version": version, "status": "submitted", "distribution": "group", "tlp": "AMBER",
        "legal_basis": "Naples II art. 9", "created_at": "2026-11-01T09:00:00.000000",
        "updated_at": f"2026-11-0{min(version, 9)}T10:00:00.000000", "deleted": deleted,
        "fields": {} if deleted else {"reference": "FR-1", **fields},
    }


def link_line(a: dict, b: dict, *, version: int = 1, origin: str = SENDER,
              uuid_: str | None = None, deleted: bool = False) -> dict[str, Any]:
    ends = [{"type": end["type"], "origin": end["origin"], "uuid": end["uuid"]} for end in (a, b)]
    return {"uuid": uuid_ or str(uuid.uuid4()), "origin": origin, "version": version,
            "a": ends[0], "b": ends[1], "role": "associate", "valid_from": "2026-01-01",
            "valid_to": None, "confidence": 80, "share_percent": None, "note": "seen together",
            "deleted": deleted}


def attachment_line(record: dict, data: bytes, *, version: int = 1, origin: str = SENDER,
                    uuid_: str | None = None, deleted: bool = False) -> dict[str, Any]:
    return {"uuid": uuid_ or str(uuid.uuid4()), "origin": origin, "version": version,
            "record": {"type": record["type"], "origin": record["origin"], "uuid": record["uuid"]},
            "sha256": hashlib.sha256(data).hexdigest(), "media_type": "image/png",
            "size": len(data), "category": "photo", "caption": "concealment", "deleted": deleted}


def png(colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(out, format="PNG")
    return out.getvalue()


def jsonl(lines: list[dict]) -> bytes:
    return b"".join(json.dumps(line).encode() + b"\n" for line in lines)


@dataclass
class Exchange:
    """The sending world and the receiving installation, with a folder for package files."""

    world: World
    keyring: Keyring
    ncen: Ncen
    folder: Path
    sent: list[Path] = field(default_factory=list)

    @property
    def sender(self):
        return self.world.offices[SENDER]

    @property
    def me(self):
        return self.world.offices[OFFICE]

    def seal(self, parts: dict[str, bytes], *, kind: str = "records", sender: str = SENDER,
             when: dt.datetime | None = None, to: tuple[str, ...] = (OFFICE,)) -> Path:
        """A package of ``parts`` from ``sender`` to ``to``, created at ``when`` (now)."""
        return self.file(seal_bytes(self.world.offices[sender], self.keyring, list(to), parts,
                                    kind=kind, when=when))

    def file(self, data: bytes) -> Path:
        """A package file holding exactly ``data`` (a sealed, damaged or forged package)."""
        path = self.folder / f"package-{len(self.sent):03d}.age"
        path.write_bytes(data)
        self.sent.append(path)
        return path

    def records(self, records: list[dict], *, links: list[dict] = (),
                attachments: list[tuple[dict, bytes]] = (), record_count: int | None = None,
                extra: dict[str, bytes] | None = None, sender: str = SENDER,
                **sealing: Any) -> Path:
        """A records package holding exactly these lines (and the blobs of attachments)."""
        parts = {
            "share.json": json.dumps({"payload": 1, "audience": {
                "kind": "group", "name": "EU", "legal_basis": "Naples II art. 9"},
                "record_count": len(records) if record_count is None else record_count}
            ).encode(),
            "records.jsonl": jsonl(records),
        }
        if links:
            parts["links.jsonl"] = jsonl(list(links))
        if attachments:
            parts["attachments.jsonl"] = jsonl([line for line, _ in attachments])
            for line, data in attachments:
                parts[f"blob-{line['sha256']}"] = data
        parts.update(extra or {})
        return self.seal(parts, sender=sender, **sealing)

    def withdrawal(self, *records: dict, version: int | None = None) -> Path:
        lines = [{"type": r["type"], "origin": r["origin"], "uuid": r["uuid"],
                  "version": r["version"] if version is None else version,
                  "reason": "audience narrowed"} for r in records]
        return self.seal({"withdrawals.jsonl": jsonl(lines)}, kind="withdrawal")

    def receive(self, path: Path, keyring: Keyring | None = None, *,
                limits: Limits = DEFAULT_LIMITS) -> ImportResult:
        return import_package(self.ncen, self.me, keyring or self.keyring, path,
                              actor="tester", limits=limits)


def make_exchange(ncen: Ncen, folder: Path) -> Exchange:
    folder.mkdir(parents=True, exist_ok=True)
    world = make_world(SENDER, OFFICE, THIRD)
    return Exchange(world, world.keyring(), ncen, folder)


def newer(line: dict, **fields: Any) -> dict:
    """The next version of a record line, with ``fields`` changed."""
    following = copy.deepcopy(line)
    following["version"] += 1
    following["updated_at"] = f"2026-11-0{min(following['version'], 9)}T10:00:00.000000"
    following["fields"].update(fields)
    return following


def dump(ncen: Ncen, ignored: tuple[str, ...] = IGNORED_BY_DUMP) -> dict[str, list[tuple]]:
    """Every row of every table except ``ignored``, sorted, for before/after comparisons."""
    database = ncen.database
    if is_sqlite(database):
        names = [row[0] for row in database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
    else:
        names = [row[0] for row in database.execute_sql(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()")]
    tables = {}
    for name in sorted(names):
        if name in ignored or name.startswith("sqlite_"):
            continue
        rows = database.execute_sql(f'SELECT * FROM "{name}"').fetchall()
        tables[name] = sorted((tuple(_plain(value) for value in row) for row in rows), key=repr)
    return tables


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def quarantine_rows(ncen: Ncen) -> list[Any]:
    tables = build_receiving_tables(ncen.database)
    return list(tables.Quarantine.select().order_by(tables.Quarantine.id))


def assert_quarantined(exchange: Exchange, path: Path, reason: str,
                       **receiving: Any) -> ImportResult:
    """Import ``path`` (with ``receiving``: keyring, limits): it must be quarantined for
    ``reason`` and change no table of records, links, attachments or indexes, and its file
    must be kept aside."""
    before = dump(exchange.ncen)
    result = exchange.receive(path, **receiving)
    assert (result.status, result.reason) == ("quarantined", reason), result.message
    assert dump(exchange.ncen) == before
    kept = quarantine_rows(exchange.ncen)[-1]
    assert kept.reason == reason
    folder = exchange.ncen.config.data_dir / QUARANTINE_FOLDER
    assert (folder / kept.stored_as).read_bytes() == path.read_bytes()
    return result
