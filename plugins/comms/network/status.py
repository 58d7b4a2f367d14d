"""What a running ``ncen serve`` reports about itself, for the TUI and for operators.

The server runs in its own process (often under systemd), so it writes its state every few
seconds to ``<data_dir>/network/status.json`` (write-then-rename): role, office, address,
keyring serial, the open connections per office, and for a relay how many items wait per
office. :func:`read_status` gives it back, with ``running`` false once the file is older
than three reporting periods (the server stopped or hangs).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ncen_core.timeutil import utcnow

from .. import wire
from ..atomic_file import write_atomically

STATUS_FILE = "status.json"
REPORT_SECONDS = 5.0


@dataclass(frozen=True)
class ServerStatus:
    """A snapshot of a running server."""

    office: str
    role: str
    address: str
    keyring_serial: int
    connections: tuple[dict[str, str], ...] = ()
    mailbox: dict[str, int] = field(default_factory=dict)
    updated_at: dt.datetime = field(default_factory=lambda: utcnow().replace(microsecond=0))
    running: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"office": self.office, "role": self.role, "address": self.address,
                "keyring_serial": self.keyring_serial, "connections": list(self.connections),
                "mailbox": dict(self.mailbox), "updated_at": wire.format_time(self.updated_at)}


def status_path(network_folder: Path) -> Path:
    """Where the server of this installation reports."""
    return network_folder / STATUS_FILE


def write_status(network_folder: Path, status: ServerStatus) -> None:
    """Replace the status file with ``status``."""
    write_atomically(status_path(network_folder), wire.dumps_canonical(status.to_json()),
                     mode=0o644)


def read_status(network_folder: Path, now: dt.datetime | None = None) -> ServerStatus | None:
    """The last status reported, or None when no server ever ran here."""
    try:
        document = wire.loads_strict(status_path(network_folder).read_bytes(), STATUS_FILE)
    except (FileNotFoundError, wire.StrictJsonError):
        return None
    updated = wire.parse_time(document["updated_at"], "updated_at")
    fresh = (now or utcnow()) - updated <= dt.timedelta(seconds=3 * REPORT_SECONDS)
    return ServerStatus(document["office"], document["role"], document["address"],
                        document["keyring_serial"], tuple(document["connections"]),
                        document["mailbox"], updated, fresh)


def report_until(stop: threading.Event, network_folder: Path,
                 snapshot: Callable[[], ServerStatus]) -> None:
    """Write ``snapshot()`` every :data:`REPORT_SECONDS` until ``stop`` is set."""
    while not stop.wait(REPORT_SECONDS):
        write_status(network_folder, snapshot())
