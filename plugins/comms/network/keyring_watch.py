"""Following the office's keyring file, so a new keyring takes effect without a restart.

``ncen keyring import`` replaces ``<data_dir>/keys/keyring.ncen`` (write-then-rename) only
after verifying it against the held one. The watcher notices the new file by its size and
modification time, reads and verifies it again, and hands it to every listener (the
server, which cuts connections no longer trusted, and the outbox worker). A file that does
not verify is ignored and the running keyring kept, with a warning in the log.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from ..keyring import Keyring, KeyringError
from ..keyring_store import keyring_path, load_keyring

log = logging.getLogger("ncen.network")


class KeyringWatch:
    """The current keyring of an office, reloaded when its file changes."""

    def __init__(self, data_dir: Path):
        self._data_dir = data_dir
        self._path = keyring_path(data_dir)
        self._lock = threading.Lock()
        self._keyring = load_keyring(data_dir).keyring
        self._stamp = self._read_stamp()
        self._listeners: list[Callable[[Keyring], object]] = []

    def current(self) -> Keyring:
        """The keyring in force now."""
        with self._lock:
            return self._keyring

    def on_change(self, listener: Callable[[Keyring], object]) -> None:
        """Call ``listener`` with each newer keyring."""
        self._listeners.append(listener)

    def check(self) -> bool:
        """Reload the file if it changed; True when a newer keyring took effect."""
        stamp = self._read_stamp()
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        try:
            keyring = load_keyring(self._data_dir).keyring
        except KeyringError as error:
            log.warning("the keyring file changed but cannot be used: %s", error)
            return False
        with self._lock:
            if keyring.serial <= self._keyring.serial:
                return False
            self._keyring = keyring
        log.info("keyring serial %d in force", keyring.serial)
        for listener in self._listeners:
            listener(keyring)
        return True

    def run(self, stop: threading.Event, interval: float) -> None:
        """Check every ``interval`` seconds until ``stop`` is set."""
        while not stop.wait(interval):
            self.check()

    def _read_stamp(self) -> tuple[int, int] | None:
        try:
            status = self._path.stat()
        except FileNotFoundError:
            return None
        return status.st_size, status.st_mtime_ns
