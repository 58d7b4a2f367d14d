"""The office's own copy of the keyring: ``<data_dir>/keys/keyring.ncen``.

The file is kept exactly as headquarters signed it and re-verified whenever it is read.
Its headquarters key is the pin for every later import, so after the first import (which
needs the fingerprint of the headquarters key, read over the telephone) an office accepts
only keyrings from the same headquarters key with a higher serial.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .atomic_file import write_atomically
from .keyring import KeyringError
from .keyring_file import SignedKeyring, read_signed_keyring, verify_keyring_file

KEYRING_RELATIVE_PATH = Path("keys") / "keyring.ncen"


class NoKeyringError(KeyringError):
    """No keyring has been imported in this office yet."""


@dataclass(frozen=True)
class KeyringImport:
    """What an import did: the keyring now held and the serial it replaced, if any."""

    current: SignedKeyring
    previous_serial: int | None
    changed: bool


def keyring_path(data_dir: Path) -> Path:
    """Where an office keeps its keyring."""
    return data_dir / KEYRING_RELATIVE_PATH


def load_keyring(data_dir: Path) -> SignedKeyring:
    """The keyring this office holds, verified again; raises :class:`NoKeyringError`."""
    path = keyring_path(data_dir)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NoKeyringError(
            f"no keyring has been imported ({path} does not exist); import the one from "
            "headquarters with 'ncen keyring import FILE --hq-fingerprint ...'") from None
    return read_signed_keyring(data, str(path))


def import_keyring(
    data_dir: Path, data: bytes, *, now: dt.datetime, hq_fingerprint: str | None = None
) -> KeyringImport:
    """Verify ``data`` against the held keyring and keep it if it is newer.

    ``hq_fingerprint`` pins the headquarters key; it is required the first time and, when
    given later, replaces the pin (the way to follow a change of headquarters key).
    """
    path = keyring_path(data_dir)
    held = load_keyring(data_dir) if path.exists() else None
    current = verify_keyring_file(data, now=now, pinned_hq_key_id=hq_fingerprint, held=held)
    changed = current is not held
    if changed:
        write_atomically(path, current.raw, mode=0o644)
    return KeyringImport(current, held.keyring.serial if held else None, changed)
